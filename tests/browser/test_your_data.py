"""Your data in a real browser, on a live server: one session uploads its own files and sees them on every page;
another session, open at the same time, never sees any of it; and once the first removes its data, or closes, no
trace of it is left among the server's live objects (searched for a marker value through the loopback inspector of
tests/browser/inspected_server.py). Hostile uploads get a sentence, never an exception. No request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.support import REPO, free_port, is_local, wait_for_app, wait_for_health
from tests.pages.test_your_data import MARKER, crossings_csv, fraud_csv, incidents_csv

#: The words every source line of uploaded data carries ("your data (uploaded, not verified)"); charts may wrap the
#: line after them.
UPLOADED = "(uploaded"
#: Pages a session's own incidents flow through (navigation labels), then the others checked for the second session.
FATALITY_PAGES = ("Incident map", "Trends", "Regional comparison", "Country profile", "Incident table")
ALL_PAGES = ("Overview", *FATALITY_PAGES, "Routes map", "Corridor profile", "Corridor comparison", "Travel documents")


@pytest.fixture(scope="module")
def inspected():
    """A live server (sessions end 2 s after their tab closes) and the base URL of its inspector."""
    port, inspector = free_port(), free_port()
    command = [sys.executable, str(REPO / "tests/browser/inspected_server.py"), str(inspector), "run",
               str(REPO / "app.py"), "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.disconnectedSessionTTL", "2"]
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, "MSDE_VALIDATE_FIGURES": "0"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for_health(base, process, timeout=90)
    yield base, f"http://127.0.0.1:{inspector}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def holders(inspector: str) -> dict:
    with urllib.request.urlopen(f"{inspector}/find?hex={MARKER.encode().hex()}", timeout=120) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("your-data")
    paths = []
    for name, data in (("incidents.csv", incidents_csv()), ("crossings.csv", crossings_csv()),
                       ("fraud.csv", fraud_csv())):
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    return paths


def session(browser, base: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(base + "/")
    wait_for_app(page)
    return context, page


def go(page, label: str) -> None:
    """Move to another page of the app within the same session (the sidebar's link, as a reader would)."""
    page.locator("[data-testid='stSidebar']").get_by_text(label, exact=True).first.click()
    page.wait_for_timeout(500)
    wait_for_app(page)


def upload(page, paths: list[str]) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    if not sidebar.locator("[data-testid='stFileUploaderDropzone']").is_visible():  # the section is closed
        sidebar.get_by_text("Your data", exact=True).first.click()
        sidebar.locator("[data-testid='stFileUploaderDropzone']").wait_for(state="visible")
    sidebar.locator("input[type='file']").set_input_files(paths)
    page.wait_for_timeout(1500)
    wait_for_app(page)


def main_text(page) -> str:
    """The main area's HTML: its text, closed expanders' and charts' (SVG) text included."""
    return page.locator("[data-testid='stMain']").inner_html()


def test_one_sessions_data_is_its_own_and_leaves_no_trace(browser, inspected, files):
    base, inspector = inspected
    assert holders(inspector)["holders"] == 0  # the marker is nowhere before the upload
    context_a, a = session(browser, base)
    context_b, b = session(browser, base)
    upload(a, files)
    assert UPLOADED in main_text(a)
    assert "uploaded=1" in a.url and MARKER not in a.url
    assert holders(inspector)["holders"] > 0  # the inspector does find it while the session holds it
    # A's crossings go on the Bay of Bengal corridor: choose it in the sidebar.
    sidebar = a.locator("[data-testid='stSidebar']")
    menu = sidebar.get_by_role("combobox", name="Corridor these crossings are on")
    menu.click()
    menu.fill("Bay of Bengal")  # the list is long and drawn in part: narrow it, then pick
    a.get_by_role("option", name="Bay of Bengal and Andaman Sea").click()
    wait_for_app(a)
    seen = {}
    for label in ALL_PAGES:
        go(a, label)
        if label == "Country profile":  # it asks for a country first: Myanmar, where A's incidents are
            menu = a.locator("[data-testid='stMain']").get_by_role("combobox", name="Country")
            menu.click()
            menu.fill("Myanmar")
            a.get_by_role("option", name="Myanmar (MMR)").click()
            a.wait_for_timeout(500)
            wait_for_app(a)
        seen[label] = main_text(a)
        go(b, label)
        other = main_text(b)
        assert MARKER not in other and UPLOADED not in other, f"session B saw A's data on {label}"
        assert b.locator("[data-testid='stException']").count() == 0
    for label in ("Overview", *FATALITY_PAGES):
        assert UPLOADED in seen[label], f"A's incidents are not on {label}"
    go(a, "Corridor profile")
    a.locator("[data-testid='stMain']").get_by_text("Corridor", exact=True).first.wait_for()
    assert MARKER in seen["Travel documents"]  # A's crossing point labels a chart
    assert "Source: your data (uploaded" in seen["Travel documents"]
    # Remove my data: every trace goes at once.
    a.locator("[data-testid='stSidebar']").get_by_role("button", name="Remove my data").click()
    a.wait_for_timeout(1000)
    wait_for_app(a)
    assert UPLOADED not in main_text(a) and "uploaded=1" not in a.url
    found = holders(inspector)
    assert found["holders"] == 0, found
    # Upload again, then close the tab: the session ends and takes the data with it.
    upload(a, files)
    assert holders(inspector)["holders"] > 0
    requests = a.requests + b.requests
    context_a.close()
    time.sleep(4)  # past the server's 2 s for a closed tab's session
    # Streamlit lets go of expired sessions when it stores the next closed one: a third tab opens and closes.
    context_c, _ = session(browser, base)
    context_c.close()
    time.sleep(1)
    deadline = time.monotonic() + 30
    while (found := holders(inspector))["holders"] and time.monotonic() < deadline:
        time.sleep(2)
    assert found["holders"] == 0, found
    context_b.close()
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], outside[:5]


HOSTILE = {
    "empty.csv": b"",
    "binary.xlsx": bytes(range(256)) * 40,
    "wrong-columns.csv": b"colour,shape\nred,round\n",
    "formula.csv": b"period,place,measure,count\n2024,=cmd|' /C calc'!A0,persons,3\n",
    "huge-field.csv": b"period,place,measure,count\n2024," + b"x" * 1_000_000 + b",persons,3\n",
    "latin-1.csv": "period,place,measure,count\n2024,São Tomé côte,persons,3\n".encode("latin-1"),
}


def test_hostile_uploads_get_sentences_never_an_exception(browser, inspected, tmp_path):
    base, _ = inspected
    context, page = session(browser, base)
    paths = []
    for name, data in HOSTILE.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    upload(page, paths)
    sidebar = page.locator("[data-testid='stSidebar']")
    text = sidebar.inner_text()
    for name in HOSTILE:
        assert name in text, f"{name} is not named"
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content() and str(REPO) not in page.content()
    assert sidebar.locator("[data-testid='stAlertContentError']").count() >= 3  # empty, binary, wrong columns
    page.screenshot(path=str(REPO / "tests/artifacts/your-data-hostile.png"), full_page=True)
    context.close()
