"""Figures of uploaded travel-document fraud detections: over time, document type by fraud type, issuing country
against the holder's nationality (where the two differ is marked), by crossing point, and the flow from issuing
country to nationality to place of detection (a Sankey diagram).

Each builder takes the frame of its function in :mod:`transforms.document_fraud` and returns a new figure; an
empty frame gives an annotated empty figure. ``names`` maps ISO3 codes to country names
(:func:`transforms.document_fraud.country_names`); ``i18n.country_name`` shows them in the reader's language.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd

from charts.layout import base_layout, empty_figure, shorten, source_note, wrap_lines
from charts.serialise import figure
from charts.style import GRID, MAP_BLUES, MARGIN, OKABE_ITO, SERIES_COLOURS, THEME_TEXT
from i18n import _, country_name, format_integer, format_month, pgettext
from transforms.document_fraud import DOCUMENT_TYPE_LABELS, FRAUD_TYPE_LABELS, OTHER, UNKNOWN

#: Longest label on an axis or a node before it is cut (characters).
LABEL_CHARS = 32
#: Height of one row of a matrix or a bar list (pixels), and the figure's height without rows.
ROW_HEIGHT = 26
BASE_HEIGHT = 220
#: A matrix's column labels are wrapped at this many characters; each line takes this many pixels.
COLUMN_LABEL_CHARS = 14
LABEL_LINE_HEIGHT = 18
#: The colour scale of the count matrices (light to dark blue).
MATRIX_SCALE = [[0.0, "#f2f7fb"], [0.2, MAP_BLUES[0]], [0.6, MAP_BLUES[2]], [1.0, MAP_BLUES[4]]]
#: The outline of a matrix cell where the document's country is not the holder's.
DIFFERS_COLOUR = OKABE_ITO["vermillion"]
#: Node colours of the flow's three stages.
STAGE_COLOURS = {"issuing": OKABE_ITO["blue"], "nationality": OKABE_ITO["orange"],
                 "detection": OKABE_ITO["bluish_green"]}
LINK_COLOUR = "rgba(95, 107, 118, 0.25)"


def _country(code: str, names: Mapping[str, str] | None) -> str:
    if code == UNKNOWN:
        return pgettext("country", "Not known")
    if code == OTHER:
        return pgettext("countries", "Others")
    return shorten(country_name((names or {}).get(code, code)), LABEL_CHARS)


def _place(value: str) -> str:
    if value == UNKNOWN:
        return pgettext("place", "Not known")
    if value == OTHER:
        return pgettext("places", "Others")
    return html.escape(shorten(value, LABEL_CHARS))  # the user's own text: never markup in the figure


def _type_label(labels: Mapping[str, str], value: str) -> str:
    return _(labels[value]) if value in labels else pgettext("type", "Not known")


def _period_label(period: pd.Timestamp, grain: str) -> str:
    if grain == "year":
        return str(period.year)
    if grain == "month":
        return format_month(period.date())
    return period.date().isoformat()


def _no_rows(title: str, source: str):
    return empty_figure(_("No uploaded detections to show."), title=title, source=source)


def build_detections_over_time(over_time: pd.DataFrame, *, source: str, by: str | None = None):
    """Bars of detections per period (stacked by ``by``, "document_type" or "fraud_type", when given), from
    :func:`transforms.document_fraud.detections_over_time`."""
    title = _("Travel-document fraud detections over time")
    if over_time.empty:
        return _no_rows(title, source)
    grain = str(over_time["grain"].iloc[0])
    x = [_period_label(p, grain) for p in pd.to_datetime(over_time["period"]).drop_duplicates()]
    periods = list(pd.to_datetime(over_time["period"]).drop_duplicates())
    traces = []
    labels = DOCUMENT_TYPE_LABELS if by == "document_type" else FRAUD_TYPE_LABELS
    order = {value: i for i, value in enumerate(labels)}
    groups = [(None, over_time)] if by is None else sorted(over_time.groupby(by, sort=False),
                                                           key=lambda group: order.get(group[0], len(order)))
    for index, (value, rows) in enumerate(groups):
        counts = rows.set_index(pd.to_datetime(rows["period"]))["count"].reindex(periods, fill_value=0)
        name = _("Detections") if value is None else _type_label(labels, str(value))
        traces.append(dict(type="bar", x=x, y=counts.tolist(), name=name,
                           marker=dict(color=SERIES_COLOURS[index % len(SERIES_COLOURS)]),
                           hovertemplate="%{x}: %{y:,}<extra>" + name + "</extra>"))
    layout = base_layout(title=title, source=source, barmode="stack", showlegend=by is not None,
                         xaxis=dict(type="category", title=dict(text=pgettext("chart axis", "Period"))),
                         yaxis=dict(title=dict(text=_("Documents detected")), gridcolor=GRID, rangemode="tozero"))
    return figure(traces, layout)


def _matrix(counts: np.ndarray, x: list[str], y: list[str], *, title: str, source: str, x_title: str,
            y_title: str, shapes: list[dict] | None = None):
    text = [[format_integer(int(v)) if v else "" for v in row] for row in counts]
    # Column labels across, wrapped on a few lines: slanted ones ran into the source note below.
    wrapped = ["<br>".join(wrap_lines(label, COLUMN_LABEL_CHARS)) for label in x]
    lines = max((label.count("<br>") + 1 for label in wrapped), default=1)
    trace = dict(type="heatmap", z=counts.tolist(), x=wrapped, y=y, text=text, texttemplate="%{text}",
                 colorscale=MATRIX_SCALE, showscale=False, xgap=2, ygap=2,
                 hovertemplate="%{y} · %{x}: %{z:,}<extra></extra>")
    margin = dict(MARGIN, b=MARGIN["b"] + LABEL_LINE_HEIGHT * lines)
    layout = base_layout(title=title, source=source, height=BASE_HEIGHT + ROW_HEIGHT * len(y) + LABEL_LINE_HEIGHT * lines,
                         margin=margin,
                         xaxis=dict(title=dict(text=x_title), side="bottom", tickangle=0, type="category"),
                         yaxis=dict(title=dict(text=y_title), autorange="reversed", type="category"),
                         shapes=shapes or [])
    layout["annotations"][-1] = source_note(source, yshift=-margin["b"] + 2)  # below the taller labels
    return figure([trace], layout)


def build_detections_by_type(by_type: pd.DataFrame, *, source: str):
    """A matrix of detections, document types down, fraud types across, from
    :func:`transforms.document_fraud.detections_by_type`."""
    title = _("Document type and kind of fraud")
    if by_type.empty or int(by_type["count"].sum()) == 0:
        return _no_rows(title, source)
    table = by_type.pivot(index="document_type", columns="fraud_type", values="count")
    table = table.reindex(index=list(DOCUMENT_TYPE_LABELS), columns=list(FRAUD_TYPE_LABELS), fill_value=0)
    return _matrix(table.to_numpy(), [_(FRAUD_TYPE_LABELS[c]) for c in table.columns],
                   [_(DOCUMENT_TYPE_LABELS[r]) for r in table.index], title=title, source=source,
                   x_title=_("Kind of fraud"), y_title=_("Document"))


def build_issuing_against_nationality(pairs: pd.DataFrame, *, source: str, names: Mapping[str, str] | None = None,
                                      top: int = 15):
    """A matrix of detections, issuing countries down, holders' nationalities across (the ``top`` largest of
    each), each cell where the two differ outlined: documents of one country carried by nationals of another.
    From :func:`transforms.document_fraud.issuing_against_nationality`."""
    title = _("Issuing country of the document against the holder's nationality")
    if pairs.empty:
        return _no_rows(title, source)
    issuing = pairs.groupby("issuing_country_iso3")["count"].sum().sort_values(ascending=False).index[:top]
    nationality = pairs.groupby("nationality_iso3")["count"].sum().sort_values(ascending=False).index[:top]
    kept = pairs[pairs["issuing_country_iso3"].isin(issuing) & pairs["nationality_iso3"].isin(nationality)]
    table = kept.pivot_table(index="issuing_country_iso3", columns="nationality_iso3", values="count",
                             aggfunc="sum", fill_value=0).reindex(index=issuing, columns=nationality, fill_value=0)
    differs = kept[kept["differs"]]
    rows, columns = list(table.index), list(table.columns)
    shapes = [dict(type="rect", xref="x", yref="y", x0=columns.index(n) - 0.5, x1=columns.index(n) + 0.5,
                   y0=rows.index(i) - 0.5, y1=rows.index(i) + 0.5, line=dict(color=DIFFERS_COLOUR, width=2))
              for i, n in zip(differs["issuing_country_iso3"], differs["nationality_iso3"])]
    figure_out = _matrix(table.to_numpy(), [_country(c, names) for c in columns], [_country(r, names) for r in rows],
                         title=title, source=source, x_title=_("Nationality of the holder (declared)"),
                         y_title=_("Issuing country"), shapes=shapes)
    return figure_out


def differs_note() -> str:
    """The sentence under the matrix saying what the outlined cells are."""
    return _("Outlined cells: the document's issuing country is not the holder's declared nationality.")


def build_detections_by_crossing_point(by_point: pd.DataFrame, *, source: str,
                                       names: Mapping[str, str] | None = None, top: int = 20):
    """Horizontal bars of detections per crossing point (the ``top`` largest), from
    :func:`transforms.document_fraud.detections_by_crossing_point`."""
    title = _("Detections by crossing point")
    if by_point.empty:
        return _no_rows(title, source)
    shown = by_point.head(top)
    labels = [_("{place} ({country})", place=_place(p), country=_country(c, names))
              for p, c in zip(shown["crossing_point"], shown["country_of_detection_iso3"])]
    trace = dict(type="bar", orientation="h", x=shown["count"].tolist(), y=labels,
                 marker=dict(color=SERIES_COLOURS[0]), hovertemplate="%{y}: %{x:,}<extra></extra>")
    layout = base_layout(title=title, source=source, height=BASE_HEIGHT + ROW_HEIGHT * len(shown),
                         xaxis=dict(title=dict(text=_("Documents detected")), gridcolor=GRID, rangemode="tozero"),
                         yaxis=dict(autorange="reversed", type="category"))
    return figure([trace], layout)


def build_fraud_flow(flow, *, source: str, names: Mapping[str, str] | None = None):
    """A Sankey diagram from issuing country to the holder's nationality to place of detection, from
    :func:`transforms.document_fraud.fraud_flow`."""
    title = _("From issuing country to holder's nationality to place of detection")
    if flow.nodes.empty or flow.links.empty:
        return _no_rows(title, source)
    labels = [(_place(key) if stage == "detection" else _country(key, names))
              for stage, key in zip(flow.nodes["stage"], flow.nodes["key"])]
    colours = [STAGE_COLOURS[stage] for stage in flow.nodes["stage"]]
    trace = dict(type="sankey", arrangement="snap",
                 node=dict(label=labels, color=colours, pad=12, thickness=14, line=dict(color=THEME_TEXT, width=0.3),
                           hovertemplate="%{label}: %{value:,}<extra></extra>"),
                 link=dict(source=flow.links["source"].tolist(), target=flow.links["target"].tolist(),
                           value=flow.links["count"].tolist(), color=LINK_COLOUR,
                           hovertemplate="%{source.label} → %{target.label}: %{value:,}<extra></extra>"))
    stage_titles = [(0.0, "left", _("Issuing country")), (0.5, "center", _("Nationality of the holder")),
                    (1.0, "right", _("Place of detection"))]
    annotations = [dict(text=text, x=x, xanchor=anchor, y=1.02, yanchor="bottom", xref="paper", yref="paper",
                        showarrow=False) for x, anchor, text in stage_titles]
    height = BASE_HEIGHT + ROW_HEIGHT * int(flow.nodes["stage"].value_counts().max())
    return figure([trace], base_layout(title=title, source=source, height=height, annotations=annotations))
