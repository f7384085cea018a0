"""Thin Streamlit-cached wrappers over the pure readers.

The incident frame is held once per server process with ``st.cache_resource``
and shared, read-only, by every session: transforms never mutate it and
always return new frames, so no viewer pays for a private copy. Keys are
small (a folder path and the files' sizes and times), never whole frames.

Once the incidents are read, the objects alive at that moment (the frame's
Python strings and tuples among them) are moved out of the garbage
collector's reach with ``gc.freeze()``: they live as long as the process, and
without it every full collection walks all of them again (about 60 ms a run
at the shipped size, seconds at 100 times the rows).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from loaders.catalogue import SourceFile, fatality_files, file_stamps, files_signature
from loaders.countries import read_countries
from loaders.fatality_transforms import source_coverage, uncovered_months
from loaders.filters import FilterOptions, Filters, filter_options
from loaders.metadata import sidecar_path
from loaders.paths import countries_path, data_dir
from loaders.prepare import parsed_incidents

if TYPE_CHECKING:  # table_export imports openpyxl: loaded only when the Incident table is opened
    from loaders.table_export import ShownTable, TableIndex


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
    from loaders.fatality_transforms import quality_flag_summary

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
    from loaders.country_profile import country_choices

    return country_choices(_countries(root), _fatalities(root, signature))


def load_country_choices() -> pd.DataFrame:
    """The countries the Country profile can show (iso3, name, subregion), worked out once per data version."""
    sources = fatality_files(data_dir())
    return _country_choices(str(data_dir()), files_signature(sources))


@st.cache_resource(show_spinner=False, max_entries=1)
def _table_index(root: str, signature: tuple) -> TableIndex:
    from loaders.table_export import table_index

    return table_index(_fatalities(root, signature))


@st.cache_resource(show_spinner=False, max_entries=8)
def _incident_table(root: str, signature: tuple, view: str, query: str, _selection: pd.DataFrame) -> ShownTable:
    from loaders.corridors import row_positions
    from loaders.table_export import shown_table

    return shown_table(_table_index(root, signature), row_positions(_fatalities(root, signature), _selection), query)


def load_incident_table(filters: Filters, selection: pd.DataFrame, query: str) -> ShownTable:
    """The Incident table's rows for these filters and search (:class:`loaders.table_export.ShownTable`).

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
