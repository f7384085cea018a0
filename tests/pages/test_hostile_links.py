"""AppTests for hostile links and for errors nobody expected: each crafted link of issue 15 gives a plain notice
and a working page, never an exception, a traceback or a markdown link made of its text; a later page of the
same session still works; an unexpected error anywhere in a page (its shell included) shows one plain sentence
with a link to the default view, logs its traceback on the server, and the session's next page works."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.errors import DataFileError
from tests.hostile import (
    FAKE_PREVIOUS,
    INTERNALS,
    LINKS,
    PHISHING,
    briefing_value,
    could_become_markup,
    echoes,
    rendered,
)
from transforms.link_values import MAX_NOTICES, MORE_IGNORED
from ui.shell import PAGE_FAILED, PAGES

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
TIMEOUT = 120
#: URL path -> page script, as Streamlit names pages ("pages/3_Trends.py" is "/Trends").
SCRIPTS = {("/" if path == "app.py" else "/" + Path(path).stem.split("_", 1)[1]): path for path in PAGES}
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success",
                 "code", "text", "exception")
FAILED_WORDS = PAGE_FAILED.split(":", 1)[0]


def open_link(url_path: str, query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    if SCRIPTS[url_path] != "app.py":
        at.switch_page(SCRIPTS[url_path])
    return at.run()


def texts(at: AppTest) -> list[str]:
    """Every piece of text the page shows, sidebar included."""
    return [str(element.value) for kind in TEXT_ELEMENTS for element in at.get(kind)]


def assert_working_page(at: AppTest) -> None:
    """No exception, no unexpected-error sentence, no internals, and the page drew its title and more."""
    assert not at.exception, [e.value for e in at.exception]
    assert not any(FAILED_WORDS in e.value for e in at.error)
    shown = texts(at)
    assert not [t for t in shown if INTERNALS.search(rendered(t))], [t for t in shown if INTERNALS.search(t)][:3]
    assert not [t for t in shown for echo in echoes(t) if could_become_markup(echo)]
    assert len(at.title) == 1
    assert len(at.main.children) > 3


@pytest.mark.parametrize("name, url_path, query", LINKS, ids=[link[0] for link in LINKS])
def test_each_hostile_link_gives_a_plain_notice_and_a_working_page(name, url_path, query):
    at = open_link(url_path, query)
    assert_working_page(at)
    notices = [w.value for w in at.warning if not w.value.startswith("Caution")]  # figure cautions are not notices
    assert len(notices) <= MAX_NOTICES, notices
    for notice in notices:
        assert notice.startswith(("Ignored", "Only")) and len(rendered(notice)) < 300, notice
    # A notice says what was ignored; a search that is only text says that nothing matches it.
    said = notices + [i.value for i in at.info if echoes(i.value)]
    assert said and all(echoes(sentence) for sentence in said), said
    # The rest of the session works: the next page opens from the sidebar as usual, with no notice left over.
    at.switch_page("pages/1_Data_and_sources.py").run()
    assert_working_page(at)
    assert not [w.value for w in at.warning if w.value.startswith("Ignored")]


def test_a_month_with_a_trailing_newline_is_refused_and_the_slider_keeps_the_whole_period():
    at = open_link("/", {"to": "2020-01\n"})
    assert_working_page(at)
    assert at.sidebar.select_slider(key="w_period").value == ("2014-01", "2026-05")
    assert any("to=2020-01�" in w.value for w in at.warning)
    assert "to" not in at.query_params  # dropped from the address bar too


def test_a_unicode_digit_step_opens_the_briefing_at_its_first_view():
    at = open_link("/", dict(LINKS[1][2]))
    assert_working_page(at)
    assert any("view 1 of 2" in m.value for m in at.main.markdown)
    assert any(w.value.startswith("Ignored “step=²”") for w in at.warning)


def test_a_search_link_is_echoed_as_text_never_as_a_link():
    at = open_link("/Incident_table", {"q": PHISHING})
    assert_working_page(at)
    echoed = [echo for t in texts(at) for echo in echoes(t) if "Verify your account" in rendered(echo)]
    assert len(echoed) == 2 and not any(could_become_markup(echo) for echo in echoed)  # the count, the "no match"
    assert any("No incident in this selection matches" in i.value for i in at.info)


def test_a_fake_previous_view_link_is_shown_as_text_in_a_briefing():
    """In presenter mode the arrow key follows the "◀ Previous view" link: a link's own text must never make one."""
    views = briefing_value([["app.py", "", "from=2024-01"], ["pages/3_Trends.py", "", ""]])
    at = open_link("/", {"brief": views, "step": "2", "present": "1", "region": FAKE_PREVIOUS})
    assert_working_page(at)
    assert [link.label for link in at.main.get("page_link")] == ["◀ Previous view"]  # the app's own, one
    echoed = [echo for t in texts(at) for echo in echoes(t) if "Previous view" in rendered(echo)]
    assert echoed and not any(could_become_markup(echo) for echo in echoed)


def test_notices_are_capped_in_total():
    at = open_link("/", {key: "x\n" for key in ("from", "to", "region", "subregion", "country", "origin", "route",
                                                "cause", "quality", "grain", "step", "present")})
    assert_working_page(at)
    notices = [w.value for w in at.warning if not w.value.startswith("Caution")]  # figure cautions are not notices
    assert len(notices) == MAX_NOTICES and notices[-1] == MORE_IGNORED


def test_the_server_shows_no_error_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# --- errors nobody expected ---

def boom(*args, **kwargs):
    raise RuntimeError("/srv/secret/app/cache.py line 42 exploded")


@pytest.mark.parametrize("target, page", [
    ("cache.load_overview", "app.py"),  # in a page's body
    ("cache.load_incident_table", "pages/6_Incident_table.py"),
    ("ui.shell.load_gaps", "pages/3_Trends.py"),  # in the shell, before the title
    ("ui.filters.parse_query", "pages/1_Data_and_sources.py"),  # while reading the link
])
def test_an_unexpected_error_shows_one_plain_sentence_and_the_next_page_works(monkeypatch, caplog, target, page):
    monkeypatch.setattr(target, boom)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["from"] = "2024-01"
    if page != "app.py":
        at.switch_page(page)
    with caplog.at_level(logging.ERROR, logger="ui.shell"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [PAGE_FAILED.format(home="/")]
    assert not [t for t in texts(at) if "secret" in t or INTERNALS.search(rendered(t))]
    logged = [r for r in caplog.records if r.name == "ui.shell" and r.exc_info]
    assert logged and "exploded" in str(logged[0].exc_info[1])  # the traceback goes to the server's log
    assert dict(at.query_params) == {}  # the session starts again from the default view
    monkeypatch.undo()
    at.switch_page("app.py").run()
    assert_working_page(at)
    assert at.metric[0].value == "76,276"  # the whole period again, not the link's


def test_a_data_file_error_nobody_caught_keeps_its_own_sentence(monkeypatch):
    error = DataFileError("/srv/data/events.csv", "is empty")

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("cache.load_overview", broken)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [e.value for e in at.error] == [error.sentence()] and "/srv" not in error.sentence()


def test_stop_and_rerun_pass_through_the_guard():
    """st.stop (here: no incident matches) is not an error: the page says why it stopped, nothing else."""
    at = open_link("/", {"from": "2025-08", "to": "2025-09"})
    assert not at.exception and not at.error
    assert any("No incidents match these filters" in i.value for i in at.info)
