"""The Incident table's search limits on a live server, in a real browser: a search link far over the limits
opens a working page that says the search was shortened, with the box, the URL and the table all holding the
shortened search; the box takes no more than the limit and is read by the same rule as the link."""

from __future__ import annotations

from urllib.parse import parse_qs, quote_plus, urlparse

from tests.browser.support import app_server, assert_shell, is_local, open_page, wait_for_app
from transforms.incident_table import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS

WORDS = [f"w{i}" for i in range(8000)]


def search_box(page):
    return page.locator("[data-testid='stTextInput'] input").first


def url_search(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("q", [])


def test_a_huge_search_link_opens_a_working_page_with_the_search_shortened(browser):
    link = "/Incident_table?q=" + quote_plus(" ".join(["Lampedusa"] + WORDS))
    kept = " ".join(["Lampedusa"] + WORDS[:MAX_SEARCH_WORDS - 1])
    with app_server() as base:
        context, page, requests = open_page(browser, base + link, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            assert page.locator("[data-testid='stAlert']").filter(has_text="too long").count() == 1
            assert search_box(page).input_value() == kept
            assert url_search(page) == [kept]
            assert page.get_by_text("No incident in this selection matches").count() == 1

            box = search_box(page)
            box.fill("  Lampedusa   LAMPEDUSA  Italy ")
            box.press("Enter")
            page.wait_for_timeout(500)
            wait_for_app(page)
            assert box.input_value() == "Lampedusa Italy" and url_search(page) == ["Lampedusa Italy"]
            assert page.locator("[data-testid='stAlert']").filter(has_text="too long").count() == 0
            assert page.get_by_text("matching “Lampedusa Italy”").count() == 1
            assert page.locator("[data-testid='stDataFrame']").count() == 1

            box.fill("x" * (MAX_SEARCH_CHARS - 5))
            box.press_sequentially("y" * 10)  # typing stops at the limit
            assert box.input_value() == "x" * (MAX_SEARCH_CHARS - 5) + "y" * 5
            assert_shell(page)
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()
