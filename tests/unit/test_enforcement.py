"""Transforms of the Enforcement and Travel documents pages and the Bay of Bengal denominator: gaps stay gaps,
the index is within each country, the Asia-Pacific preset means all of Asia-Pacific, the two measures stay apart,
and the guardrail refuses to add the two UK small-boat sources."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from loaders.countries import read_countries
from loaders.enforcement import COUNT, RATE, enforcement_path, read_unodc_smuggling
from loaders.flows import read_flow_series
from loaders.sea_movements import read_unhcr_sea_movements, sea_movements_path
from loaders.travel_documents import read_home_office_irregular, read_home_office_nationalities, travel_documents_paths
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS
from transforms.enforcement import (
    countries_reporting_nothing,
    dead_missing_by_country_year,
    drawn_countries,
    offences_in_scope,
    offences_in_year,
    offences_view,
    reporting_years,
    scope_subregions,
)
from transforms.flows import SAME_PEOPLE, MeasureMismatchError, add_series, annual_totals, combine
from transforms.sea_movements import per_thousand_attempted, years_without_figures
from transforms.travel_documents import (
    air_arrivals,
    asia_pacific_share,
    by_group,
    document_fraud_by_corridor,
    in_subregions,
    top_nationalities_by_year,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def offences():
    return read_unodc_smuggling(enforcement_path(DATA))


@pytest.fixture(scope="module")
def reference():
    return read_countries(DATA / "reference" / "countrynames_m49.csv")


@pytest.fixture(scope="module")
def detections():
    table, codes = travel_documents_paths(DATA)
    return read_home_office_irregular(table, read_home_office_nationalities(codes))


# --- Enforcement ---

def test_the_asia_pacific_preset_means_all_of_asia_pacific():
    available = ("Eastern Asia", "Northern Africa", "South-eastern Asia", "Southern Asia")  # IOM has no Oceania
    assert scope_subregions(("Southern Asia", "South-eastern Asia", "Eastern Asia"), available) \
        == ASIA_PACIFIC_SUBREGIONS
    assert scope_subregions(("Southern Asia",), available) == ("Southern Asia",)
    assert scope_subregions((), available) == ()


def test_asia_pacific_reporters(offences):
    ap = offences_in_scope(offences, subregions=ASIA_PACIFIC_SUBREGIONS)
    assert {"THA", "MMR", "PHL", "LKA", "MDV", "MNG", "NZL", "JPN"} <= set(ap["iso3"])
    assert not {"TUR", "ISR", "SAU"} & set(ap["iso3"])  # West Asia is not Asia-Pacific here


def test_gaps_stay_gaps_never_zero(offences):
    myanmar = offences_view(offences_in_scope(offences, iso3=("MMR",)), "count")
    reported = offences[(offences["iso3"] == "MMR") & (offences["unit"] == COUNT)]
    gaps = myanmar[~myanmar["reported"]]
    assert len(gaps) == 2 and gaps["value"].isna().all()  # two unreported years inside Myanmar's series
    assert set(gaps["year"]).isdisjoint(set(reported["year"]))
    assert len(myanmar) == reported["year"].max() - reported["year"].min() + 1
    assert reporting_years(offences_in_scope(offences, iso3=("MMR",)))["years_missing"].tolist() == [2]


def test_index_is_within_each_country(offences):
    index = offences_view(offences_in_scope(offences, iso3=("THA", "PHL")), "index").set_index(["iso3", "year"])
    assert index.loc[("THA", 2018), "value"] == 100
    assert index.loc[("THA", 2022), "value"] == pytest.approx(45094 / 16741 * 100)
    assert index.loc[("PHL", 2016), "value"] == 100  # each country from its own first year
    counts = offences[(offences["iso3"] == "ARM") & (offences["unit"] == COUNT)]
    assert counts.sort_values("year")["value"].iloc[0] == 0  # a reported zero cannot be a base
    armenia = offences_view(offences_in_scope(offences, iso3=("ARM",)), "index")
    first_positive = counts[counts["value"] > 0]["year"].min()
    assert armenia[armenia["year"] < first_positive]["value"].isna().all()


@pytest.mark.parametrize("view", ["index", "count", "rate"])
def test_every_countrys_series_is_its_own_years_filled_and_indexed_to_its_own_base(offences, view):
    """The view is built for all countries at once; country by country, in plain Python, it must hold each
    country's reported values, a gap for every year between its first and last report, and (index) value / the
    first positive count x 100 from that year on. Base years are written as years ("2018"), not "2018.0"."""
    unit = RATE if view == "rate" else COUNT
    shown = offences_view(offences, view)
    for code, reported in offences[offences["unit"] == unit].groupby("iso3"):
        mine = shown[shown["iso3"] == code]
        values = dict(zip(reported["year"], reported["value"]))
        assert mine["year"].tolist() == list(range(min(values), max(values) + 1))
        assert mine["reported"].tolist() == [year in values for year in mine["year"]]
        positive = sorted(year for year, value in values.items() if value > 0)
        for year, value in zip(mine["year"], mine["value"]):
            if view != "index":
                expected = values.get(year, np.nan)
            elif not positive or year < positive[0] or year not in values:
                expected = np.nan
            else:
                expected = values[year] / values[positive[0]] * 100
            assert value == pytest.approx(expected, nan_ok=True), (code, year)
        if view == "index" and positive:
            assert set(mine["base_year"].astype(str)) == {str(positive[0])}


def test_rate_view_uses_rates(offences):
    rate = offences_view(offences_in_scope(offences, iso3=("THA",)), "rate").set_index("year")
    assert rate.loc[2018, "value"] == pytest.approx(23.5365068640811)


def test_latest_year_map_leaves_out_countries_that_report_nothing_that_year(offences):
    ap = offences_in_scope(offences, subregions=ASIA_PACIFIC_SUBREGIONS)
    rows = offences_in_year(ap, 2022)
    assert "THA" in set(rows["iso3"]) and (rows["value"] > 0).all()
    assert "PHL" not in set(rows["iso3"])  # the Philippines report 2016-2019 only: no row, not a zero


def test_reporting_nothing_names_the_missing_countries(offences, reference):
    ap = offences_in_scope(offences, subregions=ASIA_PACIFIC_SUBREGIONS)
    nothing = countries_reporting_nothing(reference, ap, subregions=ASIA_PACIFIC_SUBREGIONS)
    assert {"AUS", "IDN", "MYS", "KOR", "BGD", "IND", "PAK"} <= set(nothing["iso3"])
    assert not {"THA", "NZL"} & set(nothing["iso3"])


def test_drawn_countries_are_the_largest_when_many(offences):
    drawn = drawn_countries(offences, most=3)
    assert len(drawn) == 3 and "THA" in drawn


def test_dead_missing_by_country_year_counts_only_the_chosen_countries_and_years():
    incidents = pd.DataFrame({
        "date": pd.to_datetime(["2019-03-01", "2019-07-01", "2020-01-05", "2018-02-02", None]),
        "country_of_incident_iso3": ["THA", "THA", "MMR", "THA", "THA"],
        "dead_missing": [3, 4, 5, 6, 7],
    })
    out = dead_missing_by_country_year(incidents, ("THA", "MMR"), (2019, 2020))
    assert out.to_dict("records") == [{"iso3": "MMR", "year": 2020, "dead_missing": 5, "incidents": 1},
                                      {"iso3": "THA", "year": 2019, "dead_missing": 7, "incidents": 2}]


# --- The guardrail ---

def small_boat_frames(detections):
    uk = annual_totals(read_flow_series("uk_small_boats", DATA))
    home_office = detections[detections["series_id"] == "uk_ho_small_boats"]
    return uk, home_office


def test_the_two_uk_small_boat_sources_refuse_to_be_added(detections):
    uk, home_office = small_boat_frames(detections)
    assert not home_office.empty
    with pytest.raises(MeasureMismatchError, match="count the same people"):
        add_series(uk, home_office)
    with pytest.raises(MeasureMismatchError, match="count the same people"):
        combine([home_office, uk])


def test_the_refusal_holds_even_when_measures_and_grains_agree(detections):
    uk, home_office = small_boat_frames(detections)
    yearly = (home_office.assign(period=pd.to_datetime(home_office["year"].astype(str) + "-01-01"))
              .groupby(["series_id", "period"], as_index=False)["value"].sum()
              .assign(grain="year", measure=uk["measure"].iloc[0], unit=uk["unit"].iloc[0]))
    with pytest.raises(MeasureMismatchError, match="count the same people"):
        add_series(uk, yearly)
    # The same frame under an unrelated series id adds (the refusal is about the people, not the numbers).
    assert not add_series(uk, yearly.assign(series_id="other")).empty


def test_sidecars_declare_the_overlap_the_guardrail_enforces():
    uk = yaml.safe_load((DATA / "flows" / "long_uk_small_boats_daily.meta.yml").read_text(encoding="utf-8"))
    home_office = yaml.safe_load((DATA / "travel_documents" / "irregular_migration.meta.yml").read_text(
        encoding="utf-8"))
    assert "uk_ho_small_boats" in uk["overlaps"] and "uk_small_boats" in home_office["overlaps"]
    assert SAME_PEOPLE["uk_small_boats"] == SAME_PEOPLE["uk_ho_small_boats"]


# --- Travel documents ---

def test_asia_pacific_share_adds_up(detections, reference):
    air = air_arrivals(detections)
    share = asia_pacific_share(air, reference)
    assert share["total"].sum() == air["value"].sum()
    assert ((share["share"] >= 0) & (share["share"] <= 1)).all()
    india = air[air["nationality"] == "India"]["value"].sum()
    assert share["asia_pacific"].sum() >= india
    albania = in_subregions(air, reference, ASIA_PACIFIC_SUBREGIONS)
    assert "Albania" not in set(albania["nationality"]) and "India" in set(albania["nationality"])


def test_top_nationalities_and_others_keep_the_total(detections):
    air = air_arrivals(detections)
    top = top_nationalities_by_year(air, top=5)
    assert top["value"].sum() == air["value"].sum()
    assert top["nationality"].nunique() == 6 and top[top["rank"] == 1]["nationality"].iloc[0] == "Iran"


def test_sex_and_age_shares_sum_to_one_per_year(detections):
    groups = by_group(air_arrivals(detections), "age_group")
    assert np.allclose(groups.groupby("year")["share"].sum(), 1.0)
    assert not groups[groups["group"] == "Unknown"]["recorded"].any()


def test_document_fraud_practices_grouped_by_corridor():
    facts = pd.read_csv(DATA / "modus_operandi" / "modus_operandi_facts.csv", dtype=str)
    groups = document_fraud_by_corridor(facts)
    assert sum(len(part) for _corridor, part in groups) == (facts["aspect"] == "document_fraud").sum() > 0
    assert all((part["aspect"] == "document_fraud").all() for _corridor, part in groups)


# --- The Bay of Bengal denominator ---

def test_deaths_per_thousand_attempted_journeys():
    figures = read_unhcr_sea_movements(sea_movements_path(DATA))
    iom = pd.DataFrame({"year": [2022, 2023], "dead_missing": [300.0, 400.0], "complete": [True, False]})
    ratio = per_thousand_attempted(figures, iom).set_index("period")
    assert ratio.loc["2023", "unhcr_per_thousand"] == pytest.approx(569 / 4500 * 1000)
    assert ratio.loc["2022", "iom_per_thousand"] == pytest.approx(300 / 3500 * 1000)
    assert np.isnan(ratio.loc["2023", "iom_per_thousand"])  # IOM's 2023 is not whole here: no ratio
    assert np.isnan(ratio.loc["2021", "unhcr_per_thousand"])  # no UNHCR count of the dead for 2021: blank
    assert "2018-01 to 2019-06" in ratio.index  # an 18-month period stays one period
    assert years_without_figures(figures) == [2013, 2016, 2017]
