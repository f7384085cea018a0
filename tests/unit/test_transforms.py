"""Pure transforms: filtering, headline figures, time series with gaps, rankings, map cells, exports."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from loaders.corridors import corridors_path, read_corridors
from loaders.countries import read_countries
from loaders.paths import countries_path
from tests.conftest import DATA
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS
from transforms.exports import csv_with_header, spreadsheet_safe
from transforms.filters import apply_filters
from transforms.hazards import cause_mix_by_corridor, cause_mix_by_year
from transforms.headlines import headline_figures
from transforms.maps import map_cells
from transforms.periods import dead_missing_by_period, month_range, source_coverage, uncovered_months
from transforms.quality import quality_flag_summary
from transforms.rankings import top_values


def test_filters_never_mutate_the_input(incidents, options):
    before = incidents.copy()
    apply_filters(incidents, replace(options.default(), causes=("Drowning",)), options)
    pd.testing.assert_frame_equal(incidents, before)


def test_undated_incidents_count_only_over_the_whole_period(incidents, options):
    everything = apply_filters(incidents, options.default(), options)
    assert everything["date"].isna().sum() == 13
    narrower = apply_filters(incidents, replace(options.default(), period_from="2014-02"), options)
    assert narrower["date"].isna().sum() == 0


def test_list_columns_match_any_listed_value(incidents, options):
    drowning = apply_filters(incidents, replace(options.default(), causes=("Drowning",)), options)
    assert drowning["cause_of_death"].map(lambda c: "Drowning" in c).all()
    assert drowning["cause_of_death"].map(len).max() > 1  # incidents with several causes are included


def test_headline_counts_distinct_incidents(incidents):
    figures = headline_figures(incidents)
    assert figures.incidents == incidents["main_id"].nunique()
    assert figures.dead_missing == figures.dead + figures.missing


def test_gap_months_are_blank_not_zero(incidents, options):
    gaps = uncovered_months(source_coverage(incidents))
    assert gaps[0] == "2025-05" and gaps[-1] == "2025-12"
    monthly = dead_missing_by_period(incidents, "month", options.months, gaps).set_index("label")
    assert pd.isna(monthly.loc["Aug 2025", "dead_missing"])
    assert monthly.loc["Apr 2025", "dead_missing"] > 0
    yearly = dead_missing_by_period(incidents, "year", options.months, gaps).set_index("label")
    assert yearly.loc["2024", "dead_missing"] == 9002 and yearly.loc["2024", "coverage"] == 1
    assert yearly.loc["2025", "coverage"] == 4 / 12  # Jan-Apr only
    assert yearly.loc["2026", "coverage"] == 5 / 12


def test_quarters(incidents, options):
    quarterly = dead_missing_by_period(incidents, "quarter", month_range("2024-01", "2024-12"), [])
    assert quarterly["label"].tolist() == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]
    assert quarterly["dead_missing"].sum() == 9002


def test_top_values_explode_list_columns(incidents):
    origins = top_values(incidents, "country_of_origin", n=5)
    assert len(origins) == 5 and "Unknown" not in set(origins["value"])
    assert origins["dead_missing"].is_monotonic_decreasing
    routes = top_values(incidents, "migration_route", n=3)
    assert routes.iloc[0]["value"] == "Central Mediterranean"


def test_map_cells_are_bounded_by_the_grid(incidents):
    cells = map_cells(incidents, cell_degrees=2.0)
    assert len(cells) <= (360 // 2) * (180 // 2)
    assert cells["dead_missing"].sum() == incidents["dead_missing"].sum()
    assert map_cells(incidents.head(0)).empty


def test_quality_flags_are_counted(incidents):
    summary = quality_flag_summary(incidents).set_index("handling")
    assert summary.filter(like="Undated", axis=0)["rows"].iloc[0] == 13
    # 5 + 5 in the 2025 export, 1 + 1 in the 2026 one (2026.MMP0190218, 2026.MMP0149175)
    assert summary.filter(like="Negative missing", axis=0)["rows"].iloc[0] == 6
    assert summary.filter(like="Negative survivors", axis=0)["rows"].iloc[0] == 6


def test_asia_pacific_sub_regions_are_m49_sub_regions_holding_its_countries():
    countries = read_countries(countries_path())
    within = countries["subregion"].isin(ASIA_PACIFIC_SUBREGIONS)
    assert set(ASIA_PACIFIC_SUBREGIONS) <= set(countries["subregion"])
    assert {"MMR", "BGD", "MYS", "IDN", "THA", "AUS", "AFG", "PNG"} <= set(countries.loc[within, "iso3"])
    assert not countries.loc[within, "iso3"].isin(["TUR", "LBY"]).any()


def test_spreadsheet_safe_exports():
    frame = pd.DataFrame({"location": ["=HYPERLINK(\"x\")", "+1", "-2 km", "@SUM", "Lampedusa"], "dead": [1, 2, 3, 4, 5],
                          "cause": [("Drowning", "Violence")] * 5})
    safe = spreadsheet_safe(frame)
    assert safe["location"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2 km", "'@SUM", "Lampedusa"]
    assert safe["dead"].tolist() == [1, 2, 3, 4, 5]
    assert safe["cause"].iloc[0] == "Drowning; Violence"
    text = csv_with_header(frame, ["Source: test"]).decode()
    assert text.startswith('"# Source: test"\n') and '"\'=HYPERLINK(""x"")"' in text


def test_value_codes_stand_for_each_rows_own_cell(incidents):
    """The reader's integer keys decode to exactly the cell of every row, tuples and categoricals alike,
    and the period key agrees with the date."""
    from loaders.fatalities import month_keys, value_codes

    for column in ("cause_of_death", "country_of_origin", "country_of_origin_iso3", "region_of_origin",
                   "migration_route", "unsd_subregion"):
        codes, uniques = value_codes(incidents, column)
        cells = incidents[column].tolist()
        decoded = [uniques[c] if c >= 0 else None for c in codes]
        assert all((a == b) or (pd.isna(a) and b is None) for a, b in zip(cells, decoded)), column
    part = incidents[incidents["unsd_subregion"] == "South-eastern Asia"]
    codes, uniques = value_codes(part, "cause_of_death")
    assert [uniques[c] for c in codes] == part["cause_of_death"].tolist()
    assert (incidents["month_key"].to_numpy() == month_keys(incidents["date"])).all()


def test_a_period_alone_is_cut_as_one_slice_equal_to_the_masked_rows(incidents, options):
    """The reader sorts by date, so a period picks one run of rows, returned without copying; any other
    filter is still applied by mask. Both give exactly the rows the mask picks, in order."""
    from transforms.filters import filter_mask

    for spec in ({"period_from": "2019-03", "period_to": "2021-03"}, {"period_from": "2024-03"},
                 {"period_from": "2019-03", "period_to": "2021-03", "causes": ("Drowning",)},
                 {"period_from": "2025-06", "period_to": "2025-11"}):
        filters = replace(options.default(), **spec)
        mask = filter_mask(incidents, filters, options)
        chosen = apply_filters(incidents, filters, options)
        pd.testing.assert_frame_equal(chosen, incidents.loc[mask])
        shuffled = incidents.iloc[::-1]  # not sorted by date: no single run, the mask still decides
        pd.testing.assert_frame_equal(apply_filters(shuffled, filters, options),
                                      shuffled.loc[filter_mask(shuffled, filters, options)])
        narrow = apply_filters(incidents, filters, options, columns=["dead", "event_code"])
        assert list(narrow.columns) == ["dead", "event_code"]
        pd.testing.assert_frame_equal(narrow, chosen[["dead", "event_code"]])


def test_transforms_do_not_mutate_their_input(incidents, options):
    """The app's promise, not pandas' copy-on-write: a transform gives a new frame and leaves its input as it was
    (the loaded incidents are one frame shared by every session), checked against a deep copy taken before."""
    sample = incidents.iloc[::20].copy(deep=True)
    before = sample.copy(deep=True)
    for spec in ({}, {"period_from": "2019-03", "period_to": "2021-03"}, {"causes": ("Drowning",)}):
        assert apply_filters(sample, replace(options.default(), **spec), options) is not sample
    headline_figures(sample)
    dead_missing_by_period(sample, "quarter", month_range("2019-01", "2021-12"), [])
    top_values(sample, "country_of_origin", n=5), top_values(sample, "migration_route")
    map_cells(sample, cell_degrees=2.0)
    quality_flag_summary(sample), uncovered_months(source_coverage(sample))
    spreadsheet_safe(sample), csv_with_header(sample.head(50), ["Source: test"])
    corridors = read_corridors(corridors_path(DATA))
    cause_mix_by_corridor(sample, corridors), cause_mix_by_year(sample, corridors, None, "Central Mediterranean")
    pd.testing.assert_frame_equal(sample, before)


def test_distinct_and_counts_by_integer_codes_match_plain_python():
    """distinct and dense_codes (bincount or sort, by the values' range) and the incident counters, where
    split incidents (one Main ID on several rows) count once per group or value."""
    import numpy as np

    from transforms.counting import (
        dense_codes,
        distinct,
        distinct_count,
        events_per_group,
        events_per_value,
        repeat_rows,
    )

    rng = np.random.default_rng(7)
    for values in (np.array([], dtype=np.int32), np.array([4, 4, 1], dtype=np.int32), rng.integers(-5, 40, 300),
                   rng.integers(0, 10**12, 300), np.array([3, 3, 1], dtype=np.uint64)):
        found = distinct(values)
        assert found.dtype == values.dtype and found.tolist() == sorted(set(values.tolist()))
        keys, position = dense_codes(values)
        assert keys.tolist() == found.tolist() and keys[position].tolist() == values.tolist()
    groups = rng.integers(0, 6, 500)
    events = rng.integers(0, 350, 500)  # many events on several rows, some in several groups
    # In date order (codes numbered by first row) only the rows of repeated events are returned; in any order,
    # at least those.
    numbered = pd.factorize(events)[0]
    repeated = {i for i, e in enumerate(numbered.tolist()) if numbered.tolist().count(e) > 1}
    assert set(repeat_rows(numbered).tolist()) == repeated
    assert set(repeat_rows(events).tolist()) >= {i for i, e in enumerate(events.tolist()) if events.tolist().count(e) > 1}
    assert distinct_count(events) == len(set(events.tolist())) == distinct_count(numbered)
    expected = [len({e for g, e in zip(groups, events) if g == group}) for group in range(7)]
    assert events_per_group(groups, events, 7).tolist() == expected
    # Cells listing values: cell 0 none, 1 -> {0}, 2 -> {0, 2}, 3 -> {1} (a pair given twice counts once).
    pair_cell, pair_value = np.array([1, 2, 2, 3, 3]), np.array([0, 0, 2, 1, 1])
    listed = {0: set(), 1: {0}, 2: {0, 2}, 3: {1}}
    cells = rng.integers(0, 4, 500)
    expected = [len({e for c, e in zip(cells, events) if value in listed[c]}) for value in range(3)]
    assert events_per_value(cells, events, pair_cell, pair_value, 4, 3).tolist() == expected


def test_period_table_can_leave_out_measures(incidents, options):
    months = month_range("2019-03", "2021-03")
    full = dead_missing_by_period(incidents, "quarter", months)
    people = dead_missing_by_period(incidents, "quarter", months, measures=("dead_missing",))
    assert list(people.columns) == ["period", "label", "dead_missing", "covered", "coverage"]
    pd.testing.assert_frame_equal(people, full[people.columns])
    calendar = dead_missing_by_period(incidents, "quarter", months, measures=())
    pd.testing.assert_frame_equal(calendar, full[["period", "label", "covered", "coverage"]])


def test_top_values_reads_the_same_from_its_memo_of_each_column_categories(incidents):
    """What each distinct cell lists is worked out once per categories object; any cut of the frame, read
    again, gives what a frame with freshly built categories (no memo) gives."""
    from loaders.fatalities import KEY_SUFFIX

    cuts = [incidents, incidents[incidents["month_key"] >= 202301], incidents[incidents["unsd_subregion"] == "Northern Africa"]]
    for column in ("country_of_origin", "cause_of_death", "migration_route", "country_of_origin_iso3"):
        for cut in cuts:
            for n in (3, 1000):
                remade = cut.copy()
                key = column + KEY_SUFFIX if column + KEY_SUFFIX in cut.columns else column
                remade[key] = remade[key].astype(object).astype("category")  # new categories: nothing memoised
                pd.testing.assert_frame_equal(top_values(cut, column, n=n), top_values(remade, column, n=n))
                pd.testing.assert_frame_equal(top_values(cut, column, n=n), top_values(cut, column, n=n))


def _quality_by_rows(incidents):
    """The plain computation, row by row: each score as text (or "not scored"), its people and distinct Main IDs."""
    people, events = {}, {}
    for score, dead_missing, main_id in zip(incidents["source_quality"].tolist(), incidents["dead_missing"].tolist(),
                                            incidents["main_id"].tolist()):
        name = "not scored" if pd.isna(score) else str(score)
        people[name] = people.get(name, 0) + (0 if pd.isna(dead_missing) else dead_missing)
        events.setdefault(name, set()).add(main_id)
    names = sorted(people)
    return pd.DataFrame({"source_quality": pd.array(names, dtype="string"),
                         "dead_missing": pd.array([int(people[n]) for n in names], dtype="int64"),
                         "incidents": pd.array([len(events[n]) for n in names], dtype="int64")})


def test_source_quality_profile_equals_the_plain_computation(incidents):
    from transforms.quality import source_quality_profile

    unscored = incidents.assign(source_quality=incidents["source_quality"].mask(incidents.index % 7 == 0))
    for frame in (incidents, unscored, unscored.iloc[100:400], incidents.iloc[:0], incidents.iloc[:1]):
        pd.testing.assert_frame_equal(source_quality_profile(frame), _quality_by_rows(frame))
    profile = source_quality_profile(unscored)
    assert profile["source_quality"].tolist() == ["1", "2", "3", "4", "5", "not scored"]
    assert profile["incidents"].sum() >= unscored["main_id"].nunique()  # split incidents can hold two scores
