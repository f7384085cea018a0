"""The GI-TOC Global Organized Crime Index: reader, country-name resolution, bad inputs, scores reconciled
with the raw CSVs read with the csv module, transforms and figure builders. Real shipped data only."""

from __future__ import annotations

import csv
from statistics import mean

import pandas as pd
import pytest

from charts.crime_index import (
    build_regional_averages,
    build_score_map,
    build_score_vs_deaths,
    summarise_map,
    summarise_regions,
    summarise_scatter,
)
from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.crime_index import INDICATORS, SMUGGLING, YEARS, crime_index_lookup, crime_index_paths, read_crime_index
from loaders.errors import DataFileError
from loaders.metadata import read_sidecar
from loaders.paths import countries_path, country_aliases_path
from tests.conftest import DATA
from transforms.crime_index import country_scores, regional_averages, scores_by_country, smuggling_and_deaths
from transforms.maps import dead_missing_by_country

PATH_2021, PATH_2023 = crime_index_paths(DATA)


def unresolved(index: pd.DataFrame) -> list[str]:
    """GI-TOC country names the reader left without an ISO3 code."""
    return sorted(set(index.loc[index["iso3"].isna(), "country"]))


def raw(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def lookup() -> dict[str, str]:
    return crime_index_lookup(DATA)


@pytest.fixture(scope="module")
def index(lookup) -> pd.DataFrame:
    return read_crime_index(PATH_2021, PATH_2023, lookup)


def test_tidy_frame_of_both_editions(index):
    assert list(index.columns) == ["iso3", "country", "continent", "region", "year", "indicator", "score"]
    assert len(index) == 2 * 193 * len(INDICATORS)
    for year in YEARS:
        part = index[(index["year"] == year) & (index["indicator"] == SMUGGLING)]
        assert part["iso3"].is_unique and len(part) == 193
    assert index["score"].between(1, 10).all()


def test_every_country_resolves_and_the_sidecars_say_so(index):
    assert unresolved(index) == []
    for path in (PATH_2021, PATH_2023):
        meta = read_sidecar(path)
        assert meta["licence"] == "not stated" and "GI-TOC" in meta["citation"]
        assert meta["unresolved_countries"].startswith("none")
    assert read_sidecar(DATA / "gitoc" / "country_aliases.csv")["unresolved"] == "none"


def test_without_the_gitoc_aliases_names_stay_unresolved_and_are_listed():
    plain = name_to_iso3(read_countries(countries_path(DATA)), read_country_aliases(country_aliases_path(DATA)))
    index = read_crime_index(PATH_2021, PATH_2023, plain)
    missing = unresolved(index)
    assert "Korea, DPR" in missing and "Congo, Dem, Rep," in missing and "Turkey" in missing
    aliases = read_country_aliases(DATA / "gitoc" / "country_aliases.csv")
    assert set(missing) <= set(aliases["name"])


@pytest.mark.parametrize("path, year", [(PATH_2021, 2021), (PATH_2023, 2023)])
def test_scores_reconcile_with_the_raw_csv(index, lookup, path, year):
    rows = raw(path)
    averages = {"Resilience": "Resilience" if year == 2021 else "Resilience avg,",
                "Criminal actors": "Criminal actors" if year == 2021 else "Criminal actors avg,"}
    for row in rows:
        iso3 = lookup[row["Country"].strip()]
        mine = index[(index["iso3"] == iso3) & (index["year"] == year)].set_index("indicator")["score"]
        assert mine["Human smuggling"] == float(row["Human smuggling"]), row["Country"]
        assert mine["Human trafficking"] == float(row["Human trafficking"]), row["Country"]
        for indicator, header in averages.items():
            assert mine[indicator] == float(row[header]), (row["Country"], indicator)
    # The figures PROVENANCE.md states.
    smuggling = [float(r["Human smuggling"]) for r in rows]
    assert round(mean(smuggling), 2) == {2021: 4.77, 2023: 5.16}[year]


def test_named_scores(index):
    scores = scores_by_country(index).set_index("iso3")
    assert scores.loc["AFG", "score_2023"] == 9.5 and scores.loc["LBY", "score_2023"] == 9.5
    assert scores.loc["ERI", "score_2021"] == 9.5 and scores.loc["TUR", "score_2021"] == 9.0
    assert scores.loc["MMR", "score_2023"] == 8.0 and scores.loc["AUS", "score_2023"] == 2.5
    assert scores.loc["AFG", "change"] == pytest.approx(1.5)
    assert scores.loc["PRK", "country"] == "Korea, DPR"


def test_regional_averages_match_the_raw_csv(index):
    averages = regional_averages(index).set_index(["region", "year"])
    for path, year in ((PATH_2021, 2021), (PATH_2023, 2023)):
        rows = [r for r in raw(path) if r["Region"] == "North Africa"]
        assert averages.loc[("North Africa", year), "mean_score"] == pytest.approx(
            mean(float(r["Human smuggling"]) for r in rows))
        assert averages.loc[("North Africa", year), "countries"] == len(rows)
    # 2023 merged 2021's Caribbean and Central America: both years use the 2023 regions.
    merged = averages.xs("Caribbean & Central", level="region")
    assert list(merged.index) == [2021, 2023] and merged["countries"].tolist() == [21, 21]
    assert "Central America" not in averages.index.get_level_values("region")
    latest = regional_averages(index)
    first_region = latest.iloc[0]["region"]
    assert latest[latest["year"] == 2023]["mean_score"].max() == averages.loc[(first_region, 2023), "mean_score"]


def test_country_scores(index):
    libya = country_scores(index, "LBY").set_index("indicator")
    assert list(libya.index) == list(INDICATORS)
    assert libya.loc["Human smuggling", "score_2021"] == 8.0 and libya.loc["Human smuggling", "score_2023"] == 9.5
    assert country_scores(index, "XXX").empty


def test_join_with_iom_dead_and_missing(index, incidents):
    deaths = dead_missing_by_country(incidents, "incident")
    joined = smuggling_and_deaths(scores_by_country(index), deaths)
    assert (joined["dead_missing"] > 0).all() and joined["iso3"].is_unique
    mexico = joined.set_index("iso3").loc["MEX"]
    assert mexico["score"] == 9.0
    assert mexico["dead_missing"] == int(incidents.loc[incidents["country_of_incident_iso3"] == "MEX",
                                                       "dead_missing"].sum())
    fig = build_score_vs_deaths(joined, year=2023, title="T", source="S")
    assert fig.layout.yaxis.type == "log"
    assert sum(len(trace.x) for trace in fig.data) == len(joined)
    assert "rank correlation" in summarise_scatter(joined, 2023)
    empty = build_score_vs_deaths(joined.iloc[:0], year=2023, title="T", source="S")
    assert "No country" in empty.layout.annotations[0].text


@pytest.mark.parametrize("view", ["2021", "2023", "change"])
def test_map_uses_iso3_locations_and_no_inline_geojson(index, view):
    scores = scores_by_country(index)
    fig = build_score_map(scores, view=view, indicator=SMUGGLING, title="T", source="S")
    trace = fig.data[0]
    assert trace.type == "choropleth" and trace.locationmode == "ISO-3" and trace.geojson is None
    assert len(trace.locations) == 193
    if view == "change":
        assert trace.zmin == -trace.zmax
    else:
        assert (trace.zmin, trace.zmax) == (1.0, 10.0)
    assert summarise_map(scores, view=view, indicator=SMUGGLING)


def test_regional_chart_and_summary(index):
    averages = regional_averages(index)
    fig = build_regional_averages(averages, indicator=SMUGGLING, title="T", source="S")
    assert len(fig.data) == 3
    assert summarise_regions(averages, SMUGGLING).startswith("Highest mean human smuggling scores in 2023")


def _edit(tmp_path, path, edit):
    rows = raw(path)
    edit(rows)
    out = tmp_path / path.name
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_bad_scores_name_the_column_and_rows(tmp_path, lookup):
    def bad(rows):
        rows[3]["Human smuggling"] = "high"
        rows[9]["Human smuggling"] = "11"
    with pytest.raises(DataFileError, match="not numbers from 1 to 10") as caught:
        read_crime_index(_edit(tmp_path, PATH_2021, bad), PATH_2023, lookup)
    assert caught.value.column == "Human smuggling" and caught.value.rows == (5, 11)


def test_missing_column_and_file(tmp_path, lookup):
    def drop(rows):
        for row in rows:
            del row["Resilience avg,"]
    with pytest.raises(DataFileError, match="lacks a required column") as caught:
        read_crime_index(PATH_2021, _edit(tmp_path, PATH_2023, drop), lookup)
    assert caught.value.column == "Resilience"
    with pytest.raises(DataFileError, match="is missing"):
        read_crime_index(tmp_path / "none.csv", PATH_2023, lookup)


def test_cached_indicator_scores_are_the_pure_transforms(monkeypatch, index):
    from cache import load_indicator

    monkeypatch.setenv("MSDE_DATA_DIR", str(DATA))
    for indicator in INDICATORS:
        held = load_indicator(indicator)
        assert held is load_indicator(indicator)
        pd.testing.assert_frame_equal(held.scores, scores_by_country(index, indicator))
        pd.testing.assert_frame_equal(held.averages, regional_averages(index, indicator))


def test_a_changed_gitoc_file_is_read_again(monkeypatch, tmp_path):
    """The cached index is keyed on the GI-TOC files themselves, not only on the data folder."""
    import shutil

    from cache import load_crime_index

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("iom_mmp", "flows"))
    monkeypatch.setenv("MSDE_DATA_DIR", str(data))
    before, _ = load_crime_index()
    assert load_crime_index()[0] is before  # held, not read again
    table = data / "gitoc" / "global_oc_index_2023.csv"
    text = table.read_text(encoding="utf-8")
    row = "Asia,Southern Asia,Afghanistan,7.1,7.0,9.0,"  # human smuggling is the next score
    table.write_text(text.replace(row + "9.5,", row + "8.5,", 1), encoding="utf-8")
    after, _ = load_crime_index()

    def smuggling(frame):
        return frame.loc[(frame["iso3"] == "AFG") & (frame["year"] == 2023)
                         & (frame["indicator"] == "Human smuggling"), "score"].tolist()

    assert smuggling(before) == [9.5] and smuggling(after) == [8.5]
