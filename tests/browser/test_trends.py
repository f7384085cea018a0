"""Real-browser tests for the Trends and Regional comparison pages: a cold deep link on a freshly
started server, with filters and page controls in the query string, renders the shell and every
chart, and no request leaves 127.0.0.1. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.support import app_server, assert_shell, open_page, screenshots_and_offline

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: (name, path with query string, text the page must show, charts expected)
PAGES = [
    ("trends", "/Trends?from=2015-01&grain=quarter&split=route&display=stacked&measure=absolute&events=on",
     "Andaman Sea crisis", 3),
    ("regional-comparison", "/Regional_comparison?compare=subregion&group=Southern+Asia&group=South-eastern+Asia"
     "&group=Eastern+Asia&base=2019&cause=Drowning&cause=Violence&cause=Mixed+or+unknown"
     "&cause=Vehicle+accident+%2F+death+linked+to+hazardous+transport", "Against 2019 = 100", 7),
]


@pytest.mark.parametrize("name, path, expected, charts", PAGES, ids=[p[0] for p in PAGES])
def test_cold_deep_link_on_a_fresh_server(browser, name, path, expected, charts):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + path, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            page.locator(".js-plotly-plot").nth(charts - 1).wait_for(timeout=30000)
            page.get_by_text(expected).first.wait_for(timeout=30000)
            assert page.locator(".js-plotly-plot").count() == charts
            assert page.locator("[data-testid='stAlert']").filter(has_text="Ignored").count() == 0
            screenshots_and_offline(page, requests, f"{name}", ARTIFACTS)
        finally:
            context.close()
