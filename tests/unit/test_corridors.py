"""Corridor transforms and figures: deaths per 1,000 crossings reconciled with the raw files for real
corridor-years, whole-year rules, the measure guardrail, and the figure builders."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from charts.corridors import (
    NO_DATA_TEXT,
    build_cause_mix,
    build_corridor_bars,
    build_crossings_over_time,
    build_deaths_per_thousand,
    build_nationalities,
    build_routes_deck,
    routes_map_data,
    summarise_ratio,
    summarise_routes,
)
from loaders.corridors import corridors_path, read_corridors
from loaders.flows import read_flow_series
from transforms.corridor_membership import corridor_incidents, membership_matrix
from transforms.corridors import (
    NO_INCIDENT,
    NO_SERIES,
    FlowRef,
    cause_mix,
    comparable_years,
    comparison_table,
    corridor_by_id,
    corridor_comparison,
    corridor_modes,
    corridor_names,
    corridor_totals,
    corridor_year,
    crossings_by_year,
    crossings_over_time,
    crossings_total,
    deaths_by_year,
    deaths_per_thousand,
    flow_entries,
    flow_label,
    nationalities_side_by_side,
    parse_flow_ref,
    profile_links,
    routes_table,
    select_flow,
    whole_year_value,
    year_crossings,
)
from transforms.flows import MeasureMismatchError, add_series
from transforms.periods import month_range
from transforms.quality import caution_note
from transforms.rankings import top_values

REPO = Path(__file__).resolve().parents[2]
#: The shipped flow files (byte-for-byte copies of the raw originals, checked in tests/unit/test_flows.py),
#: read here independently with the csv module.
FLOWS = REPO / "data" / "flows"
IOM_2025 = REPO / "data" / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
MONTHS = month_range("2014-01", "2026-05")
GAPS = [f"2025-{m:02d}" for m in range(5, 13)]


@pytest.fixture(scope="module")
def corridors():
    return read_corridors(corridors_path(REPO / "data"))


def raw_iom(route: str, year: int) -> int:
    with IOM_2025.open(encoding="utf-8-sig", newline="") as handle:
        return sum(int(r["Total Number of Dead and Missing"] or 0) for r in csv.DictReader(handle)
                   if r["Migration Route"] == route and r["Incident Year"] == str(year))


def raw_sum(path: Path, keep, value: str) -> float:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(float(r[value] or 0) for r in csv.DictReader(handle) if keep(r))


def ratio_for(incidents, corridors, corridor_id: str, entry: str, year: int) -> pd.Series:
    corridor = corridor_by_id(corridors, corridor_id)
    deaths = deaths_by_year(incidents.loc[corridor_incidents(incidents, corridor)], MONTHS, GAPS)
    ref = parse_flow_ref(entry)
    ratio = deaths_per_thousand(deaths, crossings_by_year(read_flow_series(ref.series_id, REPO / "data"), ref))
    return ratio.set_index("year").loc[year]


def test_central_mediterranean_2023_against_frontex_and_unhcr(incidents, corridors):
    dead = raw_iom("Central Mediterranean", 2023)
    frontex = raw_sum(FLOWS / "frontex_ibc_monthly_route_nat.csv",
                      lambda r: r["route"] == "Central Mediterranean Route" and r["t"].startswith("2023"), "n")
    unhcr = raw_sum(FLOWS / "unhcr_daily_arrivals_italy.csv",
                    lambda r: r["data_date"].startswith("2023"), "individuals")
    by_frontex = ratio_for(incidents, corridors, "central_med", "frontex_ibc:Central Mediterranean Route", 2023)
    assert by_frontex["dead_missing"] == dead == 2526
    assert by_frontex["crossings"] == frontex
    assert by_frontex["per_thousand"] == pytest.approx(dead / frontex * 1000)
    assert by_frontex["measure"] == "detections"
    by_unhcr = ratio_for(incidents, corridors, "central_med", "unhcr_italy_sea", 2023)
    assert by_unhcr["crossings"] == unhcr
    assert by_unhcr["per_thousand"] == pytest.approx(dead / unhcr * 1000)


def test_english_channel_2024_against_the_uk_yearly_file(incidents, corridors):
    dead = raw_iom("English Channel to the UK", 2024)
    arrived = raw_sum(FLOWS / "long_uk_small_boats_yearly.csv",
                      lambda r: r["n_year"] == "2024", "migrants_arrived")
    row = ratio_for(incidents, corridors, "english_channel", "uk_small_boats", 2024)
    assert (row["dead_missing"], row["crossings"]) == (dead, arrived)
    assert row["per_thousand"] == pytest.approx(dead / arrived * 1000)


def routeless_in_zone(incidents, zone: str, year: int) -> int:
    """Dead and missing of the incidents IOM gives no route, placed in a border zone, in a year."""
    rows = incidents[incidents["migration_route"].isna() & (incidents["border_zone"] == zone)
                     & (incidents["year"] == year).fillna(False)]
    return int(rows["dead_missing"].sum())


def test_us_mexico_and_darien_2023_against_cbp_and_panama(incidents, corridors):
    cbp = raw_sum(FLOWS / "cbp_sw_border_encounters_monthly.csv",
                  lambda r: r["t"].startswith("2023"), "n")
    row = ratio_for(incidents, corridors, "us_mexico", "us_cbp_sw_border", 2023)
    # IOM's route, and the incidents IOM gives no route in the Mexico–United States border zone.
    expected = raw_iom("US-Mexico border crossing", 2023) + routeless_in_zone(incidents, "MEX–USA", 2023)
    assert (row["dead_missing"], row["crossings"]) == (expected, cbp)
    panama = raw_sum(FLOWS / "panama_darien_transits_monthly_nat.csv",
                     lambda r: r["t"].startswith("2023"), "n")
    row = ratio_for(incidents, corridors, "darien", "panama_darien", 2023)
    expected = raw_iom("Darien", 2023) + routeless_in_zone(incidents, "COL–PAN", 2023)
    assert (row["dead_missing"], row["crossings"]) == (expected, panama)
    assert panama == 520_085  # the PROVENANCE total for 2023


def test_ratio_keeps_only_whole_years_covered_by_both():
    deaths = pd.DataFrame({"year": [2023, 2024, 2025], "dead_missing": [10.0, 20.0, 5.0],
                           "complete": [True, True, False]})
    crossings = pd.DataFrame({"year": [2022, 2023, 2024, 2025], "value": [100.0, 1000.0, 0.0, 50.0],
                              "measure": "arrivals", "unit": "people", "complete": [True, True, True, False]})
    ratio = deaths_per_thousand(deaths, crossings)
    assert ratio["year"].tolist() == [2023]  # 2024 has no crossings, 2025 is partial on both sides
    assert ratio["per_thousand"].iloc[0] == pytest.approx(10.0)
    assert deaths["dead_missing"].tolist() == [10.0, 20.0, 5.0]  # input untouched


def test_partial_years_are_left_out_for_real(incidents, corridors):
    frontex = read_flow_series("frontex_ibc", REPO / "data")
    years = crossings_by_year(frontex, parse_flow_ref("frontex_ibc:Central Mediterranean Route"))
    assert not years.set_index("year").loc[2025, "complete"]  # January to April only
    assert whole_year_value(years, 2025) is None and whole_year_value(years, 2023) == 158_026
    row = corridor_by_id(corridors, "central_med")
    deaths = deaths_by_year(incidents.loc[corridor_incidents(incidents, row)], MONTHS, GAPS)
    assert 2025 not in deaths_per_thousand(deaths, years)["year"].tolist()


def test_flow_refs_select_route_and_border_type():
    ref = parse_flow_ref("frontex_ibc:Eastern Mediterranean Route:Land")
    assert ref == FlowRef("frontex_ibc", "Eastern Mediterranean Route", "Land") and ref.key.endswith(":Land")
    assert parse_flow_ref("uk_small_boats") == FlowRef("uk_small_boats")
    frontex = read_flow_series("frontex_ibc", REPO / "data")
    land = select_flow(frontex, ref)
    assert set(land["crossing_type"]) == {"Land"} and set(land["route"]) == {"Eastern Mediterranean Route"}
    assert flow_label(ref, "detections", "detections", "Frontex").startswith("Frontex, Eastern Mediterranean Route")


def test_unlike_measures_are_never_added():
    frontex = read_flow_series("frontex_ibc", REPO / "data")
    unhcr = read_flow_series("unhcr_italy_sea", REPO / "data")
    with pytest.raises(MeasureMismatchError):
        add_series(frontex, unhcr)


def test_crossings_over_time_by_month_and_for_annual_only_series():
    months = month_range("2023-01", "2024-06")
    uk = read_flow_series("uk_small_boats", REPO / "data")
    monthly = crossings_over_time(uk, FlowRef("uk_small_boats"), months, "month")
    assert len(monthly) == 18 and monthly["complete"].all()
    australia = read_flow_series("australia_boats", REPO / "data")
    yearly = crossings_over_time(australia, FlowRef("australia_boats"), months, "month")
    assert yearly["period"].dt.year.tolist() == [2023, 2024]
    assert yearly["complete"].tolist() == [True, False]  # 2024 only half selected


def test_cause_mix_and_nationalities(incidents, corridors):
    channel = incidents.loc[corridor_incidents(incidents, corridor_by_id(corridors, "english_channel"))]
    causes = cause_mix(channel)
    assert causes["cause"].iloc[0] == "Drowning"
    assert causes["dead_missing"].sum() >= channel["dead_missing"].sum()
    uk = read_flow_series("uk_small_boats", REPO / "data")
    side = nationalities_side_by_side(top_values(channel, "country_of_origin_iso3"), uk, {"AFG": "Afghanistan"},
                                      MONTHS)
    assert side["crossing_share"].eq(0).all()  # the daily UK series has no nationality
    assert side["nationality"].iloc[0] != ""


def test_comparison_table_says_why_values_are_blank(corridors):
    crossings = {entry: ("label", "arrivals", 1000.0) for entries in corridors["flow_series"] for entry in entries}
    crossings["uk_small_boats"] = ("UK", "arrivals", None)
    ever = {cid: cid != "sea_to_australia" for cid in corridors["id"]}
    table = comparison_table(corridors, {"central_med": 50, "english_channel": 7}, ever, crossings, 2024)
    by_id = table.groupby("id")
    assert by_id.size()["central_med"] == 3
    assert table.loc[table["id"] == "central_med", "per_thousand"].tolist() == [50.0, 50.0, 50.0]
    assert table.loc[table["id"] == "english_channel", "note"].iloc[0] == "Not covered in full in 2024"
    assert table.loc[table["id"] == "sahara", "crossing_series"].iloc[0] == NO_SERIES
    australia = table[table["id"] == "sea_to_australia"].iloc[0]
    assert np.isnan(australia["per_thousand"]) and australia["note"] == NO_INCIDENT


def test_figures(incidents, corridors):
    totals = corridor_totals(incidents, corridors)
    data = routes_map_data(corridors, totals)
    assert data.loc[data["id"] == "sea_to_australia", "width"].iloc[0] < data["width"].max()
    assert "Central Mediterranean" in summarise_routes(data)
    deck = build_routes_deck(data, countries_url="/c.geojson", style_url="/s.json")
    assert deck.map_style == "/s.json" and "text" in deck._tooltip
    layer = next(layer for layer in deck.layers if layer.type == "PathLayer")
    assert layer.wrap_longitude and len(layer.data) == 18
    assert build_cause_mix(cause_mix(incidents.head(50)), title="t", source="s").data
    ratio = pd.DataFrame({"year": [2023], "dead_missing": [1.0], "crossings": [100.0], "per_thousand": [10.0],
                          "measure": ["arrivals"], "unit": ["people"]})
    assert build_deaths_per_thousand(ratio, unit="arrivals", title="t", source="s").data
    assert "10.00" in summarise_ratio(ratio, "arrivals")
    empty = build_deaths_per_thousand(ratio.iloc[0:0], unit="arrivals", title="t", source="s")
    assert "No whole year" in empty.layout.annotations[0].text
    series = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "value": [5.0], "complete": [False]})
    assert build_crossings_over_time(series, label="l", unit="arrivals (people)", title="t", source="s").data
    side = pd.DataFrame({"iso3": ["AFG"], "nationality": ["Afghanistan"], "dead_share": [0.5], "crossing_share": [0.2]})
    assert len(build_nationalities(side, crossing_label="arrivals", title="t", source="s").data) == 2
    bars = build_corridor_bars(pd.DataFrame({"label": ["a", "b"], "value": [1.0, np.nan], "mode": ["sea", "land"]}),
                               value="value", axis_title="x", title="t", source="s")
    assert NO_DATA_TEXT in bars.data[0].text


def test_short_names_and_blank_reasons():
    from transforms.corridors import blank_reason, short_publisher

    assert short_publisher("Frontex, via IOM GDI, Central Mediterranean Route: detections") == "Frontex"
    assert short_publisher("Mexico UPM (Boletines Estadísticos, table 3.1.1): migrants presented") == "Mexico UPM"
    assert blank_reason(NO_SERIES) == "no crossing data" and blank_reason(NO_INCIDENT) == "no recorded incident"
    assert blank_reason("Not covered in full in 2024", 2024) == "year not covered" and blank_reason("") == ""


def test_crossings_over_time_reads_the_same_months_from_precomputed_monthly_totals():
    """Given the entry's monthly and annual totals over every period, each window gives what summing its rows
    gives (on the series' rows and on the entry's own rows, as the Corridor profile passes them)."""
    from transforms.corridors import entry_annual_totals, entry_monthly_totals

    for entry in ("frontex_ibc:Central Mediterranean Route", "iom_dtm_europe:ITA", "panama_darien", "australia_boats",
                  "frontex_ibc:Eastern Mediterranean Route:Sea"):
        ref = parse_flow_ref(entry)
        series = read_flow_series(ref.series_id, REPO / "data")
        for flow in (series, select_flow(series, ref)):
            monthly, annual = entry_monthly_totals(flow, ref), entry_annual_totals(flow, ref)
            for first, last in (("2019-03", "2021-03"), ("2016-07", "2016-07"), ("2014-01", "2026-05"),
                                ("2024-11", "2026-05"), ("1990-01", "2030-12")):
                for grain in ("month", "year"):
                    months = month_range(first, last)
                    expected = crossings_over_time(flow, ref, months, grain)
                    pd.testing.assert_frame_equal(crossings_over_time(flow, ref, months, grain, monthly), expected)
                    pd.testing.assert_frame_equal(crossings_over_time(flow, ref, months, grain, monthly, annual),
                                                  expected)


def test_corridor_totals_with_a_given_membership(incidents, corridors):
    from transforms.corridor_membership import membership_matrix

    window = incidents[incidents["month_key"].between(202001, 202012).to_numpy()]
    pd.testing.assert_frame_equal(corridor_totals(window, corridors, membership_matrix(window, corridors)),
                                  corridor_totals(window, corridors))
    central = corridor_totals(window, corridors).set_index("id").loc["central_med"]
    on_route = window[window["migration_route"] == "Central Mediterranean"]
    assert central["dead_missing"] == int(on_route["dead_missing"].fillna(0).sum())


def test_cause_mix_counts_each_listed_cause_in_full():
    frame = pd.DataFrame({"cause_of_death": [("Drowning",), ("Drowning", "Violence"), (), None, ("Violence",)],
                          "dead_missing": pd.array([3, 2, 5, 1, pd.NA], dtype="Int64")})
    mix = cause_mix(frame)
    assert mix["cause"].tolist() == ["Drowning", "Violence"]
    assert mix["dead_missing"].tolist() == [5, 2]
    assert mix["share"].tolist() == [5 / 11, 2 / 11]


def test_corridor_totals_count_split_incidents_once_and_allow_overlapping_corridors(corridors):
    """One Main ID over two rows counts once; a row on two corridors counts on each."""
    frame = pd.DataFrame({"dead_missing": pd.array([3, 4, 5, pd.NA], dtype="Int64"),
                          "event_code": np.array([7, 7, 9, 11], dtype=np.int32)})
    two = corridors.iloc[:2]
    apart = np.array([[True, True, False, False], [False, False, True, True]])
    totals = corridor_totals(frame, two, apart)
    assert totals["dead_missing"].tolist() == [7, 5] and totals["incidents"].tolist() == [1, 2]
    overlapping = np.array([[True, True, True, False], [False, True, True, True]])
    totals = corridor_totals(frame, two, overlapping)
    assert totals["dead_missing"].tolist() == [12, 9] and totals["incidents"].tolist() == [2, 3]


def test_nationality_index_totals_equal_the_frame_totals_for_every_corridor_entry(corridors):
    """The Corridor profile totals crossings per nationality from a prepared index; it must give what
    nationality_totals gives on the rows, for every entry with nationalities and many periods (ties included)."""
    from transforms.corridors import known_nationality_totals, nationality_index

    entries = {entry for entries in corridors["flow_series"] for entry in entries}
    checked = 0
    for entry in sorted(entries):
        ref = parse_flow_ref(entry)
        rows = select_flow(read_flow_series(ref.series_id, REPO / "data"), ref)
        if not (rows["nationality_iso3"] != "").any():
            continue
        index = nationality_index(rows)
        for first, last in [("2009-01", "2026-12"), ("2016-01", "2016-12"), ("2023-03", "2024-02"),
                            ("2024-06", "2024-06"), ("2030-01", "2030-12")]:
            start, end = pd.Period(first, "M").start_time, pd.Period(last, "M").end_time.normalize()
            expected = known_nationality_totals(rows, start, end)
            got = known_nationality_totals(index, start, end)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False)
            months = month_range(first, last)
            dead = pd.DataFrame({"value": ["AFG", "SYR", "OOO"], "dead_missing": [5, 3, 9]})
            pd.testing.assert_frame_equal(nationalities_side_by_side(dead, index, {}, months),
                                          nationalities_side_by_side(dead, rows, {}, months))
            checked += 1
    assert checked >= 10


def test_deaths_per_thousand_pairs_years_as_a_merge_would(incidents, corridors):
    """The fast pairing by year gives what joining the two tables on year gives, for every corridor entry."""
    from transforms.corridors import deaths_per_thousand

    months = month_range("2014-01", "2026-05")
    checked = 0
    for cid, entries in zip(corridors["id"], corridors["flow_series"]):
        deaths = deaths_by_year(incidents.loc[corridor_incidents(incidents, corridor_by_id(corridors, cid))],
                                months, GAPS)
        for entry in entries:
            ref = parse_flow_ref(entry)
            by_year = crossings_by_year(read_flow_series(ref.series_id, REPO / "data"), ref)
            fast = deaths_per_thousand(deaths, by_year)
            merged = deaths_per_thousand(deaths, by_year.assign(year=by_year["year"].astype("int32")))  # the join
            pd.testing.assert_frame_equal(fast, merged, check_dtype=False)
            checked += len(fast)
    assert checked > 20


def test_comparable_years_are_the_whole_covered_years(incidents):
    months = month_range("2014-01", "2026-05")
    years = comparable_years(incidents, months, GAPS)
    assert years[0] == "2014" and "2024" in years and "2025" not in years  # 2025 is partly uncovered
    assert comparable_years(incidents, month_range("2023-03", "2024-12"), GAPS) == ["2024"]
    assert comparable_years(incidents.iloc[0:0], months, GAPS) == []


def test_corridor_year_counts_the_years_incidents_by_the_given_membership(incidents, corridors):
    selection = incidents[incidents["year"].isin([2023, 2024])]
    membership = membership_matrix(selection, corridors)
    year = corridor_year(selection, corridors, membership, 2024)
    in_2024 = selection[selection["year"] == 2024]
    pd.testing.assert_frame_equal(year.totals, corridor_totals(in_2024, corridors, membership_matrix(in_2024,
                                                                                                     corridors)))
    assert year.note == caution_note(in_2024)


def test_year_crossings_label_each_entry_and_say_when_a_series_is_unreadable(corridors):
    entries = flow_entries(corridors)
    assert entries == sorted(set(entries)) and "uk_small_boats" in entries
    uk = read_flow_series("uk_small_boats", REPO / "data")
    meta = {"measure": "arrivals", "unit": "people", "publisher": "UK Home Office", "licence": "OGL"}
    crossed = year_crossings({"uk_small_boats": (meta, crossings_by_year(uk, FlowRef("uk_small_boats"))),
                              "frontex_ibc:Central Mediterranean Route": None}, 2024)
    assert crossed.crossings["uk_small_boats"] == ("UK Home Office: arrivals (people)", "arrivals",
                                                   pytest.approx(raw_sum(FLOWS / "long_uk_small_boats_yearly.csv",
                                                                         lambda r: r["n_year"] == "2024",
                                                                         "migrants_arrived")))
    label, measure, value = crossed.crossings["frontex_ibc:Central Mediterranean Route"]
    assert label.startswith("frontex_ibc, Central Mediterranean Route") and value is None and measure == ""
    assert crossed.sources == ("UK Home Office (OGL)", "frontex_ibc (file unreadable)")
    assert year_crossings({"uk_small_boats": (meta, crossings_by_year(uk, FlowRef("uk_small_boats")))},
                          2026).crossings["uk_small_boats"][2] is None  # 2026 is not a whole year of the series


def test_corridor_comparison_ranks_deaths_and_ratios_and_writes_the_table(incidents, corridors):
    in_2024 = incidents[incidents["year"] == 2024]
    totals = corridor_totals(in_2024, corridors)
    crossings = {entry: ("label", "arrivals", 1000.0) for entry in flow_entries(corridors)}
    crossings["uk_small_boats"] = ("UK", "arrivals", None)
    ever = {cid: cid != "sea_to_australia" for cid in corridors["id"]}
    view = corridor_comparison(corridors, totals, ever, crossings, 2024)
    pd.testing.assert_frame_equal(view.table, comparison_table(
        corridors, dict(zip(totals["id"], totals["dead_missing"])), ever, crossings, 2024))
    assert view.deaths["dead_missing"].is_monotonic_decreasing and view.deaths.iloc[0]["name"] == view.deadliest
    assert view.deadliest == "Central Mediterranean" and view.deadliest_dead_missing == totals["dead_missing"].max()
    assert view.none_recorded == int((totals["dead_missing"] == 0).sum())
    ratios = view.ratios["per_thousand"]
    assert ratios.dropna().is_monotonic_decreasing and ratios.iloc[-1] != ratios.iloc[-1]  # blanks last
    assert view.with_ratio + view.without_ratio == len(view.table) and view.with_ratio == ratios.notna().sum()
    channel = view.ratios[view.ratios["id"] == "english_channel"].iloc[0]
    assert channel["label"] == "English Channel · arrivals (UK)" and channel["blank"] == "year not covered"
    assert view.ratios.loc[view.ratios["id"] == "sahara", "label"].iloc[0] == "Sahara Desert crossing · no series"
    shown = view.shown.set_index("corridor")
    assert "id" not in view.shown.columns and "publisher" not in view.shown.columns
    assert shown.loc["Sahara Desert crossing", "crossings"] == "no crossing data"
    assert shown.loc["Sahara Desert crossing", "per 1,000 crossings"] == "none"
    central = view.table[view.table["id"] == "central_med"].iloc[0]
    assert shown.loc["Central Mediterranean", "per 1,000 crossings"].iloc[0] == f"{central['per_thousand']:,.2f}"
    assert corridor_modes(corridors) == sorted(set(corridors["mode"]))


def test_routes_table_and_profile_links(incidents, corridors):
    totals = corridor_totals(incidents[incidents["year"] == 2024], corridors)
    table = routes_table(totals)
    assert list(table.columns) == ["corridor", "mode", "dead_missing", "incidents"]
    assert table["dead_missing"].is_monotonic_decreasing and len(table) == len(corridors)
    links = profile_links(totals)
    assert [corridor_id for corridor_id, _ in links][0] == "central_med"
    by_id = dict(links)
    central = int(totals.loc[totals["id"] == "central_med", "dead_missing"].iloc[0])
    assert by_id["central_med"] == f"Central Mediterranean ({central:,} dead and missing)"
    assert by_id["sea_to_australia"] == "South-East Asia to Australia by sea (none recorded)"
    assert corridor_names(corridors)["central_med"] == "Central Mediterranean"
    assert crossings_total(pd.DataFrame({"value": [1.5, 2.5]})) == 4.0
