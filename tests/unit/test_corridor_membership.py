"""The corridor catalogue: its reader and bad inputs, the build, the membership rules on real rows,
and dead and missing per corridor reconciled with the raw IOM file read with the csv module."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loaders.corridors import CORRIDOR_COLUMNS, corridors_path, parse_path, read_corridors
from loaders.errors import DataFileError
from tools.build_corridors import CORRIDOR_SPECS, build_catalogue, incident_path, natural_earth_path, top_origins
from transforms.corridor_membership import corridor_incidents, membership_matrix
from transforms.corridors import corridor_by_id, corridor_totals

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = corridors_path(REPO / "data")
IOM_2025 = REPO / "data" / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
#: Natural Earth's 1:50m countries, cut to those the build takes waypoints from (tests/fixtures/raw/README.md).
NATURAL_EARTH = REPO / "tests" / "fixtures" / "raw" / "natural_earth" / "ne_50m_admin_0_countries.geojson"
IDS = ("central_med", "eastern_med", "western_med", "atlantic_canaries", "english_channel", "western_balkans",
       "belarus_eu", "turkiye_europe_land", "sahara", "eastern_route_yemen", "southern_route", "us_mexico", "darien",
       "caribbean", "afghanistan_iran_turkiye", "bay_of_bengal_andaman", "sea_to_australia",
       "myanmar_thailand_malaysia_land")
FLOW_IDS = ("frontex_ibc", "uk_small_boats", "us_cbp_sw_border", "panama_darien", "mexico_irregular",
            "unhcr_italy_sea", "australia_boats", "iom_dtm_europe")


@pytest.fixture(scope="module")
def corridors():
    return read_corridors(CATALOGUE)


def write_bad(tmp_path: Path, column: str, value: str, row: int = 0) -> Path:
    frame = pd.read_csv(CATALOGUE, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    path = tmp_path / "corridors.csv"
    frame.to_csv(path, index=False)
    return path


# --- the reader ---

def test_catalogue_has_every_corridor_with_parsed_cells(corridors):
    assert tuple(corridors["id"]) == IDS
    assert list(corridors.columns) == list(CORRIDOR_COLUMNS)
    assert set(corridors["mode"]) <= {"sea", "land", "air", "mixed"}
    for path in corridors["path"]:
        assert len(path) >= 2 and all(len(p) == 2 and abs(p[0]) <= 180 and abs(p[1]) <= 90 for p in path)
    central = corridor_by_id(corridors, "central_med")
    assert central["iom_routes"] == ("Central Mediterranean",)
    assert central["destination_iso3"] == ("ITA", "MLT")
    assert "frontex_ibc:Central Mediterranean Route" in central["flow_series"]
    for entries in corridors["flow_series"]:
        assert all(entry.split(":")[0] in FLOW_IDS for entry in entries)


def test_iom_routes_are_spelled_as_in_the_data(corridors, incidents):
    known = set(incidents["migration_route"].dropna())
    for routes in corridors["iom_routes"]:
        assert set(routes) <= known


@pytest.mark.parametrize("column, value, problem", [
    ("path", "[[12.5, 33.1]]", "not a JSON list"),
    ("path", "not json", "not a JSON list"),
    ("path", "[[12.5, 95.0], [12.6, 35.5]]", "not a JSON list"),
    ("mode", "boat", "unknown mode"),
    ("origin_iso3", "SYR Syria", "not ISO3"),
    ("id", "eastern_med", "repeated"),
])
def test_bad_cells_raise_a_data_file_error_naming_column_and_row(tmp_path, column, value, problem):
    with pytest.raises(DataFileError) as caught:
        read_corridors(write_bad(tmp_path, column, value))
    assert problem in caught.value.problem
    assert caught.value.column == column
    assert 2 in caught.value.rows  # the first data row is row 2 of the file


def test_missing_column_and_missing_file(tmp_path):
    frame = pd.read_csv(CATALOGUE, dtype=str).drop(columns=["path"])
    frame.to_csv(tmp_path / "corridors.csv", index=False)
    with pytest.raises(DataFileError) as caught:
        read_corridors(tmp_path / "corridors.csv")
    assert caught.value.column == "path"
    with pytest.raises(DataFileError, match="is missing"):
        read_corridors(tmp_path / "absent.csv")


def test_parse_path_accepts_pairs_only():
    assert parse_path("[[1, 2], [3.5, -4]]") == [[1.0, 2.0], [3.5, -4.0]]
    assert parse_path("[[1, 2], [3]]") is None
    assert parse_path("[[1, 2], [true, 3]]") is None
    assert parse_path(None) is None


# --- the build ---

@pytest.fixture(scope="module")
def natural_earth() -> dict:
    countries = json.loads(NATURAL_EARTH.read_text(encoding="utf-8"))
    cut = {feature["properties"]["ADM0_A3"] for feature in countries["features"]}
    wanted = {code for spec in CORRIDOR_SPECS for code, _ in spec.natural_earth}
    assert wanted <= cut, f"the cut lacks {wanted - cut}: run tests/fixtures/raw/make_raw_fixtures.py"
    return countries


def test_build_reproduces_the_shipped_catalogue(incidents, natural_earth):
    built = build_catalogue(incidents, natural_earth)
    shipped = pd.read_csv(CATALOGUE, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(built.astype(str).reset_index(drop=True), shipped, check_dtype=False)
    assert tuple(spec.id for spec in CORRIDOR_SPECS) == IDS


def test_incident_path_runs_in_the_direction_of_travel():
    lon = pd.Series([12.0, 12.2, 12.4, 12.6, 12.8, 13.0])
    lat = pd.Series([32.0, 33.0, 34.0, 35.0, 36.0, 37.0])
    northward = incident_path(lon, lat, "N")
    assert northward[0][1] < northward[-1][1]
    assert incident_path(lon, lat, "S")[0][1] > incident_path(lon, lat, "S")[-1][1]
    with pytest.raises(ValueError):
        incident_path(pd.Series([1.0]), pd.Series([2.0]), "N")


def test_natural_earth_path_for_a_corridor_without_incidents(natural_earth):
    java, christmas = natural_earth_path(natural_earth, (("IDN", "nearest"), ("IOA", "east")))
    assert 105 < christmas[0] < 106.5 and -11 < christmas[1] < -10  # Christmas Island
    assert 104 < java[0] < 115 and -9 < java[1] < -5.5  # Java


def test_top_origins_leave_out_unknown(incidents, corridors):
    central = incidents.loc[corridor_incidents(incidents, corridor_by_id(corridors, "central_med"))]
    origins = top_origins(central)
    assert len(origins) == 5 and "OOO" not in origins
    assert tuple(origins) == corridor_by_id(corridors, "central_med")["origin_iso3"]


# --- membership rules on real rows ---

def rows(incidents, *ids):
    return incidents[incidents["incident_id"].isin(ids)]


@pytest.mark.parametrize("incident_id, corridor_id", [
    ("2015.MMP00085", "bay_of_bengal_andaman"),  # "Bay of Bengal", 243 dead and missing, Myanmar origin, no route
    ("2024.MMP1141", "bay_of_bengal_andaman"),  # beaches of the Naf River, Maungdaw: the BGD–MMR border zone
    ("2016.MMP007785", "bay_of_bengal_andaman"),  # Teknaf, near the border: the BGD–MMR border zone (Naf River)
    ("2020.MMP00359", "bay_of_bengal_andaman"),  # off Langkawi: Natural Earth's Strait of Malacca
    ("2022.MMP1371", "bay_of_bengal_andaman"),  # drifting, Bay of Bengal then Aceh
    ("2024.MMP0210", "bay_of_bengal_andaman"),  # 15 nautical miles off Meulaboh, West Aceh: Indian Ocean off Indonesia
    ("2015.MMP00150", "myanmar_thailand_malaysia_land"),  # Wang Kelian trafficking camps, Malaysia–Thailand border
    ("2024.MMP1169", "myanmar_thailand_malaysia_land"),  # drowned in the Mekong at the Golden Triangle: MMR–THA zone
])
def test_asia_pacific_rules_on_real_rows(incidents, corridors, incident_id, corridor_id):
    row = rows(incidents, incident_id)
    assert len(row) == 1 and pd.isna(row["migration_route"].iloc[0])
    membership = dict(zip(corridors["id"], membership_matrix(row, corridors)[:, 0]))
    assert membership[corridor_id]
    assert sum(membership.values()) == 1


@pytest.mark.parametrize("incident_id", [
    "2023.MMP1411",  # Bangladeshi found in West Bengal, India: the BGD–IND border zone is on no corridor
    "2015.MMP00140",  # Cut Meutia Hospital, Indonesia: on land in Indonesia, which no corridor declares
])
def test_asia_pacific_rules_leave_out_real_rows_that_do_not_fit(incidents, corridors, incident_id):
    row = rows(incidents, incident_id)
    assert len(row) == 1
    assert not membership_matrix(row, corridors).any()


def test_iom_route_rows_belong_by_route(incidents, corridors):
    naf = incidents[incidents["migration_route"] == "Naf River crossing"]
    assert len(naf) == 1 and corridor_incidents(naf, corridor_by_id(corridors, "bay_of_bengal_andaman")).all()
    italy_france = incidents[incidents["migration_route"] == "Italy to France"]
    assert not membership_matrix(italy_france, corridors).any()


def test_no_incident_is_recorded_on_the_sea_route_to_australia(incidents, corridors):
    assert not corridor_incidents(incidents, corridor_by_id(corridors, "sea_to_australia")).any()
    assert not incidents["location"].fillna("").str.contains("Australia|Christmas Island", case=False).any()


def test_corridors_do_not_overlap(incidents, corridors):
    assert membership_matrix(incidents, corridors).sum(axis=0).max() == 1


# --- reconciliation with the raw IOM file ---

def raw_totals_by_route(path: Path, last_year: int) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["Incident Year"] and int(record["Incident Year"]) <= last_year:
                route = record["Migration Route"].split(",")[0].strip()
                totals[route] += int(record["Total Number of Dead and Missing"] or 0)
    return totals


def test_dead_and_missing_per_corridor_reconcile_with_the_raw_iom_file(incidents, corridors):
    """2014-2024 (whole years of the 2025 export, which no later export overlaps), every route-defined corridor,
    counting the rows IOM gives a route (the geography adds rows with none)."""
    raw = raw_totals_by_route(IOM_2025, 2024)
    years = incidents[(incidents["year"] <= 2024).fillna(False) & incidents["migration_route"].notna()]
    totals = corridor_totals(years, corridors).set_index("id")["dead_missing"]
    for corridor in corridors.itertuples(index=False):
        if corridor.id in ("bay_of_bengal_andaman", "myanmar_thailand_malaysia_land", "sea_to_australia"):
            continue
        expected = sum(raw.get(route, 0) for route in corridor.iom_routes)
        assert totals[corridor.id] == expected, corridor.id


def test_bay_of_bengal_route_rows_reconcile_and_the_rule_adds_the_rest(incidents, corridors):
    raw = raw_totals_by_route(IOM_2025, 2024)
    years = incidents[(incidents["year"] <= 2024).fillna(False)]
    bay = corridor_by_id(corridors, "bay_of_bengal_andaman")
    by_route = years[years["migration_route"].isin(bay["iom_routes"])]["dead_missing"].sum()
    assert by_route == raw["Bay of Bengal/Andaman Sea"] + raw["Naf River crossing"]
    assert years.loc[corridor_incidents(years, bay), "dead_missing"].sum() > by_route


def test_sidecar_documents_every_column_and_the_rules():
    from loaders.metadata import read_sidecar

    meta = read_sidecar(CATALOGUE)
    assert set(meta["columns"]) == set(CORRIDOR_COLUMNS)
    for key in ("licence", "path_method", "membership", "flow_series_format", "inputs"):
        assert meta[key]
    assert "CORRIDOR_GEOGRAPHY" in meta["membership"] and "No incident matches" in meta["membership"]
    assert "membership_comparison.csv" in meta["membership"]


# --- membership worked out once, read by row position ---

def recorded_anywhere(incidents: pd.DataFrame, corridors: pd.DataFrame) -> dict[str, bool]:
    """Corridor id -> whether any row of ``incidents`` lies on it, by the rule itself."""
    matrix = membership_matrix(incidents, corridors)
    return {corridor_id: bool(on.any()) for corridor_id, on in zip(corridors["id"], matrix)}


def test_membership_by_position_matches_the_rules_on_any_selection(incidents, corridors):
    """A selection's membership read from the whole frame's equals matching the rules on the selection."""
    from transforms.corridor_membership import build_membership, row_positions

    whole = build_membership(incidents, corridors)
    assert not whole.matrix.flags.writeable
    assert whole.recorded_ever() == recorded_anywhere(incidents, corridors)
    assert whole.recorded_ever()["sea_to_australia"] is False
    asia = incidents[(incidents["lon"] > 80).fillna(False).to_numpy()]
    window = incidents[incidents["month_key"].between(201903, 202103).to_numpy()]
    shuffled = window.sample(frac=1, random_state=7)
    for selection in (incidents, asia, window, shuffled, window.iloc[:1], window.iloc[:0]):
        positions = row_positions(incidents, selection)
        expected = membership_matrix(selection, corridors)
        assert (whole.rows(positions) == expected).all()
        bay = corridor_by_id(corridors, "bay_of_bengal_andaman")
        assert (whole.corridor("bay_of_bengal_andaman", positions) == corridor_incidents(selection, bay)).all()


def test_row_positions_without_a_range_index_and_for_foreign_rows(incidents):
    from transforms.corridor_membership import row_positions

    relabelled = incidents.iloc[:50].set_axis([f"r{i}" for i in range(50)])
    assert (row_positions(relabelled, relabelled.iloc[[40, 3, 7]]) == [40, 3, 7]).all()
    with pytest.raises(ValueError):
        row_positions(relabelled, relabelled.iloc[:3].set_axis(["x", "y", "z"]))
    with pytest.raises(ValueError):
        row_positions(incidents.iloc[:10].reset_index(drop=True), incidents.iloc[[20]])


def test_rules_match_the_same_rows_on_plain_object_columns(incidents, corridors):
    """Without the reader's categoricals and keys (as a hand-built frame has), the rules give the same rows."""
    sample = incidents.iloc[::5]
    plain = sample.drop(columns=[c for c in sample.columns if c.endswith("_key")])
    plain = plain.astype({c: object for c in plain.columns if isinstance(plain[c].dtype, pd.CategoricalDtype)})
    assert np.array_equal(membership_matrix(plain, corridors), membership_matrix(sample, corridors))


def test_cached_membership_of_the_shell_selection_and_of_another_frame(monkeypatch, corridors):
    from cache import corridor_rows, load_fatalities, recorded_ever

    monkeypatch.setenv("MSDE_DATA_DIR", str(REPO / "data"))
    shared = load_fatalities()
    window = shared[shared["month_key"].between(201501, 201612).to_numpy()]
    # Not rows of the shared frame at these labels: matched against the rules instead.
    relabelled = window.iloc[::-1].reset_index(drop=True)
    for selection in (window, shared, relabelled):
        expected = membership_matrix(selection, corridors)
        for j, corridor_id in enumerate(corridors["id"]):
            assert (corridor_rows(selection, corridor_id) == expected[j]).all(), corridor_id
    assert recorded_ever() == recorded_anywhere(shared, corridors)


def test_country_names():
    from transforms.corridors import country_names

    assert country_names(("LBY", "XKX"), {"LBY": "Libya"}) == "Libya, XKX"
    assert country_names((), {"LBY": "Libya"}) == "none recorded"
