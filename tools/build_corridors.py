"""Building the corridor catalogue ``data/corridors/corridors.csv`` from the shipped data, reproducibly.

An offline generator, run by hand (``python -m tools.build_corridors``); the app never imports it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.corridors import corridors_path
from transforms.corridor_membership import CORRIDOR_GEOGRAPHY, corridor_incidents

#: Unit vectors (east, north) of the headings used to orient a path.
HEADINGS = {"N": (0.0, 1.0), "S": (0.0, -1.0), "E": (1.0, 0.0), "W": (-1.0, 0.0),
            "NW": (-0.7071, 0.7071), "NE": (0.7071, 0.7071), "SE": (0.7071, -0.7071), "SW": (-0.7071, -0.7071)}


MAX_WAYPOINTS = 6


INCIDENTS_PER_WAYPOINT = 8  # fewer incidents give fewer waypoints (at least two)


TRIM_QUANTILE = 0.05  # outer 5% on each axis left out when a corridor has many incidents


TRIM_MIN_INCIDENTS = 40


TOP_ORIGINS = 5


UNKNOWN_ORIGINS = {"OOO", "UNK"}


@dataclass(frozen=True)
class CorridorSpec:
    """What defines a corridor; ``heading`` is its direction of travel (a key of HEADINGS)."""

    id: str
    name: str
    region: str
    mode: str
    transit: str
    destination: str
    iom_routes: tuple[str, ...]
    flow_series: tuple[str, ...]
    heading: str
    natural_earth: tuple[tuple[str, str], ...] = ()  # (ADM0_A3, which part) waypoints when no incident is recorded
    legs: bool = False  # True: one stretch of path per IOM route, joined in the listed order


CORRIDOR_SPECS: tuple[CorridorSpec, ...] = (
    CorridorSpec("central_med", "Central Mediterranean", "Mediterranean", "sea", "LBY TUN", "ITA MLT",
                 ("Central Mediterranean",),
                 ("frontex_ibc:Central Mediterranean Route", "unhcr_italy_sea", "iom_dtm_europe:ITA"), "N"),
    CorridorSpec("eastern_med", "Eastern Mediterranean", "Mediterranean", "sea", "TUR", "GRC CYP",
                 ("Eastern Mediterranean",),
                 ("frontex_ibc:Eastern Mediterranean Route:Sea", "iom_dtm_europe:GRC"), "W"),
    CorridorSpec("western_med", "Western Mediterranean", "Mediterranean", "sea", "MAR DZA", "ESP",
                 ("Western Mediterranean",),
                 ("frontex_ibc:Western Mediterranean Route", "iom_dtm_europe:ESP-WMR"), "N"),
    CorridorSpec("atlantic_canaries", "Atlantic route to the Canary Islands", "Atlantic", "sea", "SEN GMB MRT MAR",
                 "ESP", ("Western Africa / Atlantic route to the Canary Islands",),
                 ("frontex_ibc:Western African Route", "iom_dtm_europe:ESP-WAAR"), "N"),
    CorridorSpec("english_channel", "English Channel", "Europe", "sea", "FRA BEL", "GBR",
                 ("English Channel to the UK",), ("uk_small_boats",), "NW"),
    CorridorSpec("western_balkans", "Western Balkans", "Europe", "land", "GRC MKD SRB BIH ALB", "HUN HRV SVN",
                 ("Western Balkans",), ("frontex_ibc:Western Balkan Route",), "NW"),
    CorridorSpec("belarus_eu", "Belarus–EU border", "Europe", "land", "BLR", "POL LTU LVA",
                 ("Belarus-EU border",), ("frontex_ibc:Eastern Borders Route",), "S"),
    CorridorSpec("turkiye_europe_land", "Türkiye–Europe land route", "Europe", "land", "TUR", "GRC BGR",
                 ("Türkiye-Europe land route",),
                 ("frontex_ibc:Eastern Mediterranean Route:Land", "iom_dtm_europe:BGR"), "N"),
    CorridorSpec("sahara", "Sahara Desert crossing", "Africa", "land", "NER MLI TCD SDN", "LBY DZA",
                 ("Sahara Desert crossing",), (), "N"),
    CorridorSpec("eastern_route_yemen", "Eastern Route (Horn of Africa–Yemen–Gulf)", "Horn of Africa and Yemen",
                 "mixed", "DJI SOM YEM", "SAU", ("Eastern Route to/from EHOA", "Horn of Africa to Yemen crossing"),
                 (), "N"),
    CorridorSpec("southern_route", "Southern Route (Horn of Africa–Southern Africa)", "Africa", "land",
                 "KEN TZA MWI MOZ ZMB ZWE", "ZAF", ("Route to Southern Africa",), (), "S"),
    CorridorSpec("us_mexico", "US–Mexico border", "Americas", "land", "MEX", "USA",
                 ("US-Mexico border crossing",), ("us_cbp_sw_border", "mexico_irregular"), "W"),
    CorridorSpec("darien", "Darién Gap", "Americas", "land", "COL", "PAN", ("Darien",), ("panama_darien",), "NW"),
    CorridorSpec("caribbean", "Caribbean sea routes", "Americas", "sea", "HTI DOM CUB VEN", "USA PRI DOM TTO",
                 ("Caribbean to US", "Dominican Republic to Puerto Rico", "Haiti to Dominican Republic",
                  "Venezuela to Caribbean", "Caribbean to Central America"), (), "N"),
    CorridorSpec("afghanistan_iran_turkiye", "Afghanistan–Iran–Türkiye", "Asia-Pacific", "land", "IRN", "TUR",
                 ("Afghanistan to Iran", "Iran to Türkiye"), (), "W", legs=True),
    CorridorSpec("bay_of_bengal_andaman", "Bay of Bengal and Andaman Sea", "Asia-Pacific", "sea", "MMR BGD THA",
                 "MYS IDN", ("Bay of Bengal/Andaman Sea", "Naf River crossing"), (), "SE"),
    CorridorSpec("sea_to_australia", "South-East Asia to Australia by sea", "Asia-Pacific", "sea", "IDN", "AUS",
                 (), ("australia_boats",), "S", natural_earth=(("IDN", "nearest"), ("IOA", "east"))),
    CorridorSpec("myanmar_thailand_malaysia_land", "Myanmar–Thailand–Malaysia land route", "Asia-Pacific", "land",
                 "THA", "MYS THA", (), (), "S"),
)


def incident_path(lon: pd.Series, lat: pd.Series, heading: str,
                  max_waypoints: int = MAX_WAYPOINTS) -> list[list[float]]:
    """Waypoints [lon, lat] (degrees) through the incidents, in the direction of travel.

    The points (at least two, NaN dropped; the outer 5% on each axis left out
    when there are 40 or more) are projected on their principal axis (lon
    scaled by the cosine of the mean latitude), the axis is oriented along
    ``heading``, the projections are cut into equal-count bins (one per 8
    incidents, 2 to 6 bins), and each bin gives its median lon and lat.
    Raises ValueError with fewer than two located points.
    """
    frame = pd.DataFrame({"lon": lon, "lat": lat}).dropna()
    if len(frame) >= TRIM_MIN_INCIDENTS:
        keep = pd.Series(True, index=frame.index)
        for column in ("lon", "lat"):
            low, high = frame[column].quantile([TRIM_QUANTILE, 1 - TRIM_QUANTILE])
            keep &= frame[column].between(low, high)
        frame = frame[keep]
    if len(frame) < 2:
        raise ValueError("a path needs at least two located incidents")
    scale = math.cos(math.radians(float(frame["lat"].mean())))
    xy = np.column_stack([frame["lon"].to_numpy() * scale, frame["lat"].to_numpy()])
    centred = xy - xy.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0] if np.any(centred) else np.array([1.0, 0.0])
    if float(np.dot(axis, HEADINGS[heading])) < 0:
        axis = -axis
    along = centred @ axis
    bins = int(min(max_waypoints, max(2, len(frame) // INCIDENTS_PER_WAYPOINT)))
    order = np.argsort(along, kind="stable")
    waypoints = []
    for chunk in np.array_split(order, bins):
        part = frame.iloc[chunk]
        waypoints.append([round(float(part["lon"].median()), 3), round(float(part["lat"].median()), 3)])
    return waypoints


def _polygon_centres(geometry: dict) -> list[tuple[float, float]]:
    """The vertex-mean centre (lon, lat) of each outer ring of a Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    centres = []
    for polygon in polygons:
        ring = np.asarray(polygon[0], dtype=float)
        centres.append((float(ring[:, 0].mean()), float(ring[:, 1].mean())))
    return centres


def natural_earth_path(countries: dict, parts: tuple[tuple[str, str], ...]) -> list[list[float]]:
    """Waypoints from Natural Earth polygons, for corridors with no located incident.

    ``parts`` lists (ADM0_A3, which) pairs: "east" takes the polygon part whose
    centre lies furthest east (for IOA, Christmas Island rather than the Cocos
    Islands); "nearest" takes the part whose centre is nearest to the next
    waypoint (for IDN, Java). Centres are vertex means of the outer rings.
    """
    by_code = {f["properties"]["ADM0_A3"]: f["geometry"] for f in countries["features"]}
    chosen: list[tuple[float, float] | None] = [None] * len(parts)
    for index in reversed(range(len(parts))):
        code, which = parts[index]
        centres = _polygon_centres(by_code[code])
        if which == "east":
            chosen[index] = max(centres, key=lambda c: c[0])
        elif which == "nearest" and index + 1 < len(parts):
            target = chosen[index + 1]
            chosen[index] = min(centres, key=lambda c: (c[0] - target[0]) ** 2 + (c[1] - target[1]) ** 2)
        else:
            raise ValueError(f"unknown Natural Earth part {which!r} for {code}")
    return [[round(lon, 3), round(lat, 3)] for lon, lat in chosen]


def top_origins(incidents: pd.DataFrame, n: int = TOP_ORIGINS) -> list[str]:
    """The ISO3 codes of the ``n`` countries of origin with the most dead and missing (unknown left out)."""
    exploded = incidents[["country_of_origin_iso3", "dead_missing"]].explode("country_of_origin_iso3")
    exploded = exploded[exploded["country_of_origin_iso3"].notna()
                        & ~exploded["country_of_origin_iso3"].isin(UNKNOWN_ORIGINS)]
    totals = exploded.groupby("country_of_origin_iso3")["dead_missing"].sum()
    totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
    return [str(code) for code in totals.index[:n]]


def _sources_text(spec: CorridorSpec, members: pd.DataFrame, via_natural_earth: bool) -> str:
    if via_natural_earth:
        parts = ", ".join(f"{code} ({which} part)" for code, which in spec.natural_earth)
        return ("No IOM incident is recorded on this corridor, so the path joins the centres of Natural Earth 1:50m "
                f"admin-0 polygons: {parts}. Origins: none recorded.")
    if spec.legs:
        how_legs = " One stretch per IOM route, joined in this order: " + " then ".join(spec.iom_routes) + "."
    else:
        how_legs = ""
    how = f"IOM routes {'; '.join(spec.iom_routes)}" if spec.iom_routes else "no IOM route"
    if spec.id in CORRIDOR_GEOGRAPHY:
        how += (", or, where IOM gives no route, a point in the corridor's geography" if spec.iom_routes
                else ", a point in the corridor's geography") + " (see corridors.meta.yml)"
    return (f"Path: medians of the coordinates of {len(members):,} IOM Missing Migrants incidents ({how}) in "
            f"equal-count bins along their principal axis, heading {spec.heading}. Origins: the countries of origin "
            "with the most recorded dead and missing on the corridor. Transit and destination: the corridor's "
            "definition." + how_legs)


def build_catalogue(incidents: pd.DataFrame, countries: dict) -> pd.DataFrame:
    """The catalogue rows (text cells, as written to CSV) for every spec in :data:`CORRIDOR_SPECS`."""
    rows = []
    for spec in CORRIDOR_SPECS:
        corridor = {"id": spec.id, "iom_routes": spec.iom_routes}
        members = incidents.loc[corridor_incidents(incidents, corridor)]
        located = members.dropna(subset=["lon", "lat"])
        via_natural_earth = len(located) < 2
        if via_natural_earth:
            path = natural_earth_path(countries, spec.natural_earth)
        elif spec.legs:
            path = []
            for route in spec.iom_routes:
                leg = located[located["migration_route"] == route]
                path += incident_path(leg["lon"], leg["lat"], spec.heading, MAX_WAYPOINTS // len(spec.iom_routes))
        else:
            path = incident_path(located["lon"], located["lat"], spec.heading)
        rows.append({
            "id": spec.id, "name": spec.name, "region": spec.region, "mode": spec.mode,
            "origin_iso3": " ".join(top_origins(members)), "transit_iso3": spec.transit,
            "destination_iso3": spec.destination, "path": json.dumps(path), "iom_routes": ";".join(spec.iom_routes),
            "flow_series": ";".join(spec.flow_series),
            "geography_sources": _sources_text(spec, located, via_natural_earth),
        })
    return pd.DataFrame(rows)


def main(root: Path | None = None, natural_earth: Path | None = None) -> Path:
    """Read the shipped incidents and Natural Earth countries; write the catalogue; return its path."""
    from loaders.geography import spatial_step
    from loaders.parsed_cache import parsed_incidents
    from loaders.paths import REPO_ROOT, data_dir
    from transforms.geography import place_incidents

    base = root or data_dir()
    incidents = parsed_incidents(base, step=spatial_step(base, place_incidents))  # placed, as the app reads it
    geojson = natural_earth or REPO_ROOT.parent / "shared" / "data" / "raw" / "natural_earth" / \
        "ne_50m_admin_0_countries.geojson"
    countries = json.loads(Path(geojson).read_text(encoding="utf-8"))
    catalogue = build_catalogue(incidents, countries)
    target = corridors_path(base)
    target.parent.mkdir(parents=True, exist_ok=True)
    catalogue.to_csv(target, index=False)
    return target


if __name__ == "__main__":
    print(f"Wrote {main()}")
