"""Real-browser tests in headless Chromium: every page opened cold by its URL with filters in the
query string renders the full shell and its charts, and no request leaves 127.0.0.1.

Screenshots are saved under tests/artifacts/ (desktop 1440x900 and projector 1280x720).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.browser.support import app_server, assert_shell, is_local, open_page, screenshots_and_offline, wait_for_app

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: (name, path with query string, text the page must show)
PAGES = [
    ("overview", "/?from=2024-01&to=2024-12", "9,002"),
    ("overview-asia", "/?subregion=South-eastern+Asia&subregion=Southern+Asia&grain=quarter", "Southern Asia"),
    ("data-and-sources", "/Data_and_sources?region=Mediterranean&from=2016-01", "CC BY 4.0"),
]


@pytest.mark.parametrize("name, path, expected", PAGES, ids=[p[0] for p in PAGES])
def test_cold_deep_link_on_a_fresh_server(browser, name, path, expected):
    """Each link is the first request a newly started server sees."""
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + path, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            assert page.get_by_text(expected).count() >= 1
            if name.startswith("overview"):
                assert page.locator(".js-plotly-plot").count() == 3
                page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=20000)
                assert any(u.endswith("/app/static/geo/ne_110m_admin_0_countries.geojson") for u in requests)
            screenshots_and_offline(page, requests, f"{name}", ARTIFACTS)
        finally:
            context.close()


def test_filters_are_written_back_to_the_url_and_survive_navigation(browser):
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/?from=2024-01&to=2024-12", {"width": 1440, "height": 900})
        try:
            assert "from=2024-01" in page.url
            page.locator("[data-testid='stSidebar']").get_by_text("Data and sources", exact=True).click()
            page.wait_for_url("**/Data_and_sources**")
            wait_for_app(page)
            assert "from=2024-01" in page.url and "to=2024-12" in page.url
            assert_shell(page)
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()


def test_chart_data_downloads_as_csv_with_its_provenance(browser):
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/?from=2024-01&to=2024-12&grain=year",
                                            {"width": 1440, "height": 900})
        try:
            page.get_by_text("Data behind this chart").first.click()
            with page.expect_download(timeout=30000) as download_info:
                page.get_by_role("button", name="Download CSV").first.click()
            text = Path(download_info.value.path()).read_text(encoding="utf-8")
            lines = [row[0] for row in csv.reader(io.StringIO(text))]  # a provenance line is a one-cell row
            assert lines[0] == "# Dead and missing by year"
            assert lines[1].startswith("# Showing incidents from January 2024 to December 2024")
            assert any("IOM Missing Migrants Project" in line for line in lines[:4])
            assert "2024" in text and "9002" in text.replace(",", "")
        finally:
            context.close()
