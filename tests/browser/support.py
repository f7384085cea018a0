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
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"streamlit did not start:\n{output}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
