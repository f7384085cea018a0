"""The one cache module: every ``st.cache_*`` of the app, and nothing else calls Streamlit's caches.

Readers (``loaders/``) and transforms (``transforms/``) know nothing of
Streamlit; this module keeps what they return, shared read-only by every
session, with ``st.cache_resource``.

Every cached function takes only small hashable values, and they are the
whole input of what it returns: the data folder, the data version
(:func:`data_version`: the name, size and modification time of every file in
that folder) and the function's own choices (filters as a tuple, a series id,
a grain...). Whatever frame it works on, it gets from another cached function
of the same key, never from its caller, so two calls with the same key can
never be handed different frames. A new data version is a new key; caches of
whole data files keep one entry, so an old version is let go.

A view is what one link shows: a page, the filters in force and the page's
controls. What a page works out from the filtered incidents is kept once per
view (:func:`per_view`, :func:`load_overview`, ...), so a presenter going back
to a view, or a room of people opening the same link, get it without its
being worked out again.

Nothing a user uploads ever enters these caches. A session that shows its own uploaded incidents (see
:func:`use_session_incidents`) gets every view worked out from its own frame, held for this script run only,
and no shared cache is read or written for it (its keys could be hit by another session).
"""

from __future__ import annotations

import contextvars
import dataclasses
import gc
import hashlib
import logging
import os
import threading
import time
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Hashable, Mapping, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from i18n import language, register_country_codes
from loaders.corridors import corridors_path, membership_comparison_path, read_corridors, read_membership_comparison
from loaders.countries import country_codes, read_countries, read_country_aliases
from loaders.crime_index import crime_index_lookup, crime_index_paths, read_crime_index
from loaders.errors import DataFileError
from loaders.events import events_path, read_events
from loaders.flows import FLOW_SERIES, read_flow_series
from loaders.fonts import read_fonts, thai_font_paths
from loaders.geography import (
    country_shapes_path,
    marine_areas_path,
    read_country_shapes,
    read_marine_areas,
    spatial_step,
)
from loaders.metadata import read_sidecar, read_sidecars
from loaders.modus_operandi import corridor_map_path, facts_path, read_corridor_map, read_facts
from loaders.parsed_cache import IncidentData, incident_data
from loaders.paths import countries_path, country_aliases_path, data_dir
from transforms.comparison import Comparison, comparison_tables
from transforms.corridor_membership import (
    Membership,
    build_membership,
    corridor_outlines,
    membership_matrix,
    shared_positions,
)
from transforms.corridors import (
    CorridorYear,
    FlowEntry,
    FlowRef,
    RoutesView,
    YearCrossings,
    corridor_names,
    corridor_year,
    crossings_over_time,
    flow_entries,
    flow_entry,
    parse_flow_ref,
    routes_view,
    year_crossings,
)
from transforms.countries import country_choices
from transforms.crime_index import IndicatorScores, indicator_scores
from transforms.filters import FilterOptions, Filters, apply_filters, filter_options
from transforms.geography import place_incidents
from transforms.hazards import cause_mix_by_corridor, cause_mix_by_year
from transforms.headlines import Overview, overview
from transforms.modus_operandi import Facts, FactsView, attach_corridor_ids, facts_view
from transforms.periods import month_range, source_coverage, uncovered_months
from transforms.quality import coordinate_check, implausible_records, quality_flag_summary

if TYPE_CHECKING:  # the incident table imports openpyxl: loaded only when the Incident table is opened
    from transforms.incident_table import ShownTable, TableIndex

T = TypeVar("T")
_log = logging.getLogger(__name__)

#: How often (seconds) the data folder is looked at again for changed files. Within that interval every run
#: reuses the version last seen, so a page run does not stat every data file (a replaced file is noticed at most
#: this long after).
VERSION_CHECK_SECONDS = 1.0
#: Views kept per kind: a result is at most about 1 MB (the Incident map's points are capped), so each kind holds
#: at most about 64 MB whatever the traffic; the least recently used view goes first.
VIEWS_KEPT = 64
#: Selections of the incidents kept (:func:`load_selection`): each at most a copy of the rows it selects.
SELECTIONS_KEPT = 8

_versions: dict[str, tuple[float, tuple]] = {}
_versions_lock = threading.Lock()


def _stamp_folder(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path under ``root``, size, mtime_ns) of every file below ``root``, in name order."""
    stamps = []
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            stamps.append((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(stamps))


def data_version(root: Path | None = None) -> tuple:
    """The version of the data folder in force: every file's name, size and modification time.

    The one data-version key of every cache. Looked at again at most every :data:`VERSION_CHECK_SECONDS`.
    """
    root = root or data_dir()
    key = str(root)
    now = time.monotonic()
    seen = _versions.get(key)
    if seen is not None and now - seen[0] < VERSION_CHECK_SECONDS:
        return seen[1]
    version = _stamp_folder(root)
    with _versions_lock:
        _versions[key] = (now, version)
    return version


#: The last version seen of each data folder and its short stand-in in cache keys (see :func:`_version_key`).
_version_keys: dict[str, tuple[tuple, tuple[str]]] = {}


def _version_key(root: Path) -> tuple[str]:
    """:func:`data_version` of ``root`` as it goes into cache keys: a one-element tuple holding a digest of it,
    the same for the same version and another for any other. Streamlit hashes every argument of a cached function
    on every call, in Python; the whole version (a tuple per data file) cost about 1 ms a call, many times a run."""
    version = data_version(root)
    seen = _version_keys.get(str(root))
    if seen is not None and (seen[0] is version or seen[0] == version):
        return seen[1]
    key = (hashlib.sha256(repr(version).encode()).hexdigest()[:32],)
    _version_keys[str(root)] = (version, key)
    return key


def _key() -> tuple[str, tuple]:
    """The data folder in force and its version (:func:`_version_key`): the start of every cache key."""
    root = data_dir()
    return str(root), _version_key(root)


def _view_key() -> tuple[str, tuple, str]:
    """The data folder, its version and the active language: the start of the key of every cache whose result
    holds text a reader sees (views, tables, notes), so each language has its own entry."""
    return (*_key(), language())


@dataclasses.dataclass(frozen=True)
class SessionIncidents:
    """The incidents one session shows instead of the shared frame: its own uploaded incidents, alone or beside
    the public ones (:mod:`transforms.your_data`). Held in that session's state only, never in a shared cache."""

    frame: pd.DataFrame
    options: FilterOptions
    gaps: tuple[str, ...] = ()


#: The session incidents in force for this script run (None: the shared public data). A context variable: each
#: script run has its own, set by the shell at the start of every run, so no other session's run can see it.
_session_incidents: contextvars.ContextVar[SessionIncidents | None] = contextvars.ContextVar(
    "msde_session_incidents", default=None)


def use_session_incidents(data: SessionIncidents | None) -> None:
    """Show ``data`` (a session's own incidents) for the rest of this script run, or the shared data (None)."""
    _session_incidents.set(data)


def session_incidents() -> SessionIncidents | None:
    """The session incidents in force for this run, if any (see :func:`use_session_incidents`)."""
    return _session_incidents.get()


# Whole data files, once per data version.

@st.cache_resource(show_spinner=False, max_entries=1)
def _countries(root: str, version: tuple) -> pd.DataFrame:
    countries = read_countries(countries_path(Path(root)))
    try:
        aliases = read_country_aliases(country_aliases_path(Path(root)))
    except DataFileError:  # IOM's own spellings then keep their English names; the M49 names still translate
        aliases = None
    register_country_codes(country_codes(countries, aliases))
    return countries


@st.cache_resource(show_spinner=False, max_entries=1)
def _incident_data(root: str, version: tuple) -> IncidentData:
    # From the disk cache when `make prepare` (or an earlier server) read these exports already. A broken export
    # is left out and named; a broken country table leaves no incident data (the reader needs it), said the same way.
    try:
        countries = _countries(root, version)
    except DataFileError as error:
        return IncidentData(None, (), (error,))
    data = incident_data(Path(root), countries, background=True, step=spatial_step(Path(root), place_incidents))
    if data.frame is not None:
        _freeze_long_lived()
    return data


def _incidents(root: str, version: tuple) -> pd.DataFrame:
    """The incident frame of every usable export; the first problem's DataFileError when none can be used."""
    data = _incident_data(root, version)
    if data.frame is None:
        raise data.problems[0]
    return data.frame


def _freeze_long_lived() -> None:
    """Collect what is garbage now, then exempt every surviving object from later collections.

    The incident frame lives as long as the process; without this, every full collection walks its strings
    and tuples again.
    """
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False, max_entries=1)
def _options(root: str, version: tuple) -> FilterOptions:
    return filter_options(_incidents(root, version))


@st.cache_resource(show_spinner=False, max_entries=1)
def _gaps(root: str, version: tuple) -> tuple[str, ...]:
    return tuple(uncovered_months(source_coverage(_incidents(root, version))))


@st.cache_resource(show_spinner=False, max_entries=1)
def _load_report(root: str, version: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    incidents = _incidents(root, version)
    return source_coverage(incidents), quality_flag_summary(incidents), implausible_records(incidents)


@st.cache_resource(show_spinner=False, max_entries=1)
def _country_choices(root: str, version: tuple) -> pd.DataFrame:
    return country_choices(_countries(root, version), _incidents(root, version))


@st.cache_resource(show_spinner=False, max_entries=1)
def _corridors(root: str, version: tuple) -> pd.DataFrame:
    return read_corridors(corridors_path(Path(root)))


@st.cache_resource(show_spinner=False, max_entries=1)
def _membership(root: str, version: tuple) -> Membership:
    return build_membership(_incidents(root, version), _corridors(root, version))


@st.cache_resource(show_spinner=False, max_entries=1)
def _events(root: str, version: tuple) -> pd.DataFrame:
    return read_events(events_path(Path(root)))


@st.cache_resource(show_spinner=False, max_entries=1)
def _crime_index(root: str, version: tuple) -> tuple[pd.DataFrame, Mapping[str, Any]]:
    path_2021, path_2023 = crime_index_paths(Path(root))
    index = read_crime_index(path_2021, path_2023, crime_index_lookup(Path(root)))
    return index, MappingProxyType(read_sidecar(path_2023))


@st.cache_resource(show_spinner=False, max_entries=len(FLOW_SERIES))
def _flow_series(root: str, version: tuple, series_id: str) -> pd.DataFrame:
    return read_flow_series(series_id, Path(root))


@st.cache_resource(show_spinner=False, max_entries=len(FLOW_SERIES))
def _flow_meta(root: str, version: tuple, series_id: str) -> Mapping[str, Any]:
    return MappingProxyType(FLOW_SERIES[series_id].meta(Path(root)))


@st.cache_resource(show_spinner=False, max_entries=1)
def _facts(root: str, version: tuple) -> Facts:
    base = Path(root)
    path = facts_path(base)
    facts = attach_corridor_ids(read_facts(path), read_corridor_map(corridor_map_path(base)))
    try:  # the catalogue only names the corridors: without it the facts still show, under their own names
        names = corridor_names(_corridors(root, version))
    except DataFileError:
        names = {}
    return Facts(facts, MappingProxyType(read_sidecar(path)), MappingProxyType(names))


@st.cache_resource(show_spinner=False, max_entries=1)
def _table_index(root: str, version: tuple) -> TableIndex:
    from transforms.incident_table import table_index

    return table_index(_incidents(root, version))


@st.cache_resource(show_spinner=False, max_entries=1)
def _sidecars(root: str, version: tuple) -> tuple:
    return tuple(read_sidecars(Path(root), skip=("iom_mmp",)))


@st.cache_resource(show_spinner=False, max_entries=1)
def _thai_fonts(folder: str) -> Mapping[int, bytes]:
    return MappingProxyType(read_fonts(thai_font_paths(Path(folder))))


def load_thai_fonts() -> Mapping[int, bytes]:
    """Noto Sans Thai's shipped files, weight -> woff2 bytes (shared, read-only), for the offline HTML export to
    embed. They ship with the code, not the data: the key is the repository folder."""
    return _thai_fonts(_CODE_FOLDER)


#: The repository folder (the fonts' cache key), resolved once: resolving it cost every page run a path walk.
_CODE_FOLDER = str(Path(__file__).resolve().parent)


def load_sidecars() -> tuple:
    """Every data file's sidecar but the IOM exports' (shared, read-only): (path under the data folder, the
    mapping or the DataFileError saying why it cannot be read), in path order."""
    return _sidecars(*_key())


def load_countries() -> pd.DataFrame:
    """The M49 country table (shared, read-only)."""
    return _countries(*_key())


def learn_country_names() -> None:
    """Make sure :func:`i18n.country_name` knows the data's country names (read with the M49 table, once per data
    version); with the table unusable, country names stay as the data spells them (Data and sources says why)."""
    try:
        load_countries()
    except DataFileError:
        pass


def load_incident_data() -> IncidentData:
    """The IOM incident data as far as it can be read (shared, read-only): the frame of every usable export (None
    when none can be used), the exports it holds, and a DataFileError for each export left out."""
    return _incident_data(*_key())


def load_fatalities() -> pd.DataFrame:
    """The canonical incident frame (shared, read-only: filter it, never modify it).

    Raises DataFileError when no IOM export can be used (:func:`load_incident_data` says why). In a session
    showing its own uploaded incidents, that session's frame (:func:`use_session_incidents`)."""
    own = _session_incidents.get()
    if own is not None:
        return own.frame
    return _incidents(*_key())


def load_filter_options() -> FilterOptions:
    """What each global filter can take, read from the incident data (the session's own, when in force)."""
    own = _session_incidents.get()
    if own is not None:
        return own.options
    return _options(*_key())


def load_gaps() -> list[str]:
    """Months ("YYYY-MM") that no IOM export covers, between the first and the last (the session's own, when in
    force)."""
    own = _session_incidents.get()
    if own is not None:
        return list(own.gaps)
    return list(_gaps(*_key()))


def load_report() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """How the incident data loaded (shared, read-only): each export's coverage
    (:func:`transforms.periods.source_coverage`), the rows handled specially
    (:func:`transforms.quality.quality_flag_summary`) and the first implausible records
    (:func:`transforms.quality.implausible_records`). Raises DataFileError when no IOM export can be used."""
    return _load_report(*_key())


def load_country_choices() -> pd.DataFrame:
    """The countries the Country profile can show (iso3, name, subregion)."""
    return _country_choices(*_key())


def load_corridors() -> pd.DataFrame:
    """The corridor catalogue (shared, read-only); DataFileError when it is unusable."""
    return _corridors(*_key())


def load_membership() -> Membership:
    """Which rows of the shared incident frame lie on each corridor (shared, read-only).

    Raises DataFileError when the incident data or the corridor catalogue is unusable.
    """
    return _membership(*_key())


def load_events() -> pd.DataFrame:
    """The cited context events (shared, read-only); DataFileError when the file is missing or malformed."""
    return _events(*_key())


def load_crime_index() -> tuple[pd.DataFrame, Mapping[str, Any]]:
    """Both GI-TOC editions as one tidy frame (shared, read-only), and the 2023 sidecar (licence, citation)."""
    return _crime_index(*_key())


def _known_series(series_id: str) -> None:
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")


def load_flow_series(series_id: str) -> pd.DataFrame:
    """The canonical flow frame of one series (shared, read-only: filter it, never modify it).

    Raises KeyError for an unknown id and DataFileError for an unusable file.
    """
    _known_series(series_id)
    return _flow_series(*_key(), series_id)


def load_flow_meta(series_id: str) -> Mapping[str, Any]:
    """The sidecar of one series (title, publisher, licence, measure, unit, counts, misses, caveats...).

    Shared and read-only (a mapping that refuses writes): copy it with ``dict()`` to change it.
    """
    _known_series(series_id)
    return _flow_meta(*_key(), series_id)


def load_facts() -> Facts:
    """The modus-operandi facts of the data folder in force (shared, read-only); DataFileError for an unusable
    file."""
    return _facts(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _data_problems(root: str, version: tuple) -> tuple[DataFileError, ...]:
    base = Path(root)
    checks: list[tuple[Path, Callable[[], Any]]] = [
        (countries_path(base), lambda: _countries(root, version)),
        (corridors_path(base), lambda: _corridors(root, version)),
        (facts_path(base), lambda: _facts(root, version)),
        (crime_index_paths(base)[1], lambda: _crime_index(root, version)),
        (events_path(base), lambda: _events(root, version)),
    ]
    for series_id, series in FLOW_SERIES.items():
        checks.append((series.path(base), lambda series_id=series_id: _flow_meta(root, version, series_id)))
        checks.append((series.path(base), lambda series_id=series_id: _flow_series(root, version, series_id)))
    found = list(_incident_data(root, version).problems)
    for path, check in checks:
        try:
            check()
        except DataFileError as error:
            found.append(error)
        except Exception:  # a file no reader foresaw: named here, its traceback in the server log
            _log.exception("Data file %s could not be read", path.name)
            found.append(DataFileError(path, "holds something the app cannot use",
                                       expected="the file as shipped with the app"))
    unique = {error.sentence(): error for error in found}  # a sidecar shared by two checks is named once
    return tuple(unique.values())


def load_data_problems() -> tuple[DataFileError, ...]:
    """Every data file the app cannot use as it is, each with the reason: the IOM exports left out, the reference
    tables, the corridor catalogue, the modus-operandi facts, the GI-TOC index, the context events, each flow
    series and its sidecar. Worked out once per data version."""
    return _data_problems(*_key())


# Tables worked out from whole files, once per data version and choice.

@st.cache_resource(show_spinner=False, max_entries=256)
def _flow_entry(root: str, version: tuple, parts: tuple[str, str, str]) -> FlowEntry:
    return flow_entry(_flow_series(root, version, parts[0]), FlowRef(*parts))


def load_flow_entry(ref: FlowRef) -> FlowEntry:
    """The :class:`transforms.corridors.FlowEntry` of one corridor flow entry (shared, read-only).

    Raises KeyError for an unknown series and DataFileError for an unusable file.
    """
    _known_series(ref.series_id)
    return _flow_entry(*_key(), (ref.series_id, ref.route, ref.crossing_type))


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def _crossings_over_time(root: str, version: tuple, lang: str, parts: tuple[str, str, str], months: tuple[str, ...],
                         grain: str) -> pd.DataFrame:
    entry = _flow_entry(root, version, parts)
    return crossings_over_time(entry.rows, FlowRef(*parts), months, grain, entry.monthly, entry.annual)


def load_crossings_over_time(ref: FlowRef, months: tuple[str, ...], grain: str) -> pd.DataFrame:
    """One corridor flow entry per month or year within ``months`` (:func:`transforms.corridors.crossings_over_time`
    of :func:`load_flow_entry`), once per data version, entry, months and grain (shared, read-only): no filter but
    the period changes it, so a change of region does not work it out again.

    Raises KeyError for an unknown series and DataFileError for an unusable file.
    """
    _known_series(ref.series_id)
    return _crossings_over_time(*_view_key(), (ref.series_id, ref.route, ref.crossing_type), tuple(months), grain)


@st.cache_resource(show_spinner=False, max_entries=32)
def _year_crossings(root: str, version: tuple, lang: str, year: int) -> YearCrossings:
    entries: dict[str, tuple[Mapping[str, Any], pd.DataFrame] | None] = {}
    for entry in flow_entries(_corridors(root, version)):
        ref = parse_flow_ref(entry)
        try:
            _known_series(ref.series_id)
            meta = _flow_meta(root, version, ref.series_id)
            entries[entry] = (meta, _flow_entry(root, version, (ref.series_id, ref.route, ref.crossing_type)).by_year)
        except (DataFileError, KeyError):
            entries[entry] = None  # said in the entry's label and source, not raised: the other series still count
    return year_crossings(entries, year)


def load_year_crossings(year: int) -> YearCrossings:
    """What each flow entry of the corridor catalogue measured in ``year`` (whole years only), and the series'
    sources (:func:`transforms.corridors.year_crossings`; shared, read-only). An unusable series gives an entry
    without a value; an unusable catalogue raises DataFileError."""
    return _year_crossings(*_view_key(), year)


@st.cache_resource(show_spinner=False, max_entries=32)
def _series_table(root: str, version: tuple, lang: str, series_id: str, transform_name: str, args: tuple,
                  _transform: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    # ``_transform`` is keyed by its full name (module and qualified name), which identifies it.
    return _transform(_flow_series(root, version, series_id), *args)


def load_series_table(series_id: str, transform: Callable[..., pd.DataFrame], *args: Hashable) -> pd.DataFrame:
    """``transform(frame, *args)`` of one series' frame, shared and read-only: for tables of a whole series
    that no filter changes (e.g. :func:`transforms.hazards.sea_land_detections`).

    ``transform`` must be a module-level pure function of the frame and ``args`` (small hashable values).
    Raises as :func:`load_flow_series` does.
    """
    _known_series(series_id)
    return _series_table(*_view_key(), series_id, f"{transform.__module__}.{transform.__qualname__}", args, transform)


@st.cache_resource(show_spinner=False, max_entries=32)
def _indicator(root: str, version: tuple, lang: str, indicator: str) -> IndicatorScores:
    return indicator_scores(_crime_index(root, version)[0], indicator)


def load_indicator(indicator: str) -> IndicatorScores:
    """One indicator of the GI-TOC index: scores by country and regional averages (shared, read-only).

    Raises DataFileError when a GI-TOC file is unusable (as :func:`load_crime_index` does).
    """
    return _indicator(*_view_key(), indicator)


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def _facts_view(root: str, version: tuple, lang: str, choice: str, kinds: tuple[str, ...]) -> FactsView:
    return facts_view(_facts(root, version).facts, choice, kinds)


def load_facts_view(choice: str, kinds: tuple[str, ...]) -> FactsView:
    """What the Modus operandi page shows for a corridor choice and source kinds (shared, read-only)."""
    return _facts_view(*_view_key(), choice, tuple(kinds))


# Views of the filtered incidents, once per data version, filters and page choices.

@st.cache_resource(show_spinner=False, max_entries=SELECTIONS_KEPT)
def _selection(root: str, version: tuple, filters: tuple) -> pd.DataFrame:
    """The incidents of the data in force that the filters (as :func:`dataclasses.astuple` gives them) select.

    Kept for the last :data:`SELECTIONS_KEPT` filters: the shell and every view of a page run start from it, so
    a filter change selects the rows once, not once per view (shared, read-only)."""
    return apply_filters(_incidents(root, version), Filters(*filters), _options(root, version))


def load_selection(filters: Filters) -> pd.DataFrame:
    """The incidents of the data in force that ``filters`` select (:func:`transforms.filters.apply_filters`),
    worked out once per data version and filters and shared: a shallow copy of the kept frame, so a write to it
    (copy-on-write) never reaches the cache."""
    own = _session_incidents.get()
    if own is not None:  # a session's own incidents: selected for this run, never kept in the shared cache
        return apply_filters(own.frame, filters, own.options)
    return _selection(*_key(), dataclasses.astuple(filters)).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def _per_view(root: str, version: tuple, lang: str, filters: tuple, name: str, args: tuple,
              _transform: Callable[..., Any]) -> Any:
    # ``_transform`` is keyed by its full name (module and qualified name), which identifies it.
    return _transform(_selection(root, version, filters), *args)


def per_view(filters: Filters, transform: Callable[..., T], *args: Hashable) -> T:
    """``transform(selection, *args)`` where ``selection`` is what ``filters`` select from the data in force,
    worked out once per data version, ``filters``, transform and ``args`` and shared by every session.

    ``transform`` must be a module-level pure function of the selection and ``args`` (small hashable values)
    whose result nobody changes.
    """
    own = _session_incidents.get()
    if own is not None:
        return transform(apply_filters(own.frame, filters, own.options), *args)
    return _per_view(*_view_key(), dataclasses.astuple(filters), f"{transform.__module__}.{transform.__qualname__}",
                     args, transform)


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def _overview(root: str, version: tuple, lang: str, filters: tuple, grain: str, gaps: tuple[str, ...],
              incomplete: tuple[str, ...]) -> Overview:
    return overview(_incidents(root, version), _selection(root, version, filters), Filters(*filters),
                    _options(root, version), grain, list(gaps), list(incomplete))


def load_overview(filters: Filters, grain: str, gaps: list[str], incomplete: list[str]) -> Overview:
    """The :class:`transforms.headlines.Overview` of what ``filters`` select, by ``grain``; ``gaps`` and
    ``incomplete`` as the shell gives them (shared, read-only; a session's own data: worked out for this run)."""
    own = _session_incidents.get()
    if own is not None:
        return overview(own.frame, apply_filters(own.frame, filters, own.options), filters, own.options, grain,
                        list(gaps), list(incomplete))
    return _overview(*_view_key(), dataclasses.astuple(filters), grain, tuple(gaps), tuple(incomplete))


def load_comparison(filters: Filters, dimension: str, groups: tuple[str, ...], gaps: list[str]) -> Comparison:
    """The :class:`transforms.comparison.Comparison` of ``groups`` of ``dimension`` among what ``filters`` select
    (the page's filters, the compared dimension's own lifted)."""
    return per_view(filters, comparison_tables, dimension, tuple(groups),
                    month_range(filters.period_from, filters.period_to), tuple(gaps))


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def _corridor_view(root: str, version: tuple, lang: str, filters: tuple, name: str, args: tuple,
                   _transform: Callable[..., Any]) -> Any:
    # ``_transform`` is keyed by its full name (module and qualified name), which identifies it.
    return _transform(_selection(root, version, filters), _corridors(root, version),
                      _selection_membership(root, version, filters), *args)


@st.cache_resource(show_spinner=False, max_entries=SELECTIONS_KEPT)
def _selection_membership(root: str, version: tuple, filters: tuple) -> np.ndarray:
    """Which rows of :func:`_selection` lie on each corridor (corridors x rows, read-only): found once per
    selection, not once per corridor view of it."""
    selection = _selection(root, version, filters)
    rows = _membership(root, version).rows(shared_positions(_incidents(root, version), selection))
    rows.flags.writeable = False
    return rows


def corridor_view(filters: Filters, transform: Callable[..., T], *args: Hashable) -> T:
    """``transform(selection, corridors, membership, *args)``: ``selection`` is what ``filters`` select from the
    data in force, ``corridors`` the corridor catalogue and ``membership`` which rows of ``selection`` lie on each
    corridor (corridors x rows, by the one rule of :mod:`transforms.corridor_membership`). Worked out once per
    data version, ``filters``, transform and ``args`` and shared by every session, as :func:`per_view` is.

    Raises DataFileError when the corridor catalogue is unusable. A session's own data is matched against the
    rule for this run.
    """
    own = _session_incidents.get()
    if own is not None:
        corridors = load_corridors()
        selection = apply_filters(own.frame, filters, own.options)
        return transform(selection, corridors, membership_matrix(selection, corridors), *args)
    return _corridor_view(*_view_key(), dataclasses.astuple(filters), f"{transform.__module__}.{transform.__qualname__}",
                          args, transform)


def load_routes_view(filters: Filters) -> RoutesView:
    """What the Routes map shows for ``filters``: totals per corridor by the one membership rule (shared)."""
    return corridor_view(filters, routes_view)


def load_corridor_year(filters: Filters, year: int) -> CorridorYear:
    """The dead and missing on each corridor in ``year`` among what ``filters`` select, by the one membership
    rule, and their low-quality caution (:func:`transforms.corridors.corridor_year`, shared)."""
    return corridor_view(filters, corridor_year, year)


def load_corridor_causes(filters: Filters) -> tuple[pd.DataFrame, list[str]]:
    """The Hazards page's dead and missing by cause of death on each corridor for ``filters``, and the corridors
    in order (:func:`transforms.hazards.cause_mix_by_corridor`, by the one membership rule; the frame shared)."""
    mix, order = corridor_view(filters, cause_mix_by_corridor)
    return mix, list(order)


def load_corridor_causes_by_year(filters: Filters, corridor: str) -> pd.DataFrame:
    """One corridor's (by name) dead and missing by cause of death and year for ``filters``
    (:func:`transforms.hazards.cause_mix_by_year`, shared)."""
    return corridor_view(filters, cause_mix_by_year, corridor)


@st.cache_resource(show_spinner=False, max_entries=8)
def _incident_table(root: str, version: tuple, lang: str, filters: tuple, query: str) -> ShownTable:
    from transforms.incident_table import shown_table

    selection = _selection(root, version, filters)
    return shown_table(_table_index(root, version), shared_positions(_incidents(root, version), selection), query)


def load_incident_table(filters: Filters, query: str) -> ShownTable:
    """The Incident table's rows for these filters and search (:class:`transforms.incident_table.ShownTable`).

    The table of every incident is made once per data version and shared by every session; a view reads its
    rows from it: a zero-copy slice for a period alone (the table is in date order), a copy of the rows
    otherwise. The last 8 views are held once per server, so a lazy ``st.dataframe`` of the Arrow rows is
    shared by every viewer of that view.
    """
    own = _session_incidents.get()
    if own is not None:
        from transforms.incident_table import shown_table, table_index

        selection = apply_filters(own.frame, filters, own.options)
        return shown_table(table_index(own.frame), shared_positions(own.frame, selection), query)
    return _incident_table(*_view_key(), dataclasses.astuple(filters), query)


# Corridor membership of any frame: read from the shared membership where the frame is rows of the shared
# incident frame, matched against the rule otherwise (not cached: the array is cut per call).

def corridor_rows(selection: pd.DataFrame, corridor_id: str) -> np.ndarray:
    """Row flags: which rows of ``selection`` lie on one corridor.

    ``selection`` should be rows of the shared incident frame (the shell's selection, or a subset of it
    keeping the index labels), whose flags are read from the shared membership; any other frame is matched
    against the rule directly.
    """
    incidents, corridors = load_fatalities(), load_corridors()
    positions = None if _session_incidents.get() is not None else shared_positions(incidents, selection)
    if positions is None:
        return membership_matrix(selection, corridors[corridors["id"] == corridor_id])[0]
    return load_membership().corridor(corridor_id, positions)


def corridor_selection(selection: pd.DataFrame, corridor_id: str) -> pd.DataFrame:
    """The rows of ``selection`` that lie on one corridor (see :func:`corridor_rows`)."""
    return selection.loc[corridor_rows(selection, corridor_id)]


def recorded_ever() -> dict[str, bool]:
    """Corridor id -> whether IOM records any incident on it in any period (the whole incident frame)."""
    return load_membership().recorded_ever()


# Enforcement and travel documents (issue #19): UNODC offences, Home Office detections, UNHCR sea movements.
# Each read once per data version, with its sidecar; imports kept local to this section.

@st.cache_resource(show_spinner=False, max_entries=1)
def _unodc_smuggling(root: str, version: tuple) -> tuple[pd.DataFrame, Mapping[str, Any]]:
    from loaders.enforcement import enforcement_path, read_unodc_smuggling
    path = enforcement_path(Path(root))
    return read_unodc_smuggling(path), MappingProxyType(read_sidecar(path))


def load_unodc_smuggling() -> tuple[pd.DataFrame, Mapping[str, Any]]:
    """UNODC's police-recorded offences of smuggling of migrants and their sidecar (shared, read-only);
    DataFileError for an unusable file."""
    return _unodc_smuggling(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _home_office_irregular(root: str, version: tuple) -> tuple[pd.DataFrame, Mapping[str, Any]]:
    from loaders.travel_documents import (
        read_home_office_irregular,
        read_home_office_nationalities,
        travel_documents_paths,
    )
    table, codes = travel_documents_paths(Path(root))
    return (read_home_office_irregular(table, read_home_office_nationalities(codes)),
            MappingProxyType(read_sidecar(table)))


def load_home_office_irregular() -> tuple[pd.DataFrame, Mapping[str, Any]]:
    """The Home Office's irregular-migration detections and their sidecar (shared, read-only); DataFileError for
    an unusable file."""
    return _home_office_irregular(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _sea_movements(root: str, version: tuple) -> tuple[pd.DataFrame, Mapping[str, Any]]:
    from loaders.sea_movements import read_unhcr_sea_movements, sea_movements_path
    path = sea_movements_path(Path(root))
    return read_unhcr_sea_movements(path), MappingProxyType(read_sidecar(path))


def load_sea_movements() -> tuple[pd.DataFrame, Mapping[str, Any]]:
    """UNHCR's published sea-movement figures (Bay of Bengal and Andaman Sea) and their sidecar (shared,
    read-only); DataFileError for an unusable file."""
    return _sea_movements(*_key())


# Geography (transforms.geography): the coordinate check, the corridors' outlines and the old-versus-new table.

@st.cache_resource(show_spinner=False, max_entries=1)
def _coordinate_check(root: str, version: tuple) -> tuple[int, int, pd.DataFrame]:
    return coordinate_check(_incidents(root, version))


def load_coordinate_check() -> tuple[int, int, pd.DataFrame]:
    """The rows whose coordinates lie in another country than IOM's country of incident: (rows, their dead and
    missing, a handful of examples); see :func:`transforms.quality.coordinate_check`. Shared, read-only."""
    return _coordinate_check(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _corridor_outlines(root: str, version: tuple) -> Mapping[str, tuple]:
    base = Path(root)
    if spatial_step(base, place_incidents) is None:  # a data folder without the polygons: nothing to outline
        return MappingProxyType({})
    outlines = corridor_outlines(list(_corridors(root, version)["id"]), read_marine_areas(marine_areas_path(base)),
                                 read_country_shapes(country_shapes_path(base)))
    return MappingProxyType({key: tuple(features) for key, features in outlines.items()})


def load_corridor_outlines() -> Mapping[str, tuple]:
    """Corridor id -> GeoJSON features outlining its declared sea areas, border zones and countries
    (:func:`transforms.corridor_membership.corridor_outlines`), worked out once per data version (geopandas).
    Shared, read-only; empty when the data folder has no polygons. Raises DataFileError when they cannot be
    read."""
    return _corridor_outlines(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _membership_comparison(root: str, version: tuple) -> pd.DataFrame:
    return read_membership_comparison(membership_comparison_path(Path(root)))


def load_membership_comparison() -> pd.DataFrame:
    """What the old rule (boxes, origins, words) and the new (declared geography) attribute to each corridor
    (``data/corridors/membership_comparison.csv``). Shared, read-only; DataFileError for a bad file."""
    return _membership_comparison(*_key())


@st.cache_resource(show_spinner=False, max_entries=1)
def _geography(root: str, version: tuple) -> Any:
    from loaders.geography import country_shapes_path, marine_areas_path, read_country_shapes, read_marine_areas
    from transforms.geography import Geography

    base = Path(root)
    marine, countries = marine_areas_path(base), country_shapes_path(base)
    if not (marine.exists() and countries.exists()):
        return None
    return Geography(read_marine_areas(marine), read_country_shapes(countries))


def place_session_incidents(frame: pd.DataFrame) -> pd.DataFrame:
    """A session's own incidents placed in a sea area, a country and a border zone, as the public ones are when the
    data is prepared. Only the shapes are shared (cached once per data version); the placed frame is returned to
    the caller's session and never cached. ``frame`` as it is when the data folder has no shapes."""
    from transforms.geography import place_incidents

    geography = _geography(*_key())
    if geography is None or frame.empty:
        return frame
    return place_incidents(frame, None, None, geography)
