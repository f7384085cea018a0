"""Figures and one-sentence summaries for the Trends page.

Pure builders: plain frames in (from :mod:`transforms.trends`), a new
plotly figure out; no Streamlit, no I/O. Periods no IOM export covers are a
shaded band and a break in every line, never a zero. An optional events layer
(from :mod:`loaders.events`) draws each event as a dotted line or a shaded span
with a hoverable marker.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, column_values, empty_figure, period_band, rows_by_value, shorten
from charts.serialise import figure
from charts.style import (
    CAUSE_COLOURS,
    CAUSE_SHORT,
    DEAD_MISSING_COLOUR,
    GAP_NOTE,
    INK,
    LEGEND_RIGHT,
    LINE_WIDTH,
    OKABE_ITO,
    PARTIAL_OPACITY,
    SERIES_COLOURS,
)

OTHER_COLOUR = "#a7b0b8"
LEGEND_NAME_WIDTH = 32  # characters; longer group names are cut in the legend (full name on hover)
UNKNOWN_COLOUR = "#d5dade"
EVENT_COLOUR = "#6b4c9a"
EVENT_SPAN_FILL = "rgba(107, 76, 154, 0.08)"
EVENT_MARKER_Y = 0.95  # on a hidden 0-1 axis: along the top of the plot area
MONTHLY_BAR_COLOUR = "#b9cfe0"
INCREASE_COLOUR = OKABE_ITO["vermillion"]
DECREASE_COLOUR = OKABE_ITO["blue"]
SPLIT_FIGURE_HEIGHT = 440


def group_colours(groups: Sequence[str], split: str, other: str = "Other",
                  unknown: str = "Unknown or not recorded") -> dict[str, str]:
    """One colour per group: IOM causes keep their app-wide colours; others take the series palette."""
    palette = [c for c in SERIES_COLOURS if c != OKABE_ITO["grey"]]
    colours: dict[str, str] = {}
    for i, group in enumerate(g for g in groups if g not in (other, unknown)):
        colours[group] = CAUSE_COLOURS.get(group, palette[i % len(palette)]) if split == "cause" else palette[i % len(palette)]
    colours[other] = OTHER_COLOUR
    colours[unknown] = UNKNOWN_COLOUR
    return colours


def _legend_name(group: str, split: str) -> str:
    name = CAUSE_SHORT.get(group, group) if split == "cause" else group
    return shorten(name, LEGEND_NAME_WIDTH)


def _half_step(periods: pd.Series) -> pd.Timedelta:
    """Half the usual distance between periods (30 days' worth when there is one period)."""
    return (periods.diff().median() if len(periods) > 1 else pd.Timedelta(days=30)) / 2


def gap_band(periods: pd.Series, covered: pd.Series) -> tuple[list[dict], list[dict]]:
    """The labelled band over the periods no export covers (``covered`` false), so they never read as zero:
    ([shape], [annotation]), or two empty lists when every period is covered."""
    gaps = periods[~covered.astype(bool)]
    if gaps.empty:
        return [], []
    half = _half_step(periods)
    shape, note = period_band(gaps.min() - half, gaps.max() + half, GAP_NOTE, label_at="right")
    return [shape], [note]


def event_layer(events: pd.DataFrame | None) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Each event (columns date, end_date, label, description, source_publisher) as a span or a dotted line,
    and a numbered marker above the plot whose hover gives the label, dates and source.

    Returns (shapes, [marker trace], layout properties: the hidden 0-1 axis the markers sit on); all empty
    when there is no event.
    """
    if events is None or events.empty:
        return [], [], {}
    rows = list(events.itertuples())
    shapes = [dict(type="rect", xref="x", yref="paper", x0=event.date, x1=event.end_date, y0=0, y1=1,
                   fillcolor=EVENT_SPAN_FILL, line=dict(width=0), layer="below")
              if pd.notna(event.end_date) else
              dict(type="line", xref="x", yref="paper", x0=event.date, x1=event.date, y0=0, y1=1,
                   line=dict(color=EVENT_COLOUR, width=1, dash="dot"))
              for event in rows]
    when = [f"{e.date:%-d %b %Y}" + (f" – {e.end_date:%-d %b %Y}" if pd.notna(e.end_date) else "") for e in rows]
    markers = dict(
        type="scatter", x=events["date"], y=[EVENT_MARKER_Y] * len(events), yaxis="y2", mode="markers+text",
        name="Events", text=[str(i + 1) for i in range(len(events))], textposition="middle center",
        textfont=dict(color="white", size=10), marker=dict(size=16, color=EVENT_COLOUR, symbol="circle"),
        customdata=list(zip(events["label"], when, events["source_publisher"])), cliponaxis=False,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Source: %{customdata[2]}<extra></extra>",
    )
    return shapes, [markers], dict(yaxis2=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))


def _fit_x(periods: pd.Series) -> dict[str, Any]:
    """The x axis fitted to the periods drawn (half a period each side), whatever shapes are added."""
    half = _half_step(periods)
    return dict(range=[periods.min() - half, periods.max() + half])


def _with_y(layout: dict[str, Any], yaxis: dict[str, Any]) -> dict[str, Any]:
    """``yaxis`` properties set on every y axis of ``layout`` (the events' hidden axis too), as
    ``update_yaxes`` does: a None value removes the property."""
    layout.setdefault("yaxis", {})
    for key in [k for k in layout if k.startswith("yaxis")]:
        axis = {**layout[key], **yaxis}
        layout[key] = {k: v for k, v in axis.items() if v is not None}
    return layout


def build_split_over_time(frame: pd.DataFrame, *, split: str, split_label: str, display: str, measure: str,
                          title: str, source: str, events: pd.DataFrame | None = None) -> go.Figure:
    """Dead and missing per period by group, as stacked bars or lines, in people or as shares.

    Needs the columns of :func:`transforms.trends.dead_missing_by_period_and_group`
    (split other than "none") or of :func:`transforms.periods.dead_missing_by_period`
    plus a ``group`` column: period, label, group, dead_missing, share, covered, coverage.
    ``display`` is "stacked" or "lines"; ``measure`` is "absolute" or "share".
    """
    if frame.empty or frame["dead_missing"].fillna(0).sum() == 0:
        return empty_figure("No dead or missing recorded for this selection.", title=title, source=source)
    value = "share" if measure == "share" else "dead_missing"
    rows_of = rows_by_value(frame["group"])
    groups = list(rows_of)
    colours = group_colours(groups, split)
    partial = frame["coverage"] < 1
    note = partial.map({True: "<br>Partial period: not every month has data", False: ""})
    custom = pd.DataFrame({"label": frame["label"], "people": frame["dead_missing"], "share": frame["share"],
                           "note": note}).to_numpy()
    opacities = partial.map({True: PARTIAL_OPACITY, False: 1.0}).to_numpy()
    period, values = column_values(frame["period"]), column_values(frame[value])
    data = []
    for group, at in rows_of.items():
        hover = (f"<b>{CAUSE_SHORT.get(group, group)}</b><br>%{{customdata[0]}}<br>Dead and missing: %{{customdata[1]:,.0f}}"
                 "<br>Share of period: %{customdata[2]:.1%}%{customdata[3]}<extra></extra>")
        name = _legend_name(group, split)
        if display == "lines":
            data.append(dict(type="scatter", x=period.take(at), y=values.take(at), name=name, mode="lines",
                             line=dict(color=colours[group], width=LINE_WIDTH), customdata=custom[at],
                             hovertemplate=hover, connectgaps=False))
        else:
            data.append(dict(type="bar", x=period.take(at), y=values.take(at), name=name, customdata=custom[at],
                             hovertemplate=hover,
                             marker=dict(color=colours[group], opacity=opacities[at].tolist(), line=dict(width=0))))
    periods = frame.drop_duplicates("period")
    band, band_note = gap_band(periods["period"], periods["covered"])
    event_shapes, event_markers, event_axis = event_layer(events)
    layout: dict[str, Any] = dict(barmode="relative", bargap=0.1, xaxis=_fit_x(periods["period"]), **event_axis)
    if band or event_shapes:
        layout["shapes"] = band + event_shapes
    if measure == "share":
        # Stacked shares run 0-1; lines get no fixed range (None removes it from every y axis, the events' too).
        yaxis = dict(title=dict(text=f"Share of dead and missing by {split_label}"), tickformat=".0%",
                     range=[0, 1.0] if display == "stacked" else None, rangemode="tozero")
    else:
        yaxis = dict(title=dict(text="People (dead and missing)"), rangemode="tozero")
    return figure(data + event_markers, base_layout(title=title, source=source, height=SPLIT_FIGURE_HEIGHT,
                                                    annotations=band_note, legend=dict(LEGEND_RIGHT),
                                                    **_with_y(layout, yaxis)))


def build_rolling_twelve_months(frame: pd.DataFrame, *, title: str, source: str,
                                events: pd.DataFrame | None = None) -> go.Figure:
    """Monthly dead and missing (pale bars) with the rolling 12-month total (line).

    Needs the columns of :func:`transforms.trends.rolling_twelve_months`: period, label,
    dead_missing, complete, rolling_12m (people; blank where a window is not whole).
    """
    if frame.empty or frame["dead_missing"].fillna(0).sum() == 0:
        return empty_figure("No dead or missing recorded for this selection.", title=title, source=source)
    labels = frame[["label"]].to_numpy()
    data = [dict(type="bar", x=frame["period"], y=frame["dead_missing"], name="Each month",
                 marker=dict(color=MONTHLY_BAR_COLOUR), customdata=labels,
                 hovertemplate="%{customdata[0]}: %{y:,.0f} dead and missing<extra></extra>"),
            dict(type="scatter", x=frame["period"], y=frame["rolling_12m"], name="12 months to this month",
                 mode="lines", line=dict(color=DEAD_MISSING_COLOUR, width=LINE_WIDTH), connectgaps=False,
                 customdata=labels, hovertemplate="12 months to %{customdata[0]}: %{y:,.0f}<extra></extra>")]
    band, band_note = gap_band(frame["period"], frame["dead_missing"].notna())
    event_shapes, event_markers, event_axis = event_layer(events)
    layout: dict[str, Any] = dict(xaxis=_fit_x(frame["period"]), **event_axis)
    if band or event_shapes:
        layout["shapes"] = band + event_shapes
    yaxis = dict(title=dict(text="People (dead and missing)"), rangemode="tozero")
    return figure(data + event_markers, base_layout(title=title, source=source, annotations=band_note,
                                                    **_with_y(layout, yaxis)))


def build_change_on_year_earlier(frame: pd.DataFrame, *, grain: str, title: str, source: str) -> go.Figure:
    """Bars of the change in dead and missing on the same period a year earlier (people).

    Needs the columns of :func:`transforms.trends.change_on_year_earlier`: period, label,
    dead_missing, year_earlier, change, change_pct. Periods that cannot be compared are left out.
    """
    comparable = frame.dropna(subset=["change"])
    if comparable.empty:
        return empty_figure(f"No {grain} in this selection can be compared with a whole {grain} a year earlier.",
                            title=title, source=source)
    colours = [INCREASE_COLOUR if v > 0 else DECREASE_COLOUR for v in comparable["change"]]
    custom = comparable[["label", "dead_missing", "year_earlier", "change_pct"]].to_numpy()
    bars = dict(type="bar", x=comparable["period"], y=comparable["change"], marker=dict(color=colours),
                name="Change", customdata=custom,
                hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f}<br>A year earlier: %{customdata[2]:,.0f}"
                              "<br>Change: %{y:+,.0f} (%{customdata[3]:+.0%})<extra></extra>")
    # The zero line as fig.add_hline draws it: across the plot width.
    zero = dict(type="line", line=dict(color=INK, width=1), x0=0, x1=1, xref="x domain", y0=0, y1=0, yref="y")
    band, band_note = gap_band(frame["period"], frame["dead_missing"].notna())
    return figure([bars], base_layout(title=title, source=source, annotations=band_note, shapes=[zero] + band,
                                      xaxis=_fit_x(frame["period"]),
                                      yaxis=dict(title=dict(text="Change in people (dead and missing)"))))


# One-sentence summaries -------------------------------------------------------------------------

def summarise_split(frame: pd.DataFrame, split: str, split_label: str, list_valued: bool) -> str:
    """E.g. "Largest migration route over the period: Central Mediterranean, 25,633 dead and missing (34.5%)..."."""
    covered = frame.dropna(subset=["dead_missing"])
    totals = covered.groupby("group", sort=False)["dead_missing"].sum()
    grand = float(totals.sum())
    if covered.empty or grand == 0:
        return "No dead or missing recorded for this selection."
    ranked = totals.drop(labels=["Other", "Unknown or not recorded"], errors="ignore").sort_values(ascending=False)
    if ranked.empty:
        return f"No {split_label} is recorded for these dead and missing."
    top, value = ranked.index[0], float(ranked.iloc[0])
    text = (f"Largest {split_label} over the period: {_legend_name(top, split)}, {value:,.0f} dead and missing "
            f"({value / grand:.0%} of the total drawn).")
    nxt = ", ".join(f"{_legend_name(g, split)} ({v:,.0f})" for g, v in ranked.iloc[1:3].items())
    if nxt:
        text += f" Next: {nxt}."
    if list_valued:
        text += f" Incidents listing several values count under each, so the bars add up to more than the total."
    gaps = frame.loc[~frame["covered"].astype(bool), "label"].drop_duplicates()
    if len(gaps):
        text += f" {len(gaps)} period{'s' if len(gaps) > 1 else ''} with no IOM export {'are' if len(gaps) > 1 else 'is'} left blank."
    return text


def summarise_rolling(frame: pd.DataFrame) -> str:
    """E.g. "The 12 months to Mar 2025 saw 8,258 dead and missing, 6% fewer than the 12 months before ..."."""
    whole = frame.dropna(subset=["rolling_12m"])
    if whole.empty:
        return ("No 12-month window in this selection is whole (12 months, each covered by an IOM export "
                "and complete), so no rolling total is shown.")
    last = whole.iloc[-1]
    peak = whole.loc[whole["rolling_12m"].idxmax()]
    text = f"The 12 months to {last['label']} saw {last['rolling_12m']:,.0f} dead and missing"
    if pd.notna(last.get("change_pct")):
        text += f", {abs(last['change_pct']):.0%} {'more' if last['change_pct'] >= 0 else 'fewer'} than the 12 months before"
    text += f"; the highest 12-month total was {peak['rolling_12m']:,.0f} (to {peak['label']})."
    if len(whole) < len(frame):
        text += " Windows that are not whole (the first 11 months, export gaps, partial months) are left blank."
    return text


def summarise_change(frame: pd.DataFrame, grain: str) -> str:
    """E.g. "2024: 9,002 dead and missing, +255 (+3%) on 2023; ..."."""
    comparable = frame.dropna(subset=["change"])
    if comparable.empty:
        return f"No {grain} in this selection can be compared with a whole {grain} a year earlier."
    last = comparable.iloc[-1]
    rises = int((comparable["change"] > 0).sum())
    text = (f"Latest comparable {grain}, {last['label']}: {last['dead_missing']:,.0f} dead and missing, "
            f"{last['change']:+,.0f} on a year earlier")
    if pd.notna(last["change_pct"]):
        text += f" ({last['change_pct']:+.0%})"
    return text + (f". {rises} of {len(comparable)} comparable {grain}s rose on a year earlier; partial "
                   f"{grain}s and export gaps are not compared.")
