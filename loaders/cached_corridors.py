"""Thin Streamlit-cached wrappers for the corridor pages: corridor membership and each flow entry's totals.

Which incidents lie on each corridor does not depend on the global filters, so
it is worked out once per data version over the whole incident frame
(:func:`loaders.corridors.build_membership`) and held with ``st.cache_resource``,
shared read-only by every session. A filtered selection (a row subset of that
frame with the same index labels, as ``apply_filters`` gives) then takes its
membership by row position, without matching any rule again. Each corridor
flow entry's rows, yearly totals and monthly totals depend on the flow files
only and are held the same way (:class:`FlowEntry`). Keys are small: the data
folder and the files' sizes and modification times, never frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from loaders.cached import load_corridors, load_fatalities
from loaders.cached_flows import flow_signature, load_flow_series
from loaders.catalogue import fatality_files, file_stamps, files_signature
from loaders.corridor_transforms import (FlowRef, NationalityIndex, corridor_totals, crossings_by_year,
                                         entry_annual_totals, entry_monthly_totals, nationality_index, select_flow)
from loaders.corridors import Membership, build_membership, corridors_path, membership_matrix, row_positions
from loaders.fatality_transforms import low_quality_note
from loaders.paths import data_dir


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


@dataclass(frozen=True)
class RoutesView:
    """What the Routes map shows of a selection: ``totals`` per corridor (:func:`corridor_totals`), the dead and
    missing of the whole selection (``everyone``) and of its rows on a corridor (``on_corridors``), and the
    low-quality caution for those rows (None when there are none)."""

    totals: pd.DataFrame
    everyone: int
    on_corridors: int
    note: str | None


def routes_view(selection: pd.DataFrame) -> RoutesView:
    """The :class:`RoutesView` of ``selection`` (the shell's), by the corridor catalogue in force.

    Kept per view with :func:`loaders.cached_views.per_view`, give it the catalogue's :func:`catalogue_version`
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


@dataclass(frozen=True)
class FlowEntry:
    """What the corridor pages read of one ``flow_series`` entry, worked out once per file version.

    ``rows``: the entry's rows of its series (:func:`loaders.corridor_transforms.select_flow`);
    ``by_year``: :func:`loaders.corridor_transforms.crossings_by_year`; ``monthly``:
    :func:`loaders.corridor_transforms.entry_monthly_totals`; ``has_nationality``: whether any
    row records a nationality; ``nationalities``: the rows' :class:`NationalityIndex`; ``annual``:
    :func:`loaders.corridor_transforms.entry_annual_totals`. Shared and read-only.
    """

    rows: pd.DataFrame
    by_year: pd.DataFrame
    monthly: pd.DataFrame
    has_nationality: bool
    nationalities: NationalityIndex
    annual: pd.DataFrame


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
