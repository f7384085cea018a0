"""Horizontal bar rankings (top routes, top countries of origin).

Axis titles and hover words are in the reader's language, numbers per locale; values that are country names are
shown by their names in that language (routes and causes stay as IOM publishes them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, inside_text
from charts.serialise import figure
from charts.style import DEAD_MISSING_COLOUR
from i18n import _, country_name, format_integer, format_percent


def build_top_bars(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str,
                   colour: str = DEAD_MISSING_COLOUR) -> go.Figure:
    """Bars of dead and missing per value, largest on top.

    Needs the columns of :func:`transforms.rankings.top_values`:
    value, dead_missing (people), incidents, share (0-1).
    """
    return top_bars_with_axis(ranking, title=title, source=source, empty_message=empty_message, colour=colour,
                              xaxis=dict(title=dict(text=_("Dead and missing (people)"))))


def top_bars_with_axis(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str, colour: str,
                       xaxis: dict[str, Any]) -> go.Figure:
    """:func:`build_top_bars` with the given x axis properties (e.g. no axis title)."""
    if ranking.empty:
        return empty_figure(empty_message, title=title, source=source)
    ordered = ranking.iloc[::-1]
    counts = [format_integer(v) for v in ordered["dead_missing"]]
    custom = [[dead_missing, format_integer(incidents), format_percent(share, 1)]
              for dead_missing, incidents, share in zip(counts, ordered["incidents"], ordered["share"])]
    # Hover lines, each one message; the plotly field references (%{...}) are filled by the browser.
    hover = "<br>".join([
        "%{y}",
        # Translators: a hover line; keep {value} (a number filled in by the chart).
        _("Dead and missing: {value}", value="%{customdata[0]}"),
        # Translators: a hover line; keep {value} (a number filled in by the chart).
        _("Incidents: {value}", value="%{customdata[1]}"),
        # Translators: a hover line; keep {value} (a percentage filled in by the chart).
        _("Share of selection: {value}", value="%{customdata[2]}"),
    ]) + "<extra></extra>"
    bars = dict(
        type="bar", x=ordered["dead_missing"], y=[country_name(v) for v in ordered["value"]], orientation="h",
        marker=dict(color=colour), text=counts, textposition="auto", insidetextfont=inside_text(colour),
        customdata=custom, hovertemplate=hover,
    )
    return figure([bars], base_layout(title=title, source=source, height=max(300, 60 + 34 * len(ranking)),
                                      xaxis=xaxis,
                                      yaxis=dict(automargin=True)))
