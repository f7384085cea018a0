"""Counting over integer codes: distinct values and distinct incidents per group, without pandas groupby.

Incidents are counted as distinct ``event_code`` values (one per IOM Main ID):
a split incident has several rows but counts once. Every function takes numpy
arrays and returns new ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: An integer array whose values span at most this many times its length (plus DENSE_SLACK) is counted by
#: bincount instead of sorted: one pass over the values and one over their range.
DENSE_SPAN_PER_VALUE = 2


DENSE_SLACK = 1 << 16


def _dense_range(values: np.ndarray) -> tuple[int, int] | None:
    """(lowest, highest) of a non-empty integer array when its range is small enough to count, else None."""
    if values.dtype.kind not in "iu":
        return None
    low, high = int(values.min()), int(values.max())
    return (low, high) if high - low < DENSE_SPAN_PER_VALUE * values.size + DENSE_SLACK else None


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted (same dtype).

    Values packed in a small range (event codes, grid cells) are counted with
    ``np.bincount``; others are sorted and neighbours compared. With numpy 2.4
    both are far quicker than ``np.unique`` on millions of values.
    """
    values = np.asarray(values)
    if values.size == 0:
        return values
    dense = _dense_range(values)
    if dense is not None:
        low = dense[0]
        return (np.flatnonzero(np.bincount((values - low).astype(np.intp, copy=False))) + low).astype(values.dtype)
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def dense_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an integer array (sorted, as :func:`distinct`) and each value's position among them."""
    values = np.asarray(values)
    if values.size == 0:
        return values, np.zeros(0, dtype=np.intp)
    dense = _dense_range(values)
    if dense is None:
        keys = distinct(values)
        return keys, np.searchsorted(keys, values)
    low = dense[0]
    shifted = (values - low).astype(np.intp, copy=False)
    present = np.bincount(shifted) > 0
    position = np.cumsum(present) - 1
    return (np.flatnonzero(present) + low).astype(values.dtype), position[shifted]


def repeat_rows(events: np.ndarray) -> np.ndarray:
    """The rows (sorted positions) of every event that may have more than one row in ``events``.

    Every other row is the only row of its event. The reader numbers events in
    the order of their first row and sorts rows by date, so along any cut of it
    an event's code is above every code before it, except on the later rows of
    a split incident: those are found with one running maximum, and the first
    row of their event where that maximum reached its code. Rows in any other
    order are still right (more rows are returned, to be deduplicated).
    """
    events = np.asarray(events)
    if events.size < 2:
        return np.zeros(0, dtype=np.intp)
    running = np.maximum.accumulate(events)
    later = np.flatnonzero(events[1:] <= running[:-1]) + 1  # not above every code before: maybe seen before
    if not later.size:
        return later
    first = np.searchsorted(running, events[later])  # where the running maximum first reached each code
    first = first[running[first] == events[later]]  # a row holding that code itself
    return distinct(np.concatenate([later, first]))


def distinct_count(events: np.ndarray) -> int:
    """How many distinct values an array of event codes holds (see :func:`repeat_rows`)."""
    events = np.asarray(events)
    shared = repeat_rows(events)
    return int(events.size - shared.size + distinct(events[shared]).size)


def events_per_group(groups: np.ndarray, events: np.ndarray, size: int) -> np.ndarray:
    """How many distinct events (incidents) each group 0..size-1 holds; row i is in group ``groups[i]``.

    A row whose event has no other row is a distinct (group, event) pair by
    itself, so those are only counted; the few rows of split incidents
    (several rows per Main ID, :func:`repeat_rows`) are paired and deduplicated.
    """
    groups, events = np.asarray(groups), np.asarray(events)
    counts = np.bincount(groups, minlength=size).astype(np.int64)
    shared = repeat_rows(events)
    if shared.size:
        group_of, event_of = groups[shared].astype(np.int64), events[shared].astype(np.int64)
        span = int(event_of.max()) + 1
        counts -= np.bincount(group_of, minlength=size)
        counts += np.bincount(distinct(group_of * span + event_of) // span, minlength=size)
    return counts


def events_per_value(cells: np.ndarray, events: np.ndarray, pair_cell: np.ndarray, pair_value: np.ndarray,
                     cell_count: int, size: int) -> np.ndarray:
    """How many distinct events list each value 0..size-1, where row i's cell ``cells[i]`` lists the values
    paired with it in (``pair_cell``, ``pair_value``) (a pair given twice counts once).

    Rows whose event has no other row are counted per cell and spread onto the
    cell's values; rows of split incidents are expanded to their values and
    deduplicated, so an incident listing a value in several rows counts once.
    """
    cells, events = np.asarray(cells), np.asarray(events)
    if not len(pair_cell) or not cells.size:
        return np.zeros(size, dtype=np.int64)
    pairs = distinct(np.asarray(pair_cell, dtype=np.int64) * size + np.asarray(pair_value, dtype=np.int64))
    pair_cell, pair_value = pairs // size, pairs % size
    shared = repeat_rows(events)
    rows_per_cell = np.bincount(cells, minlength=cell_count)
    if shared.size:
        rows_per_cell = rows_per_cell - np.bincount(cells[shared], minlength=cell_count)
    counts = np.bincount(pair_value, weights=rows_per_cell[pair_cell], minlength=size).astype(np.int64)
    if shared.size:
        cell_of, event_of = cells[shared], events[shared].astype(np.int64)
        values_per_cell = np.bincount(pair_cell, minlength=cell_count)
        starts = np.cumsum(values_per_cell) - values_per_cell  # pairs are sorted by cell
        repeat = values_per_cell[cell_of]
        offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        value_of = pair_value[np.repeat(starts[cell_of], repeat) + offset]
        span = int(event_of.max()) + 1
        counts += np.bincount(distinct(value_of * span + np.repeat(event_of, repeat)) // span, minlength=size)
    return counts


def event_codes(incidents: pd.DataFrame) -> np.ndarray:
    """An integer per distinct Main ID: the reader's ``event_code``, or computed when absent."""
    if "event_code" in incidents.columns:
        return incidents["event_code"].to_numpy()
    return pd.factorize(incidents["main_id"])[0]


def distinct_events(incidents: pd.DataFrame) -> int:
    """How many distinct incidents (Main IDs) there are."""
    return distinct_count(event_codes(incidents))
