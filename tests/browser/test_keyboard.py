"""Keyboard alone, in a real browser (WCAG 2.1.1 Keyboard, 2.4.3 Focus Order, 2.4.7 Focus Visible): Tab, Shift+Tab,
Enter, Space and the arrow keys reach and work every sidebar filter, the language menu, the page's own controls, a
chart's menu, the "Data behind this chart" box and its CSV download, and the presenter's controls, on the Overview,
Trends and Incident map pages. At each stop the test checks what kind of element holds focus and that focus shows:
the element matches ``:focus-visible`` and something drawn on it or around it (outline, ring, border, background)
changes when it loses focus.

Known gaps, in Streamlit's own elements (no theme setting reaches them; the README lists them):
- the navigation link of the page being shown is already highlighted, and focus adds nothing visible to it;
- the main area (``stMain``, a scroll container Streamlit makes focusable) and deck.gl's map container and canvas
  take focus with no visible mark; the map's own zoom buttons after them do show it.

Labels are matched in English (``?lang=en``); positions and kinds of elements, not words, drive the walk.
"""

from __future__ import annotations

from typing import Callable

import pytest

from tests.browser.support import FOCUS_JS, app_server, focused, is_local, open_in, page_paths, wait_for_app

MAX_TABS = 160


@pytest.fixture(scope="module")
def server():
    with app_server() as base:
        yield base


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context
    context.close()


def tab_until(page, wanted: Callable[[dict], bool], *, back: bool = False, limit: int = MAX_TABS) -> dict:
    """Press Tab (Shift+Tab when ``back``) until the focused element is ``wanted``; return its state (with
    ``indicator``) after checking that focus shows on it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        state = page.evaluate(FOCUS_JS)
        if state and wanted(state):
            state = focused(page)
            assert state["focusVisible"], f"focus on {state} does not match :focus-visible"
            assert state["indicator"], f"nothing shows focus on {state}"
            return state
    raise AssertionError(f"not reached with {'Shift+' if back else ''}Tab in {limit} presses")


def skip_to(page, wanted: Callable[[dict], bool], limit: int = MAX_TABS) -> dict:
    """Press Tab until the focused element is ``wanted``, without the focus-visible check (for Streamlit's main
    area, which takes focus with no visible mark: see the module docstring)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_JS)
        if state and wanted(state):
            return state
    raise AssertionError(f"not reached with Tab in {limit} presses")


def summary(text: str, *, sidebar: bool) -> Callable[[dict], bool]:
    return lambda s: s["tag"] == "summary" and text in s["label"] and s["inSidebar"] == sidebar


def modebar(s: dict) -> bool:
    return s["tag"] == "button" and s["testid"] == "stPlotlyChart"


def combobox(label: str, testid: str) -> Callable[[dict], bool]:
    return lambda s: s["role"] == "combobox" and s["testid"] == testid and s["label"] == label


def open_data_box_and_download(page, key: str) -> None:
    """From a chart's focused "Data behind this chart" summary: open it with ``key`` (Enter or Space), reach its
    Download CSV button with Tab, and download with Enter."""
    page.keyboard.press(key)
    page.locator("[data-testid='stMain'] details[open] [data-testid='stDownloadButton']").first.wait_for(timeout=30000)
    wait_for_app(page)
    state = page.evaluate(FOCUS_JS)
    assert state and state["tag"] == "summary" and state["open"] is True, f"focus left the opened box: {state}"
    # Tab goes through the table's toolbar and along its grid (a row's cells), then to the button.
    button = tab_until(page, lambda s: s["tag"] == "button" and "Download CSV" in s["label"], limit=60)
    assert not button["inSidebar"]
    with page.expect_download(timeout=30000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    back = tab_until(page, lambda s: s["tag"] == "summary" and "Data behind this chart" in s["label"], back=True,
                     limit=60)
    assert back["open"] is True


def test_overview_sidebar_and_chart_by_keyboard(server, context):
    page, requests = open_in(context, f"{server}/?lang=en")
    try:
        first = tab_until(page, lambda s: True, limit=1)
        assert first["testid"] == "stSkipToContent"
        language = tab_until(page, combobox("Language", "stSelectbox"))
        assert language["inSidebar"] and language["expanded"] == "false"
        page.keyboard.press("ArrowDown")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'true'", timeout=5000)
        assert page.locator("[role='listbox'] [role='option']").filter(has_text="ไทย").count() == 1
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'false'", timeout=5000)

        # Every navigation link, in order, each showing focus but the current page's (see the module docstring).
        labels = []
        for label in page_paths().values():
            page.keyboard.press("Tab")
            state = focused(page)
            assert state["testid"] == "stPageLink-NavLink" and state["focusVisible"], state
            assert state["indicator"] or label == "Overview", f"no visible focus on the link to {label}"
            labels.append(state["label"])
        assert labels == list(page_paths().values())

        # The period slider: both thumbs, and the arrow keys move them (the link follows).
        start = tab_until(page, lambda s: s["type"] == "range")
        assert start["testid"] == "stSlider" and start["inSidebar"]
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**from=2014-02**", timeout=30000)
        wait_for_app(page)
        assert page.evaluate(FOCUS_JS)["type"] == "range", "focus left the slider after it moved"
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => !location.search.includes('from=2014-02')", timeout=30000)
        wait_for_app(page)
        end = tab_until(page, lambda s: s["type"] == "range", limit=1)
        assert end["label"] != start["label"]

        # Every multiselect filter of the sidebar, in order, the list opening with the arrow key.
        filters = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input[role='combobox']")
        names = [filters.nth(i).get_attribute("aria-label") for i in range(filters.count())]
        assert len(names) >= 6
        for name in names:
            state = tab_until(page, combobox(name, "stMultiSelectTagsContainer"), limit=4)
            assert state["inSidebar"]
        page.keyboard.press("ArrowDown")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'true'", timeout=5000)
        page.keyboard.press("Escape")
        reset = tab_until(page, lambda s: s["tag"] == "button" and s["label"] == "Reset filters", limit=4)
        assert reset["inSidebar"]

        # The sidebar's two boxes open with Enter and Space.
        tab_until(page, summary("Share and present", sidebar=True), limit=3)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('details').open", timeout=5000)
        tab_until(page, lambda s: s["tag"] == "button" and s["label"] == "Presenter mode", limit=6)
        tab_until(page, summary("Sources and freshness", sidebar=True), limit=12)
        page.keyboard.press(" ")
        page.wait_for_function("() => document.activeElement.closest('details').open", timeout=5000)

        # The main area: the grain radio, the first chart's menu, its data box and CSV download (Enter).
        radio = tab_until(page, lambda s: s["type"] == "radio" and not s["inSidebar"])
        assert radio["testid"] == "stRadioOption"
        tab_until(page, modebar, limit=4)
        tab_until(page, summary("Data behind this chart", sidebar=False), limit=12)
        open_data_box_and_download(page, "Enter")
        assert [u for u in requests if not is_local(u)] == []
        assert page.page_errors == []
    finally:
        page.close()


def test_trends_controls_chart_menu_and_data_by_keyboard(server, context):
    page, requests = open_in(context, f"{server}/Trends?lang=en")
    try:
        skip_to(page, lambda s: s["testid"] == "stMain")  # past the sidebar and the app menu
        radio = tab_until(page, lambda s: s["type"] == "radio")
        split = tab_until(page, lambda s: s["role"] == "combobox" and s["testid"] == "stSelectbox", limit=3)
        assert not radio["inSidebar"] and not split["inSidebar"]
        page.keyboard.press("ArrowDown")  # the "Split by" list opens and closes from the keyboard
        page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'true'", timeout=5000)
        page.keyboard.press("Escape")
        tab_until(page, lambda s: s["type"] == "radio", limit=3)
        page.keyboard.press("ArrowRight")  # a radio group moves with the arrows
        wait_for_app(page)
        assert page.evaluate(FOCUS_JS)["type"] == "radio"
        menu = tab_until(page, modebar, limit=8)
        assert menu["label"]  # plotly's buttons are named (Download plot as a PNG, Zoom, ...)
        tab_until(page, summary("Data behind this chart", sidebar=False), limit=12)
        open_data_box_and_download(page, " ")
        assert [u for u in requests if not is_local(u)] == []
        assert page.page_errors == []
    finally:
        page.close()


def test_map_page_data_behind_the_map_by_keyboard(server, context):
    """The deck.gl map itself is no keyboard target worth having (see the module docstring), but its zoom buttons
    and the data behind it are."""
    page, requests = open_in(context, f"{server}/Incident_map?lang=en")
    try:
        skip_to(page, lambda s: s["testid"] == "stMain")
        tab_until(page, lambda s: s["type"] == "radio")
        tab_until(page, lambda s: s["testid"] == "stDeckGlJsonChartZoomButton")
        tab_until(page, summary("Data behind this chart", sidebar=False), limit=4)
        open_data_box_and_download(page, "Enter")
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()


def test_presenter_mode_on_and_off_by_keyboard(server, context):
    page, requests = open_in(context, f"{server}/?lang=en")
    try:
        tab_until(page, summary("Share and present", sidebar=True))
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('details').open", timeout=5000)
        tab_until(page, lambda s: s["tag"] == "button" and s["label"] == "Presenter mode", limit=6)
        page.keyboard.press("Enter")
        page.wait_for_url("**present=1**", timeout=30000)
        wait_for_app(page)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        leave = tab_until(page, lambda s: s["tag"] == "button" and "Leave presenter mode" in s["label"])
        assert not leave["inSidebar"]
        page.keyboard.press(" ")
        page.wait_for_function("() => !location.search.includes('present=1')", timeout=30000)
        wait_for_app(page)
        assert page.locator("[data-testid='stSidebar']").is_visible()
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()


def test_briefing_next_and_previous_by_keyboard(server, context):
    from urllib.parse import urlencode

    from ui.briefing import View, step_query

    views = [View("app.py", "Overview", {"from": ["2024-01"], "to": ["2024-12"]}),
             View("pages/3_Trends.py", "Trends", {}), View("pages/1_Data_and_sources.py", "Data and sources", {})]
    page, requests = open_in(context, f"{server}/?lang=en&" + urlencode(step_query(views, 0, presenting=True),
                                                                          doseq=True))
    try:
        forward = tab_until(page, lambda s: s["tag"] == "a" and "Next view" in s["label"])
        assert not forward["inSidebar"]
        page.keyboard.press("Enter")
        page.wait_for_url("**/Trends?**step=2**", timeout=30000)
        wait_for_app(page)
        back = tab_until(page, lambda s: s["tag"] == "a" and "Previous view" in s["label"])
        tab_until(page, lambda s: s["tag"] == "a" and "Next view" in s["label"], limit=3)
        tab_until(page, lambda s: s["tag"] == "a" and "Previous view" in s["label"], back=True, limit=3)
        assert back["tag"] == "a"
        page.keyboard.press("Enter")
        page.wait_for_url("**step=1**", timeout=30000)
        wait_for_app(page)
        assert [u for u in requests if not is_local(u)] == []
    finally:
        page.close()
