"""Readers of the Natural Earth polygons the spatial step places incidents with (``data/geography/``).

``read_marine_areas`` reads Natural Earth's named seas, straits, gulfs and channels
(``ne_50m_geography_marine_polys.geojson``) and ``read_country_shapes`` its 1:50m
country polygons (``ne_50m_admin_0_countries.geojson``). Both return a plain frame,
one row per feature, whose ``geometry`` column holds each feature's GeoJSON geometry as
text (WGS84 longitude/latitude, as in the file); :mod:`transforms.geography` turns them
into shapes. Nothing here computes a shape: this module reads and checks files only, with
the standard library's ``json``. :func:`spatial_step` bundles the two files with the
function that places incidents, for :mod:`loaders.parsed_cache` to run before it caches
the incident frame (so the columns come with the prepared data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.paths import REPO_ROOT, data_dir

MARINE_FILE = "ne_50m_geography_marine_polys.geojson"
COUNTRIES_FILE = "ne_50m_admin_0_countries.geojson"

#: Natural Earth's ``ADM0_A3`` codes that are not the ISO 3166 code IOM's exports use, and what IOM writes
#: instead (None: no country of its own in IOM's list). The file's ``ISO_A3`` is "-99" for most of these.
ADM0_TO_ISO3: dict[str, str | None] = {
    "ALD": "ALA",  # Åland
    "ATC": "AUS",  # Ashmore and Cartier Islands, an Australian territory
    "IOA": "AUS",  # Indian Ocean Territories (Christmas Island, Cocos Islands), Australian
    "CYN": "CYP",  # Northern Cyprus (Natural Earth's de facto line)
    "KOS": "XKX",  # Kosovo, as IOM codes it
    "SOL": "SOM",  # Somaliland (Natural Earth's de facto line)
    "PSX": "PSE",  # Palestine
    "SAH": "ESH",  # Western Sahara
    "SDS": "SSD",  # South Sudan
    "KAS": None,  # Siachen Glacier (indeterminate)
}

#: The modules whose code shapes the placed columns: part of the disk cache's key.
PLACEMENT_MODULES = ("loaders/geography.py", "transforms/geography.py")


def geography_dir(root: Path | None = None) -> Path:
    """The folder of the Natural Earth polygons."""
    return (root or data_dir()) / "geography"


def marine_areas_path(root: Path | None = None) -> Path:
    return geography_dir(root) / MARINE_FILE


def country_shapes_path(root: Path | None = None) -> Path:
    return geography_dir(root) / COUNTRIES_FILE


def _features(path: Path) -> list[dict]:
    """The features of a GeoJSON FeatureCollection; DataFileError for a missing or malformed file."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, N_("The data file {file} is missing."),
                            expected=N_("a GeoJSON file of Natural Earth polygons")) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise DataFileError(path, N_("The data file {file} is not valid GeoJSON."),
                            expected=N_("a GeoJSON file of Natural Earth polygons")) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise DataFileError(path, N_("The data file {file} holds no GeoJSON features."),
                            expected=N_("a GeoJSON FeatureCollection of polygons"))
    bad = [i + 1 for i, f in enumerate(features)
           if not isinstance(f, dict) or not isinstance(f.get("geometry"), dict)
           or f["geometry"].get("type") not in ("Polygon", "MultiPolygon")]
    if bad:
        raise DataFileError(path, N_("The data file {file} has features that are not polygons."),
                            rows=bad, expected=N_("Polygon or MultiPolygon geometries"))
    return features


def _clean_name(name: object) -> str:
    """Natural Earth's label as a name: spaces collapsed ("Caribbean  Sea"), oceans out of capitals."""
    text = " ".join(str(name).split())
    return text.title() if text.isupper() else text


def read_marine_areas(path: Path) -> pd.DataFrame:
    """Named sea areas: columns ``name`` (cleaned label), ``feature_class`` (sea, strait, bay, gulf, channel,
    ocean...), ``scalerank`` and ``geometry`` (GeoJSON text, degrees WGS84). Natural Earth splits some seas in
    two features with one name (the Mediterranean); both keep the name."""
    features = _features(path)
    names = [f.get("properties", {}).get("name") for f in features]
    missing = [i + 1 for i, name in enumerate(names) if not isinstance(name, str) or not name.strip()]
    if missing:
        raise DataFileError(path, N_("The data file {file} has sea areas without a name."), rows=missing,
                            expected=N_("a name in the property “name” of every feature"))
    return pd.DataFrame({
        "name": [_clean_name(name) for name in names],
        "feature_class": [str(f["properties"].get("featurecla") or "") for f in features],
        "scalerank": [f["properties"].get("scalerank") for f in features],
        "geometry": [json.dumps(f["geometry"]) for f in features],
    })


def read_country_shapes(path: Path) -> pd.DataFrame:
    """Country polygons: columns ``iso3`` (the code IOM uses: ISO 3166 alpha-3, see :data:`ADM0_TO_ISO3`; None
    where there is none), ``adm0_a3`` (Natural Earth's own code), ``name`` and ``geometry`` (GeoJSON text)."""
    features = _features(path)
    props = [f.get("properties", {}) for f in features]
    missing = [i + 1 for i, p in enumerate(props) if not isinstance(p.get("ADM0_A3"), str)]
    if missing:
        raise DataFileError(path, N_("The data file {file} has countries without a code."), rows=missing,
                            expected=N_("a code in the property “ADM0_A3” of every feature"))
    iso3 = []
    for p in props:
        code = p["ADM0_A3"]
        if code in ADM0_TO_ISO3:
            iso3.append(ADM0_TO_ISO3[code])
        else:
            iso = p.get("ISO_A3")
            iso3.append(iso if isinstance(iso, str) and len(iso) == 3 and iso != "-99" else code)
    return pd.DataFrame({
        "iso3": iso3,
        "adm0_a3": [p["ADM0_A3"] for p in props],
        "name": [str(p.get("NAME") or p["ADM0_A3"]) for p in props],
        "geometry": [json.dumps(f["geometry"]) for f in features],
    })


@dataclass(frozen=True)
class SpatialStep:
    """A step run on the freshly read incident frame before it is cached: ``apply(frame)`` returns the frame
    with its placed columns. ``inputs`` are the files its result depends on (the polygons and the code), added
    to the disk cache's key."""

    inputs: tuple[Path, ...]
    apply: Callable[[pd.DataFrame], pd.DataFrame]


def spatial_step(root: Path, place: Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.DataFrame]
                 ) -> SpatialStep | None:
    """The spatial step for the data folder ``root``: ``place(incidents, marine_areas, country_shapes)`` (that
    is :func:`transforms.geography.place_incidents`) run with the polygons of ``root``'s ``geography/``. None
    when the folder has no polygons (a data folder made without them): the frame then has no placed columns,
    and corridors count IOM's routes only."""
    marine, countries = marine_areas_path(root), country_shapes_path(root)
    if not (marine.exists() and countries.exists()):
        return None

    def apply(frame: pd.DataFrame) -> pd.DataFrame:
        return place(frame, read_marine_areas(marine), read_country_shapes(countries))

    return SpatialStep((marine, countries, *(REPO_ROOT / module for module in PLACEMENT_MODULES)), apply)
