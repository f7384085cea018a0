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

from charts.layout import (
    base_layout,
    column_values,
    date_ticks,
    empty_figure,
    partial_pattern,
    period_band,
    rows_by_value,
    shorten,
)
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
    SEGMENT_LINE,
    SERIES_COLOURS,
)
from i18n import N_, _, country_name, format_date, format_integer, format_percent, ngettext, region_name
from transforms.geography import place_name
from transforms.trends import ALL, OTHER, UNKNOWN

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
PARTIAL_RING_SIZE = 9  # px: the open ring on a line's partial periods


def group_colours(groups: Sequence[str], split: str, other: str = OTHER,
                  unknown: str = UNKNOWN) -> dict[str, str]:
    """One colour per group: IOM causes keep their app-wide colours; others take the series palette."""
    palette = [c for c in SERIES_COLOURS if c != OKABE_ITO["grey"]]
    colours: dict[str, str] = {}
    for i, group in enumerate(g for g in groups if g not in (other, unknown)):
        colours[group] = CAUSE_COLOURS.get(group, palette[i % len(palette)]) if split == "cause" else palette[i % len(palette)]
    colours[other] = OTHER_COLOUR
    colours[unknown] = UNKNOWN_COLOUR
    return colours


def group_name(group: str, split: str) -> str:
    """A group as the reader sees it, whole, in the active language: the short label of an IOM cause, a region's
    or a country's name, or "Other", "Unknown or not recorded" and "All dead and missing"; any other value (a
    route) as published."""
    if group in (OTHER, UNKNOWN, ALL):
        return _(group)
    if split == "cause":
        return _(CAUSE_SHORT[group]) if group in CAUSE_SHORT else group
    if split in ("region", "subregion"):
        return region_name(group)
    if split == "origin":
        return country_name(group)
    if split == "place":
        return place_name(group)
    return group


def _legend_name(group: str, split: str) -> str:
    return shorten(group_name(group, split), LEGEND_NAME_WIDTH)


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
    shape, note = period_band(gaps.min() - half, gaps.max() + half, _(GAP_NOTE), label_at="right")
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
    when = [_("{start} – {end}", start=format_date(e.date, "medium"), end=format_date(e.end_date, "medium"))
            if pd.notna(e.end_date) else format_date(e.date, "medium") for e in rows]
    markers = dict(
        type="scatter", x=events["date"], y=[EVENT_MARKER_Y] * len(events), yaxis="y2", mode="markers+text",
        name=_("Events"), text=[str(i + 1) for i in range(len(events))], textposition="middle center",
        textfont=dict(color="white", size=10), marker=dict(size=16, color=EVENT_COLOUR, symbol="circle"),
        customdata=list(zip(events["label"], when, events["source_publisher"])), cliponaxis=False,
        # Translators: a chart's hover text; keep the %{...} placeholders and the HTML tags as they are.
        hovertemplate=_("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Source: %{customdata[2]}<extra></extra>"),
    )
    return shapes, [markers], dict(yaxis2=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))


def _fit_x(periods: pd.Series) -> dict[str, Any]:
    """The x axis fitted to the periods drawn (half a period each side), whatever shapes are added."""
    half = _half_step(periods)
    return dict(range=[periods.min() - half, periods.max() + half], **date_ticks(periods))


def _with_y(layout: dict[str, Any], yaxis: dict[str, Any]) -> dict[str, Any]:
    """``yaxis`` properties set on every y axis of ``layout`` (the events' hidden axis too), as
    ``update_yaxes`` does: a None value removes the property."""
    layout.setdefault("yaxis", {})
    for key in [k for k in layout if k.startswith("yaxis")]:
        axis = {**layout[key], **yaxis}
        layout[key] = {k: v for k, v in axis.items() if v is not None}
    return layout


def partial_marker(partial: Sequence[bool]) -> dict[str, Any]:
    """A line's ``marker``: an open ring on the points of partial periods (``partial``: one truth value per point),
    nothing on whole ones, so a partial period is marked by shape as well as in the hover."""
    return dict(size=[PARTIAL_RING_SIZE if part else 0 for part in partial], symbol="circle-open",
                line=dict(width=2))


def build_split_over_time(frame: pd.DataFrame, *, split: str, split_label: str, display: str, measure: str,
                          title: str, source: str, events: pd.DataFrame | None = None) -> go.Figure:
    """Dead and missing per period by group, as stacked bars or lines, in people or as shares.

    Needs the columns of :func:`transforms.trends.dead_missing_by_period_and_group`
    (split other than "none") or of :func:`transforms.periods.dead_missing_by_period`
    plus a ``group`` column: period, label, group, dead_missing, share, covered, coverage.
    ``display`` is "stacked" or "lines"; ``measure`` is "absolute" or "share".
    """
    if frame.empty or frame["dead_missing"].fillna(0).sum() == 0:
        return empty_figure(_("No dead or missing recorded for this selection."), title=title, source=source)
    value = "share" if measure == "share" else "dead_missing"
    rows_of = rows_by_value(frame["group"])
    groups = list(rows_of)
    colours = group_colours(groups, split)
    partial = frame["coverage"] < 1
    note = partial.map({True: "<br>" + _("Partial period: not every month has data"), False: ""})
    custom = pd.DataFrame({"label": frame["label"], "people": frame["dead_missing"], "share": frame["share"],
                           "note": note}).to_numpy()
    opacities = partial.map({True: PARTIAL_OPACITY, False: 1.0}).to_numpy()
    is_partial = partial.to_numpy(dtype=bool)
    period, values = column_values(frame["period"]), column_values(frame[value])
    data = []
    # Translators: a chart's hover text under the group's name; keep the %{...} placeholders and the HTML tags.
    values_hover = _("%{customdata[0]}<br>Dead and missing: %{customdata[1]:,.0f}"
                     "<br>Share of period: %{customdata[2]:.1%}%{customdata[3]}<extra></extra>")
    for group, at in rows_of.items():
        hover = f"<b>{group_name(group, split)}</b><br>{values_hover}"
        name = _legend_name(group, split)
        if display == "lines":
            # A partial period's point is an open ring on the line (whole periods have no marker).
            data.append(dict(type="scatter", x=period.take(at), y=values.take(at), name=name, mode="lines+markers",
                             line=dict(color=colours[group], width=LINE_WIDTH), customdata=custom[at],
                             marker=partial_marker(is_partial[at]), hovertemplate=hover, connectgaps=False))
        else:
            data.append(dict(type="bar", x=period.take(at), y=values.take(at), name=name, customdata=custom[at],
                             hovertemplate=hover,
                             marker=dict(color=colours[group], opacity=opacities[at].tolist(),
                                         pattern=partial_pattern(is_partial[at]), line=SEGMENT_LINE)))
    periods = frame.drop_duplicates("period")
    band, band_note = gap_band(periods["period"], periods["covered"])
    event_shapes, event_markers, event_axis = event_layer(events)
    layout: dict[str, Any] = dict(barmode="relative", bargap=0.1, xaxis=_fit_x(periods["period"]), **event_axis)
    if band or event_shapes:
        layout["shapes"] = band + event_shapes
    if measure == "share":
        # Stacked shares run 0-1; lines get no fixed range (None removes it from every y axis, the events' too).
        yaxis = dict(title=dict(text=_("Share of dead and missing by {split}", split=split_label)), tickformat=".0%",
                     range=[0, 1.0] if display == "stacked" else None, rangemode="tozero")
    else:
        yaxis = dict(title=dict(text=_("People (dead and missing)")), rangemode="tozero")
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
        return empty_figure(_("No dead or missing recorded for this selection."), title=title, source=source)
    labels = frame[["label"]].to_numpy()
    data = [dict(type="bar", x=frame["period"], y=frame["dead_missing"], name=_("Each month"),
                 marker=dict(color=MONTHLY_BAR_COLOUR), customdata=labels,
                 # Translators: a chart's hover text (a month, then a number); keep the %{...} placeholders.
                 hovertemplate=_("%{customdata[0]}: %{y:,.0f} dead and missing<extra></extra>")),
            dict(type="scatter", x=frame["period"], y=frame["rolling_12m"], name=_("12 months to this month"),
                 mode="lines", line=dict(color=DEAD_MISSING_COLOUR, width=LINE_WIDTH), connectgaps=False,
                 customdata=labels,
                 # Translators: a chart's hover text (a month, then a number); keep the %{...} placeholders.
                 hovertemplate=_("12 months to %{customdata[0]}: %{y:,.0f}<extra></extra>"))]
    band, band_note = gap_band(frame["period"], frame["dead_missing"].notna())
    event_shapes, event_markers, event_axis = event_layer(events)
    layout: dict[str, Any] = dict(xaxis=_fit_x(frame["period"]), **event_axis)
    if band or event_shapes:
        layout["shapes"] = band + event_shapes
    yaxis = dict(title=dict(text=_("People (dead and missing)")), rangemode="tozero")
    return figure(data + event_markers, base_layout(title=title, source=source, annotations=band_note,
                                                    **_with_y(layout, yaxis)))


def build_change_on_year_earlier(frame: pd.DataFrame, *, grain: str, title: str, source: str) -> go.Figure:
    """Bars of the change in dead and missing on the same period a year earlier (people).

    Needs the columns of :func:`transforms.trends.change_on_year_earlier`: period, label,
    dead_missing, year_earlier, change, change_pct. Periods that cannot be compared are left out.
    """
    comparable = frame.dropna(subset=["change"])
    if comparable.empty:
        return empty_figure(nothing_comparable(grain), title=title, source=source)
    colours = [INCREASE_COLOUR if v > 0 else DECREASE_COLOUR for v in comparable["change"]]
    custom = comparable[["label", "dead_missing", "year_earlier", "change_pct"]].to_numpy()
    bars = dict(type="bar", x=comparable["period"], y=comparable["change"], marker=dict(color=colours),
                name=_("Change"), customdata=custom,
                # Translators: a chart's hover text; keep the %{...} placeholders and the HTML tags as they are.
                hovertemplate=_("%{customdata[0]}: %{customdata[1]:,.0f}<br>A year earlier: %{customdata[2]:,.0f}"
                                "<br>Change: %{y:+,.0f} (%{customdata[3]:+.0%})<extra></extra>"))
    # The zero line as fig.add_hline draws it: across the plot width.
    zero = dict(type="line", line=dict(color=INK, width=1), x0=0, x1=1, xref="x domain", y0=0, y1=0, yref="y")
    band, band_note = gap_band(frame["period"], frame["dead_missing"].notna())
    return figure([bars], base_layout(title=title, source=source, annotations=band_note, shapes=[zero] + band,
                                      xaxis=_fit_x(frame["period"]),
                                      yaxis=dict(title=dict(text=_("Change in people (dead and missing)")))))


# Titles and the sentence saying what is drawn ----------------------------------------------------

# One message per grain (and variant), so each language can word the period as it needs; the page and the
# builders translate them with ``_()``. {split} is a lower-case grouping ("region of incident").
_SPLIT_TITLES = {
    # Translators: chart titles do not wrap: at 1280 px about 800 px fit (some 95 Latin letters, fewer Thai
    # ones); a longer title may put "<br>" where its line can break.
    ("month", False): N_("Dead and missing migrants by month (people)"),
    ("quarter", False): N_("Dead and missing migrants by quarter (people)"),
    ("year", False): N_("Dead and missing migrants by year (people)"),
    # Translators: {split} is a grouping in lower case ("region of incident"). Titles do not wrap (see above).
    ("month", True, "absolute"): N_("Dead and missing migrants by month, by {split} (people)"),
    ("quarter", True, "absolute"): N_("Dead and missing migrants by quarter, by {split} (people)"),
    ("year", True, "absolute"): N_("Dead and missing migrants by year, by {split} (people)"),
    ("month", True, "share"): N_("Dead and missing migrants by month, by {split} (share of each period)"),
    ("quarter", True, "share"): N_("Dead and missing migrants by quarter, by {split} (share of each period)"),
    ("year", True, "share"): N_("Dead and missing migrants by year, by {split} (share of each period)"),
}
_SPLIT_DATA_NAMES = {
    "month": N_("Dead and missing by month and {split}"),
    "quarter": N_("Dead and missing by quarter and {split}"),
    "year": N_("Dead and missing by year and {split}"),
}
_CHANGE_TITLES = {
    # Translators: chart titles do not wrap: at 1280 px about 800 px fit (some 95 Latin letters, fewer Thai ones).
    "month": N_("Change in dead and missing on the same month a year earlier (people)"),
    "quarter": N_("Change in dead and missing on the same quarter a year earlier (people)"),
    "year": N_("Change in dead and missing on the same year a year earlier (people)"),
}
_CHANGE_DATA_NAMES = {
    "month": N_("Change on a year earlier by month"),
    "quarter": N_("Change on a year earlier by quarter"),
    "year": N_("Change on a year earlier by year"),
}
_NOTHING_COMPARABLE = {
    "month": N_("No month in this selection can be compared with a whole month a year earlier."),
    "quarter": N_("No quarter in this selection can be compared with a whole quarter a year earlier."),
    "year": N_("No year in this selection can be compared with a whole year a year earlier."),
}
_BY_GRAIN = {
    ("month", "top"): N_("By month, split by {split} (top {count} and Other)."),
    ("quarter", "top"): N_("By quarter, split by {split} (top {count} and Other)."),
    ("year", "top"): N_("By year, split by {split} (top {count} and Other)."),
    ("month", "cause"): N_("By month, split by cause of death."),
    ("quarter", "cause"): N_("By quarter, split by cause of death."),
    ("year", "cause"): N_("By year, split by cause of death."),
    ("month", "none"): N_("By month."),
    ("quarter", "none"): N_("By quarter."),
    ("year", "none"): N_("By year."),
}
_DRAWN_AS = {
    ("absolute", "stacked"): N_("In people, drawn as stacked bars."),
    ("absolute", "lines"): N_("In people, drawn as lines."),
    ("share", "stacked"): N_("As shares of each period, drawn as stacked bars."),
    ("share", "lines"): N_("As shares of each period, drawn as lines."),
}


def split_title(grain: str, split: str, split_label: str, measure: str) -> str:
    """The title of the chart of dead and missing by period and group (``split_label``: the grouping's words)."""
    key = (grain, False) if split == "none" else (grain, True, "share" if measure == "share" else "absolute")
    return _(_SPLIT_TITLES[key], split=split_label)


def split_data_name(grain: str, split_label: str) -> str:
    """The name of the data behind that chart (its download's file name and header)."""
    return _(_SPLIT_DATA_NAMES[grain], split=split_label)


def change_title(grain: str) -> str:
    """The title of the chart of the change on the same period a year earlier."""
    return _(_CHANGE_TITLES[grain])


def change_data_name(grain: str) -> str:
    """The name of the data behind the chart of the change on a year earlier."""
    return _(_CHANGE_DATA_NAMES[grain])


def nothing_comparable(grain: str) -> str:
    """The sentence saying no period of ``grain`` can be compared with the same one a year earlier."""
    return _(_NOTHING_COMPARABLE[grain])


def describe_choices(grain: str, split: str, split_label: str, measure: str, display: str, top_n: int,
                     event_count: int | None) -> str:
    """What the Trends charts draw, in two or three sentences: the grain and split, the measure and the way
    it is drawn, and (when the events layer is on) how many context events are marked."""
    kind = "none" if split == "none" else "cause" if split == "cause" else "top"
    sentences = [_(_BY_GRAIN[(grain, kind)], split=split_label, count=format_integer(top_n)),
                 _(_DRAWN_AS[("share" if measure == "share" else "absolute",
                              "lines" if display == "lines" else "stacked")])]
    if event_count is not None:
        sentences.append(ngettext("{count} context event is marked.", "{count} context events are marked.",
                                  event_count, count=format_integer(event_count)))
    return " ".join(sentences)


def several_values_note(split: str) -> str:
    """The sentence saying an incident listing several values of the split counts under each ("" for a split
    whose values are one per incident)."""
    if split == "cause":
        return _("An incident listing several causes counts under each.")
    if split == "origin":
        return _("An incident listing several countries of origin counts under each.")
    return ""


# One-sentence summaries -------------------------------------------------------------------------

def _signed(value: float) -> str:
    """A whole number of people with its sign: "+255", "-40" (the locale's digits and grouping)."""
    return ("+" if value >= 0 else "") + format_integer(value)


def _signed_percent(share: float) -> str:
    """A change as a signed percentage: "+3%", "-12%" (the locale's form)."""
    return ("+" if share >= 0 else "") + format_percent(share)


def summarise_split(frame: pd.DataFrame, split: str, split_label: str, list_valued: bool) -> str:
    """E.g. "Largest migration route over the period: Central Mediterranean, 25,633 dead and missing (34.5%)..."."""
    covered = frame.dropna(subset=["dead_missing"])
    totals = covered.groupby("group", sort=False)["dead_missing"].sum()
    grand = float(totals.sum())
    if covered.empty or grand == 0:
        return _("No dead or missing recorded for this selection.")
    ranked = totals.drop(labels=[OTHER, UNKNOWN], errors="ignore").sort_values(ascending=False)
    if ranked.empty:
        return _("No {split} is recorded for these dead and missing.", split=split_label)
    top, value = ranked.index[0], float(ranked.iloc[0])
    # Translators: {split} is a grouping in lower case ("migration route"), {group} one of its values.
    sentences = [_("Largest {split} over the period: {group}, {dead_missing} dead and missing ({share} of the "
                   "total drawn).", split=split_label, group=_legend_name(top, split),
                   dead_missing=format_integer(value), share=format_percent(value / grand))]
    nxt = ", ".join(_("{group} ({dead_missing})", group=_legend_name(g, split), dead_missing=format_integer(v))
                    for g, v in ranked.iloc[1:3].items())
    if nxt:
        # Translators: {groups} lists the next largest groups, each with its dead and missing in brackets.
        sentences.append(_("Next: {groups}.", groups=nxt))
    if list_valued:
        sentences.append(_("Incidents listing several values count under each, so the bars add up to more than "
                           "the total."))
    gaps = frame.loc[~frame["covered"].astype(bool), "label"].drop_duplicates()
    if len(gaps):
        sentences.append(ngettext("{count} period with no IOM export is left blank.",
                                  "{count} periods with no IOM export are left blank.", len(gaps),
                                  count=format_integer(len(gaps))))
    return " ".join(sentences)


def summarise_rolling(frame: pd.DataFrame) -> str:
    """E.g. "The 12 months to Mar 2025 saw 8,258 dead and missing, 6% fewer than the 12 months before ..."."""
    whole = frame.dropna(subset=["rolling_12m"])
    if whole.empty:
        return _("No 12-month window in this selection is whole (12 months, each covered by an IOM export "
                 "and complete), so no rolling total is shown.")
    last = whole.iloc[-1]
    peak = whole.loc[whole["rolling_12m"].idxmax()]
    params = dict(month=last["label"], dead_missing=format_integer(last["rolling_12m"]),
                  peak=format_integer(peak["rolling_12m"]), peak_month=peak["label"])
    change = last.get("change_pct")
    if pd.isna(change):
        text = _("The 12 months to {month} saw {dead_missing} dead and missing; the highest 12-month total was "
                 "{peak} (to {peak_month}).", **params)
    elif change >= 0:
        text = _("The 12 months to {month} saw {dead_missing} dead and missing, {percent} more than the 12 months "
                 "before; the highest 12-month total was {peak} (to {peak_month}).",
                 percent=format_percent(abs(change)), **params)
    else:
        text = _("The 12 months to {month} saw {dead_missing} dead and missing, {percent} fewer than the 12 months "
                 "before; the highest 12-month total was {peak} (to {peak_month}).",
                 percent=format_percent(abs(change)), **params)
    if len(whole) < len(frame):
        text += " " + _("Windows that are not whole (the first 11 months, export gaps, partial months) are left "
                        "blank.")
    return text


# "Latest comparable ..." per grain, with and without the percentage change, and the count of rises.
_LATEST_CHANGE = {
    # Translators: {period} is a month ("May 2024"); {change} a signed number of people ("+255").
    ("month", True): N_("Latest comparable month, {period}: {dead_missing} dead and missing, {change} on a year "
                        "earlier ({percent})."),
    ("quarter", True): N_("Latest comparable quarter, {period}: {dead_missing} dead and missing, {change} on a year "
                          "earlier ({percent})."),
    ("year", True): N_("Latest comparable year, {period}: {dead_missing} dead and missing, {change} on a year "
                       "earlier ({percent})."),
    ("month", False): N_("Latest comparable month, {period}: {dead_missing} dead and missing, {change} on a year "
                         "earlier."),
    ("quarter", False): N_("Latest comparable quarter, {period}: {dead_missing} dead and missing, {change} on a "
                           "year earlier."),
    ("year", False): N_("Latest comparable year, {period}: {dead_missing} dead and missing, {change} on a year "
                        "earlier."),
}


def _rises(grain: str, rises: int, count: int) -> str:
    """"{rises} of {count} comparable months rose on a year earlier; ..." for ``grain``."""
    params = dict(rises=format_integer(rises), count=format_integer(count))
    if grain == "month":
        return ngettext("{rises} of {count} comparable month rose on a year earlier; partial months and export "
                        "gaps are not compared.",
                        "{rises} of {count} comparable months rose on a year earlier; partial months and export "
                        "gaps are not compared.", count, **params)
    if grain == "quarter":
        return ngettext("{rises} of {count} comparable quarter rose on a year earlier; partial quarters and export "
                        "gaps are not compared.",
                        "{rises} of {count} comparable quarters rose on a year earlier; partial quarters and export "
                        "gaps are not compared.", count, **params)
    return ngettext("{rises} of {count} comparable year rose on a year earlier; partial years and export gaps "
                    "are not compared.",
                    "{rises} of {count} comparable years rose on a year earlier; partial years and export gaps "
                    "are not compared.", count, **params)


def summarise_change(frame: pd.DataFrame, grain: str) -> str:
    """E.g. "Latest comparable year, 2024: 9,002 dead and missing, +255 on a year earlier (+3%). ..."."""
    comparable = frame.dropna(subset=["change"])
    if comparable.empty:
        return nothing_comparable(grain)
    last = comparable.iloc[-1]
    rises = int((comparable["change"] > 0).sum())
    with_percent = pd.notna(last["change_pct"])
    latest = _(_LATEST_CHANGE[(grain, bool(with_percent))], period=last["label"],
               dead_missing=format_integer(last["dead_missing"]), change=_signed(last["change"]),
               percent=_signed_percent(last["change_pct"]) if with_percent else "")
    return f"{latest} {_rises(grain, rises, len(comparable))}"
