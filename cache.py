"""The one cache module: every ``st.cache_*`` of the app, and nothing else calls Streamlit's caches.

Readers (``loaders/``) and transforms (``transforms/``) know nothing of
Streamlit; this module keeps what they return, shared read-only by every
session, with ``st.cache_resource``. Each cache key is the whole input of what
it caches: the data folder, the version of every file read (name, size and
modification time, see :func:`loaders.sources.file_stamps`) and the arguments.
Frames a function receives but does not hash (parameters starting with ``_``)
are always derived from keyed inputs, and the docstring says from which.

Nothing a user uploads ever enters these caches.
"""

from __future__ import annotations

import dataclasses
import gc
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Hashable, Mapping, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from loaders.corridors import corridors_path
from loaders.countries import read_countries
from loaders.flows import FLOW_SERIES, read_flow_series
from loaders.metadata import read_sidecar, sidecar_path
from loaders.modus_operandi import catalogue_names, corridor_map_path, facts_path, read_corridor_map, read_facts
from loaders.parsed_cache import parsed_incidents
from loaders.paths import countries_path, data_dir
from loaders.sources import SourceFile, fatality_files, file_stamps, files_signature
from transforms.comparison import (
    Comparison,
    comparison_tables,
)
from transforms.corridor_membership import Membership, build_membership, membership_matrix, row_positions
from transforms.corridors import (
    FlowEntry,
    FlowRef,
    RoutesView,
    corridor_totals,
    crossings_by_year,
    entry_annual_totals,
    entry_monthly_totals,
    nationality_index,
    select_flow,
)
from transforms.crime_index import IndicatorScores, regional_averages, scores_by_country
from transforms.filters import FilterOptions, Filters, apply_filters, filter_options, previous_period
from transforms.headlines import CELL_DEGREES, HEADLINE_COLUMNS, Overview, headline_figures
from transforms.maps import map_cells
from transforms.modus_operandi import (
    FactsView,
    attach_corridor_ids,
    by_aspect,
    evidence_matrix,
    facts_for,
    fee_ranges,
    keep_kinds,
)
from transforms.periods import dead_missing_by_period, month_range, source_coverage, uncovered_months
from transforms.quality import low_quality_note
from transforms.rankings import top_values, unknown_share

if TYPE_CHECKING:  # table_export imports openpyxl: loaded only when the Incident table is opened
    from transforms.incident_table import ShownTable, TableIndex


@st.cache_resource(show_spinner=False)
def _countries(root: str) -> pd.DataFrame:
    return read_countries(countries_path(Path(root)))


@st.cache_resource(show_spinner=False)
def _fatalities(root: str, signature: tuple) -> pd.DataFrame:
    # From the disk cache when `make prepare` (or an earlier server) read these exports already.
    incidents = parsed_incidents(Path(root), _countries(root), background=True)
    _freeze_long_lived()
    return incidents


def _freeze_long_lived() -> None:
    """Collect what is garbage now, then exempt every surviving object from later collections."""
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False)
def _options(root: str, signature: tuple) -> FilterOptions:
    return filter_options(_fatalities(root, signature))


@st.cache_resource(show_spinner=False)
def _gaps(root: str, signature: tuple) -> list[str]:
    return uncovered_months(source_coverage(_fatalities(root, signature)))


@st.cache_resource(show_spinner=False)
def _load_report(root: str, signature: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    from transforms.quality import quality_flag_summary

    incidents = _fatalities(root, signature)
    return source_coverage(incidents), quality_flag_summary(incidents)


def load_report() -> tuple[pd.DataFrame, pd.DataFrame]:
    """How the incident data loaded (shared, read-only): each export's coverage (:func:`source_coverage`) and the
    rows handled specially (:func:`quality_flag_summary`); worked out once per data version."""
    sources = fatality_files(data_dir())
    return _load_report(str(data_dir()), files_signature(sources))


def load_gaps() -> list[str]:
    """Months ("YYYY-MM") that no IOM export covers, between the first and the last."""
    sources = fatality_files(data_dir())
    return list(_gaps(str(data_dir()), files_signature(sources)))


def load_countries() -> pd.DataFrame:
    """The M49 country table (shared, read-only)."""
    return _countries(str(data_dir()))


def load_fatality_sources() -> list[SourceFile]:
    """The IOM exports with their sidecars, oldest first (cheap: reads only the sidecars)."""
    return fatality_files(data_dir())


def load_fatalities() -> pd.DataFrame:
    """The canonical incident frame (shared, read-only: filter it, never modify it)."""
    sources = fatality_files(data_dir())
    return _fatalities(str(data_dir()), files_signature(sources))


def load_filter_options() -> FilterOptions:
    """What each global filter can take, read from the incident data."""
    sources = fatality_files(data_dir())
    return _options(str(data_dir()), files_signature(sources))


@st.cache_resource(show_spinner=False)
def _country_choices(root: str, signature: tuple) -> pd.DataFrame:
    from transforms.countries import country_choices

    return country_choices(_countries(root), _fatalities(root, signature))


def load_country_choices() -> pd.DataFrame:
    """The countries the Country profile can show (iso3, name, subregion), worked out once per data version."""
    sources = fatality_files(data_dir())
    return _country_choices(str(data_dir()), files_signature(sources))


@st.cache_resource(show_spinner=False, max_entries=1)
def _table_index(root: str, signature: tuple) -> TableIndex:
    from transforms.incident_table import table_index

    return table_index(_fatalities(root, signature))


@st.cache_resource(show_spinner=False, max_entries=8)
def _incident_table(root: str, signature: tuple, view: str, query: str, _selection: pd.DataFrame) -> ShownTable:
    from transforms.corridor_membership import row_positions
    from transforms.incident_table import shown_table

    return shown_table(_table_index(root, signature), row_positions(_fatalities(root, signature), _selection), query)


def load_incident_table(filters: Filters, selection: pd.DataFrame, query: str) -> ShownTable:
    """The Incident table's rows for these filters and search (:class:`transforms.incident_table.ShownTable`).

    ``selection`` must be the incidents matching ``filters`` (the shell's selection: rows of the shared
    incident frame); the cache is keyed on the filters, the search and the data files, not on the frame.

    The table of every incident is made once per data version and shared by every session; a view reads its
    rows from it: a zero-copy slice for a period alone (the table is in date order), a copy of the rows
    otherwise. The last 8 views are held once per server, so a lazy ``st.dataframe`` of the Arrow rows is
    shared by every viewer of that view.
    """
    sources = fatality_files(data_dir())
    return _incident_table(str(data_dir()), files_signature(sources), repr(filters), query, selection)


@st.cache_resource(show_spinner=False)
def _crime_index(root: str, signature: tuple) -> tuple[pd.DataFrame, dict]:
    from loaders.crime_index import crime_index_lookup, crime_index_paths, read_crime_index
    from loaders.metadata import read_sidecar

    path_2021, path_2023 = crime_index_paths(Path(root))
    return read_crime_index(path_2021, path_2023, crime_index_lookup(Path(root))), read_sidecar(path_2023)


def crime_index_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """:func:`file_stamps` of every GI-TOC file and sidecar: a cache key that changes when any of them does."""
    from loaders.crime_index import crime_index_paths, gitoc_aliases_path

    tables = list(crime_index_paths(root))
    return file_stamps(*tables, *(sidecar_path(p) for p in tables), gitoc_aliases_path(root))


def load_crime_index() -> tuple[pd.DataFrame, dict]:
    """Both GI-TOC editions as one tidy frame (shared, read-only), and the 2023 sidecar (licence, citation);
    read again when a GI-TOC file changes."""
    root = data_dir()
    return _crime_index(str(root), crime_index_signature(root))


@st.cache_resource(show_spinner=False)
def _events(path: str, stamps: tuple) -> pd.DataFrame:
    from loaders.events import read_events

    return read_events(path)


def load_events() -> pd.DataFrame:
    """The cited context events (shared, read-only), read again only when the file changes; raises
    DataFileError when it is missing or malformed."""
    from loaders.events import events_path

    path = events_path()
    return _events(str(path), file_stamps(path))


@st.cache_resource(show_spinner=False)
def _corridors(path: str, stamps: tuple) -> pd.DataFrame:
    from loaders.corridors import read_corridors

    return read_corridors(Path(path))


def load_corridors() -> pd.DataFrame:
    """The corridor catalogue (shared, read-only), read again only when its file changes."""
    from loaders.corridors import corridors_path

    path = corridors_path()
    return _corridors(str(path), file_stamps(path))


def load_comparison(incidents: pd.DataFrame, filters: Filters, dimension: str, groups: tuple[str, ...],
                    gaps: list[str]) -> Comparison:
    """The :class:`Comparison` of ``groups`` of ``dimension`` among ``incidents``, the incidents of the data
    in force that ``filters`` select (the page's filters, the compared dimension's own lifted)."""
    return per_view(filters, comparison_tables, incidents, dimension, tuple(groups),
                    month_range(filters.period_from, filters.period_to), tuple(gaps))


@st.cache_resource(show_spinner=False, max_entries=2)
def _membership(root: str, incidents_signature: tuple, corridors_signature: tuple, _incidents: pd.DataFrame,
                _corridors: pd.DataFrame) -> Membership:
    return build_membership(_incidents, _corridors)


def _shared() -> tuple[pd.DataFrame, pd.DataFrame, Membership]:
    """The shared incident frame, the corridor catalogue and the membership of every incident."""
    root = data_dir()
    incidents, corridors = load_fatalities(), load_corridors()
    membership = _membership(str(root), files_signature(fatality_files(root)), file_stamps(corridors_path(root)),
                             incidents, corridors)
    return incidents, corridors, membership


def load_membership() -> Membership:
    """Which rows of the shared incident frame lie on each corridor (shared, read-only).

    Raises DataFileError when the incident data or the corridor catalogue is unusable.
    """
    return _shared()[2]


def _positions(incidents: pd.DataFrame, selection: pd.DataFrame) -> np.ndarray | None:
    """The selection's row positions in the shared frame, or None when it is not a row subset of it."""
    try:
        positions = row_positions(incidents, selection)
    except ValueError:
        return None
    if "event_code" in selection.columns and not np.array_equal(
            selection["event_code"].to_numpy(), incidents["event_code"].to_numpy()[positions]):
        return None
    return positions


def selection_membership(selection: pd.DataFrame) -> np.ndarray:
    """Which rows of ``selection`` lie on each corridor: corridors (catalogue order) x rows (read it only).

    ``selection`` should be rows of the shared incident frame (the shell's
    selection, or a subset of it keeping the index labels); any other frame is
    matched against the rules directly.
    """
    incidents, corridors, membership = _shared()
    positions = _positions(incidents, selection)
    if positions is None:
        return membership_matrix(selection, corridors)
    if selection.index.equals(incidents.index):  # every row, in order: the shared array itself
        return membership.matrix
    return membership.rows(positions)


def corridor_rows(selection: pd.DataFrame, corridor_id: str) -> np.ndarray:
    """Row flags: which rows of ``selection`` lie on one corridor (see :func:`selection_membership`)."""
    incidents, corridors, membership = _shared()
    positions = _positions(incidents, selection)
    if positions is None:
        return membership_matrix(selection, corridors[corridors["id"] == corridor_id])[0]
    return membership.corridor(corridor_id, positions)


def routes_view(selection: pd.DataFrame) -> RoutesView:
    """The :class:`RoutesView` of ``selection`` (the shell's), by the corridor catalogue in force.

    Kept per view with :func:`cache.per_view`, give it the catalogue's :func:`catalogue_version`
    as ``version``: the result depends on the catalogue as well as on the filters.
    """
    membership = selection_membership(selection)
    totals = corridor_totals(selection, load_corridors(), membership)
    on = selection.loc[membership.any(axis=0), ["dead_missing", "source_quality"]]  # the columns read below
    blanks_as_none = {"dtype": float, "na_value": 0.0}
    return RoutesView(totals, int(selection["dead_missing"].to_numpy(**blanks_as_none).sum()),
                      int(on["dead_missing"].to_numpy(**blanks_as_none).sum()),
                      low_quality_note(on) if not on.empty else None)


def catalogue_version() -> tuple:
    """The corridor catalogue file's (name, size, mtime): changes when the catalogue is replaced."""
    return file_stamps(corridors_path(data_dir()))


def recorded_ever() -> dict[str, bool]:
    """Corridor id -> whether IOM records any incident on it in any period (the whole incident frame)."""
    return load_membership().recorded_ever()


@st.cache_resource(show_spinner=False, max_entries=256)
def _flow_entry(root: str, signature: tuple, parts: tuple[str, str, str], _flow: pd.DataFrame) -> FlowEntry:
    ref = FlowRef(*parts)
    rows = select_flow(_flow, ref)
    return FlowEntry(rows, crossings_by_year(rows, ref), entry_monthly_totals(rows, ref),
                     bool((rows["nationality_iso3"] != "").any()), nationality_index(rows),
                     entry_annual_totals(rows, ref))


def load_flow_entry(ref: FlowRef) -> FlowEntry:
    """The :class:`FlowEntry` of one corridor flow entry (shared, read-only).

    Raises KeyError for an unknown series and DataFileError for an unusable file.
    """
    flow = load_flow_series(ref.series_id)
    root = data_dir()
    return _flow_entry(str(root), flow_signature(ref.series_id, root), (ref.series_id, ref.route, ref.crossing_type),
                       flow)


@st.cache_resource(show_spinner=False, max_entries=32)
def _indicator(root: str, signature: tuple, indicator: str, _index: pd.DataFrame) -> IndicatorScores:
    return IndicatorScores(scores_by_country(_index, indicator), regional_averages(_index, indicator))


def load_indicator(indicator: str) -> IndicatorScores:
    """The :class:`IndicatorScores` of one indicator of the GI-TOC index in force.

    Raises DataFileError when a GI-TOC file is unusable (as ``load_crime_index`` does).
    """
    index, _ = load_crime_index()
    root = data_dir()
    return _indicator(str(root), crime_index_signature(root), indicator, index)


def flow_signature(series_id: str, root: Path) -> tuple:
    """(name, size, mtime) of the series' file and sidecar; (name, -1, -1) where absent (a few stat calls)."""
    path = FLOW_SERIES[series_id].path(root)
    return file_stamps(path, sidecar_path(path))


@st.cache_resource(show_spinner=False)
def _flow_series(root: str, series_id: str, signature: tuple) -> pd.DataFrame:
    return read_flow_series(series_id, Path(root))


@st.cache_resource(show_spinner=False)
def _flow_meta(root: str, series_id: str, signature: tuple) -> Mapping[str, Any]:
    return MappingProxyType(FLOW_SERIES[series_id].meta(Path(root)))


def load_flow_series(series_id: str) -> pd.DataFrame:
    """The canonical flow frame of one series (shared, read-only: filter it, never modify it).

    Raises KeyError for an unknown id and DataFileError for an unusable file.
    """
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")
    root = data_dir()
    return _flow_series(str(root), series_id, flow_signature(series_id, root))


def load_flow_meta(series_id: str) -> Mapping[str, Any]:
    """The sidecar of one series (title, publisher, licence, measure, unit, counts, misses, caveats...).

    Shared and read-only (a mapping that refuses writes): copy it with ``dict()`` to change it.
    """
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")
    root = data_dir()
    return _flow_meta(str(root), series_id, flow_signature(series_id, root))


@st.cache_resource(show_spinner=False, max_entries=32)
def _series_table(root: str, series_id: str, signature: tuple, transform_name: str, args: tuple,
                  _transform: Callable[..., pd.DataFrame], _frame: pd.DataFrame) -> pd.DataFrame:
    return _transform(_frame, *args)


def load_series_table(series_id: str, transform: Callable[..., pd.DataFrame], *args: Hashable) -> pd.DataFrame:
    """``transform(frame, *args)`` of one series' frame, worked out once per file version and ``args`` and shared,
    read-only: for tables of a whole series that no filter changes (e.g. ``transforms.hazards.sea_land_detections``).

    ``transform`` must be a pure function of the frame and ``args`` (small hashable values). Raises as
    :func:`load_flow_series` does.
    """
    frame = load_flow_series(series_id)
    root = data_dir()
    return _series_table(str(root), series_id, flow_signature(series_id, root),
                         f"{transform.__module__}.{transform.__qualname__}", args, transform, frame)


@dataclass(frozen=True)
class Facts:
    """The facts with their catalogue ids, the facts file's sidecar and the catalogue's corridor names."""

    facts: pd.DataFrame
    meta: Mapping[str, Any]
    names: Mapping[str, str]
    signature: tuple


@st.cache_resource(show_spinner=False, max_entries=4)
def _facts(root: str, signature: tuple) -> Facts:
    base = Path(root)
    path = facts_path(base)
    facts = attach_corridor_ids(read_facts(path), read_corridor_map(corridor_map_path(base)))
    return Facts(facts, MappingProxyType(read_sidecar(path)), MappingProxyType(catalogue_names(corridors_path(base))),
                 signature)


def load_facts() -> Facts:
    """The facts of the data folder in force (shared, read-only); DataFileError for an unusable file."""
    root = data_dir()
    path = facts_path(root)
    signature = file_stamps(path, sidecar_path(path), corridor_map_path(root), corridors_path(root))
    return _facts(str(root), signature)


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(root: str, signature: tuple, choice: str, kinds: tuple[str, ...], _facts: pd.DataFrame) -> FactsView:
    kept = keep_kinds(_facts, kinds)
    chosen = facts_for(kept, choice)
    matrix = evidence_matrix(kept, list(dict.fromkeys(_facts["corridor"])))
    wide = matrix.pivot_table(index="corridor", columns="aspect_label", values="facts", sort=False).reset_index()
    return FactsView(chosen, tuple(by_aspect(chosen)), matrix, wide, fee_ranges(kept))


def load_view(facts: Facts, choice: str, kinds: tuple[str, ...]) -> FactsView:
    """The :class:`FactsView` of ``facts`` (from :func:`load_facts`) for a corridor choice and source kinds."""
    return _view(str(data_dir()), facts.signature, choice, tuple(kinds), facts.facts)


@st.cache_resource(show_spinner=False, max_entries=64)
def _overview(root: str, signature: tuple, key: tuple, grain: str, gaps: tuple[str, ...], incomplete: tuple[str, ...],
              _filters: Filters, _incidents: pd.DataFrame, _selection: pd.DataFrame,
              _options: FilterOptions) -> Overview:
    before_filters = previous_period(_filters, _options)
    before = (headline_figures(apply_filters(_incidents, before_filters, _options, columns=HEADLINE_COLUMNS))
              if before_filters else None)
    series = dead_missing_by_period(_selection, grain, month_range(_filters.period_from, _filters.period_to),
                                    list(gaps), list(incomplete))
    return Overview(now=headline_figures(_selection), before_filters=before_filters, before=before, series=series,
                    note=low_quality_note(_selection), routes=top_values(_selection, "migration_route"),
                    routes_unknown=unknown_share(_selection, "migration_route"),
                    origins=top_values(_selection, "country_of_origin"),
                    origins_unknown=unknown_share(_selection, "country_of_origin"),
                    cells=map_cells(_selection, cell_degrees=CELL_DEGREES))


def load_overview(incidents: pd.DataFrame, selection: pd.DataFrame, filters: Filters, options: FilterOptions,
                  grain: str, gaps: list[str], incomplete: list[str]) -> Overview:
    """The :class:`Overview` of ``selection``, the rows of ``incidents`` (the data in force) that ``filters``
    select, by ``grain``; ``gaps`` and ``incomplete`` as the shell gives them."""
    root = data_dir()
    return _overview(str(root), files_signature(fatality_files(root)), dataclasses.astuple(filters), grain,
                     tuple(gaps), tuple(incomplete), filters, incidents, selection, options)


T = TypeVar("T")


#: Views kept: a result is at most about 1 MB (the Incident map's points are capped at 2,500), so at most
#: about 64 MB whatever the traffic; the least recently used view goes first.
@st.cache_resource(show_spinner=False, max_entries=64)
def _per_view(root: str, signature: tuple, filters: tuple, name: str, args: tuple,
              _transform: Callable[..., Any], _selection: pd.DataFrame) -> Any:
    return _transform(_selection, *args)


def per_view(filters: Filters, transform: Callable[..., T], selection: pd.DataFrame, *args: Hashable,
             version: Hashable = ()) -> T:
    """``transform(selection, *args)``, worked out once per data version, ``filters``, transform and ``args``.

    ``selection`` must be the rows of the data in force that ``filters`` select (the shell's ``selection``);
    ``transform`` a function of it and ``args`` (small hashable values) whose result nobody changes.
    ``version``: the version of anything else the transform reads (e.g. the corridor catalogue's file stamps);
    part of the key, not passed on.
    """
    root = data_dir()
    return _per_view(str(root), files_signature(fatality_files(root)), (dataclasses.astuple(filters), version),
                     f"{transform.__module__}.{transform.__qualname__}", args, transform, selection)
