"""The Overview, Data and sources and the share-and-present tools in Thai and French: they render without an
exception, numbers, months and dates follow the locale, and every link the app makes keeps the reader's language
while a briefing's views hold none."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

from i18n import translated_in
from ui.briefing import View, decode_briefing, encode_briefing
from ui.shell import PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NNBSP = "\u202f"


def run(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def test_overview_in_thai_shows_thai_months_and_keeps_its_keys():
    at = run(lang="th", **{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    assert "มกราคม 2024" in at.main.markdown[0].value and "ธันวาคม 2024" in at.main.markdown[0].value
    assert len(at.get("plotly_chart")) == 3 and len(at.get("deck_gl_json_chart")) == 1
    keys = [e.proto.id.split("-", 2)[2] for e in at.main.expander]
    assert {"data-dead-and-missing-by-month", "data-top-migration-routes", "data-top-countries-of-origin",
            "data-dead-and-missing-by-map-cell"} <= set(keys)
    for key in keys:
        if key.startswith("data-"):
            at.session_state[key] = True
    at.run()
    assert not at.exception
    columns = list(at.main.dataframe[0].value.columns)
    assert "dead_missing" not in columns and translated_in("th", "dead and missing") in columns  # reader labels


def test_overview_in_french_groups_numbers_the_french_way():
    at = run(lang="fr")
    assert not at.exception
    assert at.metric[0].value == f"76{NNBSP}276"
    assert any(f"76{NNBSP}276" in caption.value or "%" in caption.value for caption in at.main.caption)


def test_data_and_sources_in_thai_writes_dates_in_thai():
    at = run("pages/1_Data_and_sources.py", lang="th")
    assert not at.exception
    footer = " ".join(m.value for m in at.sidebar.markdown)
    assert "เมษายน" in footer  # data to 29 April 2025, in Thai
    assert any("CC BY 4.0" in m.value for m in at.main.markdown)


def test_share_links_keep_the_readers_language_and_briefing_views_hold_none():
    at = run(lang="fr", **{"from": "2024-01"})
    assert not at.exception
    assert any("lang=fr" in code.value for code in at.sidebar.code)  # the copy-link box
    add = next(b for b in at.sidebar.button if b.label == translated_in("fr", "Add this view"))
    add.click().run()
    assert not at.exception
    link = next(code.value for code in at.sidebar.code if "brief=" in code.value)
    query = parse_qs(urlsplit(link).query)
    assert query["lang"] == ["fr"] and query["present"] == ["1"]
    views = decode_briefing(query["brief"][0], dict(PAGES))
    assert views and all("lang" not in view.query for view in views)


def test_a_briefing_step_link_carries_the_readers_language_not_the_views():
    views = [View("app.py", "Overview", {"from": ["2024-01"], "lang": ["es"]}),
             View("pages/1_Data_and_sources.py", "Data and sources", {})]
    at = run(lang="th", brief=encode_briefing(views), step="1", present="1")
    assert not at.exception
    [next_link] = at.main.get("page_link")
    query = parse_qs(next_link.proto.query_string)
    assert query["lang"] == ["th"] and query["step"] == ["2"] and query["present"] == ["1"]
    assert "พฤษภาคม 2026" in " ".join(m.value for m in at.main.markdown)  # May 2026, in Thai
