"""Helpers for real-browser tests: start the app's server and a headless Chromium.

Used by the browser tests and by the screenshot script; no outside host is
contacted (Chromium runs with background networking off).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    """A system Chromium, if any (None lets Playwright use its own downloaded build)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def app_server(env: dict[str, str] | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free loopback port; yield its base URL; stop it after.

    The server makes its figures as the app does, unvalidated (the test run validates those it makes itself:
    tests/conftest.py), unless ``env`` says otherwise.
    """
    env = {"MSDE_VALIDATE_FIGURES": "0", **(env or {})}
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process, timeout)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_health(base: str, process: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    """Wait until the Streamlit server at ``base`` answers its health check; RuntimeError (with the server's output
    when it has one) if ``process`` ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            output = process.stdout.read().decode(errors="replace") if process is not None and process.stdout else ""
            raise RuntimeError(f"streamlit did not start:\n{output}")
        time.sleep(0.2)


def launch_browser(playwright):
    """Headless Chromium: the system one where found, else Playwright's own."""
    path = chromium_path()
    kwargs = {"executable_path": path} if path else {}
    return playwright.chromium.launch(args=CHROMIUM_ARGS, **kwargs)


def wait_for_app(page, timeout_ms: int = 60000) -> None:
    """Wait until Streamlit has finished running the page script."""
    page.wait_for_selector("[data-testid='stSidebar']", state="attached", timeout=timeout_ms)
    # Running: the status widget shows; skeletons stand in for elements not yet drawn.
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"
        " && !document.querySelector(\"[data-testid='stSkeleton']\")"
        " && document.querySelector(\"[data-testid='stMain'] h1\")", timeout=timeout_ms)
    page.wait_for_timeout(1000)


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (loopback, data:, blob:, about:)."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parsed.hostname in {"127.0.0.1", "localhost", "::1"}


NAV_LABELS = ("Overview", "Incident map", "Trends", "Regional comparison", "Country profile", "Incident table",
              "Routes map", "Corridor profile", "Corridor comparison", "Modus operandi", "Hazards", "Crime markets",
              "Data and sources")


def open_page(browser, url: str, viewport: dict[str, int]):
    """Open ``url`` in a new context; return (context, page, every URL the page requested)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.page_errors = []  # uncaught errors in the browser, checked by assert_shell
    page.on("pageerror", lambda error: page.page_errors.append(str(error)[:200]))
    page.goto(url)
    wait_for_app(page)
    return context, page, requests


def assert_shell(page) -> None:
    """The shared shell is there: navigation, filters, sources footer, and no exception box."""
    sidebar = page.locator("[data-testid='stSidebar']")
    for label in NAV_LABELS:
        assert sidebar.get_by_text(label, exact=True).count() >= 1, f"navigation link {label!r} missing"
    assert sidebar.get_by_text("Filters", exact=True).count() == 1
    assert sidebar.get_by_text("Sources and freshness", exact=True).count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert getattr(page, "page_errors", []) == [], f"errors in the browser: {page.page_errors}"


def screenshots_and_offline(page, requests: list[str], name: str, folder) -> None:
    """Save the page at desktop (1440x900) and projector (1280x720) sizes, then assert no request left the machine."""
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-1440x900.png"))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)
    page.screenshot(path=str(folder / f"{name}-1280x720.png"))
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], f"requests left the machine: {outside[:5]}"


# Accessibility helpers (tests/browser/test_accessibility.py, tests/browser/test_keyboard.py) -----------------

def page_paths() -> dict[str, str]:
    """URL path -> navigation label of every page in ui.shell.PAGES ("app.py" is "/", "pages/2_Incident_map.py"
    is "/Incident_map")."""
    from ui.shell import PAGES

    paths = {}
    for script, label in PAGES.items():
        paths["/" if script == "app.py" else "/" + Path(script).stem.split("_", 1)[1]] = label
    return paths


def open_in(context, url: str):
    """Open ``url`` in a new tab of ``context`` (which keeps its colour scheme); return (page, requested URLs)."""
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.page_errors = []
    page.on("pageerror", lambda error: page.page_errors.append(str(error)[:200]))
    page.goto(url)
    wait_for_app(page)
    return page, requests


#: Contrast of the text plotly draws in SVG, which axe-core does not check: every visible text of a chart in the
#: main area, blended with its opacity, against what it stands on: the bar or marker it is drawn inside (bar values,
#: numbers inside event markers), else the page background. Heatmap cells pick their own contrasting ink and are
#: left out. Returns the failures: text, ratio, colour, size.
CHART_TEXT_CONTRAST_JS = """() => {
  const parse = (s) => { const m = (s || '').match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(x => parseFloat(x));
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const blend = (fg, bg, a) => ({r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a),
                                 b: fg.b * a + bg.b * (1 - a)});
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const alphaOf = (node, own) => { let a = own;
    for (let n = node; n && n.tagName.toLowerCase() !== 'svg'; n = n.parentElement) {
      a *= parseFloat(getComputedStyle(n).opacity || '1');
    }
    return a; };
  const page = parse(getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor);
  const inside = (inner, outer) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1
    && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
  const failures = [];
  for (const text of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg text')) {
    const label = (text.textContent || '').trim();
    const box = text.getBoundingClientRect();
    if (!label || box.width === 0 || box.height === 0) continue;
    if (text.closest('.heatmaplayer, .hoverlayer')) continue;
    let marks = [];
    const bar = text.closest('.point');
    if (bar) marks = [...bar.querySelectorAll('path')];
    const point = text.closest('.textpoint');
    if (point) marks = [...(point.closest('.trace') || point.parentNode).querySelectorAll('.point')];
    const mark = marks.find(m => inside(box, m.getBoundingClientRect()));
    let ground = page;
    if (mark) {
      const ms = getComputedStyle(mark), fill = parse(ms.fill);
      if (fill) ground = blend(fill, page, alphaOf(mark, fill.a * parseFloat(ms.fillOpacity || '1')));
    }
    const style = getComputedStyle(text);
    const fill = parse(style.fill);
    if (!fill) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    const value = ratio(blend(fill, ground, alphaOf(text, fill.a * parseFloat(style.fillOpacity || '1'))), ground);
    if (value < (large ? 3 : 4.5)) {
      failures.push({text: label.slice(0, 60), ratio: Math.round(value * 100) / 100, fill: style.fill, size,
                     on: mark ? 'mark' : 'page'});
    }
  }
  return failures;
}"""


#: Where keyboard focus is: the focused element's tag, role, type, test id of its nearest Streamlit element, label,
#: whether it is in the sidebar and whether it matches ``:focus-visible``. The element is kept as
#: ``window.__a11yFocused`` for :data:`FOCUS_STYLES_JS`.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  window.__a11yFocused = el;
  let visible = false;
  try { visible = el.matches(':focus-visible'); } catch (e) { visible = false; }
  const holder = el.closest('[data-testid]');
  return {tag: el.tagName.toLowerCase(), role: el.getAttribute('role') || '', type: el.getAttribute('type') || '',
          testid: holder ? holder.getAttribute('data-testid') : '',
          label: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 80),
          expanded: el.getAttribute('aria-expanded'), open: el.closest('details') ? el.closest('details').open : null,
          inSidebar: !!el.closest('[data-testid="stSidebar"]'), focusVisible: visible};
}"""

#: What is drawn around the focused element: outline, box-shadow, border and background of it and of the four
#: elements around it (Streamlit marks a focused select box by its border, a button by a ring). Compared with and
#: without focus, a difference is a visible focus indicator.
FOCUS_STYLES_JS = """() => {
  const out = [];
  for (let node = window.__a11yFocused, hops = 0; node && node.nodeType === 1 && hops < 5;
       node = node.parentElement, hops++) {
    const s = getComputedStyle(node);
    out.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderTopColor, s.borderBottomColor,
              s.backgroundColor, s.textDecorationLine, s.color].join('|'));
  }
  return out;
}"""


def focused(page) -> dict | None:
    """Where keyboard focus is (see :data:`FOCUS_JS`), with ``indicator``: True when something drawn on the
    focused element or around it changes when it loses focus (WCAG 2.4.7 Focus Visible). Focus is put back after."""
    state = page.evaluate(FOCUS_JS)
    if state is None:
        return None
    with_focus = page.evaluate(FOCUS_STYLES_JS)
    page.evaluate("() => window.__a11yFocused.blur()")
    page.wait_for_timeout(250)  # Streamlit's rings fade in and out
    without = page.evaluate(FOCUS_STYLES_JS)
    page.evaluate("() => window.__a11yFocused.focus({preventScroll: true})")
    page.wait_for_timeout(250)
    state["indicator"] = with_focus != without
    return state
