"""Figures for the Modus operandi and Hazards pages: cited evidence, fees as stated, and hazards.

``build_evidence_matrix`` shades a corridor × aspect grid by the number of cited facts, so
gaps in the evidence show as blank cells. ``build_fee_ranges`` draws each fee fact as a
range from low to high on one chart, one row per fact, coloured by the currency the source
states: fees are never converted, and every point's hover carries its citation. For the
Hazards page: causes of death by year on one corridor, Frontex detections at sea and on land,
and people per small boat in the Channel. Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.style import (CAUSE_COLOURS, CAUSE_SHORT, FONT_SIZE, MARGIN, MUTED, OKABE_ITO, SERIES_COLOURS,
                          base_layout, empty_figure, figure, rows_by_value)
from charts.comparison import LEGEND_RIGHT
from loaders.modus_operandi import ASPECT_LABELS, BOUND_AT_LEAST, BOUND_UP_TO

MATRIX_ROW_HEIGHT = 24
MATRIX_BASE_HEIGHT = 230
FEE_ROW_HEIGHT = 24
FEE_BASE_HEIGHT = 190
LABEL_CORRIDOR_CHARS = 34
LABEL_CATEGORY_CHARS = 32
HOVER_WRAP = 70
MARKER_SIZE = 10
RANGE_WIDTH = 4
NO_EVIDENCE = "#f1f3f5"
#: Light to dark blue for 1, 2, 3 … facts; zero stays NO_EVIDENCE.
MATRIX_SCALE = [[0.0, NO_EVIDENCE], [0.001, "#d6e6f2"], [0.35, "#7fb0d6"], [1.0, "#0b4f80"]]
BOUND_SYMBOL = {BOUND_UP_TO: "triangle-left", BOUND_AT_LEAST: "triangle-right"}


def _wrap(text: str) -> str:
    return "<br>".join(textwrap.wrap(str(text), HOVER_WRAP)) or ""


def build_evidence_matrix(matrix: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """A heatmap of cited facts per corridor (rows) and aspect (columns); blank cells mean none found.

    Needs :func:`loaders.modus_operandi.evidence_matrix`'s columns corridor, aspect, aspect_label, facts.
    """
    if matrix.empty or matrix["facts"].sum() == 0:
        return empty_figure("No facts from these source kinds.", title=title, source=source)
    # Facts summed per (corridor, aspect): evidence_matrix gives every pair once, zeros included.
    cells: dict[tuple[str, str], int] = {}
    for corridor, aspect, facts in zip(matrix["corridor"].tolist(), matrix["aspect"].tolist(),
                                       matrix["facts"].tolist()):
        cells[(corridor, aspect)] = cells.get((corridor, aspect), 0) + facts
    present = set(matrix["aspect"].tolist())
    aspects = [a for a in ASPECT_LABELS if a in present]
    rows = list(dict.fromkeys(matrix["corridor"].tolist()))[::-1]
    z = np.array([[cells[(row, aspect)] for aspect in aspects] for row in rows], dtype=np.int64)
    heatmap = dict(
        type="heatmap", z=z, x=["<br>".join(textwrap.wrap(ASPECT_LABELS[a], 12)) for a in aspects],
        y=rows, text=[[f"{n}" if n else "" for n in line] for line in z.tolist()],
        texttemplate="%{text}", colorscale=MATRIX_SCALE, zmin=0, zmax=max(float(z.max()), 1.0),
        xgap=2, ygap=2, showscale=False,
        customdata=[[ASPECT_LABELS[a] for a in aspects]] * len(rows),
        hovertemplate="%{y}<br>%{customdata}: %{z} cited fact(s)<extra></extra>",
    )
    return figure([heatmap], base_layout(
        title=title, source=source, height=MATRIX_BASE_HEIGHT + MATRIX_ROW_HEIGHT * len(rows),
        margin=dict(MARGIN, t=110), plot_bgcolor="white",
        xaxis=dict(side="top", tickangle=0, showgrid=False, tickfont=dict(size=FONT_SIZE - 2)),
        yaxis=dict(showgrid=False, automargin=True)))


def fee_row_labels(fees: pd.DataFrame) -> list[str]:
    """One distinct label per fee fact: corridor · category (period)."""
    labels = [f"{textwrap.shorten(str(corridor), LABEL_CORRIDOR_CHARS, placeholder='…')} · "
              f"{textwrap.shorten(str(category), LABEL_CATEGORY_CHARS, placeholder='…')} ({period})"
              for corridor, category, period in zip(fees["corridor"].tolist(), fees["category"].tolist(),
                                                    fees["year_or_period"].tolist())]
    times = Counter(labels)
    return [label if times[label] == 1 else f"{label} [row {fact_id}]"
            for label, fact_id in zip(labels, fees["fact_id"].tolist())]


def build_fee_ranges(fees: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Fee facts as ranges from low to high, one row per fact, one colour per stated currency.

    Needs :func:`loaders.modus_operandi.fee_ranges`'s columns. The x axis is logarithmic and
    each value stays in its own currency: rows of different currencies must not be compared
    by position. A single figure is a dot, an "up to" figure a left-pointing triangle at its
    ceiling, an "at least" figure a right-pointing triangle at its floor. Every point's hover
    shows the fact, its unit as stated, its source kind and its citation.
    """
    if fees.empty:
        return empty_figure("No fee with a figure among these facts.", title=title, source=source)
    labels = fee_row_labels(fees)
    columns = ("currency", "value_low", "value_high", "bound", "corridor", "value_text", "unit", "year_or_period",
               "source_kind", "citation")
    rows = [dict(zip(columns, values), label=label)
            for values, label in zip(zip(*(fees[column].tolist() for column in columns)), labels)]
    by_currency: dict[object, list[dict]] = {}  # in order of first appearance, as groupby(sort=False)
    for row in rows:
        by_currency.setdefault(row["currency"], []).append(row)
    data = []
    for index, (currency, part) in enumerate(by_currency.items()):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        xs, ys = [], []
        for row in part:
            low, high = row["value_low"], row["value_high"]
            if not pd.isna(low) and not pd.isna(high) and low != high:
                xs += [low, high, None]
                ys += [row["label"], row["label"], None]
        data.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=colour, width=RANGE_WIDTH),
                         hoverinfo="skip", showlegend=False, legendgroup=currency))
        points_x, points_y, symbols, hovers = [], [], [], []
        for row in part:
            about = None  # what the hover says of the fact, the same for both of its ends
            for end in ("value_low", "value_high"):
                value = row[end]
                if pd.isna(value) or (end == "value_high" and row["value_low"] == value):
                    continue
                if about is None:
                    about = (_wrap(row["corridor"]), _wrap(row["value_text"]), _wrap(row["citation"]))
                points_x.append(value)
                points_y.append(row["label"])
                symbols.append(BOUND_SYMBOL.get(row["bound"], "circle"))
                hovers.append(f"<b>{about[0]}</b><br>{about[1]}<br>"
                              f"{'Low' if end == 'value_low' else 'High'}: {value:,.0f} "
                              f"({row['bound']}) · unit as stated: {row['unit']}<br>"
                              f"Period: {row['year_or_period']} · source kind: {row['source_kind']}<br>"
                              f"Source: {about[2]}")
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=str(currency),
                         legendgroup=currency, marker=dict(color=colour, size=MARKER_SIZE, symbol="circle"),
                         hoverinfo="skip"))
        data.append(dict(
            type="scatter", x=np.array(points_x, dtype=float), y=points_y, mode="markers", name=str(currency),
            legendgroup=currency, showlegend=False,
            marker=dict(color=colour, size=MARKER_SIZE, symbol=symbols, line=dict(color="white", width=1)),
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=FEE_BASE_HEIGHT + FEE_ROW_HEIGHT * len(fees),
        hoverlabel=dict(font=dict(size=FONT_SIZE), align="left"),
        legend=dict(LEGEND_RIGHT, title=dict(text="Currency as stated<br>(not converted)")),
        xaxis=dict(type="log", title=dict(text="Fee in the currency the source states (log scale; not converted)")),
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=True,
                   tickfont=dict(size=FONT_SIZE - 2))))


def summarise_matrix(matrix: pd.DataFrame) -> str:
    """One sentence: how much of the corridor × aspect grid has evidence."""
    corridors = matrix["corridor"].nunique()
    cells = len(matrix)
    filled = int((matrix["facts"] > 0).sum())
    if not filled:
        return "No corridor has a fact from these source kinds."
    no_fee = int((matrix[matrix["aspect"] == "fee"]["facts"] == 0).sum())
    return (f"{filled} of {cells} corridor–aspect cells ({corridors} corridors × {matrix['aspect'].nunique()} aspects) "
            f"hold at least one cited fact; {no_fee} of the {corridors} corridors have no fee fact.")


def summarise_fees(fees: pd.DataFrame) -> str:
    """One sentence: how many fee facts, in how many stated currencies."""
    if fees.empty:
        return "No fee with a figure among these facts."
    counts = fees["currency"].value_counts()
    listing = ", ".join(f"{currency} {n}" for currency, n in counts.items())
    return (f"{len(fees)} fee facts from {fees['corridor'].nunique()} corridors, in {len(counts)} currencies as "
            f"stated ({listing}); each stays in its own currency.")


# --- Hazards page -------------------------------------------------------------------------------

CAUSE_YEAR_HEIGHT = 420
SEA_LAND_ROW_HEIGHT = 34
SEA_LAND_BASE_HEIGHT = 200
PER_BOAT_HEIGHT = 400
CROSSING_COLOURS = {"Sea": OKABE_ITO["blue"], "Land": OKABE_ITO["orange"]}


def build_cause_by_year(mix: pd.DataFrame, *, corridor: str, title: str, source: str) -> go.Figure:
    """100% bars per year of one corridor's dead and missing by cause of death.

    Needs :func:`loaders.hazards.cause_mix_by_year`'s columns year, cause, dead_missing (people), share (0-1).
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
                                    legend=dict(LEGEND_RIGHT),
                                    yaxis=dict(tickformat=".0%", range=[0, 1],
                                               title=dict(text="Share of dead and missing by cause")),
                                    xaxis=dict(type="category")))


def build_sea_land(detections: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Frontex detections per route, split into sea and land crossings (stacked horizontal bars).

    Needs :func:`loaders.hazards.sea_land_detections`'s columns route, crossing_type, detections, share.
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

    Needs :func:`loaders.hazards.people_per_boat`'s columns period, migrants, boats, migrants_per_boat, partial.
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
