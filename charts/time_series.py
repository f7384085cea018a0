"""Figures of dead and missing over time (titles, legend and hover words in the reader's language)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, date_ticks, empty_figure, partial_pattern, period_band
from charts.serialise import figure
from charts.style import DEAD_COLOUR, GAP_NOTE, MISSING_COLOUR, PARTIAL_OPACITY, SEGMENT_LINE
from i18n import _, format_integer, pgettext


def build_dead_missing_over_time(series: pd.DataFrame, *, title: str, source: str,
                                 gap_note: str = GAP_NOTE) -> go.Figure:
    """Stacked bars of dead and missing per period; partial periods are drawn paler and hatched.

    Needs the columns of :func:`transforms.periods.dead_missing_by_period`:
    period, label, dead, missing, dead_missing (people), covered (bool), coverage (0-1).
    Periods no export covers are shaded and labelled, never drawn as zero.
    """
    if series.empty or series["dead_missing"].fillna(0).sum() == 0:
        return empty_figure(_("No dead or missing recorded for this selection."), title=title, source=source)
    partial = series["coverage"] < 1
    partial_note = "<br>" + _("Partial period: not every month has data")
    notes = partial.map({True: partial_note, False: ""}).tolist()
    totals = [format_integer(v) for v in series["dead_missing"]]
    opacity = partial.map({True: PARTIAL_OPACITY, False: 1.0}).tolist()
    # Translators: a hover line; keep {value} (a number filled in by the chart).
    total_line = _("Dead and missing: {value}", value="%{customdata[1]}")
    data = []
    # Translators: people recorded dead / missing (a chart's legend and hover).
    for column, name, colour in (("dead", pgettext("people", "Dead"), DEAD_COLOUR),
                                 ("missing", pgettext("people", "Missing"), MISSING_COLOUR)):
        custom = [[label, total, note, format_integer(value)]
                  for label, total, note, value in zip(series["label"], totals, notes, series[column])]
        # Translators: a hover line: {name} is "Dead" or "Missing", {value} a number filled in by the chart.
        line = _("{name}: {value}", name=name, value="%{customdata[3]}")
        data.append(dict(type="bar", x=series["period"], y=series[column], name=name,
                         marker=dict(color=colour, opacity=opacity, pattern=partial_pattern(partial),
                                     line=SEGMENT_LINE),
                         customdata=custom,
                         hovertemplate="%{customdata[0]}<br>" + line + "<br>" + total_line
                                       + "%{customdata[2]}<extra></extra>"))
    layout = dict(barmode="relative", bargap=0.15, xaxis=date_ticks(series["period"]),
                  yaxis=dict(title=dict(text=_("People (dead and missing)")), rangemode="tozero"))
    band = []
    gaps = series.loc[~series["covered"].astype(bool), "period"]
    if not gaps.empty:
        half = (series["period"].diff().median() if len(series) > 1 else pd.Timedelta(days=30)) / 2
        shape, note = period_band(gaps.min() - half, gaps.max() + half, _(gap_note), label_at="left")
        layout["shapes"], band = [shape], [note]
    return figure(data, base_layout(title=title, source=source, annotations=band, **layout))
