"""Reader of UNODC's police-recorded offences of smuggling of migrants (UN-CTS), by country and year.

``data/enforcement/unodc_cts_smuggling_offences.csv`` is the "Smuggling of migrants" extract of UNODC's
"Corruption and Economic Crime" table (``tools/prepare_enforcement.py``), described by its sidecar.
:func:`read_unodc_smuggling` returns one tidy long frame: ``iso3`` (UNODC's code: ISO3, or ISO3 with a suffix for part of a country, GBR_S for Scotland and GBR_NI for
Northern Ireland), ``country`` (as UNODC names it), ``region``
and ``subregion`` (UN M49), ``year`` (int), ``measure`` (:data:`OFFENCES`), ``unit`` (:data:`COUNT` or
:data:`RATE`), ``value`` (float) and ``source`` (UNODC's source code). A country-year with no row is not
reported: readers and transforms never turn it into a zero.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.tabular import read_table, require_columns

#: The measure of every row (an identifier; transforms.flows.MEASURE_NAMES shows it translated).
OFFENCES = "offences recorded by the police"
#: The two units, as identifiers: a count of offences, and offences per 100,000 population.
COUNT = "offences"
RATE = "offences per 100,000 population"
#: UNODC's "Unit of measurement" -> this app's unit.
UNITS = {"Counts": COUNT, "Rate per 100,000 population": RATE}
CATEGORY = "Smuggling of migrants"
COLUMNS = ("Iso3_code", "Country", "Region", "Subregion", "Category", "Year", "Unit of measurement", "VALUE",
           "Source")


def enforcement_path(root: Path) -> Path:
    """The UNODC extract in the data folder ``root``."""
    return Path(root) / "enforcement" / "unodc_cts_smuggling_offences.csv"


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    return (np.flatnonzero(np.asarray(mask)) + 2).tolist()


def read_unodc_smuggling(path: Path | str) -> pd.DataFrame:
    """Read the UNODC extract (see the module docstring); DataFileError with a plain sentence for a bad file."""
    path = Path(path)
    raw = read_table(path)
    require_columns(raw, path, COLUMNS)
    text = {name: raw[name].str.strip() for name in COLUMNS}
    iso3 = text["Iso3_code"]
    bad = iso3.isna() | ~iso3.fillna("").str.fullmatch(r"[A-Z]{3}(_[A-Z]+)?")
    if bad.any():
        raise DataFileError(path, N_("The data file {file} has rows without an ISO3 code in column “{column}”."),
                            column="Iso3_code", rows=_rows(bad), expected=N_("a three-letter code on every row (UNODC adds a suffix for parts of a country, as in GBR_S)"))
    other = text["Category"] != CATEGORY
    if other.any():
        # Translators: {category} is UNODC's offence category, in English as the file spells it.
        raise DataFileError(path, N_("The data file {file} holds rows of another offence category in column "
                                     "“{column}”."), column="Category", rows=_rows(other),
                            expected=N_("“{category}” on every row"), params={"category": CATEGORY})
    year = pd.to_numeric(text["Year"], errors="coerce")
    bad = year.isna() | (year % 1 != 0) | (year < 1990) | (year > 2100)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds years that cannot be read in column “{column}”."),
                            column="Year", rows=_rows(bad), expected=N_("a four-digit year"))
    unit = text["Unit of measurement"].map(UNITS)
    if unit.isna().any():
        raise DataFileError(path, N_("The data file {file} holds an unknown unit in column “{column}”."),
                            column="Unit of measurement", rows=_rows(unit.isna()),
                            expected=N_("Counts or Rate per 100,000 population"))
    value = pd.to_numeric(text["VALUE"], errors="coerce")
    bad = value.isna() | (value < 0)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not numbers of zero or more in "
                                     "column “{column}”."), column="VALUE", rows=_rows(bad),
                            expected=N_("a number of zero or more on every row"))
    out = pd.DataFrame({
        "iso3": iso3.astype(str), "country": text["Country"].fillna("").astype(str),
        "region": text["Region"].fillna("").astype(str), "subregion": text["Subregion"].fillna("").astype(str),
        "year": year.astype(int), "measure": OFFENCES, "unit": unit.astype(str), "value": value.astype(float),
        "source": text["Source"].fillna("").astype(str),
    })
    twice = out.duplicated(["iso3", "year", "unit"], keep=False)
    if twice.any():
        raise DataFileError(path, N_("The data file {file} holds the same country, year and unit twice."),
                            rows=_rows(twice), expected=N_("one row per country, year and unit"))
    return out.sort_values(["iso3", "unit", "year"], kind="stable").reset_index(drop=True)
