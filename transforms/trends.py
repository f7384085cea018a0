"""Pure transforms for trends: dead and missing per period split by a grouping, rolling totals, change on a year earlier."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from i18n import N_
from loaders.fatalities import value_codes
from transforms.dimensions import LIST_VALUED_COLUMNS, UNKNOWN_ORIGINS, dimensions
from transforms.periods import GRAIN_MONTHS, GRAINS, dead_missing_by_period, period_slots

#: The dimensions Trends can split by (their URL keys, in the order offered), after "none".
SPLIT_DIMENSIONS = dimensions("region", "subregion", "route", "place", "cause", "origin")


#: Split-by choice -> canonical column (None: no split).
SPLITS: dict[str, str | None] = {"none": None, **{key: d.column for key, d in SPLIT_DIMENSIONS.items()}}


#: Split-by choice -> words for people (lower case, English: translate where shown with ``_()``).
SPLIT_LABELS = {"none": N_("no split"), **{key: d.label for key, d in SPLIT_DIMENSIONS.items()}}


#: Columns holding tuples: an incident counts under each value it lists.
LIST_COLUMNS = LIST_VALUED_COLUMNS


#: How many groups are drawn before the rest is folded into "Other".
TOP_N = 6


#: The groups the split adds to its top values (data values of the ``group`` column, English: translate where
#: shown with ``_()``).
# Translators: a chart legend entry: every group after the largest ones, together.
OTHER = N_("Other")


ALL = N_("All dead and missing")


UNKNOWN = N_("Unknown or not recorded")


#: Values that mean "not known" (folded into UNKNOWN, never ranked): an unknown origin, or a blank.
UNKNOWN_VALUES = (*UNKNOWN_ORIGINS, "nan", "")


#: Months in a period, per grain.
PERIOD_MONTHS = GRAIN_MONTHS


#: Periods in a year, per grain (for the change on a year earlier).
PERIODS_PER_YEAR = {grain: 12 // months for grain, months in GRAIN_MONTHS.items()}


ROLLING_MONTHS = 12


def _known(value: object) -> object:
    """A value as drawn: blank and unknown values become UNKNOWN."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
    return UNKNOWN if text in UNKNOWN_VALUES else value


def _split_grid(incidents: pd.DataFrame, column: str, step: int, first: int,
                count: int) -> tuple[list, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """People and rows per period and distinct cell of ``column``, and the values each cell lists.

    Returns the values (sorted; UNKNOWN for blank and unknown ones), the
    (cell, value) pairs (a tuple cell lists several values, an empty one
    UNKNOWN; a value listed twice is paired twice), and the (count + 2) x cells
    sums of dead and missing and of rows: rows 0..count-1 are the periods of
    ``step`` months from ordinal ``first``, then dated rows outside them, then
    undated rows. Each distinct cell is looked at once; rows are only read
    through integer codes.
    """
    codes, uniques = value_codes(incidents, column)
    cells = [(None,)] + [u if isinstance(u, tuple) else (u,) for u in uniques]  # first: a blank cell (code -1)
    values_of = [[_known(v) for v in cell] or [UNKNOWN] for cell in cells]
    values = sorted({v for listed in values_of for v in listed})
    value_id = {value: i for i, value in enumerate(values)}
    pair_cell = np.array([c for c, listed in enumerate(values_of) for _ in listed], dtype=np.int64)
    pair_value = np.array([value_id[v] for listed in values_of for v in listed], dtype=np.int64)
    slots = period_slots(incidents, step, first, count)
    index = slots * len(cells) + (codes + 1)
    size = (count + 2) * len(cells)
    people = np.bincount(index, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                         minlength=size).astype(float).reshape(count + 2, len(cells))
    rows = np.bincount(index, minlength=size).reshape(count + 2, len(cells))
    return values, pair_cell, pair_value, people, rows


def _per_value(per_cell: np.ndarray, pair_cell: np.ndarray, pair_value: np.ndarray, size: int) -> np.ndarray:
    """Sums per cell spread onto the values each cell lists (by bincount: no matrix product, whose
    threaded BLAS is slow on a busy machine)."""
    return np.bincount(pair_value, weights=per_cell[pair_cell].astype(float), minlength=size)


def _ranked(values: list, totals: np.ndarray, present: np.ndarray, n: int | None) -> list[str]:
    """The present values other than UNKNOWN, most dead and missing first (ties alphabetical), the first ``n``."""
    keep = [i for i, value in enumerate(values) if present[i] and value != UNKNOWN]
    ordered = pd.Series(totals[keep], index=[values[i] for i in keep]).sort_values(ascending=False, kind="stable")
    return [str(v) for v in (ordered.index if n is None else ordered.index[:n])]


def dead_missing_by_period_and_group(incidents: pd.DataFrame, split: str, grain: str, months: tuple[str, ...],
                                     gaps: list[str] | None = None, n: int | None = TOP_N) -> pd.DataFrame:
    """Dead and missing per period and group: the top ``n`` values of the split column, "Other", and
    "Unknown or not recorded".

    ``split`` is a key of SPLITS; "none" gives one group, "All dead and missing". Returns a long frame with columns period
    (Timestamp), label, group, dead_missing (people; NaN where no export covers the period), share
    (0-1 of the period's total over all groups; for cause and origin that total counts an incident
    under each value it lists), covered (bool) and coverage (0-1), with groups in drawing order.
    """
    column = SPLITS[split]
    if column is None:
        series = dead_missing_by_period(incidents, grain, months, gaps)
        share = (series["dead_missing"] / series["dead_missing"].where(series["dead_missing"] > 0)).astype(float)
        return series.assign(group=ALL, share=share)[
            ["period", "label", "group", "dead_missing", "share", "covered", "coverage"]]
    periods = dead_missing_by_period(incidents, grain, months, gaps, measures=())
    period_values = periods["period"].astype("datetime64[ns]").to_numpy()
    step = PERIOD_MONTHS[grain]
    first = int(period_values[0].astype("datetime64[M]").astype(np.int64)) // step
    size_p = len(period_values)
    # People per period and distinct cell, then per value (a cell listing several values counts under each).
    values, pair_cell, pair_value, people, rows = _split_grid(incidents, column, step, first, size_p)
    dated = slice(0, size_p + 1)  # the periods and the dated rows outside them, as the ranking reads them
    present = _per_value(rows[dated].sum(axis=0), pair_cell, pair_value, len(values)) > 0
    top = _ranked(values, _per_value(people[dated].sum(axis=0), pair_cell, pair_value, len(values)), present, n)
    others = any(present[i] and value != UNKNOWN and value not in top for i, value in enumerate(values))
    unknown = any(present[i] and value == UNKNOWN for i, value in enumerate(values))
    groups = top + [g for g, shown in ((OTHER, others), (UNKNOWN, unknown)) if shown]
    size_g = len(groups)
    # Each listed value's group, then the period x group grid by one bincount over (period, pair).
    position = {group: i for i, group in enumerate(groups)}
    group_of = np.array([position.get(value, position.get(OTHER, -1)) if present[i] else -1
                         for i, value in enumerate(values)], dtype=np.int64)[pair_value]
    used = group_of >= 0
    index = np.arange(size_p)[:, None] * size_g + group_of[used][None, :]
    sums = np.bincount(index.ravel(), weights=people[:size_p][:, pair_cell[used]].ravel(),
                       minlength=size_p * size_g).astype(float).reshape(size_p, size_g)
    covered = periods["covered"].astype(bool).to_numpy()
    sums[~covered, :] = np.nan
    totals = np.nansum(sums, axis=1)
    shares = sums / np.where(totals > 0, totals, np.nan)[:, None]
    return pd.DataFrame({  # group by group, each over every period
        "period": np.tile(period_values, size_g),
        "label": np.tile(periods["label"].to_numpy(), size_g),
        "group": np.repeat(np.array(groups, dtype=object), size_p),
        "dead_missing": sums.T.ravel(),
        "share": shares.T.ravel(),
        "covered": np.tile(periods["covered"].to_numpy(), size_g),
        "coverage": np.tile(periods["coverage"].to_numpy(), size_g),
    })


def _periods_touching(months: Iterable[str], grain: str) -> np.ndarray:
    """The starts (datetime64[ns]) of the periods holding any of ``months``."""
    starts = {pd.Period(m, "M").asfreq(GRAINS[grain]).start_time for m in months}
    return np.array(sorted(starts), dtype="datetime64[ns]")


def _year_earlier(values: np.ndarray, lag: int) -> np.ndarray:
    """``values`` shifted ``lag`` places later, blank at the start (pandas' ``shift``)."""
    earlier = np.full(len(values), np.nan)
    if lag < len(values):
        earlier[lag:] = values[:len(values) - lag]
    return earlier


def _change_pct(now: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """(now - earlier) / earlier, blank where the earlier value is blank or not positive."""
    with np.errstate(invalid="ignore"):
        return (now - earlier) / np.where(earlier > 0, earlier, np.nan)


def rolling_twelve_months(incidents: pd.DataFrame, months: tuple[str, ...], gaps: list[str] | None = None,
                          incomplete: Iterable[str] = ()) -> pd.DataFrame:
    """The rolling 12-month total of dead and missing, and its change on the 12 months before.

    A window is summed only when all 12 of its months are in the selected period, covered by an
    export and complete; otherwise it is blank, so an export gap or a partial month never reads as a
    fall. Columns: period (month start), label, dead_missing (that month), complete (bool),
    rolling_12m, rolling_12m_year_earlier, change (people), change_pct (0-1 ratio, e.g. 0.25 = +25%).
    """
    monthly = dead_missing_by_period(incidents, "month", months, gaps, measures=("dead_missing",))
    complete = (monthly["covered"].astype(bool).to_numpy()
                & ~np.isin(monthly["period"].to_numpy(), _periods_touching(incomplete, "month")))
    usable = np.where(complete, monthly["dead_missing"].to_numpy(dtype=float), np.nan)
    # Window sums from running totals (whole numbers of people: exact); blank unless all 12 months are usable.
    running = np.concatenate([[0.0], np.cumsum(np.nan_to_num(usable))])
    usable_months = np.concatenate([[0], np.cumsum(~np.isnan(usable))])
    rolling = np.full(len(usable), np.nan)
    if len(usable) >= ROLLING_MONTHS:
        whole = usable_months[ROLLING_MONTHS:] - usable_months[:-ROLLING_MONTHS] == ROLLING_MONTHS
        rolling[ROLLING_MONTHS - 1:] = np.where(whole, running[ROLLING_MONTHS:] - running[:-ROLLING_MONTHS], np.nan)
    earlier = _year_earlier(rolling, ROLLING_MONTHS)
    out = monthly[["period", "label", "dead_missing"]].copy()
    out["complete"] = complete
    out["rolling_12m"] = rolling
    out["rolling_12m_year_earlier"] = earlier
    out["change"] = rolling - earlier
    out["change_pct"] = _change_pct(rolling, earlier)
    return out


def change_on_year_earlier(incidents: pd.DataFrame, grain: str, months: tuple[str, ...],
                           gaps: list[str] | None = None, incomplete: Iterable[str] = ()) -> pd.DataFrame:
    """Dead and missing per period against the same period a year earlier.

    Blank when either period is partial (coverage below 1, or holding an incomplete month) or not
    covered by any export. Columns: period, label, dead_missing, year_earlier (people), change
    (people), change_pct (0-1 ratio), comparable (bool).
    """
    series = dead_missing_by_period(incidents, grain, months, gaps, measures=("dead_missing",))
    whole = ((series["coverage"].to_numpy() >= 1)
             & ~np.isin(series["period"].to_numpy(), _periods_touching(incomplete, grain)))
    value = np.where(whole, series["dead_missing"].to_numpy(dtype=float), np.nan)
    earlier = _year_earlier(value, PERIODS_PER_YEAR[grain])
    out = series[["period", "label", "dead_missing"]].copy()
    out["year_earlier"] = earlier
    out["change"] = value - earlier
    out["change_pct"] = _change_pct(value, earlier)
    out["comparable"] = ~np.isnan(out["change"].to_numpy())
    return out
