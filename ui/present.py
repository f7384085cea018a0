"""Share and present: the copy-link box, presenter mode, briefings and the offline HTML export.

Presenter mode (a sidebar toggle or ``?present=1``) hides the sidebar and the
controls, enlarges type and lines, and puts each chart under a headline
computed from the data. A briefing is an ordered list of views a presenter
collects from the pages; it travels as one link, and the keyboard's Left and
Right arrows (or the Previous/Next buttons) move through it.

A view is the same in every language: a briefing's views hold no ``lang``, and every link made here (the
copy-link box, the briefing link, the Previous/Next links) carries the reader's ``lang`` when the address bar
does, so it opens in the reader's language.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode, urlsplit

import streamlit as st

from cache import load_thai_fonts
from charts.export_html import build_view_html
from i18n import N_, _, format_integer, language
from transforms.link_values import ignored, whole_number
from transforms.text import file_slug
from ui.briefing import BRIEF_KEY, PRESENT_KEY, SHELL_KEYS, STEP_KEY, View, decode_briefing, encode_briefing, step_query
from ui.url_state import SHARE_REFRESH, current_query, forget_view_state, url_value, write_query

PRESENTING = "_presenting"
BRIEFING = "_briefing"  # list[View] being assembled or presented
STEP = "_step"  # 0-based step of the briefing being shown, or None
FIGURES = "_view_figures"  # (name, figure, summary) drawn in this run, for the HTML export
SHARE_BOX = "_share_box"
#: The briefing's own controls: their container's key and the labels of its two links (the arrow keys follow them,
#: by their label in the reader's language).
CONTROLS_KEY = "present-controls"
PREVIOUS_LABEL, NEXT_LABEL = N_("◀ Previous view"), N_("Next view ▶")
#: The URL key of the reader's language (kept in the link by ui/language.py).
LANG_KEY = "lang"

#: Presenter-mode styling: layout only (colours come from the theme and the chart palette).
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {display: none;}
[data-testid="stMain"] [data-testid="stExpander"], [data-testid="stMain"] .stRadio, [data-testid="stMain"] .stSelectbox,
[data-testid="stMain"] .stMultiSelect, [data-testid="stMain"] .stSlider, [data-testid="stMain"] .stSelectSlider,
[data-testid="stMain"] .stTextInput, [data-testid="stMain"] .stButton, [data-testid="stMain"] .stDownloadButton,
[data-testid="stMain"] .stPageLink {display: none;}
[data-testid="stMain"] .st-key-present-controls .stButton,
[data-testid="stMain"] .st-key-present-controls .stPageLink {display: block;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.45rem; line-height: 1.45;}
[data-testid="stMain"] h1 {font-size: 2.6rem;}
[data-testid="stMain"] .headline p {font-size: 2rem; font-weight: 700; line-height: 1.3;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
.block-container {padding-top: 1.2rem; max-width: 100%;}
</style>"""


def init_from_url(known_pages: dict[str, str]) -> dict[str, str]:
    """On a session's first run, read ``present``, ``brief`` and ``step``; return notices for bad values,
    one per parameter at most. ``present`` is "1" (on) or "0" (off); ``step`` a whole number of ASCII
    digits within the briefing (else its first view)."""
    notices: dict[str, str] = {}
    present = url_value(PRESENT_KEY)
    if present not in (None, "0", "1"):
        notices[PRESENT_KEY] = ignored(PRESENT_KEY, [present], _("use present=1 for presenter mode"))
    st.session_state[PRESENTING] = present == "1"
    st.session_state.setdefault(BRIEFING, [])
    st.session_state[STEP] = None
    brief = url_value(BRIEF_KEY)
    if brief:
        try:
            views = decode_briefing(brief, known_pages)
        except ValueError as error:
            notices[BRIEF_KEY] = _("Ignored the briefing in this link: {reason}.", reason=str(error))
        else:
            st.session_state[BRIEFING] = views
            step = url_value(STEP_KEY)
            number = 1 if step is None else whole_number(step, 1, len(views))
            if number is None:
                notices[STEP_KEY] = ignored(STEP_KEY, [step], _("this briefing has views 1 to {last}; it opens "
                                                                "at the first", last=format_integer(len(views))))
                number = 1
            st.session_state[STEP] = number - 1
    return notices


def presenting() -> bool:
    """True while presenter mode is on for this session."""
    return bool(st.session_state.get(PRESENTING, False))


def shell_query() -> dict[str, list[str]]:
    """The share-and-present keys the URL should hold now."""
    query: dict[str, list[str]] = {}
    if presenting():
        query[PRESENT_KEY] = ["1"]
    if st.session_state.get(STEP) is not None and st.session_state.get(BRIEFING):
        query[BRIEF_KEY] = [encode_briefing(st.session_state[BRIEFING])]
        query[STEP_KEY] = [str(st.session_state[STEP] + 1)]
    return query


def start_run() -> None:
    """Per run: a fresh list of the figures drawn, and presenter styling when on."""
    st.session_state[FIGURES] = []
    # The copy-link box of the previous run is gone: never write into it.
    st.session_state.pop(SHARE_BOX, None)
    st.session_state.pop(SHARE_REFRESH, None)
    if presenting():
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)


def register_figure(name: str, fig, summary: str) -> None:
    """Remember a drawn figure for this view's HTML export."""
    st.session_state.setdefault(FIGURES, []).append((name, fig, summary))


def share_link(path_and_query: str) -> str:
    """An absolute link to this view where the browser's address is known, else a relative one."""
    url = getattr(st.context, "url", None)
    if not url:
        return path_and_query
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{path_and_query}"


def _page_path() -> str:
    parts = urlsplit(getattr(st.context, "url", None) or "/")
    return parts.path or "/"


def refresh_share_box() -> None:
    """Redraw the copy-link box with the URL as it now stands."""
    box = st.session_state.get(SHARE_BOX)
    if box is None:
        return
    # current_query() holds the reader's ``lang`` whenever ui/language.py mirrors it: the link opens in it.
    query = urlencode([(k, v) for k, values in current_query().items() for v in values])
    box.code(share_link(_page_path() + (f"?{query}" if query else "")), language=None, wrap_lines=True)


def follow_briefing_link() -> None:
    """At the start of a run: if the URL names another briefing step than the session shows,
    forget the session's view so this run reads filters and controls from the link (a briefing
    step is a link like any other)."""
    step, brief = url_value(STEP_KEY), url_value(BRIEF_KEY)
    if not step or not brief:
        return
    showing = st.session_state.get(STEP)
    current = encode_briefing(st.session_state.get(BRIEFING) or [])
    if showing is None or str(showing + 1) != step or current != brief:
        forget_view_state()


#: Arrow keys and presentation clickers (PageDown / PageUp) follow the Next / Previous links.
#: A constant script of ours (no user text), run in the page by st.html; it listens on the document. It
#: follows only the app's own two links in the briefing controls (their container's key, their exact
#: labels, this server's address), never a link elsewhere on the page whatever its text says.
KEYBOARD_JS_TEMPLATE = """<script>
(() => {
  const doc = document;
  if (doc.__briefingKeys) return;
  doc.__briefingKeys = true;
  doc.addEventListener('keydown', (event) => {
    const tag = (event.target && event.target.tagName) || '';
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) return;
    const wanted = {ArrowRight: %(next)s, PageDown: %(next)s, ArrowLeft: %(previous)s,
                    PageUp: %(previous)s}[event.key];
    if (!wanted) return;
    const controls = doc.querySelector('.st-key-%(controls)s');
    if (!controls) return;
    const link = [...controls.querySelectorAll('a[href]')].find(
      a => a.innerText.trim() === wanted && new URL(a.href, doc.baseURI).origin === window.location.origin);
    if (link) { event.preventDefault(); link.click(); }
  });
})();
</script>"""


def keyboard_js() -> str:
    """The keyboard script, following the two links by their labels in the reader's language (as JSON strings)."""
    return KEYBOARD_JS_TEMPLATE % {"next": json.dumps(_(NEXT_LABEL)), "previous": json.dumps(_(PREVIOUS_LABEL)),
                                   "controls": CONTROLS_KEY}


#: The script in English (the labels as the source strings).
KEYBOARD_JS = KEYBOARD_JS_TEMPLATE % {"next": json.dumps(NEXT_LABEL), "previous": json.dumps(PREVIOUS_LABEL),
                                      "controls": CONTROLS_KEY}


def with_reader_language(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """``query`` without any ``lang`` of its own, plus the reader's ``lang`` when the address bar carries one."""
    kept = {k: v for k, v in query.items() if k != LANG_KEY}
    if current_query().get(LANG_KEY):
        kept[LANG_KEY] = [language()]
    return kept


def _view_link(views: list[View], step: int, label: str) -> None:
    st.page_link(views[step].page, label=label,
                 query_params=with_reader_language(step_query(views, step, presenting())))


def _toggle_present() -> None:
    st.session_state[PRESENTING] = not presenting()


def _add_view(page: str, label: str) -> None:
    # A view holds no language: whoever opens the briefing sees it in their own.
    query = {k: v for k, v in current_query().items() if k not in SHELL_KEYS and k != LANG_KEY}
    st.session_state.setdefault(BRIEFING, []).append(View(page=page, label=label, query=query))


def _move(index: int, offset: int) -> None:
    views = st.session_state[BRIEFING]
    target = index + offset
    if 0 <= target < len(views):
        views[index], views[target] = views[target], views[index]


def _remove(index: int) -> None:
    del st.session_state[BRIEFING][index]
    st.session_state[STEP] = None


def render_sidebar_tools(page: str | None, label: str, title: str, description: str, source_line: str) -> None:
    """Sidebar: copy link, presenter toggle, HTML export and the briefing being assembled.

    ``label`` is the page's English label (its id in a briefing), ``title`` the page's title as shown.
    """
    with st.expander(_("Share and present"), expanded=False):
        # Translators: keep the ** (bold) around the first words.
        st.markdown(_("**Link to this view** (copy with the icon):"))
        st.session_state[SHARE_BOX] = st.empty()
        st.session_state[SHARE_REFRESH] = refresh_share_box
        refresh_share_box()
        st.button(_("Presenter mode") if not presenting() else _("Leave presenter mode"), on_click=_toggle_present,
                  width="stretch", help=_("Large type, no controls, one chart per screen. Also ?present=1."))
        figures = st.session_state.setdefault(FIGURES, [])
        app_name = _("Migrant Smuggling Data Explorer")
        stem = file_slug(title) or file_slug(label) or "view"
        code = language()  # the file is built on click, outside this run: it is written in this run's language
        fonts = load_thai_fonts()  # embedded in the file, so Thai reads on a machine with no Thai font
        st.download_button(
            _("Download this view (HTML)"),
            lambda: build_view_html(title=title, description=description, source_lines=[source_line],
                                    figures=list(figures), app_name=app_name, lang=code, fonts=fonts),
            file_name=f"{stem}-{date.today():%Y-%m-%d}.html", mime="text/html",
            on_click="ignore", width="stretch", help=_("Interactive charts in one file that opens with no network."))
        st.markdown("**" + _("Briefing") + "**")
        if page:
            st.button(_("Add this view"), on_click=_add_view, args=(page, label), width="stretch")
        views: list[View] = st.session_state.get(BRIEFING, [])
        for index, view in enumerate(views):
            row = st.columns([5, 1, 1, 1])
            row[0].markdown(f"{index + 1}. {_(view.label)}")
            row[1].button("↑", key=f"brief-up-{index}", on_click=_move, args=(index, -1), help=_("Move up"))
            row[2].button("↓", key=f"brief-down-{index}", on_click=_move, args=(index, 1), help=_("Move down"))
            row[3].button("✕", key=f"brief-del-{index}", on_click=_remove, args=(index,), help=_("Remove"))
        if views:
            first = views[0]
            path = "/" if first.page == "app.py" else "/" + first.page.split("/")[-1][:-3].split("_", 1)[1]
            start = with_reader_language(step_query(views, 0, True))
            st.markdown(_("Briefing link (opens in presenter mode):"))
            st.code(share_link(f"{path}?{urlencode(start, doseq=True)}"), language=None, wrap_lines=True)
            st.page_link(first.page, label=_("Present the briefing ▶"), query_params=start)


def render_briefing_controls() -> None:
    """Previous / Next through the briefing (Left / Right arrow keys), and a way out of presenter mode."""
    views: list[View] = st.session_state.get(BRIEFING, [])
    step = st.session_state.get(STEP)
    if not presenting() and step is None:
        return
    with st.container(key=CONTROLS_KEY):
        if step is not None and views:
            st.markdown(_("Briefing: view {number} of {count} (arrow keys move)",
                          number=format_integer(step + 1), count=format_integer(len(views))))
            if step > 0:
                _view_link(views, step - 1, _(PREVIOUS_LABEL))
            if step < len(views) - 1:
                _view_link(views, step + 1, _(NEXT_LABEL))
        if presenting():
            st.button(_("Leave presenter mode"), key="present-exit", on_click=_toggle_present, shortcut="Esc")
    if step is not None and views:
        st.html(keyboard_js(), unsafe_allow_javascript=True)


def sync_url() -> None:
    """Write the share-and-present keys to the URL."""
    write_query(shell_query(), set(SHELL_KEYS))
