"""Real-browser tests of the Country profile and Incident table pages: each opened cold by its URL, with
filters and page controls in the query string, on a freshly started server. The content renders, no request
leaves 127.0.0.1, and screenshots are saved under tests/artifacts/ (1440x900 and 1280x720)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.support import app_server, assert_shell, open_page, screenshots_and_offline

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: (name, path with query string, texts the page must show, plotly charts expected)
PAGES = [
    ("country-profile", "/Country_profile?profile=MMR&from=2014-01",
     ("Myanmar nationals dead or missing", "South-eastern Asia"), 6),
    ("incident-table", "/Incident_table?subregion=South-eastern+Asia&q=Andaman",
     ("Showing", "Download Excel"), 0),
]


@pytest.mark.parametrize("name, path, expected, charts", PAGES, ids=[p[0] for p in PAGES])
def test_cold_deep_link_on_a_fresh_server(browser, name, path, expected, charts):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + path, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            for text in expected:
                assert page.get_by_text(text).count() >= 1, text
            if charts:
                page.locator(".js-plotly-plot").nth(charts - 1).wait_for(timeout=20000)
                assert page.locator(".js-plotly-plot").count() == charts
                assert page.get_by_text("Pick a country").count() == 0
            else:
                page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20000)
                assert "q=Andaman" in page.url and "subregion=South-eastern+Asia" in page.url
                assert page.locator("[data-testid='stMain'] [data-testid='stDownloadButton']").count() == 2
            if name == "country-profile":
                assert "profile=MMR" in page.url
            screenshots_and_offline(page, requests, f"{name}", ARTIFACTS)
        finally:
            context.close()


def test_a_long_incident_table_loads_its_rows_as_the_reader_scrolls(browser):
    """Two years of incidents (thousands of rows) are sent lazily, read from the table of every incident: the
    first rows shown are the period's newest, and scrolling brings later rows, still within the period."""
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/Incident_table?from=2023-01&to=2024-12",
                                            {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            cells = page.locator("[data-testid='stDataFrame'] [role='gridcell']")
            cells.first.wait_for(state="attached", timeout=20000)  # the grid draws on a canvas; cells are for readers
            first = cells.first.inner_text()
            assert first.startswith("2024-12"), first
            page.locator("[data-testid='stDataFrame']").first.hover()
            page.mouse.wheel(0, 5000)
            page.wait_for_function("() => !document.querySelector(\"[data-testid='stDataFrame'] [role='gridcell']\")"
                                   ".innerText.startsWith('2024-12-31')", timeout=20000)
            later = cells.first.inner_text()
            assert "2023-01-01" <= later < first, (first, later)
            assert [u for u in requests if not u.startswith(base)] == []
        finally:
            context.close()
