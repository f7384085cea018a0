"""Hostile links in a real browser on a live server: each crafted link of issue 15, opened cold, shows a plain
notice and a working page, never a traceback or a server path, renders none of its text as a link, asks no
outside host for anything, and a later page of the same session (opened from the sidebar) still works. In a
briefing, the arrow keys follow only the app's own Previous/Next links, whatever a link's text says."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.browser.support import app_server, assert_shell, is_local, open_page, wait_for_app
from tests.hostile import FAKE_PREVIOUS, INTERNALS, LINKS, briefing_value, query_string

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORT = {"width": 1440, "height": 900}
ALERTS = "[data-testid='stMain'] [data-testid='stAlertContainer']"


@pytest.fixture(scope="module")
def server():
    with app_server() as base:
        yield base


def assert_no_internals(page) -> None:
    text = page.locator("body").inner_text()
    found = INTERNALS.search(text)
    assert found is None, f"the page shows internals: {text[max(found.start() - 80, 0):found.end() + 80]!r}"


def outside_links(page) -> list[str]:
    """Every link on the page that leaves this server, but the cited sources of the data (tables, sidebar)."""
    hrefs = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] a[href]").evaluate_all(
        "links => links.map(a => a.href)")
    return [href for href in hrefs if not is_local(href)]


@pytest.mark.parametrize("name, url_path, query", LINKS, ids=[link[0] for link in LINKS])
def test_a_crafted_link_opened_cold_shows_a_plain_notice_and_a_working_page(browser, server, name, url_path, query):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, requests = open_page(browser, f"{server}{url_path}?{query_string(query)}", VIEWPORT)
    try:
        assert_shell(page)
        assert_no_internals(page)
        alerts = page.locator(ALERTS).all_inner_texts()
        said = [text for text in alerts if text.startswith(("Ignored", "Only", "No incident in this selection"))]
        assert said, alerts
        assert all(len(text) < 300 and "\n" not in text.strip() for text in said), said
        assert page.locator(f"{ALERTS} a").count() == 0  # no notice holds a link
        assert "example.org" not in " ".join(outside_links(page))
        assert page.locator("[data-testid='stMain'] h1").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"))
        # The same session goes on: the sidebar's link opens the next page, which works and says nothing more.
        page.locator("[data-testid='stSidebar']").get_by_text("Data and sources", exact=True).click()
        page.wait_for_url("**/Data_and_sources**")
        wait_for_app(page)
        assert_shell(page)
        assert_no_internals(page)
        assert page.get_by_text("Every other data file").count() == 1
        assert not [t for t in page.locator(ALERTS).all_inner_texts() if t.startswith("Ignored")]
        assert [u for u in requests if not is_local(u)] == []
    finally:
        context.close()


def test_the_arrow_keys_follow_only_the_briefings_own_links(browser, server):
    """A link whose text reads "◀ Previous view" (here a filter value, echoed in a notice) is neither a link nor
    what the Left arrow follows; the app's own Previous link still is."""
    views = briefing_value([["app.py", "", "from=2024-01"], ["pages/3_Trends.py", "", ""],
                            ["pages/1_Data_and_sources.py", "", ""]])
    first = urlencode({"brief": views, "step": "1", "present": "1", "region": FAKE_PREVIOUS})
    context, page, requests = open_page(browser, f"{server}/?{first}", VIEWPORT)
    try:
        assert page.get_by_text("view 1 of 3", exact=False).count() == 1
        assert page.get_by_text("Previous view", exact=False).count() == 1  # only in the notice, as text
        assert page.locator("a", has_text="Previous view").count() == 0
        page.keyboard.press("ArrowLeft")  # the first view has no Previous link of the app's
        page.wait_for_timeout(1500)
        assert "step=1" in page.url and page.url.startswith(server)
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/Trends?**step=2**", timeout=30000)
        wait_for_app(page)
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**/?**step=1**", timeout=30000)
        wait_for_app(page)
        assert page.get_by_text("view 1 of 3", exact=False).count() == 1
        assert [u for u in requests if not is_local(u)] == []
        assert page.page_errors == []
    finally:
        context.close()
