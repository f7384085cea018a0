"""Offline maps: pydeck decks drawn over Natural Earth country shapes, with no tiles.

The country layer and the map style are URLs under the app's own ``static/``
folder, so no request leaves the machine and each page run ships a few
kilobytes instead of the whole country geometry.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pydeck as pdk

from charts.style import DEAD_MISSING_COLOUR, hex_to_rgb

COUNTRY_FILL = [250, 250, 248]
COUNTRY_LINE = [160, 170, 180]
POINT_ALPHA = 150
MAX_RADIUS_PX = 24
MIN_RADIUS_PX = 3
WORLD_VIEW = pdk.ViewState(longitude=15, latitude=20, zoom=0.6)
MAP_HEIGHT = 420


def fit_view(lon: pd.Series, lat: pd.Series) -> pdk.ViewState:
    """A view that frames the given points (the whole world when there are none)."""
    lon, lat = lon.dropna(), lat.dropna()
    if lon.empty:
        return WORLD_VIEW
    west, east = float(lon.quantile(0.02)), float(lon.quantile(0.98))
    south, north = float(lat.quantile(0.02)), float(lat.quantile(0.98))
    span = max(east - west, (north - south) * 1.6, 4.0)
    zoom = max(0.5, min(6.0, math.log2(360.0 / span) - 0.3))
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2, zoom=zoom)


def country_layer(countries_url: str) -> pdk.Layer:
    """Natural Earth countries from a local URL, as the base of every map."""
    return pdk.Layer("GeoJsonLayer", data=countries_url, id="countries", stroked=True, filled=True,
                     get_fill_color=COUNTRY_FILL, get_line_color=COUNTRY_LINE, line_width_min_pixels=0.5,
                     wrap_longitude=True, pickable=False)


def build_cells_deck(cells: pd.DataFrame, *, countries_url: str, style_url: str,
                     height: int = MAP_HEIGHT) -> pdk.Deck:
    """Circles sized by dead and missing per grid cell.

    Needs the columns of :func:`loaders.fatality_transforms.map_cells`:
    lon, lat (degrees), dead_missing (people), incidents. The tooltip is plain
    text (deck.gl's ``text`` tooltip), so no cell value is read as HTML.
    """
    data = cells.copy()
    peak = float(data["dead_missing"].max()) if not data.empty else 1.0
    data["radius"] = MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * np.sqrt(
        data["dead_missing"].clip(lower=0) / max(peak, 1.0))
    data["dead_missing"] = data["dead_missing"].astype(int)
    points = pdk.Layer("ScatterplotLayer", data=data[["lon", "lat", "radius", "dead_missing", "incidents"]],
                       id="incident-cells", get_position=["lon", "lat"], get_radius="radius",
                       radius_units=pdk.types.String("pixels"), get_fill_color=hex_to_rgb(DEAD_MISSING_COLOUR) + [POINT_ALPHA],
                       get_line_color=[255, 255, 255], line_width_min_pixels=0.5, stroked=True, pickable=True)
    return pdk.Deck(layers=[country_layer(countries_url), points], initial_view_state=fit_view(data["lon"], data["lat"]),
                    map_style=style_url, map_provider=None, height=height,
                    tooltip={"text": "Dead and missing: {dead_missing}\nIncidents: {incidents}"})
