"""The language menu: picking a language redraws the page in it at once (title, navigation, numbers), writes it to
the link, and the choice holds on the next run; a link with an unknown language shows English with one notice."""

from __future__ import annotations

from i18n import translated_in
from tests.pages.test_pages import run_page


def test_picking_a_language_redraws_the_page_and_writes_the_link():
    at = run_page(**{"from": "2024-01", "to": "2024-12"})
    assert at.title[0].value == "Overview" and "lang" not in at.query_params
    at.sidebar.selectbox(key="lang").set_value("es").run()
    assert not at.exception
    assert at.title[0].value == translated_in("es", "Overview") == "Panorama general"
    assert at.query_params["lang"] == ["es"] or at.query_params["lang"] == "es"
    assert at.metric[0].value == "9.002"  # Spanish grouping
    at.run()  # the choice holds
    assert at.title[0].value == "Panorama general"
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] in (["en"], "en")  # picked in the menu: the link carries it even in English


def test_an_unknown_language_in_a_link_shows_english_and_says_so():
    at = run_page(lang="xx")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert any("lang=xx" in warning.value for warning in at.warning)
