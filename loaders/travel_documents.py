"""Reader of the UK Home Office's irregular-migration detections (table Irr_D01), and of its nationality codes.

``data/travel_documents/irregular_migration.csv`` is the Home Office table as the British Red Cross's package
publishes it (byte for byte), described by its sidecar. :func:`read_home_office_irregular` returns one row per
published row: ``series_id`` (one per method of entry, :data:`METHOD_SERIES`), ``method`` (as published),
``period`` (first day of the quarter), ``period_end`` (last day), ``grain`` ("quarter"), ``year``, ``quarter``,
``nationality`` (as published), ``nationality_iso3`` ("" where the nationality is no country: Stateless...),
``ho_region`` (the Home Office's grouping), ``sex``, ``age_group``, ``measure`` ("detections"), ``unit``
("people") and ``value`` (float).

The rows of "Small boat arrivals" (series ``uk_ho_small_boats``) count the same people as the shipped UK
small-boat series (``uk_small_boats``): :func:`transforms.flows.add_series` refuses to add the two.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.tabular import read_table, require_columns

#: Method of entry as published -> the series id of its rows.
METHOD_SERIES = {
    "Inadequately documented air arrivals": "uk_ho_air_inadequate_documents",
    "Small boat arrivals": "uk_ho_small_boats",
    "Recorded detections at UK ports": "uk_ho_ports",
    "Recorded detections in the UK": "uk_ho_in_country",
}
AIR_ARRIVALS = "Inadequately documented air arrivals"
#: The Home Office's values that say a sex or an age group was not recorded (kept, shown as published).
NOT_RECORDED = ("Unknown", "Not currently recorded")
MEASURE = "detections"
UNIT = "people"
COLUMNS = ("Date", "Year", "Quarter", "Method of entry", "Nationality", "Region", "Sex", "Age Group",
           "Number of detections")


def travel_documents_paths(root: Path) -> tuple[Path, Path]:
    """The Home Office table and its nationality codes in the data folder ``root``."""
    folder = Path(root) / "travel_documents"
    return folder / "irregular_migration.csv", folder / "home_office_nationalities.csv"


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    return (np.flatnonzero(np.asarray(mask)) + 2).tolist()


def read_home_office_nationalities(path: Path | str) -> dict[str, str]:
    """Nationality as the Home Office names it -> ISO3 ("" where it is no country)."""
    path = Path(path)
    table = read_table(path)
    require_columns(table, path, ("nationality", "iso3"))
    codes = table["iso3"].fillna("").str.strip()
    bad = (codes != "") & ~codes.str.fullmatch(r"[A-Z]{3}")
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds codes that are not ISO3 codes in column "
                                     "“{column}”."), column="iso3", rows=_rows(bad),
                            expected=N_("a three-letter code, or a blank cell"))
    return dict(zip(table["nationality"].fillna("").str.strip(), codes))


def read_home_office_irregular(path: Path | str, nationalities: dict[str, str]) -> pd.DataFrame:
    """Read the Home Office table (see the module docstring); DataFileError with a plain sentence for a bad file,
    including a nationality that ``nationalities`` does not list."""
    path = Path(path)
    raw = read_table(path)
    require_columns(raw, path, COLUMNS)
    text = {name: raw[name].str.strip() for name in COLUMNS}
    end = pd.to_datetime(text["Date"], format="%Y-%m-%d", errors="coerce")
    bad = end.isna() | (end != end + pd.offsets.QuarterEnd(0))
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds dates that cannot be read in column “{column}”."),
                            column="Date", rows=_rows(bad), expected=N_("the last day of a quarter, like 2018-03-31"))
    method = text["Method of entry"]
    series = method.map(METHOD_SERIES)
    if series.isna().any():
        raise DataFileError(path, N_("The data file {file} holds an unknown method of entry in column “{column}”."),
                            column="Method of entry", rows=_rows(series.isna()),
                            expected=N_("one of the Home Office's four methods of entry"))
    nationality = text["Nationality"].fillna("")
    unknown = ~nationality.isin(list(nationalities))
    if unknown.any():
        raise DataFileError(path, N_("The data file {file} holds a nationality the code table does not list in "
                                     "column “{column}”."), column="Nationality", rows=_rows(unknown),
                            expected=N_("a nationality listed in home_office_nationalities.csv"))
    value = pd.to_numeric(text["Number of detections"], errors="coerce")
    bad = value.isna() | (value < 0) | (value % 1 != 0)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not counts in column “{column}”."),
                            column="Number of detections", rows=_rows(bad),
                            expected=N_("a whole number of zero or more on every row"))
    end = end.astype("datetime64[ns]")
    start = (end - pd.offsets.QuarterBegin(1, startingMonth=1)).astype("datetime64[ns]")
    return pd.DataFrame({
        "series_id": series.astype(str), "method": method.astype(str), "period": start, "period_end": end,
        "grain": "quarter", "year": end.dt.year.astype(int), "quarter": end.dt.quarter.astype(int),
        "nationality": nationality.astype(str), "nationality_iso3": nationality.map(nationalities).astype(str),
        "ho_region": text["Region"].fillna("").astype(str), "sex": text["Sex"].fillna("").astype(str),
        "age_group": text["Age Group"].fillna("").astype(str), "measure": MEASURE, "unit": UNIT,
        "value": value.astype(float),
    })
