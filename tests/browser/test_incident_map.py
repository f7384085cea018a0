"""Real-browser tests of the Incident map page in headless Chromium.

A cold deep link with filters in the query string, on a freshly started
server, renders the map canvas, the choropleth and the month-by-month map with
no request leaving 127.0.0.1 (screenshots under tests/artifacts/). And a
location holding ``<script>`` shows in the map's hover tooltip as text: the
app runs on a temporary copy of the real data in which that one cell is
edited, the map is filtered to that incident, and the point at the centre of
the map is hovered.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from loaders.paths import DATA_DIR_ENV
from tests.browser.support import app_server, assert_shell, is_local, open_page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DECK_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
XSS = "<script>window.__xss=1</script>"


def test_cold_deep_link_renders_map_and_choropleth(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    path = "/Incident_map?subregion=South-eastern+Asia&from=2014-01&to=2016-12&months=on"
    with app_server() as base:
        context, page, requests = open_page(browser, base + path, {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            assert page.get_by_text("Where people died or went missing").count() == 1
            assert page.get_by_text("UNSD sub-region South-eastern Asia", exact=False).count() >= 1
            page.locator(DECK_CANVAS).first.wait_for(timeout=20000)
            assert page.locator(".js-plotly-plot").count() == 2
            # The choropleth drew country shapes from the local topojson, and the countries layer came from static/.
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .choroplethlocation').length > 0",
                                   timeout=20000)
            assert any(u.endswith("/app/static/topojson/world_50m.json") for u in requests)
            assert any(u.endswith("/app/static/geo/ne_110m_admin_0_countries.geojson") for u in requests)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ARTIFACTS / "incident-map-1440x900.png"))
            page.set_viewport_size({"width": 1280, "height": 720})
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "incident-map-1280x720.png"))
            page.get_by_text("Dead and missing by country", exact=True).scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            page.screenshot(path=str(ARTIFACTS / "incident-map-countries-1280x720.png"))
            page.get_by_text("Press Play or drag the slider", exact=False).scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            page.screenshot(path=str(ARTIFACTS / "incident-map-months-1280x720.png"))
            # Play steps through the months: the slider's month label moves on.
            month_text = page.locator(".js-plotly-plot svg text", has_text="Month: ").first
            before = month_text.text_content()
            assert before == "Month: February 2014"  # opens on the first month with a record
            page.locator(".js-plotly-plot .updatemenu-button").first.click()
            page.wait_for_function(
                "b => [...document.querySelectorAll('.js-plotly-plot svg text')]"
                ".some(t => t.textContent.startsWith('Month: ') && t.textContent !== b)", arg=before, timeout=10000)
            outside = [u for u in requests if not is_local(u)]
            assert outside == [], f"requests left the machine: {outside[:5]}"
        finally:
            context.close()


def _data_copy_with_script_location(incidents, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of data/ where one incident, alone in its country and month, has XSS as its location.

    Returns the folder and the query (country, month) that selects just that incident.
    """
    dated = incidents.dropna(subset=["date", "country_of_incident"])
    month = dated["date"].dt.strftime("%Y-%m")
    group_size = dated.groupby([dated["country_of_incident"], month])["main_id"].transform("nunique")
    alone = dated[(group_size == 1) & (dated["main_id"].astype("str") == dated["incident_id"].astype("str"))].iloc[-1]
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    export = data / "iom_mmp" / alone["source_file"]
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    location_column = next(c for c in ("Location of Incident", "Location of death", "Location") if c in raw.columns)
    row = raw["Incident ID"] == alone["incident_id"]
    assert row.sum() == 1
    raw.loc[row, location_column] = XSS
    raw.to_csv(export, index=False)
    when = f"{alone['date']:%Y-%m}"
    return data, {"country": alone["country_of_incident"], "from": when, "to": when}


def test_tooltip_shows_a_script_location_as_text(browser, incidents, tmp_path):
    data, query = _data_copy_with_script_location(incidents, tmp_path)
    with app_server(env={DATA_DIR_ENV: str(data)}) as base:
        context, page, requests = open_page(browser, f"{base}/Incident_map?{urlencode(query)}",
                                            {"width": 1440, "height": 900})
        try:
            assert_shell(page)
            assert page.get_by_text("1 incident drawn", exact=False).count() == 1
            canvas = page.locator(DECK_CANVAS).first
            canvas.wait_for(timeout=20000)
            canvas.scroll_into_view_if_needed()
            page.wait_for_timeout(2500)  # let deck.gl draw the countries and the point
            box = canvas.bounding_box()
            tooltip = page.locator(".deck-tooltip")
            for dx, dy in ((0, 0), (1, 1), (-1, 0), (0, 2)):  # a pixel either way if the first move misses
                page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
                page.wait_for_timeout(600)
                if tooltip.count() and tooltip.first.is_visible():
                    break
            assert tooltip.count() >= 1 and tooltip.first.is_visible(), "hovering the point showed no tooltip"
            text = tooltip.first.inner_text()
            assert XSS in text
            assert "Source quality:" in text
            assert page.evaluate("() => typeof window.__xss") == "undefined"
            assert page.locator(".deck-tooltip script").count() == 0
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()
