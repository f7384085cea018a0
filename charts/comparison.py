"""Figures and one-sentence summaries for the Regional comparison page.

Pure builders: frames from :mod:`loaders.comparison_transforms` in, a new plotly
figure out; no Streamlit, no I/O. Each compared group keeps one colour on every
chart of the page; causes of death keep their app-wide colours.
"""

from __future__ import annotations

import math
from typing import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.style import (CAUSE_COLOURS, CAUSE_SHORT, DEAD_COLOUR, FONT_SIZE, LINE_WIDTH, MISSING_COLOUR,
                          MUTED, OKABE_ITO, SERIES_COLOURS, apply_layout, empty_figure)

PANEL_COLUMNS = 3
PANEL_ROW_HEIGHT = 230
PARTIAL_OPACITY = 0.45
BAR_ROW_HEIGHT = 46
LOG_RANGE_RATIO = 30  # an index spanning more than this many times is drawn on a log axis
LEGEND_RIGHT = dict(orientation="v", x=1.01, xanchor="left", y=1.0, yanchor="top", traceorder="normal")
NO_DATA = "No dead or missing recorded for the groups compared."


def group_colours(groups: Sequence[str]) -> dict[str, str]:
    """One colour per compared group, in order (never grey, kept for "unknown")."""
    palette = [c for c in SERIES_COLOURS if c != OKABE_ITO["grey"]]
    return {group: palette[i % len(palette)] for i, group in enumerate(groups)}


def _grid(n: int) -> tuple[int, int]:
    columns = min(n, PANEL_COLUMNS)
    return math.ceil(n / columns), columns


def _short(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def build_yearly_small_multiples(yearly: pd.DataFrame, groups: Sequence[str], *, title: str, source: str) -> go.Figure:
    """One panel per group: dead and missing per year (people), partial years paler; each panel has its own scale.

    Needs the columns of :func:`loaders.comparison_transforms.yearly_by_group`: group, year, label,
    dead_missing, coverage, partial.
    """
    if yearly.empty or yearly["dead_missing"].fillna(0).sum() == 0:
        return empty_figure(NO_DATA, title=title, source=source)
    rows, columns = _grid(len(groups))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[_short(g) for g in groups], shared_xaxes=True,
                        vertical_spacing=0.16, horizontal_spacing=0.07)
    colours = group_colours(groups)
    for i, group in enumerate(groups):
        part = yearly.loc[yearly["group"] == group]
        opacity = part["partial"].map({True: PARTIAL_OPACITY, False: 1.0}).tolist()
        note = part["partial"].map({True: " (partial year)", False: ""})
        fig.add_trace(go.Bar(x=part["year"], y=part["dead_missing"], name=group, showlegend=False,
                             marker=dict(color=colours[group], opacity=opacity),
                             customdata=pd.DataFrame({"g": group, "n": note}).to_numpy(),
                             hovertemplate="%{customdata[0]}, %{x}%{customdata[1]}: %{y:,.0f}<extra></extra>"),
                      row=i // columns + 1, col=i % columns + 1)
    fig.update_xaxes(dtick=2, tickformat="d")
    fig.update_yaxes(rangemode="tozero", tickformat="~s")
    fig.update_annotations(font=dict(size=FONT_SIZE))
    fig = apply_layout(fig, title=title, source=source, height=90 + PANEL_ROW_HEIGHT * rows)
    return fig


def build_indexed_lines(indexed: pd.DataFrame, groups: Sequence[str], *, base_year: int, title: str,
                        source: str) -> go.Figure:
    """Dead and missing per year as an index, base year = 100, one line per group (whole years only).

    Needs :func:`loaders.comparison_transforms.indexed_to_base`'s columns: group, year, label,
    dead_missing, index. A log axis is used when the index spans more than LOG_RANGE_RATIO times.
    """
    drawn = indexed.dropna(subset=["index"])
    drawn = drawn[drawn["index"] > 0] if not drawn.empty else drawn
    if drawn.empty:
        return empty_figure(f"No group has dead or missing recorded in {base_year} to index to.", title=title,
                            source=source)
    fig = go.Figure()
    colours = group_colours(groups)
    for group in groups:
        part = indexed.loc[indexed["group"] == group]
        if part["index"].notna().any():
            fig.add_trace(go.Scatter(x=part["year"], y=part["index"].where(part["index"] > 0), name=group,
                                     mode="lines+markers", line=dict(color=colours[group], width=LINE_WIDTH),
                                     customdata=part[["dead_missing"]].to_numpy(),
                                     hovertemplate=f"{group}, %{{x}}: index %{{y:,.0f}}"
                                                   "<br>Dead and missing: %{customdata[0]:,.0f}<extra></extra>"))
    fig.add_hline(y=100, line=dict(color=MUTED, width=1, dash="dot"))
    span = drawn["index"].max() / drawn["index"].min()
    log = span > LOG_RANGE_RATIO
    fig.update_yaxes(title_text=f"Index ({base_year} = 100)" + (", log scale" if log else ""),
                     type="log" if log else "linear", dtick=1 if log else None)
    fig.update_xaxes(title_text=None, dtick=1, tickformat="d")
    return apply_layout(fig, title=title, source=source)


def build_cause_mix(causes: pd.DataFrame, groups: Sequence[str], *, title: str, source: str) -> go.Figure:
    """100% bars per group of dead and missing by cause of death (share of cause attributions).

    Needs :func:`loaders.comparison_transforms.cause_mix`'s columns: group, cause, dead_missing, share.
    """
    if causes.empty or causes["dead_missing"].sum() == 0:
        return empty_figure(NO_DATA, title=title, source=source)
    fig = go.Figure()
    order = list(groups)[::-1]
    for cause in dict.fromkeys(causes["cause"]):
        part = causes.loc[causes["cause"] == cause].set_index("group").reindex(order)
        if part["dead_missing"].sum() == 0:
            continue
        fig.add_trace(go.Bar(y=[_short(g) for g in order], x=part["share"], orientation="h",
                             name=CAUSE_SHORT.get(cause, cause), marker_color=CAUSE_COLOURS.get(cause, MUTED),
                             customdata=pd.DataFrame({"g": order, "n": part["dead_missing"].to_numpy()}).to_numpy(),
                             hovertemplate=f"%{{customdata[0]}}<br>{cause}: %{{x:.1%}} (%{{customdata[1]:,.0f}} "
                                           "dead and missing)<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(automargin=True)
    fig = apply_layout(fig, title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(groups))
    return fig.update_layout(legend=LEGEND_RIGHT)


def build_dead_missing_split(profile: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """100% bars per group: dead versus missing, as shares of dead and missing.

    Needs :func:`loaders.comparison_transforms.group_profile`'s columns group, dead, missing, dead_share,
    missing_share.
    """
    drawn = profile.dropna(subset=["dead_share"])
    if drawn.empty:
        return empty_figure(NO_DATA, title=title, source=source)
    order = drawn.iloc[::-1]
    fig = go.Figure()
    for column, people, name, colour in (("dead_share", "dead", "Dead", DEAD_COLOUR),
                                         ("missing_share", "missing", "Missing", MISSING_COLOUR)):
        fig.add_trace(go.Bar(y=[_short(g) for g in order["group"]], x=order[column], orientation="h", name=name,
                             marker_color=colour, text=[f"{v:.0%}" for v in order[column]], textposition="inside",
                             customdata=order[["group", people]].to_numpy(),
                             hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{x:.1%}} (%{{customdata[1]:,.0f}})"
                                           "<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(automargin=True)
    return apply_layout(fig, title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(order))


def build_group_bars(profile: pd.DataFrame, groups: Sequence[str], *, value: str, axis_title: str,
                     number_format: str, title: str, source: str, empty_message: str) -> go.Figure:
    """Horizontal bars of one profile column per group, in the group colours (e.g. survivors per incident).

    Needs :func:`loaders.comparison_transforms.group_profile`'s ``group`` and ``value`` columns;
    ``number_format`` is a d3 format (".1f", ".0%"); ``axis_title`` names the measure on hover (the chart
    title carries it on the page). Groups where the value is blank are left out.
    """
    drawn = profile.dropna(subset=[value])
    if drawn.empty:
        return empty_figure(empty_message, title=title, source=source)
    colours = group_colours(groups)
    order = drawn.iloc[::-1]
    fig = go.Figure(go.Bar(
        y=[_short(g) for g in order["group"]], x=order[value], orientation="h",
        marker_color=[colours[g] for g in order["group"]], texttemplate=f"%{{x:{number_format}}}",
        textposition="auto", customdata=order[["group"]].to_numpy(),
        hovertemplate=f"%{{customdata[0]}}<br>{axis_title}: %{{x:{number_format}}}<extra></extra>"))
    fig.update_xaxes(tickformat=number_format.replace("f", "~f"), rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return apply_layout(fig, title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(order))


def build_top_nationalities(nationalities: pd.DataFrame, groups: Sequence[str], *, title: str,
                            source: str) -> go.Figure:
    """One panel per group: its top countries of origin by dead and missing (share of the group).

    Needs :func:`loaders.comparison_transforms.top_nationalities`' columns: group, rank,
    country_of_origin, dead_missing, share.
    """
    if nationalities.empty:
        return empty_figure("No country of origin is recorded for the groups compared.", title=title, source=source)
    rows, columns = _grid(len(groups))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[_short(g) for g in groups],
                        horizontal_spacing=0.2, vertical_spacing=0.14)
    colours = group_colours(groups)
    for i, group in enumerate(groups):
        part = nationalities.loc[nationalities["group"] == group].iloc[::-1]
        fig.add_trace(go.Bar(y=[_short(c, 22) for c in part["country_of_origin"]], x=part["share"], orientation="h",
                             marker_color=colours[group], showlegend=False, texttemplate="%{x:.0%}",
                             textposition="auto", customdata=part[["country_of_origin", "dead_missing"]].to_numpy(),
                             hovertemplate=f"{group}<br>%{{customdata[0]}}: %{{x:.1%}} (%{{customdata[1]:,.0f}})"
                                           "<extra></extra>"),
                      row=i // columns + 1, col=i % columns + 1)
    fig.update_xaxes(tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(automargin=True, tickfont=dict(size=FONT_SIZE - 2))
    fig.update_annotations(font=dict(size=FONT_SIZE))
    return apply_layout(fig, title=title, source=source, height=90 + PANEL_ROW_HEIGHT * rows)


# One-sentence summaries -------------------------------------------------------------------------

def summarise_yearly(yearly: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Central Mediterranean had the most dead and missing (25,633); its worst year was 2016 (4,581)."."""
    whole = yearly.dropna(subset=["dead_missing"])
    totals = whole.groupby("group")["dead_missing"].sum().reindex(list(groups)).fillna(0)
    if totals.sum() == 0:
        return NO_DATA
    top = totals.idxmax()
    part = whole.loc[(whole["group"] == top) & ~whole["partial"].astype(bool)]
    text = f"{top} had the most dead and missing of the groups compared ({totals[top]:,.0f})"
    if not part.empty:
        peak = part.loc[part["dead_missing"].idxmax()]
        text += f"; its highest whole year was {int(peak['year'])} ({peak['dead_missing']:,.0f})"
    return text + ". Paler bars are partial years; each panel has its own scale."


def summarise_indexed(indexed: pd.DataFrame, groups: Sequence[str], base_year: int) -> str:
    """E.g. "Against 2016 = 100, in 2024 Southern Asia stood at 10,887 and Eastern Asia at 50."."""
    drawn = indexed.dropna(subset=["index"])
    if drawn.empty:
        return f"No group has dead or missing recorded in {base_year} to index to."
    last_year = int(drawn["year"].max())
    latest = drawn.loc[drawn["year"] == last_year].set_index("group")["index"]
    parts = [f"{g} at {latest[g]:,.0f}" for g in groups if g in latest.index]
    missing = [g for g in groups if g not in set(drawn["group"])]
    text = f"Against {base_year} = 100, in {last_year} " + ", ".join(parts) + "."
    if missing:
        text += f" Not indexed (nothing recorded in {base_year}): {', '.join(missing)}."
    return text + " Partial years are left out."


def summarise_causes(causes: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Leading cause: Drowning in Central Mediterranean (92%), Violence in ..."."""
    parts = []
    for group in groups:
        part = causes.loc[(causes["group"] == group) & (causes["dead_missing"] > 0)]
        if not part.empty:
            top = part.loc[part["share"].idxmax()]
            parts.append(f"{CAUSE_SHORT.get(top['cause'], top['cause'])} in {group} ({top['share']:.0%})")
    if not parts:
        return NO_DATA
    return ("Leading cause: " + "; ".join(parts) + ". An incident listing several causes counts under each.")


def summarise_dead_missing(profile: pd.DataFrame) -> str:
    """E.g. "Missing make up 55% of the dead and missing in South-eastern Asia, 1% in Southern Asia."."""
    drawn = profile.dropna(subset=["missing_share"])
    if drawn.empty:
        return NO_DATA
    ordered = drawn.sort_values("missing_share", ascending=False)
    return ("Share of missing (presumed dead, never found) among the dead and missing: " + ", ".join(
        f"{row.missing_share:.0%} in {row.group}" for row in ordered.itertuples()) + ".")


def summarise_profile_value(profile: pd.DataFrame, value: str, what: str, number_format: str) -> str:
    """E.g. "Survivors recorded per incident: highest in X (16.9), lowest in Y (0.2)."."""
    drawn = profile.dropna(subset=[value])
    if drawn.empty:
        return f"No {what} can be computed for the groups compared."
    high, low = drawn.loc[drawn[value].idxmax()], drawn.loc[drawn[value].idxmin()]
    text = f"{what[0].upper()}{what[1:]}: highest in {high['group']} ({format(high[value], number_format)})"
    if len(drawn) > 1:
        text += f", lowest in {low['group']} ({format(low[value], number_format)})"
    missing = [g for g in profile["group"] if g not in set(drawn["group"])]
    return text + "." + (f" Not recorded for {', '.join(missing)}." if missing else "")


def summarise_nationalities(nationalities: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Top country of origin: Afghanistan in Southern Asia (91%); Myanmar in South-eastern Asia (52%)."."""
    firsts = nationalities.loc[nationalities["rank"] == 1].set_index("group")
    parts = [f"{firsts.loc[g, 'country_of_origin']} in {g} ({firsts.loc[g, 'share']:.0%})" for g in groups
             if g in firsts.index]
    if not parts:
        return "No country of origin is recorded for the groups compared."
    return ("Top country of origin: " + "; ".join(parts) + ". Unknown and mixed origins are not ranked; "
            "an incident listing several countries counts under each.")
