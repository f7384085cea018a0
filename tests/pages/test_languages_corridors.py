"""The corridor pages (Routes map, Corridor profile, Corridor comparison) in French, Spanish and Thai: they run
without exception, and their numbers, months and country names are written the way each language writes them
(the catalogues may still be empty: the words can be English, the formats must not be)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from i18n import _, use_language
from transforms.corridors import NOT_COVERED, FlowRef, blank_reason, flow_label
from transforms.flows import MeasureMismatchError, check_same_measure, measure_name

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
ROUTES, PROFILE, COMPARISON = "pages/7_Routes_map.py", "pages/8_Corridor_profile.py", "pages/9_Corridor_comparison.py"
NARROW_NBSP = "\u202f"  # French groups thousands with a narrow no-break space
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def run_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def chart_specs(at: AppTest) -> str:
    return " ".join(chart.proto.spec for chart in at.get("plotly_chart"))


def test_routes_map_in_french_groups_thousands_the_french_way():
    at = run_page(ROUTES, lang="fr")
    assert not at.exception
    labels = [link.label for link in at.main.get("page_link")]
    assert f"Central Mediterranean (25{NARROW_NBSP}653 morts et disparus)" in labels
    assert f"25{NARROW_NBSP}653" in texts(at.caption)


def test_routes_map_in_spanish_and_thai_run():
    at = run_page(ROUTES, lang="es")
    assert not at.exception
    assert "Central Mediterranean (25.653 muertos y desaparecidos)" in [link.label for link in at.main.get("page_link")]
    at = run_page(ROUTES, lang="th")
    assert not at.exception and len(at.get("deck_gl_json_chart")) == 1


def test_corridor_profile_in_thai_writes_thai_months_and_names_countries_in_thai():
    at = run_page(PROFILE, corridor="central_med", lang="th")
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 9
    specs = chart_specs(at)
    assert any(month in specs for month in THAI_MONTHS), "the crossings' hover text names months in Thai"
    assert "2567" not in specs  # the Gregorian year, never the Buddhist era
    assert "ลิเบีย" in texts(at.markdown)  # Libya, a transit country, in Thai (CLDR)


def test_corridor_profile_in_french_names_countries_in_french():
    at = run_page(PROFILE, corridor="central_med", lang="fr")
    assert not at.exception
    markdown = texts(at.markdown)
    assert "Libye" in markdown and "Italie" in markdown
    assert "Méditerranée" in markdown or "Mediterranean" in markdown  # the region, through region_name


def test_corridor_comparison_in_thai_and_french_runs_and_formats_ratios():
    at = run_page(COMPARISON, year="2023", lang="th")
    assert not at.exception and len(at.get("plotly_chart")) == 2
    at = run_page(COMPARISON, year="2023", lang="fr")
    assert not at.exception
    table = next(frame.value for frame in at.dataframe)
    ratios = [value for value in table.iloc[:, 7] if any(ch.isdigit() for ch in str(value))]
    assert ratios and all("," in value and "." not in value for value in ratios)  # French decimal comma


@pytest.mark.parametrize("lang", ["fr", "es", "th"])
def test_corridor_transforms_hold_together_in_every_language(lang):
    use_language(lang)
    assert blank_reason("") == ""
    assert blank_reason(_(NOT_COVERED, year=2024), 2024) == _("year not covered")
    assert flow_label(FlowRef("frontex_ibc", "Central Mediterranean Route", "Sea"), "detections", "detections",
                      "Frontex").startswith("Frontex")
    assert measure_name("not in the glossary") == "not in the glossary"
    arrivals = pd.DataFrame({"measure": ["arrivals"], "unit": ["people"]})
    detections = pd.DataFrame({"measure": ["detections"], "unit": ["detections"]})
    with pytest.raises(MeasureMismatchError):
        check_same_measure([arrivals, detections])
