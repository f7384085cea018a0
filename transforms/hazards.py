"""What kills and endangers people on each corridor: cause of death by corridor, sea against land, people per boat.

Which incidents lie on a corridor is decided by the one rule of :mod:`transforms.corridor_membership` (IOM
routes, and the documented rules of the Asia-Pacific corridors IOM gives no route), as on the Routes map and
the Corridor profile; the causes here count what that rule selects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.fatalities import UNKNOWN_CAUSE
from transforms.comparison import cause_cells, cause_mix_by_position, cause_mix_of_cells
from transforms.corridor_membership import membership_matrix
from transforms.flows import migrants_per_boat


def corridor_order(names: list[str], rows: np.ndarray, totals: np.ndarray, min_dead_missing: int = 1) -> list[str]:
    """Corridors by dead and missing (``totals``), largest first, ties in the order of ``names``;
    those below ``min_dead_missing`` or without any row (``rows``) left out."""
    observed = np.flatnonzero(rows > 0)
    ranked = observed[np.argsort(-totals[observed], kind="stable")]
    return [names[i] for i in ranked if totals[i] >= min_dead_missing]


def _on_corridors(incidents: pd.DataFrame, corridors: pd.DataFrame,
                  membership: np.ndarray | None) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The corridor names (sorted) and one (corridor position, row) pair per row on a corridor, both arrays in
    corridor then row order: a row on two corridors gives two pairs. ``membership`` as
    :func:`cause_mix_by_corridor` takes it."""
    if membership is None:
        membership = membership_matrix(incidents, corridors)
    catalogue_names = corridors["name"].tolist()
    by_name = sorted(range(len(catalogue_names)), key=catalogue_names.__getitem__)
    corridor, rows = np.nonzero(membership[by_name])
    return [catalogue_names[j] for j in by_name], corridor.astype(np.int64), rows.astype(np.int64)


def cause_mix_by_corridor(incidents: pd.DataFrame, corridors: pd.DataFrame, membership: np.ndarray | None = None,
                          min_dead_missing: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Dead and missing by cause of death on each corridor, and the corridors in order (deadliest first, ties
    by name).

    ``corridors`` is the corridor catalogue (its ``name`` column names the corridors); ``membership``
    (corridors x rows of ``incidents``, booleans) says which rows lie on each, as
    :mod:`transforms.corridor_membership` decides for every page: worked out from that rule when not given.
    An incident on two corridors counts on each. An incident listing several causes counts under each, so
    shares (0-1) are of cause attributions and sum to 1 per corridor. Corridors with fewer than
    ``min_dead_missing`` dead and missing (people) are left out. Columns: group (corridor), cause,
    dead_missing (people), share.
    """
    names, corridor, rows = _on_corridors(incidents, corridors, membership)
    people_of = incidents["dead_missing"].array.take(rows).to_numpy(dtype=float, na_value=0.0)
    # One pass over the rows on a corridor: people per corridor and distinct cause cell, which also rank them.
    people, counts, uniques = cause_cells(incidents, corridor, len(names), people_of, rows=rows)
    order = corridor_order(names, counts[1:].sum(axis=1), people[1:].sum(axis=1), min_dead_missing)
    if not order:
        return pd.DataFrame({"group": [], "cause": [], "dead_missing": [], "share": []}), []
    kept = [0] + [1 + names.index(name) for name in order]  # row 0: in no corridor (empty here)
    return cause_mix_of_cells(people[kept], counts[kept], uniques, order, seen_outside=False), order


def cause_mix_by_year(incidents: pd.DataFrame, corridors: pd.DataFrame, membership: np.ndarray | None,
                      corridor: str) -> pd.DataFrame:
    """One corridor's (by name) dead and missing by cause of death and year (undated incidents left out).

    ``corridors`` and ``membership`` as :func:`cause_mix_by_corridor` takes them. Columns: year, cause,
    dead_missing (people), share (0-1 of that year's cause attributions).
    """
    empty = pd.DataFrame({"year": [], "cause": [], "dead_missing": [], "share": []})
    names, position, rows = _on_corridors(incidents, corridors, membership)
    if corridor not in names:
        return empty
    # Only the corridor's rows are read: their years, and their place among the years present (sorted).
    rows = rows[position == names.index(corridor)]
    year = incidents["year"].array.take(rows).to_numpy(dtype=float, na_value=np.nan)
    rows, year_of = rows[~np.isnan(year)], year[~np.isnan(year)].astype(np.int64)
    if not rows.size:
        return empty
    first = int(year_of.min())
    present = np.flatnonzero(np.bincount(year_of - first))
    slot = np.full(present[-1] + 1, -1, dtype=np.int64)
    slot[present] = np.arange(present.size)
    people = incidents["dead_missing"].array.take(rows).to_numpy(dtype=float, na_value=0.0)
    mix = cause_mix_by_position(incidents, slot[year_of - first], [int(y) for y in present + first], people,
                                seen_outside=False, rows=rows)
    return mix.rename(columns={"group": "year"})


def dominant_cause(mix: pd.DataFrame) -> pd.DataFrame:
    """Each corridor's largest known cause (Mixed or unknown set aside) and its share: group, cause, share."""
    known = mix[(mix["cause"] != UNKNOWN_CAUSE) & (mix["dead_missing"] > 0)]
    top = known.sort_values("dead_missing", ascending=False).drop_duplicates("group")
    return top[["group", "cause", "share"]].reset_index(drop=True)


def sea_land_detections(frontex: pd.DataFrame) -> pd.DataFrame:
    """Frontex detections by route and crossing type over the whole series.

    Needs the flow frame of ``frontex_ibc`` (route, crossing_type "Sea"/"Land", value in
    detections). Columns: route, crossing_type, detections, share (0-1 of the route's
    detections), route_total; routes with most detections first. A detection is an
    event at the border, not a person: one person can be detected more than once.
    """
    typed = frontex[frontex["crossing_type"].isin(["Sea", "Land"])]
    sums = typed.groupby(["route", "crossing_type"], as_index=False)["value"].sum().rename(
        columns={"value": "detections"})
    sums["route_total"] = sums.groupby("route")["detections"].transform("sum")
    sums["share"] = sums["detections"] / sums["route_total"]
    sums = sums[sums["route_total"] > 0]
    return sums.sort_values(["route_total", "crossing_type"], ascending=[False, False]).reset_index(drop=True)


def series_span(frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a flow series covers."""
    return pd.Timestamp(frame["span_start"].min()), pd.Timestamp(frame["span_end"].max())


def people_per_boat(uk: pd.DataFrame, grain: str = "year") -> pd.DataFrame:
    """UK small boats: people per boat by month or year (see ``transforms.flows.migrants_per_boat``).

    Periods in which no boat arrived are left out (no ratio exists). Columns: period, grain,
    migrants (people), boats, migrants_per_boat (people per boat), days_covered, partial
    (True where the period is not fully covered by the series).
    """
    out = migrants_per_boat(uk, grain)
    out = out[out["boats"] > 0].copy()
    full = out["period"].dt.days_in_month if grain == "month" else out["period"].dt.is_leap_year.map({True: 366,
                                                                                                      False: 365})
    out["partial"] = out["days_covered"] < full
    return out.reset_index(drop=True)
