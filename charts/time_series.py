"""Figures of dead and missing over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, period_band
from charts.serialise import figure
from charts.style import DEAD_COLOUR, GAP_NOTE, MISSING_COLOUR, PARTIAL_OPACITY


def build_dead_missing_over_time(series: pd.DataFrame, *, title: str, source: str,
                                 gap_note: str = GAP_NOTE) -> go.Figure:
    """Stacked bars of dead and missing per period; partial periods are drawn paler.

    Needs the columns of :func:`transforms.periods.dead_missing_by_period`:
    period, label, dead, missing, dead_missing (people), covered (bool), coverage (0-1).
    Periods no export covers are shaded and labelled, never drawn as zero.
    """
    if series.empty or series["dead_missing"].fillna(0).sum() == 0:
        return empty_figure("No dead or missing recorded for this selection.", title=title, source=source)
    partial = series["coverage"] < 1
    note = partial.map({True: "<br>Partial period: not every month has data", False: ""})
    custom = pd.DataFrame({"label": series["label"], "total": series["dead_missing"], "note": note}).to_numpy()
    opacity = partial.map({True: PARTIAL_OPACITY, False: 1.0}).tolist()
    data = [dict(type="bar", x=series["period"], y=series[column], name=name,
                 marker=dict(color=colour, opacity=opacity), customdata=custom,
                 hovertemplate="%{customdata[0]}<br>" + name + ": %{y:,}<br>Dead and missing: %{customdata[1]:,}"
                               "%{customdata[2]}<extra></extra>")
            for column, name, colour in (("dead", "Dead", DEAD_COLOUR), ("missing", "Missing", MISSING_COLOUR))]
    layout = dict(barmode="relative", bargap=0.15, xaxis={},
                  yaxis=dict(title=dict(text="People (dead and missing)"), rangemode="tozero"))
    band = []
    gaps = series.loc[~series["covered"].astype(bool), "period"]
    if not gaps.empty:
        half = (series["period"].diff().median() if len(series) > 1 else pd.Timedelta(days=30)) / 2
        shape, note = period_band(gaps.min() - half, gaps.max() + half, gap_note, label_at="left")
        layout["shapes"], band = [shape], [note]
    return figure(data, base_layout(title=title, source=source, annotations=band, **layout))
