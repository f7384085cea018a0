"""Figures for the Incident map page: incident points, density cells, a country choropleth, a monthly animation.

Pure builders: each takes the frames of :mod:`transforms.maps` and
plain arguments and returns a new pydeck ``Deck`` or plotly ``Figure`` (or a
string: the legend, the one-sentence summaries). Nothing here calls
Streamlit or reads files. Base maps are local: pydeck draws the country
GeoJSON and the blank style from ``static/`` (URLs passed in), plotly geo
figures take their topojson from the ``topojsonURL`` the page's plotly config
sets. Tooltips are deck.gl's plain-text kind (``{"text": ...}``), which the
browser shows with ``innerText``: no value from the data is ever read as HTML.
"""

from __future__ import annotations

import functools
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from charts.layout import base_layout, empty_figure, hex_to_rgb
from charts.maps import TIP_TOOLTIP, country_layer, fit_view, geo_layout, plain_text_tooltip
from charts.serialise import figure
from charts.style import (
    CAUSE_COLOURS,
    CAUSE_SHORT,
    CHOROPLETH_RESOLUTION,
    CHOROPLETH_SCALE,
    DEAD_MISSING_COLOUR,
    FONT_SIZE,
    MAP_BLUES,
    MAP_MARGIN,
    OKABE_ITO,
    OUTLINE,
    SERIES_COLOURS,
    TRANSPARENT,
    WHITE,
)
from i18n import N_, _, country_name, format_decimal, format_integer, format_percent, language, ngettext, pgettext
from transforms.geography import ON_LAND, place_name
from transforms.maps import SEVERAL_CAUSES
from transforms.periods import month_label

#: Okabe and Ito's black, the one colour of their set CAUSE_COLOURS leaves free.
SEVERAL_CAUSES_COLOUR = OKABE_ITO["black"]
POINT_COLOURS = {**CAUSE_COLOURS, SEVERAL_CAUSES: SEVERAL_CAUSES_COLOUR}
POINT_LABELS = {**CAUSE_SHORT, SEVERAL_CAUSES: SEVERAL_CAUSES}  # English; shown through :func:`point_label`
POINT_ALPHA = 170
#: A literal string for deck.gl: pydeck reads a bare string prop as an expression ("@@=pixels").
PIXELS = pdk.types.String("pixels")
POINT_MIN_PX = 3
POINT_MAX_PX = 28
DECK_HEIGHT = 520

#: Density classes: (lowest dead and missing in the class, label, colour), a sequential blue ramp. The label
#: names the class's layer; the legend shows :func:`density_class_labels` (the locale's numbers).
DENSITY_CLASSES = (
    (0, "1–9", MAP_BLUES[1]),
    (10, "10–99", MAP_BLUES[2]),
    (100, "100–999", MAP_BLUES[3]),
    (1000, "1,000 or more", MAP_BLUES[4]),
)
DENSITY_ALPHA = 200

#: Point tooltip lines: (label, column of transforms.maps.incident_points). Each point carries its
#: tooltip as one text field ("tip"): pydeck writes its JSON indented, so one field ships far fewer bytes than ten.
#: Labels in English, translated where shown.
POINT_TOOLTIP_FIELDS = (
    (N_("Date"), "date"), (N_("Place"), "location"), (N_("Dead"), "dead"), (N_("Missing"), "missing"),
    (N_("Survivors"), "survivors"), (N_("Cause"), "cause_of_death"), (N_("Route"), "migration_route"),
    (N_("Origin"), "country_of_origin"), (N_("Source"), "information_source"),
    (N_("Source quality"), "source_quality"), (N_("Sea area or border zone"), "place"),
)

#: What the points can be coloured by (the Incident map's ``colour`` control): English labels, translated where shown.
COLOUR_BY = {"cause": N_("Cause of death"), "sea": N_("Sea area or border zone")}
#: How many sea areas and border zones get a colour of their own (the deadliest in the selection); the rest share one.
PLACES_COLOURED = 7
#: The colour group of the places past :data:`PLACES_COLOURED` (a key; its label is translated where shown).
OTHER_PLACES = N_("Other sea areas and border zones")
#: The colour of land away from any border, of the other places, and of points with no place.
LAND_COLOUR, OTHER_PLACES_COLOUR = "#BBBBBB", "#666666"

CHOROPLETH_HEIGHT = 480
CHOROPLETH_BOTTOM_MARGIN = 60  # the source line only: no axis title
ANIMATION_HEIGHT = 520
ANIMATION_MAX_PX = 40
ANIMATION_FRAME_MS = 450
ANIMATION_RESOLUTION = 110
ANIMATION_PAD = 3.0  # degrees around the cells
ANIMATION_ASPECT = 2.5  # width / height of the framed area, to fill the chart's width
ANIMATION_CONTROLS_PX = 130  # bottom margin holding the Play button, the slider and the source line
ANIMATION_SLIDER_X = 0.25  # the slider starts right of the Play and Pause buttons
#: What the choropleth counts by (English, lower case; translated where shown with ``_()``).
COUNTRY_BASIS = {"incident": N_("country of incident"), "origin": N_("country of origin")}
#: The choropleth's option labels, its title and the name of its data, per basis: whole messages.
COUNTRY_BASIS_OPTIONS = {"incident": N_("Country of incident"), "origin": N_("Country of origin")}
CHOROPLETH_TITLES = {"incident": N_("Dead and missing migrants by country of incident"),
                     "origin": N_("Dead and missing migrants by country of origin")}
CHOROPLETH_DATA_NAMES = {"incident": N_("Dead and missing by country of incident"),
                         "origin": N_("Dead and missing by country of origin")}
_NO_KNOWN_COUNTRY = {"incident": N_("No dead or missing with a known country of incident in this selection."),
                     "origin": N_("No dead or missing with a known country of origin in this selection.")}


def point_label(group: str) -> str:
    """A colour group of the points as the reader sees it, translated: the short label of IOM's cause
    (:data:`charts.style.CAUSE_SHORT`) or "Several causes"; an unknown group as it is."""
    return _(POINT_LABELS[group]) if group in POINT_LABELS else group


def density_class_labels() -> list[str]:
    """The legend's label of each density class, with the locale's numbers ("1–9" ... "1,000 or more")."""
    lows = [max(density[0], 1) for density in DENSITY_CLASSES]
    highs = [density[0] - 1 for density in DENSITY_CLASSES[1:]]
    labels = [_("{low}–{high}", low=format_integer(low), high=format_integer(high)) for low, high in zip(lows, highs)]
    return labels + [_("{count} or more", count=format_integer(lows[-1]))]


@functools.lru_cache(maxsize=65536)
def _number(value: float, code: str) -> str:
    """A count in language ``code`` (the active one), remembered: grid tooltips repeat the same few numbers."""
    return format_integer(value)


def _count(value: float) -> str:
    return _number(value, language())


def point_tooltips(points: pd.DataFrame) -> pd.Series:
    """Each point's tooltip as plain text, one "Label: value" line per field of :data:`POINT_TOOLTIP_FIELDS`.

    Values are left exactly as they are (no HTML escaping): deck.gl's text
    tooltip shows them with innerText, so ``<script>`` reads as those characters.
    """
    lines = []
    for label, column in POINT_TOOLTIP_FIELDS:
        # Translators: one line of a map's tooltip, e.g. "Dead: 12" (French: "{label} : {value}").
        before, _mark, after = _("{label}: {value}", label=_(label), value="\0").partition("\0")
        lines.append(before + points[column].astype(str) + after)
    tips = lines[0]
    for line in lines[1:]:
        tips = tips + "\n" + line
    return tips


def point_radius(dead_missing: pd.Series) -> pd.Series:
    """Circle radius in pixels, area proportional to dead and missing (largest in the selection = POINT_MAX_PX)."""
    values = dead_missing.astype(float).clip(lower=0)
    peak = max(float(values.max()) if not values.empty else 1.0, 1.0)
    return (POINT_MIN_PX + (POINT_MAX_PX - POINT_MIN_PX) * np.sqrt(values / peak)).round(1)


def place_colours(points: pd.DataFrame) -> dict[str, str]:
    """The colour of each place group of ``points`` (column sea_or_border, dead_missing): the
    :data:`PLACES_COLOURED` deadliest sea areas and border zones each their own (in that order), then
    :data:`OTHER_PLACES`, then land away from any border (grey). Groups with no point are left out."""
    totals = points.groupby("sea_or_border")["dead_missing"].sum().sort_values(ascending=False, kind="stable")
    named = [place for place in totals.index if place not in (ON_LAND, "")]
    palette = [colour for colour in SERIES_COLOURS if colour != OKABE_ITO["grey"]]
    colours = {place: palette[i % len(palette)] for i, place in enumerate(named[:PLACES_COLOURED])}
    if len(named) > PLACES_COLOURED or "" in totals.index:
        colours[OTHER_PLACES] = OTHER_PLACES_COLOUR
    if ON_LAND in totals.index:
        colours[ON_LAND] = LAND_COLOUR
    return colours


def place_group(points: pd.DataFrame, colours: dict[str, str]) -> pd.Series:
    """Each point's place colour group (see :func:`place_colours`)."""
    place = points["sea_or_border"]
    return place.where(place.isin([key for key in colours if key != OTHER_PLACES]), OTHER_PLACES)


def place_legend_html(colours: dict[str, str]) -> str:
    """Coloured chips for the place groups (names from Natural Earth and ISO3 codes, escaped)."""
    chips = [_chip(colour, _(OTHER_PLACES) if group == OTHER_PLACES else place_name(group), round_chip=True)
             for group, colour in colours.items()]
    return f'<div style="line-height:1.9;font-size:0.9rem">{"".join(chips)}</div>'


def build_points_deck(points: pd.DataFrame, *, countries_url: str, style_url: str,
                      height: int = DECK_HEIGHT, colour_by: str = "cause") -> pdk.Deck:
    """One circle per incident, area by dead and missing, colour by cause of death or (``colour_by="sea"``) by
    sea area or border zone (:func:`place_colours`); one layer per colour.

    Needs the columns of :func:`transforms.maps.incident_points`. The
    view fits the points (:func:`charts.maps.fit_view`).
    """
    layers = [country_layer(countries_url)]
    radius = point_radius(points["dead_missing"]) if not points.empty else pd.Series(dtype=float)
    tips = point_tooltips(points) if not points.empty else pd.Series(dtype=str)
    if colour_by == "sea" and not points.empty:
        colours = place_colours(points)
        groups = place_group(points, colours)
    else:
        colours, groups = POINT_COLOURS, points["cause_group"]
    for index, (group, colour) in enumerate(colours.items()):
        mask = groups == group
        if not mask.any():
            continue
        data = pd.DataFrame({"lon": points.loc[mask, "lon"], "lat": points.loc[mask, "lat"],
                             "radius": radius[mask], "tip": tips[mask]})
        layers.append(pdk.Layer(
            "ScatterplotLayer", data=data, id=f"points-{group}" if colour_by != "sea" else f"places-{index}",
            get_position=["lon", "lat"], get_radius="radius",
            radius_units=PIXELS, get_fill_color=hex_to_rgb(colour) + [POINT_ALPHA], get_line_color=[255, 255, 255],
            line_width_min_pixels=0.5, stroked=True, pickable=True, auto_highlight=True))
    return pdk.Deck(layers=layers, initial_view_state=fit_view(points["lon"], points["lat"]), map_style=style_url,
                    map_provider=None, height=height, tooltip=plain_text_tooltip(TIP_TOOLTIP))


def density_class(dead_missing: float) -> int:
    """Index in :data:`DENSITY_CLASSES` of the class holding ``dead_missing`` people (below 1: the first)."""
    number = 0
    for index, density in enumerate(DENSITY_CLASSES):
        if dead_missing >= density[0]:
            number = index
    return number


def degrees_text(value: float) -> str:
    """A size or distance in degrees with the locale's decimal sign and no needless zeros: "1°", "0,25°"."""
    return _degrees_text(abs(float(value)), language())


@functools.lru_cache(maxsize=65536)
def _degrees_text(value: float, code: str) -> str:
    plain = f"{value:g}"
    digits = len(plain.partition(".")[2]) if "e" not in plain else 4
    return format_decimal(value, digits) + "°"


def _latitude(value: float) -> str:
    # Translators: a latitude north or south of the equator, e.g. "34.5°N"; {degrees} ends with "°".
    return pgettext("latitude", "{degrees}N", degrees=degrees_text(value)) if value >= 0 else \
        pgettext("latitude", "{degrees}S", degrees=degrees_text(value))


def _longitude(value: float) -> str:
    # Translators: a longitude east or west of Greenwich, e.g. "12.5°E"; {degrees} ends with "°".
    return pgettext("longitude", "{degrees}E", degrees=degrees_text(value)) if value >= 0 else \
        pgettext("longitude", "{degrees}W", degrees=degrees_text(value))


def build_density_deck(cells: pd.DataFrame, *, view_lon: pd.Series, view_lat: pd.Series, countries_url: str,
                       style_url: str, height: int = DECK_HEIGHT) -> pdk.Deck:
    """Square grid cells shaded by dead and missing (classes of :data:`DENSITY_CLASSES`).

    Needs the columns of :func:`transforms.maps.density_cells`. The
    view fits ``view_lon``/``view_lat`` (the incidents' positions).
    """
    edges = list(zip(cells["west"], cells["south"], cells["east"], cells["north"]))
    data = pd.DataFrame({
        "polygon": [[[w, s], [e, s], [e, n], [w, n]] for w, s, e, n in edges],
        # Translators: a map's plain-text tooltip over one grid cell; keep the line breaks (\n) as they are.
        "tip": [_("Cell: {south} to {north}, {west} to {east}\nDead and missing: {dead_missing}\nDead: {dead}"
                  "\nMissing: {missing}\nIncidents: {incidents}",
                  south=_latitude(s), north=_latitude(n), west=_longitude(w), east=_longitude(e),
                  dead_missing=_count(dm), dead=_count(dead), missing=_count(missing), incidents=_count(count))
                for (w, s, e, n), dm, dead, missing, count in
                zip(edges, cells["dead_missing"], cells["dead"], cells["missing"], cells["incidents"])],
    }, index=cells.index)
    classes = cells["dead_missing"].map(density_class)
    layers = [country_layer(countries_url)]
    for number, (_lowest, label, colour) in enumerate(DENSITY_CLASSES):  # one layer per class: no colour per cell
        in_class = classes == number
        if in_class.any():
            layers.append(pdk.Layer(
                "PolygonLayer", data=data[in_class], id=f"density-{label}", get_polygon="polygon",
                get_fill_color=hex_to_rgb(colour) + [DENSITY_ALPHA], get_line_color=[255, 255, 255, 160],
                line_width_min_pixels=0.5, stroked=True, filled=True, pickable=True, auto_highlight=True))
    return pdk.Deck(layers=layers, initial_view_state=fit_view(view_lon, view_lat), map_style=style_url,
                    map_provider=None, height=height, tooltip=plain_text_tooltip(TIP_TOOLTIP))


def _chip(colour: str, label: str, *, round_chip: bool) -> str:
    radius = "50%" if round_chip else "2px"
    return (f'<span style="display:inline-flex;align-items:center;margin-right:14px;white-space:nowrap">'
            f'<span style="display:inline-block;width:12px;height:12px;border-radius:{radius};'
            f'background:{html.escape(colour)};margin-right:5px;border:1px solid {WHITE}"></span>'
            f'{html.escape(label)}</span>')


def points_legend_html(groups: list[str]) -> str:
    """Coloured chips for the cause groups present, in the fixed order of :data:`POINT_COLOURS`.

    Built only from this module's constant colours and labels (escaped all the
    same); unknown group names are ignored, so no data text reaches the HTML.
    """
    present = set(groups)
    chips = [_chip(colour, point_label(group), round_chip=True)
             for group, colour in POINT_COLOURS.items() if group in present]
    return f'<div style="line-height:1.9;font-size:0.9rem">{"".join(chips)}</div>'


def density_legend_html() -> str:
    """Chips for the density classes (dead and missing per cell)."""
    chips = [_chip(density[2], label, round_chip=False)
             for density, label in zip(DENSITY_CLASSES, density_class_labels())]
    heading = html.escape(_("Dead and missing per cell:"))
    return (f'<div style="line-height:1.9;font-size:0.9rem">'
            f'<span style="margin-right:10px">{heading}</span>'
            f'{"".join(chips)}</div>')


def build_country_choropleth(countries: pd.DataFrame, *, by: str, title: str, source: str) -> go.Figure:
    """Countries shaded by dead and missing (log scale), by country of incident or of origin.

    Needs the columns of :func:`transforms.maps.dead_missing_by_country`:
    iso3, country, dead, missing, dead_missing (people), incidents. Uses
    ``locationmode="ISO-3"``, so the shapes come from plotly's topojson (served
    locally), not from a GeoJSON inside the figure.
    """
    placed = countries[countries["dead_missing"] > 0]
    if placed.empty:
        return empty_figure(_(_NO_KNOWN_COUNTRY[by]), title=title, source=source)
    peak = float(placed["dead_missing"].max())
    ticks = [v for v in (1, 10, 100, 1_000, 10_000, 100_000) if v <= peak * 10]
    shading = dict(
        type="choropleth", locations=placed["iso3"], locationmode="ISO-3",
        z=np.log10(placed["dead_missing"].astype(float)), zmin=0, zmax=max(np.log10(peak), 1.0),
        colorscale=CHOROPLETH_SCALE, marker=dict(line=dict(color=OUTLINE, width=0.5)),
        customdata=placed[["country", "dead_missing", "dead", "missing", "incidents"]]
        .assign(country=[shown_country(iso3, name) for iso3, name in zip(placed["iso3"], placed["country"])])
        .to_numpy(),
        # Translators: a chart's hover text; keep the %{...} placeholders and the HTML tags as they are.
        hovertemplate=_("%{customdata[0]}<br>Dead and missing: %{customdata[1]:,}<br>Dead: %{customdata[2]:,}"
                        "<br>Missing: %{customdata[3]:,}<br>Incidents: %{customdata[4]:,}<extra></extra>"),
        # Translators: a colour scale's title over three short lines; move the <br> breaks as the words need.
        colorbar=dict(title=dict(text=_("Dead and<br>missing<br>(people)"), font=dict(size=FONT_SIZE - 2)),
                      tickvals=np.log10(ticks), ticktext=[format_integer(v) for v in ticks], thickness=12, len=0.75),
    )
    return figure([shading], base_layout(title=title, source=source, height=CHOROPLETH_HEIGHT,
                                         geo=geo_layout(resolution=CHOROPLETH_RESOLUTION, fitbounds="locations"),
                                         margin=dict(MAP_MARGIN, b=CHOROPLETH_BOTTOM_MARGIN)))


def map_ranges(lon: pd.Series, lat: pd.Series, *, pad: float = ANIMATION_PAD,
               aspect: float = ANIMATION_ASPECT) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges (degrees) framing the points, widened to about ``aspect`` wide by 1 high."""
    west, east = float(lon.min()) - pad, float(lon.max()) + pad
    south, north = max(-85.0, float(lat.min()) - pad), min(85.0, float(lat.max()) + pad)
    if east - west < aspect * (north - south):
        middle, half = (west + east) / 2, aspect * (north - south) / 2
        west, east = middle - half, middle + half
    return [max(-180.0, west), min(180.0, east)], [south, north]


def build_monthly_animation(cells: pd.DataFrame, months: tuple[str, ...], *, gaps: list[str] | None = None,
                            title: str, source: str) -> go.Figure:
    """A map with a Play button and a month slider: circles per grid cell, area by dead and missing.

    Needs the columns of :func:`transforms.maps.monthly_cells` (month,
    lon, lat, dead_missing, incidents). Every month of ``months`` gets a frame,
    an empty one where nothing was recorded; months in ``gaps`` (no IOM export)
    say so on the slider. The circle scale is the same in every frame. It opens
    on the first month with a record; Play runs on from there.
    """
    if cells.empty or not months:
        return empty_figure(_("No dated incident with a position in this selection."), title=title, source=source)
    gap_months = set(gaps or [])
    peak = max(float(cells["dead_missing"].max()), 1.0)
    sizeref = 2.0 * peak / ANIMATION_MAX_PX ** 2
    # Numpy slices cut once per month: slicing a DataFrame once per month, or handing plotly plain lists
    # (which it checks element by element), is slow over a long period.
    ordered = cells.sort_values("month", kind="stable")
    month_of = ordered["month"].astype(str).to_numpy()
    lon = ordered["lon"].to_numpy(dtype=float)
    lat = ordered["lat"].to_numpy(dtype=float)
    dead_missing = ordered["dead_missing"].to_numpy(dtype=np.int64)
    size = dead_missing.clip(min=0)
    custom = np.column_stack([dead_missing, ordered["incidents"].to_numpy(dtype=np.int64)])
    present, first = np.unique(month_of, return_index=True)
    bounds = dict(zip(present.tolist(), zip(first.tolist(), first[1:].tolist() + [len(month_of)])))
    by_month = set(bounds)
    # Translators: a chart's hover text under the month's name; keep the %{...} placeholders and the HTML tags.
    values_hover = _("Dead and missing: %{customdata[0]:,}<br>Incidents: %{customdata[1]:,}<extra></extra>")

    def trace(month: str) -> dict:
        start, stop = bounds.get(month, (0, 0))
        return dict(
            type="scattergeo", lon=lon[start:stop], lat=lat[start:stop], mode="markers", name=month_label(month),
            marker=dict(size=size[start:stop], sizemode="area", sizeref=sizeref,
                        sizemin=2, color=DEAD_MISSING_COLOUR, opacity=0.65, line=dict(color=OUTLINE, width=0.5)),
            customdata=custom[start:stop],
            hovertemplate=f"{month_label(month)}<br>{values_hover}")

    def step_label(month: str) -> str:
        if month in gap_months:
            return _("{month} (no IOM export covers this month)", month=month_label(month))
        return month_label(month)

    # Open on the first month with a record, so the map is not blank before Play is pressed.
    start = next((i for i, month in enumerate(months) if month in by_month), 0)
    play = dict(frame=dict(duration=ANIMATION_FRAME_MS, redraw=True), transition=dict(duration=0), fromcurrent=True,
                mode="immediate")
    pause = dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0), mode="immediate")
    buttons = [dict(label="▶ " + pgettext("animation button", "Play"), method="animate", args=[None, play]),
               dict(label="❚❚ " + pgettext("animation button", "Pause"), method="animate", args=[[None], pause])]
    lon_range, lat_range = map_ranges(cells["lon"], cells["lat"])
    layout = base_layout(
        title=title, source=source, height=ANIMATION_HEIGHT,
        updatemenus=[dict(type="buttons", direction="left", x=0, y=0, xanchor="left", yanchor="top",
                          pad=dict(t=8, r=8), showactive=False, buttons=buttons)],
        sliders=[dict(active=start, x=ANIMATION_SLIDER_X, len=1 - ANIMATION_SLIDER_X, y=0, yanchor="top", pad=dict(t=8), ticklen=0, minorticklen=0,
                      font=dict(color=TRANSPARENT),
                      currentvalue=dict(prefix=pgettext("animation slider", "Month:") + " ",
                                        font=dict(size=FONT_SIZE + 1)),
                      steps=[dict(label=step_label(m), method="animate",
                                  args=[[m], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                                  transition=dict(duration=0))]) for m in months])],
        geo=geo_layout(resolution=ANIMATION_RESOLUTION, lonaxis=dict(range=lon_range),
                        lataxis=dict(range=lat_range)),
        # Below the map: Play/Pause and the slider, then the source line at the very bottom.
        margin=dict(MAP_MARGIN, b=ANIMATION_CONTROLS_PX), showlegend=False)
    layout["annotations"][-1]["yshift"] = -ANIMATION_CONTROLS_PX + 4
    return figure([trace(months[start])], layout, frames=[dict(data=[trace(m)], name=m) for m in months])


def shown_country(iso3: object, name: object) -> str:
    """A country's name in the active language, from its ISO3 code, else from the name IOM gives it."""
    shown = country_name(iso3)
    return shown if shown and shown != str(iso3) else country_name(name)


def summarise_points(points: pd.DataFrame, totals: pd.DataFrame) -> str:
    """E.g. "45 incidents drawn, 1,937 dead and missing in all. The largest cause group is drowning, with ... (59%)."

    ``totals`` are the rows of :func:`transforms.maps.cause_totals`.
    """
    if points.empty:
        return _("No incident with a position in this selection.")
    total = int(points["dead_missing"].sum())
    text = ngettext("{count} incident drawn, {dead_missing} dead and missing in all.",
                    "{count} incidents drawn, {dead_missing} dead and missing in all.", len(points),
                    count=format_integer(len(points)), dead_missing=format_integer(total))
    if not totals.empty and total > 0:
        first = totals.iloc[0]
        # Translators: {cause} is a cause of death as IOM publishes it, shortened ("Drowning", "Violence").
        text += " " + _("The largest cause group is {cause}, with {dead_missing} dead and missing ({share}).",
                        cause=point_label(first["cause_group"]).lower(),
                        dead_missing=format_integer(first["dead_missing"]),
                        share=format_percent(first["dead_missing"] / total))
    return text


def summarise_density(cells: pd.DataFrame, cell_degrees: float) -> str:
    """E.g. "212 cells of 1° × 1°; the deadliest, around 34.5°N, 12.5°E, holds 2,345 dead and missing in ..."

    Needs the columns of :func:`transforms.maps.density_cells`, largest first.
    """
    if cells.empty:
        return _("No incident with a position in this selection.")
    top = cells.iloc[0]
    # Translators: {size} is a cell's side in degrees ("1°"); {latitude} and {longitude} a position ("34.5°N").
    return ngettext("{count} cell of {size} × {size}; the deadliest, around {latitude}, {longitude}, holds "
                    "{dead_missing} dead and missing in {incidents} incidents.",
                    "{count} cells of {size} × {size}; the deadliest, around {latitude}, {longitude}, holds "
                    "{dead_missing} dead and missing in {incidents} incidents.", len(cells),
                    count=format_integer(len(cells)), size=degrees_text(cell_degrees), latitude=_latitude(top["lat"]),
                    longitude=_longitude(top["lon"]), dead_missing=format_integer(top["dead_missing"]),
                    incidents=format_integer(top["incidents"]))


def summarise_countries(countries: pd.DataFrame, *, by: str, selection_total: int, without_country: int) -> str:
    """E.g. "Libya has the most dead and missing by country of incident: 21,224 (28% of the selection); ..."."""
    if countries.empty or int(countries["dead_missing"].max()) <= 0:
        return _(_NO_KNOWN_COUNTRY[by])
    top = countries.iloc[0]
    params = dict(country=shown_country(top["iso3"], top["country"]), dead_missing=format_integer(top["dead_missing"]),
                  count=format_integer(len(countries)))
    shaded = ngettext("{count} country shaded.", "{count} countries shaded.", len(countries), **params)
    if selection_total > 0:
        params["share"] = format_percent(top["dead_missing"] / selection_total)
        most = (_("{country} has the most dead and missing by country of incident: {dead_missing} ({share} of the "
                  "selection).", **params) if by == "incident" else
                _("{country} has the most dead and missing by country of origin: {dead_missing} ({share} of the "
                  "selection).", **params))
    else:
        most = (_("{country} has the most dead and missing by country of incident: {dead_missing}.", **params)
                if by == "incident" else
                _("{country} has the most dead and missing by country of origin: {dead_missing}.", **params))
    text = f"{most} {shaded}"
    if without_country:
        missing = dict(dead_missing=format_integer(without_country))
        text += " " + (_("{dead_missing} dead and missing have no country of incident recorded (mostly at sea) and "
                         "are not shaded.", **missing) if by == "incident" else
                       _("{dead_missing} dead and missing have no country of origin recorded and are not shaded.",
                         **missing))
    return text


def summarise_months(cells: pd.DataFrame, months: tuple[str, ...]) -> str:
    """E.g. "Over 36 months, 4,321 dead and missing; the deadliest month was April 2015, with 1,234. ..."."""
    if cells.empty or not months:
        return _("No dated incident with a position in this selection.")
    monthly = cells.groupby("month")["dead_missing"].sum()
    peak_month = str(monthly.idxmax())
    return " ".join([
        ngettext("Over {count} month, {dead_missing} dead and missing; the deadliest month was {month}, with {peak}.",
                 "Over {count} months, {dead_missing} dead and missing; the deadliest month was {month}, with {peak}.",
                 len(months), count=format_integer(len(months)), dead_missing=format_integer(monthly.sum()),
                 month=month_label(peak_month), peak=format_integer(monthly.max())),
        _("Press Play or drag the slider to step through.")])
