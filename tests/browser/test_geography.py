"""Real-browser tests of what the spatial step shows, in headless Chromium, on one started server.

Cold deep links: the Routes map with and without the corridors' outlines (the shapes change what the map draws),
the Corridor profile's "How this corridor is drawn" map and old-versus-new table, the Incident map coloured by sea
area, Trends split by sea area or border zone, and the Incident table filtered by a border zone from the URL.
No request leaves 127.0.0.1. Screenshots at 1440x900 and 1280x720 go to tests/artifacts/.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import numpy as np
from PIL import Image

from tests.browser.support import app_server, assert_shell, is_local, open_page

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DECK_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
DESKTOP, PRESENTER = {"width": 1440, "height": 900}, {"width": 1280, "height": 720}


def assert_local(requests: list[str]) -> None:
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], f"requests left the machine: {outside[:5]}"


def shots(page, name: str) -> None:
    for size in (DESKTOP, PRESENTER):
        page.set_viewport_size(size)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"))
    page.set_viewport_size(DESKTOP)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


def wait_rerun(page) -> None:
    page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=30000)
    page.wait_for_timeout(2500)


def test_geography_across_pages(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        # Routes map: the outlines are drawn, and switching them off changes the map.
        context, page, requests = open_page(browser, base + "/Routes_map", DESKTOP)
        try:
            assert_shell(page)
            canvas = page.locator(DECK_CANVAS).first
            canvas.wait_for(timeout=20000)
            canvas.scroll_into_view_if_needed()
            page.wait_for_timeout(3000)
            with_outlines = pixels(canvas.screenshot())
            shots(page, "geography-routes-map")
            page.get_by_text("Outline each corridor's sea areas and border zones").click()
            wait_rerun(page)
            canvas = page.locator(DECK_CANVAS).first
            canvas.scroll_into_view_if_needed()
            page.wait_for_timeout(2000)
            without = pixels(canvas.screenshot())
            assert with_outlines.shape == without.shape
            changed = int((np.abs(with_outlines - without).sum(axis=2) > 30).sum())
            assert changed > 2000, changed
            assert_local(requests)
        finally:
            context.close()

        # Corridor profile: the corridor's own shapes and the old-versus-new table, inside "How this corridor is
        # drawn".
        context, page, requests = open_page(browser, base + "/Corridor_profile?corridor=bay_of_bengal_andaman",
                                            DESKTOP)
        try:
            assert_shell(page)
            page.get_by_text("How this corridor is drawn").first.click()
            page.wait_for_timeout(3000)
            expander = page.locator("[data-testid='stExpander']", has_text="How this corridor is drawn").first
            assert expander.locator("canvas").count() >= 1
            assert expander.get_by_text("The rule used until December 2026", exact=False).count() == 1
            assert expander.locator("[data-testid='stDataFrame']").count() == 1
            expander.locator("canvas").first.scroll_into_view_if_needed()
            page.wait_for_timeout(1500)
            shots(page, "geography-corridor-profile")
            assert_local(requests)
        finally:
            context.close()

        # Incident map coloured by sea area, from a link.
        link = "/Incident_map?colour=sea&place=Andaman%20Sea&place=Bay%20of%20Bengal&place=Strait%20of%20Malacca"
        context, page, requests = open_page(browser, base + link, DESKTOP)
        try:
            assert_shell(page)
            page.locator(DECK_CANVAS).first.wait_for(timeout=20000)
            main = page.locator("[data-testid='stMain']")
            for name in ("Andaman Sea", "Bay of Bengal", "Strait of Malacca"):
                assert main.get_by_text(name, exact=True).count() >= 1, name
            sidebar = page.locator("[data-testid='stSidebar']")
            assert sidebar.get_by_text("Sea area or border zone", exact=True).count() == 1
            assert sidebar.locator("[data-tag]", has_text="Andaman Sea").count() == 1
            page.locator(DECK_CANVAS).first.scroll_into_view_if_needed()
            page.wait_for_timeout(2000)
            shots(page, "geography-incident-map-by-sea")
            assert "colour=sea" in page.url
            assert_local(requests)
        finally:
            context.close()

        # Trends split by sea area or border zone; the Incident table filtered by a border zone.
        context, page, requests = open_page(browser, base + "/Trends?split=place&subregion=South-eastern%20Asia",
                                            DESKTOP)
        try:
            assert_shell(page)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 1", timeout=20000)
            page.wait_for_timeout(1500)
            legend = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .legendtext')]"
                                   ".map(e => e.textContent).join(' ')")
            assert "Andaman Sea" in legend or "Bay of Bengal" in legend, legend
            shots(page, "geography-trends-split")
            assert_local(requests)
        finally:
            context.close()
        context, page, requests = open_page(browser, base + "/Incident_table?place=" + quote("MMR–THA"), DESKTOP)
        try:
            assert_shell(page)
            assert page.locator("[data-testid='stSidebar'] [data-tag]", has_text="MMR–THA border zone").count() == 1
            assert page.locator("[data-testid='stDataFrame']").count() >= 1
            assert page.get_by_text("sea area or border zone MMR–THA border zone", exact=False).count() >= 1
            assert_local(requests)
        finally:
            context.close()
