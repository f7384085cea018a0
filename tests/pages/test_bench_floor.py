"""The benchmark's Streamlit-only floor (bench/floor_sidebar.py) draws what the app's shell draws in the sidebar:
the same elements, of the same kinds, in the same order. If the shell gains or loses an element, the floor must
follow, or the benchmark's "Streamlit alone: the app's sidebar" would no longer say what a page's shell costs."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def _kinds(block) -> list[str]:
    """The kinds of the elements under ``block``, depth first, in order (containers by kind, then their content)."""
    kinds = []
    for child in getattr(block, "children", {}).values():
        kinds.append(type(child).__name__)
        kinds.extend(_kinds(child))
    return kinds


def test_the_floor_draws_the_shells_sidebar_element_for_element():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    app.switch_page("pages/5_Country_profile.py")
    app.run()
    assert not app.exception
    floor = AppTest.from_file(str(REPO / "bench" / "floor_sidebar.py"), default_timeout=TIMEOUT)
    floor.run()
    assert not floor.exception
    shell = _kinds(app.sidebar)
    assert shell.count("PageLink") == 15 and shell.count("Multiselect") == 8  # the shell as the floor describes it
    assert _kinds(floor.sidebar) == shell


def test_the_floors_filters_alone_are_the_shells_filters():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    app.run()
    floor = AppTest.from_file(str(REPO / "bench" / "floor_sidebar.py"), default_timeout=TIMEOUT)
    floor.query_params["only"] = "filters"
    floor.run()
    assert [w.label for w in floor.sidebar.multiselect] == [w.label for w in app.sidebar.multiselect]
    assert [w.label for w in floor.sidebar.select_slider] == [w.label for w in app.sidebar.select_slider]
    assert len(floor.sidebar.button) == 2 and not floor.sidebar.get("page_link")
