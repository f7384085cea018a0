"""Share and present in a real browser: a copied link survives a server restart, presenter mode at
projector sizes shows no controls and large text, the exported HTML draws its charts with the network
blocked, and the keyboard moves through a three-view briefing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from tests.browser.support import app_server, is_local, open_page, wait_for_app
from ui.briefing import View, step_query

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FILTERED = "/?from=2023-01&to=2024-12&subregion=South-eastern+Asia&subregion=Southern+Asia&grain=year"


def metric_values(page) -> list[str]:
    return page.locator("[data-testid='stMetricValue']").all_inner_texts()


def test_copied_link_reopens_the_same_numbers_after_a_restart(browser):
    with app_server() as base:
        context, page, _ = open_page(browser, base + FILTERED, {"width": 1440, "height": 900})
        before = metric_values(page)
        page.get_by_text("Share and present").click()
        link = page.locator("[data-testid='stSidebar'] [data-testid='stCode'] code").first.inner_text().strip()
        context.close()
    assert "subregion=South-eastern+Asia" in link and "from=2023-01" in link
    path = link.split("/", 3)[3]
    with app_server() as fresh:  # a newly started server, a new browser context
        context, page, requests = open_page(browser, f"{fresh}/{path}", {"width": 1440, "height": 900})
        try:
            assert metric_values(page) == before and before[0] != ""
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()


def test_presenter_mode_at_projector_sizes(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server() as base:
        for width, height in ((1280, 720), (1920, 1080)):
            context, page, requests = open_page(browser, base + FILTERED + "&present=1",
                                                {"width": width, "height": height})
            try:
                assert not page.locator("[data-testid='stSidebar']").is_visible()
                for widget in ("stRadio", "stSelectbox", "stMultiSelect", "stExpander", "stDownloadButton"):
                    visible = [w for w in page.locator(f"[data-testid='stMain'] [data-testid='{widget}']").all()
                               if w.is_visible()]
                    assert visible == [], f"{widget} visible in presenter mode"
                headline = page.locator(".headline p").first
                assert "rose from" in headline.inner_text() or "fell from" in headline.inner_text()
                size = float(headline.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
                assert size >= 28, f"headline only {size}px"
                page.screenshot(path=str(ARTIFACTS / f"presenter-{width}x{height}.png"))
                assert [u for u in requests if not is_local(u)] == []
            finally:
                context.close()


def test_exported_html_shows_its_charts_offline(browser, tmp_path):
    with app_server() as base:
        context, page, _ = open_page(browser, base + FILTERED, {"width": 1440, "height": 900})
        try:
            page.get_by_text("Share and present").click()
            with page.expect_download(timeout=60000) as info:
                page.get_by_role("button", name="Download this view (HTML)").click()
            exported = tmp_path / "view.html"
            info.value.save_as(exported)
        finally:
            context.close()
    text = exported.read_text(encoding="utf-8")
    assert "South-eastern Asia" in text and "IOM Missing Migrants Project" in text
    offline = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    try:
        page = offline.new_page()
        outside: list[str] = []
        page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                   if not route.request.url.startswith("file:") else route.continue_())
        page.goto(exported.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        assert page.locator(".js-plotly-plot").count() >= 3
        assert page.locator(".js-plotly-plot .bars, .js-plotly-plot .trace").count() > 0
        assert outside == []
    finally:
        offline.close()


def test_keyboard_moves_through_a_three_view_briefing(browser):
    views = [View("app.py", "Overview", {"from": ["2024-01"], "to": ["2024-12"]}),
             View("pages/3_Trends.py", "Trends", {"subregion": ["Southern Asia"]}),
             View("pages/1_Data_and_sources.py", "Data and sources", {})]
    start = "/?" + urlencode(step_query(views, 0, presenting=True), doseq=True)
    with app_server() as base:
        context, page, requests = open_page(browser, base + start, {"width": 1280, "height": 720})
        try:
            assert page.get_by_text("view 1 of 3", exact=False).count() == 1
            page.keyboard.press("ArrowRight")
            page.wait_for_url("**/Trends?**step=2**", timeout=30000)
            wait_for_app(page)
            assert page.get_by_text("view 2 of 3").count() == 1 and "subregion=Southern+Asia" in page.url
            page.keyboard.press("ArrowRight")
            page.wait_for_url("**/Data_and_sources?**step=3**", timeout=30000)
            wait_for_app(page)
            assert page.get_by_text("view 3 of 3").count() == 1
            page.keyboard.press("ArrowLeft")
            page.wait_for_url("**/Trends?**step=2**", timeout=30000)
            wait_for_app(page)
            assert page.get_by_text("view 2 of 3").count() == 1
            assert [u for u in requests if not is_local(u)] == []
            assert page.page_errors == []
        finally:
            context.close()


def test_dark_theme_from_the_app_menu_stays_offline(browser):
    with app_server() as base:
        context, page, requests = open_page(browser, base + "/?from=2024-01&to=2024-12", {"width": 1440, "height": 900})
        try:
            page.locator("[data-testid='stMainMenu']").click()
            page.locator("[data-testid='stMainMenuList'] >> text=Dark").first.click()
            page.wait_for_timeout(1500)
            background = page.locator("[data-testid='stApp']").evaluate("e => getComputedStyle(e).backgroundColor")
            channels = [int(c) for c in background[background.index("(") + 1:background.index(")")].split(",")[:3]]
            assert sum(channels) < 200, f"background {background} is not dark"
            page.screenshot(path=str(ARTIFACTS / "overview-dark-1440x900.png"))
            assert [u for u in requests if not is_local(u)] == []
        finally:
            context.close()
