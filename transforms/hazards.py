"""What kills and endangers people on each corridor: cause of death by corridor, sea against land, people per boat."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.fatalities import UNKNOWN_CAUSE
from transforms.comparison import cause_cells, cause_mix_by_position, cause_mix_of_cells
from transforms.flows import migrants_per_boat


def route_to_corridor(catalogue: pd.DataFrame) -> dict[str, str]:
    """IOM migration route -> catalogue corridor name (a route listed twice raises ValueError)."""
    lookup: dict[str, str] = {}
    for row in catalogue.itertuples(index=False):
        for route in row.iom_routes:
            if route in lookup:
                raise ValueError(f"IOM route “{route}” is listed under two corridors")
            lookup[route] = row.name
    return lookup


def _corridors(incidents: pd.DataFrame, catalogue: pd.DataFrame | None) -> tuple[np.ndarray, list[str]]:
    """Each row's corridor, as a position in the corridor names returned (-1: no known corridor).

    Worked out once per distinct route (the categorical's categories), not per row. The names are
    listed as a groupby on the corridor would list them: sorted, or in category order for IOM's
    own routes held as a categorical.
    """
    routes = incidents["migration_route"]
    if isinstance(routes.dtype, pd.CategoricalDtype):
        codes, distinct_routes = routes.cat.codes.to_numpy(), list(routes.cat.categories)
        in_category_order = True
    else:
        codes, distinct_routes = pd.factorize(routes, use_na_sentinel=True)
        distinct_routes, in_category_order = list(distinct_routes), False
    if catalogue is not None:
        lookup = route_to_corridor(catalogue)
        corridor_of = [lookup.get(route) for route in distinct_routes]
        names = sorted({name for name in corridor_of if name is not None})
    else:
        corridor_of = [route if isinstance(route, str) and route.strip() != "" and route != "nan" else None
                       for route in distinct_routes]
        known = [name for name in corridor_of if name is not None]
        names = known if in_category_order else sorted(known)
    position = {name: i for i, name in enumerate(names)}
    lookup_codes = np.array([position[name] if name is not None else -1 for name in corridor_of] + [-1],
                            dtype=np.int64)
    return lookup_codes[codes], names  # code -1 (no route) picks the last entry, -1


def with_corridor(incidents: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """The incidents on a known corridor, with a ``group`` column naming it.

    With a catalogue, a corridor gathers its ``iom_routes``; without one, each IOM
    ``migration_route`` is its own corridor. Incidents without a route are left out.
    """
    routes = incidents["migration_route"]
    if catalogue is not None:
        group = routes.map(route_to_corridor(catalogue))
        keep = group.notna().to_numpy()
    else:
        keep = _corridors(incidents, None)[0] >= 0
        group = routes.where(keep)
    columns = ["main_id", "year", "cause_of_death", "dead_missing"] + [
        c for c in ("cause_of_death_key",) if c in incidents.columns]
    return incidents.loc[keep, columns].assign(group=group[keep])


def corridor_order(names: list[str], rows: np.ndarray, totals: np.ndarray, min_dead_missing: int = 1) -> list[str]:
    """Corridors by dead and missing (``totals``), largest first, ties in the order of ``names``;
    those below ``min_dead_missing`` or without any row (``rows``) left out."""
    observed = np.flatnonzero(rows > 0)
    ranked = observed[np.argsort(-totals[observed], kind="stable")]
    return [names[i] for i in ranked if totals[i] >= min_dead_missing]


def cause_mix_by_corridor(incidents: pd.DataFrame, catalogue: pd.DataFrame | None = None,
                          min_dead_missing: int = 1) -> tuple[pd.DataFrame, list[str]]:
    """Dead and missing by cause of death on each corridor, and the corridors in order (deadliest first).

    An incident listing several causes counts under each, so shares (0-1) are of cause
    attributions and sum to 1 per corridor. Columns: group (corridor), cause, dead_missing
    (people), share.
    """
    corridor, names = _corridors(incidents, catalogue)
    # One pass over the rows: people per corridor and distinct cause cell, which also rank the corridors.
    people, counts, uniques = cause_cells(incidents, corridor, len(names),
                                          incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0))
    order = corridor_order(names, counts[1:].sum(axis=1), people[1:].sum(axis=1), min_dead_missing)
    if not order:
        return pd.DataFrame({"group": [], "cause": [], "dead_missing": [], "share": []}), []
    kept = [0] + [1 + names.index(name) for name in order]  # row 0: rows on no corridor
    return cause_mix_of_cells(people[kept], counts[kept], uniques, order, seen_outside=False), order


def cause_mix_by_year(incidents: pd.DataFrame, corridor: str, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """One corridor's dead and missing by cause of death and year (undated incidents left out).

    Columns: year, cause, dead_missing (people), share (0-1 of that year's cause attributions).
    """
    empty = pd.DataFrame({"year": [], "cause": [], "dead_missing": [], "share": []})
    position, names = _corridors(incidents, catalogue)
    if corridor not in names:
        return empty
    # Only the corridor's rows are read: their years, and their place among the years present (sorted).
    rows = np.flatnonzero(position == names.index(corridor))
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
