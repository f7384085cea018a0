"""Figures reconcile with the raw IOM file, read independently with the csv module."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from transforms.filters import apply_filters
from transforms.headlines import headline_figures

RAW_2025 = "data/iom_mmp/Missing_Migrants_Global_Figures_allData.csv"
RAW_2026 = "data/iom_mmp/MissingMigrants-Global-2026-05-06--19_42_11.csv"


REPO = Path(__file__).resolve().parents[2]


def raw_rows(path):
    with open(REPO / path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(cell: str) -> int:
    return int(cell) if cell.strip() else 0


def test_2024_dead_and_missing_with_no_other_filter_equals_raw_sum(incidents, options):
    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows(RAW_2025) if r["Incident Year"] == "2024")
    selection = apply_filters(incidents, replace(options.default(), period_from="2024-01", period_to="2024-12"), options)
    assert headline_figures(selection).dead_missing == expected == 9002


def test_no_filter_equals_every_row_of_both_exports(incidents, options):
    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows(RAW_2025))
    expected += sum(number(r["Number Dead"]) + number(r["Minimum Estimated Number of Missing"]) for r in raw_rows(RAW_2026))
    figures = headline_figures(apply_filters(incidents, options.default(), options))
    assert figures.dead_missing == expected
    assert figures.dead == sum(number(r["Number of Dead"]) for r in raw_rows(RAW_2025)) + sum(
        number(r["Number Dead"]) for r in raw_rows(RAW_2026))


def test_a_route_over_all_years(incidents, options):
    """Two rows list two routes; the documented rule files them under the first."""
    route = "Central Mediterranean"
    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows(RAW_2025)
                   if r["Migration Route"].split(",")[0] == route)
    expected += sum(number(r["Number Dead"]) + number(r["Minimum Estimated Number of Missing"])
                    for r in raw_rows(RAW_2026) if r["Migration route"].split(",")[0] == route)
    selection = apply_filters(incidents, replace(options.default(), routes=(route,)), options)
    assert headline_figures(selection).dead_missing == expected


def test_a_sub_region_in_a_year(incidents, options):
    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows(RAW_2025)
                   if r["Incident Year"] == "2023" and r["UNSD Geographical Grouping"] == "South-eastern Asia")
    selection = apply_filters(incidents, replace(options.default(), period_from="2023-01", period_to="2023-12",
                                                 subregions=("South-eastern Asia",)), options)
    assert headline_figures(selection).dead_missing == expected > 0


def test_a_country_of_origin(incidents, options):
    """Myanmar nationals anywhere (incidents listing several origins count under each)."""
    def lists_myanmar(cell: str) -> bool:
        return "Myanmar" in [part.strip() for part in cell.split(",")]

    expected = sum(number(r["Total Number of Dead and Missing"]) for r in raw_rows(RAW_2025)
                   if lists_myanmar(r["Country of Origin"]))
    expected += sum(number(r["Number Dead"]) + number(r["Minimum Estimated Number of Missing"])
                    for r in raw_rows(RAW_2026) if lists_myanmar(r["Country of Origin"]))
    selection = apply_filters(incidents, replace(options.default(), origins=("Myanmar",)), options)
    assert headline_figures(selection).dead_missing == expected > 3000
