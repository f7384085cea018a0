"""The Hazards transforms: cause-of-death mix per corridor reconciled with the raw IOM file, corridors by the
one membership rule (Asia-Pacific rules included, overlapping corridors counted on each), the integer-code
mixes checked against plain pandas, Frontex sea/land detections and UK people per boat, and the figure
builders."""

from __future__ import annotations

import csv
from collections import defaultdict

import pandas as pd
import pytest

from charts.hazards import (
    build_cause_by_year,
    build_people_per_boat,
    build_sea_land,
    summarise_cause_by_year,
    summarise_cause_mix,
    summarise_per_boat,
    summarise_sea_land,
)
from loaders.corridors import corridors_path, read_corridors
from loaders.fatalities import read_fatalities
from loaders.flows import read_flow_series
from tests.conftest import DATA
from tests.unit.test_comparison import without_keys
from transforms.corridor_membership import membership_matrix
from transforms.hazards import (
    cause_mix_by_corridor,
    cause_mix_by_year,
    dominant_cause,
    people_per_boat,
    sea_land_detections,
)

EXPORT_2025 = DATA / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
HARSH = "Harsh environmental conditions / lack of adequate shelter, food, water"


@pytest.fixture(scope="module")
def incidents_2025(name_lookup) -> pd.DataFrame:
    return read_fatalities([EXPORT_2025], name_lookup)


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return read_corridors(corridors_path(DATA))


def route_corridors(routes: list[str]) -> pd.DataFrame:
    """A catalogue of one corridor per IOM route, named after it (ids no route rule knows)."""
    return pd.DataFrame({"id": [f"route_{i}" for i in range(len(routes))], "name": routes,
                         "iom_routes": [(route,) for route in routes]})


def on_corridors(incidents: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Each incident once per corridor it lies on (by the one rule), with a ``group`` column naming it."""
    membership = membership_matrix(incidents, catalogue)
    return pd.concat([incidents.loc[membership[j]].assign(group=name) for j, name in enumerate(catalogue["name"])])


def raw_cause_totals(route: str) -> dict[str, float]:
    """Dead and missing per cause on one IOM route, straight from the raw CSV (an incident counts under each cause)."""
    totals: dict[str, float] = defaultdict(float)
    with EXPORT_2025.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            first_route = next((r.strip() for r in row["Migration Route"].split(",") if r.strip()), "")
            if first_route != route:
                continue
            cell = row["Cause of Death"]
            causes = ([HARSH] if HARSH in cell else []) + [c.strip() for c in cell.replace(HARSH, "").split(",")
                                                          if c.strip()]
            for cause in dict.fromkeys(causes):
                totals[cause] += float(row["Total Number of Dead and Missing"] or 0)
    return dict(totals)


ROUTES = ["English Channel to the UK", "Central Mediterranean", "US-Mexico border crossing"]


@pytest.mark.parametrize("route", ROUTES)
def test_cause_mix_reconciles_with_the_raw_iom_file(incidents_2025, route):
    mix, order = cause_mix_by_corridor(incidents_2025, route_corridors(ROUTES))
    assert route in order
    mine = mix[(mix["group"] == route) & (mix["dead_missing"] > 0)].set_index("cause")["dead_missing"].to_dict()
    assert mine == pytest.approx(raw_cause_totals(route))
    shares = mix[mix["group"] == route]["share"]
    assert shares.sum() == pytest.approx(1.0)


def test_corridors_in_order_of_dead_and_missing(incidents, catalogue):
    mix, order = cause_mix_by_corridor(incidents, catalogue)
    on = on_corridors(incidents, catalogue)
    totals = on.groupby("group")["dead_missing"].sum().reindex(order)
    assert totals.is_monotonic_decreasing and order[0] == "Central Mediterranean"
    assert set(order) == set(totals[totals > 0].index)  # every corridor with dead or missing, none other
    dominant = dominant_cause(mix).set_index("group")
    assert dominant.loc["Central Mediterranean", "cause"] == "Drowning"
    assert "Mixed or unknown" not in set(dominant["cause"])
    assert summarise_cause_mix(dominant_cause(mix)).startswith("Leading known cause")


def test_corridors_follow_the_one_membership_rule(incidents, catalogue):
    mix, order = cause_mix_by_corridor(incidents, catalogue)
    assert set(order) <= set(catalogue["name"])
    # The Asia-Pacific corridors IOM gives (almost) no route are there, by their rules.
    assert {"Bay of Bengal and Andaman Sea", "Myanmar–Thailand–Malaysia land route"} <= set(order)
    bay = catalogue[catalogue["id"] == "bay_of_bengal_andaman"].iloc[0]
    by_route = incidents.loc[incidents["migration_route"].isin(bay["iom_routes"]), "dead_missing"].sum()
    on_bay = mix[mix["group"] == bay["name"]]
    assert on_bay["dead_missing"].sum() > by_route
    # The catalogue's Afghanistan–Iran–Türkiye gathers two IOM routes.
    afghanistan = on_corridors(incidents, catalogue)
    afghanistan = afghanistan[afghanistan["group"] == "Afghanistan–Iran–Türkiye"]
    assert set(afghanistan["migration_route"].dropna()) == {"Afghanistan to Iran", "Iran to Türkiye"}
    # ... and, where IOM gives no route, the incidents in its border zones (the spatial step's).
    assert set(afghanistan.loc[afghanistan["migration_route"].isna(), "border_zone"]) <= {"AFG–IRN", "IRN–PAK",
                                                                                          "IRN–TUR"}
    # Passing the membership gives what the rule gives.
    given, given_order = cause_mix_by_corridor(incidents, catalogue, membership_matrix(incidents, catalogue))
    pd.testing.assert_frame_equal(given, mix)
    assert given_order == order


def test_an_incident_on_two_corridors_counts_on_each(incidents):
    overlapping = pd.DataFrame({"id": ["med", "central", "eastern"],
                                "name": ["Mediterranean", "Central", "Eastern"],
                                "iom_routes": [("Central Mediterranean", "Eastern Mediterranean"),
                                               ("Central Mediterranean",), ("Eastern Mediterranean",)]})
    mix, order = cause_mix_by_corridor(incidents, overlapping)
    people = mix.groupby("group")["dead_missing"].sum()
    assert people["Mediterranean"] == pytest.approx(people["Central"] + people["Eastern"])
    assert order == ["Mediterranean", "Central", "Eastern"]
    by_year = cause_mix_by_year(incidents, overlapping, None, "Mediterranean")
    dated = [cause_mix_by_year(incidents, overlapping, None, name)["dead_missing"].sum()
             for name in ("Central", "Eastern")]
    assert by_year["dead_missing"].sum() == pytest.approx(sum(dated))


def test_cause_mix_by_year_adds_up_to_the_corridor(incidents):
    route = "English Channel to the UK"
    corridors = route_corridors([route])
    by_year = cause_mix_by_year(incidents, corridors, None, route)
    dated = incidents[(incidents["migration_route"] == route) & incidents["year"].notna()]
    mix, _ = cause_mix_by_corridor(dated, corridors)
    assert by_year["dead_missing"].sum() == pytest.approx(mix[mix["group"] == route]["dead_missing"].sum())
    for _, part in by_year.groupby("year"):
        if part["dead_missing"].sum():
            assert part["share"].sum() == pytest.approx(1.0)
    fig = build_cause_by_year(by_year, corridor=route, title="T", source="S")
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.tickformat == ".0%"
    assert summarise_cause_by_year(by_year, route).startswith(f"On {route}, 2014 to")
    empty = cause_mix_by_year(incidents, corridors, None, "Nowhere")
    assert empty.empty
    assert "No dated dead or missing" in build_cause_by_year(empty, corridor="Nowhere", title="T",
                                                             source="S").layout.annotations[0].text


def pandas_mix(grouped: pd.DataFrame, by: str) -> pd.Series:
    """Dead and missing per (``by``, cause) the plain way: one row per cause listed, summed by groupby."""
    exploded = grouped.explode("cause_of_death")
    return exploded.groupby([by, "cause_of_death"])["dead_missing"].sum().astype(float)


@pytest.mark.parametrize("shipped", [True, False])
def test_cause_mixes_match_plain_pandas_and_need_no_integer_keys(incidents, catalogue, shipped):
    catalogue = catalogue if shipped else route_corridors(sorted(set(incidents["migration_route"].dropna())))
    mix, order = cause_mix_by_corridor(incidents, catalogue)
    plain_mix, plain_order = cause_mix_by_corridor(without_keys(incidents), catalogue)
    pd.testing.assert_frame_equal(mix, plain_mix)
    assert order == plain_order
    grouped = on_corridors(incidents, catalogue)
    expected = pandas_mix(grouped, "group")
    got = mix[mix["dead_missing"] != 0].set_index(["group", "cause"])["dead_missing"]
    assert got.sort_index().to_dict() == expected[expected != 0].to_dict()
    corridor = order[1]
    by_year = cause_mix_by_year(incidents, catalogue, None, corridor)
    pd.testing.assert_frame_equal(by_year, cause_mix_by_year(without_keys(incidents), catalogue, None, corridor))
    dated = grouped[(grouped["group"] == corridor) & grouped["year"].notna()].astype({"year": int})
    expected = pandas_mix(dated, "year")
    got = by_year[by_year["dead_missing"] != 0].set_index(["year", "cause"])["dead_missing"]
    assert got.sort_index().to_dict() == expected[expected != 0].to_dict()
    assert by_year["year"].unique().tolist() == sorted(dated["year"].unique())


def test_sea_and_land_detections_reconcile_with_the_raw_frontex_file():
    frontex = read_flow_series("frontex_ibc", DATA)
    detections = sea_land_detections(frontex)
    raw: dict[tuple[str, str], float] = defaultdict(float)
    with (DATA / "flows" / "frontex_ibc_monthly_route_nat.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            raw[(row["route"], row["type"])] += float(row["n"] or 0)
    for row in detections.itertuples():
        assert row.detections == pytest.approx(raw[(row.route, row.crossing_type)]), (row.route, row.crossing_type)
    for _, part in detections.groupby("route"):
        assert part["share"].sum() == pytest.approx(1.0)
    central = detections[detections["route"] == "Central Mediterranean Route"].set_index("crossing_type")
    assert central.loc["Sea", "share"] == 1.0
    fig = build_sea_land(detections, title="T", source="S")
    assert "detections" in fig.layout.xaxis.title.text.lower() and "not people" in fig.layout.xaxis.title.text
    assert summarise_sea_land(detections).startswith("Share of detections at sea")


@pytest.mark.parametrize("grain", ["year", "month"])
def test_people_per_boat(grain):
    uk = read_flow_series("uk_small_boats", DATA)
    per_boat = people_per_boat(uk, grain)
    assert (per_boat["boats"] > 0).all()
    assert per_boat["migrants_per_boat"].tolist() == pytest.approx((per_boat["migrants"] / per_boat["boats"]).tolist())
    assert per_boat["migrants"].sum() == pytest.approx(uk["value"].sum())
    assert per_boat["partial"].iloc[-1]  # the series ends mid-period
    assert not per_boat["partial"].iloc[:-1].any()
    fig = build_people_per_boat(per_boat, grain=grain, title="T", source="S")
    assert fig.layout.yaxis.title.text == "People per boat"
    assert "people per boat" in summarise_per_boat(per_boat, grain)
