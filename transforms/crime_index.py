"""Pure transforms of the GI-TOC Global Organized Crime Index: scores per country and region.

Takes the tidy frame from :func:`loaders.crime_index.read_crime_index`. The indicators keep GI-TOC's English
names as keys (in the data and the link); :func:`indicator_label` shows them in the reader's language. GI-TOC's
regions stay as GI-TOC publishes them; countries are named in the reader's language by their ISO3 code.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import N_, _, country_name
from loaders.crime_index import INDICATORS, SMUGGLING, YEARS
from loaders.crime_index import SCORE_MAX as SCORE_MAX  # re-exported for charts/, which imports no loader
from loaders.crime_index import SCORE_MIN as SCORE_MIN

#: GI-TOC's indicator names (keys of ``loaders.crime_index.INDICATORS``) as a reader sees them.
INDICATOR_LABELS: dict[str, str] = {
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Human smuggling": N_("Human smuggling"),
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Human trafficking": N_("Human trafficking"),
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Criminal markets": N_("Criminal markets"),
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Criminal actors": N_("Criminal actors"),
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Criminality": N_("Criminality"),
    # Translators: an indicator of GI-TOC's Global Organized Crime Index (the index's own English name).
    "Resilience": N_("Resilience"),
}


def indicator_label(indicator: str) -> str:
    """A GI-TOC indicator's name in the reader's language (an unknown one as it is)."""
    label = INDICATOR_LABELS.get(indicator)
    return _(label) if label else indicator


def shown_country(name: str, iso3: str) -> str:
    """A country's name for a reader: the CLDR name of ``iso3`` in the reader's language, or ``name`` (GI-TOC's
    spelling) in English and where the code is unknown."""
    translated = country_name(iso3)
    return name if translated == iso3 else translated


def with_country_names(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` (columns iso3 and country) whose ``country`` is :func:`shown_country`."""
    out = frame.copy()
    out["country"] = [shown_country(name, iso3) for name, iso3 in zip(frame["country"], frame["iso3"])]
    return out


@dataclass(frozen=True)
class IndicatorScores:
    """One GI-TOC indicator: :func:`transforms.crime_index.scores_by_country` and
    :func:`transforms.crime_index.regional_averages` (shared, read-only)."""

    scores: pd.DataFrame
    averages: pd.DataFrame


def scores_by_country(index: pd.DataFrame, indicator: str = SMUGGLING) -> pd.DataFrame:
    """One row per country: iso3, country, continent, region, score_2021, score_2023, change (2023 minus 2021).

    The country, continent and region names are the 2023 edition's where it has the country.
    """
    part = index[(index["indicator"] == indicator) & index["iso3"].notna()]
    wide = part.pivot_table(index="iso3", columns="year", values="score", aggfunc="first")
    wide = wide.reindex(columns=list(YEARS))
    wide.columns = [f"score_{year}" for year in YEARS]
    places = part.sort_values("year", ascending=False).drop_duplicates("iso3").set_index("iso3")
    out = places[["country", "continent", "region"]].join(wide).reset_index()
    out["change"] = out["score_2023"] - out["score_2021"]
    return out.sort_values("score_2023", ascending=False, kind="stable").reset_index(drop=True)


def latest_regions(index: pd.DataFrame) -> pd.DataFrame:
    """Each country's continent and region as GI-TOC's latest edition groups it: iso3, continent, region."""
    latest = index.dropna(subset=["iso3"]).sort_values("year", ascending=False).drop_duplicates("iso3")
    return latest[["iso3", "continent", "region"]].reset_index(drop=True)


def regional_averages(index: pd.DataFrame, indicator: str = SMUGGLING) -> pd.DataFrame:
    """Mean score per GI-TOC region and edition: continent, region, year, mean_score (1-10), countries.

    Both editions use the regions of the latest one (2023 merges 2021's "Caribbean" and "Central
    America" into "Caribbean & Central"), so each region holds the same countries in both years.
    """
    part = index[index["indicator"] == indicator].dropna(subset=["score", "iso3"]).drop(columns=["continent", "region"])
    part = part.merge(latest_regions(index), on="iso3", how="left")
    grouped = part.groupby(["continent", "region", "year"]).agg(mean_score=("score", "mean"),
                                                                countries=("country", "nunique"))
    out = grouped.reset_index()
    order = out[out["year"] == max(YEARS)].sort_values("mean_score", ascending=False)["region"].tolist()
    out["rank"] = out["region"].map({r: i for i, r in enumerate(order)})
    return out.sort_values(["rank", "year"]).drop(columns="rank").reset_index(drop=True)


def country_scores(index: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """One country's scores by indicator: indicator, score_2021, score_2023, change (empty if not scored)."""
    part = index[index["iso3"] == iso3]
    if part.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "indicator" else float)
                             for c in ("indicator", "score_2021", "score_2023", "change")})
    wide = part.pivot_table(index="indicator", columns="year", values="score", aggfunc="first")
    wide = wide.reindex(index=[i for i in INDICATORS if i in wide.index], columns=list(YEARS))
    wide.columns = [f"score_{year}" for year in YEARS]
    out = wide.reset_index()
    out["change"] = out["score_2023"] - out["score_2021"]
    return out


def smuggling_and_deaths(scores: pd.DataFrame, deaths: pd.DataFrame, year: int = max(YEARS)) -> pd.DataFrame:
    """The human-smuggling score of ``year`` beside IOM dead and missing by country of incident.

    ``scores``: :func:`scores_by_country`; ``deaths``: ``transforms.maps.dead_missing_by_country``
    (iso3, dead_missing in people, incidents). Only countries with both a score and at least one
    dead or missing person are kept. Columns: iso3, country, continent, region, score (1-10),
    dead_missing (people), incidents.
    """
    column = f"score_{year}"
    joined = scores[["iso3", "country", "continent", "region", column]].merge(
        deaths[["iso3", "dead_missing", "incidents"]], on="iso3", how="inner")
    joined = joined[(joined["dead_missing"] > 0) & joined[column].notna()].rename(columns={column: "score"})
    joined["dead_missing"] = joined["dead_missing"].astype(int)
    return joined.sort_values("dead_missing", ascending=False).reset_index(drop=True)


def indicator_scores(index: pd.DataFrame, indicator: str) -> IndicatorScores:
    """The :class:`IndicatorScores` of one indicator, countries named in the reader's language (the result holds
    text a reader sees: ``cache.py`` keeps one per language)."""
    return IndicatorScores(with_country_names(scores_by_country(index, indicator)), regional_averages(index, indicator))
