"""Figure for the Corridor profile's UNHCR denominator: dead and missing per 1,000 attempted sea journeys, by
UNHCR's count of the dead and by IOM's, side by side per period (never added). Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure
from charts.serialise import figure
from charts.style import FIGURE_HEIGHT, OKABE_ITO
from i18n import _, format_decimal, format_integer

COLOURS = {"unhcr": OKABE_ITO["orange"], "iom": OKABE_ITO["blue"]}


def build_per_thousand_attempted(ratio: pd.DataFrame, *, thousand: str, title: str, source: str) -> go.Figure:
    """Two bars per period (:func:`transforms.sea_movements.per_thousand_attempted`): UNHCR's dead and missing
    and IOM's, each per ``thousand`` attempted journeys; a period where one is missing has no bar for it."""
    shown = ratio.dropna(subset=["unhcr_per_thousand", "iom_per_thousand"], how="all")
    if shown.empty:
        return empty_figure(_("No period has both an attempted-journeys figure and a count of the dead."),
                            title=title, source=source)
    traces = []
    for who, column, count, name in (
            ("unhcr", "unhcr_per_thousand", "unhcr_dead_missing", _("Dead and missing counted by UNHCR")),
            ("iom", "iom_per_thousand", "iom_dead_missing", _("Dead and missing recorded by IOM"))):
        rows = shown.dropna(subset=[column])
        hover = [_("{period}: {ratio} per {thousand} ({dead} dead and missing, {attempted} attempted journeys)",
                   period=p, ratio=format_decimal(r, 1), thousand=thousand, dead=format_integer(round(d)),
                   attempted=format_integer(round(a)))
                 for p, r, d, a in zip(rows["period"], rows[column], rows[count], rows["attempted"])]
        traces.append(dict(type="bar", name=name, x=rows["period"].tolist(), y=rows[column].tolist(),
                           marker=dict(color=COLOURS[who]), hovertext=hover,
                           hovertemplate="%{hovertext}<extra></extra>"))
    layout = base_layout(title=title, source=source, height=FIGURE_HEIGHT, barmode="group",
                         xaxis=dict(title=dict(text=_("Period")), type="category",
                                    categoryorder="array", categoryarray=list(shown["period"])),
                         yaxis=dict(title=dict(text=_("Per {thousand} attempted journeys", thousand=thousand)),
                                    rangemode="tozero"))
    return figure(traces, layout)
