"""Widget callbacks kept out of page scripts.

Streamlit holds a widget's ``on_change``/``on_click`` callback and its
``format_func`` for as long as the session lives. A function defined in a page
script carries that page's whole namespace with it (its ``__globals__``): the
filtered incident frames and everything computed from them would then stay in
memory once per session. Pages pass these instead, with what they need as
arguments, and label widgets with ``dict.get`` of a prepared dict.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import streamlit as st


def set_states(values: Mapping[str, Any], drop: Iterable[str] = ()) -> None:
    """Remove the ``drop`` keys from the session state, then set each of ``values``."""
    for key in drop:
        st.session_state.pop(key, None)
    for key, value in values.items():
        st.session_state[key] = value
