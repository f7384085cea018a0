"""Police-recorded offences of smuggling of migrants (UNODC), per country and year, and IOM's dead and missing for
the same countries and years, kept apart.

Pure: frames in, new frames out. Offences come from :func:`loaders.enforcement.read_unodc_smuggling` (columns
iso3, country, region, subregion, year, measure, unit, value). A country-year with no row is *not reported*: every
function here keeps it as a gap (a missing value, or no row), never a zero. Levels are not comparable across
countries (national definitions differ): the default view is an index within each country, first reported year
= 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from i18n import N_, _, country_name, region_name
from loaders.enforcement import COUNT, RATE
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS
from transforms.text import join_values

#: The page's views: URL value -> label (marked for the catalogue; shown with ``_()``).
VIEWS: dict[str, str] = {
    # Translators: a view of police-recorded offences: each country's series as an index, first year = 100.
    "index": N_("Index (first reported year = 100)"),
    # Translators: a view of police-recorded offences: the number of offences.
    "count": N_("Offences recorded"),
    # Translators: a view of police-recorded offences: offences per 100,000 population.
    "rate": N_("Offences per 100,000 population"),
}
DEFAULT_VIEW = "index"
INDEX_BASE = 100.0
#: Countries drawn at most on the line chart when nothing narrows the view (the rest stay in the table).
MOST_DRAWN = 10


def scope_subregions(chosen: Sequence[str], available: Iterable[str]) -> tuple[str, ...]:
    """The UN sub-regions a sub-region filter stands for here.

    The sidebar's Asia-Pacific preset picks the Asia-Pacific sub-regions IOM's incident data holds (it has no
    Oceania incident, so Oceania's four sub-regions are not among its options). When ``chosen`` is exactly that
    preset, the whole of Asia-Pacific (:data:`ASIA_PACIFIC_SUBREGIONS`, Oceania included) is meant; otherwise
    ``chosen`` as it is.
    """
    preset = tuple(s for s in ASIA_PACIFIC_SUBREGIONS if s in set(available))
    if chosen and set(chosen) == set(preset):
        return ASIA_PACIFIC_SUBREGIONS
    return tuple(chosen)


def incident_country_codes(incidents: pd.DataFrame, names: Sequence[str]) -> tuple[str, ...]:
    """ISO3 codes of the countries of incident named ``names`` (as IOM spells them), from the incident frame's
    ``country_of_incident`` and ``country_of_incident_iso3`` columns."""
    if not names or incidents.empty:
        return ()
    pairs = incidents[["country_of_incident", "country_of_incident_iso3"]].drop_duplicates()
    wanted = pairs[pairs["country_of_incident"].astype(str).isin(list(names))]
    return tuple(sorted({str(code) for code in wanted["country_of_incident_iso3"].dropna() if str(code).strip()}))


def year_span(period_from: str | None, period_to: str | None) -> tuple[int, int] | None:
    """Calendar years touched by a period filter ("YYYY-MM" to "YYYY-MM"); None when there is no filter."""
    if not period_from or not period_to:
        return None
    return int(period_from[:4]), int(period_to[:4])


def offences_in_scope(offences: pd.DataFrame, *, subregions: Sequence[str] = (), iso3: Sequence[str] = (),
                      years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The offence rows of the countries in ``subregions`` (UN M49 names; all when empty) and in ``iso3`` (all
    when empty), within ``years`` (inclusive; all when None)."""
    keep = np.ones(len(offences), dtype=bool)
    if subregions:
        keep &= offences["subregion"].isin(list(subregions)).to_numpy()
    if iso3:
        keep &= offences["iso3"].isin(list(iso3)).to_numpy()
    if years is not None:
        keep &= ((offences["year"] >= years[0]) & (offences["year"] <= years[1])).to_numpy()
    return offences.loc[keep].reset_index(drop=True)


def countries_reporting_nothing(reference: pd.DataFrame, offences_in_view: pd.DataFrame, *,
                                subregions: Sequence[str] = (), iso3: Sequence[str] = ()) -> pd.DataFrame:
    """Countries and territories of the M49 table in the scope (``subregions``, ``iso3``) with no offence row in
    ``offences_in_view``: UNODC's table reports nothing for them. Needs the reference's iso3, name and
    ``subregion`` (UN M49); returns iso3, name, subregion, sorted by name."""
    table = reference[["iso3", "name", "subregion"]].dropna(subset=["iso3"])
    if subregions:
        table = table[table["subregion"].isin(list(subregions))]
    if iso3:
        table = table[table["iso3"].isin(list(iso3))]
    reported = set(offences_in_view["iso3"].str[:3])
    return table[~table["iso3"].isin(reported)].sort_values("name", kind="stable").reset_index(drop=True)


def drawn_countries(offences: pd.DataFrame, most: int = MOST_DRAWN) -> tuple[str, ...]:
    """The countries a line chart draws: every one when there are at most ``most``, else the ``most`` with the
    most offences recorded in their own latest reported year (largest first)."""
    counts = offences[offences["unit"] == COUNT]
    latest = counts.sort_values("year").groupby("iso3").tail(1).sort_values(["value", "iso3"],
                                                                            ascending=[False, True])
    codes = tuple(latest["iso3"])
    return codes if len(codes) <= most else codes[:most]


def offences_view(offences: pd.DataFrame, view: str, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """One value per country (of ``countries``, all when None) and year for ``view`` ("index", "count" or
    "rate"), with every unreported year
    between a country's first and last reported years present as a gap (value missing), never a zero.

    Returns iso3, country, year, value, reported (False on gap rows), base_year and base_value (the index's
    base: the country's first reported year with more than zero offences; blank for the other views), measure
    and unit. The index uses counts; a country whose counts are all 0 has no index (its values stay blank).
    """
    unit = RATE if view == "rate" else COUNT
    rows = offences[offences["unit"] == unit][["iso3", "country", "year", "value", "measure", "unit"]]
    if countries is not None:
        rows = rows[rows["iso3"].isin(list(countries))]
    columns = ["iso3", "country", "year", "value", "reported", "base_year", "base_value", "measure", "unit"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    # Every year from each country's first to its last reported year, for all countries at once (no loop: this
    # ran per country before and was most of the Enforcement page's time on every rerun).
    spans = rows.groupby("iso3", sort=True).agg(first=("year", "min"), last=("year", "max"),
                                                country=("country", "first"), measure=("measure", "first"))
    first, lengths = spans["first"].to_numpy(dtype=int), (spans["last"] - spans["first"] + 1).to_numpy(dtype=int)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    full = pd.DataFrame({"iso3": np.repeat(spans.index.to_numpy(), lengths),
                         "year": np.repeat(first, lengths) + (np.arange(int(lengths.sum())) - starts)})
    full = full.merge(rows[["iso3", "year", "value"]], on=["iso3", "year"], how="left")
    full["country"] = full["iso3"].map(spans["country"])
    full["measure"], full["unit"] = full["iso3"].map(spans["measure"]), unit
    full["reported"] = full["value"].notna()
    full["base_year"], full["base_value"] = np.nan, np.nan
    if view == "index":
        positive = rows[rows["value"] > 0].sort_values(["iso3", "year"], kind="stable")
        base = positive.groupby("iso3", sort=True)[["year", "value"]].first()
        full["base_year"] = full["iso3"].map(base["year"]).astype(float)
        full["base_value"] = full["iso3"].map(base["value"]).astype(float)
        full["value"] = np.where(full["year"] >= full["base_year"], full["value"] / full["base_value"] * INDEX_BASE,
                                 np.nan)
        full["base_year"] = full["base_year"].astype("Int64")  # a year, written "2013" in a download, never "2013.0"
        full["unit"] = "index"
    return full[columns]


def latest_year(offences: pd.DataFrame) -> int | None:
    """The latest year any country in ``offences`` reports, or None."""
    return int(offences["year"].max()) if not offences.empty else None


def offences_in_year(offences: pd.DataFrame, year: int, unit: str = COUNT) -> pd.DataFrame:
    """Each country's offences in ``year`` (``unit`` COUNT or RATE), for a map: iso3, country, year, value,
    measure, unit. Countries not reporting that year have no row (they are not drawn as zero). UNODC's codes
    for parts of a country (GBR_S) are kept as they are; a map only shades three-letter codes."""
    rows = offences[(offences["year"] == year) & (offences["unit"] == unit)]
    return rows[["iso3", "country", "year", "value", "measure", "unit"]].sort_values(
        "value", ascending=False, kind="stable").reset_index(drop=True)


def dead_missing_by_country_year(incidents: pd.DataFrame, iso3: Sequence[str],
                                 years: tuple[int, int]) -> pd.DataFrame:
    """IOM's dead and missing per country of incident and calendar year, for the countries ``iso3`` and the
    years ``years`` (inclusive). Needs date, country_of_incident_iso3 and dead_missing (people). Returns iso3,
    year, dead_missing, incidents; a country-year with no recorded incident has no row. Undated incidents are
    left out."""
    columns = ["iso3", "year", "dead_missing", "incidents"]
    if incidents.empty or not iso3:
        return pd.DataFrame(columns=columns)
    codes = incidents["country_of_incident_iso3"].astype(object)
    mask = codes.isin(list(iso3)).to_numpy(dtype=bool)
    rows = incidents.loc[mask, ["date", "dead_missing"]].assign(iso3=codes[mask].astype(str).to_numpy())
    rows = rows.dropna(subset=["date"])
    rows["year"] = rows["date"].dt.year.astype(int)
    rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = rows.groupby(["iso3", "year"], as_index=False).agg(dead_missing=("dead_missing", "sum"),
                                                             incidents=("date", "size"))
    return out[columns].sort_values(["iso3", "year"]).reset_index(drop=True)


def reporting_years(offences: pd.DataFrame) -> pd.DataFrame:
    """Per country: iso3, country, first and last reported year, years reported and years missing between them
    (a gap inside the series), from the count rows."""
    counts = offences[offences["unit"] == COUNT]
    columns = ["iso3", "country", "first_year", "last_year", "years_reported", "years_missing"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    out = counts.groupby(["iso3", "country"], as_index=False).agg(first_year=("year", "min"),
                                                                  last_year=("year", "max"),
                                                                  years_reported=("year", "nunique"))
    out["years_missing"] = out["last_year"] - out["first_year"] + 1 - out["years_reported"]
    return out[columns]


def view_label(view: str) -> str:
    """A view's label in the reader's language."""
    return _(VIEWS.get(view, view))


#: The caution shown with every map and every level of offences (marked for the catalogue; shown with ``_()``).
LEVELS_CAUTION = N_("Levels are not comparable across countries: each country records offences under its own "
                    "definition, some far broader than smuggling of migrants. Compare a country with itself over "
                    "time.")


def scope_sentence(subregions: Sequence[str], iso3: Sequence[str], years: tuple[int, int] | None) -> str:
    """One sentence saying which of the sidebar's filters choose the countries and years here (in the reader's
    language)."""
    if subregions and set(subregions) == set(ASIA_PACIFIC_SUBREGIONS):
        where = _("Asia-Pacific (Southern, South-eastern and Eastern Asia and Oceania, UN M49 sub-regions)")
    elif subregions:
        where = join_values(region_name(s) for s in subregions)
    else:
        where = _("every reporting country")
    if iso3:
        where = _("{where}, countries {countries}", where=where, countries=join_values(country_name(c) for c in iso3))
    if years is None:
        return _("Countries: {where}; all years.", where=where)
    return _("Countries: {where}; years {first}–{last}. The sidebar's sub-region, country and period filters apply "
             "here; its other filters concern IOM's incidents and apply to the dead and missing only.",
             where=where, first=years[0], last=years[1])
