"""The spatial step on real data: named seas, border zones of known crossings, the coordinate check, the readers.

The incidents are the shipped IOM exports placed as the app prepares them (tests/conftest.py ``incidents``); the
polygons are the shipped Natural Earth files in ``data/geography/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from loaders.errors import DataFileError
from loaders.geography import (
    ADM0_TO_ISO3,
    country_shapes_path,
    marine_areas_path,
    read_country_shapes,
    read_marine_areas,
    spatial_step,
)
from transforms.geography import (
    BORDER_ZONE_KM,
    FLAG_COORDINATE_COUNTRY,
    ON_LAND,
    OPEN_SEA,
    PLACED_COLUMNS,
    PROJECTED_CRS,
    Geography,
    _geodesic_km,
    place_incidents,
    place_name,
    place_points,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


@pytest.fixture(scope="module")
def geography():
    return Geography(read_marine_areas(marine_areas_path(DATA)), read_country_shapes(country_shapes_path(DATA)))


def named_in_text(incidents: pd.DataFrame, words: str) -> pd.DataFrame:
    located = incidents[incidents["lat"].notna().to_numpy()]
    return located[located["location"].astype(str).str.contains(words, case=False, regex=False).to_numpy()]


#: How far from its polygon a point IOM describes as in a sea may lie and still count (km), and why. Natural
#: Earth's 1:50m polygons stop short of coasts: the Andaman Sea ends about 100 km short of Myanmar's Gulf of
#: Martaban and of the Thai and Malaysian coasts; the English Channel ends at the Strait of Dover (Calais and
#: Dunkirk face Natural Earth's North Sea); the Strait of Gibraltar is drawn narrower than the strait.
SEA_TOLERANCE_KM = {"Andaman Sea": 150.0, "English Channel": 40.0, "Strait of Gibraltar": 40.0}


@pytest.mark.parametrize("sea", list(SEA_TOLERANCE_KM))
def test_incidents_iom_places_in_a_sea_fall_in_its_polygon(incidents, geography, sea):
    """At least 90% of the incidents whose IOM location names the sea lie in its polygon or within the tolerance."""
    named = named_in_text(incidents, sea)
    assert len(named) >= 10, sea
    polygon = geography.seas[geography.seas["name"] == sea].to_crs(PROJECTED_CRS).geometry.union_all()
    points = gpd.GeoSeries(gpd.points_from_xy(named["lon"], named["lat"]), crs="EPSG:4326").to_crs(PROJECTED_CRS)
    km = _geodesic_km(points.to_numpy(), np.repeat(polygon, len(points)))
    inside = (named["sea_area"] == sea).to_numpy()
    assert (km[inside] < 0.001).all()  # a point placed in the sea is in its polygon
    share = float(np.mean(km <= SEA_TOLERANCE_KM[sea]))
    assert share >= 0.9, f"{sea}: {share:.0%} of {len(named)} within {SEA_TOLERANCE_KM[sea]} km"


@pytest.mark.parametrize("words, zone, share", [
    ("Naf River", "BGD–MMR", 0.95),  # the Rohingya crossing between Maungdaw and Teknaf
    ("Mae Sot", "MMR–THA", 1.0),  # Thailand's crossing from Myawaddy
    ("Padang Besar", "MYS–THA", 1.0),
    ("Evros", "GRC–TUR", 0.9),  # the Evros/Meriç river
    ("Ciudad Juárez", "MEX–USA", 0.9),
    ("Darien", "COL–PAN", 0.9),
    ("Podlaskie", "BLR–POL", 1.0),
    ("Islam Qala", "AFG–IRN", 1.0),
])
def test_border_zones_of_known_crossings(incidents, words, zone, share):
    named = named_in_text(incidents, words)
    assert len(named) >= 1
    in_zone = (named["border_zone"] == zone).to_numpy()
    assert in_zone.mean() >= share, f"{words}: {in_zone.mean():.0%} in {zone}"
    assert (named.loc[in_zone, "border_distance_km"] <= BORDER_ZONE_KM).all()
    assert (named.loc[in_zone, "sea_area"] == ON_LAND).all()  # zones are on land only


def test_points_at_known_places(geography):
    lon = np.array([96.0, 98.571, 100.5018, -40.0, 1.5, 12.6, 2.35, np.nan])
    lat = np.array([12.0, 16.713, 13.7563, 35.0, 51.0, 35.5, 48.86, 10.0])
    placed = place_points(lon, lat, geography)
    assert list(placed["sea_area"][:7]) == ["Andaman Sea", ON_LAND, ON_LAND, "North Atlantic Ocean",
                                            "English Channel", "Mediterranean Sea", ON_LAND]
    # Mae Sot is on the Moei river, the border; Bangkok and Paris are far from any.
    assert placed.loc[1, ["coord_country_iso3", "border_zone"]].tolist() == ["THA", "MMR–THA"]
    assert placed.loc[1, "border_distance_km"] < 10
    assert pd.isna(placed.loc[2, "border_zone"]) and pd.isna(placed.loc[6, "border_zone"])
    assert placed.loc[6, "coord_country_iso3"] == "FRA"  # ADM0_A3 FRA, although its ISO_A3 is -99
    # At sea: the nearest coast and a geodesic distance to it; the open Atlantic is far from any coast.
    assert placed.loc[0, "coord_country_iso3"] in ("MMR", "IND") and placed.loc[0, "coast_distance_km"] > 50
    assert placed.loc[4, "coord_country_iso3"] in ("FRA", "GBR") and placed.loc[4, "coast_distance_km"] < 40
    assert placed.loc[3, "coast_distance_km"] > 500
    assert placed.loc[5, "coord_country_iso3"] in ("ITA", "MLT", "TUN") and placed.loc[5, "coast_distance_km"] < 200
    # Unknown coordinates stay blank.
    assert placed.iloc[7].isna().all()


def test_a_geodesic_kilometre_is_a_kilometre():
    """One degree of latitude along a meridian is about 110.6 km at the equator and 111.7 km near the poles."""
    points = gpd.GeoSeries(gpd.points_from_xy([0.0, 10.0], [0.0, 80.0]), crs="EPSG:4326").to_crs(PROJECTED_CRS)
    targets = gpd.GeoSeries(gpd.points_from_xy([0.0, 10.0], [1.0, 81.0]), crs="EPSG:4326").to_crs(PROJECTED_CRS)
    km = _geodesic_km(points.to_numpy(), targets.to_numpy())
    assert km[0] == pytest.approx(110.57, abs=0.05) and km[1] == pytest.approx(111.67, abs=0.05)


def test_placed_columns_come_with_the_incident_frame(incidents):
    assert set(PLACED_COLUMNS) <= set(incidents.columns)
    located = incidents["lat"].notna().to_numpy()
    assert incidents.loc[located, "sea_area"].notna().all() and incidents.loc[~located, "sea_area"].isna().all()
    assert incidents.loc[located, "coord_country_iso3"].notna().mean() > 0.99
    zones = incidents["border_zone"].dropna().astype(str)
    assert zones.str.fullmatch(r"[A-Z]{3}–[A-Z]{3}").all()
    assert (zones.str[:3] < zones.str[4:]).all()  # alphabetical: one zone per border
    # The dimension: the border zone where there is one, else the sea area.
    expected = incidents["border_zone"].astype(object).where(incidents["border_zone"].notna(),
                                                             incidents["sea_area"].astype(object))
    assert (incidents["sea_or_border"].astype(object).fillna("") == expected.fillna("")).all()
    # In South-eastern Asia, where IOM gives almost no route, the step places nearly every incident.
    asia = incidents[(incidents["unsd_subregion"] == "South-eastern Asia").to_numpy() & located]
    assert len(asia) > 250 and asia["sea_or_border"].notna().all()


def test_coordinate_check_flags_real_disagreements(incidents):
    flagged = incidents[incidents["coordinate_check"].to_numpy()]
    assert 300 < len(flagged) < 1500
    assert flagged["quality_flags"].astype(str).str.contains(FLAG_COORDINATE_COUNTRY, regex=False).all()
    unflagged = incidents[~incidents["coordinate_check"].to_numpy()]
    assert not unflagged["quality_flags"].fillna("").astype(str).str.contains(FLAG_COORDINATE_COUNTRY).any()
    by_id = incidents.set_index("incident_id")
    # "Bamako, Mali" with latitude and longitude swapped: the point lies off Angola.
    assert by_id.loc["2017.MMP00978", "coordinate_check"] and by_id.loc["2017.MMP00978", "coord_country_iso3"] == "AGO"
    # Natural Earth 1:50m draws Melilla inside Morocco: flagged although IOM's Spain is right (documented caveat).
    assert by_id.loc["2015.MMP00032", "coordinate_check"]
    # A Central Mediterranean point IOM puts in Libya, nearest Tunisia's coast but within 200 nautical miles of
    # Libya's, is not flagged.
    at_sea = incidents[(incidents["country_of_incident_iso3"] == "LBY").to_numpy()
                       & (incidents["sea_area"] == "Mediterranean Sea").to_numpy()
                       & (incidents["coord_country_iso3"] == "TUN").to_numpy()]
    assert len(at_sea) and not at_sea["coordinate_check"].all()


def test_the_input_frame_is_not_changed(incidents):
    from loaders.fatalities import read_fatalities  # noqa: F401 - the placed frame is a new frame

    sample = incidents.drop(columns=list(PLACED_COLUMNS)).iloc[:200].copy()
    before = sample.copy()
    placed = place_incidents(sample, read_marine_areas(marine_areas_path(DATA)),
                             read_country_shapes(country_shapes_path(DATA)))
    pd.testing.assert_frame_equal(sample, before)
    assert set(PLACED_COLUMNS) <= set(placed.columns) and len(placed) == len(sample)


def test_place_names_for_people():
    assert place_name("MEX–USA") == "MEX–USA border zone"
    assert place_name(ON_LAND) == "On land, away from a border"
    assert place_name(OPEN_SEA) == "Open sea (no named sea area)"
    assert place_name("Andaman Sea") == "Andaman Sea"
    assert place_name(None) == "" and place_name(float("nan")) == ""


def test_readers_clean_names_and_codes():
    seas = read_marine_areas(marine_areas_path(DATA))
    assert {"Andaman Sea", "Bay of Bengal", "Strait of Malacca", "Caribbean Sea", "North Atlantic Ocean"} <= set(
        seas["name"])
    assert not seas["name"].str.contains("  ").any()
    countries = read_country_shapes(country_shapes_path(DATA))
    codes = dict(zip(countries["adm0_a3"], countries["iso3"]))
    assert codes["FRA"] == "FRA" and codes["NOR"] == "NOR" and codes["KOS"] == "XKX" and codes["SOL"] == "SOM"
    assert all(codes[a] == iso or (iso is None and pd.isna(codes[a])) for a, iso in ADM0_TO_ISO3.items() if a in codes)


@pytest.mark.parametrize("content, problem", [
    ("not json", "not valid GeoJSON"),
    (json.dumps({"type": "FeatureCollection", "features": []}), "holds no GeoJSON features"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "X"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}),
     "not polygons"),
])
def test_bad_polygon_files_raise_a_data_file_error(tmp_path, content, problem):
    path = tmp_path / "seas.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_marine_areas(path)
    assert problem in caught.value.problem


def test_without_polygons_no_spatial_step_runs(tmp_path):
    assert spatial_step(tmp_path, place_incidents) is None
    step = spatial_step(DATA, place_incidents)
    assert step is not None and marine_areas_path(DATA) in step.inputs
    assert any(path.name == "geography.py" for path in step.inputs)  # the code is part of the cache key
