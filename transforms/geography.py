"""The spatial step: every incident with coordinates placed in a sea area, a country and a border zone.

Run once when the data is prepared (``make prepare``, :mod:`loaders.parsed_cache` through
:func:`loaders.geography.spatial_step`), so the columns come with the cached incident frame:

* ``sea_area``: the most specific (smallest) Natural Earth named sea, strait, gulf, channel
  or ocean whose polygon contains the point; else :data:`ON_LAND` when a country polygon
  contains it; else :data:`OPEN_SEA` (the polygons do not cover every coast).
* ``coord_country_iso3``: the country whose polygon contains the point; for a point at sea,
  the country of the nearest coast. ``coast_distance_km``: 0 on land, else the distance to
  that coast.
* ``border_zone``: for a point on land within :data:`BORDER_ZONE_KM` of one of its country's
  international land borders, the two countries ("MMR–THA", codes in alphabetical order, so
  each border has one zone whichever side the point is on); ``border_distance_km`` the
  distance to that border.
* ``sea_or_border``: the dimension "Sea area or border zone" (:mod:`transforms.dimensions`): the border zone
  where there is one, else the sea area (so "on land" means on land away from any border).
* ``coordinate_check``: whether the point's country disagrees with IOM's "Country of
  Incident" (see :func:`coordinate_disagrees`); the row's ``quality_flags`` then says so too.

Distances. Which feature is nearest is decided in the Equal Earth projection
(:data:`PROJECTED_CRS`, EPSG:8857) with geopandas' ``sjoin_nearest``; the distance to it is
then measured geodesically on the WGS84 ellipsoid (pyproj ``Geod.inv``) between the point and
the nearest point of that feature, so a distance in km does not depend on the projection's
scale error. Containment is tested in longitude/latitude (EPSG:4326, the files' own CRS).
All of it runs on arrays of points (geopandas spatial joins and shapely's vectorised
functions), never a Python loop over points; each distinct coordinate pair is placed once.
The one loop is over countries (about 200), to measure land points to their own country's
borders only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from i18n import N_, _

#: The CRS of the Natural Earth files and of IOM's coordinates: longitude/latitude on WGS84.
GEOGRAPHIC_CRS = "EPSG:4326"
#: The projected CRS in which nearest features are searched: Equal Earth (EPSG:8857), world-wide, metres.
PROJECTED_CRS = "EPSG:8857"

#: A point on land this close to one of its country's international land borders lies in that border's zone (km).
#: 50 km takes in the desert crossings of Arizona and Texas and the jungle paths of the Thai–Myanmar border, where
#: people die a day's walk or more from the line; it is a documented choice, not a legal zone.
BORDER_ZONE_KM = 50.0
#: A point at sea whose IOM country of incident has a coast this close (km) agrees with it: 200 nautical miles, the
#: reach of an exclusive economic zone (IOM often names the country responsible for the waters, or the nearest).
SEA_TOLERANCE_KM = 370.4
#: A point on land this close (km) to IOM's country of incident agrees with it (1:50m borders are drawn to a few km).
LAND_TOLERANCE_KM = 10.0

#: Values of ``sea_area`` that are not a named sea.
ON_LAND = "on land"
OPEN_SEA = "open sea"
#: The same, as people read them (translated where shown).
PLACE_LABELS = {ON_LAND: N_("On land, away from a border"), OPEN_SEA: N_("Open sea (no named sea area)")}

#: The text added to ``quality_flags`` for a point whose country disagrees with IOM's country of incident.
FLAG_COORDINATE_COUNTRY = "coordinates lie in another country than the country of incident"

#: The columns :func:`place_incidents` adds.
PLACED_COLUMNS = ("sea_area", "coord_country_iso3", "coast_distance_km", "border_zone", "border_distance_km",
                  "sea_or_border", "coordinate_check")

#: The dash joining the two countries of a border zone ("MMR–THA").
ZONE_DASH = "–"


def place_name(value: object) -> str:
    """A value of ``sea_area``, ``border_zone`` or ``sea_or_border`` as people read it, in the active language:
    "MEX–USA border zone", "On land, away from a border", "Open sea (no named sea area)", or a sea's name as
    Natural Earth writes it."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    if text in PLACE_LABELS:
        return _(PLACE_LABELS[text])
    if ZONE_DASH in text and len(text) == 7:
        # Translators: {pair} is two ISO3 country codes joined by a dash, such as "MEX–USA".
        return _("{pair} border zone", pair=text)
    return text


def _geopandas():
    """geopandas, imported when the spatial step runs (it is needed only when the data is prepared)."""
    import geopandas

    return geopandas


def _frame_of_shapes(frame: pd.DataFrame):
    """A GeoDataFrame (EPSG:4326) of a loader's frame whose ``geometry`` column holds GeoJSON text."""
    import shapely

    gpd = _geopandas()
    geometry = shapely.make_valid(shapely.from_geojson(frame["geometry"].to_numpy()))
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry, crs=GEOGRAPHIC_CRS)


def sea_area_shapes(marine_areas: pd.DataFrame):
    """The named sea areas as a GeoDataFrame with ``name`` and ``area`` (square degrees, to rank specificity)."""
    import shapely

    shapes = _frame_of_shapes(marine_areas)
    shapes["area"] = shapely.area(shapes.geometry.to_numpy())  # square degrees: only compared, never shown
    return shapes


def country_shapes(country_frame: pd.DataFrame):
    """Country polygons with an ISO3 code, as a GeoDataFrame (``iso3``, ``name``), one row per country code."""
    shapes = _frame_of_shapes(country_frame[country_frame["iso3"].notna()])
    return shapes.dissolve(by="iso3", as_index=False)[["iso3", "name", "geometry"]]


def land_borders(countries):
    """The international land borders: a GeoDataFrame with ``a``, ``b`` (ISO3, a < b) and ``geometry`` (the
    lines the two polygons share, EPSG:4326), from polygons that touch. Shores are not borders."""
    import shapely

    gpd = _geopandas()
    pairs = gpd.sjoin(countries[["iso3", "geometry"]], countries[["iso3", "geometry"]], predicate="intersects")
    pairs = pairs[pairs["iso3_left"] < pairs["iso3_right"]]
    left = countries.geometry.to_numpy()[pairs.index.to_numpy()]
    right = countries.set_index("iso3").geometry.loc[pairs["iso3_right"]].to_numpy()
    shared = shapely.intersection(shapely.boundary(left), shapely.boundary(right))
    lines = []
    for geometry in shared:  # one per pair of neighbours (a few hundred), not per point
        parts = shapely.get_parts(geometry)
        parts = parts[shapely.get_type_id(parts) == 1]  # the shared lines; a shared corner is a point, not a border
        lines.append(shapely.multilinestrings(parts) if parts.size else None)
    borders = gpd.GeoDataFrame({"a": pairs["iso3_left"].to_numpy(), "b": pairs["iso3_right"].to_numpy()},
                               geometry=lines, crs=GEOGRAPHIC_CRS)
    return borders[borders.geometry.notna() & ~borders.geometry.is_empty].reset_index(drop=True)


def _geodesic_km(points, targets) -> np.ndarray:
    """Geodesic distance (WGS84 ellipsoid, km) from each projected point to the nearest point of its projected
    target shape (element-wise, both in :data:`PROJECTED_CRS`)."""
    import pyproj
    import shapely

    line = shapely.shortest_line(points, targets)
    coords = shapely.get_coordinates(line).reshape(-1, 2, 2)
    back = pyproj.Transformer.from_crs(PROJECTED_CRS, GEOGRAPHIC_CRS, always_xy=True)
    lon1, lat1 = back.transform(coords[:, 0, 0], coords[:, 0, 1])
    lon2, lat2 = back.transform(coords[:, 1, 0], coords[:, 1, 1])
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres, dtype=float) / 1000.0


#: Nearest-feature searches run against the coasts and borders cut into pieces of at most this many segments: the
#: distance from a point to a short piece is cheap, to a whole country's outline is not (many times slower).
SEGMENTS_PER_PIECE = 16


def _pieces(shapes, columns: list[str]):
    """The outlines of ``shapes`` (a GeoDataFrame of polygons or lines) cut into short lines of at most
    :data:`SEGMENTS_PER_PIECE` segments, each keeping its row's ``columns``; same CRS."""
    import shapely

    gpd = _geopandas()
    outlines = shapes.geometry.to_numpy()
    outlines = np.where(np.isin(shapely.get_type_id(outlines), (3, 6)), shapely.boundary(outlines), outlines)
    lines, owner = shapely.get_parts(outlines, return_index=True)  # single lines, and the row each comes from
    coords, line_of = shapely.get_coordinates(lines, return_index=True)
    starts = np.flatnonzero(np.r_[True, line_of[1:] != line_of[:-1]]) if len(line_of) else np.empty(0, int)
    ends = np.r_[starts[1:], len(line_of)]
    pieces, piece_owner = [], []
    for start, end in zip(starts, ends):  # one per line of an outline (thousands), never per point
        row = owner[line_of[start]]
        for first in range(start, end - 1, SEGMENTS_PER_PIECE):
            pieces.append(coords[first:min(first + SEGMENTS_PER_PIECE, end - 1) + 1])
            piece_owner.append(row)
    frame = shapes[columns].iloc[piece_owner].reset_index(drop=True)
    if not pieces:
        return gpd.GeoDataFrame(frame, geometry=[], crs=shapes.crs)
    ids = np.repeat(np.arange(len(pieces)), [len(piece) for piece in pieces])
    return gpd.GeoDataFrame(frame, geometry=shapely.linestrings(np.concatenate(pieces), indices=ids), crs=shapes.crs)


#: Containment is tested against the polygons cut along a grid of this many degrees: a point is then tested
#: against a few small tiles rather than against whole oceans and continents (many times faster).
TILE_DEGREES = 5.0


def _tiles(shapes, columns: list[str]):
    """``shapes`` (polygons, EPSG:4326) cut along a :data:`TILE_DEGREES` grid, each tile keeping its row's
    ``columns``: the same areas, so "within a tile" is "within its polygon" (up to points on a cut line)."""
    import shapely

    gpd = _geopandas()
    west = np.arange(-180.0, 180.0, TILE_DEGREES)
    south = np.arange(-90.0, 90.0, TILE_DEGREES)
    xx, yy = np.meshgrid(west, south)
    grid = shapely.box(xx.ravel(), yy.ravel(), xx.ravel() + TILE_DEGREES, yy.ravel() + TILE_DEGREES)
    shape_of, cell = shapes.sindex.query(grid, predicate="intersects")[::-1]
    cut = shapely.intersection(shapes.geometry.to_numpy()[shape_of], grid[cell])
    keep = ~shapely.is_empty(cut) & np.isin(shapely.get_type_id(cut), (3, 6, 7))
    frame = shapes[columns].iloc[shape_of[keep]].reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=cut[keep], crs=shapes.crs)


class Geography:
    """The shapes the spatial step uses, built once from the loaders' frames: sea areas, countries (both
    EPSG:4326 and projected), land borders (projected), for containment the seas and countries cut in tiles,
    and, for nearest-feature searches, the coasts and the borders cut into short pieces (projected)."""

    def __init__(self, marine_areas: pd.DataFrame, country_frame: pd.DataFrame) -> None:
        self.seas = sea_area_shapes(marine_areas)
        self.countries = country_shapes(country_frame)
        self.countries_projected = self.countries.to_crs(PROJECTED_CRS)
        self.borders = land_borders(self.countries).to_crs(PROJECTED_CRS)
        self.coast_pieces = _pieces(self.countries_projected, ["iso3"])
        self.country_tiles = _tiles(self.countries, ["iso3"])
        self.sea_tiles = _tiles(self.seas, ["name", "area"])
        self.border_pieces = _pieces(self.borders, ["a", "b"])


def place_points(lon: np.ndarray, lat: np.ndarray, geography: Geography) -> pd.DataFrame:
    """The placed columns (see the module docstring) for points given as arrays of longitude and latitude
    (degrees WGS84, NaN where unknown), one row per point in the same order; blank where unknown."""
    gpd = _geopandas()
    n = len(lon)
    sea = np.full(n, None, dtype=object)
    country = np.full(n, None, dtype=object)
    coast_km = np.full(n, np.nan)
    zone = np.full(n, None, dtype=object)
    zone_km = np.full(n, np.nan)
    known = np.isfinite(lon) & np.isfinite(lat)
    if known.any():
        # Each distinct pair once: hashed as one complex number (longitude + latitude i), not sorted.
        back, unique = pd.factorize(lon[known] + 1j * lat[known])
        points = gpd.GeoSeries(gpd.points_from_xy(unique.real, unique.imag), crs=GEOGRAPHIC_CRS)
        u_sea, u_country, u_coast, u_zone, u_zone_km = _place_unique(points, geography)
        rows = np.flatnonzero(known)
        sea[rows], country[rows], coast_km[rows] = u_sea[back], u_country[back], u_coast[back]
        zone[rows], zone_km[rows] = u_zone[back], u_zone_km[back]
    return pd.DataFrame({"sea_area": sea, "coord_country_iso3": country, "coast_distance_km": coast_km,
                         "border_zone": zone, "border_distance_km": zone_km})


def _first_hits(hits: np.ndarray, rank: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(input positions, tree positions) of a spatial index's (2, n) answer, one hit per input: the first, or the
    one of lowest ``rank`` (indexed by tree position) when given."""
    points, shapes = hits
    if rank is not None:
        order = np.lexsort((rank[shapes], points))
        points, shapes = points[order], shapes[order]
    first = np.r_[True, points[1:] != points[:-1]] if len(points) else np.zeros(0, dtype=bool)
    return points[first], shapes[first]


def _place_unique(points, geography: Geography) -> tuple[np.ndarray, ...]:
    """:func:`place_points` for distinct points (a GeoSeries in EPSG:4326): geopandas' spatial index, queried
    with arrays of points (a spatial join without building joined frames)."""
    n = len(points)
    geometry = points.to_numpy()
    # Countries containing each point (the first if polygons overlap).
    tiles = geography.country_tiles
    rows, shapes = _first_hits(tiles.sindex.query(geometry, predicate="intersects"))  # a cut line is in both
    country = np.full(n, None, dtype=object)
    country[rows] = tiles["iso3"].to_numpy()[shapes]
    on_land = np.zeros(n, dtype=bool)
    on_land[rows] = True
    # The most specific named sea area containing the point (the smallest polygon).
    tiles = geography.sea_tiles
    rows, shapes = _first_hits(tiles.sindex.query(geometry, predicate="intersects"), rank=tiles["area"].to_numpy())
    sea = np.where(on_land, ON_LAND, OPEN_SEA).astype(object)
    sea[rows] = tiles["name"].to_numpy()[shapes]
    # Points at sea: the nearest coast's country, and the geodesic distance to it.
    coast_km = np.where(on_land, 0.0, np.nan)
    projected = points.to_crs(PROJECTED_CRS).to_numpy()
    offshore = np.flatnonzero(~on_land)
    pieces = geography.coast_pieces
    if offshore.size:
        found, nearest = _first_hits(pieces.sindex.nearest(projected[offshore], return_all=False))
        rows = offshore[found]
        country[rows] = pieces["iso3"].to_numpy()[nearest]
        coast_km[rows] = _geodesic_km(projected[rows], pieces.geometry.to_numpy()[nearest])
    # Points on land: the nearest land border of their own country, within BORDER_ZONE_KM. The projection's scale
    # error stays under a factor of 1.5 where people cross borders: search wide, then keep what is within the
    # zone geodesically. One search over every border; a point whose nearest border is not its own country's
    # (near a meeting point of three countries) is searched again among its country's borders only.
    zone = np.full(n, None, dtype=object)
    zone_km = np.full(n, np.nan)
    borders = geography.border_pieces
    first, second = borders["a"].to_numpy(), borders["b"].to_numpy()
    land = np.flatnonzero(on_land)
    found, nearest = _first_hits(borders.sindex.nearest(projected[land], return_all=False,
                                                        max_distance=BORDER_ZONE_KM * 1500.0))
    rows = land[found]
    own = (first[nearest] == country[rows]) | (second[nearest] == country[rows])
    rows, nearest = list(rows[own]), list(nearest[own])
    for iso3 in pd.unique(country[land[found][~own]]):  # a few countries, never a loop over points
        theirs = np.flatnonzero((first == iso3) | (second == iso3))
        again = land[found][~own]
        again = again[country[again] == iso3]
        hit, piece = _first_hits(borders.iloc[theirs].sindex.nearest(projected[again], return_all=False,
                                                                     max_distance=BORDER_ZONE_KM * 1500.0))
        rows += list(again[hit])
        nearest += list(theirs[piece])
    rows, nearest = np.asarray(rows, dtype=np.intp), np.asarray(nearest, dtype=np.intp)
    if rows.size:
        km = _geodesic_km(projected[rows], borders.geometry.to_numpy()[nearest])
        inside = km <= BORDER_ZONE_KM
        zone[rows[inside]] = (first[nearest] + ZONE_DASH + second[nearest])[inside]
        zone_km[rows[inside]] = km[inside]
    return sea, country, coast_km, zone, zone_km


def coordinate_disagrees(incidents: pd.DataFrame, placed: pd.DataFrame, geography: Geography) -> np.ndarray:
    """Row flags: the point's country is not IOM's country of incident, beyond a tolerance.

    Needs ``country_of_incident_iso3`` in ``incidents`` and the placed columns (same rows, same order). A row is
    flagged when both countries are known, they differ, and IOM's country lies farther from the point than
    :data:`LAND_TOLERANCE_KM` (point on land) or :data:`SEA_TOLERANCE_KM` (point at sea), measured
    geodesically to IOM's country's polygon. A row IOM gives no country (or a country Natural Earth has no
    polygon for) is not flagged.
    """
    iom = incidents["country_of_incident_iso3"].astype(object).to_numpy()
    ours = placed["coord_country_iso3"].to_numpy()
    pieces = geography.coast_pieces  # every country's outline, in short pieces
    known = set(pieces["iso3"])
    candidates = np.flatnonzero(pd.notna(iom) & pd.notna(ours) & (iom != ours) & pd.Index(iom).isin(list(known)))
    flags = np.zeros(len(incidents), dtype=bool)
    if candidates.size == 0:
        return flags
    gpd = _geopandas()
    lon = incidents["lon"].to_numpy(dtype=float, na_value=np.nan)[candidates]
    lat = incidents["lat"].to_numpy(dtype=float, na_value=np.nan)[candidates]
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=GEOGRAPHIC_CRS).to_crs(PROJECTED_CRS).to_numpy()
    km = np.full(candidates.size, np.inf)
    owner = pieces["iso3"].to_numpy()
    for iso3 in pd.unique(iom[candidates]):  # one search per country IOM names (a few hundred), not per point
        mine = np.flatnonzero(iom[candidates] == iso3)
        theirs = np.flatnonzero(owner == iso3)
        hit, piece = _first_hits(pieces.iloc[theirs].sindex.nearest(points[mine], return_all=False))
        km[mine[hit]] = _geodesic_km(points[mine[hit]], pieces.geometry.to_numpy()[theirs[piece]])
    at_sea = placed["sea_area"].to_numpy()[candidates] != ON_LAND
    flags[candidates] = km > np.where(at_sea, SEA_TOLERANCE_KM, LAND_TOLERANCE_KM)
    return flags


def place_incidents(incidents: pd.DataFrame, marine_areas: pd.DataFrame | None, country_frame: pd.DataFrame | None,
                    geography: Geography | None = None) -> pd.DataFrame:
    """A new incident frame with the placed columns (:data:`PLACED_COLUMNS`) and, where the point's country
    disagrees with IOM's country of incident, :data:`FLAG_COORDINATE_COUNTRY` added to ``quality_flags``.

    Needs ``lon``, ``lat`` (degrees WGS84), ``country_of_incident_iso3`` and ``quality_flags``; ``marine_areas``
    and ``country_frame`` are :func:`loaders.geography.read_marine_areas` and ``read_country_shapes``.
    ``sea_area``, ``coord_country_iso3`` and ``border_zone`` are categoricals; the distances are in km.
    ``geography``: the shapes already built from those two frames (they are then not needed).
    """
    geography = geography or Geography(marine_areas, country_frame)
    placed = place_points(incidents["lon"].to_numpy(dtype=float, na_value=np.nan),
                          incidents["lat"].to_numpy(dtype=float, na_value=np.nan), geography)
    disagrees = coordinate_disagrees(incidents, placed, geography)
    out = incidents.copy()
    for column in ("sea_area", "coord_country_iso3", "border_zone"):
        out[column] = pd.Categorical(placed[column].to_numpy())
    zone = placed["border_zone"].to_numpy()
    out["sea_or_border"] = pd.Categorical(np.where(pd.notna(zone), zone, placed["sea_area"].to_numpy()))
    out["coast_distance_km"] = placed["coast_distance_km"].to_numpy()
    out["border_distance_km"] = placed["border_distance_km"].to_numpy()
    out["coordinate_check"] = disagrees
    if disagrees.any():
        flags = out["quality_flags"].astype(object).to_numpy().copy()
        rows = np.flatnonzero(disagrees)
        flags[rows] = [f"{text}; {FLAG_COORDINATE_COUNTRY}" if isinstance(text, str) and text
                       else FLAG_COORDINATE_COUNTRY for text in flags[rows]]
        dtype = out["quality_flags"].dtype
        out["quality_flags"] = (pd.Categorical(flags) if isinstance(dtype, pd.CategoricalDtype)
                                else pd.Series(flags, index=out.index).astype(dtype))
    return out


#: Outlines drawn on maps are simplified to this tolerance (degrees, about 5 km): enough at the zooms shown.
OUTLINE_SIMPLIFY_DEGREES = 0.05
#: A sea declared only "nearest the coast of" some countries is drawn as its part within this distance (km) of
#: those coasts (200 nautical miles); the rule itself uses the nearest coast, which no simple shape shows.
COAST_REACH_KM = 370.4
#: Colours of outlines (RGBA), by kind: a sea area, a border zone, a country.
OUTLINE_COLOURS = {"sea": ([0, 114, 178, 40], [0, 114, 178, 200]), "zone": ([213, 94, 0, 60], [213, 94, 0, 220]),
                   "country": ([0, 158, 115, 30], [0, 158, 115, 200])}


def _to_feature(geometry, kind: str, label: str, corridor_id: str) -> dict | None:
    """A GeoJSON feature (EPSG:4326) of a shape, simplified, with its kind, label and colours; None if empty."""
    import json

    import shapely

    simple = shapely.simplify(geometry, OUTLINE_SIMPLIFY_DEGREES, preserve_topology=True)
    if simple is None or shapely.is_empty(simple):
        return None
    fill, line = OUTLINE_COLOURS[kind]
    return {"type": "Feature", "geometry": json.loads(shapely.to_geojson(shapely.set_precision(simple, 0.001))),
            "properties": {"corridor": corridor_id, "kind": kind, "label": label, "fill": fill, "line": line}}


def outline_features(corridor_id: str, seas: list[tuple[str, frozenset[str]]], border_zones: list[str],
                     countries: list[str], geography: Geography) -> list[dict]:
    """GeoJSON features outlining a corridor's declared geography: each named sea area (the part within
    :data:`COAST_REACH_KM` of its coasts when it is declared only near some coasts), each border zone (land
    within :data:`BORDER_ZONE_KM` of the border, on both sides) and each country. "Open sea" has no shape."""
    import shapely

    features: list[dict | None] = []
    projected_countries = geography.countries_projected.set_index("iso3").geometry
    for name, coasts in seas:
        shapes = geography.seas[geography.seas["name"] == name]
        if shapes.empty:
            continue
        if coasts:
            reach = shapely.buffer(shapely.union_all(projected_countries.reindex(sorted(coasts)).dropna().to_numpy()),
                                   COAST_REACH_KM * 1000.0)
            sea = shapely.intersection(shapely.union_all(shapes.to_crs(PROJECTED_CRS).geometry.to_numpy()), reach)
            sea = _geopandas().GeoSeries([sea], crs=PROJECTED_CRS).to_crs(GEOGRAPHIC_CRS).iloc[0]
        else:
            sea = shapely.union_all(shapes.geometry.to_numpy())
        features.append(_to_feature(sea, "sea", place_name(name), corridor_id))
    borders = geography.borders
    for zone in border_zones:
        first, second = zone.split(ZONE_DASH)
        line = borders[(borders["a"] == first) & (borders["b"] == second)]
        if line.empty:
            continue
        land = shapely.union_all(projected_countries.reindex([first, second]).dropna().to_numpy())
        area = shapely.intersection(shapely.buffer(line.geometry.iloc[0], BORDER_ZONE_KM * 1000.0), land)
        area = _geopandas().GeoSeries([area], crs=PROJECTED_CRS).to_crs(GEOGRAPHIC_CRS).iloc[0]
        features.append(_to_feature(area, "zone", place_name(zone), corridor_id))
    own = geography.countries.set_index("iso3").geometry
    for code in countries:
        if code in own.index:
            features.append(_to_feature(own.loc[code], "country", code, corridor_id))
    return [feature for feature in features if feature is not None]


def outline_rows(features: Sequence[Mapping]) -> pd.DataFrame:
    """The shapes a corridor's outline is drawn from, one row each: ``kind`` (sea, zone or country) and ``label``
    (as :func:`corridor_outlines` names them), for the data behind the outline map."""
    return pd.DataFrame({"kind": [str(f.get("properties", {}).get("kind", "")) for f in features],
                         "label": [str(f.get("properties", {}).get("label", "")) for f in features]})
