"""Pure transforms for the Trends page: dead and missing per period split by a grouping,
a rolling 12-month total, and the change on the same period a year earlier.

Every function takes the canonical incident frame (or a filtered cut of it),
never mutates it, and returns a new frame. Counts are people. Periods no IOM
export covers are blank (NaN), never zero: see
:func:`loaders.fatality_transforms.dead_missing_by_period`, which these build on.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from loaders.fatality_transforms import GRAINS, dead_missing_by_period, value_codes

#: Split-by choice -> canonical column (None: no split).
SPLITS: dict[str, str | None] = {
    "none": None,
    "region": "region_of_incident",
    "subregion": "unsd_subregion",
    "route": "migration_route",
    "cause": "cause_of_death",
    "origin": "country_of_origin",
}
#: Split-by choice -> words for people.
SPLIT_LABELS = {"none": "no split", "region": "region of incident", "subregion": "UNSD sub-region",
                "route": "migration route", "cause": "cause of death", "origin": "country of origin"}
#: Columns holding tuples: an incident counts under each value it lists.
LIST_COLUMNS = ("cause_of_death", "country_of_origin")
#: How many groups are drawn before the rest is folded into "Other".
TOP_N = 6
OTHER = "Other"
ALL = "All dead and missing"
UNKNOWN = "Unknown or not recorded"
#: Values that mean "not known" (folded into UNKNOWN, never ranked).
UNKNOWN_VALUES = ("Unknown", "Mixed", "Mixed/Unknown", "nan", "")
#: Periods in a year, per grain (for the change on a year earlier).
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
ROLLING_MONTHS = 12


def _long_values(incidents: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per (incident row, value): columns date, main_id, dead_missing, value.

    Tuple columns are exploded (an empty tuple becomes UNKNOWN); blank and unknown values become UNKNOWN.
    Each distinct cell is looked at once, then spread to its rows by integer codes.
    """
    codes, uniques = value_codes(incidents, column)
    cells = [u if isinstance(u, tuple) else (u,) for u in uniques] + [(None,)]  # last: a blank cell (code -1)

    def known(value: object) -> str:
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
        return UNKNOWN if text in UNKNOWN_VALUES else value

    values_of = [[known(v) for v in cell] or [UNKNOWN] for cell in cells]
    per_cell = np.array([len(v) for v in values_of])
    rows = np.repeat(np.arange(len(incidents)), per_cell[codes])
    flat = np.empty(int(per_cell.sum()), dtype=object)
    flat[:] = [v for values in values_of for v in values]
    starts = np.concatenate([[0], np.cumsum(per_cell)[:-1]])
    picked = np.repeat(starts[codes], per_cell[codes]) + (
        np.arange(len(rows)) - np.repeat(np.cumsum(per_cell[codes]) - per_cell[codes], per_cell[codes]))
    return pd.DataFrame({
        "date": incidents["date"].to_numpy()[rows],
        "main_id": incidents["main_id"].to_numpy()[rows],
        "dead_missing": incidents["dead_missing"].astype("Float64").fillna(0).to_numpy(dtype=float)[rows],
        "value": flat[picked],
    })


def period_starts(dates: pd.Series | np.ndarray, grain: str) -> np.ndarray:
    """The first day of each date's month, quarter or year (datetime64[ns]), straight from numpy."""
    months = np.asarray(dates, dtype="datetime64[ns]").astype("datetime64[M]")
    if grain == "quarter":
        index = months.astype(np.int64)
        months = (index - index % 3).astype("datetime64[M]")
    elif grain == "year":
        months = months.astype("datetime64[Y]").astype("datetime64[M]")
    return months.astype("datetime64[ns]")


def ranked_groups(incidents: pd.DataFrame, column: str, n: int | None = TOP_N) -> list[str]:
    """The ``n`` values of ``column`` with the most dead and missing (all values when ``n`` is None),
    largest first; UNKNOWN is never ranked."""
    return _ranked(_long_values(incidents.dropna(subset=["date"]), column), n)


def _ranked(frame: pd.DataFrame, n: int | None) -> list[str]:
    """:func:`ranked_groups` on the frame of :func:`_long_values`."""
    totals = frame[frame["value"] != UNKNOWN].groupby("value")["dead_missing"].sum()
    ordered = totals.sort_values(ascending=False, kind="stable")
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
    periods = dead_missing_by_period(incidents, grain, months, gaps)[["period", "label", "covered", "coverage"]]
    keep = ["date", "main_id", "dead_missing", column] + [c for c in (column + "_key",) if c in incidents.columns]
    dated = incidents[keep].dropna(subset=["date"])
    frame = _long_values(dated, column)
    top = _ranked(frame, n)
    value = frame["value"].to_numpy(dtype=object)
    group_of = np.where(pd.Series(value).isin(top).to_numpy() | (value == UNKNOWN), value, OTHER)
    groups = top + [g for g in (OTHER, UNKNOWN) if (group_of == g).any()]
    # Sums on a period x group grid by bincount over integer positions: no groupby, reindex or merge.
    period_values = periods["period"].astype("datetime64[ns]").to_numpy()
    starts = period_starts(frame["date"], grain)
    where = np.searchsorted(period_values, starts).clip(max=max(len(period_values) - 1, 0))
    inside = (period_values[where] == starts) if len(period_values) else np.zeros(len(starts), dtype=bool)
    group_index = pd.Categorical(group_of, categories=groups).codes.astype(np.int64)
    size_p, size_g = len(period_values), len(groups)
    sums = np.bincount(where[inside] * size_g + group_index[inside], weights=frame["dead_missing"].to_numpy()[inside],
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


def _periods_touching(months: Iterable[str], grain: str) -> set[pd.Timestamp]:
    return {pd.Period(m, "M").asfreq(GRAINS[grain]).start_time for m in months}


def rolling_twelve_months(incidents: pd.DataFrame, months: tuple[str, ...], gaps: list[str] | None = None,
                          incomplete: Iterable[str] = ()) -> pd.DataFrame:
    """The rolling 12-month total of dead and missing, and its change on the 12 months before.

    A window is summed only when all 12 of its months are in the selected period, covered by an
    export and complete; otherwise it is blank, so an export gap or a partial month never reads as a
    fall. Columns: period (month start), label, dead_missing (that month), complete (bool),
    rolling_12m, rolling_12m_year_earlier, change (people), change_pct (0-1 ratio, e.g. 0.25 = +25%).
    """
    monthly = dead_missing_by_period(incidents, "month", months, gaps)
    bad = _periods_touching(incomplete, "month")
    complete = monthly["covered"].astype(bool) & ~monthly["period"].isin(bad)
    usable = monthly["dead_missing"].where(complete)
    rolling = usable.rolling(ROLLING_MONTHS, min_periods=ROLLING_MONTHS).sum()
    earlier = rolling.shift(ROLLING_MONTHS)
    out = monthly[["period", "label", "dead_missing"]].copy()
    out["complete"] = complete
    out["rolling_12m"] = rolling
    out["rolling_12m_year_earlier"] = earlier
    out["change"] = rolling - earlier
    out["change_pct"] = (rolling - earlier) / earlier.where(earlier > 0)
    return out


def change_on_year_earlier(incidents: pd.DataFrame, grain: str, months: tuple[str, ...],
                           gaps: list[str] | None = None, incomplete: Iterable[str] = ()) -> pd.DataFrame:
    """Dead and missing per period against the same period a year earlier.

    Blank when either period is partial (coverage below 1, or holding an incomplete month) or not
    covered by any export. Columns: period, label, dead_missing, year_earlier (people), change
    (people), change_pct (0-1 ratio), comparable (bool).
    """
    series = dead_missing_by_period(incidents, grain, months, gaps)
    bad = _periods_touching(incomplete, grain)
    whole = (series["coverage"] >= 1) & ~series["period"].isin(bad)
    value = series["dead_missing"].where(whole)
    lag = PERIODS_PER_YEAR[grain]
    earlier = value.shift(lag)
    out = series[["period", "label", "dead_missing"]].copy()
    out["year_earlier"] = earlier
    out["change"] = value - earlier
    out["change_pct"] = (value - earlier) / earlier.where(earlier > 0)
    out["comparable"] = out["change"].notna()
    return out
