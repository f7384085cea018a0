"""Dated context events (crises, policy changes): which of them fall inside a period."""

from __future__ import annotations

import pandas as pd

from loaders.events import GLOBAL


def events_in_view(events: pd.DataFrame, first_month: str, last_month: str,
                   places: tuple[str, ...] = ()) -> pd.DataFrame:
    """The events overlapping the months ``first_month``..``last_month`` ("YYYY-MM", inclusive).

    ``places`` are the regions or sub-regions in view (from the global filters); when given,
    only events for one of them or for "Global" are kept. Returns a new frame, same columns.
    """
    start = pd.Period(first_month, "M").start_time
    end = pd.Period(last_month, "M").end_time
    finish = events["end_date"].fillna(events["date"])
    mask = (events["date"] <= end) & (finish >= start)
    if places:
        mask &= events["region"].isin(set(places) | {GLOBAL})
    return events.loc[mask].reset_index(drop=True)
