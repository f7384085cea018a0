"""Figures for the corridor pages: the routes map, cause mix, crossings, deaths per 1,000 crossings, comparisons.

Pure builders: plain frames in, a new plotly Figure or pydeck Deck out; no
Streamlit, no I/O. Each crossing series is drawn on its own, its axis titled
with its measure and unit, so unlike measures never share a scale. Mode
colours are Okabe and Ito's colour-blind-safe set.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from charts.layout import base_layout, empty_figure, hex_to_rgb, inside_text, partial_pattern, wrap_lines
from charts.maps import TIP_TOOLTIP, country_layer, fit_view, plain_text_tooltip
from charts.serialise import figure
from charts.style import (
    CAUSE_COLOURS,
    CAUSE_SHORT,
    DEAD_MISSING_COLOUR,
    FIGURE_HEIGHT,
    INK,
    MARGIN,
    MODE_COLOURS,
    OKABE_ITO,
    PARTIAL_OPACITY,
    SOURCE_WRAP,
)
from i18n import N_, _, format_decimal, format_integer, format_month, ngettext
from transforms.corridors import thousand

#: The legend's words for each means of crossing (marked for the catalogue; shown with ``_()``).
MODE_LABELS = {"sea": N_("Sea"), "land": N_("Land"), "mixed": N_("Sea and land"), "air": N_("Air")}
PATH_MIN_PX = 3.0
PATH_MAX_PX = 16.0
PATH_NONE_PX = 1.5  # corridors with no dead or missing recorded in the selection
PATH_ALPHA = 210
LABEL_SIZE_PX = 12
LABEL_OFFSET_PX = [8, 0]
LABEL_FONT = '"Source Sans Pro", "Source Sans 3", Arial, sans-serif'
LABEL_WEIGHT = 600
LABEL_CHAR_PX = 6.4  # approximate width of one character at LABEL_SIZE_PX
LABEL_HEIGHT_PX = 16
ROUTES_MAP_HEIGHT = 560
OUTLINE_MAP_HEIGHT = 380  # a corridor's geography on its profile
CROSSINGS_COLOUR = OKABE_ITO["bluish_green"]
RATIO_COLOUR = OKABE_ITO["vermillion"]
BAR_ROW_PX = 30
NO_DATA_TEXT = N_("no crossing data")
SOURCE_LINE_PX = 15  # height of one line of the source note
SOURCE_AXIS_PX = 50  # the x axis title above the source note


def path_width(dead_missing: pd.Series) -> pd.Series:
    """Line width in pixels: square root of dead and missing, the largest corridor PATH_MAX_PX; none recorded thin."""
    values = dead_missing.astype(float).clip(lower=0)
    peak = max(float(values.max()) if not values.empty else 1.0, 1.0)
    width = PATH_MIN_PX + (PATH_MAX_PX - PATH_MIN_PX) * np.sqrt(values / peak)
    return width.where(values > 0, PATH_NONE_PX)


def routes_map_data(corridors: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """One row per corridor for the map: id, name, mode, path, dead_missing, incidents, width, colour, label_at, tip."""
    data = corridors[["id", "name", "mode", "path"]].merge(totals[["id", "dead_missing", "incidents"]], on="id",
                                                          how="left").fillna({"dead_missing": 0, "incidents": 0})
    data["dead_missing"] = data["dead_missing"].astype(int)
    data["incidents"] = data["incidents"].astype(int)
    data["width"] = path_width(data["dead_missing"])
    data["colour"] = data["mode"].map(lambda mode: hex_to_rgb(MODE_COLOURS.get(mode, OKABE_ITO["grey"])) + [PATH_ALPHA])
    data["label_at"] = data["path"].map(lambda path: path[-1])
    # Translators: a map's tooltip, one line each; {corridor} is the corridor's name as published, {mode} e.g. "Sea".
    data["tip"] = [_("{corridor}\nMode: {mode}\nDead and missing: {dead_missing}\nIncidents: {incidents}",
                     corridor=name, mode=_(MODE_LABELS[mode]) if mode in MODE_LABELS else mode,
                     dead_missing=format_integer(dead), incidents=format_integer(events))
                   for name, mode, dead, events in zip(data["name"], data["mode"], data["dead_missing"],
                                                       data["incidents"])]
    return data


def placed_labels(data: pd.DataFrame, zoom: float) -> pd.Series:
    """Which corridor names to print at the opening zoom: deadliest first, skipping any that would overlap.

    Label boxes are estimated in Web Mercator pixels (512 px world at zoom 0);
    a corridor whose name is skipped is still named in its tooltip and in the list under the map.
    """
    scale = 512 * 2 ** zoom / 360.0
    placed: list[tuple[float, float, float, float]] = []
    keep = pd.Series(False, index=data.index)
    for index in data.sort_values("dead_missing", ascending=False, kind="stable").index:
        lon, lat = data.at[index, "label_at"]
        x = (lon + 180.0) * scale + LABEL_OFFSET_PX[0]
        y = -np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))) * scale
        box = (x, y - LABEL_HEIGHT_PX / 2, x + LABEL_CHAR_PX * len(data.at[index, "name"]), y + LABEL_HEIGHT_PX / 2)
        if all(box[2] < other[0] or box[0] > other[2] or box[3] < other[1] or box[1] > other[3] for other in placed):
            placed.append(box)
            keep[index] = True
    return keep


def outline_layer(features: Sequence[dict], layer_id: str = "corridor-geography") -> pdk.Layer:
    """The outlines of corridors' declared geography (sea areas, border zones, countries): GeoJSON features of
    :func:`transforms.corridor_membership.corridor_outlines`, each filled and stroked in its own colours
    (properties ``fill`` and ``line``), under the paths. Not pickable: a path's tooltip stays readable."""
    collection = {"type": "FeatureCollection", "features": list(features)}
    return pdk.Layer("GeoJsonLayer", data=collection, id=layer_id, stroked=True, filled=True,
                     get_fill_color="properties.fill", get_line_color="properties.line", line_width_min_pixels=1.5,
                     wrap_longitude=True, pickable=False)


def build_routes_deck(data: pd.DataFrame, *, countries_url: str, style_url: str,
                      height: int = ROUTES_MAP_HEIGHT, outlines: Sequence[dict] = ()) -> pdk.Deck:
    """Every corridor as a path over the countries; width by dead and missing, colour by mode; ``outlines``
    (GeoJSON features, see :func:`outline_layer`) drawn under the paths when given.

    Needs the columns of :func:`routes_map_data`. The tooltip is plain text.
    """
    paths = pdk.Layer("PathLayer", data=data[["id", "path", "width", "colour", "tip"]], id="corridors",
                      get_path="path", get_width="width", get_color="colour", width_units="pixels",
                      width_min_pixels=1, cap_rounded=True, joint_rounded=True, pickable=True, wrap_longitude=True,
                      auto_highlight=True)
    # Names where they fit: deck.gl's collision filter hides a label overlapping a deadlier corridor's label.
    points = [point for path in data["path"] for point in path]
    view = fit_view(pd.Series([p[0] for p in points], dtype=float), pd.Series([p[1] for p in points], dtype=float))
    named = data[placed_labels(data, view.zoom)]
    labels = pdk.Layer("TextLayer", data=named[["name", "label_at"]], id="corridor-names",
                       get_position="label_at", get_text="name", get_size=LABEL_SIZE_PX, get_color=hex_to_rgb(INK),
                       get_text_anchor=pdk.types.String("start"), get_alignment_baseline=pdk.types.String("center"),
                       get_pixel_offset=LABEL_OFFSET_PX, character_set=pdk.types.String("auto"),
                       font_family=pdk.types.String(LABEL_FONT), font_weight=LABEL_WEIGHT, pickable=False)
    shapes = [outline_layer(outlines)] if outlines else []
    return pdk.Deck(layers=[country_layer(countries_url), *shapes, paths, labels], initial_view_state=view,
                    map_style=style_url, map_provider=None, height=height, tooltip=plain_text_tooltip(TIP_TOOLTIP))


def build_outline_deck(features: Sequence[dict], path: list[list[float]], *, countries_url: str, style_url: str,
                       height: int = OUTLINE_MAP_HEIGHT) -> pdk.Deck:
    """One corridor's declared geography (:func:`outline_layer`) with its path, framed on both: the map of a
    Corridor profile's "How this corridor is drawn". ``path``: [[lon, lat], ...] degrees."""
    lon = [point[0] for point in path]
    lat = [point[1] for point in path]
    for feature in features:
        for ring_lon, ring_lat in _bounds(feature["geometry"]):
            lon += ring_lon
            lat += ring_lat
    view = fit_view(pd.Series(lon, dtype=float), pd.Series(lat, dtype=float))
    line = pdk.Layer("PathLayer", data=[{"path": path}], id="corridor-path", get_path="path", get_width=3,
                     width_min_pixels=2, width_max_pixels=4,
                     width_units="pixels", get_color=hex_to_rgb(INK), cap_rounded=True, joint_rounded=True,
                     wrap_longitude=True, pickable=False)
    return pdk.Deck(layers=[country_layer(countries_url), outline_layer(features), line], initial_view_state=view,
                    map_style=style_url, map_provider=None, height=height)


def _bounds(geometry: dict) -> list[tuple[list[float], list[float]]]:
    """The corners of a GeoJSON polygon's bounding box, as ([west, east], [south, north]), for framing a view."""
    points = []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            points.append(coords)
        else:
            for item in coords:
                walk(item)

    walk(geometry.get("coordinates", []))
    if not points:
        return []
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [([min(lons), max(lons)], [min(lats), max(lats)])]


def mode_legend_html(modes: list[str]) -> str:
    """Coloured chips for the modes present (constant colours and labels only, escaped all the same)."""
    chips = []
    for mode, colour in MODE_COLOURS.items():
        if mode in modes:
            chips.append(f'<span style="display:inline-flex;align-items:center;margin-right:16px">'
                         f'<span style="display:inline-block;width:22px;height:5px;background:{html.escape(colour)};'
                         f'margin-right:6px;border-radius:2px"></span>{html.escape(_(MODE_LABELS[mode]))}</span>')
    return f'<div style="line-height:1.9;font-size:0.9rem">{"".join(chips)}</div>'


def summarise_routes(data: pd.DataFrame) -> str:
    """E.g. "18 corridors drawn; the deadliest in this selection is Central Mediterranean with 25,633 dead ..."."""
    recorded = data[data["dead_missing"] > 0]
    count = len(data)
    if recorded.empty:
        return ngettext("{count} corridor drawn; none has dead or missing recorded in this selection.",
                        "{count} corridors drawn; none has dead or missing recorded in this selection.", count,
                        count=format_integer(count))
    top = recorded.sort_values("dead_missing", ascending=False).iloc[0]
    none = data.loc[data["dead_missing"] == 0, "name"].tolist()
    names = {"count": format_integer(count), "corridor": top["name"],
             "dead_missing": format_integer(top["dead_missing"])}
    if none:
        # Translators: {corridor} and {corridors} are corridors' names as published ({corridors} a list of them).
        return ngettext("{count} corridor drawn; the deadliest in this selection is {corridor} with {dead_missing} "
                        "dead and missing; none recorded on {corridors} (drawn thin).",
                        "{count} corridors drawn; the deadliest in this selection is {corridor} with {dead_missing} "
                        "dead and missing; none recorded on {corridors} (drawn thin).", count,
                        corridors=", ".join(none), **names)
    # Translators: {corridor} is a corridor's name as published.
    return ngettext("{count} corridor drawn; the deadliest in this selection is {corridor} with {dead_missing} dead "
                    "and missing.",
                    "{count} corridors drawn; the deadliest in this selection is {corridor} with {dead_missing} dead "
                    "and missing.", count, **names)


def build_cause_mix(causes: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Bars of dead and missing by cause of death, in the app's cause colours.

    Needs the columns of :func:`transforms.corridors.cause_mix`: cause, dead_missing (people), share (0-1).
    """
    if causes.empty:
        return empty_figure(_("No cause of death recorded for this selection."), title=title, source=source)
    ordered = causes.iloc[::-1]
    colours = [CAUSE_COLOURS.get(c, OKABE_ITO["grey"]) for c in ordered["cause"]]
    bars = dict(
        type="bar", x=ordered["dead_missing"], y=ordered["cause"].map(lambda c: _(CAUSE_SHORT[c]) if c in CAUSE_SHORT else c),
        orientation="h", marker=dict(color=colours),
        text=[format_integer(v) for v in ordered["dead_missing"]], textposition="auto",
        insidetextfont=inside_text(colours),
        customdata=ordered[["share"]].to_numpy(),
        hovertemplate="%{y}<br>" + _("Dead and missing: {value}", value="%{x:,}") + "<br>"
                      # Translators: in a chart's hover box: the share of all the dead and missing, e.g. "Share: 12.5%".
                      + _("Share: {value}", value="%{customdata[0]:.1%}") + "<extra></extra>")
    return figure([bars], base_layout(title=title, source=source, height=max(300, 90 + BAR_ROW_PX * len(causes)),
                                      xaxis=dict(title=dict(text=_("Dead and missing (people)"))),
                                      yaxis=dict(automargin=True)))


def build_crossings_over_time(series: pd.DataFrame, *, label: str, unit: str, title: str, source: str) -> go.Figure:
    """Bars of one crossing series over time; partial periods paler and hatched.

    Needs period (Timestamp), value (in ``unit``), complete (bool). ``label``
    names the series and its measure; the y axis carries the unit.
    """
    if series.empty or series["value"].sum() == 0:
        return empty_figure(_("No crossings recorded by this series for the period."), title=title, source=source)
    complete = series["complete"].tolist()
    opacity = [1.0 if whole else PARTIAL_OPACITY for whole in complete]
    partial = "<br>" + _("Partial period")
    customdata = np.column_stack(([format_month(pd.Timestamp(period)) for period in series["period"]],
                                  ["" if whole else partial for whole in complete]))
    bars = dict(type="bar", x=series["period"], y=series["value"], name=label,
                marker=dict(color=CROSSINGS_COLOUR, opacity=opacity,
                            pattern=partial_pattern(not whole for whole in complete)),
                customdata=customdata,
                # Translators: in a chart's hover box: a number of crossings and its unit, e.g. "1,234 arrivals
                # (people)".
                hovertemplate="%{customdata[0]}<br>" + _("{value} {unit}", value="%{y:,.0f}", unit=html.escape(unit))
                              + "%{customdata[1]}<extra></extra>")
    return figure([bars], source_layout(title=title, source=source,
                                        yaxis=dict(title=dict(text=unit[:1].upper() + unit[1:]), rangemode="tozero")))


def build_deaths_per_thousand(ratio: pd.DataFrame, *, unit: str, title: str, source: str) -> go.Figure:
    """Bars of dead and missing per 1,000 ``unit`` per whole year.

    Needs the columns of :func:`transforms.corridors.deaths_per_thousand`.
    """
    if ratio.empty:
        return empty_figure(_("No whole year is covered by both sources in this period."), title=title,
                            source=source)
    crossed = html.escape(unit)
    bars = dict(
        type="bar", x=[str(year) for year in ratio["year"].tolist()], y=ratio["per_thousand"],
        marker=dict(color=RATIO_COLOUR), text=[format_decimal(v, 2) for v in ratio["per_thousand"].tolist()],
        textposition="auto", insidetextfont=inside_text(RATIO_COLOUR),
        customdata=np.column_stack((ratio["dead_missing"].to_numpy(), ratio["crossings"].to_numpy())),
        # Translators: {value} is a rate, {thousand} the number 1,000 as written in the language, {measure} what a
        # crossing series counts (e.g. "arrivals").
        hovertemplate="%{x}<br>" + _("{value} dead and missing per {thousand} {measure}", value="%{y:,.2f}",
                                     thousand=thousand(), measure=crossed)
                      + "<br>" + _("Dead and missing: {value}", value="%{customdata[0]:,.0f}") + "<br>"
                      # Translators: in a chart's hover box: a label and its value, e.g. "Arrivals: 1,234".
                      + _("{label}: {value}", label=html.escape(unit.capitalize()), value="%{customdata[1]:,.0f}")
                      + "<extra></extra>")
    # Translators: an axis title; {thousand} is the number 1,000 as written in the language, {measure} e.g. "arrivals".
    axis = _("Dead and missing per {thousand} {measure}", thousand=thousand(), measure=unit)
    return figure([bars], source_layout(title=title, source=source, xaxis=dict(type="category"),
                                        yaxis=dict(title=dict(text=axis), rangemode="tozero")))


def summarise_ratio(ratio: pd.DataFrame, unit: str) -> str:
    """E.g. "From 2016 to 2024, 25.71 dead and missing per 1,000 detections at most (2024), 5.23 at least (2017)."."""
    if ratio.empty:
        return _("No whole year is covered by both sources in this period, so no ratio is shown.")
    high = ratio.loc[ratio["per_thousand"].idxmax()]
    low = ratio.loc[ratio["per_thousand"].idxmin()]
    if len(ratio) == 1:
        # Translators: {value} is a rate, {thousand} the number 1,000 as written in the language, {measure} what a
        # crossing series counts (e.g. "arrivals").
        return _("In {year}, {value} dead and missing per {thousand} {measure}.", year=int(high["year"]),
                 value=format_decimal(high["per_thousand"], 2), thousand=thousand(), measure=unit)
    # Translators: {low} and {high} are rates in the years given in brackets; {thousand} is the number 1,000 as
    # written in the language, {measure} what a crossing series counts (e.g. "arrivals").
    return _("From {first} to {last}, between {low} ({low_year}) and {high} ({high_year}) dead and missing per "
             "{thousand} {measure}.", first=int(ratio["year"].min()), last=int(ratio["year"].max()),
             low=format_decimal(low["per_thousand"], 2), low_year=int(low["year"]),
             high=format_decimal(high["per_thousand"], 2), high_year=int(high["year"]), thousand=thousand(),
             measure=unit)


def build_nationalities(side: pd.DataFrame, *, crossing_label: str, title: str, source: str) -> go.Figure:
    """Paired bars: each nationality's share of the dead and of those who crossed (both 0-1).

    Needs the columns of :func:`transforms.corridors.nationalities_side_by_side`.
    """
    if side.empty:
        return empty_figure(_("No nationality is recorded by either source for this period."), title=title,
                            source=source)
    ordered = side.iloc[::-1]
    # Translators: a legend entry: {measure} is what a crossing series counts, e.g. "Share of arrivals".
    traces = (("dead_share", _("Share of the dead and missing (IOM)"), DEAD_MISSING_COLOUR),
              ("crossing_share", _("Share of {measure}", measure=crossing_label), CROSSINGS_COLOUR))
    data = [dict(type="bar", x=ordered[column], y=ordered["nationality"], orientation="h", name=name,
                 marker=dict(color=colour),
                 hovertemplate="%{y}<br>" + _("{label}: {value}", label=html.escape(name), value="%{x:.1%}")
                               + "<extra></extra>")
            for column, name, colour in traces]
    return figure(data, source_layout(title=title, source=source, height=max(340, 110 + 2 * 18 * len(side)),
                                      barmode="group",
                                      xaxis=dict(title=dict(text=_("Share of those with a recorded nationality")),
                                                 tickformat=".0%"),
                                      yaxis=dict(automargin=True)))


def source_layout(*, title: str, source: str, height: int = FIGURE_HEIGHT, **layout: Any) -> dict[str, Any]:
    """:func:`charts.layout.base_layout` with a bottom margin tall enough for a long source note (several
    series' sources), the note moved down and the figure made taller by as much."""
    lines = len(wrap_lines(source, SOURCE_WRAP))
    bottom = max(MARGIN["b"], SOURCE_LINE_PX * lines + SOURCE_AXIS_PX)
    out = base_layout(title=title, source=source, height=height + bottom - MARGIN["b"], margin=dict(MARGIN, b=bottom),
                      **layout)
    out["annotations"][-1]["yshift"] = -bottom + 2
    return out


def build_corridor_bars(table: pd.DataFrame, *, value: str, axis_title: str, title: str, source: str,
                        label: str = "label", digits: int = 0, blank: str | None = None) -> go.Figure:
    """Horizontal bars, one per row of ``table`` (top first); rows with no value say why in place of a bar.

    Needs ``label`` (the row's name) and ``value`` columns, and ``mode`` for the colours; values print with
    ``digits`` decimals in the locale's form; a blank value prints the row's ``blank`` column when given, else
    "no crossing data".
    """
    if table.empty:
        return empty_figure(_("No corridor to compare."), title=title, source=source)
    ordered = table.iloc[::-1]
    values = ordered[value].astype(float)
    reasons = ordered[blank].tolist() if blank else [_(NO_DATA_TEXT)] * len(ordered)
    texts = [format_decimal(v, digits) if pd.notna(v) else reason for v, reason in zip(values, reasons)]
    colours = [MODE_COLOURS.get(mode, OKABE_ITO["grey"]) for mode in ordered["mode"]] if "mode" in ordered else \
        DEAD_MISSING_COLOUR
    bars = dict(type="bar", x=values.fillna(0), y=ordered[label], orientation="h", marker=dict(color=colours),
                text=texts, textposition="outside", cliponaxis=False, hovertemplate="%{y}<br>%{text}<extra></extra>")
    peak = float(values.max()) if values.notna().any() else 1.0
    xaxis: dict[str, Any] = dict(range=[0, peak * 1.25 if peak > 0 else 1])
    if axis_title is not None:
        xaxis["title"] = dict(text=axis_title)
    return figure([bars], source_layout(title=title, source=source, height=max(320, 120 + BAR_ROW_PX * len(table)),
                                        xaxis=xaxis, yaxis=dict(automargin=True)))
