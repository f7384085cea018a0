"""Trend transforms on the real data: reconciliation with the raw IOM file (read with the csv
module), export gaps left blank, rolling windows blank across gaps, and the Other/unknown rules."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tests.raw_iom import first_categorised, number, raw_rows
from transforms.filters import apply_filters
from transforms.periods import dead_missing_by_period, incomplete_months, month_range, source_coverage, uncovered_months
from transforms.trends import (
    ALL,
    OTHER,
    UNKNOWN,
    UNKNOWN_VALUES,
    change_on_year_earlier,
    dead_missing_by_period_and_group,
    rolling_twelve_months,
)


def ranked_by_dead_missing(long: pd.DataFrame, column: str) -> list:
    """The values of ``column`` in ``long`` (one row per incident and value), most dead and missing first."""
    totals = long.groupby(column, observed=True)["dead_missing"].sum()
    return totals.sort_values(ascending=False, kind="stable").index.tolist()


@pytest.fixture(scope="module")
def whole(incidents, options):
    months = month_range(options.months[0], options.months[-1])
    gaps = uncovered_months(source_coverage(incidents))
    return incidents, months, gaps


def test_yearly_total_per_sub_region_reconciles_with_the_raw_file(whole):
    incidents, months, gaps = whole
    table = dead_missing_by_period_and_group(incidents, "subregion", "year", months, gaps, n=None)
    for subregion in ("South-eastern Asia", "Southern Asia", "Northern Africa"):
        expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows()
                       if r["Incident Year"] == "2023" and first_categorised(r["UNSD Geographical Grouping"]) == subregion
                       and r["Incident Date"])
        got = table.loc[(table["group"] == subregion) & (table["label"] == "2023"), "dead_missing"].item()
        assert got == expected > 0


def test_groups_add_up_to_the_total_for_single_valued_splits(whole):
    incidents, months, gaps = whole
    total = dead_missing_by_period(incidents, "year", months, gaps).set_index("label")["dead_missing"]
    for split in ("region", "route"):
        table = dead_missing_by_period_and_group(incidents, split, "year", months, gaps)
        summed = table.groupby("label")["dead_missing"].sum(min_count=1)
        assert summed.reindex(total.index).equals(total)
        assert summed["2024"] == 9002
        shares = table.dropna(subset=["share"]).groupby("label")["share"].sum()
        assert np.allclose(shares, 1.0)


def test_top_n_other_and_unknown(whole):
    incidents, months, gaps = whole
    table = dead_missing_by_period_and_group(incidents, "route", "year", months, gaps, n=3)
    groups = list(dict.fromkeys(table["group"]))
    dated = incidents.dropna(subset=["date"])
    assert groups == ranked_by_dead_missing(dated, "migration_route")[:3] + [OTHER, UNKNOWN]
    assert groups[0] == "Central Mediterranean"


def test_list_valued_splits_count_an_incident_under_each_value(whole):
    incidents, months, gaps = whole
    table = dead_missing_by_period_and_group(incidents, "cause", "year", months, gaps, n=None)
    summed = table.groupby("label")["dead_missing"].sum(min_count=1)
    total = dead_missing_by_period(incidents, "year", months, gaps).set_index("label")["dead_missing"]
    assert (summed.reindex(total.index).dropna() >= total.dropna()).all()
    assert (summed > total).any()  # some incidents list two causes
    origins = dead_missing_by_period_and_group(incidents, "origin", "year", months, gaps)
    assert UNKNOWN in set(origins["group"]) and "Unknown" not in set(origins["group"])


def test_export_gap_is_blank_never_zero(whole):
    incidents, months, gaps = whole
    assert gaps[0] == "2025-05" and gaps[-1] == "2025-12"
    table = dead_missing_by_period_and_group(incidents, "region", "month", months, gaps)
    in_gap = table[table["period"].between("2025-05-01", "2025-12-01")]
    assert not in_gap.empty and in_gap["dead_missing"].isna().all()
    assert not in_gap["covered"].any()


def test_no_split_is_one_group_equal_to_the_total(whole):
    incidents, months, gaps = whole
    table = dead_missing_by_period_and_group(incidents, "none", "quarter", months, gaps)
    assert set(table["group"]) == {ALL}
    expected = dead_missing_by_period(incidents, "quarter", months, gaps)["dead_missing"]
    assert table["dead_missing"].equals(expected)


def test_incomplete_months_are_the_exports_last_partial_months():
    assert incomplete_months(["2025-04-29", "2026-05-03"]) == ["2025-04", "2026-05"]
    assert incomplete_months(["2024-12-31", None, ""]) == []


def test_rolling_twelve_months_matches_calendar_year_and_is_blank_across_the_gap(whole):
    incidents, months, gaps = whole
    rolling = rolling_twelve_months(incidents, months, gaps, ["2025-04", "2026-05"]).set_index("label")
    assert rolling.loc["Dec 2024", "rolling_12m"] == 9002  # = the raw 2024 total
    assert rolling.loc["Dec 2023", "rolling_12m"] == 8747
    assert rolling.loc["Dec 2024", "change"] == 255
    assert np.isnan(rolling.loc["Nov 2014", "rolling_12m"])  # fewer than 12 months in the period
    assert not np.isnan(rolling.loc["Dec 2014", "rolling_12m"])
    # Every window touching April 2025 (partial) or the May-Dec 2025 gap is blank, not falsely low.
    after = rolling.loc["Apr 2025":"Apr 2026", "rolling_12m"]
    assert after.isna().all()
    assert rolling.loc["Mar 2025", "rolling_12m"] > 0


def test_rolling_window_needs_twelve_selected_months(incidents, options):
    selection = apply_filters(incidents, replace(options.default(), period_from="2024-01", period_to="2024-12"), options)
    rolling = rolling_twelve_months(selection, month_range("2024-01", "2024-12"), [], [])
    assert rolling["rolling_12m"].notna().sum() == 1 and rolling["rolling_12m"].iloc[-1] == 9002


def test_change_on_year_earlier_skips_partial_periods(whole):
    incidents, months, gaps = whole
    yearly = change_on_year_earlier(incidents, "year", months, gaps, ["2025-04", "2026-05"]).set_index("label")
    assert yearly.loc["2024", "change"] == 255 and yearly.loc["2024", "year_earlier"] == 8747
    assert yearly.loc["2024", "change_pct"] == pytest.approx(255 / 8747)
    assert np.isnan(yearly.loc["2025", "change"]) and np.isnan(yearly.loc["2026", "change"])
    monthly = change_on_year_earlier(incidents, "month", months, gaps, ["2025-04", "2026-05"]).set_index("label")
    assert np.isnan(monthly.loc["Apr 2025", "change"])  # partial month
    assert monthly.loc["Jan 2026", "change"] == monthly.loc["Jan 2026", "dead_missing"] - monthly.loc["Jan 2025", "dead_missing"]


def test_transforms_do_not_mutate_their_input(incidents, options):
    sample = incidents.head(500)
    before = sample.copy(deep=True)
    months = month_range("2014-01", "2014-12")
    dead_missing_by_period_and_group(sample, "cause", "month", months, [])
    rolling_twelve_months(sample, months, [], [])
    change_on_year_earlier(sample, "quarter", months, [], [])
    pd.testing.assert_frame_equal(sample, before)


def test_groups_per_period_equal_the_exploded_rows_summed(whole):
    """Sums come from integer codes per distinct cell; the result is the plain definition: one row per
    (incident row, listed value), grouped by calendar quarter and value (covered quarters only)."""
    incidents, months, gaps = whole
    table = dead_missing_by_period_and_group(incidents, "origin", "quarter", months, gaps, n=None)
    long = incidents.dropna(subset=["date"]).explode("country_of_origin")
    long = long[long["country_of_origin"].notna() & ~long["country_of_origin"].isin(UNKNOWN_VALUES)]
    expected = long.groupby([long["date"].dt.to_period("Q").dt.start_time, "country_of_origin"])["dead_missing"].sum()
    got = table.dropna(subset=["dead_missing"]).set_index(["period", "group"])["dead_missing"]
    got = got[(got > 0) & (got.index.get_level_values("group") != UNKNOWN)]
    covered = expected[expected.index.get_level_values(0).isin(got.index.get_level_values("period"))]
    covered = covered[covered > 0]
    assert got.sort_index().astype(int).to_dict() == covered.sort_index().astype(int).to_dict()
    top = dead_missing_by_period_and_group(incidents, "origin", "quarter", months, gaps, n=5)
    assert list(dict.fromkeys(top["group"]))[:5] == ranked_by_dead_missing(long, "country_of_origin")[:5]
