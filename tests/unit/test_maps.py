"""Pure transforms of the Incident map page, on the real shipped incidents and the real fixture cut."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from transforms.filters import apply_filters
from transforms.maps import (
    CELL_STEPS,
    NOT_RECORDED,
    POINT_CAP,
    SEVERAL_CAUSES,
    UNKNOWN_CAUSE,
    cause_group,
    cause_totals,
    cell_degrees_for,
    dead_missing_by_country,
    dead_missing_without_country,
    density_cells,
    incident_points,
    monthly_cells,
    shows_points,
)
from transforms.periods import month_range


@pytest.fixture(scope="module")
def south_east_asia(incidents, options):
    """South-eastern Asia, 2014 to 2016: the page's example deep link."""
    filters = replace(options.default(), period_from="2014-01", period_to="2016-12", subregions=("South-eastern Asia",))
    return apply_filters(incidents, filters, options)


def total(frame: pd.DataFrame, column: str = "dead_missing") -> int:
    return int(frame[column].fillna(0).sum())


def test_cause_group_keeps_one_cause_and_names_several():
    assert cause_group(("Drowning",)) == "Drowning"
    assert cause_group(("Drowning", "Violence")) == SEVERAL_CAUSES
    assert cause_group(()) == UNKNOWN_CAUSE
    assert cause_group(None) == UNKNOWN_CAUSE


def test_real_multi_cause_incidents_are_grouped_as_several(incidents):
    several = incidents[incidents["cause_of_death"].map(len) > 1]
    assert len(several) == 29  # 28 incidents with two causes, one with three, in the shipped exports
    points = incident_points(several)
    assert set(points["cause_group"]) == {SEVERAL_CAUSES}
    assert all("," in text for text in points["cause_of_death"])


def test_points_one_per_incident_with_text_fields(south_east_asia):
    before = south_east_asia.copy()
    points = incident_points(south_east_asia)
    pd.testing.assert_frame_equal(south_east_asia, before)  # input untouched
    assert tuple(points.columns) == ("lon", "lat", "date", "location", "dead", "missing", "dead_missing", "survivors",
                                     "cause_of_death", "cause_group", "migration_route", "country_of_origin",
                                     "information_source", "source_quality", "sea_or_border", "place")
    # The spatial step's place: the key colours a point, the text shows in its tooltip.
    assert {"Andaman Sea", "Bay of Bengal", "MMR–THA"} <= set(points["sea_or_border"])
    assert "MMR–THA border zone" in set(points["place"])
    assert len(points) == len(south_east_asia) == 45
    assert points["dead_missing"].sum() == total(south_east_asia) == 1937
    assert points["dead_missing"].is_monotonic_decreasing
    assert (points["survivors"] == NOT_RECORDED).sum() == south_east_asia["survivors"].isna().sum()
    assert points["source_quality"].str.fullmatch(r"[1-5] of 5").all()


def test_points_keep_markup_as_plain_text(south_east_asia):
    """The transform never escapes or strips: the tooltip shows text, so text must stay as written."""
    edited = south_east_asia.astype({"location": "str"})  # plain text, so any value can be written
    edited.loc[edited.index[0], "location"] = "<script>window.__xss=1</script>"
    points = incident_points(edited)
    assert "<script>window.__xss=1</script>" in set(points["location"])


def test_long_text_is_cut_with_an_ellipsis(incidents):
    longest = incidents.loc[[incidents["information_source"].str.len().idxmax()]]
    assert len(longest["information_source"].iloc[0]) == 504
    text = incident_points(longest)["information_source"].iloc[0]
    assert len(text) <= 90 and text.endswith("…")


def test_cause_totals_add_up(south_east_asia):
    points = incident_points(south_east_asia)
    totals = cause_totals(points)
    assert totals["dead_missing"].sum() == 1937
    assert totals["incidents"].sum() == 45
    assert totals.iloc[0]["cause_group"] == "Mixed or unknown"


def test_points_are_capped(incidents):
    assert shows_points(POINT_CAP, "points")
    assert not shows_points(POINT_CAP + 1, "points")
    assert not shows_points(10, "density")
    assert not shows_points(len(incidents), "points")  # all 19,493 incidents: density


def test_cell_size_follows_the_extent(incidents, south_east_asia):
    world = cell_degrees_for(incidents["lon"], incidents["lat"])
    region = cell_degrees_for(south_east_asia["lon"], south_east_asia["lat"])
    assert world in CELL_STEPS and region in CELL_STEPS
    assert region < world
    assert cell_degrees_for(pd.Series(dtype=float), pd.Series(dtype=float)) == CELL_STEPS[-1]


def test_density_cells_add_up_to_the_selection(incidents):
    cells = density_cells(incidents, 2.0)
    assert cells["dead_missing"].sum() == total(incidents) == 76276
    assert cells["dead"].sum() == total(incidents, "dead")
    assert cells["missing"].sum() == total(incidents, "missing")
    assert cells["incidents"].sum() >= incidents["main_id"].nunique()  # a split incident can span cells
    assert ((cells["east"] - cells["west"]).round(6) == 2.0).all()
    assert ((cells["lon"] - cells["west"]).round(6) == 1.0).all()
    assert len(cells) < 1000  # bounded by the grid, not by 19,493 incidents
    assert cells["dead_missing"].is_monotonic_decreasing


def test_country_of_incident_totals_equal_the_selection(incidents, south_east_asia):
    for selection in (incidents, south_east_asia):
        countries = dead_missing_by_country(selection, "incident")
        placed = selection[selection["country_of_incident_iso3"].notna()]
        assert countries["dead_missing"].sum() == total(placed)
        assert countries["dead_missing"].sum() + dead_missing_without_country(selection, "incident") == total(selection)
        assert countries["incidents"].sum() == placed["main_id"].nunique()
    countries = dead_missing_by_country(incidents, "incident")
    libya = countries.set_index("iso3").loc["LBY"]
    assert (libya["country"], libya["dead_missing"]) == ("Libya", 21224)
    assert countries.iloc[0]["iso3"] == "LBY"


def test_several_origins_count_under_each(incidents):
    known = incidents["country_of_origin_iso3"].map(lambda codes: [c for c in codes if c != "OOO"])
    several = incidents[known.map(len) >= 2]
    incident = several.iloc[0]
    countries = dead_missing_by_country(incidents.loc[[incident.name]], "origin")
    assert set(countries["iso3"]) == set(known[incident.name])
    assert (countries["dead_missing"] == incident["dead_missing"]).all()
    everything = dead_missing_by_country(incidents, "origin")
    assert "OOO" not in set(everything["iso3"])
    assert everything.iloc[0]["country"] == "Afghanistan"
    # Counted under each origin, so the shaded countries add up to more than the incidents with a known origin.
    with_origin = total(incidents) - dead_missing_without_country(incidents, "origin")
    assert everything["dead_missing"].sum() > with_origin


def test_country_tables_of_an_empty_selection_are_empty(incidents):
    for basis in ("incident", "origin"):
        countries = dead_missing_by_country(incidents.iloc[0:0], basis)
        assert countries.empty and list(countries.columns) == ["iso3", "country", "dead", "missing", "dead_missing",
                                                               "incidents"]
        assert dead_missing_without_country(incidents.iloc[0:0], basis) == 0


def test_monthly_cells_cover_the_period(south_east_asia):
    months = month_range("2014-01", "2016-12")
    cells = monthly_cells(south_east_asia, months, 1.0)
    assert set(cells["month"]) <= set(months)
    assert cells["dead_missing"].sum() == total(south_east_asia.dropna(subset=["date"]))
    by_month = cells.groupby("month")["dead_missing"].sum()
    assert by_month.idxmax() == "2014-12"
    assert by_month.max() == 750


def test_monthly_cells_leave_out_months_outside_the_period(south_east_asia):
    cells = monthly_cells(south_east_asia, ("2015-05",), 1.0)
    assert set(cells["month"]) == {"2015-05"}
    empty = monthly_cells(south_east_asia.iloc[0:0], ("2015-05",), 1.0)
    assert empty.empty and list(empty.columns) == ["month", "lon", "lat", "dead_missing", "incidents"]


def test_grid_and_country_counts_equal_the_plain_pandas_definitions(incidents):
    """Cells and countries are counted through integer codes; the result is the groupby over the rows
    (an exploded origin list; distinct Main IDs, so a split incident counts once per cell or country)."""
    located = incidents.dropna(subset=["lat", "lon"])
    binned = pd.DataFrame({"west": (located["lon"] // 2.0) * 2.0, "south": (located["lat"] // 2.0) * 2.0,
                           "dead_missing": located["dead_missing"].fillna(0), "main_id": located["main_id"]})
    expected = binned.groupby(["west", "south"]).agg(dead_missing=("dead_missing", "sum"),
                                                     incidents=("main_id", "nunique"))
    cells = density_cells(incidents, 2.0).set_index(["west", "south"]).sort_index()
    assert cells["dead_missing"].tolist() == expected["dead_missing"].astype(int).tolist()
    assert cells["incidents"].tolist() == expected["incidents"].tolist()
    assert (incidents["main_id"].value_counts() > 1).any()  # split incidents are in the data
    origins = incidents.assign(iso3=incidents["country_of_origin_iso3"].map(lambda c: tuple(dict.fromkeys(c))))
    origins = origins.explode("iso3").dropna(subset=["iso3"])
    origins = origins[origins["iso3"] != "OOO"]
    expected = origins.groupby("iso3").agg(dead=("dead", "sum"), incidents=("main_id", "nunique"))
    countries = dead_missing_by_country(incidents, "origin").set_index("iso3").sort_index()
    assert countries.index.tolist() == expected.index.tolist()
    assert countries["dead"].tolist() == expected["dead"].astype(int).tolist()
    assert countries["incidents"].tolist() == expected["incidents"].tolist()


def test_a_country_spelt_two_ways_takes_the_name_on_its_first_row(incidents):
    libya = incidents.index[(incidents["country_of_incident_iso3"] == "LBY").to_numpy()]
    names = incidents["country_of_incident"].astype(object)
    names.loc[libya[0]] = "Libyan Arab Jamahiriya"  # the first Libyan row, in the frame's order
    renamed = incidents.assign(country_of_incident=names.astype("category"))
    countries = dead_missing_by_country(renamed, "incident").set_index("iso3")
    assert countries.loc["LBY", "country"] == "Libyan Arab Jamahiriya"
    later = incidents["country_of_incident"].astype(object)
    later.loc[libya[-1]] = "Libyan Arab Jamahiriya"
    countries = dead_missing_by_country(incidents.assign(country_of_incident=later.astype("category")), "incident")
    assert countries.set_index("iso3").loc["LBY", "country"] == "Libya"
