"""Comparison transforms on the real data: reconciliation with the raw IOM file (csv module), the
Asia-Pacific preset, the URL group rules, the index, the "where recorded" children share, and the
integer-code measures checked against plain pandas on the same rows."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tests.raw_iom import first_categorised, number, raw_rows
from transforms.comparison import (
    MAX_GROUPS,
    PRESETS,
    UNKNOWN_ORIGINS,
    base_year_options,
    cause_mix,
    comparison_filters,
    comparison_table,
    default_base_year,
    default_groups,
    group_profile,
    in_groups,
    indexed_to_base,
    parse_groups,
    preset_groups,
    top_nationalities,
    yearly_by_group,
)
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS
from transforms.filters import apply_filters
from transforms.periods import month_range, source_coverage, uncovered_months


@pytest.fixture(scope="module")
def asia(incidents, options):
    groups = preset_groups("asia-pacific", options.values["subregions"])
    chosen = in_groups(incidents, "subregion", groups)
    months = month_range(options.months[0], options.months[-1])
    return groups, chosen, yearly_by_group(chosen, groups, months, uncovered_months(source_coverage(incidents)))


def test_asia_pacific_preset_is_the_m49_sub_regions_present(asia):
    groups, _, _ = asia
    assert groups == ("Southern Asia", "South-eastern Asia", "Eastern Asia")
    assert set(groups) <= set(ASIA_PACIFIC_SUBREGIONS)


def test_asia_pacific_total_for_one_year_reconciles_with_the_raw_file(asia):
    _, _, yearly = asia
    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows()
                   if r["Incident Year"] == "2023" and first_categorised(r["UNSD Geographical Grouping"])
                   in ASIA_PACIFIC_SUBREGIONS)
    assert yearly.loc[yearly["year"] == 2023, "dead_missing"].sum() == expected > 0


def test_a_route_per_year_reconciles_with_the_raw_file(incidents, options):
    groups = ("Central Mediterranean", "Darien")
    chosen = in_groups(incidents, "route", groups)
    yearly = yearly_by_group(chosen, groups, month_range(options.months[0], options.months[-1]),
                             uncovered_months(source_coverage(incidents)))
    for group in groups:
        expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows()
                       if r["Incident Year"] == "2022" and r["Migration Route"].split(",")[0] == group)
        got = yearly.loc[(yearly["group"] == group) & (yearly["year"] == 2022), "dead_missing"].item()
        assert got == expected > 0


def test_partial_years_are_flagged_and_not_offered_as_a_base(asia):
    _, _, yearly = asia
    partial = set(yearly.loc[yearly["partial"], "year"])
    assert {2025, 2026} <= partial
    assert base_year_options(yearly) == list(range(2014, 2025))


def test_index_is_100_in_the_base_year_and_blank_for_partial_years(asia):
    groups, _, yearly = asia
    indexed = indexed_to_base(yearly, 2019)
    base = indexed[indexed["year"] == 2019]
    assert np.allclose(base["index"], 100)
    assert indexed.loc[indexed["partial"], "index"].isna().all()
    row = indexed[(indexed["group"] == "South-eastern Asia") & (indexed["year"] == 2024)].iloc[0]
    base_value = yearly[(yearly["group"] == "South-eastern Asia") & (yearly["year"] == 2019)]["dead_missing"].item()
    assert row["index"] == pytest.approx(row["dead_missing"] / base_value * 100)


def test_cause_mix_shares_sum_to_one_per_group(asia):
    groups, chosen, _ = asia
    causes = cause_mix(chosen, groups)
    assert np.allclose(causes.groupby("group")["share"].sum(), 1.0)
    assert causes["dead_missing"].sum() >= chosen["dead_missing"].sum()  # several causes count under each


def test_profile_children_share_counts_only_incidents_with_a_child_count(asia):
    groups, chosen, _ = asia
    profile = group_profile(chosen, groups).set_index("group")
    part = chosen[chosen["group"] == "South-eastern Asia"]
    recorded = part[part["children"].notna()]
    row = profile.loc["South-eastern Asia"]
    assert row["children_share_where_recorded"] == pytest.approx(recorded["children"].sum() / recorded["dead_missing"].sum())
    assert row["dead_share"] + row["missing_share"] == pytest.approx(1.0)
    assert row["survivors_per_incident"] == pytest.approx(part["survivors"].fillna(0).sum() / part["main_id"].nunique())
    assert np.isnan(profile.loc["Eastern Asia", "children_share_where_recorded"])  # no child count recorded


def test_top_nationalities_skip_unknown_origins(asia):
    groups, chosen, _ = asia
    top = top_nationalities(chosen, groups)
    assert top.groupby("group").size().max() <= 5
    assert not top["country_of_origin"].isin(["Unknown", "Mixed"]).any()
    assert top.loc[(top["group"] == "Southern Asia") & (top["rank"] == 1), "country_of_origin"].item() == "Afghanistan"


def test_comparison_table_holds_every_number_for_every_group(asia):
    groups, chosen, yearly = asia
    table = comparison_table(group_profile(chosen, groups), indexed_to_base(yearly, 2019), cause_mix(chosen, groups),
                             top_nationalities(chosen, groups))
    assert list(table.columns) == ["group", "measure", "unit", "value"]
    assert set(table["group"]) == set(groups)
    assert {"Dead and missing", "Share of children, where recorded", "Index, 2024"} <= set(table["measure"])


def test_parse_groups_drops_unknown_and_extra_groups():
    available = [f"Route {i}" for i in range(10)]
    kept, notice = parse_groups(["Route 1", "Atlantis", "Route 1", "Route 2"], available)
    assert kept == ("Route 1", "Route 2") and "Atlantis" in notice
    kept, notice = parse_groups(available, available)
    assert len(kept) == MAX_GROUPS and "first 6" in notice
    kept, notice = parse_groups([*available, "Atlantis"], available)  # both in one notice
    assert len(kept) == MAX_GROUPS and "Atlantis" in notice and "first 6" in notice
    assert parse_groups(available[:2], available) == (tuple(available[:2]), None)


def test_presets_use_route_values_present_in_the_data(options):
    for key, (_, dimension, groups) in PRESETS.items():
        attr = {"region": "regions", "subregion": "subregions", "route": "routes", "place": "places"}[dimension]
        present = preset_groups(key, options.values[attr])
        assert len(present) >= 2 and set(present) <= set(groups), key
        if dimension == "route":
            assert present == tuple(groups)[:MAX_GROUPS]


def test_the_compared_dimension_filter_is_set_aside_but_others_apply(incidents, options):
    filters = replace(options.default(), routes=("Darien",), period_from="2024-01", period_to="2024-12")
    eased = comparison_filters(filters, "route")
    assert eased.routes == () and eased.period_from == "2024-01"
    selection = apply_filters(incidents, eased, options)
    assert default_groups(selection, "route", 2) == ("Central Mediterranean", "Afghanistan to Iran")


def without_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a reader without integer keys would give it: no ``_key`` or ``event_code`` columns and
    plain text instead of categoricals (the transforms then hash the cells themselves)."""
    plain = frame.drop(columns=[c for c in frame.columns if c.endswith("_key") or c == "event_code"])
    return plain.astype({c: "str" for c in plain.columns if isinstance(plain[c].dtype, pd.CategoricalDtype)})


@pytest.fixture(scope="module")
def routes(incidents, options):
    """Three routes (one with no incident in the window) compared over 2019-2021, keyed and plain."""
    groups = ("Central Mediterranean", "Darien", "Atlantis")
    window = apply_filters(incidents, replace(options.default(), period_from="2019-01", period_to="2021-12"), options)
    return groups, window, in_groups(window, "route", groups), in_groups(without_keys(window), "route", groups)


def test_in_groups_reads_tuple_columns_through_their_keys(routes):
    groups, window, chosen, plain = routes
    assert "cause_of_death" not in chosen and "cause_of_death_key" in chosen  # the tuples stay behind
    assert "cause_of_death" in plain  # a frame without keys keeps them
    assert chosen["group"].cat.categories.tolist() == list(groups) and chosen["group"].cat.ordered
    expected = window.index[window["migration_route"].isin(groups)]
    assert chosen.index.equals(expected) and plain.index.equals(expected)


def test_measures_are_the_same_with_or_without_integer_keys(routes):
    groups, _, chosen, plain = routes
    for measure in (cause_mix, group_profile, top_nationalities):
        pd.testing.assert_frame_equal(measure(chosen, groups), measure(plain, groups))
    months = month_range("2019-01", "2021-12")
    pd.testing.assert_frame_equal(yearly_by_group(chosen, groups, months), yearly_by_group(plain, groups, months))


def test_measures_match_plain_pandas_group_by_group(routes):
    groups, _, chosen, plain = routes
    profile = group_profile(chosen, groups).set_index("group")
    top = top_nationalities(chosen, groups, n=3)
    for group in groups[:2]:
        part = plain[plain["group"] == group]
        assert profile.loc[group, "incidents"] == part["main_id"].nunique() > 0
        assert profile.loc[group, "incidents_children_recorded"] == part.loc[part["children"].notna(),
                                                                             "main_id"].nunique()
        assert profile.loc[group, "survivors"] == part["survivors"].sum()
        origins = part.explode("country_of_origin").dropna(subset=["country_of_origin"])
        sums = origins[~origins["country_of_origin"].isin(UNKNOWN_ORIGINS)].groupby(
            "country_of_origin")["dead_missing"].sum()
        expected = sums[sums > 0].sort_values(ascending=False, kind="stable").head(3)
        mine = top[top["group"] == group]
        assert mine["country_of_origin"].tolist() == expected.index.tolist()
        assert mine["dead_missing"].tolist() == expected.astype(float).tolist()
        assert mine["share"].tolist() == pytest.approx((expected / part["dead_missing"].sum()).tolist())


def test_a_group_without_incidents_gets_zeros_and_blanks(routes):
    groups, _, chosen, _ = routes
    profile = group_profile(chosen, groups).set_index("group").loc["Atlantis"]
    assert profile["incidents"] == 0 and profile["dead_missing"] == 0 and np.isnan(profile["dead_share"])
    causes = cause_mix(chosen, groups)
    assert (causes.loc[causes["group"] == "Atlantis", "dead_missing"] == 0).all()
    assert causes.loc[causes["group"] == "Atlantis", "share"].isna().all()
    assert "Atlantis" not in set(top_nationalities(chosen, groups)["group"])
    yearly = yearly_by_group(chosen, groups, month_range("2019-01", "2021-12"))
    assert yearly.loc[yearly["group"] == "Atlantis", "dead_missing"].tolist() == [0.0, 0.0, 0.0]


def test_default_base_year_is_the_first_whole_year_every_group_has_deaths():
    yearly = pd.DataFrame({"group": ["A", "A", "A", "B", "B", "B"], "year": [2019, 2020, 2021] * 2,
                           "dead_missing": [5.0, 3.0, 2.0, 0.0, 4.0, 1.0]})
    assert default_base_year(yearly, [2019, 2020, 2021], ("2019-01",)) == 2020
    assert default_base_year(yearly, [2019], ("2019-01",)) == 2019  # no year with deaths in every group
    assert default_base_year(yearly, [], ("2018-05",)) == 2018  # no whole year at all
