"""Crossings a user uploaded, as denominators: yearly totals of one measure over a chosen set of places, and deaths
per 1,000 of those crossings.

Input: the canonical crossings frame of ``loaders.uploads`` (``period``, ``grain``, ``place``,
``nationality_iso3``, ``count``, ``measure``). The measure guardrail of :mod:`transforms.flows` holds here too:
rows of different measures (detections, apprehensions, arrivals, encounters, persons) are never added, and
asking to is a :class:`transforms.flows.MeasureMismatchError` with a sentence saying so. Nothing here changes
its input.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from i18n import _
from transforms.flows import MeasureMismatchError, measure_name

#: The per-year columns :func:`yearly_crossings` returns.
YEARLY_COLUMNS = ("year", "measure", "count", "months_covered", "places")


def yearly_crossings(crossings: pd.DataFrame, places: Iterable[str], *, measure: str | None = None) -> pd.DataFrame:
    """The crossings at ``places`` summed per year: columns ``year``, ``measure``, ``count`` (int64),
    ``months_covered`` (distinct months with a row, 12 for a yearly row: fewer means the year is partly counted)
    and ``places`` (how many of the places have a row that year).

    ``measure``: the one measure to total. Without it the rows at ``places`` must share one measure; rows of
    several raise MeasureMismatchError (they are never added). A ``measure`` no row at the places has gives an
    empty frame. A total stated beside its parts is counted once (:func:`counted_once`).
    """
    chosen = set(places)
    rows = crossings[crossings["place"].isin(chosen)]
    measures = sorted(set(rows["measure"].astype(str)))
    if measure is None and len(measures) > 1:
        listed = ", ".join(measure_name(m) for m in measures)
        # Translators: {measures} lists measures such as "apprehensions, arrivals".
        raise MeasureMismatchError(_("The crossings of the places chosen are counted in different measures "
                                     "({measures}): choose one; unlike measures are never added.", measures=listed))
    if measure is not None:
        rows = rows[rows["measure"] == measure]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c != "measure" else object) for c in YEARLY_COLUMNS})
    frame = counted_once(rows)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c != "measure" else object) for c in YEARLY_COLUMNS})
    totals = frame.groupby("year")["count"].sum()
    months = frame.groupby("year")["month"].agg(lambda m: 12 if (m == 0).any() else m.nunique())
    place_count = frame.groupby("year")["place"].nunique()
    out = pd.DataFrame({"year": totals.index.astype(np.int64), "measure": measures[0] if measure is None else measure,
                        "count": totals.to_numpy().astype(np.int64), "months_covered": months.to_numpy().astype(np.int64),
                        "places": place_count.to_numpy().astype(np.int64)})
    return out.reset_index(drop=True)


def counted_once(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of one measure that count each crossing once: columns ``year``, ``month`` (0 for a yearly row),
    ``place``, ``count``.

    A file may state a total beside its parts; adding both would count people twice. So, per place: a yearly row
    stands for its year (monthly and daily rows of that year are left aside), a monthly row for its month (daily
    rows of that month left aside); and per place and period, a row without nationality (the total) stands for
    the rows by nationality.
    """
    periods = pd.to_datetime(rows["period"])
    grain = rows["grain"].astype(str).to_numpy()
    frame = pd.DataFrame({"year": periods.dt.year.to_numpy(), "month": periods.dt.month.to_numpy(),
                          "day": periods.dt.day.to_numpy(), "grain": grain, "place": rows["place"].astype(str).to_numpy(),
                          "total": rows["nationality_iso3"].isna().to_numpy(),
                          "count": rows["count"].astype(np.int64).to_numpy()})
    yearly = set(map(tuple, frame.loc[frame["grain"] == "year", ["place", "year"]].to_numpy().tolist()))
    monthly = set(map(tuple, frame.loc[frame["grain"] == "month", ["place", "year", "month"]].to_numpy().tolist()))
    place_year = list(zip(frame["place"], frame["year"]))
    place_month = list(zip(frame["place"], frame["year"], frame["month"]))
    covered = np.array([(g != "year" and py in yearly) or (g == "day" and pm in monthly)
                        for g, py, pm in zip(grain, place_year, place_month)], dtype=bool)
    frame = frame[~covered]
    period_key = ["place", "grain", "year", "month", "day"]
    has_total = frame.groupby(period_key)["total"].transform("any").to_numpy(dtype=bool)
    frame = frame[frame["total"].to_numpy() | ~has_total]
    frame = frame.assign(month=np.where(frame["grain"] == "year", 0, frame["month"]))
    return frame[["year", "month", "place", "count"]].reset_index(drop=True)


def deaths_per_thousand(yearly: pd.DataFrame, dead_missing: pd.Series) -> pd.DataFrame:
    """Dead and missing per 1,000 crossings, per year present in both: columns ``year``, ``measure``,
    ``crossings``, ``months_covered``, ``dead_missing``, ``per_1000`` (NaN where the crossings are 0).

    ``yearly``: :func:`yearly_crossings` (one measure; several raise MeasureMismatchError); ``dead_missing``:
    people dead and missing per year (a Series indexed by year, e.g. of the incidents on the corridor).
    """
    measures = sorted(set(yearly["measure"].astype(str)))
    if len(measures) > 1:
        raise MeasureMismatchError(_("Deaths can be set against one measure of crossings at a time, not against "
                                     "{measures} added together.",
                                     measures=", ".join(measure_name(m) for m in measures)))
    deaths = pd.Series(dead_missing, dtype="float64")
    deaths.index = deaths.index.astype(np.int64)
    joined = yearly[yearly["year"].isin(deaths.index)]
    out = pd.DataFrame({"year": joined["year"].to_numpy(), "measure": joined["measure"].to_numpy(),
                        "crossings": joined["count"].to_numpy(), "months_covered": joined["months_covered"].to_numpy()})
    out["dead_missing"] = deaths.reindex(out["year"]).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_1000"] = np.where(out["crossings"] > 0, out["dead_missing"] / out["crossings"] * 1000, np.nan)
    return out.reset_index(drop=True)
