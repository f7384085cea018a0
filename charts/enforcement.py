"""Figures for the Enforcement page: police-recorded offences of smuggling of migrants per country over time,
a map of the latest year, and IOM's dead and missing for the same countries and years in a panel of its own.

Gaps stay gaps: a country-year UNODC has no figure for is a break in the line (``connectgaps`` off) and a blank
country on the map, never a zero. Maps use ``locationmode="ISO-3"`` with the topojson the app serves itself
(``ui.figures.PLOTLY_CONFIG``). Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure
from charts.maps import geo_layout
from charts.serialise import figure
from charts.style import (
    CHOROPLETH_RESOLUTION,
    CHOROPLETH_SCALE,
    FONT_SIZE,
    LEGEND_RIGHT_IN_ORDER,
    LINE_WIDTH,
    MAP_MARGIN,
    OUTLINE,
    SERIES_COLOURS,
    THEME_TEXT,
)
from i18n import _, country_name, format_integer, ngettext

MAP_HEIGHT = 500
LINES_HEIGHT = 440
PANEL_HEIGHT = 380
MARKER_SIZE = 7
#: Line styles taken in turn once the colours have all been used, so no two countries look alike.
DASHES = ("solid", "dash", "dot")


def _name(row_iso3: str, published: str) -> str:
    """A country's name in the reader's language, from UNODC's own name (kept as published where the name is not
    a known country, such as the parts of a country: "United Kingdom (Scotland)", code GBR_S)."""
    return country_name(published)


def country_styles(order: Sequence[str]) -> dict[str, tuple[str, str]]:
    """iso3 -> (colour, dash) for the countries ``order`` lists, the same on every chart of the page: the colours
    in turn, then again with another line style."""
    count = len(SERIES_COLOURS)
    return {code: (SERIES_COLOURS[i % count], DASHES[(i // count) % len(DASHES)]) for i, code in enumerate(order)}


def build_offences_over_time(view: pd.DataFrame, *, order: Sequence[str], y_title: str, title: str,
                             source: str) -> go.Figure:
    """One line per country of ``order`` (:func:`transforms.enforcement.offences_view`'s iso3, country, year,
    value, reported), with a break wherever the country reports nothing; ``y_title`` names the view's unit."""
    view = view[view["iso3"].isin(list(order))]
    styles = country_styles(order)
    drawn = view.dropna(subset=["value"])
    if drawn.empty:
        return empty_figure(_("No country in this view reports offences of smuggling of migrants."), title=title,
                            source=source)
    traces = []
    for code, rows in view.groupby("iso3", sort=False):
        name = _name(str(code), str(rows["country"].iloc[0]))
        colour, dash = styles[str(code)]
        traces.append(dict(type="scatter", mode="lines+markers", name=name, x=rows["year"].tolist(),
                           y=rows["value"].tolist(), connectgaps=False,
                           line=dict(width=LINE_WIDTH, color=colour, dash=dash),
                           marker=dict(size=MARKER_SIZE),
                           hovertemplate=f"{name}, %{{x}}: %{{y:,.1f}}<extra></extra>"))
    layout = base_layout(title=title, source=source, height=LINES_HEIGHT, legend=dict(LEGEND_RIGHT_IN_ORDER),
                         xaxis=dict(title=dict(text=_("Year")), dtick=1),
                         yaxis=dict(title=dict(text=y_title), rangemode="tozero"))
    return figure(traces, layout)


def build_offences_map(year_rows: pd.DataFrame, *, year: int, unit_label: str, caution: str, title: str,
                       source: str, zoom: bool = False) -> go.Figure:
    """Countries shaded by their offences in ``year`` (:func:`transforms.enforcement.offences_in_year`), with
    ``caution`` written on the map itself; countries reporting nothing that year stay unshaded. ``zoom`` frames
    the shaded countries instead of the world (for a view narrowed to a few countries)."""
    placed = year_rows[year_rows["iso3"].str.len() == 3]
    if placed.empty:
        return empty_figure(_("No country reports offences of smuggling of migrants in {year}.", year=year),
                            title=title, source=source)
    names = [_name(code, published) for code, published in zip(placed["iso3"], placed["country"])]
    shading = dict(type="choropleth", locations=placed["iso3"].tolist(), locationmode="ISO-3",
                   z=placed["value"].tolist(), colorscale=CHOROPLETH_SCALE, text=names,
                   marker=dict(line=dict(color=OUTLINE, width=0.5)),
                   hovertemplate=f"%{{text}}, {year}: %{{z:,.1f}} {unit_label}<extra></extra>",
                   colorbar=dict(title=dict(text=unit_label, font=dict(size=FONT_SIZE - 2)), thickness=12, len=0.75))
    note = dict(text=caution, xref="paper", yref="paper", x=0, y=1.0, xanchor="left", yanchor="bottom",
                showarrow=False, font=dict(size=FONT_SIZE - 2, color=THEME_TEXT))
    geo = (geo_layout(resolution=CHOROPLETH_RESOLUTION, fitbounds="locations") if zoom else
           geo_layout(resolution=CHOROPLETH_RESOLUTION, projection=dict(rotation=dict(lon=0)), center=dict(lon=0),
                      lonaxis=dict(range=[-180, 180]), lataxis=dict(range=[-58, 85])))
    return figure([shading], base_layout(title=title, source=source, height=MAP_HEIGHT, geo=geo,
                                         margin=dict(MAP_MARGIN, t=80), annotations=[note]))


def build_dead_missing_panel(dead_missing: pd.DataFrame, *, names: dict[str, str], order: Sequence[str],
                             years: tuple[int, int], title: str, source: str) -> go.Figure:
    """IOM's dead and missing per country of incident and year (:func:`transforms.enforcement.
    dead_missing_by_country_year`), one bar per country and year; a year with no bar is one IOM recorded no
    incident in for that country. ``names``: iso3 -> name shown."""
    if dead_missing.empty:
        return empty_figure(_("IOM records no dead or missing in these countries in {first}–{last}.",
                              first=years[0], last=years[1]), title=title, source=source)
    traces = []
    styles = country_styles(order)
    for code in order:
        rows = dead_missing[dead_missing["iso3"] == code]
        if rows.empty:
            continue
        name = names.get(str(code), str(code))
        traces.append(dict(type="bar", name=name, x=rows["year"].tolist(), y=rows["dead_missing"].tolist(),
                           marker=dict(color=styles[str(code)][0],  # a second round of colours is hatched
                                       pattern=dict(shape="" if styles[str(code)][1] == "solid" else "/")),
                           hovertemplate=f"{name}, %{{x}}: %{{y:,}}<extra></extra>"))
    layout = base_layout(title=title, source=source, height=PANEL_HEIGHT, barmode="group",
                         legend=dict(LEGEND_RIGHT_IN_ORDER),
                         xaxis=dict(title=dict(text=_("Year")), dtick=1, range=[years[0] - 0.5, years[1] + 0.5]),
                         yaxis=dict(title=dict(text=_("Dead and missing (people)")), rangemode="tozero"))
    return figure(traces, layout)


def summarise_offences(view: pd.DataFrame, reporting: pd.DataFrame, view_name: str) -> str:
    """Two sentences: how many countries are drawn, and how many of those in view have gaps inside their series."""
    countries = view["iso3"].nunique() if not view.empty else 0
    gaps = int((reporting["years_missing"] > 0).sum()) if not reporting.empty else 0
    drawn = ngettext("{view}: {count} country drawn.", "{view}: {count} countries drawn.", countries,
                     view=view_name, count=format_integer(countries))
    breaks = ngettext("{gaps} country in view has years with no figure inside its series, drawn as breaks.",
                      "{gaps} countries in view have years with no figure inside their series, drawn as breaks.",
                      gaps, gaps=format_integer(gaps))
    return f"{drawn} {breaks}"


def summarise_map(year_rows: pd.DataFrame, year: int) -> str:
    """One sentence: how many countries report that year, and the largest."""
    if year_rows.empty:
        return _("No country reports offences of smuggling of migrants in {year}.", year=year)
    top = year_rows.iloc[0]
    return ngettext("{count} country reports offences of smuggling of migrants in {year}; the most are recorded by "
                    "{country} ({value}), a level that reflects its own definitions.",
                    "{count} countries report offences of smuggling of migrants in {year}; the most are recorded by "
                    "{country} ({value}), a level that reflects its own definitions.", len(year_rows),
                    count=format_integer(len(year_rows)), year=year,
                    country=_name(str(top["iso3"]), str(top["country"])), value=format_integer(round(top["value"])))
