"""Horizontal bar rankings (top routes, top countries of origin)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.style import DEAD_MISSING_COLOUR, apply_layout, empty_figure


def build_top_bars(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str,
                   colour: str = DEAD_MISSING_COLOUR) -> go.Figure:
    """Bars of dead and missing per value, largest on top.

    Needs the columns of :func:`loaders.fatality_transforms.top_values`:
    value, dead_missing (people), incidents, share (0-1).
    """
    if ranking.empty:
        return empty_figure(empty_message, title=title, source=source)
    ordered = ranking.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=ordered["dead_missing"], y=ordered["value"], orientation="h", marker_color=colour,
        text=[f"{v:,}" for v in ordered["dead_missing"]], textposition="auto",
        customdata=ordered[["incidents", "share"]].to_numpy(),
        hovertemplate="%{y}<br>Dead and missing: %{x:,}<br>Incidents: %{customdata[0]:,}"
                      "<br>Share of selection: %{customdata[1]:.1%}<extra></extra>",
    ))
    fig.update_xaxes(title_text="Dead and missing (people)")
    fig.update_yaxes(title_text=None, automargin=True)
    return apply_layout(fig, title=title, source=source, height=max(300, 60 + 34 * len(ranking)))
