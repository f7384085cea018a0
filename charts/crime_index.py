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
from i18n import _, format_decimal, format_integer, ngettext, region_name
from transforms.crime_index import SCORE_MAX, SCORE_MIN, YEARS, indicator_label

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
    score_2021, score_2023, change; ``indicator`` is the indicator's key (GI-TOC's English name).
    """
    column = MAP_VIEWS[view]
    placed = scores.dropna(subset=[column])
    if placed.empty:
        return empty_figure(_("No country has this score."), title=title, source=source)
    if view == "change":
        reach = max(float(placed[column].abs().max()), 0.5)
        colour = dict(colorscale=CHANGE_SCALE, zmin=-reach, zmax=reach)
        # Translators: a colour bar's title over three lines (<br> is a line break).
        bar_title = _("Change<br>{first}–{last}<br>(points)", first=YEARS[0], last=YEARS[1])
    else:
        colour = dict(colorscale=CHOROPLETH_SCALE, zmin=SCORE_MIN, zmax=SCORE_MAX)
        # Translators: a colour bar's title over two lines (<br> is a line break).
        bar_title = _("Score<br>(1–10)")
    name = indicator_label(indicator)
    # Translators: one line of a map's hover: an indicator's score in one edition of the index.
    edition = [_("{indicator}, {year}: {score}", indicator=name, year=year, score=f"%{{customdata[{i}]:.1f}}")
               for i, year in ((2, YEARS[0]), (3, YEARS[1]))]
    shading = dict(
        type="choropleth", locations=placed["iso3"], locationmode="ISO-3", z=placed[column],
        marker=dict(line=dict(color=OUTLINE, width=0.5)), **colour,
        customdata=placed[["country", "region", "score_2021", "score_2023", "change"]].to_numpy(),
        hovertemplate="<br>".join(("%{customdata[0]} (%{customdata[1]})", *edition,
                                   _("Change: {change}", change="%{customdata[4]:+.1f}"))) + "<extra></extra>",
        colorbar=dict(title=dict(text=bar_title, font=dict(size=FONT_SIZE - 2)), thickness=12, len=0.75),
    )
    return figure([shading], base_layout(title=title, source=source, height=MAP_HEIGHT, geo=_geo(),
                                         margin=dict(MAP_MARGIN)))


def build_regional_averages(averages: pd.DataFrame, *, indicator: str, title: str, source: str) -> go.Figure:
    """Mean score per GI-TOC region, one dot per edition joined by a line, highest 2023 mean on top.

    Needs :func:`transforms.crime_index.regional_averages`'s columns region, year, mean_score, countries.
    """
    if averages.empty:
        return empty_figure(_("No regional average to show."), title=title, source=source)
    regions = list(dict.fromkeys(averages["region"]))[::-1]
    wide = averages.pivot_table(index="region", columns="year", values="mean_score").reindex(regions)
    xs, ys = [], []
    for region, row in wide.iterrows():
        xs += [row.get(YEARS[0]), row.get(YEARS[1]), None]
        ys += [region, region, None]
    data = [dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=MUTED, width=2), hoverinfo="skip",
                 showlegend=False)]
    name = indicator_label(indicator).lower()  # inside a sentence
    for year in YEARS:
        part = averages[averages["year"] == year]
        data.append(dict(
            type="scatter", x=part["mean_score"], y=part["region"], mode="markers", name=str(year),
            marker=dict(color=YEAR_COLOURS[year], size=11, line=dict(color=OUTLINE, width=1)),
            customdata=part[["countries"]].to_numpy(),
            # Translators: {indicator} is the name of a GI-TOC indicator, in lower case (e.g. "human smuggling").
            hovertemplate="<br>".join((f"%{{y}}, {year}", _("Mean {indicator} score: {score}", indicator=name,
                                                            score="%{x:.2f}"),
                                       _("Countries: {countries}", countries="%{customdata[0]}")))
                          + "<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=REGION_BASE_HEIGHT + REGION_ROW_HEIGHT * len(regions),
        xaxis=dict(range=[SCORE_MIN - 0.2, SCORE_MAX + 0.2],
                   # Translators: {indicator} is the name of a GI-TOC indicator, in lower case.
                   title=dict(text=_("Mean {indicator} score (1–10)", indicator=name))),
        yaxis=dict(categoryorder="array", categoryarray=regions, automargin=True)))


def build_score_vs_deaths(joined: pd.DataFrame, *, year: int, title: str, source: str) -> go.Figure:
    """Each country: its human-smuggling score (x) against IOM dead and missing there (y, log scale).

    Needs :func:`transforms.crime_index.smuggling_and_deaths`'s columns iso3, country, region,
    score, dead_missing (people), incidents; points are coloured by ``continent`` when present.
    """
    if joined.empty:
        return empty_figure(_("No country has both a score and a recorded death in this selection."),
                            title=title, source=source)
    data = []
    groups = joined.groupby("continent", sort=True) if "continent" in joined else [(_("Countries"), joined)]
    labelled = set(joined.nlargest(SCATTER_LABELS, "dead_missing")["iso3"])
    for index, (continent, part) in enumerate(groups):
        data.append(dict(
            type="scatter", x=part["score"], y=part["dead_missing"], mode="markers+text", name=region_name(continent),
            text=[c if i in labelled else "" for c, i in zip(part["country"], part["iso3"])],
            textposition="top center", textfont=dict(size=FONT_SIZE - 3, color=MUTED),
            marker=dict(color=SERIES_COLOURS[index % len(SERIES_COLOURS)], size=10, opacity=0.85,
                        line=dict(color=OUTLINE, width=1)),
            customdata=part[["country", "region", "incidents"]].to_numpy(),
            hovertemplate="<br>".join((
                "%{customdata[0]} (%{customdata[1]})",
                _("Human smuggling score, {year}: {score}", year=year, score="%{x:.1f}"),
                _("Dead and missing recorded there: {dead_missing}", dead_missing="%{y:,}"),
                _("Incidents: {incidents}", incidents="%{customdata[2]:,}"))) + "<extra></extra>"))
    peak = float(joined["dead_missing"].max())
    ticks = [v for v in (1, 10, 100, 1_000, 10_000, 100_000) if v <= peak * 10]
    return figure(data, base_layout(
        title=title, source=source, height=SCATTER_HEIGHT,
        xaxis=dict(range=[SCORE_MIN - 0.3, SCORE_MAX + 0.3],
                   title=dict(text=_("GI-TOC human smuggling score, {year} (1–10)", year=year))),
        yaxis=dict(type="log", tickvals=ticks, ticktext=[format_integer(v) for v in ticks],
                   # Translators: an axis title over two lines (<br> is a line break).
                   title=dict(text=_("IOM dead and missing by country of incident<br>(people, log scale)")))))


def summarise_map(scores: pd.DataFrame, *, view: str, indicator: str) -> str:
    """One sentence: the highest scores, or the largest rises and falls."""
    column = MAP_VIEWS[view]
    placed = scores.dropna(subset=[column])
    if placed.empty:
        return _("No country has this score.")
    if view == "change":
        rose, fell = int((placed[column] > 0).sum()), int((placed[column] < 0).sum())
        top = placed.nlargest(3, column)
        rises = ", ".join(_listed(r.country, _signed(r.change)) for r in top.itertuples())
        # Translators: {indicator} is the name of a GI-TOC indicator, in lower case; {rises} a list of countries.
        return ngettext("Between {first} and {last}, the {indicator} score rose in {rose} of {countries} country "
                        "and fell in {fell}; largest rises: {rises}.",
                        "Between {first} and {last}, the {indicator} score rose in {rose} of {countries} countries "
                        "and fell in {fell}; largest rises: {rises}.", len(placed), first=YEARS[0], last=YEARS[1],
                        indicator=indicator_label(indicator).lower(), rose=format_integer(rose),
                        countries=format_integer(len(placed)), fell=format_integer(fell), rises=rises)
    top = placed.nlargest(5, column)
    highest = ", ".join(_listed(r.country, format_decimal(getattr(r, column), 1)) for r in top.itertuples())
    # Translators: {indicator} is the name of a GI-TOC indicator (e.g. "Human smuggling"); {year} an edition.
    return ngettext("{indicator} scores {year} across {countries} country average {mean}; highest: {highest}.",
                    "{indicator} scores {year} across {countries} countries average {mean}; highest: {highest}.",
                    len(placed), indicator=indicator_label(indicator), year=view,
                    countries=format_integer(len(placed)), mean=format_decimal(placed[column].mean(), 2),
                    highest=highest)


def _listed(name: str, value: str) -> str:
    """One item of a list in a summary: a name and its value."""
    # Translators: one item of a list: a country or region, and its score or change.
    return _("{name} ({value})", name=name, value=value)


def _signed(change: float) -> str:
    """A change in score points with its sign (+0.5, -0.5), in the reader's locale."""
    text = format_decimal(change, 1)
    return f"+{text}" if change >= 0 else text


def summarise_regions(averages: pd.DataFrame, indicator: str) -> str:
    """One sentence: the regions with the highest mean score in the later edition."""
    latest = averages[averages["year"] == YEARS[1]].nlargest(3, "mean_score")
    if latest.empty:
        return _("No regional average to show.")
    regions = ", ".join(_listed(r.region, format_decimal(r.mean_score, 1)) for r in latest.itertuples())
    # Translators: {indicator} is the name of a GI-TOC indicator, in lower case; {regions} a list of GI-TOC regions.
    return _("Highest mean {indicator} scores in {year}: {regions}.", indicator=indicator_label(indicator).lower(),
             year=YEARS[1], regions=regions)


def summarise_scatter(joined: pd.DataFrame, year: int) -> str:
    """One sentence: how many countries, and the rank correlation between score and recorded deaths."""
    if len(joined) < 3:
        return _("Too few countries have both a score and a recorded death in this selection to compare.")
    rho = joined["score"].rank().corr(np.log10(joined["dead_missing"]).rank())
    return ngettext("{count} country has both a {year} human-smuggling score and recorded dead or missing; the rank "
                    "correlation between the two is {rho}.",
                    "{count} countries have both a {year} human-smuggling score and recorded dead or missing; the "
                    "rank correlation between the two is {rho}.", len(joined), count=format_integer(len(joined)),
                    year=year, rho=format_decimal(rho, 2))
