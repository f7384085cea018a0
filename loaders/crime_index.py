"""GI-TOC Global Organized Crime Index (2021 and 2023 editions): the pure reader.

``read_crime_index(path_2021, path_2023, name_lookup)`` reads GI-TOC's two country-score
tables (``data/gitoc/``) into one tidy frame: iso3, country (GI-TOC's name), continent,
region (GI-TOC's), year, indicator, score (1 to 10, an expert assessment, not a count).
GI-TOC names countries in its own short form ("Korea, DPR"; in 2023 full stops are written as
commas); ``crime_index_lookup`` resolves them with the UN M49 table, the app's alias table and
``data/gitoc/country_aliases.csv``. :mod:`transforms.crime_index` compares editions, averages by
region, puts a country's scores side by side, and joins the human-smuggling score to IOM's dead and
missing by country of incident. No Streamlit here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.errors import DataFileError
from loaders.paths import countries_path, country_aliases_path, data_dir
from loaders.tabular import quoted, read_table, require_columns

YEARS = (2021, 2023)


SCORE_MIN, SCORE_MAX = 1.0, 10.0


#: Indicator shown -> the header GI-TOC uses for it (2023 headers of averages end in " avg,").
INDICATORS: dict[str, tuple[str, ...]] = {
    "Human smuggling": ("Human smuggling",),
    "Human trafficking": ("Human trafficking",),
    "Criminal markets": ("Criminal markets", "Criminal markets avg,"),
    "Criminal actors": ("Criminal actors", "Criminal actors avg,"),
    "Criminality": ("Criminality", "Criminality avg,"),
    "Resilience": ("Resilience", "Resilience avg,"),
}


SMUGGLING = "Human smuggling"


PLACE_COLUMNS = ("Continent", "Region", "Country")


TIDY_COLUMNS = ("iso3", "country", "continent", "region", "year", "indicator", "score")


def crime_index_paths(root: Path | None = None) -> tuple[Path, Path]:
    """The 2021 and 2023 score tables in the data folder."""
    folder = (root or data_dir()) / "gitoc"
    return folder / "global_oc_index_2021.csv", folder / "global_oc_index_2023.csv"


def gitoc_aliases_path(root: Path | None = None) -> Path:
    """GI-TOC's country spellings that need an alias."""
    return (root or data_dir()) / "gitoc" / "country_aliases.csv"


def crime_index_lookup(root: Path | None = None) -> dict[str, str]:
    """Country name -> ISO3: M49 names, the app's IOM aliases, then GI-TOC's own aliases."""
    aliases = pd.concat([read_country_aliases(country_aliases_path(root)),
                         read_country_aliases(gitoc_aliases_path(root))], ignore_index=True)
    return name_to_iso3(read_countries(countries_path(root)), aliases)


def _rows(mask: pd.Series) -> list[int]:
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def _read_edition(path: Path, year: int, name_lookup: dict[str, str]) -> pd.DataFrame:
    raw = read_table(path)
    require_columns(raw, path, PLACE_COLUMNS)
    headers = {}
    for indicator, spellings in INDICATORS.items():
        found = next((s for s in spellings if s in raw.columns), None)
        if found is None:
            raise DataFileError(path, N_("The data file {file} lacks a required column “{column}”."),
                                column=spellings[0],
                                expected=N_("GI-TOC's Global Organized Crime Index country table with columns "
                                            "{columns}"),
                                params={"columns": quoted(s[0] for s in INDICATORS.values())})
        headers[indicator] = found
    blank_country = raw["Country"].isna()
    if blank_country.any():
        raise DataFileError(path, N_("The data file {file} has rows without a country in column “{column}”."),
                            column="Country", rows=_rows(blank_country), expected=N_("a country name on every row"))
    places = pd.DataFrame({"country": raw["Country"].str.strip(), "continent": raw["Continent"].str.strip(),
                           "region": raw["Region"].str.strip()})
    places["iso3"] = places["country"].map(name_lookup)
    frames = []
    for indicator, header in headers.items():
        text = raw[header].str.strip()
        score = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & (score.isna() | (score < SCORE_MIN) | (score > SCORE_MAX))
        if bad.any():
            raise DataFileError(path, N_("The data file {file} holds scores that are not numbers from 1 to 10 in "
                                         "column “{column}”."), column=header,
                                rows=_rows(bad), expected=N_("a score such as 6.5, or a blank cell"))
        frames.append(places.assign(year=year, indicator=indicator, score=score.astype(float)))
    return pd.concat(frames, ignore_index=True)


def read_crime_index(path_2021: Path | str, path_2023: Path | str, name_lookup: dict[str, str]) -> pd.DataFrame:
    """One tidy frame of both editions: iso3, country, continent, region, year, indicator, score (1-10).

    ``iso3`` is blank for a name ``name_lookup`` does not know.
    Raises DataFileError for a missing or empty file, a missing column, a row without a
    country, or a score that is not a number from 1 to 10.
    """
    editions = [_read_edition(Path(path), year, name_lookup) for path, year in zip((path_2021, path_2023), YEARS)]
    tidy = pd.concat(editions, ignore_index=True)[list(TIDY_COLUMNS)]
    tidy["iso3"] = tidy["iso3"].astype(object).where(tidy["iso3"].notna(), None)
    return tidy
