"""WCAG 2.1 A and AA in a real browser: axe-core on every page, in the light and dark themes, in English and Thai,
and in presenter mode; the contrast of chart text (which axe-core does not read: plotly draws it in SVG); the
page's language; the Thai font, served by the app itself; and every chart's text alternative.

One server serves every test of this module, and one browser context per theme (Streamlit follows the browser's
``prefers-color-scheme`` under its default "Use system setting", which Playwright sets per context); each page is a
new tab, so a new Streamlit session. No request may leave 127.0.0.1. axe-core's findings below "serious" are
written to tests/artifacts/a11y-<variant>.json to be read, not failed on. Chart text below 4.5:1 fails, on the page's
background and on the bar or marker it is printed inside alike (the latter also written to
tests/artifacts/a11y-chart-text-on-marks.json).

Rules disabled for an element: :data:`ALLOWED` (none today). Each entry names the axe rule, a CSS selector of the
element, and why it is not ours to fix; the README lists them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import CHART_TEXT_CONTRAST_JS, app_server, is_local, open_in, page_paths

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PATHS = list(page_paths())
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
#: axe rule -> [(CSS selector of an element we cannot change, why)]: a violation of that rule on an element
#: matching the selector is not failed on. Empty: every finding so far was fixed in the theme or the charts.
ALLOWED: dict[str, list[tuple[str, str]]] = {}

#: (theme, language, presenter mode): every page in both themes and both languages, and in presenter mode in the
#: dark theme in Thai (the presenter's own styling, its headlines and its chart ink) and in the light theme in
#: English.
VARIANTS = [("light", "en", False), ("dark", "en", False), ("light", "th", False), ("dark", "th", False),
            ("dark", "th", True), ("light", "en", True)]


def variant_id(variant: tuple[str, str, bool]) -> str:
    theme, language, present = variant
    return f"{theme}-{language}" + ("-present" if present else "")


@pytest.fixture(scope="module")
def server():
    with app_server() as base:
        yield base


@pytest.fixture(scope="module")
def themed(browser):
    """A browser context per colour scheme, made on first use and kept for the module."""
    contexts = {}

    def get(theme: str):
        if theme not in contexts:
            contexts[theme] = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=theme)
        return contexts[theme]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def findings():
    """Every non-blocking axe finding, by variant, written out at the end of the module."""
    found: dict[str, list] = {}
    yield found
    ARTIFACTS.mkdir(exist_ok=True)
    for name, items in found.items():
        (ARTIFACTS / f"a11y-{name}.json").write_text(json.dumps(items, indent=1, ensure_ascii=False), encoding="utf-8")


def blocking_violations(page, response: dict) -> list[str]:
    """The serious and critical violations in axe's ``response``, less those :data:`ALLOWED`, one line each."""
    lines = []
    for violation in response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            allowed = False
            for selector, _why in ALLOWED.get(violation["id"], []):
                target = node["target"][0] if isinstance(node["target"][0], str) else node["target"][0][0]
                allowed = allowed or bool(page.evaluate(
                    "([t, s]) => { const e = document.querySelector(t); return !!e && !!e.closest(s); }",
                    [target, selector]))
            if not allowed:
                summary = " ".join(node.get("failureSummary", "").split())[:240]
                lines.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {summary} "
                             f"html={node['html'][:120]}")
    return lines


def assert_language(page, language: str) -> None:
    """``<html lang>`` is the language shown (set by ui/language.py; axe's html-has-lang and valid-lang read it)."""
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=language, timeout=10000)
    assert page.evaluate("document.documentElement.lang") == language


@pytest.mark.parametrize("variant", VARIANTS, ids=[variant_id(v) for v in VARIANTS])
@pytest.mark.parametrize("path", PATHS)
def test_wcag_aa_on_every_page(server, themed, axe, findings, path, variant):
    theme, language, present = variant
    query = f"?lang={language}" + ("&present=1" if present else "")
    page, requests = open_in(themed(theme), f"{server}{path}{query}")
    try:
        assert page.locator("[data-testid='stException']").count() == 0
        assert_language(page, language)
        background = page.locator("[data-testid='stApp']").evaluate("e => getComputedStyle(e).backgroundColor")
        channels = [int(float(c)) for c in background[background.index("(") + 1:background.index(")")].split(",")[:3]]
        assert (sum(channels) < 200) == (theme == "dark"), f"the page is not in the {theme} theme: {background}"
        response = axe.run(page, options=AXE_OPTIONS).response
        findings.setdefault(variant_id(variant), []).extend(
            {"page": path, "rule": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
            for v in response["violations"] if v["impact"] not in BLOCKING)
        problems = blocking_violations(page, response)
        chart_text = page.evaluate(CHART_TEXT_CONTRAST_JS)
        # Text on the page's own background takes the theme's ink; values printed inside bars take the ink the chart
        # builders choose for each bar colour (charts.layout.ink_on). Both must reach 4.5:1 (3:1 for large text).
        findings.setdefault("chart-text-on-marks", []).extend(
            {"page": path, "variant": variant_id(variant), **f} for f in chart_text if f["on"] == "mark")
        problems += [f"chart text {f['text']!r} on the {f['on']}: {f['ratio']}:1 ({f['fill']}, {f['size']}px)"
                     for f in chart_text]
        assert problems == [], f"{path}{query} in the {theme} theme:\n" + "\n".join(problems)
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()


#: Pages whose controls and tables are opened before axe runs: every expander (the data behind each chart, with its
#: table and CSV button; the sidebar's sources and share-and-present boxes) and a sidebar filter set (its chips).
OPENED = [("/", "subregion=Southern+Asia&subregion=South-eastern+Asia"), ("/Trends", "region=Mediterranean"),
          ("/Incident_map", "cause=Drowning")]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path, query", OPENED, ids=[p for p, _ in OPENED])
def test_wcag_aa_with_tables_and_sidebar_boxes_open(server, themed, axe, path, query, theme):
    page, requests = open_in(themed(theme), f"{server}{path}?lang=en&{query}")
    try:
        page.locator("[data-testid='stSidebar'] [data-tag]").first.wait_for(timeout=10000)
        for label in ("Sources and freshness", "Share and present"):
            page.locator("[data-testid='stSidebar'] summary").filter(has_text=label).first.click()
        count = page.locator("[data-testid='stMain'] summary").filter(has_text="Data behind this chart").count()
        assert count >= 1
        for index in range(count):  # each opens with a rerun of the page
            page.locator("[data-testid='stMain'] summary").filter(has_text="Data behind this chart").nth(index).click()
            page.locator("[data-testid='stMain'] [data-testid='stDownloadButton']").nth(index).wait_for(timeout=30000)
        page.wait_for_timeout(1000)
        problems = blocking_violations(page, axe.run(page, options=AXE_OPTIONS).response)
        assert problems == [], f"{path} in the {theme} theme, boxes open:\n" + "\n".join(problems)
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()


def test_thai_text_is_drawn_in_the_shipped_noto_sans_thai(server, themed):
    """The Thai font comes from this server and is the face the browser actually draws Thai text with (asked of
    Chromium itself), in the page and in the charts' font stack."""
    context = themed("light")
    page, requests = open_in(context, f"{server}/?lang=th")
    try:
        page.evaluate("document.fonts.ready.then(() => true)")
        faces = page.evaluate("[...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === 'Noto Sans Thai')"
                              ".map(f => [f.weight, f.status])")
        assert ["400", "loaded"] in faces, faces
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Thai\"', 'ไทย')")
        assert any(u.endswith("/app/static/fonts/noto-sans-thai-thai-400-normal.woff2") for u in requests)
        # The glyphs of 'ไทย' in the language menu's list are drawn with Noto Sans Thai (Chromium's own answer).
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").first.click()
        option = page.locator("[role='option']").filter(has_text="ไทย").first
        option.wait_for(timeout=10000)
        option.evaluate("e => e.setAttribute('data-a11y-probe', '1')")
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-a11y-probe]"})["nodeId"]
        holders = []  # the elements whose own text nodes hold the Thai word (Chromium reports fonts per element)

        def collect(element):
            for child in element.get("children", []):
                if child.get("nodeType") == 3 and "ไทย" in child.get("nodeValue", ""):
                    holders.append(element["nodeId"])
                collect(child)

        collect(cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1})["node"])
        assert holders, "no Thai text in the menu's option"
        fonts = {}
        for target in holders:
            for found in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": target})["fonts"]:
                fonts[found["familyName"]] = fonts.get(found["familyName"], 0) + found["glyphCount"]
        assert fonts.get("Noto Sans Thai", 0) >= 3, fonts
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "thai-font-overview-1440x900.png"))
        page.keyboard.press("Escape")
        # The charts' text asks for it after the Latin font.
        family = page.locator(".js-plotly-plot .main-svg text").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.index("Source Sans") < family.index("Noto Sans Thai"), family
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()


def test_english_text_keeps_the_latin_font(server, themed):
    """English pages draw with Source Sans and never fetch the Thai font (its faces cover the Thai block only)."""
    page, requests = open_in(themed("light"), f"{server}/?lang=en")
    try:
        page.evaluate("document.fonts.ready.then(() => true)")
        family = page.locator("[data-testid='stMain'] h1").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.startswith('"Source Sans"'), family
        assert not any("/static/fonts/" in u for u in requests)
    finally:
        page.close()


@pytest.mark.parametrize("path", PATHS)
def test_every_chart_has_a_summary_and_its_data_behind_it(server, themed, path):
    """Each chart (plotly or map) is followed, before the next chart, by a non-empty caption (its one-sentence
    summary) and a "Data behind this chart" expander whose summary the keyboard can reach."""
    page, _ = open_in(themed("light"), f"{server}{path}?lang=en")
    try:
        report = page.evaluate("""() => {
          const charts = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"],'
                                                       + '[data-testid="stMain"] [data-testid="stDeckGlJsonChart"]')];
          const all = [...document.querySelectorAll('[data-testid="stMain"] *')];
          return charts.map((chart, i) => {
            const start = all.indexOf(chart), end = i + 1 < charts.length ? all.indexOf(charts[i + 1]) : all.length;
            const after = all.slice(start + 1, end).filter(e => !chart.contains(e));
            const caption = after.find(e => e.matches('[data-testid="stCaptionContainer"]'));
            const box = after.find(e => e.matches('[data-testid="stExpander"]')
                                   && e.querySelector('summary').innerText.includes('Data behind this chart'));
            const summary = box && box.querySelector('summary');
            return {chart: chart.getAttribute('data-testid'), caption: caption ? caption.innerText.trim() : '',
                    expander: !!box, reachable: !!summary && summary.tabIndex >= 0
                      && getComputedStyle(summary).visibility !== 'hidden'};
          });
        }""")
        missing = [r for r in report if not (len(r["caption"]) > 20 and r["expander"] and r["reachable"])]
        assert missing == [], f"{path}: charts without a summary or their data: {missing}"
    finally:
        page.close()
