"""Pure transforms for country profiles: incidents in or off a country, its nationals, its sub-region."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from i18n import N_, _, country_name, region_name
from loaders.fatalities import present_cells, value_codes
from transforms.filters import Filters
from transforms.link_values import ignored
from transforms.periods import dead_missing_by_period
from transforms.rankings import top_values

#: Label for incidents with no country (or region) of incident recorded (translated where ranked).
NO_COUNTRY = N_("No country of incident recorded")


NO_REGION = N_("No region of incident recorded")


#: Label for incidents with no route recorded (IOM leaves it blank for most of Asia; translated where ranked).
NO_ROUTE = N_("No route recorded")


#: An ISO3 code as a link may give it: three ASCII letters, either case, spaces around them allowed.
ISO3_PATTERN = re.compile(r" *([A-Za-z]{3}) *")


def country_choices(countries: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """The countries that can be profiled: those named as country of incident or of origin.

    ``countries`` is the M49 table (iso3, name, un_subregion); ``incidents`` the
    canonical frame. Columns: iso3, name, subregion; sorted by name. A code
    missing from M49 keeps its code as name.
    """
    codes: set[str] = set()
    for column in ("country_of_incident_iso3", "country_of_origin_iso3"):  # each distinct cell looked at once
        codes.update(str(code) for cell in present_cells(incidents, column)
                     for code in (cell if isinstance(cell, tuple) else (cell,)))
    kept = sorted(code for code in codes if code and code.strip())
    reference = countries.drop_duplicates("iso3").set_index("iso3").reindex(kept)
    known = reference["name"].notna().to_numpy()
    names = [str(n) if k else code for n, k, code in zip(reference["name"], known, kept)]
    subregions = [str(s) if k else None for s, k in zip(reference["un_subregion"], known)]
    return (pd.DataFrame({"iso3": kept, "name": names, "subregion": subregions}, columns=["iso3", "name", "subregion"])
            .sort_values("name").reset_index(drop=True))


def iso3_names(countries: pd.DataFrame) -> dict[str, str]:
    """ISO3 code -> country name, from the M49 table (columns iso3, name)."""
    return dict(zip(countries["iso3"], countries["name"]))


def parse_profile(requested: str | None, known: set[str]) -> tuple[str | None, str | None]:
    """(ISO3 code or None, notice or None) for a ``?profile=`` value: three ASCII letters (case and spaces
    around them do not matter), matched whole, in ``known``."""
    if requested is None or not requested.strip(" "):
        return None, None
    found = ISO3_PATTERN.fullmatch(requested)
    code = found.group(1).upper() if found else None
    if code in known:
        return code, None
    return None, ignored("profile", [requested], _("no incident in the data names that ISO3 country code as "
                                                   "country of incident or of origin; pick a country below"))


def incidents_in_country(incidents: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Incidents in or off the country (``country_of_incident_iso3 == iso3``)."""
    return incidents.loc[(incidents["country_of_incident_iso3"] == iso3).to_numpy()]


def _lists_any(incidents: pd.DataFrame, column: str, codes: set[str] | frozenset[str]) -> np.ndarray:
    """Row mask: the tuple in ``column`` lists one of ``codes`` (each distinct tuple looked at once)."""
    row_codes, cells = value_codes(incidents, column)
    hits = np.array([isinstance(cell, tuple) and not codes.isdisjoint(cell) for cell in cells] + [False])
    return hits[row_codes]


def nationals_of(incidents: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Incidents whose ``country_of_origin_iso3`` lists the country, wherever they happened."""
    return incidents.loc[_lists_any(incidents, "country_of_origin_iso3", {iso3})]


def where_died(nationals: pd.DataFrame, column: str = "country_of_incident", n: int = 10) -> pd.DataFrame:
    """Where a country's nationals died or went missing: a ranking by ``column``.

    ``column`` is country_of_incident or region_of_incident; blanks are ranked
    under a label saying nothing was recorded, so the shares add up. Columns of
    :func:`transforms.rankings.top_values`: value (the country's or region's name and the label in the active
    language), dead_missing, incidents, share.
    """
    label = NO_COUNTRY if column == "country_of_incident" else NO_REGION
    labelled = nationals.assign(**{column: nationals[column].astype("str").fillna(label)})
    ranking = top_values(labelled, column, n=n)
    named = country_name if column == "country_of_incident" else region_name
    ranking["value"] = pd.array([_(v) if v == label else named(v) for v in ranking["value"].tolist()],
                                dtype=ranking["value"].dtype)
    return ranking


def either(in_country: pd.DataFrame, nationals: pd.DataFrame) -> pd.DataFrame:
    """The incidents in or off the country or involving its nationals, each Incident ID once."""
    return pd.concat([in_country, nationals]).drop_duplicates("incident_id")


def routes_involved(in_country: pd.DataFrame, nationals: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Migration routes of the incidents in or off the country and of its nationals (each incident once).

    Blank routes are ranked as "No route recorded" (in the active language; IOM's route names as published).
    Columns: value, dead_missing, incidents, share.
    """
    both = either(in_country, nationals)
    ranking = top_values(both.assign(migration_route=both["migration_route"].astype("str").fillna(NO_ROUTE)),
                         "migration_route", n=n)
    ranking["value"] = pd.array([_(v) if v == NO_ROUTE else v for v in ranking["value"].tolist()],
                                dtype=ranking["value"].dtype)
    return ranking


def profile_labels(names: dict[str, str]) -> dict[str, str]:
    """The Country profile's picker: ISO3 code -> "name (code)" with the name in the active language
    (:func:`i18n.country_name`), ordered by that name. ``names``: ISO3 code -> name as the data spells it."""
    labels = {code: _("{country} ({code})", country=country_name(name), code=code) for code, name in names.items()}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))


def no_country_share(incidents: pd.DataFrame) -> float:
    """Share (0-1) of the dead and missing in ``incidents`` that have no country of incident."""
    total = float(incidents["dead_missing"].fillna(0).sum())
    blank = incidents["country_of_incident_iso3"].isna()
    return float(incidents.loc[blank, "dead_missing"].fillna(0).sum()) / total if total else 0.0


def subregion_members(countries: pd.DataFrame, iso3: str) -> tuple[str | None, frozenset[str]]:
    """The country's UN sub-region (``un_subregion``) and the ISO3 codes of every country in it."""
    row = countries.loc[countries["iso3"] == iso3]
    if row.empty or pd.isna(row["un_subregion"].iloc[0]):
        return None, frozenset()
    subregion = str(row["un_subregion"].iloc[0])
    return subregion, frozenset(countries.loc[countries["un_subregion"] == subregion, "iso3"].astype(str))


def _by_year(incidents: pd.DataFrame, months: tuple[str, ...], gaps: list[str]) -> pd.DataFrame:
    return dead_missing_by_period(incidents, "year", months, gaps).set_index("label")


def subregion_comparison(selection: pd.DataFrame, iso3: str, members: frozenset[str], months: tuple[str, ...],
                         gaps: list[str]) -> pd.DataFrame:
    """Per year, the country's share of its sub-region's dead and missing, two ways.

    ``selection`` is the filtered incident frame, ``members`` the sub-region's
    ISO3 codes, ``months`` the selected period ("YYYY-MM" each), ``gaps`` the
    months no IOM export covers. Columns: year (label), in_country and
    in_subregion (dead and missing in or off the country / any member
    country), share_in_country (0-1), nationals and subregion_nationals (dead
    and missing listing the country / any member country as origin; an
    incident counts once for the sub-region), share_nationals (0-1), and
    coverage (0-1, share of the year's months selected and covered). A share is
    blank where its sub-region total is zero or blank (e.g. 2026 for
    incidents, as the 2026 export has no country of incident).
    """
    frames = {
        "in_country": incidents_in_country(selection, iso3),
        "in_subregion": selection.loc[selection["country_of_incident_iso3"].isin(members)],
        "nationals": nationals_of(selection, iso3),
        "subregion_nationals": selection.loc[_lists_any(selection, "country_of_origin_iso3", members)],
    }
    yearly = {name: _by_year(frame, months, gaps) for name, frame in frames.items()}
    out = pd.DataFrame({name: table["dead_missing"] for name, table in yearly.items()})
    out["coverage"] = yearly["in_country"]["coverage"]
    for share, numerator, denominator in (("share_in_country", "in_country", "in_subregion"),
                                          ("share_nationals", "nationals", "subregion_nationals")):
        total = out[denominator].where(out[denominator] > 0)
        out[share] = out[numerator] / total
    out.index.name = "year"
    columns = ["in_country", "in_subregion", "share_in_country", "nationals", "subregion_nationals",
               "share_nationals", "coverage"]
    return out.reset_index()[["year", *columns]]


def filter_conflicts(filters: Filters, incidents: pd.DataFrame, iso3: str, name: str) -> list[str]:
    """Sentences naming the global filters that leave part of the profile empty by construction (in the active
    language; ``name`` is the country's name as the reader sees it).

    The rule: global filters apply first; the profile then selects within what
    they leave. So a country-of-incident filter without the country empties
    "in or off the country", and an origin filter without it empties "its nationals".
    """
    notes: list[str] = []
    if filters.countries:
        codes = set(incidents.loc[incidents["country_of_incident"].isin(filters.countries),
                                  "country_of_incident_iso3"].dropna())
        if iso3 not in codes:
            notes.append(_("The country-of-incident filter does not include {country}, so nothing in or off "
                           "{country} is counted, and {country} nationals are counted only where they died in the "
                           "filtered countries.", country=name))
    if filters.origins:
        listed = incidents.loc[_lists_any(incidents, "country_of_origin", set(filters.origins))]
        codes = {code for origin in present_cells(listed, "country_of_origin_iso3") for code in origin}
        if iso3 not in codes:
            notes.append(_("The country-of-origin filter does not include {country}, so no {country} nationals are "
                           "counted, and incidents in or off {country} only where they involve the filtered origins.",
                           country=name))
    return notes
