"""Headline figures and the Overview: the numbers a visitor sees first, for one view.

A view is what one link shows: the filters in force and the page's controls.
:func:`overview` gathers everything the Overview page shows for one view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transforms.counting import distinct_count, distinct_events, event_codes
from transforms.filters import Filters

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
