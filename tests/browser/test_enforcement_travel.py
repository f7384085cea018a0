"""Real-browser tests for the Enforcement and Travel documents pages and the Bay of Bengal denominator: a cold deep
link on a freshly started server renders the shell and every chart (the map's countries from the local topojson),
no request leaves 127.0.0.1, and screenshots go to tests/artifacts/ at 1440x900 and 1280x720 (presenter mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.support import app_server, assert_shell, is_local, open_page

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ASIA_PACIFIC = "subregion=Southern+Asia&subregion=South-eastern+Asia&subregion=Eastern+Asia"

#: (name, path with query string, text the page must show, charts expected)
PAGES = [
    ("enforcement-asia-pacific", f"/Enforcement?{ASIA_PACIFIC}", "Beside them: dead and missing recorded by IOM", 3),
    ("enforcement-rate", "/Enforcement?view=rate&subregion=South-eastern+Asia", "The latest year on a map", 3),
    ("travel-documents-asia-pacific", f"/Travel_documents?{ASIA_PACIFIC}", "Your document-fraud detections", 4),
    ("corridor-bay-of-bengal", "/Corridor_profile?corridor=bay_of_bengal_andaman",
     "Attempted sea journeys (UNHCR) and deaths per 1,000", 4),
]


@pytest.mark.parametrize("name, path, expected, charts", PAGES, ids=[p[0] for p in PAGES])
def test_cold_deep_link_on_a_fresh_server(browser, name, path, expected, charts):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + path, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            sidebar = page.locator("[data-testid='stSidebar']")
            for label in ("Enforcement", "Travel documents"):
                assert sidebar.get_by_text(label, exact=True).count() >= 1, f"navigation link {label!r} missing"
            page.locator(".js-plotly-plot").nth(charts - 1).wait_for(timeout=30000)
            page.get_by_text(expected).first.wait_for(timeout=30000)
            assert page.locator(".js-plotly-plot").count() == charts
            assert page.locator("[data-testid='stAlert']").filter(has_text="Ignored").count() == 0
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ARTIFACTS / f"{name}-1440x900.png"), full_page=True)
            outside = [u for u in requests if not is_local(u)]
            assert outside == [], f"requests left the machine: {outside[:5]}"
        finally:
            context.close()
        # Presenter mode at projector size, on a cold link too.
        joiner = "&" if "?" in path else "?"
        context, page, requests = open_page(browser, base + path + joiner + "present=1",
                                            {"width": 1280, "height": 720})
        try:
            page.locator(".js-plotly-plot").first.wait_for(timeout=30000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ARTIFACTS / f"{name}-present-1280x720.png"))
            outside = [u for u in requests if not is_local(u)]
            assert outside == [], f"requests left the machine: {outside[:5]}"
        finally:
            context.close()


def test_enforcement_map_draws_countries_from_the_local_topojson(browser):
    """The latest-year map shades the reporting countries with shapes served by the app itself, and its caution
    is written on it."""
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/Enforcement", {"width": 1440, "height": 900})
        try:
            page.locator(".js-plotly-plot .choroplethlocation").first.wait_for(timeout=30000)
            assert page.locator(".js-plotly-plot .choroplethlocation").count() >= 10
            assert any("/app/static/topojson/" in u for u in requests)
            assert page.get_by_text("Levels are not comparable across countries").count() >= 2  # alert and map
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()
