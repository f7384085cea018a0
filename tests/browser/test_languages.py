"""Every page in French shows no English UI string, and every page's ``<html lang>`` follows the language.

The list of English UI strings is extracted from the French catalogue (``locales/fr/LC_MESSAGES/messages.po``):
the fixed parts of each message (the text between its ``{placeholders}``), at least three words long, whose
French translation differs. Data values are excluded: any part that also occurs in a shipped data file or its
sidecar (source titles, citations, category values, place names) may appear in French pages as published.
Screenshots of the same view in the four languages are saved under tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.browser.support import app_server, is_local, open_page, wait_for_app

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
PAGES = ("/", "/Incident_map", "/Trends", "/Regional_comparison", "/Country_profile", "/Incident_table",
         "/Routes_map", "/Corridor_profile", "/Corridor_comparison", "/Modus_operandi", "/Hazards", "/Crime_markets",
         "/Data_and_sources")
#: Words that read the same in English and French UI text and prove nothing alone.
MIN_WORDS = 3


@cache
def _data_text() -> str:
    """Every shipped data file and sidecar as one lower-case text (what may appear as published)."""
    texts = []
    for path in (REPO / "data").rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".yml", ".yaml", ".md", ".txt"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts).lower()


def _plain(text: str) -> str:
    """A message's fixed text as a page shows it: markdown markers and extra spaces gone."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]+", "", text)
    return " ".join(text.split())


@cache
def english_ui_strings() -> tuple[str, ...]:
    with (REPO / "locales" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    found = set()
    data = _data_text()
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        french = " ".join(_plain(s) for s in strings).lower()
        for msgid in ids:
            for part in re.split(r"\{[^}]*\}", msgid):
                part = _plain(part).strip(" .,:;()–-")
                if len(part.split()) < MIN_WORDS or part.lower() in french or part.lower() in data:
                    continue
                found.add(part)
    return tuple(sorted(found))


def test_the_list_of_english_strings_is_substantial():
    assert len(english_ui_strings()) > 200


@pytest.fixture(scope="module")
def server():
    with app_server() as base:
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_french_shows_no_english_ui_string(browser, server, path):
    context, page, requests = open_page(browser, f"{server}{path}?lang=fr", {"width": 1440, "height": 900})
    try:
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.locator("[data-testid='stException']").count() == 0
        shown = " ".join(page.locator("[data-testid='stSidebar'], [data-testid='stMain']").all_inner_texts())
        shown = " ".join(shown.split())
        english = [s for s in english_ui_strings() if s in shown]
        assert not english, f"{path} in French still shows: {english[:15]}"
        assert [u for u in requests if not is_local(u)] == []
    finally:
        context.close()


@pytest.mark.parametrize("code", ["en", "fr", "es", "th"])
def test_the_same_view_in_each_language(browser, server, code):
    """The Trends view in each language: the page language attribute, the menu, and a screenshot to look at
    (desktop and projector sizes)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, requests = open_page(browser, f"{server}/Trends?lang={code}&from=2023-01&to=2024-12",
                                        {"width": 1440, "height": 900})
    try:
        assert page.evaluate("document.documentElement.lang") == code
        assert f"lang={code}" in page.url or code == "en"
        assert page.locator(".js-plotly-plot").count() >= 2
        page.screenshot(path=str(ARTIFACTS / f"trends-{code}-1440x900.png"))
        page.set_viewport_size({"width": 1280, "height": 720})
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / f"trends-{code}-1280x720.png"))
        assert [u for u in requests if not is_local(u)] == []
    finally:
        context.close()


@pytest.mark.parametrize("browser_locale, expected, title", [("es-ES", "es", "Panorama general"),
                                                              ("th-TH", "th", "ภาพรวม"),
                                                              ("de-DE", "en", "Overview")])
def test_a_link_without_lang_opens_in_the_browsers_language(browser, server, browser_locale, expected, title):
    """No ``lang`` in the link: the browser's preferred language among the four, else English; the page title,
    ``<html lang>`` and the link follow it (so a link copied from here opens in the same language)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale=browser_locale)
    try:
        page = context.new_page()
        page.goto(f"{server}/?from=2024-01&to=2024-12")
        wait_for_app(page)
        assert page.evaluate("document.documentElement.lang") == expected
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == title
        assert (f"lang={expected}" in page.url) == (expected != "en")
    finally:
        context.close()
