"""Reading and writing the page URL's query string, and the notices about a link's ignored values.

The URL is the shareable form of the view: global filters plus each page's
own controls. Reading happens once per browser session (the first run);
after that ``st.session_state`` is the truth and the URL mirrors it.

A link may come from anyone: the app reads it only through this module, under the limits of
:mod:`transforms.link_values` (no other module touches ``st.query_params``, a test checks). On a session's
first run :func:`clean_url` drops what breaks those limits from the address bar, with one notice per
parameter; :func:`link_notice` shows each notice, at most one per parameter and
``link_values.MAX_NOTICES`` in all per run.
"""

from __future__ import annotations

from typing import Iterable

import streamlit as st

from i18n import _
from transforms.link_values import MAX_NOTICES, MORE_IGNORED, clean_query, ignored, last_value, options_hint

#: Set in session_state once the URL has been read for this browser session.
URL_READ_KEY = "_url_read"
#: A callable the share box leaves here, run after every URL change so the box shows the new link.
SHARE_REFRESH = "_share_refresh"
#: The parameters that have had a notice in this run (a set of keys), and whether the cap was reached.
NOTICED_KEY = "_link_noticed"


def _raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def current_query() -> dict[str, list[str]]:
    """The query parameters of the current URL, each with its list of values, within the link limits."""
    return clean_query(_raw_query())[0]


def url_values(key: str) -> list[str]:
    """Every value of ``key`` in the URL (within the link limits; empty when absent)."""
    return current_query().get(key, [])


def url_value(key: str) -> str | None:
    """The value of ``key`` in the URL (the last one when given twice), or None."""
    return last_value(url_values(key))


def clean_url() -> dict[str, str]:
    """Drop from the URL whatever breaks the link limits; return one notice per parameter that lost a value."""
    raw = _raw_query()
    clean, notices = clean_query(raw)
    if clean != raw:
        st.query_params.from_dict(clean)
    return notices


def clear_url() -> None:
    """Empty the query string (the next run starts from the default view)."""
    st.query_params.clear()


def start_notices() -> None:
    """Begin a run with no link notice shown yet."""
    st.session_state[NOTICED_KEY] = set()


def link_notice(key: str, sentence: str) -> None:
    """Show ``sentence``, a notice about parameter ``key`` of the link, unless this run has shown one for
    ``key`` already; past ``MAX_NOTICES`` notices, one last saying that more was ignored, then none."""
    noticed = st.session_state.setdefault(NOTICED_KEY, set())
    if key in noticed or MORE_IGNORED in noticed:
        return
    noticed.add(key)
    if len(noticed) >= MAX_NOTICES:
        noticed.add(MORE_IGNORED)
        st.warning(_(MORE_IGNORED))
        return
    st.warning(sentence)


def show_link_notices(notices: Iterable[tuple[str, str]]) -> None:
    """:func:`link_notice` for each (parameter, sentence)."""
    for key, sentence in notices:
        link_notice(key, sentence)


def first_run() -> bool:
    """True on the first script run of this browser session (the URL has not been read yet)."""
    return not st.session_state.get(URL_READ_KEY, False)


def mark_url_read() -> None:
    """Record that this session's URL has been read."""
    st.session_state[URL_READ_KEY] = True


def write_query(owned: dict[str, list[str]], owned_keys: set[str]) -> None:
    """Make the URL hold ``owned`` for ``owned_keys``, keeping any other keys as they are."""
    now = current_query()
    wanted = {k: v for k, v in now.items() if k not in owned_keys}
    wanted.update({k: v for k, v in owned.items() if v})
    if wanted != _raw_query():
        st.query_params.from_dict(wanted)
    refresh = st.session_state.get(SHARE_REFRESH)
    if callable(refresh):
        refresh()


def forget_view_state() -> None:
    """Forget the filters and page controls, so the next run reads them afresh from the URL.

    Used when a briefing moves to its next view, whose link carries its own filters.
    """
    for key in list(st.session_state.keys()):
        if key in (URL_READ_KEY, "filters") or str(key).startswith(("ctl_", "w_")):
            del st.session_state[key]


def page_control(key: str, options: list[str], default: str) -> str:
    """The value of a page's own single-choice control, seeded from the URL on first load.

    Stored under ``st.session_state["ctl_" + key]``; a URL value that is not
    exactly one of ``options`` falls back to ``default`` with a notice.
    """
    state_key = f"ctl_{key}"
    if state_key not in st.session_state:
        requested = url_value(key)
        if requested is not None and requested not in options:
            link_notice(key, ignored(key, [requested], options_hint(options)))
            requested = None
        st.session_state[state_key] = requested or default
    elif st.session_state[state_key] not in options:
        # A choice the new filters no longer offer (a selectbox whose options changed keeps None): the default.
        st.session_state[state_key] = default
    return st.session_state[state_key]
