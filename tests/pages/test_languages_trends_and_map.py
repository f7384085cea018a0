"""The Trends and Incident map pages, and their period labels, in Thai and French: the pages run without an
exception, and months, numbers and country names are written the locale's way."""

from __future__ import annotations

import json

import pandas as pd

import i18n
from tests.pages.test_pages import run_page
from transforms.periods import dead_missing_by_period, month_label, short_month

NARROW_NBSP = "\u202f"


def page_text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_trends_in_thai_runs_with_thai_months():
    at = run_page("pages/3_Trends.py", lang="th", grain="month", **{"from": "2015-01", "to": "2016-12"})
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    specs = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "ม.ค. 2015" in specs  # January 2015 on the monthly charts' labels, with the Gregorian year
    assert "ม.ค. 2558" not in specs  # never the Buddhist-era year
    assert "(1 พฤษภาคม ค.ศ. 2015)" in page_text(at)  # the events list's date: 1 May 2015 (Andaman Sea crisis)


def test_trends_in_french_groups_thousands_with_a_narrow_space():
    at = run_page("pages/3_Trends.py", lang="fr")
    assert not at.exception
    assert any(NARROW_NBSP in c.value for c in at.caption)  # "25 633" in the summaries


def test_incident_map_in_thai_runs_and_formats_its_tooltips():
    at = run_page("pages/2_Incident_map.py", lang="th", months="on", subregion="South-eastern Asia",
                  **{"from": "2014-01", "to": "2016-12"})
    assert not at.exception
    tips = " ".join(point["tip"] for deck in at.get("deck_gl_json_chart")
                    for layer in json.loads(deck.proto.json)["layers"] if isinstance(layer.get("data"), list)
                    for point in layer["data"])
    assert "31 ธ.ค. 2014" in tips  # a Thai month in a point's date, with the Gregorian year
    assert "เมียนมา (พม่า)" in tips  # Myanmar, as CLDR names it in Thai
    assert " 2557" not in tips and " 2558" not in tips
    specs = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "มกราคม 2014" in specs  # the animation's slider: January 2014


def test_incident_map_in_french_writes_numbers_and_countries_the_french_way():
    at = run_page("pages/2_Incident_map.py", lang="fr")
    assert not at.exception
    text = page_text(at)
    assert NARROW_NBSP in text  # "19 493 incidents match..." and the summaries
    assert "Libye" in text  # Libya, the country of incident with the most dead and missing, named by CLDR


def test_period_labels_follow_the_language():
    months = ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06")
    i18n.use_language("en")
    try:
        assert month_label("2024-05") == "May 2024" and short_month("2024-05") == "May 24"
        assert dead_missing_by_period(_no_rows(), "quarter", months)["label"].tolist() == ["Q1 2024", "Q2 2024"]
        assert dead_missing_by_period(_no_rows(), "month", months)["label"].tolist()[4] == "May 2024"
        i18n.use_language("fr")
        assert month_label("2024-05") == "mai 2024" and short_month("2024-05") == "mai 24"
        assert dead_missing_by_period(_no_rows(), "quarter", months)["label"].tolist() == ["T1 2024", "T2 2024"]
        i18n.use_language("th")
        assert month_label("2024-05") == "พฤษภาคม 2024"
        assert dead_missing_by_period(_no_rows(), "month", months)["label"].tolist()[4] == "พ.ค. 2024"
        assert dead_missing_by_period(_no_rows(), "year", months)["label"].tolist() == ["2024"]
    finally:
        i18n.use_language("en")


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "dead": [], "missing": [], "dead_missing": [],
                         "main_id": []})
