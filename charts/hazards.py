"""Figures for hazards: cause of death by corridor over time, sea against land detections, people per boat."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, rows_by_value
from charts.serialise import figure
from charts.style import CAUSE_COLOURS, CAUSE_SHORT, LEGEND_RIGHT_IN_ORDER, MODE_COLOURS, MUTED, OKABE_ITO

CAUSE_YEAR_HEIGHT = 420


SEA_LAND_ROW_HEIGHT = 34


SEA_LAND_BASE_HEIGHT = 200


PER_BOAT_HEIGHT = 400


CROSSING_COLOURS = {"Sea": MODE_COLOURS["sea"], "Land": MODE_COLOURS["land"]}


def build_cause_by_year(mix: pd.DataFrame, *, corridor: str, title: str, source: str) -> go.Figure:
    """100% bars per year of one corridor's dead and missing by cause of death.

    Needs :func:`transforms.hazards.cause_mix_by_year`'s columns year, cause, dead_missing (people), share (0-1).
    """
    if mix.empty or mix["dead_missing"].sum() == 0:
        return empty_figure(f"No dated dead or missing recorded on {corridor} in this selection.", title=title,
                            source=source)
    years = mix["year"].astype(str).tolist()
    shares, custom = mix["share"].to_numpy(), mix[["dead_missing"]].to_numpy()
    people = mix["dead_missing"]
    data = []
    for cause, at in rows_by_value(mix["cause"]).items():
        if people.iloc[at].sum() == 0:
            continue
        data.append(dict(type="bar", x=[years[i] for i in at], y=shares[at], name=CAUSE_SHORT.get(cause, cause),
                         marker=dict(color=CAUSE_COLOURS.get(cause, MUTED)), customdata=custom[at],
                         hovertemplate=f"%{{x}}<br>{cause}: %{{y:.0%}} (%{{customdata[0]:,.0f}} dead and missing)"
                                       "<extra></extra>"))
    return figure(data, base_layout(title=title, source=source, height=CAUSE_YEAR_HEIGHT, barmode="stack",
                                    legend=dict(LEGEND_RIGHT_IN_ORDER),
                                    yaxis=dict(tickformat=".0%", range=[0, 1],
                                               title=dict(text="Share of dead and missing by cause")),
                                    xaxis=dict(type="category")))


def build_sea_land(detections: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Frontex detections per route, split into sea and land crossings (stacked horizontal bars).

    Needs :func:`transforms.hazards.sea_land_detections`'s columns route, crossing_type, detections, share.
    """
    if detections.empty:
        return empty_figure("No Frontex detection by crossing type in this series.", title=title, source=source)
    routes = list(dict.fromkeys(detections["route"]))[::-1]
    data = []
    for crossing in ("Sea", "Land"):
        part = detections[detections["crossing_type"] == crossing].set_index("route").reindex(routes)
        data.append(dict(type="bar", y=routes, x=part["detections"], orientation="h", name=f"{crossing} crossings",
                         marker=dict(color=CROSSING_COLOURS[crossing]), customdata=part[["share"]].to_numpy(),
                         hovertemplate=f"%{{y}}<br>{crossing}: %{{x:,.0f}} detections (%{{customdata[0]:.1%}} "
                                       "of the route)<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=SEA_LAND_BASE_HEIGHT + SEA_LAND_ROW_HEIGHT * len(routes), barmode="stack",
        xaxis=dict(title=dict(text="Detections of irregular border crossings (events, not people)")),
        yaxis=dict(automargin=True)))


def build_people_per_boat(per_boat: pd.DataFrame, *, grain: str, title: str, source: str) -> go.Figure:
    """People per small boat reaching the UK, by month (line) or year (bars); partial periods marked.

    Needs :func:`transforms.hazards.people_per_boat`'s columns period, migrants, boats, migrants_per_boat, partial.
    """
    if per_boat.empty:
        return empty_figure("No small boat arrived in this period.", title=title, source=source)
    label = per_boat["period"].dt.strftime("%b %Y" if grain == "month" else "%Y")
    hover = ("%{customdata[0]}<br>%{y:.1f} people per boat<br>%{customdata[1]:,.0f} people in "
             "%{customdata[2]:,.0f} boats%{customdata[3]}<extra></extra>")
    custom = pd.DataFrame({"label": label, "people": per_boat["migrants"], "boats": per_boat["boats"],
                           "partial": per_boat["partial"].map({True: "<br>(period only partly covered)",
                                                               False: ""})}).to_numpy()
    colour = OKABE_ITO["blue"]
    if grain == "month":
        trace = dict(type="scatter", x=per_boat["period"], y=per_boat["migrants_per_boat"], mode="lines+markers",
                     line=dict(color=colour, width=2), customdata=custom, hovertemplate=hover,
                     name="People per boat",
                     marker=dict(size=[9 if p else 4 for p in per_boat["partial"]],
                                 symbol=["circle-open" if p else "circle" for p in per_boat["partial"]]))
    else:
        trace = dict(type="bar", x=label, y=per_boat["migrants_per_boat"], customdata=custom, hovertemplate=hover,
                     marker=dict(color=[OKABE_ITO["sky_blue"] if p else colour for p in per_boat["partial"]]),
                     text=[f"{v:.1f}{'*' if p else ''}" for v, p in zip(per_boat["migrants_per_boat"],
                                                                         per_boat["partial"])],
                     textposition="outside", cliponaxis=False, name="People per boat")
    return figure([trace], base_layout(title=title, source=source, height=PER_BOAT_HEIGHT,
                                       yaxis=dict(title=dict(text="People per boat"), rangemode="tozero")))


def summarise_cause_mix(dominant: pd.DataFrame) -> str:
    """One sentence: the leading known cause on the deadliest corridors."""
    if dominant.empty:
        return "No dead or missing with a known cause on any corridor in this selection."
    parts = [f"{r.group}: {CAUSE_SHORT.get(r.cause, r.cause).lower()} ({r.share:.0%})"
             for r in dominant.head(4).itertuples()]
    return "Leading known cause on the deadliest corridors: " + "; ".join(parts) + "."


def summarise_cause_by_year(mix: pd.DataFrame, corridor: str) -> str:
    """One sentence: the years covered and each year's leading cause at both ends."""
    known = mix[mix["dead_missing"] > 0]
    if known.empty:
        return f"No dated dead or missing recorded on {corridor} in this selection."
    first, last = int(known["year"].min()), int(known["year"].max())
    lead = {y: known[known["year"] == y].nlargest(1, "dead_missing").iloc[0] for y in (first, last)}
    return (f"On {corridor}, {first} to {last}: the largest share was "
            f"{CAUSE_SHORT.get(lead[first]['cause'], lead[first]['cause']).lower()} in {first} "
            f"({lead[first]['share']:.0%}) and {CAUSE_SHORT.get(lead[last]['cause'], lead[last]['cause']).lower()} "
            f"in {last} ({lead[last]['share']:.0%}).")


def summarise_sea_land(detections: pd.DataFrame) -> str:
    """One sentence: the share of sea crossings on the busiest routes."""
    if detections.empty:
        return "No Frontex detection by crossing type in this series."
    sea = detections[detections["crossing_type"] == "Sea"].set_index("route")["share"]
    routes = list(dict.fromkeys(detections["route"]))[:4]
    return ("Share of detections at sea on the busiest routes: "
            + "; ".join(f"{r} {sea.get(r, 0.0):.0%}" for r in routes) + ".")


def summarise_per_boat(per_boat: pd.DataFrame, grain: str) -> str:
    """One sentence: people per boat at the start and end of the series and its peak."""
    full = per_boat[~per_boat["partial"]]
    if full.empty:
        return "No full period with a small boat arrival."
    fmt = "%B %Y" if grain == "month" else "%Y"
    first, last = full.iloc[0], full.iloc[-1]
    peak = full.loc[full["migrants_per_boat"].idxmax()]
    return (f"{first['migrants_per_boat']:.1f} people per boat in {first['period']:{fmt}}, "
            f"{last['migrants_per_boat']:.1f} in {last['period']:{fmt}}; the highest, "
            f"{peak['migrants_per_boat']:.1f}, in {peak['period']:{fmt}} (full periods only).")
