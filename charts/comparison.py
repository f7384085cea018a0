"""Figures and one-sentence summaries for the Regional comparison page.

Pure builders: frames from :mod:`transforms.comparison` in, a new plotly
figure out; no Streamlit, no I/O. Each compared group keeps one colour on every
chart of the page; causes of death keep their app-wide colours.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.layout import base_layout, column_values, empty_figure, inside_text, partial_pattern, rows_by_value, shorten
from charts.serialise import figure
from charts.style import (
    CAUSE_COLOURS,
    CAUSE_SHORT,
    DEAD_COLOUR,
    FONT_SIZE,
    LEGEND_RIGHT_IN_ORDER,
    LINE_WIDTH,
    MISSING_COLOUR,
    MUTED,
    OKABE_ITO,
    PARTIAL_OPACITY,
    SEGMENT_LINE,
    SERIES_COLOURS,
)
from i18n import N_, _, format_decimal, format_integer, format_percent
from transforms.comparison import UNKNOWN_CAUSE

PANEL_COLUMNS = 3
PANEL_ROW_HEIGHT = 230
BAR_ROW_HEIGHT = 46
LOG_RANGE_RATIO = 30  # an index spanning more than this many times is drawn on a log axis
GROUP_LABEL_WIDTH = 34  # characters; longer group names are cut in panel titles and bar labels
COUNTRY_LABEL_WIDTH = 22  # the same for countries of origin
NO_DATA = N_("No dead or missing recorded for the groups compared.")
# Translators: IOM's cause-of-death category for a blank or mixed cause (legend and summaries of the comparison).
UNKNOWN_CAUSE_LABEL = N_("Mixed or unknown")
NO_ORIGIN = N_("No country of origin is recorded for the groups compared.")
NO_ROWS = np.array([], dtype=np.intp)


def cause_label(cause: str) -> str:
    """A cause of death as the comparison's legend and summaries show it: the app's short label of IOM's category
    (:data:`charts.style.CAUSE_SHORT`) through the catalogue, "Mixed or unknown" always in the reader's language;
    a category the app does not know, as published."""
    if cause == UNKNOWN_CAUSE:
        return _(UNKNOWN_CAUSE_LABEL)
    return _(CAUSE_SHORT[cause]) if cause in CAUSE_SHORT else cause


def _number(value: float, number_format: str) -> str:
    """``value`` in the reader's locale, as the format spec ``number_format`` (",.1f", ".0%") asks."""
    found = re.search(r"\.(\d+)", number_format)
    digits = int(found.group(1)) if found else 0
    return format_percent(value, digits) if number_format.endswith("%") else format_decimal(value, digits)


def group_colours(groups: Sequence[str]) -> dict[str, str]:
    """One colour per compared group, in order (never grey, kept for "unknown")."""
    palette = [c for c in SERIES_COLOURS if c != OKABE_ITO["grey"]]
    return {group: palette[i % len(palette)] for i, group in enumerate(groups)}


def _grid(n: int) -> tuple[int, int]:
    columns = min(n, PANEL_COLUMNS)
    return math.ceil(n / columns), columns


@functools.lru_cache(maxsize=32)
def _grid_layout(rows: int, columns: int, panels: int, shared_xaxes: bool, vertical_spacing: float,
                 horizontal_spacing: float) -> tuple[dict[str, dict], tuple[dict, ...]]:
    """The axes (domains, anchors, shared x) and the panel-title annotations plotly's ``make_subplots`` lays
    out for this grid with ``panels`` titles, as plain dicts. Made once per grid shape (make_subplots is
    slow); callers copy before changing anything."""
    grid = make_subplots(rows=rows, cols=columns, subplot_titles=["title"] * panels, shared_xaxes=shared_xaxes,
                         vertical_spacing=vertical_spacing, horizontal_spacing=horizontal_spacing)
    layout = grid.layout.to_plotly_json()
    axes = {key: dict(value) for key, value in layout.items() if key.startswith(("xaxis", "yaxis"))}
    return axes, tuple(dict(note) for note in layout["annotations"])


def _panels(titles: Sequence[str], columns: int, *, xaxis: dict[str, Any], yaxis: dict[str, Any],
            shared_xaxes: bool = False, vertical_spacing: float, horizontal_spacing: float
            ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """A grid of panels as :func:`plotly.subplots.make_subplots` draws it, one per title, ``columns`` wide.

    Returns each panel's (xaxis, yaxis) trace references and the layout part: every axis of the grid with
    ``xaxis``/``yaxis`` properties added (as ``update_xaxes``/``update_yaxes`` would), and the titles as
    annotations in the body font size (make_subplots leaves out a blank title).
    """
    rows = math.ceil(len(titles) / columns)
    axes, notes = _grid_layout(rows, columns, len(titles), shared_xaxes, vertical_spacing, horizontal_spacing)
    layout: dict[str, Any] = {key: {**value, **(xaxis if key.startswith("x") else yaxis)}
                              for key, value in axes.items()}
    layout["annotations"] = [{**note, "text": title, "font": {**note["font"], "size": FONT_SIZE}}
                             for title, note in zip(titles, notes) if title]
    refs = [("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}") for i in range(len(titles))]
    return refs, layout


def build_yearly_small_multiples(yearly: pd.DataFrame, groups: Sequence[str], *, title: str, source: str) -> go.Figure:
    """One panel per group: dead and missing per year (people), partial years paler and hatched; each panel has its
    own scale.

    Needs the columns of :func:`transforms.comparison.yearly_by_group`: group, year, label,
    dead_missing, coverage, partial.
    """
    if yearly.empty or yearly["dead_missing"].fillna(0).sum() == 0:
        return empty_figure(_(NO_DATA), title=title, source=source)
    rows, columns = _grid(len(groups))
    refs, grid = _panels([shorten(g, GROUP_LABEL_WIDTH) for g in groups], columns, shared_xaxes=True,
                         vertical_spacing=0.16, horizontal_spacing=0.07, xaxis=dict(dtick=2, tickformat="d"),
                         yaxis=dict(rangemode="tozero", tickformat="~s"))
    colours = group_colours(groups)
    rows_of = rows_by_value(yearly["group"])
    year, people = column_values(yearly["year"]), column_values(yearly["dead_missing"])
    opacities = yearly["partial"].map({True: PARTIAL_OPACITY, False: 1.0}).to_numpy()
    partial = yearly["partial"].to_numpy(dtype=bool)
    years = [_("{year} (partial year)", year=str(y)) if bool(p) else str(y)
             for y, p in zip(yearly["year"].tolist(), yearly["partial"].tolist())]
    notes = np.array(years, dtype=object)
    hover = _("{group}, {year}: {people}", group="%{customdata[0]}", year="%{customdata[1]}",
              people="%{y:,.0f}") + "<extra></extra>"
    data = []
    for group, (xref, yref) in zip(groups, refs):
        at = rows_of.get(group, NO_ROWS)
        custom = np.empty((len(at), 2), dtype=object)
        custom[:, 0], custom[:, 1] = group, notes[at]
        data.append(dict(type="bar", x=year.take(at), y=people.take(at), name=group, showlegend=False,
                         marker=dict(color=colours[group], opacity=opacities[at].tolist(),
                                     pattern=partial_pattern(partial[at])), customdata=custom,
                         hovertemplate=hover,
                         xaxis=xref, yaxis=yref))
    notes = grid.pop("annotations")
    return figure(data, base_layout(title=title, source=source, height=90 + PANEL_ROW_HEIGHT * rows,
                                    annotations=notes, **grid))


def build_indexed_lines(indexed: pd.DataFrame, groups: Sequence[str], *, base_year: int, title: str,
                        source: str) -> go.Figure:
    """Dead and missing per year as an index, base year = 100, one line per group (whole years only).

    Needs :func:`transforms.comparison.indexed_to_base`'s columns: group, year, label,
    dead_missing, index. A log axis is used when the index spans more than LOG_RANGE_RATIO times.
    """
    drawn = indexed.dropna(subset=["index"])
    drawn = drawn[drawn["index"] > 0] if not drawn.empty else drawn
    if drawn.empty:
        return empty_figure(_("No group has dead or missing recorded in {year} to index to.", year=str(base_year)),
                            title=title, source=source)
    colours = group_colours(groups)
    rows_of = rows_by_value(indexed["group"])
    year, custom = column_values(indexed["year"]), indexed[["dead_missing"]].to_numpy()
    drawn_index = column_values(indexed["index"].where(indexed["index"] > 0))
    has_index = indexed["index"].notna().to_numpy()
    data = []
    lines = "<br>".join((_("{group}, {year}: index {index}", group="{group}", year="%{x}", index="%{y:,.0f}"),
                         _("Dead and missing: {people}", people="%{customdata[0]:,.0f}")))
    for group in groups:
        at = rows_of.get(group, NO_ROWS)
        if has_index[at].any():
            data.append(dict(type="scatter", x=year.take(at), y=drawn_index.take(at), name=group,
                             mode="lines+markers", line=dict(color=colours[group], width=LINE_WIDTH),
                             customdata=custom[at],
                             hovertemplate=lines.replace("{group}", group) + "<extra></extra>"))
    # As fig.add_hline draws it: across the plot width, at 100 on the y axis.
    base_line = dict(type="line", line=dict(color=MUTED, width=1, dash="dot"), x0=0, x1=1, xref="x domain",
                     y0=100, y1=100, yref="y")
    span = drawn["index"].max() / drawn["index"].min()
    log = span > LOG_RANGE_RATIO
    axis = (_("Index ({year} = 100), log scale", year=str(base_year)) if log
            else _("Index ({year} = 100)", year=str(base_year)))
    yaxis = dict(title=dict(text=axis),
                 type="log" if log else "linear")
    if log:
        yaxis["dtick"] = 1
    return figure(data, base_layout(title=title, source=source, shapes=[base_line], yaxis=yaxis,
                                    xaxis=dict(dtick=1, tickformat="d")))


def build_cause_mix(causes: pd.DataFrame, groups: Sequence[str], *, title: str, source: str) -> go.Figure:
    """100% bars per group of dead and missing by cause of death (share of cause attributions).

    Needs :func:`transforms.comparison.cause_mix`'s columns: group, cause, dead_missing, share.
    """
    if causes.empty or causes["dead_missing"].sum() == 0:
        return empty_figure(_(NO_DATA), title=title, source=source)
    order = list(groups)[::-1]
    labels = [shorten(g, GROUP_LABEL_WIDTH) for g in order]
    # Each cause's rows put in the order of the bars (blank where a group has none), as a reindex would, by
    # positions: reindexing a frame per cause is slow.
    rows: dict[str, dict[str, int]] = {}
    for position, (cause, group) in enumerate(zip(causes["cause"], causes["group"])):
        rows.setdefault(cause, {}).setdefault(group, position)
    share, people = column_values(causes["share"]), column_values(causes["dead_missing"])
    data = []
    for cause, at in rows.items():
        take = np.array([at.get(g, -1) for g in order], dtype=np.intp)
        part_people = pd.api.extensions.take(people, take, allow_fill=True)
        if pd.Series(part_people).sum() == 0:
            continue
        custom = np.empty((len(order), 2), dtype=object)
        custom[:, 0], custom[:, 1] = order, part_people
        data.append(dict(type="bar", y=labels, x=pd.api.extensions.take(share, take, allow_fill=True), orientation="h",
                         name=cause_label(cause), marker=dict(color=CAUSE_COLOURS.get(cause, MUTED), line=SEGMENT_LINE),
                         customdata=custom,
                         hovertemplate="%{customdata[0]}<br>" + _(
                             "{cause}: {share} ({people} dead and missing)",
                             cause=_(UNKNOWN_CAUSE_LABEL) if cause == UNKNOWN_CAUSE else cause, share="%{x:.1%}",
                             people="%{customdata[1]:,.0f}") + "<extra></extra>"))
    return figure(data, base_layout(title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(groups),
                                    barmode="stack", xaxis=dict(tickformat=".0%", range=[0, 1]),
                                    yaxis=dict(automargin=True), legend=dict(LEGEND_RIGHT_IN_ORDER)))


def build_dead_missing_split(profile: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """100% bars per group: dead versus missing, as shares of dead and missing.

    Needs :func:`transforms.comparison.group_profile`'s columns group, dead, missing, dead_share,
    missing_share.
    """
    drawn = profile.dropna(subset=["dead_share"])
    if drawn.empty:
        return empty_figure(_(NO_DATA), title=title, source=source)
    order = drawn.iloc[::-1]
    labels = [shorten(g, GROUP_LABEL_WIDTH) for g in order["group"]]
    data = [dict(type="bar", y=labels, x=order[column], orientation="h", name=name,
                 marker=dict(color=colour, line=SEGMENT_LINE), text=[format_percent(v) for v in order[column]],
                 textposition="inside", insidetextfont=inside_text(colour),
                 customdata=order[["group", people]].to_numpy(),
                 hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{x:.1%}} (%{{customdata[1]:,.0f}})<extra></extra>")
            for column, people, name, colour in (("dead_share", "dead", _("Dead"), DEAD_COLOUR),
                                                 ("missing_share", "missing", _("Missing"), MISSING_COLOUR))]
    return figure(data, base_layout(title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(order),
                                    barmode="stack", xaxis=dict(tickformat=".0%", range=[0, 1]),
                                    yaxis=dict(automargin=True)))


def build_group_bars(profile: pd.DataFrame, groups: Sequence[str], *, value: str, axis_title: str,
                     number_format: str, title: str, source: str, empty_message: str) -> go.Figure:
    """Horizontal bars of one profile column per group, in the group colours (e.g. survivors per incident).

    Needs :func:`transforms.comparison.group_profile`'s ``group`` and ``value`` columns;
    ``number_format`` is a d3 format (".1f", ".0%"); ``axis_title`` names the measure on hover (the chart
    title carries it on the page). Groups where the value is blank are left out.
    """
    drawn = profile.dropna(subset=[value])
    if drawn.empty:
        return empty_figure(empty_message, title=title, source=source)
    colours = group_colours(groups)
    order = drawn.iloc[::-1]
    bars = dict(type="bar", y=[shorten(g, GROUP_LABEL_WIDTH) for g in order["group"]], x=order[value],
                orientation="h", marker=dict(color=[colours[g] for g in order["group"]]),
                texttemplate=f"%{{x:{number_format}}}",
                textposition="auto", insidetextfont=inside_text([colours[g] for g in order["group"]]),
                customdata=order[["group"]].to_numpy(),
                hovertemplate=f"%{{customdata[0]}}<br>{axis_title}: %{{x:{number_format}}}<extra></extra>")
    return figure([bars], base_layout(title=title, source=source, height=190 + BAR_ROW_HEIGHT * len(order),
                                      xaxis=dict(tickformat=number_format.replace("f", "~f"), rangemode="tozero"),
                                      yaxis=dict(automargin=True)))


def build_top_nationalities(nationalities: pd.DataFrame, groups: Sequence[str], *, title: str,
                            source: str) -> go.Figure:
    """One panel per group: its top countries of origin by dead and missing (share of the group).

    Needs :func:`transforms.comparison.top_nationalities`' columns: group, rank,
    country_of_origin, dead_missing, share.
    """
    if nationalities.empty:
        return empty_figure(_(NO_ORIGIN), title=title, source=source)
    rows, columns = _grid(len(groups))
    refs, grid = _panels([shorten(g, GROUP_LABEL_WIDTH) for g in groups], columns, horizontal_spacing=0.2,
                         vertical_spacing=0.14,
                         xaxis=dict(tickformat=".0%", rangemode="tozero"),
                         yaxis=dict(automargin=True, tickfont=dict(size=FONT_SIZE - 2)))
    colours = group_colours(groups)
    rows_of = rows_by_value(nationalities["group"])
    countries = nationalities["country_of_origin"].tolist()
    share = column_values(nationalities["share"])
    custom = nationalities[["country_of_origin", "dead_missing"]].to_numpy()
    data = []
    for group, (xref, yref) in zip(groups, refs):
        at = rows_of.get(group, NO_ROWS)[::-1]
        data.append(dict(type="bar", y=[shorten(countries[i], COUNTRY_LABEL_WIDTH) for i in at],
                         x=share.take(at), orientation="h", marker=dict(color=colours[group]), showlegend=False,
                         texttemplate="%{x:.0%}", textposition="auto", insidetextfont=inside_text(colours[group]),
                         customdata=custom[at],
                         hovertemplate=f"{group}<br>%{{customdata[0]}}: %{{x:.1%}} (%{{customdata[1]:,.0f}})"
                                       "<extra></extra>", xaxis=xref, yaxis=yref))
    notes = grid.pop("annotations")
    return figure(data, base_layout(title=title, source=source, height=90 + PANEL_ROW_HEIGHT * rows,
                                    annotations=notes, **grid))


# One-sentence summaries -------------------------------------------------------------------------

def _rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The rows of ``frame`` as tuples of ``columns`` (the summaries below read a few rows; Python is quicker
    at that than pandas' per-call machinery)."""
    return list(zip(*(frame[column].tolist() for column in columns)))


def _first_max(rows: list[tuple], at: int) -> tuple:
    """The first row with the largest value at position ``at`` (pandas' ``idxmax``)."""
    return max(rows, key=lambda row: row[at])


def summarise_yearly(yearly: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Central Mediterranean had the most dead and missing (25,633); its worst year was 2016 (4,581)."."""
    whole = [row for row in _rows(yearly, "group", "year", "dead_missing", "partial") if not pd.isna(row[2])]
    totals = {group: 0.0 for group in groups}
    for group, _year, people, _partial in whole:
        if group in totals:
            totals[group] += people
    if sum(totals.values()) == 0:
        return _(NO_DATA)
    top = max(totals, key=totals.get)
    part = [row for row in whole if row[0] == top and not bool(row[3])]
    if part:
        peak = _first_max(part, 2)
        text = _("{group} had the most dead and missing of the groups compared ({people}); its highest whole year "
                 "was {year} ({year_people}).", group=top, people=format_integer(round(totals[top])),
                 year=str(int(peak[1])), year_people=format_integer(round(peak[2])))
    else:
        text = _("{group} had the most dead and missing of the groups compared ({people}).", group=top,
                 people=format_integer(round(totals[top])))
    return text + " " + _("Hatched bars are partial years; each panel has its own scale.")


def summarise_indexed(indexed: pd.DataFrame, groups: Sequence[str], base_year: int) -> str:
    """E.g. "Against 2016 = 100, in 2024 Southern Asia stood at 10,887 and Eastern Asia at 50."."""
    drawn = [row for row in _rows(indexed, "group", "year", "index") if not pd.isna(row[2])]
    if not drawn:
        return _("No group has dead or missing recorded in {year} to index to.", year=str(base_year))
    last_year = int(max(row[1] for row in drawn))
    latest = {group: value for group, year, value in drawn if year == last_year}
    # Translators: one item of a list: a compared group and its index (base year = 100).
    parts = [_("{group} at {index}", group=g, index=format_integer(round(latest[g]))) for g in groups if g in latest]
    seen = {row[0] for row in drawn}
    missing = [g for g in groups if g not in seen]
    # Translators: {values} is a comma-separated list of items such as "Southern Asia at 150".
    text = _("Against {base_year} = 100, in {year} {values}.", base_year=str(base_year), year=str(last_year),
             values=", ".join(parts))
    if missing:
        text += " " + _("Not indexed (nothing recorded in {base_year}): {groups}.", base_year=str(base_year),
                        groups=", ".join(missing))
    return text + " " + _("Partial years are left out.")


def summarise_causes(causes: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Leading cause: Drowning in Central Mediterranean (92%), Violence in ..."."""
    rows = [row for row in _rows(causes, "group", "cause", "share", "dead_missing") if row[3] > 0]
    parts = []
    for group in groups:
        part = [row for row in rows if row[0] == group]
        if part:
            _group, cause, share, _people = _first_max(part, 2)
            # Translators: one item of a list: a cause of death (IOM's category), a compared group, a percentage.
            parts.append(_("{cause} in {group} ({share})", cause=cause_label(cause), group=group,
                           share=format_percent(share)))
    if not parts:
        return _(NO_DATA)
    # Translators: {causes} is a semicolon-separated list of items such as "Drowning in Mediterranean (92%)".
    return (_("Leading cause: {causes}.", causes="; ".join(parts)) + " "
            + _("An incident listing several causes counts under each."))


def summarise_dead_missing(profile: pd.DataFrame) -> str:
    """E.g. "Missing make up 55% of the dead and missing in South-eastern Asia, 1% in Southern Asia."."""
    drawn = [row for row in _rows(profile, "group", "missing_share") if not pd.isna(row[1])]
    if not drawn:
        return _(NO_DATA)
    ordered = sorted(drawn, key=lambda row: -row[1])  # stable: ties keep the frame's order, as pandas does
    # Translators: one item of a list: a percentage and a compared group.
    shares = ", ".join(_("{share} in {group}", share=format_percent(share), group=group) for group, share in ordered)
    # Translators: {shares} is a comma-separated list of items such as "55% in South-eastern Asia".
    return _("Share of missing (presumed dead, never found) among the dead and missing: {shares}.", shares=shares)


def summarise_profile_value(profile: pd.DataFrame, value: str, what: str, number_format: str) -> str:
    """E.g. "Survivors recorded per incident: highest in X (16.9), lowest in Y (0.2)."; ``what`` names the
    measure as a heading (translated by the caller), ``number_format`` is a format spec (",.1f", ".0%")."""
    rows = _rows(profile, "group", value)
    drawn = [row for row in rows if not pd.isna(row[1])]
    measure = f"{what[0].upper()}{what[1:]}" if what else what
    if not drawn:
        return _("{measure}: cannot be computed for the groups compared.", measure=measure)
    high, low = _first_max(drawn, 1), min(drawn, key=lambda row: row[1])
    if len(drawn) > 1:
        text = _("{measure}: highest in {group} ({value}), lowest in {low_group} ({low_value}).", measure=measure,
                 group=high[0], value=_number(high[1], number_format), low_group=low[0],
                 low_value=_number(low[1], number_format))
    else:
        text = _("{measure}: highest in {group} ({value}).", measure=measure, group=high[0],
                 value=_number(high[1], number_format))
    seen = {row[0] for row in drawn}
    missing = [group for group, _value in rows if group not in seen]
    return text + (" " + _("Not recorded for {groups}.", groups=", ".join(missing)) if missing else "")


def summarise_nationalities(nationalities: pd.DataFrame, groups: Sequence[str]) -> str:
    """E.g. "Top country of origin: Afghanistan in Southern Asia (91%); Myanmar in South-eastern Asia (52%)."."""
    firsts = {group: (origin, share) for group, origin, share, rank
              in _rows(nationalities, "group", "country_of_origin", "share", "rank") if rank == 1}
    # Translators: one item of a list: a country of origin, a compared group, a percentage.
    parts = [_("{country} in {group} ({share})", country=firsts[g][0], group=g, share=format_percent(firsts[g][1]))
             for g in groups if g in firsts]
    if not parts:
        return _(NO_ORIGIN)
    # Translators: {origins} is a semicolon-separated list of items such as "Afghanistan in Southern Asia (91%)".
    return (_("Top country of origin: {origins}.", origins="; ".join(parts)) + " "
            + _("Unknown and mixed origins are not ranked; an incident listing several countries counts under each."))
