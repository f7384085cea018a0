"""Reading and writing the page URL's query string.

The URL is the shareable form of the view: global filters plus each page's
own controls. Reading happens once per browser session (the first run);
after that ``st.session_state`` is the truth and the URL mirrors it.
"""

from __future__ import annotations

import streamlit as st

#: Set in session_state once the URL has been read for this browser session.
URL_READ_KEY = "_url_read"
#: A callable the share box leaves here, run after every URL change so the box shows the new link.
SHARE_REFRESH = "_share_refresh"


def current_query() -> dict[str, list[str]]:
    """Every query parameter of the current URL, each with its list of values."""
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


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
    if wanted != now:
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

    Stored under ``st.session_state["ctl_" + key]``; an unknown URL value falls
    back to ``default`` with a notice.
    """
    state_key = f"ctl_{key}"
    if state_key not in st.session_state:
        requested = st.query_params.get(key)
        if requested is not None and requested not in options:
            st.warning(f"Ignored “{key}={requested}” in the link: choose one of {', '.join(options)}.")
            requested = None
        st.session_state[state_key] = requested or default
    elif st.session_state[state_key] not in options:
        # A choice the new filters no longer offer (a selectbox whose options changed keeps None): the default.
        st.session_state[state_key] = default
    return st.session_state[state_key]
