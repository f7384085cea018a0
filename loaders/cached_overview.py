"""Thin Streamlit-cached wrapper for the Overview: its numbers and tables, worked out once per view.

The Overview is where every visitor lands, most of them on the same view. A view
is the data version, the filters in force, the time grain, and the months no IOM
export covers or covers in part. Its headline figures (and those of the period
before), the series over time, top routes and origins with their unknown
shares, the map cells and the low-quality caution are held with
``st.cache_resource`` and shared, read-only, by every session, so a view seen
once is not worked out again over every incident (about 450 ms a run at 100
times the rows for the whole period). A view not seen before is worked out by
the pure transforms in ``loaders.fatality_transforms``, as before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.catalogue import fatality_files, files_signature
from loaders.fatality_transforms import (HEADLINE_COLUMNS, Headline, apply_filters, dead_missing_by_period,
                                         headline_figures, low_quality_note, map_cells, top_values, unknown_share)
from loaders.filters import FilterOptions, Filters, month_range, previous_period
from loaders.paths import data_dir

#: The map preview's grid (degrees).
CELL_DEGREES = 2.0


@dataclass(frozen=True)
class Overview:
    """What the Overview shows for one view (shared, read-only). ``before``: the headline figures of the
    period of the same length just before (``before_filters``), None when the data has no such period."""

    now: Headline
    before_filters: Filters | None
    before: Headline | None
    series: pd.DataFrame
    note: str | None
    routes: pd.DataFrame
    routes_unknown: float
    origins: pd.DataFrame
    origins_unknown: float
    cells: pd.DataFrame


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
