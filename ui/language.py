"""The reader's language: chosen in the sidebar, mirrored in the link (``?lang=fr``), the browser's preference by
default.

:func:`activate` runs first in every page run (``ui.shell.page_guard`` calls it), before any text is made: it
settles the language and makes it the active one of :mod:`i18n`. :func:`render_language_menu` draws the menu in
the sidebar, keeps the link's ``lang`` in step and sets the page's ``<html lang>`` attribute, so screen readers
and the browser's hyphenation and line breaking follow the language.

Which language a run shows, in order: the menu's value once the session has one; on a session's first run, the
link's ``lang``; else the browser's preferred language among the four (``st.context.locale``, then the
``Accept-Language`` header); else English. The link carries ``lang`` whenever the language is not English or was
picked in the menu, so a shared link opens in the sender's language.
"""

from __future__ import annotations

import json

import streamlit as st

from cache import learn_country_names
from i18n import (
    DEFAULT_LANGUAGE,
    DRAFT_LANGUAGES,
    LANGUAGES,
    N_,
    _,
    best_language,
    language,
    translated_in,
    use_language,
)
from transforms.link_values import ignored
from ui.filters import add_notices
from ui.url_state import first_run, url_value, write_query

#: The URL parameter and the session-state key of the menu.
LANG_KEY = "lang"
#: Set once the reader has picked a language in the menu (the link then always carries it).
PICKED_KEY = "_lang_picked"


def browser_language() -> str | None:
    """The first of the offered languages the browser prefers, or None."""
    try:
        found = best_language(st.context.locale)
        if found:
            return found
        return best_language(st.context.headers.get("Accept-Language"))
    except Exception:  # no browser (a test harness): the default language
        return None


def activate() -> str:
    """Settle this run's language (see the module's docstring), make it active, and return its code."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen not in LANGUAGES:
        from_link = url_value(LANG_KEY) if first_run() else None
        if from_link is not None and from_link not in LANGUAGES:
            add_notices({LANG_KEY: ignored(LANG_KEY, [from_link], _("the languages are {codes}",
                                                                    codes=", ".join(LANGUAGES)))})
            from_link = None
        if from_link is not None:
            st.session_state[PICKED_KEY] = True
        chosen = from_link or browser_language() or DEFAULT_LANGUAGE
        st.session_state[LANG_KEY] = chosen
    return use_language(chosen)


#: The language menu's entry for a draft translation, written in that language.
# Translators: the language menu's entry for your own language; {language} is its name in itself.
DRAFT_LABEL = N_("{language} (draft translation)")


def _picked() -> None:
    st.session_state[PICKED_KEY] = True


def _menu_label(code: str) -> str:
    """A language's own name, with "draft translation" written in that language for the drafts, whatever the
    language in force: a reader finds their language by its own words."""
    name = LANGUAGES[code]
    if code in DRAFT_LANGUAGES:
        return translated_in(code, DRAFT_LABEL).format(language=name)
    return name


def render_language_menu() -> None:
    """The language menu (in the sidebar), the link's ``lang`` and the page's ``lang`` attribute."""
    st.selectbox(_("Language"), list(LANGUAGES), key=LANG_KEY, format_func=_menu_label, on_change=_picked,
                 help=_("French, Spanish and Thai are draft translations, open to review by native speakers. "
                        "Place names, sources and quotes stay as published."))
    learn_country_names()
    code = language()
    mirror = code != DEFAULT_LANGUAGE or st.session_state.get(PICKED_KEY, False)
    write_query({LANG_KEY: [code]} if mirror else {}, {LANG_KEY})
    set_document_language(code)


def document_language_script(code: str) -> str:
    """The ``<script>`` element setting ``<html lang>`` to ``code``: one constant text per language, so the
    proxy's Content-Security-Policy can allow each by its hash (``tools/serve.py``)."""
    return f"<script>document.documentElement.lang = {json.dumps(code)};</script>"


def set_document_language(code: str) -> None:
    """Set ``<html lang>`` of the page to ``code`` (Streamlit's page is always ``lang="en"`` otherwise)."""
    st.html(document_language_script(code), unsafe_allow_javascript=True, width="content")
