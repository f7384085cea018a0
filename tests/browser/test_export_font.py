"""The offline HTML export carries its own Thai font: a view exported in Thai, opened from the file with every
request but file:// refused, draws its Thai text (the page's headings and the charts' SVG text) with the embedded
Noto Sans Thai, as Chromium itself reports; the same file without the embedded font does not (so the check can
fail)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cache import load_thai_fonts
from charts.export_html import THAI_FAMILY, THAI_RANGE, build_view_html
from ui.present import FIGURES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
THAI = re.compile("[\u0e01-\u0e5b]")
#: The Thai texts to ask about: the page title (a bold heading) and the first chart's title (SVG text).
PROBES = {"heading": "h1", "chart title": ".js-plotly-plot .gtitle"}


@pytest.fixture(scope="module")
def overview_figures():
    """The Overview's figures, drawn in Thai by the app itself."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "th"
    at.run()
    assert not at.exception
    figures = list(at.session_state[FIGURES])
    assert figures, "the Overview drew no figure"
    return figures


def exported(tmp_path: Path, figures, fonts) -> Path:
    text = build_view_html(title="ภาพรวมผู้เสียชีวิตและสูญหาย", description="แสดงเหตุการณ์ทั้งหมด",
                           source_lines=["ที่มา: IOM"], figures=figures, app_name="Migrant Smuggling Data Explorer",
                           lang="th", fonts=fonts)
    path = tmp_path / ("with-font.html" if fonts else "without-font.html")
    path.write_text(text, encoding="utf-8")
    return path


def fonts_drawn(context, page, selector: str) -> list[dict]:
    """The fonts Chromium draws the Thai text under the first element matching ``selector`` with (CDP
    CSS.getPlatformFontsForNode, per element holding a Thai text node)."""
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    holders = []

    def collect(element):
        for child in element.get("children", []):
            if child.get("nodeType") == 3 and THAI.search(child.get("nodeValue", "")):
                holders.append(element["nodeId"])
            collect(child)

    collect(cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1})["node"])
    assert holders, f"no Thai text under {selector}"
    fonts = []
    for holder in holders:
        fonts += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": holder})["fonts"]
    cdp.detach()
    return fonts


def open_offline(browser, path: Path):
    """A context that refuses every request but file://, and the page of ``path`` opened in it, fonts settled."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    requested: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else (requested.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)
    return context, page, requested


def test_a_thai_export_draws_thai_with_its_embedded_font(browser, tmp_path, overview_figures):
    fonts = load_thai_fonts()
    assert sorted(fonts) == [400, 700] and all(fonts.values())
    path = exported(tmp_path, overview_figures, fonts)
    text = path.read_text(encoding="utf-8")
    assert text.count("src:url(data:font/woff2;base64,") == 2
    assert f"unicode-range:{THAI_RANGE}" in text

    context, page, requested = open_offline(browser, path)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-overview-th-font.png"), full_page=True)
        faces = page.evaluate("[...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === 'Noto Sans Thai')"
                              ".map(f => [f.weight, f.status])")
        assert ["400", "loaded"] in faces and ["700", "loaded"] in faces, faces
        assert page.evaluate(f"document.fonts.check('16px \"{THAI_FAMILY}\"', 'ไทย')")
        # The chart text asks for the embedded face too (plotly writes the figure's font stack on each text).
        families = page.evaluate("[...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                                 ".map(t => getComputedStyle(t).fontFamily)")
        assert families and all(THAI_FAMILY in family for family in families), families
        for what, selector in PROBES.items():
            drawn = fonts_drawn(context, page, selector)
            custom = [f for f in drawn if f["isCustomFont"] and f["familyName"] == THAI_FAMILY]
            assert custom, f"the {what}'s Thai is drawn with {drawn}, not the embedded {THAI_FAMILY}"
        assert requested == [], f"the file asked the network for {requested}"
    finally:
        context.close()


def test_without_the_embedded_font_thai_is_not_drawn_with_it(browser, tmp_path, overview_figures):
    """The control: the same export with no font embedded draws no Thai with a web font (the check above can
    fail)."""
    context, page, _requested = open_offline(browser, exported(tmp_path, overview_figures, None))
    try:
        drawn = fonts_drawn(context, page, PROBES["chart title"])
        assert not [f for f in drawn if f["isCustomFont"]], drawn
    finally:
        context.close()
