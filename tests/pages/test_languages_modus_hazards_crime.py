"""The Modus operandi, Hazards and Crime markets pages in Thai and French: each renders without an exception, and
its numbers, months and country names are the reader's locale's (the catalogues may still be empty: English text,
local formats). Also the translation tables of these pages' modules (aspects, indicators, flag labels)."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from i18n import use_language
from loaders.modus_operandi import ASPECT_LABELS
from tests.pages.test_pages import run_page
from transforms.crime_index import INDICATOR_LABELS
from transforms.modus_operandi import ASPECT_MESSAGES
from transforms.quality import FLAG_KINDS, handling_label, low_quality_note, quality_flag_summary

MODUS, HAZARDS, CRIME = "pages/10_Modus_operandi.py", "pages/11_Hazards.py", "pages/12_Crime_markets.py"
THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
NARROW_NBSP = "\u202f"  # French grouping: 12 345


def page_text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def chart_json(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_modus_operandi_in_thai_and_french():
    thai = run_page(MODUS, lang="th")
    assert not thai.exception and len(thai.get("plotly_chart")) == 2
    assert thai.selectbox(key="ctl_corridor").value == "central_med"
    french = run_page(MODUS, lang="fr", corridor="English Channel")
    assert not french.exception
    # Fees in the thousands are grouped the French way in the fee chart's hover.
    fees = chart_json(french)[1]
    hovers = [h for trace in fees["data"] for h in trace.get("hovertext") or []]
    assert any(NARROW_NBSP in h for h in hovers)


def test_hazards_in_thai_names_months_in_thai():
    at = run_page(HAZARDS, lang="th", boats="month")
    assert not at.exception and len(at.get("plotly_chart")) == 4
    body = page_text(at)
    assert any(month in body for month in THAI_MONTHS)  # the Frontex span and the UK dates
    summaries = " ".join(c.value for c in at.caption)
    assert any(month in summaries for month in THAI_MONTHS)  # the per-boat summary, by month


def test_crime_markets_in_french_names_countries_in_french():
    at = run_page(CRIME, lang="fr")
    assert not at.exception and len(at.get("plotly_chart")) == 3
    world = chart_json(at)[0]["data"][0]
    names = {row[0] for row in world["customdata"]}
    assert "Allemagne" in names and "Germany" not in names
    thai = run_page(CRIME, lang="th", map="change")
    assert not thai.exception and len(thai.get("plotly_chart")) == 3


def test_aspect_messages_are_the_loaders_labels():
    assert list(ASPECT_MESSAGES) == list(ASPECT_LABELS.values())


def test_indicator_labels_cover_every_indicator():
    from loaders.crime_index import INDICATORS

    assert set(INDICATOR_LABELS) == set(INDICATORS)
    assert all(key == label for key, label in INDICATOR_LABELS.items())  # English shows GI-TOC's own names


def test_flag_labels_are_filled_in_english_and_translated_at_display():
    frame = pd.DataFrame({"quality_flags": ["count beyond the plausibility bound", None], "dead_missing": [1, 2]})
    summary = quality_flag_summary(frame)
    assert len(summary) == len(FLAG_KINDS) and "{" not in " ".join(summary["handling"])
    bound = summary.loc[summary["handling"].str.startswith("Count beyond"), "handling"].iloc[0]
    assert "," in bound and handling_label(bound) == bound  # English: unchanged
    use_language("fr")
    assert NARROW_NBSP in handling_label(bound)  # the French grouping of the bound
    assert handling_label("something else") == "something else"


def test_low_quality_caution_has_a_french_percent():
    frame = pd.DataFrame({"source_quality": [1, 1, 5], "dead_missing": [10, 10, 1]})
    use_language("fr")
    assert "95\u00a0%" in low_quality_note(frame) or f"95{NARROW_NBSP}%" in low_quality_note(frame)
