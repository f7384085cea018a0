"""Months, periods and time grains: month ranges and labels, and dead and missing per period.

Months are "YYYY-MM" text; a period is a month, quarter or year. Months no
IOM export covers are gaps (shown as gaps, never as zero), and months an export
covers only in part are incomplete.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from i18n import N_, format_date, format_month, language
from loaders.fatalities import month_keys
from transforms.counting import distinct, event_codes, events_per_group, repeat_rows

#: pandas frequency for each time grain offered to users.
GRAINS = {"month": "M", "quarter": "Q", "year": "Y"}


#: Each time grain as a reader's option ("Show by": Month, Quarter, Year); translate where shown with ``_()``.
GRAIN_LABELS = {"month": N_("Month"), "quarter": N_("Quarter"), "year": N_("Year")}


#: Months in a period of each grain.
GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


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
    step = GRAIN_MONTHS[grain]
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
    code = language()
    return pd.DataFrame({"period": starts, "label": [_ordinal_label(p, step, code) for p in periods.tolist()], **values,
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


@functools.lru_cache(maxsize=8192)
def _ordinal_label(ordinal: int, step: int, code: str) -> str:
    """"2024", "Q2 2024" or "May 2024" for a yearly, quarterly or monthly ordinal, in language ``code`` (the
    active one; quarters as CLDR writes them: "T2 2024" in French, "ไตรมาส 2 2024" in Thai; years as digits)."""
    if step == 12:
        return str(1970 + ordinal)
    if step == 3:
        return format_date(dt.date(1970 + ordinal // 4, (ordinal % 4) * 3 + 1, 1), "QQQ y")
    return format_month(dt.date(1970 + ordinal // 12, ordinal % 12 + 1, 1))


#: A month as "YYYY-MM": ASCII digits only (``\d`` would take "２０２４"); match it whole with ``fullmatch``
#: (``$`` would accept a trailing newline).
MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")


@functools.lru_cache(maxsize=1024)
def month_range(first: str, last: str) -> tuple[str, ...]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive (worked out once per pair: pages ask on every run)."""
    start, end = pd.Period(first, "M"), pd.Period(last, "M")
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return tuple(f"{(start.month - 1 + i) // 12 + start.year:04d}-{(start.month - 1 + i) % 12 + 1:02d}"
                 for i in range(max(count, 0)))


def month_label(month: str) -> str:
    """"2024-05" -> "May 2024" in the active language ("mai 2024", "mayo 2024", "พฤษภาคม 2024")."""
    return _month_label(month, language())


@functools.lru_cache(maxsize=4096)
def _month_label(month: str, code: str) -> str:
    """:func:`month_label` of ``month`` in language ``code`` (the active one: the cache is keyed by it)."""
    return format_month(month, "wide")


def short_month(month: str) -> str:
    """"2024-05" -> "May 2024" abbreviated: "May 24" in the active language ("mai 24", "พ.ค. 24")."""
    return _short_month(month, language())


@functools.lru_cache(maxsize=4096)
def _short_month(month: str, code: str) -> str:
    """:func:`short_month` of ``month`` in language ``code`` (the active one: the cache is keyed by it)."""
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "MMM yy")


def incomplete_months(data_to: Iterable[object]) -> list[str]:
    """Months ("YYYY-MM") an export stops part-way through: the month of each ``data_to`` date that
    is not a month's last day (IOM's last days are also often filled in late)."""
    months = []
    for value in data_to:
        if value is None or value == "":
            continue
        day = pd.Timestamp(str(value))
        if day != day + pd.offsets.MonthEnd(0):
            months.append(day.strftime("%Y-%m"))
    return sorted(set(months))
