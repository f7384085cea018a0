"""Inadequately documented air arrivals to the UK (Home Office), and the cited document-fraud practices.

Pure: frames in, new frames out. The detections come from :func:`loaders.travel_documents.read_home_office_irregular`
(one row per quarter, method of entry, nationality, sex and age group; measure "detections", unit "people"). Only
the method "Inadequately documented air arrivals" is shown here: people detected arriving at UK airports without
adequate documents, which the Home Office does not split into forged, fraudulently obtained and missing documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from i18n import N_, _
from loaders.travel_documents import AIR_ARRIVALS, NOT_RECORDED
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS

#: Nationalities named on the chart of the largest ones (the rest stay in the table).
TOP_NATIONALITIES = 10
#: The modus-operandi aspect of document fraud (an identifier of the facts file).
DOCUMENT_FRAUD = "document_fraud"
#: Label of the other nationalities, beside the largest ones.
OTHERS = N_("All other nationalities")


def air_arrivals(detections: pd.DataFrame) -> pd.DataFrame:
    """The rows of inadequately documented air arrivals."""
    return detections.loc[(detections["method"] == AIR_ARRIVALS).to_numpy()].reset_index(drop=True)


def year_range(rows: pd.DataFrame) -> tuple[int, int] | None:
    """First and last year of ``rows`` (None when empty)."""
    return (int(rows["year"].min()), int(rows["year"].max())) if not rows.empty else None


def nationality_totals(air: pd.DataFrame) -> pd.DataFrame:
    """People detected per nationality over every quarter of ``air``: nationality, nationality_iso3, value, share
    (of all detections, 0-1), largest first."""
    columns = ["nationality", "nationality_iso3", "value", "share"]
    if air.empty:
        return pd.DataFrame(columns=columns)
    out = air.groupby(["nationality", "nationality_iso3"], as_index=False)["value"].sum()
    out["share"] = out["value"] / out["value"].sum()
    return out.sort_values(["value", "nationality"], ascending=[False, True], kind="stable").reset_index(
        drop=True)[columns]


def top_nationalities_by_year(air: pd.DataFrame, top: int = TOP_NATIONALITIES) -> pd.DataFrame:
    """People detected per year for the ``top`` nationalities of the whole period, and all others together
    (nationality :data:`OTHERS`, translated): year, nationality, value, rank (1 = largest; others last)."""
    columns = ["year", "nationality", "value", "rank"]
    if air.empty:
        return pd.DataFrame(columns=columns)
    leaders = list(nationality_totals(air)["nationality"].head(top))
    rank = {name: i + 1 for i, name in enumerate(leaders)}
    others = _(OTHERS)
    named = air["nationality"].where(air["nationality"].isin(leaders), others)
    out = air.assign(nationality=named).groupby(["year", "nationality"], as_index=False)["value"].sum()
    out["rank"] = out["nationality"].map(rank).fillna(top + 1).astype(int)
    return out.sort_values(["rank", "year"], kind="stable").reset_index(drop=True)[columns]


def asia_pacific_share(air: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Per year: people detected of Asia-Pacific nationalities (UN M49 sub-regions of
    :data:`transforms.dimensions.ASIA_PACIFIC_SUBREGIONS`, through the reference's iso3 and subregion), all
    people detected, and the share (0-1). Nationalities with no country (Stateless, Refugee...) count in the
    total only. Columns: year, asia_pacific, total, share."""
    columns = ["year", "asia_pacific", "total", "share"]
    if air.empty:
        return pd.DataFrame(columns=columns)
    codes = set(reference.loc[reference["subregion"].isin(ASIA_PACIFIC_SUBREGIONS), "iso3"].astype(str))
    in_region = air["nationality_iso3"].isin(codes)
    out = air.assign(asia_pacific=air["value"].where(in_region, 0.0)).groupby("year", as_index=False).agg(
        asia_pacific=("asia_pacific", "sum"), total=("value", "sum"))
    out["share"] = out["asia_pacific"] / out["total"].where(out["total"] > 0)
    return out[columns]


def asia_pacific_nationalities(air: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """The Asia-Pacific nationalities among ``air`` with their totals (see :func:`nationality_totals`)."""
    codes = set(reference.loc[reference["subregion"].isin(ASIA_PACIFIC_SUBREGIONS), "iso3"].astype(str))
    totals = nationality_totals(air)
    return totals[totals["nationality_iso3"].isin(codes)].reset_index(drop=True)


def by_group(air: pd.DataFrame, column: str) -> pd.DataFrame:
    """People detected per year and value of ``column`` ("sex" or "age_group"), values as published (Unknown and
    Not currently recorded included): year, group, value, share (of the year, 0-1), recorded (False for the
    values of :data:`NOT_RECORDED`)."""
    columns = ["year", "group", "value", "share", "recorded"]
    if air.empty:
        return pd.DataFrame(columns=columns)
    out = air.groupby(["year", column], as_index=False)["value"].sum().rename(columns={column: "group"})
    out["share"] = out["value"] / out.groupby("year")["value"].transform("sum")
    out["recorded"] = ~out["group"].isin(NOT_RECORDED)
    return out[columns]


def nationality_total(air: pd.DataFrame, nationality: str, years: tuple[int, int]) -> float:
    """People of one nationality (as published) detected in the years ``years`` (inclusive)."""
    rows = air[(air["nationality"] == nationality) & air["year"].between(*years)]
    return float(rows["value"].sum())


def document_fraud_by_corridor(facts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The cited document-fraud practices of the modus-operandi facts (aspect :data:`DOCUMENT_FRAUD`), grouped
    by the corridor the compilation names, in file order: (corridor, its facts)."""
    fraud = facts[facts["aspect"] == DOCUMENT_FRAUD]
    return [(str(corridor), part.reset_index(drop=True)) for corridor, part in fraud.groupby("corridor", sort=False)]


def fraud_corridor_count(groups: Sequence[tuple[str, pd.DataFrame]]) -> tuple[int, int]:
    """How many corridors and facts the groups hold."""
    return len(groups), sum(len(part) for _corridor, part in groups)


def in_subregions(air: pd.DataFrame, reference: pd.DataFrame, subregions: Sequence[str]) -> pd.DataFrame:
    """The rows of nationalities whose country lies in one of ``subregions`` (UN M49 names, through the
    reference's iso3 and subregion); every row when ``subregions`` is empty."""
    if not subregions:
        return air
    codes = set(reference.loc[reference["subregion"].isin(list(subregions)), "iso3"].astype(str))
    return air.loc[air["nationality_iso3"].isin(codes).to_numpy()].reset_index(drop=True)
