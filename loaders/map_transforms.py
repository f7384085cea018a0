"""Pure transforms behind the Incident map page: incident points, density cells, countries, months.

Every function takes the canonical incident frame of
:func:`loaders.fatalities.read_fatalities` (or a filtered cut of it), never
mutates it, and returns a new frame or a plain value. Counts are people
(dead, missing, dead_missing, survivors); an incident is a distinct
``main_id``; positions are degrees WGS84. What ships to the browser is kept
small: points are capped (:data:`POINT_CAP`), and density and month-by-month
views are bounded by a grid, not by the number of incidents.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: The colour group of an incident listing more than one cause of death.
SEVERAL_CAUSES = "Several causes"
#: IOM's own category for an unknown cause; also used when the cell is blank.
UNKNOWN_CAUSE = "Mixed or unknown"
#: Shown in tooltips for a blank count or field.
NOT_RECORDED = "not recorded"
#: Codes and names that mean "origin not known" in IOM's country-of-origin column.
UNKNOWN_ORIGIN_ISO3 = ("OOO",)
#: What one page may send to the browser for its incident points (bytes, uncompressed: Streamlit's
#: websocket compression is off by default).
POINT_BUDGET_BYTES = 2_000_000
#: Measured on the real data: each point ships ~450 bytes in the deck (its tooltip text, in pydeck's
#: indented JSON) and ~330 bytes in the table behind the map.
BYTES_PER_POINT = 800
#: Above this many incidents the map shows density cells instead of single points (2,500).
POINT_CAP = POINT_BUDGET_BYTES // BYTES_PER_POINT
#: Target number of density cells across the wider side of the selection's extent.
DENSITY_CELLS_ACROSS = 120
#: Density and month-by-month cell sizes are rounded to one of these (degrees).
CELL_STEPS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
#: Grid of the month-by-month animation (degrees); coarse, so every month ships few markers.
MONTHLY_CELLS_ACROSS = 30
#: Which country each choropleth counts under: page-control value -> (ISO3 column, name column).
COUNTRY_BASES = {
    "incident": ("country_of_incident_iso3", "country_of_incident"),
    "origin": ("country_of_origin_iso3", "country_of_origin"),
}
#: Longest text kept per tooltip field (characters), to keep what each point ships small.
TEXT_LIMIT = 90

POINT_COLUMNS = ("lon", "lat", "date", "location", "dead", "missing", "dead_missing", "survivors",
                 "cause_of_death", "cause_group", "migration_route", "country_of_origin",
                 "information_source", "source_quality")


def cause_group(causes: object) -> str:
    """The colour group of one incident's causes: the single cause, or "Several causes".

    An incident listing more than one IOM category gets :data:`SEVERAL_CAUSES`;
    a blank cell gets :data:`UNKNOWN_CAUSE`.
    """
    if not isinstance(causes, tuple) or not causes:
        return UNKNOWN_CAUSE
    return causes[0] if len(causes) == 1 else SEVERAL_CAUSES


def _text(cell: object, limit: int = TEXT_LIMIT) -> str:
    """A cell as display text: tuples joined, blanks named, long text cut with an ellipsis."""
    if isinstance(cell, tuple):
        cell = ", ".join(str(v) for v in cell)
    if cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)) or not str(cell).strip():
        return NOT_RECORDED
    text = str(cell).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _count_text(series: pd.Series) -> list[str]:
    return [NOT_RECORDED if pd.isna(v) else f"{int(v):,}" for v in series]


def incident_points(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per located incident, with every tooltip field as display text.

    Needs the canonical columns lon, lat, date, location, dead, missing,
    dead_missing, survivors, cause_of_death, migration_route,
    country_of_origin, information_source, source_quality. Returns
    :data:`POINT_COLUMNS`: lon, lat (degrees, rounded to 4 decimals, ~10 m),
    dead_missing (people, a number: sizes the point), cause_group (colours it),
    and the rest as text ("not recorded" where blank), largest first so small
    points draw on top.
    """
    located = incidents.dropna(subset=["lat", "lon"])
    out = pd.DataFrame({
        "lon": located["lon"].round(4).to_numpy(),
        "lat": located["lat"].round(4).to_numpy(),
        "date": [NOT_RECORDED if pd.isna(d) else f"{d:%d %b %Y}" for d in located["date"]],
        "location": [_text(v) for v in located["location"]],
        "dead": _count_text(located["dead"]),
        "missing": _count_text(located["missing"]),
        "dead_missing": located["dead_missing"].fillna(0).to_numpy(dtype=float),
        "survivors": _count_text(located["survivors"]),
        "cause_of_death": [_text(v) for v in located["cause_of_death"]],
        "cause_group": [cause_group(v) for v in located["cause_of_death"]],
        "migration_route": [_text(v) for v in located["migration_route"]],
        "country_of_origin": [_text(v) for v in located["country_of_origin"]],
        "information_source": [_text(v) for v in located["information_source"]],
        "source_quality": [NOT_RECORDED if pd.isna(q) else f"{int(q)} of 5" for q in located["source_quality"]],
    })
    return out.sort_values("dead_missing", ascending=False, kind="stable").reset_index(drop=True)


def cause_totals(points: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing and incidents per colour group: columns cause_group, dead_missing, incidents."""
    grouped = points.groupby("cause_group").agg(dead_missing=("dead_missing", "sum"),
                                                incidents=("dead_missing", "size"))
    out = grouped.reset_index().sort_values("dead_missing", ascending=False).reset_index(drop=True)
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out


def shows_points(incident_count: int, wanted: str, cap: int = POINT_CAP) -> bool:
    """True when single points are drawn: they were asked for and there are no more than ``cap``."""
    return wanted == "points" and incident_count <= cap


def cell_degrees_for(lon: pd.Series, lat: pd.Series, across: int = DENSITY_CELLS_ACROSS) -> float:
    """A grid size (degrees, one of :data:`CELL_STEPS`) giving about ``across`` cells over the extent."""
    lon, lat = lon.dropna(), lat.dropna()
    if lon.empty:
        return CELL_STEPS[-1]
    span = max(float(lon.quantile(0.98) - lon.quantile(0.02)), float(lat.quantile(0.98) - lat.quantile(0.02)), 1.0)
    wanted = span / across
    return min(CELL_STEPS, key=lambda step: abs(math.log(step / wanted)))


def _binned(incidents: pd.DataFrame, cell_degrees: float) -> pd.DataFrame:
    """Located incidents with the south-west corner of their grid cell (west, south)."""
    located = incidents.dropna(subset=["lat", "lon"])
    return pd.DataFrame({
        "west": np.floor(located["lon"].to_numpy() / cell_degrees) * cell_degrees,
        "south": np.floor(located["lat"].to_numpy() / cell_degrees) * cell_degrees,
        "dead": located["dead"].fillna(0).to_numpy(dtype=float),
        "missing": located["missing"].fillna(0).to_numpy(dtype=float),
        "dead_missing": located["dead_missing"].fillna(0).to_numpy(dtype=float),
        "main_id": located["main_id"].to_numpy(),
        "date": located["date"].to_numpy(),
    })


def density_cells(incidents: pd.DataFrame, cell_degrees: float) -> pd.DataFrame:
    """Dead and missing per square grid cell of ``cell_degrees`` degrees.

    Columns: west, south, east, north (cell edges, degrees), lon, lat (cell
    centre), dead, missing, dead_missing (people), incidents (distinct Main
    IDs). The row count is bounded by the grid, not by the data. Largest first.
    """
    binned = _binned(incidents, cell_degrees)
    columns = ["west", "south", "east", "north", "lon", "lat", "dead", "missing", "dead_missing", "incidents"]
    if binned.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    cells = binned.groupby(["west", "south"]).agg(dead=("dead", "sum"), missing=("missing", "sum"),
                                                  dead_missing=("dead_missing", "sum"),
                                                  incidents=("main_id", "nunique")).reset_index()
    cells["west"], cells["south"] = cells["west"].round(4), cells["south"].round(4)
    cells["east"] = (cells["west"] + cell_degrees).round(4)
    cells["north"] = (cells["south"] + cell_degrees).round(4)
    cells["lon"] = (cells["west"] + cell_degrees / 2).round(4)
    cells["lat"] = (cells["south"] + cell_degrees / 2).round(4)
    for column in ("dead", "missing", "dead_missing"):
        cells[column] = cells[column].astype(int)
    return cells[columns].sort_values("dead_missing", ascending=False, kind="stable").reset_index(drop=True)


def dead_missing_by_country(incidents: pd.DataFrame, by: str) -> pd.DataFrame:
    """Dead and missing per country of incident (``by="incident"``) or of origin (``by="origin"``).

    An incident listing several countries of origin counts in full under each,
    so origin totals can add up to more than the selection. Incidents with no
    country (at sea) or an unknown origin are left out; see
    :func:`dead_missing_without_country`. Columns: iso3, country, dead,
    missing, dead_missing (people), incidents; largest first.
    """
    iso3_column, name_column = COUNTRY_BASES[by]
    frame = incidents[[iso3_column, name_column, "dead", "missing", "dead_missing", "main_id"]].copy()
    if by == "origin":
        frame[iso3_column] = frame[iso3_column].map(lambda codes: tuple(dict.fromkeys(codes)))
        frame = frame.explode(iso3_column)
        names = _origin_names(incidents)
        frame[name_column] = frame[iso3_column].map(names)
    frame = frame.dropna(subset=[iso3_column])
    frame = frame[~frame[iso3_column].isin(UNKNOWN_ORIGIN_ISO3)]
    columns = ["iso3", "country", "dead", "missing", "dead_missing", "incidents"]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("iso3", "country") else int) for c in columns})
    grouped = frame.groupby(iso3_column).agg(
        country=(name_column, "first"), dead=("dead", "sum"), missing=("missing", "sum"),
        dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    out = grouped.reset_index().rename(columns={iso3_column: "iso3"})
    out["country"] = out["country"].astype("str").fillna(out["iso3"].astype("str")).astype(str)
    for column in ("dead", "missing", "dead_missing"):
        out[column] = out[column].fillna(0).astype(int)
    return out[columns].sort_values(["dead_missing", "iso3"], ascending=[False, True]).reset_index(drop=True)


def _origin_names(incidents: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> the country name IOM used, from rows where names and codes pair one to one."""
    names: dict[str, str] = {}
    for labels, codes in zip(incidents["country_of_origin"], incidents["country_of_origin_iso3"]):
        if isinstance(labels, tuple) and isinstance(codes, tuple) and len(labels) == len(codes):
            for label, code in zip(labels, codes):
                names.setdefault(code, label)
    return names


def dead_missing_without_country(incidents: pd.DataFrame, by: str) -> int:
    """Dead and missing in incidents the choropleth cannot place: no country of incident, or no known origin."""
    iso3_column, _ = COUNTRY_BASES[by]
    if by == "origin":
        known = incidents[iso3_column].map(
            lambda codes: isinstance(codes, tuple) and any(c not in UNKNOWN_ORIGIN_ISO3 for c in codes))
    else:
        known = incidents[iso3_column].notna() & ~incidents[iso3_column].isin(UNKNOWN_ORIGIN_ISO3)
    return int(incidents.loc[~known.astype(bool), "dead_missing"].fillna(0).sum())


def monthly_cells(incidents: pd.DataFrame, months: tuple[str, ...], cell_degrees: float) -> pd.DataFrame:
    """Dead and missing per month and grid cell, for the month-by-month animation.

    ``months`` is the selected period ("YYYY-MM" each, in order). Undated
    incidents are left out. Columns: month ("YYYY-MM"), lon, lat (cell
    centre, degrees), dead_missing (people), incidents. Months with nothing
    recorded have no rows; the builder still gives them a frame.
    """
    columns = ["month", "lon", "lat", "dead_missing", "incidents"]
    binned = _binned(incidents, cell_degrees).dropna(subset=["date"])
    if binned.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "month" else float) for c in columns})
    binned["month"] = pd.to_datetime(binned["date"]).dt.strftime("%Y-%m")
    binned = binned[binned["month"].isin(set(months))]
    cells = binned.groupby(["month", "west", "south"]).agg(dead_missing=("dead_missing", "sum"),
                                                          incidents=("main_id", "nunique")).reset_index()
    cells["lon"] = (cells["west"] + cell_degrees / 2).round(3)
    cells["lat"] = (cells["south"] + cell_degrees / 2).round(3)
    cells["dead_missing"] = cells["dead_missing"].astype(int)
    return cells[columns].sort_values(["month", "dead_missing"], ascending=[True, False]).reset_index(drop=True)
