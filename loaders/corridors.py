"""The corridor catalogue: its pure reader and the rule saying which incidents belong to a corridor.

A corridor is a smuggling route drawn on the Routes map and profiled on the
corridor pages. ``data/corridors/corridors.csv`` (sidecar ``corridors.meta.yml``,
written by ``python -m loaders.corridor_build``) holds one row per corridor.
:func:`read_corridors` reads and checks it (raising :class:`DataFileError`
naming the column and rows of any bad cell). :func:`corridor_incidents` says
which IOM incidents belong to a corridor: those whose IOM "Migration Route" is
one of the corridor's ``iom_routes``, or, for the Asia-Pacific corridors where
IOM leaves the route blank, those matching the corridor's documented
:data:`ROUTE_RULES` (countries of origin, a bounding box and words in the
location text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.errors import DataFileError
from loaders.paths import data_dir
from loaders.tabular import read_table, require_columns

CORRIDOR_COLUMNS = ("id", "name", "region", "mode", "origin_iso3", "transit_iso3", "destination_iso3", "path",
                    "iom_routes", "flow_series", "geography_sources")
MODES = ("sea", "land", "air", "mixed")
LIST_COLUMNS = ("origin_iso3", "transit_iso3", "destination_iso3")
ISO3 = re.compile(r"^[A-Z]{3}$")


def corridors_path(root: Path | None = None) -> Path:
    """The corridor catalogue in the data folder in force."""
    return (root or data_dir()) / "corridors" / "corridors.csv"


def _rows(mask: pd.Series) -> list[int]:
    """1-based file row numbers (header is row 1) where ``mask`` is true."""
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def _split(cell: object, pattern: str) -> tuple[str, ...]:
    if not isinstance(cell, str):
        return ()
    return tuple(part.strip() for part in re.split(pattern, cell) if part.strip())


def parse_path(cell: object) -> list[list[float]] | None:
    """A JSON list of at least two [lon, lat] pairs in degrees, or None when the cell is not one."""
    try:
        points = json.loads(cell) if isinstance(cell, str) else None
    except json.JSONDecodeError:
        return None
    if not isinstance(points, list) or len(points) < 2:
        return None
    out = []
    for point in points:
        if (not isinstance(point, list) or len(point) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)):
            return None
        lon, lat = float(point[0]), float(point[1])
        if abs(lon) > 180 or abs(lat) > 90:
            return None
        out.append([lon, lat])
    return out


def read_corridors(path: Path | str) -> pd.DataFrame:
    """Read and check the corridor catalogue.

    Returns one row per corridor with the columns of :data:`CORRIDOR_COLUMNS`;
    the ISO3 lists, ``iom_routes`` and ``flow_series`` become tuples and ``path``
    a list of [lon, lat] pairs (degrees). Raises DataFileError for a missing
    column, a blank or repeated id, an unknown mode, a code that is not ISO3,
    or a path that is not a JSON list of [lon, lat] pairs.
    """
    path = Path(path)
    raw = read_table(path)
    require_columns(raw, path, CORRIDOR_COLUMNS)
    ids = raw["id"].str.strip()
    bad = ids.isna() | ids.duplicated(keep=False)
    if bad.any():
        raise DataFileError(path, "has blank or repeated corridor ids", column="id", rows=_rows(bad),
                            expected="a unique id such as central_med on every row")
    mode = raw["mode"].str.strip().str.lower()
    bad = ~mode.isin(MODES)
    if bad.any():
        raise DataFileError(path, "holds an unknown mode", column="mode", rows=_rows(bad),
                            expected="one of " + ", ".join(MODES))
    out = pd.DataFrame({"id": ids, "name": raw["name"].str.strip().fillna(ids),
                        "region": raw["region"].str.strip().fillna(""), "mode": mode})
    for column in LIST_COLUMNS:
        codes = raw[column].map(lambda cell: _split(cell, r"[;\s]+"))
        bad = codes.map(lambda values: not all(ISO3.match(v) for v in values))
        if bad.any():
            raise DataFileError(path, "holds a code that is not ISO3", column=column, rows=_rows(bad),
                                expected="three-letter ISO3 codes separated by spaces or semicolons")
        out[column] = codes
    paths = raw["path"].map(parse_path)
    bad = paths.isna()
    if bad.any():
        raise DataFileError(path, "holds a path that is not a JSON list of [lon, lat] waypoints", column="path",
                            rows=_rows(bad), expected="at least two [longitude, latitude] pairs in degrees, "
                                                      "e.g. [[12.5, 33.1], [12.6, 35.5]]")
    out["path"] = paths
    out["iom_routes"] = raw["iom_routes"].map(lambda cell: _split(cell, r";"))
    out["flow_series"] = raw["flow_series"].map(lambda cell: _split(cell, r";"))
    out["geography_sources"] = raw["geography_sources"].fillna("").str.strip()
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class RouteRule:
    """Which incidents with no IOM route belong to a corridor.

    An incident matches when IOM records no route (or one of ``routes``), it
    lists one of ``origins`` (ISO3) among its countries of origin, its
    coordinates fall within ``box`` (west, south, east, north, degrees), and
    either its location text matches ``words`` or, when ``drowning_west_of``
    is set, a cause is Drowning west of that longitude. ``exclude`` names a
    corridor whose matches are taken out first (land excludes sea).
    """

    origins: frozenset[str]
    box: tuple[float, float, float, float]
    words: str
    routes: tuple[str, ...] = ()
    drowning_west_of: float | None = None
    exclude: str | None = None
    words_exclude: bool = False  # True: the location must NOT match ``words``

    def describe(self) -> str:
        """The rule in words: "no IOM route, a country of origin among BGD, MMR, coordinates within ..."."""
        west, south, east, north = self.box

        def degrees(value: float, positive: str, negative: str) -> str:
            return f"{abs(value):g}°{positive if value >= 0 else negative}"

        origin = f"a country of origin among {', '.join(sorted(self.origins))}" if self.origins else "any origin"
        return (f"no IOM route, {origin}, coordinates within {degrees(west, 'E', 'W')}–{degrees(east, 'E', 'W')}, "
                f"{degrees(south, 'N', 'S')}–{degrees(north, 'N', 'S')}")


SEA_WORDS = (r"\b(?:sea|bay of bengal|andaman|naf river|nef river|at sea|boat|coast|nautical|island|beach|shore|"
             r"strait|ocean|drift|capsiz|sank|embarkation|aceh)")

#: Membership rules for corridors IOM does not mark with a route (see the sidecar).
ROUTE_RULES: dict[str, RouteRule] = {
    "bay_of_bengal_andaman": RouteRule(
        origins=frozenset({"MMR", "BGD"}), box=(80.0, 0.0, 100.5, 24.0), words=SEA_WORDS,
        routes=("Bay of Bengal/Andaman Sea", "Naf River crossing"), drowning_west_of=99.0),
    "myanmar_thailand_malaysia_land": RouteRule(
        origins=frozenset({"MMR", "BGD"}), box=(94.0, 1.0, 106.0, 21.5), words=SEA_WORDS[:-1] + "|indonesia)",
        exclude="bay_of_bengal_andaman", words_exclude=True),
    "sea_to_australia": RouteRule(
        origins=frozenset(), box=(95.0, -45.0, 160.0, -5.0),
        words=r"\b(?:australia|christmas island|ashmore|cocos|timor sea)"),
}


def _in_box(incidents: pd.DataFrame, box: tuple[float, float, float, float]) -> pd.Series:
    west, south, east, north = box
    return incidents["lon"].between(west, east) & incidents["lat"].between(south, north)


def rule_incidents(incidents: pd.DataFrame, corridor_id: str) -> pd.Series:
    """Row mask: the incidents matching the corridor's :data:`ROUTE_RULES` entry (all False when it has none)."""
    rule = ROUTE_RULES.get(corridor_id)
    mask = pd.Series(False, index=incidents.index)
    if rule is None:
        return mask
    route = incidents["migration_route"]
    candidates = (route.isna() | route.isin(rule.routes)) & _in_box(incidents, rule.box)
    if rule.origins:
        candidates &= incidents["country_of_origin_iso3"].map(
            lambda codes: isinstance(codes, tuple) and not rule.origins.isdisjoint(codes)).astype(bool)
    if rule.exclude:
        candidates &= ~rule_incidents(incidents, rule.exclude)
    cut = incidents.loc[candidates]
    if cut.empty:
        return mask
    said = cut["location"].fillna("").str.contains(rule.words, case=False, regex=True)
    if rule.drowning_west_of is not None:
        said |= (cut["cause_of_death"].map(lambda causes: "Drowning" in causes if isinstance(causes, tuple) else False)
                 .astype(bool) & (cut["lon"] < rule.drowning_west_of))
    if rule.words_exclude:
        said = ~said
    mask.loc[cut.index] = said.to_numpy()
    return mask


def corridor_incidents(incidents: pd.DataFrame, corridor: pd.Series | dict) -> pd.Series:
    """Row mask of the incidents belonging to ``corridor`` (a catalogue row with ``id`` and ``iom_routes``).

    An incident belongs when its IOM ``migration_route`` is one of the
    corridor's ``iom_routes``, or when it matches the corridor's route rule.
    Needs the canonical columns migration_route, country_of_origin_iso3,
    cause_of_death, location, lon, lat.
    """
    by_route = incidents["migration_route"].isin(tuple(corridor["iom_routes"]))
    return (by_route | rule_incidents(incidents, corridor["id"])).astype(bool)


def corridor_membership(incidents: pd.DataFrame, corridors: pd.DataFrame) -> pd.DataFrame:
    """A boolean frame: one column per corridor id, one row per incident (same index as ``incidents``)."""
    return pd.DataFrame({row["id"]: corridor_incidents(incidents, row) for _, row in corridors.iterrows()},
                        index=incidents.index)


def corridor_by_id(corridors: pd.DataFrame, corridor_id: str) -> pd.Series:
    """The catalogue row of one corridor (KeyError when unknown)."""
    found = corridors[corridors["id"] == corridor_id]
    if found.empty:
        raise KeyError(corridor_id)
    return found.iloc[0]
