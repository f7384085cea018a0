"""Shared map pieces and the Overview's map: the base of every pydeck deck and plotly geo figure, plain-text
tooltips, and the deck of dead and missing per grid cell.

Maps draw no tiles: the pydeck country layer and map style are URLs under the
app's own ``static/`` folder, so no request leaves the machine and each page run
ships a few kilobytes instead of the whole country geometry; plotly geo figures
take their topojson from the ``topojsonURL`` the page's plotly config sets.
Tooltips are deck.gl's plain-text kind (``{"text": ...}``), which the browser
shows with ``innerText``: no value from the data is ever read as HTML. Tooltip words are in the reader's
language and the numbers in them per locale.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk

from charts.layout import hex_to_rgb
from charts.style import COUNTRY_FILL, COUNTRY_LINES, DEAD_MISSING_COLOUR, LAND, OCEAN, TOOLTIP_STYLE
from i18n import _, format_integer

COUNTRY_FILL_RGB = hex_to_rgb(COUNTRY_FILL)
COUNTRY_LINES_RGB = hex_to_rgb(COUNTRY_LINES)
POINT_ALPHA = 150
MAX_RADIUS_PX = 24
MIN_RADIUS_PX = 3
WORLD_VIEW = pdk.ViewState(longitude=15, latitude=20, zoom=0.6)
MAP_HEIGHT = 420
QUANTILES = np.array([0.02, 0.98])  # the share of points a view may leave out on each side
#: A tooltip of each object's whole "tip" field (the layers that carry their tooltip as one text).
TIP_TOOLTIP = (("", "tip"),)


def plain_text_tooltip(fields: tuple[tuple[str, str], ...]) -> dict[str, object]:
    """deck.gl's text tooltip ("Label: {key}" per line, each label already in the reader's language): rendered
    with innerText, never as HTML."""
    # Translators: one line of a map's tooltip: {label} names the value, {value} is filled in by the map.
    lines = [_("{label}: {value}", label=label, value=f"{{{key}}}") if label else f"{{{key}}}" for label, key in fields]
    return {"text": "\n".join(lines), "style": TOOLTIP_STYLE}


def geo_layout(*, resolution: int, projection: dict[str, Any] | None = None, **geo: Any) -> dict[str, Any]:
    """The base map of the plotly geo figures: the natural earth projection (with ``projection``'s properties),
    no frame or coastlines, country borders, the app's land and ocean; plus ``geo``. ``resolution`` is 50 or
    110 (the topojson files under ``static/topojson/``)."""
    return dict(projection=dict(type="natural earth", **(projection or {})), resolution=resolution,
                showframe=False, showcoastlines=False, showcountries=True, countrycolor=COUNTRY_LINES, showland=True,
                landcolor=LAND, showocean=True, oceancolor=OCEAN, showlakes=False, **geo)


def fit_view(lon: pd.Series, lat: pd.Series) -> pdk.ViewState:
    """A view that frames the given points (the whole world when there are none)."""
    lon, lat = lon.dropna(), lat.dropna()
    if lon.empty:
        return WORLD_VIEW
    # The 2nd and 98th percentiles as Series.quantile computes them (numpy's linear percentile), without
    # building a frame per call.
    west, east = (float(v) for v in np.percentile(lon.to_numpy(dtype=float), QUANTILES * 100, method="linear"))
    south, north = (float(v) for v in np.percentile(lat.to_numpy(dtype=float), QUANTILES * 100, method="linear"))
    span = max(east - west, (north - south) * 1.6, 4.0)
    zoom = max(0.5, min(6.0, math.log2(360.0 / span) - 0.3))
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2, zoom=zoom)


def country_layer(countries_url: str) -> pdk.Layer:
    """Natural Earth countries from a local URL, as the base of every map."""
    return pdk.Layer("GeoJsonLayer", data=countries_url, id="countries", stroked=True, filled=True,
                     get_fill_color=COUNTRY_FILL_RGB, get_line_color=COUNTRY_LINES_RGB, line_width_min_pixels=0.5,
                     wrap_longitude=True, pickable=False)


def build_cells_deck(cells: pd.DataFrame, *, countries_url: str, style_url: str,
                     height: int = MAP_HEIGHT) -> pdk.Deck:
    """Circles sized by dead and missing per grid cell.

    Needs the columns of :func:`transforms.maps.map_cells`:
    lon, lat (degrees), dead_missing (people), incidents. The tooltip is plain
    text (deck.gl's ``text`` tooltip), so no cell value is read as HTML.
    """
    dead_missing = cells["dead_missing"]
    peak = float(dead_missing.max()) if not cells.empty else 1.0
    radius = MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * np.sqrt(
        np.clip(dead_missing.to_numpy(), 0, None) / max(peak, 1.0))
    # The records pydeck would make of a frame (to_dict(orient="records"), plain Python numbers), made directly.
    columns = {"lon": cells["lon"].tolist(), "lat": cells["lat"].tolist(), "radius": radius.tolist(),
               "dead_missing": dead_missing.astype(int).tolist(), "incidents": cells["incidents"].tolist(),
               "dead_missing_text": [format_integer(v) for v in dead_missing],
               "incidents_text": [format_integer(v) for v in cells["incidents"]]}
    records = [dict(zip(columns, row)) for row in zip(*columns.values())]
    points = pdk.Layer("ScatterplotLayer", data=records,
                       id="incident-cells", get_position=["lon", "lat"], get_radius="radius",
                       radius_units=pdk.types.String("pixels"), get_fill_color=hex_to_rgb(DEAD_MISSING_COLOUR) + [POINT_ALPHA],
                       get_line_color=[255, 255, 255], line_width_min_pixels=0.5, stroked=True, pickable=True)
    return pdk.Deck(layers=[country_layer(countries_url), points], initial_view_state=fit_view(cells["lon"], cells["lat"]),
                    map_style=style_url, map_provider=None, height=height,
                    tooltip={"text": "\n".join([
                        # Translators: a hover line; keep {value} (a number filled in by the chart).
                        _("Dead and missing: {value}", value="{dead_missing_text}"),
                        # Translators: a hover line; keep {value} (a number filled in by the chart).
                        _("Incidents: {value}", value="{incidents_text}")])})
