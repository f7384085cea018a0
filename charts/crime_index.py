"""Figures for the Crime markets page: GI-TOC Organized Crime Index scores on a map, by region, and
against IOM's dead and missing.

Maps use ``locationmode="ISO-3"``, so country shapes come from plotly's topojson, which the app
serves from ``static/topojson/`` (``ui.figures.PLOTLY_CONFIG``); no GeoJSON is put in a figure.
Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure
from charts.maps import geo_layout
from charts.serialise import figure
from charts.style import (
    CHOROPLETH_RESOLUTION,
    CHOROPLETH_SCALE,
    FONT_SIZE,
    MAP_MARGIN,
    MUTED,
    OKABE_ITO,
    OUTLINE,
    SERIES_COLOURS,
    WHITE,
)
from transforms.crime_index import SCORE_MAX, SCORE_MIN, YEARS

MAP_HEIGHT = 500
#: Change between editions: fall in blue, rise in vermillion, no change white.
CHANGE_SCALE = [[0.0, OKABE_ITO["blue"]], [0.5, WHITE], [1.0, OKABE_ITO["vermillion"]]]
REGION_ROW_HEIGHT = 26
REGION_BASE_HEIGHT = 200
SCATTER_HEIGHT = 520
SCATTER_LABELS = 6  # countries named on the scatter (most dead and missing)
YEAR_COLOURS = {YEARS[0]: OKABE_ITO["sky_blue"], YEARS[1]: OKABE_ITO["blue"]}
MAP_VIEWS = {"2023": f"score_{YEARS[1]}", "2021": f"score_{YEARS[0]}", "change": "change"}


def _geo() -> dict[str, Any]:
    """The whole world in the natural earth projection, on the app's land and ocean colours."""
    return geo_layout(resolution=CHOROPLETH_RESOLUTION, projection=dict(rotation=dict(lon=0)), center=dict(lon=0),
                      lonaxis=dict(range=[-180, 180]), lataxis=dict(range=[-58, 85]))


def build_score_map(scores: pd.DataFrame, *, view: str, indicator: str, title: str, source: str) -> go.Figure:
    """Countries shaded by a GI-TOC score (``view`` "2021" or "2023", 1 to 10) or by its change ("change").

    Needs :func:`transforms.crime_index.scores_by_country`'s columns iso3, country, region,
    score_2021, score_2023, change.
    """
    column = MAP_VIEWS[view]
    placed = scores.dropna(subset=[column])
    if placed.empty:
        return empty_figure("No country has this score.", title=title, source=source)
    if view == "change":
        reach = max(float(placed[column].abs().max()), 0.5)
        colour = dict(colorscale=CHANGE_SCALE, zmin=-reach, zmax=reach)
        bar_title = f"Change<br>{YEARS[0]}–{YEARS[1]}<br>(points)"
    else:
        colour = dict(colorscale=CHOROPLETH_SCALE, zmin=SCORE_MIN, zmax=SCORE_MAX)
        bar_title = f"Score<br>(1–10)"
    shading = dict(
        type="choropleth", locations=placed["iso3"], locationmode="ISO-3", z=placed[column],
        marker=dict(line=dict(color=OUTLINE, width=0.5)), **colour,
        customdata=placed[["country", "region", "score_2021", "score_2023", "change"]].to_numpy(),
        hovertemplate=(f"%{{customdata[0]}} (%{{customdata[1]}})<br>{indicator}, {YEARS[0]}: %{{customdata[2]:.1f}}"
                       f"<br>{indicator}, {YEARS[1]}: %{{customdata[3]:.1f}}<br>Change: %{{customdata[4]:+.1f}}"
                       "<extra></extra>"),
        colorbar=dict(title=dict(text=bar_title, font=dict(size=FONT_SIZE - 2)), thickness=12, len=0.75),
    )
    return figure([shading], base_layout(title=title, source=source, height=MAP_HEIGHT, geo=_geo(),
                                         margin=dict(MAP_MARGIN)))


def build_regional_averages(averages: pd.DataFrame, *, indicator: str, title: str, source: str) -> go.Figure:
    """Mean score per GI-TOC region, one dot per edition joined by a line, highest 2023 mean on top.

    Needs :func:`transforms.crime_index.regional_averages`'s columns region, year, mean_score, countries.
    """
    if averages.empty:
        return empty_figure("No regional average to show.", title=title, source=source)
    regions = list(dict.fromkeys(averages["region"]))[::-1]
    wide = averages.pivot_table(index="region", columns="year", values="mean_score").reindex(regions)
    xs, ys = [], []
    for region, row in wide.iterrows():
        xs += [row.get(YEARS[0]), row.get(YEARS[1]), None]
        ys += [region, region, None]
    data = [dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip",
                 showlegend=False)]
    for year in YEARS:
        part = averages[averages["year"] == year]
        data.append(dict(
            type="scatter", x=part["mean_score"], y=part["region"], mode="markers", name=str(year),
            marker=dict(color=YEAR_COLOURS[year], size=11, line=dict(color=OUTLINE, width=1)),
            customdata=part[["countries"]].to_numpy(),
            hovertemplate=f"%{{y}}, {year}<br>Mean {indicator.lower()} score: %{{x:.2f}}"
                          "<br>Countries: %{customdata[0]}<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=REGION_BASE_HEIGHT + REGION_ROW_HEIGHT * len(regions),
        xaxis=dict(range=[SCORE_MIN - 0.2, SCORE_MAX + 0.2],
                   title=dict(text=f"Mean {indicator.lower()} score (1–10)")),
        yaxis=dict(categoryorder="array", categoryarray=regions, automargin=True)))


def build_score_vs_deaths(joined: pd.DataFrame, *, year: int, title: str, source: str) -> go.Figure:
    """Each country: its human-smuggling score (x) against IOM dead and missing there (y, log scale).

    Needs :func:`transforms.crime_index.smuggling_and_deaths`'s columns iso3, country, region,
    score, dead_missing (people), incidents; points are coloured by ``continent`` when present.
    """
    if joined.empty:
        return empty_figure("No country has both a score and a recorded death in this selection.",
                            title=title, source=source)
    data = []
    groups = joined.groupby("continent", sort=True) if "continent" in joined else [("Countries", joined)]
    labelled = set(joined.nlargest(SCATTER_LABELS, "dead_missing")["iso3"])
    for index, (continent, part) in enumerate(groups):
        data.append(dict(
            type="scatter", x=part["score"], y=part["dead_missing"], mode="markers+text", name=str(continent),
            text=[c if i in labelled else "" for c, i in zip(part["country"], part["iso3"])],
            textposition="top center", textfont=dict(size=FONT_SIZE - 3, color=MUTED),
            marker=dict(color=SERIES_COLOURS[index % len(SERIES_COLOURS)], size=10, opacity=0.85,
                        line=dict(color=OUTLINE, width=1)),
            customdata=part[["country", "region", "incidents"]].to_numpy(),
            hovertemplate=(f"%{{customdata[0]}} (%{{customdata[1]}})<br>Human smuggling score, {year}: %{{x:.1f}}"
                           "<br>Dead and missing recorded there: %{y:,}<br>Incidents: %{customdata[2]:,}"
                           "<extra></extra>")))
    peak = float(joined["dead_missing"].max())
    ticks = [v for v in (1, 10, 100, 1_000, 10_000, 100_000) if v <= peak * 10]
    return figure(data, base_layout(
        title=title, source=source, height=SCATTER_HEIGHT,
        xaxis=dict(range=[SCORE_MIN - 0.3, SCORE_MAX + 0.3],
                   title=dict(text=f"GI-TOC human smuggling score, {year} (1–10)")),
        yaxis=dict(type="log", tickvals=ticks, ticktext=[f"{v:,}" for v in ticks],
                   title=dict(text="IOM dead and missing by country of incident<br>(people, log scale)"))))


def summarise_map(scores: pd.DataFrame, *, view: str, indicator: str) -> str:
    """One sentence: the highest scores, or the largest rises and falls."""
    column = MAP_VIEWS[view]
    placed = scores.dropna(subset=[column])
    if placed.empty:
        return "No country has this score."
    if view == "change":
        rose, fell = int((placed[column] > 0).sum()), int((placed[column] < 0).sum())
        top = placed.nlargest(3, column)
        return (f"Between {YEARS[0]} and {YEARS[1]}, the {indicator.lower()} score rose in {rose} of "
                f"{len(placed)} countries and fell in {fell}; largest rises: "
                + ", ".join(f"{r.country} ({r.change:+.1f})" for r in top.itertuples()) + ".")
    top = placed.nlargest(5, column)
    return (f"{indicator} scores {view} across {len(placed)} countries average {placed[column].mean():.2f}; "
            "highest: " + ", ".join(f"{r.country} ({getattr(r, column):.1f})" for r in top.itertuples()) + ".")


def summarise_regions(averages: pd.DataFrame, indicator: str) -> str:
    """One sentence: the regions with the highest mean score in the later edition."""
    latest = averages[averages["year"] == YEARS[1]].nlargest(3, "mean_score")
    if latest.empty:
        return "No regional average to show."
    return (f"Highest mean {indicator.lower()} scores in {YEARS[1]}: "
            + ", ".join(f"{r.region} ({r.mean_score:.1f})" for r in latest.itertuples()) + ".")


def summarise_scatter(joined: pd.DataFrame, year: int) -> str:
    """One sentence: how many countries, and the rank correlation between score and recorded deaths."""
    if len(joined) < 3:
        return "Too few countries have both a score and a recorded death in this selection to compare."
    rho = joined["score"].rank().corr(np.log10(joined["dead_missing"]).rank())
    return (f"{len(joined)} countries have both a {year} human-smuggling score and recorded dead or missing; "
            f"the rank correlation between the two is {rho:.2f}.")
