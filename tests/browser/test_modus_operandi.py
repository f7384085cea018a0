"""Real-browser tests for the Modus operandi, Hazards and Crime markets pages: a cold deep link on a
freshly started server renders the shell and every chart, no request leaves 127.0.0.1, and
screenshots go to tests/artifacts/ at 1440x900 and 1280x720."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.support import app_server, assert_shell, is_local, open_page

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: (name, path with query string, text the page must show, charts expected)
PAGES = [
    ("modus-operandi", "/Modus_operandi?corridor=english_channel&kinds=official&kinds=research&kinds=news",
     "What smugglers charge, as stated", 2),
    ("hazards", "/Hazards?corridor=Central+Mediterranean&boats=month", "Overcrowding in the Channel", 4),
    ("hazards-yearly", "/Hazards?corridor=English+Channel&from=2019-01", "Overcrowding in the Channel", 4),
    ("crime-markets", "/Crime_markets?map=change", "Smuggling markets and deaths on migration routes", 3),
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
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ARTIFACTS / f"{name}-1440x900.png"))
            page.set_viewport_size({"width": 1280, "height": 720})
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / f"{name}-1280x720.png"))
            page.set_viewport_size({"width": 1440, "height": 2400})  # tall enough for each chart whole
            for number in range(charts):
                chart = page.locator(".js-plotly-plot").nth(number)
                chart.scroll_into_view_if_needed()
                page.wait_for_timeout(800)
                chart.screenshot(path=str(ARTIFACTS / f"{name}-chart{number + 1}.png"))
            outside = [u for u in requests if not is_local(u)]
            assert outside == [], f"requests left the machine: {outside[:5]}"
        finally:
            context.close()


def test_crime_map_draws_countries_from_the_local_topojson(browser):
    """The choropleth's country shapes come from static/topojson/ (no CDN), and countries are drawn."""
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/Crime_markets", {"width": 1440, "height": 900})
        try:
            page.locator(".js-plotly-plot .choroplethlocation").first.wait_for(timeout=30000)
            assert page.locator(".js-plotly-plot .choroplethlocation").count() > 150
            assert any("/app/static/topojson/" in u for u in requests)
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()
