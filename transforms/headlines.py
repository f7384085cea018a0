"""Headline figures and the Overview: the numbers a visitor sees first, for one view.

A view is what one link shows: the filters in force and the page's controls.
:func:`overview` gathers everything the Overview page shows for one view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transforms.counting import distinct_count, distinct_events, event_codes
from transforms.filters import FilterOptions, Filters, apply_filters, previous_period
from transforms.maps import map_cells
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note
from transforms.rankings import top_values, unknown_share

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


@dataclass(frozen=True)
class Headline:
    """Headline figures for a set of incidents (people, except ``incidents``)."""

    dead_missing: int
    dead: int
    missing: int
    incidents: int
    survivors: int
    children: int
    incidents_with_children_recorded: int


#: The columns :func:`headline_figures` reads (of the reader's frame).
HEADLINE_COLUMNS = ("dead_missing", "dead", "missing", "survivors", "children", "event_code")


def headline_figures(incidents: pd.DataFrame) -> Headline:
    """Sums of the count columns and the number of distinct incidents (Main IDs)."""
    def total(column: str) -> int:
        return int(incidents[column].sum())  # blanks skipped

    return Headline(
        dead_missing=total("dead_missing"),
        dead=total("dead"),
        missing=total("missing"),
        incidents=distinct_events(incidents),
        survivors=total("survivors"),
        children=total("children"),
        incidents_with_children_recorded=distinct_count(event_codes(incidents)[incidents["children"].notna().to_numpy()]),
    )


def overview(incidents: pd.DataFrame, selection: pd.DataFrame, filters: Filters, options: FilterOptions, grain: str,
             gaps: list[str], incomplete: list[str]) -> Overview:
    """The :class:`Overview` of ``selection``, the rows of ``incidents`` that ``filters`` select, by ``grain``."""
    before_filters = previous_period(filters, options)
    before = (headline_figures(apply_filters(incidents, before_filters, options, columns=HEADLINE_COLUMNS))
              if before_filters else None)
    series = dead_missing_by_period(selection, grain, month_range(filters.period_from, filters.period_to),
                                    list(gaps), list(incomplete))
    return Overview(now=headline_figures(selection), before_filters=before_filters, before=before, series=series,
                    note=caution_note(selection), routes=top_values(selection, "migration_route"),
                    routes_unknown=unknown_share(selection, "migration_route"),
                    origins=top_values(selection, "country_of_origin"),
                    origins_unknown=unknown_share(selection, "country_of_origin"),
                    cells=map_cells(selection, cell_degrees=CELL_DEGREES))
