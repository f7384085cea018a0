"""``make serve`` in a real browser: two replicas behind HAProxy (``tools.serve.Cluster``), every page opened
through the proxy under its security headers, with no Content-Security-Policy violation, charts and maps drawn;
and in one browser session an upload, a download, a briefing and a page switch, all through the proxy (the
upload is sent to, and the download fetched from, the session's own replica: the stickiness cookie at work)."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.browser.support import assert_shell, is_local, page_paths, wait_for_app
from tools.serve import COOKIE, Cluster, content_security_policy
from ui.briefing import View, step_query

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: Records every CSP violation the page reports, from before the first script runs.
CSP_LISTENER = """window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile}));"""
#: Pages that draw a pydeck map (a deck.gl canvas) and pages whose first view has plotly charts.
MAP_PAGES = {"/Incident_map", "/Routes_map"}


@pytest.fixture(scope="module")
def cluster():
    with Cluster(replicas=2, host="127.0.0.1", env={"MSDE_VALIDATE_FIGURES": "0"}) as running:
        yield running


def open_through(context, url: str):
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: console.append(message.text))
    page.page_errors = []
    page.on("pageerror", lambda error: page.page_errors.append(str(error)[:200]))
    page.goto(url)
    wait_for_app(page)
    return page, requests, console


def new_context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(CSP_LISTENER)
    return context


def violations(page, console: list[str]) -> list:
    return page.evaluate("() => window.__csp") + [m for m in console if "Content Security Policy" in m]


def test_the_proxy_adds_the_security_headers_sets_the_cookie_and_caches_static_files(cluster):
    with urllib.request.urlopen(cluster.url + "/") as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == content_security_policy()
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Set-Cookie"].startswith(COOKIE + "=r")
    ages = []
    for _ in range(2):
        with urllib.request.urlopen(cluster.url + "/app/static/blank-style.json") as response:
            assert "max-age=3600" in response.headers["Cache-Control"]
            assert response.headers["Set-Cookie"] is None  # a response with a cookie would never be cached
            ages.append(response.headers["Age"])
    assert ages[0] is None and ages[1] is not None, "the second request should come from the proxy's cache"


def test_every_page_works_under_the_headers(browser, cluster):
    ARTIFACTS.mkdir(exist_ok=True)
    context = new_context(browser)
    try:
        for path in page_paths():
            page, requests, console = open_through(context, cluster.url + path + "?from=2023-01&to=2024-12")
            assert_shell(page)
            assert violations(page, console) == [], f"{path}: CSP violations"
            if path in MAP_PAGES:
                page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30000)
            if path in ("/", "/Trends", "/Hazards"):
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
                assert page.locator(".js-plotly-plot .main-svg .trace").count() > 0, f"{path}: no chart drawn"
            page.wait_for_timeout(500)
            assert violations(page, console) == [], f"{path}: CSP violations after drawing"
            assert [u for u in requests if not is_local(u)] == []
            if path in ("/", "/Incident_map"):
                page.screenshot(path=str(ARTIFACTS / f"serve{path.replace('/', '-') or '-overview'}.png"))
            page.close()
    finally:
        context.close()


def test_one_session_uploads_downloads_opens_a_briefing_and_switches_page(browser, cluster, tmp_path):
    views = [View("app.py", "Overview", {"from": ["2024-01"], "to": ["2024-12"]}),
             View("pages/3_Trends.py", "Trends", {"subregion": ["Southern Asia"]})]
    briefing = "/?" + urlencode(step_query(views, 0, presenting=False), doseq=True)
    context = new_context(browser)
    try:
        page, requests, console = open_through(context, cluster.url + briefing)
        cookie = [c for c in context.cookies() if c["name"] == COOKIE]
        assert len(cookie) == 1
        assert page.get_by_text("view 1 of 2", exact=False).count() == 1
        # A download: served by Streamlit's media endpoint of the replica holding this session.
        page.get_by_text("Data behind this chart").first.click()
        with page.expect_download(timeout=30000) as info:
            page.get_by_role("button", name="Download CSV").first.click()
        saved = tmp_path / "chart.csv"
        info.value.save_as(saved)
        assert "IOM Missing Migrants Project" in saved.read_text(encoding="utf-8")
        # An upload: Streamlit's upload endpoint of the replica holding this session (Your data, in the sidebar).
        from tests.pages.test_your_data import incidents_csv

        upload = tmp_path / "mine.csv"
        upload.write_bytes(incidents_csv())
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Your data", exact=True).first.click()
        sidebar.locator("input[type='file']").set_input_files(str(upload))
        page.get_by_text("Also your data (uploaded, not verified)", exact=False).first.wait_for(timeout=60000)
        assert sidebar.get_by_text("30 rows read.", exact=True).count() == 1
        # The briefing's next view, then a page switch by the sidebar's link: the same session throughout.
        page.get_by_role("link", name="Next view").first.click()
        page.wait_for_url("**/Trends?**step=2**", timeout=30000)
        wait_for_app(page)
        assert page.get_by_text("view 2 of 2", exact=False).count() == 1
        assert "subregion=Southern+Asia" in page.url
        page.locator("[data-testid='stSidebar']").get_by_text("Data and sources", exact=True).first.click()
        page.wait_for_url("**/Data_and_sources**", timeout=30000)
        wait_for_app(page)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Data and sources"
        assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == [cookie[0]["value"]]
        assert violations(page, console) == []
        assert page.page_errors == []
        assert [u for u in requests if not is_local(u)] == []
    finally:
        context.close()


def test_every_language_runs_its_scripts_under_the_policy(browser, cluster):
    """Each language has its own two inline scripts (the page's lang attribute, the briefing's keys): each runs."""
    from i18n import LANGUAGES

    views = [View("app.py", "Overview", {}), View("pages/3_Trends.py", "Trends", {})]
    context = new_context(browser)
    try:
        for code in LANGUAGES:
            query = urlencode({**step_query(views, 0, presenting=False), "lang": [code]}, doseq=True)
            page, _, console = open_through(context, f"{cluster.url}/?{query}")
            assert page.evaluate("() => document.documentElement.lang") == code
            assert violations(page, console) == [], f"{code}: CSP violations"
            page.keyboard.press("ArrowRight")  # the keyboard script follows the Next link
            page.wait_for_url("**/Trends?**step=2**", timeout=30000)
            page.close()
    finally:
        context.close()
