"""Country reference data: ISO3 codes, names, UN regions and IOM regions.

Built from IOM GDI's copy of the UN M49 table (``data/reference/countrynames_m49.csv``)
plus a small table of the spellings IOM's Missing Migrants exports use that M49
spells differently (``country_name_aliases.csv``). "Asia-Pacific" is defined
here, once, for the whole app.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.tabular import read_table, require_columns

COUNTRY_COLUMNS = ("iso3", "name", "region", "subregion", "intregion", "iom_region")


def read_countries(path: Path) -> pd.DataFrame:
    """Read the M49 table into columns iso3, name, region, subregion, intregion, iom_region (and name_sort,
    name_text where the file has them), plus ``un_subregion``.

    ``un_subregion`` is the UN sub-region, with the intermediate region (e.g.
    "Western Africa") used where M49 nests one under "Sub-Saharan Africa" or
    "Latin America and the Caribbean", as IOM's UNSD grouping does.
    """
    raw = read_table(path)
    require_columns(raw, path, ["iso3", "name", "region", "subregion", "intregion", "iom_region"])
    table = raw.rename(columns=str.strip)
    extra = [c for c in ("name_sort", "name_text", "iso2") if c in table.columns]
    out = table[list(COUNTRY_COLUMNS) + extra].copy()
    out["un_subregion"] = out["intregion"].fillna(out["subregion"])
    if out["iso3"].isna().any():
        rows = (out.index[out["iso3"].isna()] + 2).tolist()
        raise DataFileError(path, N_("The data file {file} has rows without an ISO3 code in column “{column}”."),
                            column="iso3", rows=rows, expected=N_("a three-letter code on every row"))
    return out.reset_index(drop=True)


def country_codes(countries: pd.DataFrame, aliases: pd.DataFrame | None = None) -> dict[str, str]:
    """Every spelling of a country name in the M49 table (and ``aliases``), and every ISO3 code, mapped to the
    country's ISO alpha-2 code (the key of CLDR's translated territory names); empty when the table has no
    ``iso2`` column."""
    if "iso2" not in countries.columns:
        return {}
    to_iso2 = dict(countries[["iso3", "iso2"]].dropna().astype(str).itertuples(index=False, name=None))
    return {name: to_iso2[iso3] for name, iso3 in name_to_iso3(countries, aliases).items() if iso3 in to_iso2} | to_iso2


def read_country_aliases(path: Path) -> pd.DataFrame:
    """Read the alias table: columns ``name`` (as IOM spells it) and ``iso3``."""
    table = read_table(path)
    require_columns(table, path, ["name", "iso3"])
    return table[["name", "iso3"]].dropna().reset_index(drop=True)


def name_to_iso3(countries: pd.DataFrame, aliases: pd.DataFrame | None = None) -> dict[str, str]:
    """A lookup from every known spelling of a country name to its ISO3 code."""
    lookup: dict[str, str] = {}
    for column in ("name_text", "name_sort", "name"):
        if column in countries.columns:
            pairs = countries[[column, "iso3"]].dropna()
            lookup.update(zip(pairs[column].astype(str), pairs["iso3"].astype(str)))
    if aliases is not None:
        lookup.update(zip(aliases["name"].astype(str), aliases["iso3"].astype(str)))
    return lookup


def resolve_iso3(names: Iterable[str | None], lookup: dict[str, str]) -> list[str | None]:
    """ISO3 for each name, or None where the name is blank or not a known country."""
    return [lookup.get(n.strip()) if isinstance(n, str) else None for n in names]
