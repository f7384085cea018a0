"""Pure transforms of the canonical incident frame: filtering and aggregation.

Every function takes the frame from :func:`loaders.fatalities.read_fatalities`
(or a filtered cut of it), never mutates it, and returns a new frame or a
plain value. Counts are people (dead, missing, dead_missing, survivors,
children); an incident is a distinct ``main_id``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from loaders.fatalities import KEY_SUFFIX, month_keys, value_codes
from loaders.filters import MULTI_FILTERS, FilterOptions, Filters, is_full_period

#: pandas frequency for each time grain offered to users.
GRAINS = {"month": "M", "quarter": "Q", "year": "Y"}


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
    ``np.unique`` took 2 s on two million values where the sort takes about
    30 ms and the count a few.
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


def _per_unique(incidents: pd.DataFrame, column: str, func) -> np.ndarray:
    """``func`` applied to each distinct value of ``column`` only, spread back to every row.

    Cells such as causes of death repeat a few hundred distinct values over
    millions of rows, so this is far cheaper than ``series.map(func)``.
    """
    codes, uniques = value_codes(incidents, column)
    results = np.array([func(value) for value in uniques] + [func(None)])
    return results[codes]  # code -1 (missing) picks the last entry, func(None)


def _matches_any(incidents: pd.DataFrame, column: str, wanted: tuple[str, ...]) -> np.ndarray:
    """Row mask: the cell equals one of ``wanted``, or (tuple cells) contains one."""
    wanted_set = set(wanted)
    mask = _per_unique(incidents, column, lambda cell: (not wanted_set.isdisjoint(cell)) if isinstance(cell, tuple)
                       else cell in wanted_set)
    return mask.astype(bool)


def _month_key(month: str) -> int:
    return int(month[:4]) * 100 + int(month[5:7])


def filter_mask(incidents: pd.DataFrame, filters: Filters, options: FilterOptions) -> np.ndarray:
    """Row mask of the incidents matching ``filters`` (see :func:`apply_filters`)."""
    keys = row_month_keys(incidents)
    mask = (keys >= _month_key(filters.period_from)) & (keys <= _month_key(filters.period_to))
    if is_full_period(filters, options):
        mask |= keys == -1
    for attr, (_, column, _) in MULTI_FILTERS.items():
        wanted = getattr(filters, attr)
        if wanted:
            mask &= _matches_any(incidents, column, wanted)
    return mask


def apply_filters(incidents: pd.DataFrame, filters: Filters, options: FilterOptions,
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The incidents matching ``filters`` (only ``columns``, when given: a cut that copies less).

    Undated incidents are kept only when the period covers all the data, so that
    "no filter" reconciles with IOM's grand total. With no filter at all a
    shallow copy is returned: under pandas' copy-on-write it costs nothing and
    a write to it never reaches the shared, cached frame. The reader sorts
    incidents by date, so a period alone picks one run of rows: that is
    returned as a slice, which copies nothing either (a mask is still checked).
    """
    frame = incidents if columns is None else incidents[list(columns)]
    if filters == options.default():
        return frame.copy(deep=False)
    mask = filter_mask(incidents, filters, options)
    count = int(np.count_nonzero(mask))
    if count:
        first = int(np.argmax(mask))
        if count == int(np.count_nonzero(mask[first:first + count])):  # one run of rows
            return frame.iloc[first:first + count]
    return frame.loc[mask]


def event_codes(incidents: pd.DataFrame) -> np.ndarray:
    """An integer per distinct Main ID: the reader's ``event_code``, or computed when absent."""
    if "event_code" in incidents.columns:
        return incidents["event_code"].to_numpy()
    return pd.factorize(incidents["main_id"])[0]


def distinct_events(incidents: pd.DataFrame) -> int:
    """How many distinct incidents (Main IDs) there are."""
    return distinct_count(event_codes(incidents))


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


def source_coverage(incidents: pd.DataFrame) -> pd.DataFrame:
    """Per source file: first and last incident date and row count (columns source_file, first, last, rows)."""
    grouped = incidents.groupby("source_file", sort=False)["date"]
    coverage = pd.DataFrame({"first": grouped.min(), "last": grouped.max(), "rows": grouped.size()})
    return coverage.sort_values("first").reset_index()


def uncovered_months(coverage: pd.DataFrame) -> list[str]:
    """Months ("YYYY-MM") between the first and last covered month that no source file covers."""
    if coverage.empty:
        return []
    covered: set[str] = set()
    for first, last in zip(coverage["first"], coverage["last"]):
        if pd.notna(first) and pd.notna(last):
            covered.update(str(p) for p in pd.period_range(first, last, freq="M"))
    every = pd.period_range(coverage["first"].min(), coverage["last"].max(), freq="M")
    return [str(p) for p in every if str(p) not in covered]


#: What :func:`dead_missing_by_period` counts per period (people, then distinct incidents).
PERIOD_MEASURES = ("dead", "missing", "dead_missing", "incidents")


def dead_missing_by_period(incidents: pd.DataFrame, grain: str, months: tuple[str, ...],
                           gaps: list[str] | None = None, incomplete: Iterable[str] = (),
                           measures: Sequence[str] = PERIOD_MEASURES) -> pd.DataFrame:
    """Dead, missing, dead_missing and incidents per month, quarter or year.

    ``months`` is the selected period ("YYYY-MM" each); every period in it gets a
    row, zero where nothing was recorded, and blank (NaN) where no IOM export
    covers it at all (``gaps``), so a missing export never reads as zero deaths.
    Columns: period (Timestamp at the period start), label, dead, missing,
    dead_missing, incidents, covered (bool: any month of it has data) and
    coverage (0-1: the share of its calendar months that are selected and
    covered by an export; below 1 the period is partial, e.g. 2025 or 2026).
    Months in ``incomplete`` (an export stops part-way through them) count as
    only partly covered: their data are shown, but the period is partial.
    ``measures`` picks which of :data:`PERIOD_MEASURES` are counted (the
    others are left out of the frame; none gives just the calendar).
    """
    step = {"M": 1, "Q": 3, "Y": 12}[GRAINS[grain]]
    # Every period of the selection (pandas Period ordinals), and each row's position among them.
    first_month, last_month = _month_ordinal(months[0]), _month_ordinal(months[-1])
    periods = np.arange(first_month // step, last_month // step + 1)
    count = len(periods)
    values = {}
    wanted = [m for m in PERIOD_MEASURES if m in measures]
    keys = row_month_keys(incidents) if wanted else None
    bounds = _period_bounds(keys, step, int(periods[0]), count) if wanted else None
    if bounds is not None:
        # Rows in date order: each period is one run of rows, summed as such.
        for column in wanted:
            values[column] = (_run_sums(incidents[column].to_numpy(dtype=float, na_value=0.0), bounds)
                              if column != "incidents" else _events_per_run(event_codes(incidents), bounds))
    elif wanted:
        # Any other order: sums per period by bincount over each row's period.
        slots = period_slots(incidents, step, int(periods[0]), count)
        for column in wanted:
            values[column] = (np.bincount(slots, weights=incidents[column].to_numpy(dtype=float, na_value=0.0),
                                          minlength=count + 2) if column != "incidents"
                              else events_per_group(slots, event_codes(incidents), count + 2))[:count].astype(float)
    # Coverage per period, month by month: selected, covered by an export, and complete.
    month_ordinals = np.arange(periods[0] * step, (periods[-1] + 1) * step)
    with_data = ((month_ordinals >= first_month) & (month_ordinals <= last_month)
                 & ~np.isin(month_ordinals, [_month_ordinal(m) for m in gaps or []]))
    whole = with_data & ~np.isin(month_ordinals, [_month_ordinal(m) for m in incomplete])
    shares = (with_data.reshape(-1, step).sum(axis=1) + whole.reshape(-1, step).sum(axis=1)) / (2 * step)
    covered = shares > 0
    for column in values:
        values[column][~covered] = np.nan
    starts = (periods * step).astype("datetime64[M]").astype("datetime64[ns]")
    return pd.DataFrame({"period": starts, "label": [_ordinal_label(p, step) for p in periods.tolist()], **values,
                         "covered": covered, "coverage": shares})


def _month_ordinal(month: str) -> int:
    """Months since January 1970 of "YYYY-MM" (pandas' monthly Period ordinal)."""
    return (int(month[:4]) - 1970) * 12 + int(month[5:7]) - 1


def row_month_keys(incidents: pd.DataFrame) -> np.ndarray:
    """Each row's year * 100 + month (-1 undated): the reader's ``month_key``, or computed from ``date``."""
    if "month_key" in incidents.columns:
        return incidents["month_key"].to_numpy()
    return month_keys(incidents["date"])


def period_slots(incidents: pd.DataFrame, step: int, first: int, count: int) -> np.ndarray:
    """Each row's period as a position 0..count-1 from period ordinal ``first`` (``step`` months a period),
    ``count`` for a dated row outside them and ``count + 1`` for an undated row.

    Rows in date order (the reader's) are written run by run; any other order
    is read from ``month_key`` through a table over its values.
    """
    keys = row_month_keys(incidents)
    if not keys.size:
        return np.zeros(0, dtype=np.int64)
    bounds = _period_bounds(keys, step, first, count)
    if bounds is not None:
        dated = int(np.count_nonzero(keys >= 0))
        runs = np.diff(np.concatenate([[0], bounds, [dated, keys.size]]))
        return np.repeat(np.array([count, *range(count), count, count + 1], dtype=np.int64), runs)
    high, low = int(keys.max()), int(keys.min())
    if high < 0:
        return np.full(keys.size, count + 1, dtype=np.int64)
    if low < 0:  # undated rows (-1): the table starts at the first dated month
        low = int(np.min(keys, where=keys >= 0, initial=high))
    key = np.arange(low, high + 1)
    position = ((key // 100 - 1970) * 12 + key % 100 - 1) // step - first
    table = np.concatenate([[count + 1], np.where((position >= 0) & (position < count), position, count)])
    index = keys - (low - 1)  # 1.. for dated rows, 0 or less for undated ones
    return table[np.maximum(index, 0, out=index)]


def _period_bounds(keys: np.ndarray, step: int, first: int, count: int) -> np.ndarray | None:
    """Where each of ``count`` periods starts and the last one ends (count + 1 row positions) when the
    rows run in date order with the undated ones (-1) last, as the reader sorts them; else None."""
    dated = int(np.count_nonzero(keys >= 0))
    if not dated or not (keys[dated:] < 0).all() or not (keys[1:dated] >= keys[:dated - 1]).all():
        return None
    months = (first + np.arange(count + 1)) * step  # the first month of each period, and of the one after
    starts = (1970 + months // 12) * 100 + months % 12 + 1
    return np.searchsorted(keys[:dated], starts)


def _run_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of ``values`` over each run of rows bounds[i]:bounds[i + 1] (zero for an empty run)."""
    out = np.zeros(len(bounds) - 1)
    filled = bounds[1:] > bounds[:-1]
    if filled.any():
        out[filled] = np.add.reduceat(values[:bounds[-1]], bounds[:-1][filled])
    return out


def _events_per_run(events: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Distinct events in each run of rows bounds[i]:bounds[i + 1] (see :func:`events_per_group`)."""
    counts = np.diff(bounds).astype(np.int64)
    shared = repeat_rows(events)
    shared = shared[(shared >= bounds[0]) & (shared < bounds[-1])]
    if shared.size:
        run_of = np.searchsorted(bounds, shared, side="right") - 1
        event_of = events[shared].astype(np.int64)
        span = int(event_of.max()) + 1
        counts -= np.bincount(run_of, minlength=len(counts))
        counts += np.bincount(distinct(run_of * span + event_of) // span, minlength=len(counts))
    return counts.astype(float)


def _ordinal_label(ordinal: int, step: int) -> str:
    """"2024", "Q2 2024" or "May 2024" for a yearly, quarterly or monthly ordinal."""
    if step == 12:
        return str(1970 + ordinal)
    if step == 3:
        return f"Q{ordinal % 4 + 1} {1970 + ordinal // 4}"
    return f"{calendar.month_abbr[ordinal % 12 + 1]} {1970 + ordinal // 12}"


#: (column, exclude) -> (categories, combos, labels, pair_combo, pair_label) for :func:`_value_pairs`: what a
#: categorical's distinct cells list, worked out once per set of categories (every cut of the shared incident
#: frame keeps its categories object), not on every call. Holding the categories keeps the identity check sound.
_PAIRS: dict[tuple, tuple] = {}


def _value_pairs(incidents: pd.DataFrame, column: str, exclude: tuple[str, ...]
                 ) -> tuple[np.ndarray, list, list[str], np.ndarray, np.ndarray]:
    """Each row's cell code, the distinct cells (as tuples), the sorted values they list (less ``exclude``),
    and the (cell, value) pairs: cell ``pair_combo[k]`` lists value ``pair_label[k]``."""
    key = column + KEY_SUFFIX if column + KEY_SUFFIX in incidents.columns else column
    series = incidents[key]
    categories = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else None
    memo = _PAIRS.get((column, exclude)) if categories is not None else None
    if memo is not None and memo[0] is categories:
        return (series.cat.codes.to_numpy().astype(np.int64), *memo[1:])
    codes, uniques = value_codes(incidents, column)
    combos = [u if isinstance(u, tuple) else (u,) for u in uniques]
    labels = sorted({v for combo in combos for v in combo if isinstance(v, str) and v not in exclude})
    label_id = {label: i for i, label in enumerate(labels)}
    pair_combo = np.array([c for c, combo in enumerate(combos) for v in combo if v in label_id], dtype=np.int64)
    pair_label = np.array([label_id[v] for combo in combos for v in combo if v in label_id], dtype=np.int64)
    if categories is not None:
        _PAIRS[(column, exclude)] = (categories, combos, labels, pair_combo, pair_label)
    return codes, combos, labels, pair_combo, pair_label


#: The dtype pandas gives a column of labels (text).
_LABEL_DTYPE = pd.Series(["a"]).dtype


def top_values(incidents: pd.DataFrame, column: str, n: int = 10,
               exclude: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> pd.DataFrame:
    """The ``n`` values of ``column`` with the most dead and missing.

    Tuple columns (country_of_origin, cause_of_death) count an incident under
    each value it lists. Columns: value, dead_missing, incidents, share (of all
    dead and missing in ``incidents``, 0-1).
    """
    codes, combos, labels, pair_combo, pair_label = _value_pairs(incidents, column, exclude)
    if not labels:
        return pd.DataFrame({"value": [], "dead_missing": [], "incidents": [], "share": []})
    # People per distinct cell (cell 0 stands for a blank cell, code -1), spread onto the labels each cell lists.
    cells = codes + 1
    weights = incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0)
    by_combo = np.bincount(cells, weights=weights, minlength=len(combos) + 1)[1:]
    dead_missing = np.bincount(pair_label, weights=by_combo[pair_combo], minlength=len(labels))
    incident_counts = events_per_value(cells, event_codes(incidents), pair_combo + 1, pair_label, len(combos) + 1,
                                       len(labels))
    # Values with any dead, missing or incident, most dead and missing first, then most incidents, ties in label
    # order (a stable sort), the first n; in numpy, as each pandas step on a frame this small costs more.
    kept = np.flatnonzero((dead_missing > 0) | (incident_counts > 0))
    top = kept[np.lexsort((-incident_counts[kept], -dead_missing[kept]))][:n]
    grand = float(weights.sum())
    people = dead_missing[top]
    return pd.DataFrame({"value": pd.array([labels[i] for i in top.tolist()], dtype=_LABEL_DTYPE),
                         "dead_missing": people.round().astype(int), "incidents": incident_counts[top].astype(int),
                         "share": people / grand if grand else np.zeros(len(top))})


def unknown_share(incidents: pd.DataFrame, column: str,
                  unknown: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> float:
    """Share (0-1) of dead and missing in incidents whose ``column`` is blank or only unknown values."""
    def is_unknown(cell: object) -> bool:
        if isinstance(cell, tuple):
            return all(v in unknown for v in cell)
        return cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell in unknown

    codes, uniques = value_codes(incidents, column)
    unknown_cell = np.array([is_unknown(None)] + [is_unknown(u) for u in uniques])  # first: a blank cell
    per_cell = np.bincount(codes + 1, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                           minlength=len(unknown_cell))
    grand = float(per_cell.sum())
    return float(per_cell[unknown_cell].sum()) / grand if grand else 0.0


@dataclass(frozen=True)
class Grid:
    """Located incidents on a square grid (see :func:`grid_cells`)."""

    located: np.ndarray | slice  # which rows have a position (a slice of all rows when every row has one)
    cell: np.ndarray  # each located row's cell, 0..len(keys)-1
    keys: np.ndarray  # each cell's grid number, column * rows_across + row (both from their minimum)
    rows_across: int
    first_column: int
    first_row: int
    degrees: float

    def west(self, cells: np.ndarray) -> np.ndarray:
        """West edge of each cell (degrees)."""
        return (self.keys[cells] // self.rows_across + self.first_column).astype(float) * self.degrees

    def south(self, cells: np.ndarray) -> np.ndarray:
        """South edge of each cell (degrees)."""
        return (self.keys[cells] % self.rows_across + self.first_row).astype(float) * self.degrees


def grid_cells(incidents: pd.DataFrame, cell_degrees: float) -> Grid | None:
    """The located incidents on a grid of ``cell_degrees`` degrees, or None when none is located.

    Integer column and row numbers only, no grouping on floats. When the grid
    is small beside the rows (the usual case) its cells are numbered directly,
    empty ones included, so no row is looked up twice: sum by ``cell`` with
    ``np.bincount(..., minlength=len(grid.keys))`` and keep the cells holding
    rows (in grid order: west to east, then south to north).
    """
    lat, lon = incidents["lat"].to_numpy(dtype=float), incidents["lon"].to_numpy(dtype=float)
    located = ~(np.isnan(lat) | np.isnan(lon))
    if not located.any():
        return None
    if located.all():
        located = slice(None)
    column = np.floor(lon[located] / cell_degrees).astype(np.int64)
    row = np.floor(lat[located] / cell_degrees).astype(np.int64)
    first_column, first_row = int(column.min()), int(row.min())
    rows_across = int(row.max()) - first_row + 1
    column -= first_column
    column *= rows_across
    row -= first_row
    column += row
    size = (int(column.max()) + 1) if column.size else 0
    if size <= DENSE_SPAN_PER_VALUE * column.size + DENSE_SLACK:
        keys, cell = np.arange(size), column
    else:
        keys, cell = dense_codes(column)
    return Grid(located, cell, keys, rows_across, first_column, first_row, cell_degrees)


def map_cells(incidents: pd.DataFrame, cell_degrees: float = 1.0) -> pd.DataFrame:
    """Incidents binned on a lon/lat grid, for a light map: columns lon, lat (cell centre), dead_missing, incidents.

    The number of rows is bounded by the grid, not by the data, so a map of
    millions of incidents ships as few points as a map of thousands.
    """
    grid = grid_cells(incidents, cell_degrees)
    if grid is None:
        return pd.DataFrame({"lon": [], "lat": [], "dead_missing": [], "incidents": []})
    size = len(grid.keys)
    used = np.flatnonzero(np.bincount(grid.cell, minlength=size))
    weights = incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0)[grid.located]
    cells = pd.DataFrame({
        "lon": grid.west(used) + cell_degrees / 2,
        "lat": grid.south(used) + cell_degrees / 2,
        "dead_missing": np.bincount(grid.cell, weights=weights, minlength=size)[used],
        "incidents": events_per_group(grid.cell, event_codes(incidents)[grid.located], size)[used],
    })
    return cells.sort_values("dead_missing", ascending=False).reset_index(drop=True)


#: How the reader's quality flags are grouped for people (pattern -> label).
FLAG_KINDS = (
    ("no incident date", "Undated incident (kept; counted only over the whole period)"),
    ("negative missing", "Negative missing in source (kept as IOM's correction)"),
    ("negative dead", "Negative dead in source (kept as IOM's correction)"),
    ("negative survivors", "Negative survivors in source (read as blank)"),
    ("negative females", "Negative females in source (read as blank)"),
    ("negative males", "Negative males in source (read as blank)"),
    ("negative children", "Negative children in source (read as blank)"),
    ("incident type", "Two incident types listed (read as split)"),
    (" lists ", "Several regions, sub-regions, countries or routes listed (first used)"),
    ("IOM total differs", "IOM total differs from dead + missing (IOM total kept)"),
)


def quality_flag_summary(incidents: pd.DataFrame) -> pd.DataFrame:
    """How many rows carry each kind of quality flag: columns handling, rows, dead_missing."""
    rows = []
    flags = incidents["quality_flags"].fillna("")
    for pattern, label in FLAG_KINDS:
        mask = flags.str.contains(pattern, regex=False)
        rows.append({"handling": label, "rows": int(mask.sum()),
                     "dead_missing": int(incidents.loc[mask, "dead_missing"].fillna(0).sum())})
    return pd.DataFrame(rows)


#: IOM source-quality scores counted as low (a single media report, or unverified sources).
LOW_QUALITY_SCORES = (1, 2)
#: Share of dead and missing from low-quality records above which a chart warns.
LOW_QUALITY_WARNING_SHARE = 0.5


def low_quality_share(incidents: pd.DataFrame) -> float:
    """Share (0-1) of the dead and missing that come from records with source quality 1 or 2."""
    # People per score in one bincount (blank scores as 0; anything above the low scores in one last bin).
    top = max(LOW_QUALITY_SCORES) + 1
    scores = np.clip(incidents["source_quality"].to_numpy(dtype=np.int64, na_value=0), 0, top)
    per_score = np.bincount(scores, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                            minlength=top + 1)
    total = float(per_score.sum())
    return float(per_score[list(LOW_QUALITY_SCORES)].sum()) / total if total else 0.0


def low_quality_note(incidents: pd.DataFrame) -> str | None:
    """A warning sentence when low-quality records make up most of the total, else None."""
    share = low_quality_share(incidents)
    if share <= LOW_QUALITY_WARNING_SHARE:
        return None
    return (f"Caution: {share:.0%} of these dead and missing come from records IOM scores 1 or 2 for source "
            "quality (a single media report or unverified sources).")


def source_quality_profile(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing and incidents by IOM source quality (1-5, or "not scored")."""
    events = event_codes(incidents)
    if len(incidents) and events.min() >= 0:
        # Over integer codes: the few distinct scores are turned to text, not every row (a groupby with nunique
        # over two million rows took half a second); rows in the order of their text, as groupby sorts them.
        codes, scores = pd.factorize(incidents["source_quality"], use_na_sentinel=True)
        names = list(pd.array(scores).astype("string")) + ["not scored"]  # code -1 (no score) is the last name
        groups = np.where(codes < 0, len(scores), codes)
        people = np.bincount(groups, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                             minlength=len(names))
        counts = events_per_group(groups, events, len(names))
        present = np.flatnonzero(np.bincount(groups, minlength=len(names)))
        order = sorted(present.tolist(), key=names.__getitem__)
        return pd.DataFrame({"source_quality": pd.array([names[i] for i in order], dtype="string"),
                             "dead_missing": people[order].round().astype(int), "incidents": counts[order]})
    quality = incidents["source_quality"].astype("string").fillna("not scored")
    grouped = incidents.groupby(quality).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    grouped.index.name = "source_quality"
    out = grouped.reset_index()
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out
