"""Figures for the Travel documents page: inadequately documented air arrivals to the UK by nationality, the
Asia-Pacific share, and sex and age. Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure
from charts.serialise import figure
from charts.style import LEGEND_RIGHT_IN_ORDER, LINE_WIDTH, MUTED, OKABE_ITO, SERIES_COLOURS
from i18n import _, format_integer, format_percent
from transforms.travel_documents import TOP_NATIONALITIES

HEIGHT = 420
MARKER_SIZE = 7
#: Colours of the values "not recorded" (Unknown, Not currently recorded): grey, after the others.
NOT_RECORDED_COLOUR = "#9aa5b1"


def build_nationalities_over_time(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """One line per nationality (:func:`transforms.travel_documents.top_nationalities_by_year`: year,
    nationality, value, rank), the group of all others dashed."""
    if frame.empty:
        return empty_figure(_("No inadequately documented air arrival in the data."), title=title, source=source)
    traces = []
    for i, (name, rows) in enumerate(frame.groupby("nationality", sort=False)):
        others = int(rows["rank"].iloc[0]) > TOP_NATIONALITIES
        colour = MUTED if others else SERIES_COLOURS[i % len(SERIES_COLOURS)]
        traces.append(dict(type="scatter", mode="lines+markers", name=str(name), x=rows["year"].tolist(),
                           y=rows["value"].tolist(), marker=dict(size=MARKER_SIZE),
                           line=dict(width=LINE_WIDTH, color=colour,  # colours repeat dashed; others dotted
                                     dash="dot" if others else "dash" if i >= len(SERIES_COLOURS) else "solid"),
                           hovertemplate=f"{name}, %{{x}}: %{{y:,}}<extra></extra>"))
    layout = base_layout(title=title, source=source, height=HEIGHT, legend=dict(LEGEND_RIGHT_IN_ORDER),
                         xaxis=dict(title=dict(text=_("Year")), dtick=1),
                         yaxis=dict(title=dict(text=_("People detected")), rangemode="tozero"))
    return figure(traces, layout)


def build_asia_pacific_share(share: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """The Asia-Pacific share of inadequately documented air arrivals per year
    (:func:`transforms.travel_documents.asia_pacific_share`)."""
    if share.empty:
        return empty_figure(_("No inadequately documented air arrival in the data."), title=title, source=source)
    text = [format_percent(s) for s in share["share"]]
    hover = [_("{year}: {count} of {total} people detected ({share})", year=y, count=format_integer(a),
               total=format_integer(t), share=p)
             for y, a, t, p in zip(share["year"], share["asia_pacific"], share["total"], text)]
    bars = dict(type="bar", x=share["year"].tolist(), y=(share["share"] * 100).tolist(), text=text,
                textposition="outside", marker=dict(color=OKABE_ITO["blue"]), hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>", showlegend=False)
    layout = base_layout(title=title, source=source, height=HEIGHT - 40,
                         xaxis=dict(title=dict(text=_("Year")), dtick=1),
                         yaxis=dict(title=dict(text=_("Share of people detected (%)")), range=[0, 100]))
    return figure([bars], layout)


def build_groups(groups: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """People detected per year split by sex or age group (:func:`transforms.travel_documents.by_group`), as
    stacked shares of each year; values not recorded in grey."""
    if groups.empty:
        return empty_figure(_("No inadequately documented air arrival in the data."), title=title, source=source)
    traces = []
    order = list(groups.sort_values(["recorded", "group"], ascending=[False, True])["group"].drop_duplicates())
    for i, group in enumerate(order):
        rows = groups[groups["group"] == group]
        recorded = bool(rows["recorded"].iloc[0])
        traces.append(dict(type="bar", name=str(group), x=rows["year"].tolist(), y=(rows["share"] * 100).tolist(),
                           customdata=rows["value"].tolist(),
                           marker=dict(color=SERIES_COLOURS[i % len(SERIES_COLOURS)] if recorded
                                       else NOT_RECORDED_COLOUR),
                           hovertemplate=f"{group}, %{{x}}: %{{customdata:,}} (%{{y:.0f}}%)<extra></extra>"))
    layout = base_layout(title=title, source=source, height=HEIGHT - 40, barmode="stack",
                         legend=dict(LEGEND_RIGHT_IN_ORDER), xaxis=dict(dtick=1),  # the ticks are years
                         yaxis=dict(title=dict(text=_("Share of people detected (%)")), range=[0, 100]))
    return figure(traces, layout)
