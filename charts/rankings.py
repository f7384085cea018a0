"""Horizontal bar rankings (top routes, top countries of origin)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure
from charts.serialise import figure
from charts.style import DEAD_MISSING_COLOUR


def build_top_bars(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str,
                   colour: str = DEAD_MISSING_COLOUR) -> go.Figure:
    """Bars of dead and missing per value, largest on top.

    Needs the columns of :func:`transforms.rankings.top_values`:
    value, dead_missing (people), incidents, share (0-1).
    """
    return top_bars_with_axis(ranking, title=title, source=source, empty_message=empty_message, colour=colour,
                              xaxis=dict(title=dict(text="Dead and missing (people)")))


def top_bars_with_axis(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str, colour: str,
                       xaxis: dict[str, Any]) -> go.Figure:
    """:func:`build_top_bars` with the given x axis properties (e.g. no axis title)."""
    if ranking.empty:
        return empty_figure(empty_message, title=title, source=source)
    ordered = ranking.iloc[::-1]
    bars = dict(
        type="bar", x=ordered["dead_missing"], y=ordered["value"], orientation="h", marker=dict(color=colour),
        text=[f"{v:,}" for v in ordered["dead_missing"]], textposition="auto",
        customdata=ordered[["incidents", "share"]].to_numpy(),
        hovertemplate="%{y}<br>Dead and missing: %{x:,}<br>Incidents: %{customdata[0]:,}"
                      "<br>Share of selection: %{customdata[1]:.1%}<extra></extra>",
    )
    return figure([bars], base_layout(title=title, source=source, height=max(300, 60 + 34 * len(ranking)),
                                      xaxis=xaxis,
                                      yaxis=dict(automargin=True)))
