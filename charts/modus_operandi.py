"""Figures for the cited modus-operandi evidence: the evidence matrix and fees as stated."""

from __future__ import annotations

import textwrap
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, wrap_lines
from charts.serialise import figure
from charts.style import FONT_SIZE, LEGEND_RIGHT_IN_ORDER, MARGIN, OUTLINE, SERIES_COLOURS
from i18n import N_, _, format_integer, ngettext, pgettext
from transforms.modus_operandi import (
    ASPECT_LABELS,
    BOUND_AT_LEAST,
    BOUND_RANGE,
    BOUND_SINGLE,
    BOUND_UP_TO,
    aspect_label,
    currency_label,
    source_kind_label,
)

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


#: How a fee's bound reads in the hover (the bound values stay English in the data).
BOUND_LABELS = {
    # Translators: a fee given as a low and a high figure.
    BOUND_RANGE: N_("range"),
    # Translators: a fee given as one figure.
    BOUND_SINGLE: N_("single figure"),
    # Translators: a fee given as a ceiling ("up to 3,000").
    BOUND_UP_TO: N_("up to"),
    # Translators: a fee given as a floor ("at least 3,000").
    BOUND_AT_LEAST: N_("at least"),
}


def _wrap(text: str) -> str:
    return "<br>".join(wrap_lines(str(text), HOVER_WRAP)) or ""


def build_evidence_matrix(matrix: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """A heatmap of cited facts per corridor (rows) and aspect (columns); blank cells mean none found.

    Needs :func:`transforms.modus_operandi.evidence_matrix`'s columns corridor, aspect, aspect_label, facts.
    """
    if matrix.empty or matrix["facts"].sum() == 0:
        return empty_figure(_("No facts from these source kinds."), title=title, source=source)
    # Facts summed per (corridor, aspect): evidence_matrix gives every pair once, zeros included.
    cells: dict[tuple[str, str], int] = {}
    for corridor, aspect, facts in zip(matrix["corridor"].tolist(), matrix["aspect"].tolist(),
                                       matrix["facts"].tolist()):
        cells[(corridor, aspect)] = cells.get((corridor, aspect), 0) + facts
    present = set(matrix["aspect"].tolist())
    aspects = [a for a in ASPECT_LABELS if a in present]
    rows = list(dict.fromkeys(matrix["corridor"].tolist()))[::-1]
    z = np.array([[cells[(row, aspect)] for aspect in aspects] for row in rows], dtype=np.int64)
    labels = [aspect_label(a) for a in aspects]
    heatmap = dict(
        type="heatmap", z=z, x=["<br>".join(wrap_lines(label, 12)) for label in labels],
        y=rows, text=[[format_integer(n) if n else "" for n in line] for line in z.tolist()],
        texttemplate="%{text}", colorscale=MATRIX_SCALE, zmin=0, zmax=max(float(z.max()), 1.0),
        xgap=2, ygap=2, showscale=False,
        # Translators: the hover of one cell of the evidence matrix; <br> is a line break.
        customdata=[[ngettext("{corridor}<br>{aspect}: {count} cited fact",
                              "{corridor}<br>{aspect}: {count} cited facts",
                              n, corridor=row, aspect=label, count=format_integer(n))
                     for label, n in zip(labels, line)] for row, line in zip(rows, z.tolist())],
        hovertemplate="%{customdata}<extra></extra>",
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
    # Translators: a fee's row label made distinct by the fact's row number in the compilation.
    return [label if times[label] == 1 else _("{label} [row {row}]", label=label, row=fact_id)
            for label, fact_id in zip(labels, fees["fact_id"].tolist())]


def build_fee_ranges(fees: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Fee facts as ranges from low to high, one row per fact, one colour per stated currency.

    Needs :func:`transforms.modus_operandi.fee_ranges`'s columns. The x axis is logarithmic and
    each value stays in its own currency: rows of different currencies must not be compared
    by position. A single figure is a dot, an "up to" figure a left-pointing triangle at its
    ceiling, an "at least" figure a right-pointing triangle at its floor. Every point's hover
    shows the fact, its unit as stated, its source kind and its citation.
    """
    if fees.empty:
        return empty_figure(_("No fee with a figure among these facts."), title=title, source=source)
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
                bound = _(BOUND_LABELS[row["bound"]]) if row["bound"] in BOUND_LABELS else row["bound"]
                figure_line = (_("Low: {value} ({bound}) · unit as stated: {unit}", value=format_integer(value),
                                 bound=bound, unit=row["unit"]) if end == "value_low" else
                               _("High: {value} ({bound}) · unit as stated: {unit}", value=format_integer(value),
                                 bound=bound, unit=row["unit"]))
                hovers.append("<br>".join((
                    f"<b>{about[0]}</b>", about[1], figure_line,
                    _("Period: {period} · source kind: {kind}", period=row["year_or_period"],
                      kind=source_kind_label(row["source_kind"])),
                    _("Source: {citation}", citation=about[2]))))
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=currency_label(currency),
                         legendgroup=currency, marker=dict(color=colour, size=MARKER_SIZE, symbol="circle"),
                         hoverinfo="skip"))
        data.append(dict(
            type="scatter", x=np.array(points_x, dtype=float), y=points_y, mode="markers",
            name=currency_label(currency),
            legendgroup=currency, showlegend=False,
            marker=dict(color=colour, size=MARKER_SIZE, symbol=symbols, line=dict(color=OUTLINE, width=1)),
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>"))
    return figure(data, base_layout(
        title=title, source=source, height=FEE_BASE_HEIGHT + FEE_ROW_HEIGHT * len(fees),
        hoverlabel=dict(font=dict(size=FONT_SIZE), align="left"),
        # Translators: a legend title; <br> is a line break.
        legend=dict(LEGEND_RIGHT_IN_ORDER, title=dict(text=_("Currency as stated<br>(not converted)"))),
        xaxis=dict(type="log", title=dict(text=_("Fee in the currency the source states (log scale; not converted)"))),
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=True,
                   tickfont=dict(size=FONT_SIZE - 2))))


def summarise_matrix(matrix: pd.DataFrame) -> str:
    """One sentence: how much of the corridor × aspect grid has evidence."""
    corridors = matrix["corridor"].nunique()
    cells = len(matrix)
    filled = int((matrix["facts"] > 0).sum())
    if not filled:
        return _("No corridor has a fact from these source kinds.")
    no_fee = int((matrix[matrix["aspect"] == "fee"]["facts"] == 0).sum())
    held = ngettext("{filled} of {cells} corridor–aspect cell ({corridors} corridors × {aspects} aspects) holds at "
                    "least one cited fact.",
                    "{filled} of {cells} corridor–aspect cells ({corridors} corridors × {aspects} aspects) hold at "
                    "least one cited fact.", cells, filled=format_integer(filled), cells=format_integer(cells),
                    corridors=format_integer(corridors), aspects=format_integer(matrix["aspect"].nunique()))
    without = ngettext("{no_fee} of the {corridors} corridor has no fee fact.",
                       "{no_fee} of the {corridors} corridors have no fee fact.", corridors,
                       no_fee=format_integer(no_fee), corridors=format_integer(corridors))
    return " ".join((held, without))


def summarise_fees(fees: pd.DataFrame) -> str:
    """One sentence: how many fee facts, in how many stated currencies."""
    if fees.empty:
        return _("No fee with a figure among these facts.")
    counts = fees["currency"].value_counts()
    # Translators: a currency as the source states it, and how many fee facts use it.
    listing = ", ".join(pgettext("currency and number of facts", "{currency} {count}",
                                 currency=currency_label(currency), count=format_integer(n))
                        for currency, n in counts.items())
    return ngettext("{count} fee fact from {corridors} corridors, in {currencies} currencies as stated ({listing}); "
                    "each stays in its own currency.",
                    "{count} fee facts from {corridors} corridors, in {currencies} currencies as stated ({listing}); "
                    "each stays in its own currency.", len(fees), count=format_integer(len(fees)),
                    corridors=format_integer(fees["corridor"].nunique()), currencies=format_integer(len(counts)),
                    listing=listing)
