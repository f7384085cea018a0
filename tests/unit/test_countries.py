"""Country profile transforms and figures, on the full shipped data, reconciled against the raw IOM file
read independently with the csv module."""

from __future__ import annotations

import csv
from dataclasses import replace

import pandas as pd
import pytest

from charts.country_profile import build_profile_bars, build_subregion_share, summarise_subregion, summarise_where
from loaders.countries import read_countries
from loaders.paths import countries_path
from tests.conftest import DATA
from transforms.countries import (
    NO_COUNTRY,
    NO_ROUTE,
    country_choices,
    either,
    filter_conflicts,
    incidents_in_country,
    nationals_of,
    no_country_share,
    parse_profile,
    routes_involved,
    subregion_comparison,
    subregion_members,
    where_died,
)
from transforms.filters import apply_filters
from transforms.headlines import headline_figures
from transforms.periods import month_range, source_coverage, uncovered_months

RAW_2025 = DATA / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
EXPORT_2026 = "MissingMigrants-Global-2026-05-06--19_42_11.csv"


@pytest.fixture(scope="module")
def raw_rows():
    with RAW_2025.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def countries():
    return read_countries(countries_path(DATA))


@pytest.fixture(scope="module")
def gaps(incidents):
    return uncovered_months(source_coverage(incidents))


def _origins(row: dict) -> list[str]:
    return [part.strip() for part in row["Country of Origin"].split(",")]


def test_myanmar_nationals_reconcile_with_the_raw_2025_export(incidents, raw_rows):
    raw = [r for r in raw_rows if "Myanmar" in _origins(r)]
    raw_total = sum(int(r["Total Number of Dead and Missing"]) for r in raw)
    ours = nationals_of(incidents, "MMR")
    ours_2025_export = ours[ours["source_file"] == RAW_2025.name]
    assert headline_figures(ours_2025_export).dead_missing == raw_total == 3249
    assert set(ours_2025_export["incident_id"]) == {r["Incident ID"] for r in raw}
    # The 2026 export adds Myanmar nationals too: every one of them has no country of incident.
    from_2026 = ours[ours["source_file"] == EXPORT_2026]
    assert len(from_2026) > 0 and from_2026["country_of_incident_iso3"].isna().all()


def test_incidents_in_libya_in_2024_reconcile_with_the_raw_file(incidents, options, raw_rows):
    raw = [r for r in raw_rows if r["Country of Incident"] == "Libya" and r["Incident Date"].startswith("2024")]
    in_2024 = apply_filters(incidents, replace(options.default(), period_from="2024-01", period_to="2024-12"), options)
    ours = headline_figures(incidents_in_country(in_2024, "LBY"))
    assert ours.dead_missing == sum(int(r["Total Number of Dead and Missing"]) for r in raw) == 966
    assert ours.incidents == len({r["Main ID"] for r in raw}) == 185


def test_subregion_comparison_reconciles_and_leaves_2026_blank_for_incidents(incidents, options, countries, gaps,
                                                                             raw_rows):
    subregion, members = subregion_members(countries, "MMR")
    assert subregion == "South-eastern Asia" and {"MMR", "THA", "IDN", "MYS"} <= members
    before = incidents.copy()
    table = subregion_comparison(incidents, "MMR", members, options.months, gaps).set_index("year")
    pd.testing.assert_frame_equal(incidents, before)
    raw_2024 = sum(int(r["Total Number of Dead and Missing"]) for r in raw_rows
                   if r["Country of Incident"] == "Myanmar" and r["Incident Date"].startswith("2024"))
    assert table.at["2024", "in_country"] == raw_2024
    assert (table["in_country"] <= table["in_subregion"]).all()
    assert (table["nationals"] <= table["subregion_nationals"]).all()
    shares = table[["share_in_country", "share_nationals"]].stack().dropna()
    assert ((shares >= 0) & (shares <= 1)).all()
    assert pd.isna(table.at["2026", "share_in_country"])  # the 2026 export has no country of incident
    assert table.at["2026", "share_nationals"] > 0
    assert table.at["2025", "coverage"] < 1


def test_where_nationals_died_labels_blanks_and_adds_up(incidents):
    nationals = nationals_of(incidents, "MMR")
    by_country = where_died(nationals, "country_of_incident", n=50)
    assert NO_COUNTRY in set(by_country["value"])
    assert by_country["dead_missing"].sum() == headline_figures(nationals).dead_missing
    assert by_country["share"].sum() == pytest.approx(1.0)
    by_region = where_died(nationals, "region_of_incident")
    assert by_region["value"].iloc[0] == "South-eastern Asia"


def test_routes_count_each_incident_once(incidents):
    in_country, nationals = incidents_in_country(incidents, "MMR"), nationals_of(incidents, "MMR")
    routes = routes_involved(in_country, nationals, n=50)
    both = either(in_country, nationals)
    assert both["incident_id"].is_unique
    assert routes["dead_missing"].sum() == headline_figures(both).dead_missing
    assert routes["value"].iloc[0] == NO_ROUTE  # IOM leaves the route blank for most of Asia


def test_country_choices_and_the_profile_parameter(incidents, countries):
    choices = country_choices(countries, incidents)
    assert choices["iso3"].is_unique
    assert choices.set_index("iso3").at["MMR", "subregion"] == "South-eastern Asia"
    known = set(choices["iso3"])
    assert parse_profile("MMR", known) == ("MMR", None)
    assert parse_profile(" mmr ", known) == ("MMR", None)
    assert parse_profile(None, known) == (None, None)
    code, notice = parse_profile("XYZ", known)
    assert code is None and "profile=XYZ" in notice


def test_filter_conflicts_name_the_rule(incidents, options):
    italy = replace(options.default(), countries=("Italy",))
    assert filter_conflicts(italy, incidents, "MMR", "Myanmar")[0].startswith(
        "The country-of-incident filter does not include Myanmar")
    assert filter_conflicts(replace(options.default(), countries=("Myanmar",)), incidents, "MMR", "Myanmar") == []
    assert "no Myanmar nationals" in filter_conflicts(replace(options.default(), origins=("Afghanistan",)),
                                                      incidents, "MMR", "Myanmar")[0]


def test_no_country_share_covers_the_2026_export(incidents):
    assert no_country_share(incidents[incidents["source_file"] == EXPORT_2026]) == 1.0
    assert 0 < no_country_share(incidents) < 0.1


def test_subregion_figure_and_summaries(incidents, options, countries, gaps):
    subregion, members = subregion_members(countries, "MMR")
    table = subregion_comparison(incidents, "MMR", members, options.months, gaps)
    fig = build_subregion_share(table, country="Myanmar", subregion=subregion, title="t", source="Source: IOM")
    assert len(fig.data) == 2 and fig.layout.yaxis.tickformat == ".0%"
    summary = summarise_subregion(table, "Myanmar", subregion)
    assert summary.startswith("Myanmar: ") and "Myanmar nationals: " in summary
    empty = subregion_comparison(incidents.iloc[0:0], "MMR", members, month_range("2024-01", "2024-12"), gaps)
    fig = build_subregion_share(empty, country="Myanmar", subregion=subregion, title="t", source="s")
    assert len(fig.data) == 0 and "No dead or missing" in fig.layout.annotations[0].text
    assert summarise_subregion(empty, "Myanmar", subregion).startswith("No dead or missing")
    assert summarise_where(where_died(incidents.iloc[0:0]), "Myanmar", "country").startswith("No Myanmar")


def test_profile_bars_fit_a_half_width_column(incidents):
    source = "Source: IOM Missing Migrants Project (CC BY 4.0), data to 29 April 2025 and data to 3 May 2026."
    ranking = where_died(nationals_of(incidents, "MMR"))
    fig = build_profile_bars(ranking, title="Myanmar nationals", source=source, empty_message="none",
                             half_width=True)
    assert fig.layout.title.text.replace("<br>", " ") == "Myanmar nationals (people)" and fig.layout.xaxis.title.text is None
    notes = [a.text for a in fig.layout.annotations if a.text.startswith("Source")]
    assert len(notes) == 1 and all(len(line) <= 44 for line in notes[0].split("<br>"))
    assert all(len(line) <= 40 for line in fig.layout.title.text.split("<br>"))
    empty = build_profile_bars(ranking.iloc[0:0], title="t", source=source, empty_message="No route recorded.")
    assert len(empty.data) == 0 and any(a.text == "No route recorded." for a in empty.layout.annotations)
