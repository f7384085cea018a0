"""Real-browser tests of the corridor pages in headless Chromium.

Cold deep links, each on a freshly started server, render the Routes map (every
corridor drawn, in the three mode colours), the Corridor profile of each
Asia-Pacific corridor and the Corridor comparison, with no request leaving
127.0.0.1. Screenshots at 1440x900 and 1280x720 go to tests/artifacts/.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from charts.layout import hex_to_rgb
from charts.style import MODE_COLOURS
from tests.browser.support import app_server, assert_shell, is_local, open_page

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DECK_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
SIZES = ({"width": 1440, "height": 900}, {"width": 1280, "height": 720})
ASIA_PACIFIC = ("bay_of_bengal_andaman", "myanmar_thailand_malaysia_land", "sea_to_australia",
                "afghanistan_iran_turkiye")


def mode_pixels(png: bytes) -> dict[str, int]:
    """How many pixels of the screenshot are close to each mode colour."""
    image = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    counts = {}
    for mode, colour in MODE_COLOURS.items():
        distance = np.abs(image - np.array(hex_to_rgb(colour))).sum(axis=2)
        counts[mode] = int((distance < 60).sum())
    return counts


def screenshots(page, name: str, *, full_page: bool = False, focus: str | None = None) -> None:
    """The viewport at each size; with ``full_page``, also the whole page at 1440 wide (Streamlit scrolls inside
    its main block, so the window is made as tall as the page)."""
    for size in SIZES:
        page.set_viewport_size(size)
        page.wait_for_timeout(1200)
        if focus:
            page.locator(focus).first.evaluate("e => e.scrollIntoView({block: 'end'})")
            page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"))
    if full_page:
        height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        page.set_viewport_size({"width": SIZES[0]["width"], "height": min(int(height) + 100, 12000)})
        page.wait_for_timeout(2500)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{SIZES[0]['width']}-full.png"))


def assert_local(requests: list[str]) -> None:
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], f"requests left the machine: {outside[:5]}"


def test_routes_map_cold_link_draws_every_corridor(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/Routes_map", SIZES[0])
        try:
            assert_shell(page)
            canvas = page.locator(DECK_CANVAS).first
            canvas.wait_for(timeout=20000)
            page.get_by_text("Smuggling corridors and their dead and missing").scroll_into_view_if_needed()
            page.wait_for_timeout(3000)
            assert any(u.endswith("/app/static/blank-style.json") for u in requests)
            drawn = mode_pixels(canvas.screenshot())
            assert drawn["sea"] > 200 and drawn["land"] > 200 and drawn["mixed"] > 20, drawn
            assert page.get_by_text("18 corridors drawn", exact=False).count() == 1
            assert page.locator("[data-testid='stMain'] [data-testid='stPageLink']").count() >= 18
            screenshots(page, "routes-map", focus="[data-testid='stDeckGlJsonChart']")
            # A corridor's link opens its profile, also after another profile was opened in this session.
            for name, corridor in (("Darién Gap", "darien"), ("English Channel", "english_channel")):
                page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a", has_text=name).first.click()
                page.wait_for_url(f"**/Corridor_profile?*corridor={corridor}*", timeout=20000)
                page.wait_for_function("n => document.querySelector(\"[data-testid='stMain'] h1\")?.textContent"
                                       ".startsWith('Corridor profile')", arg=name, timeout=20000)
                page.wait_for_timeout(2000)
                heading = page.locator("[data-testid='stMain'] h3", has_text="Dead and missing on the").first
                assert name in heading.inner_text()
                page.locator("[data-testid='stSidebar'] a", has_text="Routes map").first.click()
                page.wait_for_function("() => document.querySelector(\"[data-testid='stMain'] h1\")?.textContent"
                                       ".startsWith('Routes map')", timeout=20000)
                page.wait_for_timeout(1500)
            assert_local(requests)
        finally:
            context.close()


@pytest.mark.parametrize("corridor", ASIA_PACIFIC)
def test_asia_pacific_corridor_profiles_cold_links(browser, corridor):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, f"{base}/Corridor_profile?corridor={corridor}", SIZES[0])
        try:
            assert_shell(page)
            assert page.locator("[data-testid='stException']").count() == 0
            if corridor == "sea_to_australia":
                assert page.get_by_text("IOM records no incident on the", exact=False).count() == 1
            else:
                page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 3",
                                       timeout=20000)
            if corridor != "sea_to_australia":
                assert page.get_by_text("No crossing or arrival series in this app measures", exact=False).count() == 1
            assert f"corridor={corridor}" in page.url
            page.wait_for_timeout(1500)
            screenshots(page, f"corridor-profile-{corridor}", full_page=True)
            assert_local(requests)
        finally:
            context.close()


def test_corridor_comparison_cold_link(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/Corridor_comparison?year=2023", SIZES[0])
        try:
            assert_shell(page)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=20000)
            assert page.get_by_text("Year compared: 2023", exact=False).count() >= 1
            assert page.get_by_text("no crossing data", exact=False).count() >= 1
            page.wait_for_timeout(1500)
            screenshots(page, "corridor-comparison", full_page=True)
            assert_local(requests)
        finally:
            context.close()
