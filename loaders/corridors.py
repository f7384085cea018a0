"""The corridor catalogue's pure reader.

A corridor is a smuggling route drawn on the Routes map and profiled on the
corridor pages. ``data/corridors/corridors.csv`` (sidecar ``corridors.meta.yml``,
written by ``python -m tools.build_corridors``) holds one row per corridor.
:func:`read_corridors` reads and checks it (raising :class:`DataFileError`
naming the column and rows of any bad cell); it is the one reader of that file,
kept once per data version by ``cache.load_corridors``. Which incidents belong
to a corridor is decided in one place, :mod:`transforms.corridor_membership`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
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
        raise DataFileError(path, N_("The data file {file} has blank or repeated corridor ids in column “{column}”."),
                            column="id", rows=_rows(bad), expected=N_("a unique id such as central_med on every row"))
    mode = raw["mode"].str.strip().str.lower()
    bad = ~mode.isin(MODES)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds an unknown mode in column “{column}”."),
                            column="mode", rows=_rows(bad), expected=N_("one of {values}"),
                            params={"values": ", ".join(MODES)})
    out = pd.DataFrame({"id": ids, "name": raw["name"].str.strip().fillna(ids),
                        "region": raw["region"].str.strip().fillna(""), "mode": mode})
    for column in LIST_COLUMNS:
        codes = raw[column].map(lambda cell: _split(cell, r"[;\s]+"))
        bad = codes.map(lambda values: not all(ISO3.match(v) for v in values))
        if bad.any():
            raise DataFileError(path, N_("The data file {file} holds a code that is not ISO3 in column “{column}”."),
                                column=column, rows=_rows(bad),
                                expected=N_("three-letter ISO3 codes separated by spaces or semicolons"))
        out[column] = codes
    paths = raw["path"].map(parse_path)
    bad = paths.isna()
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds a path that is not a JSON list of [lon, lat] "
                                     "waypoints in column “{column}”."), column="path",
                            rows=_rows(bad), expected=N_("at least two [longitude, latitude] pairs in degrees, "
                                                         "e.g. [[12.5, 33.1], [12.6, 35.5]]"))
    out["path"] = paths
    out["iom_routes"] = raw["iom_routes"].map(lambda cell: _split(cell, r";"))
    out["flow_series"] = raw["flow_series"].map(lambda cell: _split(cell, r";"))
    out["geography_sources"] = raw["geography_sources"].fillna("").str.strip()
    return out.reset_index(drop=True)


#: The columns of the old-versus-new membership table (written by ``python -m tools.compare_membership``).
COMPARISON_COLUMNS = ("corridor_id", "corridor", "old_incidents", "old_dead_missing", "new_incidents",
                      "new_dead_missing", "both_incidents", "only_old_incidents", "only_old_dead_missing",
                      "only_new_incidents", "only_new_dead_missing")


def membership_comparison_path(root: Path | None = None) -> Path:
    """The table of what the old and the new membership rule attribute to each corridor."""
    return corridors_path(root).parent / "membership_comparison.csv"


def read_membership_comparison(path: Path | str) -> pd.DataFrame:
    """The old-versus-new membership table: one row per corridor, :data:`COMPARISON_COLUMNS` (counts as
    integers: incidents, and dead and missing in people). Raises DataFileError for a missing column or a count
    that is not a whole number."""
    raw = read_table(path)
    require_columns(raw, path, COMPARISON_COLUMNS)
    table = raw[list(COMPARISON_COLUMNS)].copy()
    for column in COMPARISON_COLUMNS[2:]:
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
        if bad.any():
            raise DataFileError(path, N_("The data file {file} holds values that are not counts in column "
                                         "“{column}”."), column=column, rows=_rows(bad),
                                expected=N_("a whole number of zero or more"))
        table[column] = numbers.astype(int)
    return table
