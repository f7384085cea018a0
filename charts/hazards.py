"""Figures for hazards: cause of death by corridor over time, sea against land detections, people per boat."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, partial_pattern, rows_by_value
from charts.serialise import figure
from charts.style import CAUSE_COLOURS, CAUSE_SHORT, LEGEND_RIGHT_IN_ORDER, MODE_COLOURS, MUTED, OKABE_ITO, SEGMENT_LINE
from i18n import N_, _, format_decimal, format_month, format_percent

CAUSE_YEAR_HEIGHT = 420


SEA_LAND_ROW_HEIGHT = 34


SEA_LAND_BASE_HEIGHT = 200


PER_BOAT_HEIGHT = 400


CROSSING_COLOURS = {"Sea": MODE_COLOURS["sea"], "Land": MODE_COLOURS["land"]}


#: Frontex's crossing types as a legend names them (the values stay "Sea" and "Land" in the data).
CROSSING_LABELS = {"Sea": N_("Sea crossings"), "Land": N_("Land crossings")}


#: A crossing type's hover line ({detections} and {share} are the chart's own number placeholders).
CROSSING_HOVERS = {
    "Sea": N_("Sea: {detections} detections ({share} of the route)"),
    "Land": N_("Land: {detections} detections ({share} of the route)"),
}


def cause_short(cause: str) -> str:
    """A cause of death's short legend label (ours, translated), or the IOM category as published."""
    return _(CAUSE_SHORT[cause]) if cause in CAUSE_SHORT else cause


def _period(period: pd.Timestamp, grain: str) -> str:
    """A month ("March 2024", in the reader's language) or a year ("2024")."""
    return format_month(period, "wide") if grain == "month" else str(period.year)


def build_cause_by_year(mix: pd.DataFrame, *, corridor: str, title: str, source: str) -> go.Figure:
    """100% bars per year of one corridor's dead and missing by cause of death.

    Needs :func:`transforms.hazards.cause_mix_by_year`'s columns year, cause, dead_missing (people), share (0-1).
    """
    if mix.empty or mix["dead_missing"].sum() == 0:
        return empty_figure(_("No dated dead or missing recorded on {corridor} in this selection.",
                              corridor=corridor), title=title, source=source)
    years = mix["year"].astype(str).tolist()
    shares, custom = mix["share"].to_numpy(), mix[["dead_missing"]].to_numpy()
    people = mix["dead_missing"]
    data = []
    for cause, at in rows_by_value(mix["cause"]).items():
        if people.iloc[at].sum() == 0:
            continue
        line = _("{cause}: {share} ({dead_missing} dead and missing)", cause=cause, share="%{y:.0%}",
                 dead_missing="%{customdata[0]:,.0f}")
        data.append(dict(type="bar", x=[years[i] for i in at], y=shares[at], name=cause_short(cause),
                         marker=dict(color=CAUSE_COLOURS.get(cause, MUTED), line=SEGMENT_LINE), customdata=custom[at],
                         hovertemplate=f"%{{x}}<br>{line}<extra></extra>"))
    return figure(data, base_layout(title=title, source=source, height=CAUSE_YEAR_HEIGHT, barmode="stack",
                                    legend=dict(LEGEND_RIGHT_IN_ORDER),
                                    yaxis=dict(tickformat=".0%", range=[0, 1],
                                               title=dict(text=_("Share of dead and missing by cause"))),
                                    xaxis=dict(type="category")))


def build_sea_land(detections: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Frontex detections per route, split into sea and land crossings (stacked horizontal bars).

    Needs :func:`transforms.hazards.sea_land_detections`'s columns route, crossing_type, detections, share.
    """
    if detections.empty:
        return empty_figure(_("No Frontex detection by crossing type in this series."), title=title, source=source)
    routes = list(dict.fromkeys(detections["route"]))[::-1]
    data = []
    for crossing in ("Sea", "Land"):
        part = detections[detections["crossing_type"] == crossing].set_index("route").reindex(routes)
        data.append(dict(type="bar", y=routes, x=part["detections"], orientation="h",
                         name=_(CROSSING_LABELS[crossing]),
                         marker=dict(color=CROSSING_COLOURS[crossing], line=SEGMENT_LINE),
                         customdata=part[["share"]].to_numpy(),
                         hovertemplate="%{y}<br>" + _(CROSSING_HOVERS[crossing], detections="%{x:,.0f}",
                                                      share="%{customdata[0]:.1%}") + "<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=SEA_LAND_BASE_HEIGHT + SEA_LAND_ROW_HEIGHT * len(routes), barmode="stack",
        xaxis=dict(title=dict(text=_("Detections of irregular border crossings (events, not people)"))),
        yaxis=dict(automargin=True)))


class PerBoatWording(NamedTuple):
    """The text around the people-per-boat chart for one grain: its intro, title, name and description."""

    intro: str
    title: str
    name: str
    description: str


def per_boat_wording(grain: str, *, start: str, end: str) -> PerBoatWording:
    """The people-per-boat chart's text, by month or by year (each a whole message), for the series from
    ``start`` to ``end`` (dates as the reader reads them)."""
    if grain == "month":
        return PerBoatWording(
            _("People arriving in the UK on small boats divided by the boats that carried them, per month, {start} "
              "to {end}: more people per boat means more crowded, less seaworthy crossings.", start=start, end=end),
            _("People per small boat crossing the Channel, by month"), _("People per small boat by month"),
            _("UK Home Office small-boat arrivals, by month."))
    return PerBoatWording(
        _("People arriving in the UK on small boats divided by the boats that carried them, per year, {start} to "
          "{end}: more people per boat means more crowded, less seaworthy crossings.", start=start, end=end),
        _("People per small boat crossing the Channel, by year"), _("People per small boat by year"),
        _("UK Home Office small-boat arrivals, by year."))


def build_people_per_boat(per_boat: pd.DataFrame, *, grain: str, title: str, source: str) -> go.Figure:
    """People per small boat reaching the UK, by month (line) or year (bars); partial periods marked.

    Needs :func:`transforms.hazards.people_per_boat`'s columns period, migrants, boats, migrants_per_boat, partial.
    """
    if per_boat.empty:
        return empty_figure(_("No small boat arrived in this period."), title=title, source=source)
    label = ([format_month(period) for period in per_boat["period"]] if grain == "month"
             else [str(period.year) for period in per_boat["period"]])
    # Translators: a hover of two lines (<br> is the line break).
    hover = ("%{customdata[0]}<br>"
             + _("{per_boat} people per boat<br>{people} people in {boats} boats", per_boat="%{y:.1f}",
                 people="%{customdata[1]:,.0f}", boats="%{customdata[2]:,.0f}")
             + "%{customdata[3]}<extra></extra>")
    partly = "<br>" + _("(period only partly covered)")
    custom = pd.DataFrame({"label": label, "people": per_boat["migrants"], "boats": per_boat["boats"],
                           "partial": per_boat["partial"].map({True: partly, False: ""})}).to_numpy()
    colour = OKABE_ITO["blue"]
    if grain == "month":
        trace = dict(type="scatter", x=per_boat["period"], y=per_boat["migrants_per_boat"], mode="lines+markers",
                     line=dict(color=colour, width=2), customdata=custom, hovertemplate=hover,
                     name=_("People per boat"),
                     marker=dict(size=[9 if p else 4 for p in per_boat["partial"]],
                                 symbol=["circle-open" if p else "circle" for p in per_boat["partial"]]))
    else:
        trace = dict(type="bar", x=label, y=per_boat["migrants_per_boat"], customdata=custom, hovertemplate=hover,
                     marker=dict(color=[OKABE_ITO["sky_blue"] if p else colour for p in per_boat["partial"]],
                                 pattern=partial_pattern(per_boat["partial"])),
                     text=[f"{format_decimal(v, 1)}{'*' if p else ''}"
                           for v, p in zip(per_boat["migrants_per_boat"], per_boat["partial"])],
                     textposition="outside", cliponaxis=False, name=_("People per boat"))
    return figure([trace], base_layout(title=title, source=source, height=PER_BOAT_HEIGHT,
                                       yaxis=dict(title=dict(text=_("People per boat")), rangemode="tozero")))


def summarise_cause_mix(dominant: pd.DataFrame) -> str:
    """One sentence: the leading known cause on the deadliest corridors."""
    if dominant.empty:
        return _("No dead or missing with a known cause on any corridor in this selection.")
    # Translators: one item of a list: a corridor, its leading cause of death and that cause's share.
    parts = [_("{corridor}: {cause} ({share})", corridor=r.group, cause=_lower(cause_short(r.cause)),
               share=format_percent(r.share)) for r in dominant.head(4).itertuples()]
    return _("Leading known cause on the deadliest corridors: {causes}.", causes="; ".join(parts))


def _lower(label: str) -> str:
    """A legend label inside a sentence: lower case in the languages that have it (a no-op in Thai)."""
    return label.lower()


def summarise_cause_by_year(mix: pd.DataFrame, corridor: str) -> str:
    """One sentence: the years covered and each year's leading cause at both ends."""
    known = mix[mix["dead_missing"] > 0]
    if known.empty:
        return _("No dated dead or missing recorded on {corridor} in this selection.", corridor=corridor)
    first, last = int(known["year"].min()), int(known["year"].max())
    lead = {y: known[known["year"] == y].nlargest(1, "dead_missing").iloc[0] for y in (first, last)}
    return _("On {corridor}, {first} to {last}: the largest share was {first_cause} in {first} ({first_share}) and "
             "{last_cause} in {last} ({last_share}).", corridor=corridor, first=first, last=last,
             first_cause=_lower(cause_short(lead[first]["cause"])), first_share=format_percent(lead[first]["share"]),
             last_cause=_lower(cause_short(lead[last]["cause"])), last_share=format_percent(lead[last]["share"]))


def summarise_sea_land(detections: pd.DataFrame) -> str:
    """One sentence: the share of sea crossings on the busiest routes."""
    if detections.empty:
        return _("No Frontex detection by crossing type in this series.")
    sea = detections[detections["crossing_type"] == "Sea"].set_index("route")["share"]
    routes = list(dict.fromkeys(detections["route"]))[:4]
    # Translators: one item of a list: a Frontex route and the share of its detections at sea.
    shares = "; ".join(_("{route} {share}", route=r, share=format_percent(sea.get(r, 0.0))) for r in routes)
    return _("Share of detections at sea on the busiest routes: {shares}.", shares=shares)


def summarise_per_boat(per_boat: pd.DataFrame, grain: str) -> str:
    """One sentence: people per boat at the start and end of the series and its peak."""
    full = per_boat[~per_boat["partial"]]
    if full.empty:
        return _("No full period with a small boat arrival.")
    first, last = full.iloc[0], full.iloc[-1]
    peak = full.loc[full["migrants_per_boat"].idxmax()]
    return _("{first} people per boat in {first_period}, {last} in {last_period}; the highest, {peak}, in "
             "{peak_period} (full periods only).", first=format_decimal(first["migrants_per_boat"], 1),
             first_period=_period(first["period"], grain), last=format_decimal(last["migrants_per_boat"], 1),
             last_period=_period(last["period"], grain), peak=format_decimal(peak["migrants_per_boat"], 1),
             peak_period=_period(peak["period"], grain))
