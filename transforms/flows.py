"""Irregular border crossings and arrivals ("flows"): totals per month and year, and the measure guardrail.

Series count different things (detections, encounters, arrivals, transits,
people): :func:`check_same_measure` refuses to combine series of unlike
measures, raising :class:`MeasureMismatchError`. That guardrail is a promise
of the product, kept and tested on purpose even where no page adds series
today: :func:`combine` and :func:`add_series` are the only ways to stack or
add flow frames, and both refuse unlike measures. They also refuse to add series that count the same people
(:data:`SAME_PEOPLE`: the two UK small-boat sources), whatever their measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from i18n import N_, _

#: The measures and units the flow series' sidecars and the IOM data name (identifiers, kept in English in the
#: frames) -> the glossary term a reader sees, marked for the catalogue; :func:`measure_name` translates them.
MEASURE_NAMES: dict[str, str] = {
    # Translators: a measure of irregular crossings: border crossings detected by the authorities (Frontex).
    "detections": N_("detections"),
    # Translators: a measure of irregular crossings: people apprehended by border or law-enforcement officers.
    "apprehensions": N_("apprehensions"),
    # Translators: a measure of irregular crossings: encounters of migrants by border officers (U.S. CBP).
    "encounters": N_("encounters"),
    # Translators: a measure of irregular crossings: people arriving (by sea, by small boat...).
    "arrivals": N_("arrivals"),
    # Translators: a measure of irregular crossings: people passing through a country (the Darién).
    "transits": N_("transits"),
    # Translators: a measure: irregular migrants presented to the Mexican migration authority (UPM).
    "migrants presented": N_("migrants presented"),
    "migrants per boat": N_("migrants per boat"),
    "dead and missing": N_("dead and missing"),
    # Translators: a unit: people counted (each person once).
    "people": N_("people"),
    "persons": N_("persons"),
    "people per boat": N_("people per boat"),
    # Translators: a unit: events counted (one event may involve several people).
    "events": N_("events"),
    # Translators: a measure: offences of smuggling of migrants recorded by the police (UNODC).
    "offences recorded by the police": N_("offences recorded by the police"),
    # Translators: a unit: offences counted.
    "offences": N_("offences"),
    "offences per 100,000 population": N_("offences per 100,000 population"),
    # Translators: a measure: people UNHCR counts as having set out by boat (Bay of Bengal and Andaman Sea).
    "attempted sea journeys (UNHCR)": N_("attempted sea journeys (UNHCR)"),
    # Translators: a measure: people UNHCR reports dead or missing at sea.
    "dead and missing (UNHCR)": N_("dead and missing (UNHCR)"),
}

#: Series that count the same people, by the group they share: never added together, whatever their measures.
#: The Home Office's "Small boat arrivals" rows (data/travel_documents/irregular_migration.csv) and the UK
#: small-boat series (data/flows/long_uk_small_boats_daily.csv) both count people arriving by small boat; each
#: sidecar says so under ``overlaps``.
SAME_PEOPLE: dict[str, str] = {
    "uk_small_boats": "uk_channel_small_boats",
    "uk_ho_small_boats": "uk_channel_small_boats",
}


def measure_name(measure: str) -> str:
    """A measure or unit as a reader reads it in the active language (:data:`MEASURE_NAMES`); one not in the
    glossary is shown as the sidecar names it."""
    known = MEASURE_NAMES.get(str(measure))
    return _(known) if known else str(measure)


def measure_and_unit(measure: str, unit: str) -> str:
    """E.g. "detections (detections)", "arrivals (people)": a series' measure with its unit, translated."""
    return _("{measure} ({unit})", measure=measure_name(measure), unit=measure_name(unit))


class MeasureMismatchError(ValueError):
    """Raised when frames of different measures, units or grains would be added or mixed."""


def _measures(frame: pd.DataFrame) -> set[tuple[str, str]]:
    missing = [c for c in ("measure", "unit") if c not in frame.columns]
    if missing:
        raise MeasureMismatchError(_("A frame without a “{column}” column cannot be combined: every chart-facing "
                                     "frame must say what it measures and in which unit.", column=missing[0]))
    measures, units = frame["measure"].astype(str), frame["unit"].astype(str)
    if measures.nunique(dropna=False) <= 1 and units.nunique(dropna=False) <= 1:  # the usual case: one of each
        return set(zip(measures.iloc[:1], units.iloc[:1]))
    return set(zip(measures, units))


def check_same_measure(frames: Iterable[pd.DataFrame]) -> tuple[str, str]:
    """The one (measure, unit) shared by all ``frames``; MeasureMismatchError if they differ."""
    found: set[tuple[str, str]] = set()
    for frame in frames:
        found |= _measures(frame)
    if len(found) > 1:
        listed = "; ".join(measure_and_unit(m, u) for m, u in sorted(found))
        # Translators: {measures} lists measures with their units, e.g. "arrivals (people); detections (detections)".
        raise MeasureMismatchError(_("Cannot add or mix unlike measures: {measures}. Show them side by side "
                                     "instead.", measures=listed))
    if not found:
        raise MeasureMismatchError(_("No rows to combine."))
    return next(iter(found))


def check_no_overlap(frames: Iterable[pd.DataFrame]) -> None:
    """MeasureMismatchError if two of ``frames`` hold different series that count the same people
    (:data:`SAME_PEOPLE`); frames without a ``series_id`` column are not checked."""
    groups: dict[str, set[str]] = {}
    for frame in frames:
        if "series_id" not in frame.columns:
            continue
        for series_id in frame["series_id"].astype(str).unique():
            if series_id in SAME_PEOPLE:
                groups.setdefault(SAME_PEOPLE[series_id], set()).add(series_id)
    overlapping = sorted(next((ids for ids in groups.values() if len(ids) > 1), set()))
    if overlapping:
        # Translators: {series} lists series identifiers, e.g. "uk_ho_small_boats, uk_small_boats".
        raise MeasureMismatchError(_("Cannot add {series}: they count the same people (small-boat arrivals in the "
                                     "UK from two sources). Show them side by side instead.",
                                     series=", ".join(overlapping)))


def combine(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack flow frames of one measure and unit that do not count the same people (MeasureMismatchError
    otherwise)."""
    check_no_overlap(frames)
    check_same_measure(frames)
    return pd.concat(list(frames), ignore_index=True)


def add_series(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Add two flow frames period by period; refuses unlike measures, units or grains.

    Part of the measure guardrail (see the module docstring): no page adds two series today, and any that
    does must do it here. Both frames should already be totals on the same grain (e.g. from
    :func:`monthly_totals`). Returns ``series_id`` ("a + b"), ``period``,
    ``grain``, ``measure``, ``unit``, ``value``.
    """
    check_no_overlap([a, b])
    measure, unit = check_same_measure([a, b])
    grains = set(a.get("grain", pd.Series(dtype=str))) | set(b.get("grain", pd.Series(dtype=str)))
    if len(grains) > 1:
        # Translators: {grains} lists time grains as the data names them, e.g. "month, year".
        raise MeasureMismatchError(_("Cannot add series of different grains ({grains}): total them on one grain "
                                     "first.", grains=", ".join(sorted(grains))))
    both = combine([a, b])
    label = " + ".join(dict.fromkeys(list(a["series_id"].unique()) + list(b["series_id"].unique())))
    out = both.groupby(["period", "grain"], as_index=False)["value"].sum()
    out.insert(0, "series_id", label)
    out["measure"], out["unit"] = measure, unit
    return out[["series_id", "period", "grain", "measure", "unit", "value"]]


def _without_overlapping_parts(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Drop rows that are parts of another row's total (DTM ESP-WMR, ESP-WAAR) unless grouping by route."""
    if "route" in by or "route_parent" not in frame.columns:
        return frame
    return frame[frame["route_parent"] == ""]


def _days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Timestamps as numpy day numbers (datetime64[D]); NaT stays NaT."""
    return np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]")


def _year_month(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Calendar year and month (1-12) of numpy dates."""
    months = days.astype("datetime64[M]").astype(np.int64)
    return months // 12 + 1970, months % 12 + 1


def _months_inside(start: np.ndarray, end: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Calendar months of ``year`` touched by the days ``start`` to ``end`` (numpy dates; 0 when none)."""
    jan_1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    dec_31 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")
    first, last = np.maximum(start, jan_1), np.minimum(end, dec_31)
    first_year, first_month = _year_month(first)
    last_year, last_month = _year_month(last)
    months = (last_year - first_year) * 12 + last_month - first_month + 1
    return np.where(last < first, 0, months).astype(np.int64)


@dataclass(frozen=True)
class _Groups:
    """Rows grouped like ``groupby(keys, sort=True)``, with numpy reductions per group.

    ``order`` lists the kept row positions group by group (groups in key order),
    ``starts`` where each group begins in ``order`` and ``first`` one row of each group.
    Rows with a blank key are left out, as pandas does.
    """

    order: np.ndarray
    starts: np.ndarray
    first: np.ndarray

    def sum(self, values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values[self.order], self.starts)

    def min_time(self, values: pd.Series) -> np.ndarray:
        ns = values.to_numpy(dtype="datetime64[ns]").view(np.int64)
        return np.minimum.reduceat(ns[self.order], self.starts).view("datetime64[ns]")

    def max_time(self, values: pd.Series) -> np.ndarray:
        ns = values.to_numpy(dtype="datetime64[ns]").view(np.int64)
        return np.maximum.reduceat(ns[self.order], self.starts).view("datetime64[ns]")

    def distinct_months(self, month: np.ndarray) -> np.ndarray:
        """How many distinct months (1-12; 0 means none) each group's rows hold."""
        group = np.repeat(np.arange(self.starts.size), np.diff(np.append(self.starts, self.order.size)))
        seen = np.zeros((self.starts.size, 13), dtype=bool)
        seen[group, month[self.order]] = True
        return seen[:, 1:].sum(axis=1).astype(np.int64)


def _groups(keys: Sequence[pd.Series | np.ndarray]) -> _Groups:
    """Group rows by ``keys`` (one value per row each), in the sorted order of the keys, first key first."""
    combined, keep = None, None
    for values in keys:
        codes, uniques = pd.factorize(values, sort=True)
        keep = codes >= 0 if keep is None else keep & (codes >= 0)
        combined = codes.astype(np.int64) if combined is None else combined * (len(uniques) + 1) + codes
        if combined.size and combined.max() > 2 ** 40:  # keep the packed key small: rank it again
            combined = pd.factorize(combined, sort=True)[0].astype(np.int64)
    positions = np.flatnonzero(keep)
    order = positions[np.argsort(combined[positions], kind="stable")]
    packed = combined[order]
    starts = np.flatnonzero(np.r_[True, packed[1:] != packed[:-1]]) if order.size else np.zeros(0, dtype=np.int64)
    return _Groups(order, starts, order[starts])


def _key_columns(rows: pd.DataFrame, first: np.ndarray, names: Sequence[str]) -> dict[str, pd.Series]:
    """Each group's value of the key columns ``names`` (their dtypes kept)."""
    return {name: rows[name].iloc[first].reset_index(drop=True) for name in names}


def monthly_totals(frame: pd.DataFrame, by: Sequence[str] = (), *,
                   annual_rows: Literal["drop", "raise"] = "drop") -> pd.DataFrame:
    """Monthly sums of ``value`` per series (and per ``by`` columns, e.g. ("route",)).

    Needs the canonical flow columns. Annual rows (Darién 2010-2019, early
    DTM years, Australia) have no months: they are dropped (default) or, with
    ``annual_rows="raise"``, refused with a ValueError. Returns ``series_id``,
    ``period`` (first of the month), ``grain`` ("month"), the ``by`` columns,
    ``measure``, ``unit``, ``value``, ``days_covered`` (days of the month
    inside the series' span) and ``complete`` (the whole month is covered).
    """
    by = list(by)
    rows = _without_overlapping_parts(frame, by)
    yearly = rows["grain"] == "year"
    if yearly.any() and annual_rows == "raise":
        raise ValueError(_("This frame holds annual totals, which cannot be shown on a monthly axis."))
    rows = rows[~yearly]
    columns = ["series_id", "period", "grain", *by, "measure", "unit", "value", "days_covered", "complete"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    month = _days(rows["period"]).astype("datetime64[M]").astype("datetime64[ns]")
    groups = _groups([rows["series_id"], month, *(rows[name] for name in by), rows["measure"], rows["unit"]])
    out = pd.DataFrame(_key_columns(rows, groups.first, ["series_id", *by, "measure", "unit"]))
    out["period"] = month[groups.first]
    out["value"] = groups.sum(rows["value"].to_numpy(dtype=float))
    month_start = _days(out["period"])
    next_month = (month_start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    first = np.maximum(month_start, groups.min_time(rows["span_start"]).astype("datetime64[D]"))
    last = np.minimum(next_month - np.timedelta64(1, "D"), groups.max_time(rows["span_end"]).astype("datetime64[D]"))
    out["days_covered"] = np.maximum((last - first).astype(np.int64) + 1, 0)
    out["complete"] = out["days_covered"].to_numpy() == (next_month - month_start).astype(np.int64)
    out["grain"] = "month"
    return out[columns]


def annual_totals(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Calendar-year sums of ``value`` per series (and per ``by`` columns).

    Needs the canonical flow columns. Returns ``series_id``, ``period``
    (1 January), ``grain`` ("year"), the ``by`` columns, ``measure``, ``unit``,
    ``value``, ``months_covered`` (months of the year the series reports:
    4 for Frontex 2025, 3 for CBP 2017, 4 for Australia 2025),
    ``months_with_data`` (months with at least one row; 12 for an annual
    total) and ``complete`` (all 12 months covered). Spans are per series
    (per country for DTM), so a total across DTM countries in an early year is
    that of the countries then reporting only.
    """
    by = list(by)
    rows = _without_overlapping_parts(frame, by)
    columns = ["series_id", "period", "grain", *by, "measure", "unit", "value",
               "months_covered", "months_with_data", "complete"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    year, month = _year_month(_days(rows["period"]))
    annual = (rows["grain"] == "year").to_numpy(dtype=bool)
    groups = _groups([rows["series_id"], year, *(rows[name] for name in by), rows["measure"], rows["unit"]])
    out = pd.DataFrame(_key_columns(rows, groups.first, ["series_id", *by, "measure", "unit"]))
    out["value"] = groups.sum(rows["value"].to_numpy(dtype=float))
    years = year[groups.first]
    jan_1 = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    span_end = groups.max_time(rows["span_end"]).astype("datetime64[D]")
    has_annual = np.logical_or.reduceat(annual[groups.order], groups.starts)
    as_annual = _months_inside(jan_1, np.minimum(span_end, groups.max_time(rows["period_end"]).astype("datetime64[D]")),
                               years)
    as_monthly = _months_inside(groups.min_time(rows["span_start"]).astype("datetime64[D]"), span_end, years)
    out["months_covered"] = np.where(has_annual, as_annual, as_monthly)
    out["months_with_data"] = np.where(has_annual, as_annual, groups.distinct_months(np.where(annual, 0, month)))
    out["complete"] = out["months_covered"] == 12
    out["period"] = jan_1.astype("datetime64[ns]")
    out["grain"] = "year"
    return out[columns]


def migrants_per_boat(uk_frame: pd.DataFrame, grain: Literal["month", "year"] = "month") -> pd.DataFrame:
    """People per boat for the UK small-boat series, per month or year.

    Needs ``period``, ``value`` (people) and ``boats``. Returns ``period``,
    ``grain``, ``migrants`` (people), ``boats``, ``migrants_per_boat`` (people
    per boat; blank where no boat arrived), ``measure`` ("migrants per boat"),
    ``unit`` ("people per boat") and ``days_covered``.
    """
    if grain not in ("month", "year"):
        raise ValueError(_("grain must be “month” or “year”"))
    if "boats" not in uk_frame.columns:
        raise ValueError(_("migrants_per_boat needs a frame with a “boats” column (the UK small-boat series)"))
    freq = "M" if grain == "month" else "Y"
    key = uk_frame["period"].dt.to_period(freq).dt.to_timestamp().astype("datetime64[ns]")
    out = (uk_frame.assign(bucket=key).groupby("bucket", as_index=False)
           .agg(migrants=("value", "sum"), boats=("boats", "sum"), days_covered=("period", "nunique"))
           .rename(columns={"bucket": "period"}))
    out["migrants_per_boat"] = (out["migrants"] / out["boats"].where(out["boats"] > 0)).astype(float)
    out["grain"] = grain
    out["measure"], out["unit"] = "migrants per boat", "people per boat"
    return out[["period", "grain", "migrants", "boats", "migrants_per_boat", "measure", "unit", "days_covered"]]


def nationality_totals(frame: pd.DataFrame, start: object = None, end: object = None,
                       top: int | None = None) -> pd.DataFrame:
    """Totals by nationality of rows whose whole period lies within ``start`` to ``end`` (days, inclusive).

    Needs the canonical flow columns. Rows without a nationality are left out;
    IOM's OOO (unknown) is kept as its own row. Returns ``series_id``,
    ``nationality_iso3``, ``measure``, ``unit``, ``value``, ``share`` (of the
    series' total with a nationality, 0-1), largest first; ``top`` keeps the
    first n per series. A frame with no nationality data gives an empty frame.
    """
    check_same_measure([frame]) if not frame.empty else None
    keep = (frame["nationality_iso3"] != "").to_numpy(dtype=bool, copy=True)
    if start is not None:
        keep &= (frame["period"] >= pd.Timestamp(start)).to_numpy(dtype=bool)
    if end is not None:
        keep &= (frame["period_end"] <= pd.Timestamp(end)).to_numpy(dtype=bool)
    columns = ["series_id", "nationality_iso3", "measure", "unit", "value", "share"]
    keys = ["series_id", "nationality_iso3", "measure", "unit"]
    rows = frame.loc[keep, [*keys, "value"]]  # one selection, of the columns needed only
    if rows.empty:
        return pd.DataFrame(columns=columns)
    groups = _groups([rows[name] for name in keys])
    out = pd.DataFrame(_key_columns(rows, groups.first, keys))
    out["value"] = groups.sum(rows["value"].to_numpy(dtype=float))
    series = pd.factorize(out["series_id"])[0]
    out["share"] = out["value"] / np.bincount(series, weights=out["value"].to_numpy())[series]
    out = out.sort_values(["series_id", "value", "nationality_iso3"], ascending=[True, False, True], kind="stable")
    if top is not None:
        out = out.groupby("series_id", sort=False).head(top)
    return out[columns].reset_index(drop=True)
