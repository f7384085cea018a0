"""Pure transforms behind the maps: incident points, grid and density cells, countries, months."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from i18n import N_, _, country_name, format_date, format_integer
from loaders.fatalities import UNKNOWN_CAUSE, value_codes
from transforms.counting import (
    DENSE_SLACK,
    DENSE_SPAN_PER_VALUE,
    dense_codes,
    distinct,
    event_codes,
    events_per_group,
    events_per_value,
)
from transforms.dimensions import UNKNOWN_ORIGIN_ISO3, Dimension, dimension
from transforms.geography import place_name
from transforms.periods import row_month_keys


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


#: The colour group of an incident listing more than one cause of death (a key of the ``cause_group`` column,
#: in English: translate where shown with ``_()``).
SEVERAL_CAUSES = N_("Several causes")


#: Shown in tooltips for a blank count or field (translated where shown with ``_()``).
# Translators: in a map's tooltip, for a blank field ("Survivors: not recorded").
NOT_RECORDED = N_("not recorded")


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


#: The extent a grid is sized on: between these quantiles of longitude and of latitude (outliers ignored).
EXTENT_QUANTILES = (0.02, 0.98)


#: Grid of the month-by-month animation (degrees); coarse, so every month ships few markers.
MONTHLY_CELLS_ACROSS = 30


#: Which country each choropleth counts under: page-control value -> its country dimension (whose
#: ``iso3_column`` and ``column`` hold the codes and names).
COUNTRY_BASES: dict[str, Dimension] = {"incident": dimension("country"), "origin": dimension("origin")}


#: Longest text kept per tooltip field (characters), to keep what each point ships small.
TEXT_LIMIT = 90


def cause_group(causes: object) -> str:
    """The colour group of one incident's causes: the single cause, or "Several causes".

    An incident listing more than one IOM category gets :data:`SEVERAL_CAUSES`;
    a blank cell gets :data:`UNKNOWN_CAUSE`.
    """
    if not isinstance(causes, tuple) or not causes:
        return UNKNOWN_CAUSE
    return causes[0] if len(causes) == 1 else SEVERAL_CAUSES


def _text(cell: object, limit: int = TEXT_LIMIT, blank: str = NOT_RECORDED) -> str:
    """A cell as display text: tuples joined, blanks named (``blank``), long text cut with an ellipsis."""
    if isinstance(cell, tuple):
        cell = ", ".join(str(v) for v in cell)
    if cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)) or not str(cell).strip():
        return blank
    text = str(cell).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _count_text(series: pd.Series, blank: str) -> list[str]:
    return [blank if pd.isna(v) else format_integer(int(v)) for v in series]


def incident_points(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per located incident, with every tooltip field as display text.

    Needs the canonical columns lon, lat, date, location, dead, missing,
    dead_missing, survivors, cause_of_death, migration_route,
    country_of_origin, information_source, source_quality (and the spatial step's
    sea_or_border when present). Returns them in that order, with cause_group after
    cause_of_death, then sea_or_border (the key, "" where unknown) and place (its text): lon, lat (degrees, rounded to
    4 decimals, ~10 m), dead_missing (people, a number: sizes the point),
    cause_group (colours it, English: a key), and the rest as text in the active
    language ("not recorded" where blank; dates and counts in the locale's
    form; places, causes, routes, origins and sources as published), largest
    first so small points draw on top.
    """
    located = incidents.dropna(subset=["lat", "lon"])
    blank = _(NOT_RECORDED)
    out = pd.DataFrame({
        "lon": located["lon"].round(4).to_numpy(),
        "lat": located["lat"].round(4).to_numpy(),
        "date": [blank if pd.isna(d) else format_date(d, "medium") for d in located["date"]],
        "location": [_text(v, blank=blank) for v in located["location"]],
        "dead": _count_text(located["dead"], blank),
        "missing": _count_text(located["missing"], blank),
        "dead_missing": located["dead_missing"].fillna(0).to_numpy(dtype=float),
        "survivors": _count_text(located["survivors"], blank),
        "cause_of_death": [_text(v, blank=blank) for v in located["cause_of_death"]],
        "cause_group": [cause_group(v) for v in located["cause_of_death"]],
        "migration_route": [_text(v, blank=blank) for v in located["migration_route"]],
        "country_of_origin": [_text(tuple(country_name(c) for c in v) if isinstance(v, tuple) else country_name(v),
                                    blank=blank) for v in located["country_of_origin"]],
        "information_source": [_text(v, blank=blank) for v in located["information_source"]],
        # Translators: a source-quality score in a map's tooltip, e.g. "4 of 5".
        "source_quality": [blank if pd.isna(q) else _("{score} of 5", score=int(q)) for q in located["source_quality"]],
        # The spatial step's sea area or border zone: the key (as the data holds it) colours points, the text
        # shows in the tooltip.
        "sea_or_border": (located["sea_or_border"].astype(object).fillna("").astype(str).to_numpy()
                          if "sea_or_border" in located.columns else np.full(len(located), "", dtype=object)),
        "place": ([_text(place_name(v), blank=blank) for v in located["sea_or_border"]]
                  if "sea_or_border" in located.columns else [blank] * len(located)),
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
    lon, lat = _finite(lon), _finite(lat)
    if not lon.size:
        return CELL_STEPS[-1]
    (lon_low, lon_high), (lat_low, lat_high) = (np.quantile(v, EXTENT_QUANTILES) for v in (lon, lat))
    span = max(float(lon_high - lon_low), float(lat_high - lat_low), 1.0)
    wanted = span / across
    return min(CELL_STEPS, key=lambda step: abs(math.log(step / wanted)))


def _finite(values: pd.Series) -> np.ndarray:
    """The non-blank values of a float column, as a numpy array."""
    array = values.to_numpy(dtype=float, na_value=np.nan)
    return array[~np.isnan(array)]


def density_cells(incidents: pd.DataFrame, cell_degrees: float) -> pd.DataFrame:
    """Dead and missing per square grid cell of ``cell_degrees`` degrees.

    Columns: west, south, east, north (cell edges, degrees), lon, lat (cell
    centre), dead, missing, dead_missing (people), incidents (distinct Main
    IDs). The row count is bounded by the grid, not by the data. Largest first.
    """
    columns = ["west", "south", "east", "north", "lon", "lat", "dead", "missing", "dead_missing", "incidents"]
    grid = grid_cells(incidents, cell_degrees)
    if grid is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    size = len(grid.keys)
    used = np.flatnonzero(np.bincount(grid.cell, minlength=size))
    cells = pd.DataFrame({"west": grid.west(used), "south": grid.south(used)})
    for column in ("dead", "missing", "dead_missing"):
        people = incidents[column].to_numpy(dtype=float, na_value=0.0)[grid.located]
        cells[column] = np.bincount(grid.cell, weights=people, minlength=size)[used]
    cells["incidents"] = events_per_group(grid.cell, event_codes(incidents)[grid.located], size)[used]
    cells["west"], cells["south"] = cells["west"].round(4), cells["south"].round(4)
    cells["east"] = (cells["west"] + cell_degrees).round(4)
    cells["north"] = (cells["south"] + cell_degrees).round(4)
    cells["lon"] = (cells["west"] + cell_degrees / 2).round(4)
    cells["lat"] = (cells["south"] + cell_degrees / 2).round(4)
    for column in ("dead", "missing", "dead_missing"):
        cells[column] = cells[column].astype(int)
    return cells[columns].sort_values("dead_missing", ascending=False, kind="stable").reset_index(drop=True)


def density_view(incidents: pd.DataFrame, across: int = DENSITY_CELLS_ACROSS) -> tuple[float, pd.DataFrame]:
    """The grid the density map uses for ``incidents`` (:func:`cell_degrees_for`) and its cells
    (:func:`density_cells`): (cell size in degrees, cells)."""
    degrees = cell_degrees_for(incidents["lon"], incidents["lat"], across)
    return degrees, density_cells(incidents, degrees)


def dead_missing_by_country(incidents: pd.DataFrame, by: str) -> pd.DataFrame:
    """Dead and missing per country of incident (``by="incident"``) or of origin (``by="origin"``).

    An incident listing several countries of origin counts in full under each,
    so origin totals can add up to more than the selection. Incidents with no
    country (at sea) or an unknown origin are left out; see
    :func:`dead_missing_without_country`. Columns: iso3, country, dead,
    missing, dead_missing (people), incidents; largest first.
    """
    iso3_column, name_column = COUNTRY_BASES[by].iso3_column, COUNTRY_BASES[by].column
    columns = ["iso3", "country", "dead", "missing", "dead_missing", "incidents"]
    codes, cells = value_codes(incidents, iso3_column)
    # The countries each distinct cell counts under (an origin cell lists several, each once), as (cell,
    # country) pairs; cell 0 stands for a blank cell (code -1), which counts nowhere. Countries are the
    # distinct codes of origin, or the column's own values for the country of incident.
    if by == "origin":
        listed = [tuple(dict.fromkeys(cell)) if isinstance(cell, tuple) else () for cell in cells]
    else:
        listed = [(cell,) for cell in cells]
    known = [[code for code in codes_of if not _blank(code) and code not in UNKNOWN_ORIGIN_ISO3] for codes_of in listed]
    countries = sorted({code for codes_of in known for code in codes_of}) if by == "origin" else list(cells)
    index = {code: i for i, code in enumerate(countries)}
    pair_cell = np.array([c + 1 for c, codes_of in enumerate(known) for _ in codes_of], dtype=np.int64)
    pair_country = np.array([index[code] for codes_of in known for code in codes_of], dtype=np.int64)
    size = len(countries)
    if by == "origin":
        rows = codes + 1
    else:  # with each row's name beside its country, the first name of each country comes from the same sums
        name_codes, names = value_codes(incidents, name_column)
        rows = (codes + 1) * (len(names) + 1) + (name_codes + 1)
    # People and rows per distinct cell (and name), then per country.
    span = (len(cells) + 1) * (1 if by == "origin" else len(names) + 1)
    rows_per_key = np.bincount(rows, minlength=span)
    rows_per_cell = _per_cell(rows_per_key, len(cells), by)
    present = np.bincount(pair_country, weights=rows_per_cell[pair_cell], minlength=size) > 0
    if not present.any():
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("iso3", "country") else int) for c in columns})
    sums = {}
    for column in ("dead", "missing", "dead_missing"):
        per_key = np.bincount(rows, weights=incidents[column].to_numpy(dtype=float, na_value=0.0), minlength=span)
        per_cell = _per_cell(per_key, len(cells), by)
        sums[column] = np.bincount(pair_country, weights=per_cell[pair_cell], minlength=size)[present].astype(int)
    cell_of_row = rows if by == "origin" else codes + 1
    counts = events_per_value(cell_of_row, event_codes(incidents), pair_cell, pair_country, len(cells) + 1,
                              size)[present]
    kept = np.flatnonzero(present)
    if by == "origin":
        names = _origin_names(incidents)
        iso3 = pd.Index([countries[i] for i in kept], dtype="str", name=iso3_column)
        country = [names.get(countries[i], np.nan) for i in kept]
    else:
        categorical = isinstance(incidents[iso3_column].dtype, pd.CategoricalDtype)
        dtype = incidents[iso3_column].dtype
        iso3 = (pd.CategoricalIndex(pd.Categorical.from_codes(kept, dtype=dtype), name=iso3_column) if categorical
                else pd.Index([countries[i] for i in kept], name=iso3_column))
        country = _first_names(rows, rows_per_key.reshape(len(cells) + 1, len(names) + 1), names, kept)
    grouped = pd.DataFrame({"country": country, **sums, "incidents": counts}, index=iso3)
    if not isinstance(grouped.index, pd.CategoricalIndex):
        grouped = grouped.sort_index(kind="stable")  # as a groupby would order them
    out = grouped.reset_index().rename(columns={iso3_column: "iso3"})
    out["country"] = out["country"].astype("str").fillna(out["iso3"].astype("str")).astype(str)
    return out[columns].sort_values(["dead_missing", "iso3"], ascending=[False, True]).reset_index(drop=True)


def _per_cell(per_key: np.ndarray, cell_count: int, by: str) -> np.ndarray:
    """Sums per (cell, name) added up per cell (cell 0: blank); per cell already for origins."""
    return per_key if by == "origin" else per_key.reshape(cell_count + 1, -1).sum(axis=1)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _first_rows(keys: np.ndarray, wanted: list[int]) -> list[int]:
    """The first row holding each of ``wanted`` in an integer array (each known to occur)."""
    rows = np.flatnonzero(np.isin(keys, wanted))  # one pass; then only those rows
    return [int(rows[np.argmax(keys[rows] == key)]) for key in wanted]


def _first_names(keys: np.ndarray, rows_per_pair: np.ndarray, names: list, kept: np.ndarray) -> list:
    """For each country code in ``kept``, the first non-blank name on its rows.

    ``keys`` numbers each row's (country cell + 1, name code + 1) pair and
    ``rows_per_pair`` counts the rows of each. A country whose rows carry one
    name takes it directly; only a country spelt several ways looks for the
    first of its rows.
    """
    first = []
    for code in kept.tolist():
        spelt = np.flatnonzero(rows_per_pair[code + 1, 1:]) + 1  # name codes + 1 found with this country
        if len(spelt) > 1:
            pairs = (code + 1) * rows_per_pair.shape[1] + spelt
            spelt = spelt[[int(np.argmin(_first_rows(keys, pairs.tolist())))]]
        first.append(names[spelt[0] - 1] if len(spelt) else np.nan)
    return first


def _origin_names(incidents: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> the country name IOM used, from rows where names and codes pair one to one.

    Each distinct (names, codes) pair of cells is read once, in the order of its first row.
    """
    name_codes, name_cells = value_codes(incidents, "country_of_origin")
    code_codes, code_cells = value_codes(incidents, "country_of_origin_iso3")
    pair = (name_codes + 1) * (len(code_cells) + 1) + (code_codes + 1)
    keys = distinct(pair)
    pairs = []
    for key in keys.tolist():
        labels = name_cells[key // (len(code_cells) + 1) - 1] if key // (len(code_cells) + 1) else None
        codes = code_cells[key % (len(code_cells) + 1) - 1] if key % (len(code_cells) + 1) else None
        if isinstance(labels, tuple) and isinstance(codes, tuple) and len(labels) == len(codes):
            pairs.append((key, labels, codes))
    # A code named differently by two pairs takes the name of the pair seen first.
    candidates: dict[str, set[str]] = {}
    for _key, labels, codes in pairs:
        for label, code in zip(labels, codes):
            candidates.setdefault(code, set()).add(label)
    if any(len(labels) > 1 for labels in candidates.values()):
        ambiguous = {code for code, labels in candidates.items() if len(labels) > 1}
        involved = [key for key, _labels, codes in pairs if ambiguous.intersection(codes)]
        first_row = dict(zip(involved, _first_rows(pair, involved)))
        pairs.sort(key=lambda item: first_row.get(item[0], -1))
    names: dict[str, str] = {}
    for _key, labels, codes in pairs:
        for label, code in zip(labels, codes):
            names.setdefault(code, label)
    return names


def dead_missing_without_country(incidents: pd.DataFrame, by: str) -> int:
    """Dead and missing in incidents the choropleth cannot place: no country of incident, or no known origin."""
    iso3_column = COUNTRY_BASES[by].iso3_column
    if by != "origin":  # a categorical compares by its codes: cheap as it is
        known = incidents[iso3_column].notna() & ~incidents[iso3_column].isin(UNKNOWN_ORIGIN_ISO3)
        return int(incidents.loc[~known.astype(bool), "dead_missing"].fillna(0).sum())
    codes, cells = value_codes(incidents, iso3_column)
    placed = np.array([False] + [isinstance(cell, tuple) and any(c not in UNKNOWN_ORIGIN_ISO3 for c in cell)
                                 for cell in cells])  # first: a blank cell (code -1)
    per_cell = np.bincount(codes + 1, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                           minlength=len(placed))
    return int(per_cell[~placed].sum())


def monthly_cells(incidents: pd.DataFrame, months: tuple[str, ...], cell_degrees: float) -> pd.DataFrame:
    """Dead and missing per month and grid cell, for the month-by-month animation.

    ``months`` is the selected period ("YYYY-MM" each, in order). Undated
    incidents are left out. Columns: month ("YYYY-MM"), lon, lat (cell
    centre, degrees), dead_missing (people), incidents. Months with nothing
    recorded have no rows; the builder still gives them a frame.
    """
    columns = ["month", "lon", "lat", "dead_missing", "incidents"]
    keys = row_month_keys(incidents)
    grid = grid_cells(incidents, cell_degrees) if (keys >= 0).any() else None
    if grid is None or not (keys[grid.located] >= 0).any():
        return pd.DataFrame({c: pd.Series(dtype=object if c == "month" else float) for c in columns})
    # Each located row's month among ``months`` (sorted, as "YYYY-MM" sorts), or -1 outside them.
    labels = sorted(set(months))
    wanted = np.array([int(m[:4]) * 100 + int(m[5:7]) for m in labels], dtype=np.int64)
    row_keys = keys[grid.located]
    position = np.searchsorted(wanted, row_keys).clip(max=max(len(wanted) - 1, 0))
    month = np.where((wanted[position] == row_keys) if len(wanted) else False, position, -1)
    inside = month >= 0
    # One integer per (month, cell), ordered as a groupby on month, west, south would order them.
    size = len(grid.keys)
    groups, group = dense_codes(month[inside] * size + grid.cell[inside])
    weights = incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0)[grid.located][inside]
    cells = pd.DataFrame({
        "month": pd.array([labels[m] for m in (groups // size).tolist()], dtype="str"),
        "west": grid.west(groups % size),
        "south": grid.south(groups % size),
        "dead_missing": np.bincount(group, weights=weights, minlength=len(groups)).astype(float),
        "incidents": events_per_group(group, event_codes(incidents)[grid.located][inside], len(groups)),
    })
    cells["lon"] = (cells["west"] + cell_degrees / 2).round(3)
    cells["lat"] = (cells["south"] + cell_degrees / 2).round(3)
    cells["dead_missing"] = cells["dead_missing"].astype(int)
    return cells[columns].sort_values(["month", "dead_missing"], ascending=[True, False]).reset_index(drop=True)
