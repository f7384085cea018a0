"""The page shell: every page's first call.

``render_shell`` sets up the page, draws the navigation (our own
``st.page_link`` list; Streamlit's built-in list is hidden in config), loads
the incident data (an IOM export that cannot be read is left out and named in
a warning, never a traceback; with none readable, the page is told so and draws
what needs no incidents), draws the global filters, shows notices about ignored
link parameters, and ends the sidebar with the sources and freshness footer.

``page_guard`` wraps every page, shell included: an unexpected error becomes one
plain sentence with a link to the default view, and its traceback goes to the
server's log, never to the browser.

Page titles and navigation labels are English keys (``PAGES``, marked for the catalogue): ``render_shell`` finds
the page by its English title and shows it translated.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from cache import (
    load_fatalities,
    load_filter_options,
    load_gaps,
    load_incident_data,
    load_selection,
    use_session_incidents,
)
from i18n import N_, _, format_integer, format_month, ngettext
from loaders.errors import DataFileError
from loaders.paths import REPO_ROOT
from loaders.sources import SourceFile
from transforms.filters import FilterOptions, Filters, describe
from transforms.periods import incomplete_months
from transforms.sources import fatality_source_line, sidecar_day, with_uploaded_source
from ui.filters import NOTICES_KEY, add_notices, render_filters
from ui.language import activate, render_language_menu
from ui.memory import fix_mmap_threshold
from ui.present import (
    follow_briefing_link,
    init_from_url,
    presenting,
    render_briefing_controls,
    render_sidebar_tools,
    start_run,
    sync_url,
)
from ui.url_state import (
    clean_url,
    clear_url,
    first_run,
    forget_view_state,
    mark_url_read,
    show_link_notices,
    start_notices,
)
from ui.your_data import activate_session_data, render_your_data

# Once per server process: large temporary arrays go back to the system after each run (ui/memory.py).
fix_mmap_threshold()

T = TypeVar("T")
LOGGER = logging.getLogger(__name__)
APP_NAME = N_("Migrant Smuggling Data Explorer")
FAVICON = REPO_ROOT / "static" / "favicon.png"

#: Script path (relative to app.py) -> label, in navigation order. No icons: a Material icon makes the browser
#: ask an outside font host, and emoji need a colour-emoji font many screens lack.
#: A page is listed once its file exists, so pages can be added one at a time.
#: The labels are English (a page's title finds it here); they are shown translated.
PAGES: dict[str, str] = {
    "app.py": N_("Overview"),
    "pages/2_Incident_map.py": N_("Incident map"),
    "pages/3_Trends.py": N_("Trends"),
    "pages/4_Regional_comparison.py": N_("Regional comparison"),
    "pages/5_Country_profile.py": N_("Country profile"),
    "pages/6_Incident_table.py": N_("Incident table"),
    "pages/7_Routes_map.py": N_("Routes map"),
    "pages/8_Corridor_profile.py": N_("Corridor profile"),
    "pages/9_Corridor_comparison.py": N_("Corridor comparison"),
    # Translators: the page about how smugglers work (methods, fees, concealment).
    "pages/10_Modus_operandi.py": N_("Modus operandi"),
    "pages/11_Hazards.py": N_("Hazards"),
    "pages/12_Crime_markets.py": N_("Crime markets"),
    "pages/13_Enforcement.py": N_("Enforcement"),
    "pages/14_Travel_documents.py": N_("Travel documents"),
    "pages/1_Data_and_sources.py": N_("Data and sources"),
}


@dataclass(frozen=True)
class Shell:
    """What a page needs after the shell has run.

    When no IOM export can be read (``data_problem`` is a sentence saying so), ``incidents`` and ``selection`` are
    empty frames, ``filters`` and ``options`` are None and no filter is drawn: a page shows ``data_problem`` in
    each section that needs incidents, and draws the others.
    """

    incidents: pd.DataFrame  # every incident (shared, read-only)
    selection: pd.DataFrame  # the incidents matching the filters
    filters: Filters | None
    options: FilterOptions | None
    sources: list[SourceFile]  # the IOM exports whose incidents are loaded
    source_line: str
    description: str  # the active filters in one plain sentence
    gaps: list[str]  # months no IOM export covers
    incomplete: list[str]  # months an export stops part-way through (partial, shown paler and hatched)
    data_problem: str | None = None  # NO_INCIDENT_DATA when no IOM export can be read, else None


#: What a section that needs IOM incidents says when no export can be read (the notices above it name the files).
#: Shown translated (``_(NO_INCIDENT_DATA)``); ``Shell.data_problem`` holds it translated.
NO_INCIDENT_DATA = N_("This needs the IOM Missing Migrants data, which cannot be read at the moment: the notice at "
                      "the top of the page names the file and what is wrong with it.")
#: IOM files the notices at the top of every page name one by one; Data and sources lists them all.
PROBLEMS_SHOWN = 5


@functools.cache
def existing_pages() -> dict[str, str]:
    """Script path -> label of the pages whose file exists (looked up once per server process)."""
    return {path: label for path, label in PAGES.items() if (REPO_ROOT / path).is_file()}


def data_or_stop(load: Callable[[], T]) -> T:
    """What ``load`` returns, or, for a broken data file, one plain sentence and the end of the page."""
    try:
        return load()
    except DataFileError as error:
        st.error(error.markdown())
        st.stop()


def _problem_notices(problems: tuple[DataFileError, ...], loaded: bool) -> None:
    """One warning for each IOM file left out (the first :data:`PROBLEMS_SHOWN`), naming it and the reason."""
    # Two sentences side by side: the file's problem, then what it means for the figures.
    after = " " + _("Until then, every figure leaves out its incidents.") if loaded else ""
    for error in problems[:PROBLEMS_SHOWN]:
        st.warning(error.markdown() + after)
    if len(problems) > PROBLEMS_SHOWN:
        more = len(problems) - PROBLEMS_SHOWN
        st.warning(ngettext("{count} more IOM file cannot be used; Data and sources lists it.",
                            "{count} more IOM files cannot be used; Data and sources lists them.", more,
                            count=format_integer(more)))


#: What a page says, and stops at, when the filters select no incident.
NO_INCIDENTS = N_("No incidents match these filters. Widen the period or remove a filter in the sidebar.")


def stop_if_no_incidents(incidents: pd.DataFrame) -> None:
    """End the page with :data:`NO_INCIDENTS` when ``incidents`` (what the filters select) is empty."""
    if incidents.empty:
        st.info(_(NO_INCIDENTS))
        st.stop()


#: What a page shows when something unexpected goes wrong while drawing it; ``{home}`` is the app's address.
# Translators: keep the markdown link [text]({home}); {home} is the app's address.
PAGE_FAILED = N_("Something went wrong while showing this page: [open the Overview]({home}) to start again from "
                 "the default view, and if it happens again, tell the people who run this site.")


def _home() -> str:
    """The address of the Overview with no query string (under ``server.baseUrlPath`` when the app has one)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


#: Set in session_state by a run that failed: the next run forgets the view before drawing anything.
START_AGAIN_KEY = "_start_again"


def _start_again() -> None:
    """After an unexpected error: empty the URL, and have the session's next run forget its filters and page
    controls (before any widget is drawn) and read the URL afresh, so it shows the default view: whatever broke
    this run cannot break the next."""
    try:
        st.session_state[START_AGAIN_KEY] = True
        clear_url()
    except Exception:  # the page has failed already: never replace that report with this one
        LOGGER.exception("Could not reset the session after a page error")


def _forget_a_failed_view() -> None:
    """At the start of a run that follows a failed one: forget the view (see :func:`_start_again`)."""
    if st.session_state.pop(START_AGAIN_KEY, False):
        forget_view_state()


@contextmanager
def page_guard(title: str) -> Iterator[None]:
    """Run a page's body (shell included): an unexpected error shows :data:`PAGE_FAILED`, never a traceback.

    The error and its traceback are logged on the server; the session starts again from the default view.
    A broken data file (DataFileError) keeps its own sentence. Only ``Exception`` is caught: Streamlit's
    ``st.stop`` and ``st.rerun`` raise BaseException subclasses, which pass through.
    """
    try:
        use_session_incidents(None)  # the shared data until the shell puts a session's own in force
        activate()
        yield
    except DataFileError as error:
        LOGGER.warning("Page %r stopped on a data file: %s", title, error.sentence(), exc_info=True)
        st.error(error.markdown())
    except Exception:
        LOGGER.exception("Page %r failed", title)
        _start_again()
        st.error(_(PAGE_FAILED, home=_home()))


def _read_link(known_pages: dict[str, str]) -> None:
    """On a session's first run: hold the URL to the link limits and read the share-and-present keys, keeping
    one notice per parameter for the page to show."""
    add_notices(clean_url())
    add_notices(init_from_url(known_pages))


def _navigation() -> None:
    st.markdown(f"**{_(APP_NAME)}**")
    for path, label in existing_pages().items():
        st.page_link(path, label=_(label))


def _footer(sources: list[SourceFile], gaps: list[str]) -> None:
    with st.expander(_("Sources and freshness"), expanded=False):
        for source in sources:
            meta = source.meta
            title = meta.get('title', source.path.name)
            st.markdown(f"**{title}**  \n" + _("{citation}; exported {exported}, data to {data_to}.",
                                                 citation=source.citation, exported=sidecar_day(meta.get("exported")),
                                                 data_to=sidecar_day(meta.get("data_to"))))
        if gaps:
            st.markdown(_("No IOM export covers {start} to {end}: charts show that span as a gap, not as zero.",
                          start=format_month(gaps[0], "wide"), end=format_month(gaps[-1], "wide")))
        st.caption(_("All figures are minimum estimates: many deaths on migration routes are never recorded."))


def render_shell(title: str, *, needs_incidents: bool = True, name_broken_files: bool = True) -> Shell:
    """Set up the page and return the data and filters it should show.

    An IOM export that cannot be read is left out and named in a warning on every page (unless
    ``name_broken_files`` is False: for a page that lists them itself). When none can be read, a page that
    ``needs_incidents`` throughout shows :data:`NO_INCIDENT_DATA` and stops; any other page gets a Shell with
    empty frames and ``data_problem`` set, and draws what needs no incidents.
    """
    _forget_a_failed_view()
    follow_briefing_link()
    known_pages = existing_pages()
    start_notices()
    if first_run():
        _read_link(known_pages)
    shown_title = _(title)
    st.set_page_config(page_title=f"{shown_title} · {_(APP_NAME)}", page_icon=str(FAVICON), layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "expanded")
    start_run()
    with st.sidebar:
        render_language_menu()
        _navigation()
    data = load_incident_data()
    sources = list(data.sources)
    if data.frame is None:
        return _shell_without_incidents(title, known_pages, data.problems if name_broken_files else (),
                                        needs_incidents)
    with st.sidebar:
        render_your_data()
    shown = activate_session_data(data.frame, load_gaps())
    if shown == "mine":  # only the session's own incidents: no public export is behind what the page shows
        sources = []
    incidents = load_fatalities()
    options = load_filter_options()
    with st.sidebar:
        st.divider()
        st.markdown("**" + _("Filters") + "**")
        filters = render_filters(options)
    gaps = load_gaps()
    description = describe(filters, options)
    source_line = with_uploaded_source(fatality_source_line(sources), shown)
    sync_url()
    with st.sidebar:
        st.divider()
        page = next((path for path, label in known_pages.items() if label == title), None)
        render_sidebar_tools(page, title, shown_title, description, source_line)
        _footer(sources, gaps)
    mark_url_read()

    st.title(shown_title)
    render_briefing_controls()
    show_link_notices(st.session_state.pop(NOTICES_KEY, {}).items())
    _problem_notices(data.problems if name_broken_files else (), loaded=True)
    st.markdown(description)
    selection = load_selection(filters)
    return Shell(incidents=incidents, selection=selection, filters=filters, options=options, sources=sources,
                 source_line=source_line, description=description, gaps=gaps,
                 incomplete=incomplete_months(source.meta.get("data_to") for source in sources))


def _shell_without_incidents(title: str, known_pages: dict[str, str], problems: tuple[DataFileError, ...],
                             needs_incidents: bool) -> Shell:
    """The rest of the shell when no IOM export can be read: no filters (the URL keeps any it has), the files
    named, and the page stopped or handed a Shell whose ``data_problem`` says so."""
    with st.sidebar:
        st.divider()
        st.caption(_("The filters appear once the IOM Missing Migrants data can be read."))
        sync_url()
        st.divider()
        page = next((path for path, label in known_pages.items() if label == title), None)
        render_sidebar_tools(page, title, _(title), _(NO_INCIDENT_DATA), "")
        _footer([], [])
    mark_url_read()
    st.title(_(title))
    render_briefing_controls()
    show_link_notices(st.session_state.pop(NOTICES_KEY, {}).items())
    _problem_notices(problems, loaded=False)
    if needs_incidents:
        st.info(_(NO_INCIDENT_DATA))
        st.stop()
    empty = pd.DataFrame()
    return Shell(incidents=empty, selection=empty, filters=None, options=None, sources=[], source_line="",
                 description="", gaps=[], incomplete=[], data_problem=_(NO_INCIDENT_DATA))
