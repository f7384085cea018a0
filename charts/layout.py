"""Shared figure pieces: the base layout with title and source note, empty figures, presenter styling."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.serialise import figure, figure_spec
from charts.style import (
    BLACK,
    FIGURE_HEIGHT,
    FONT_FAMILY,
    FONT_SIZE,
    GAP_FILL,
    GRID,
    INK_ON,
    MARGIN,
    MUTED,
    PARTIAL_PATTERN,
    SOURCE_SIZE,
    SOURCE_WRAP,
    THEME_TEXT,
    TITLE_SIZE,
    TRANSPARENT,
    WHITE,
)
from i18n import format_month, number_separators


def hex_to_rgb(colour: str) -> list[int]:
    """"#0072B2" -> [0, 114, 178] (for pydeck)."""
    colour = colour.lstrip("#")
    return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a "#rrggbb" colour."""
    channels = [c / 255 for c in hex_to_rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colour: str) -> str:
    """The ink of a value printed inside a bar of ``colour``: :data:`charts.style.INK_ON` for the palette's
    colours; for any other "#rrggbb", black or white, whichever has the more contrast (WCAG 2.1). Plotly's own
    choice (white or a grey) misses 4.5:1 on several palette colours."""
    if colour in INK_ON:
        return INK_ON[colour]
    light = _luminance(colour)
    return BLACK if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else WHITE


def inside_text(colours: str | list[str]) -> dict[str, Any]:
    """A bar trace's ``insidetextfont``: the ink of :func:`ink_on` for one bar colour, or one per bar."""
    return dict(color=ink_on(colours) if isinstance(colours, str) else [ink_on(c) for c in colours])


def partial_pattern(partial: Any) -> dict[str, Any]:
    """A bar trace's ``marker.pattern``: :data:`charts.style.PARTIAL_PATTERN`'s hatch on the bars of partial
    periods (``partial``: one truth value per bar), none on whole ones, so partial periods do not differ by
    lightness alone."""
    return dict(PARTIAL_PATTERN, shape=[PARTIAL_PATTERN["shape"] if bool(part) else "" for part in partial])


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines of about ``width`` characters at spaces only: a run with no space (a Thai phrase:
    Thai writes no space between words, so a cut inside the run could fall inside a word) is never cut, even when
    it is longer than ``width``."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last an ellipsis, when longer (legend entries and axis labels;
    the hover keeps the whole text)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def column_values(column: pd.Series) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """A column's values for slicing by row positions: the numpy array where the dtype is numpy's (what plotly
    reads from the Series anyway), else the pandas array (nullable or Arrow-backed), whose ``take`` keeps its
    type and its missing-value marker."""
    return column.to_numpy() if isinstance(column.dtype, np.dtype) else column.array


def rows_by_value(column: pd.Series) -> dict[Any, np.ndarray]:
    """The row positions holding each value of ``column``, values in order of first appearance (what
    ``frame.loc[frame[c] == value]`` selects, without a boolean mask per value). For small frames."""
    rows: dict[Any, list[int]] = {}
    for position, value in enumerate(column.tolist()):
        rows.setdefault(value, []).append(position)
    return {value: np.array(positions, dtype=np.intp) for value, positions in rows.items()}


def source_note(source: str, *, yshift: int = -MARGIN["b"] + 2) -> dict[str, Any]:
    """The source line under the plot, as an annotation dict (``yshift`` pixels below the plot area)."""
    return dict(text="<br>".join(wrap_lines(source, SOURCE_WRAP)), xref="paper", yref="paper", x=0, y=0,
                yshift=yshift, xanchor="left", yanchor="bottom", showarrow=False,
                font=dict(size=SOURCE_SIZE, color=MUTED), align="left")


def period_band(x0: Any, x1: Any, text: str, *, label_at: str = "right") -> tuple[dict[str, Any], dict[str, Any]]:
    """A shaded band from ``x0`` to ``x1`` over the whole plot height and its label in its top ``label_at``
    ("left" or "right") corner: the shape and the annotation ``fig.add_vrect`` makes (for periods no export
    covers)."""
    shape = dict(type="rect", x0=x0, x1=x1, xref="x", y0=0, y1=1, yref="y domain", fillcolor=GAP_FILL,
                 line=dict(width=0))
    note = dict(text=text, x=x1 if label_at == "right" else x0, xanchor=label_at, xref="x", y=1, yanchor="top",
                yref="y domain", showarrow=False, font=dict(color=MUTED, size=12))
    return shape, note


def date_ticks(periods: pd.Series, *, most: int = 12) -> dict[str, Any]:
    """Tick positions and labels for a date x axis in the reader's language: plotly writes its own date ticks
    in English ("Jan 2024"), so the axis gets explicit ones: whole years (the year alone) when the periods
    span more than two years, else months (every 1, 2, 3 or 6 months, named per locale), at most ``most``."""
    dates = pd.to_datetime(pd.Series(periods)).dropna()
    if dates.empty:
        return {}
    first, last = dates.min(), dates.max()
    months = (last.year - first.year) * 12 + last.month - first.month
    if months > 24:
        years = list(range(first.year + (first.month > 1 or first.day > 1), last.year + 1)) or [first.year]
        step = max(1, -(-len(years) // most))
        years = years[::step]
        return dict(tickmode="array", tickvals=[pd.Timestamp(year=y, month=1, day=1) for y in years],
                    ticktext=[str(y) for y in years])
    step = next((n for n in (1, 2, 3, 6, 12) if months // n + 1 <= most), 12)
    start = pd.Timestamp(year=first.year, month=first.month, day=1)
    ticks = [start + pd.DateOffset(months=n) for n in range(0, months + 1, step)]
    return dict(tickmode="array", tickvals=ticks, ticktext=[format_month(t.date()) for t in ticks])


def base_layout(*, title: str, source: str, height: int = FIGURE_HEIGHT, annotations: list[dict] | None = None,
                **layout: Any) -> dict[str, Any]:
    """Every chart's layout as a plain dict to pass to :func:`figure`: title, fonts, margins, legend, a source
    line under the plot (kept in PNG exports) and grid colours.

    ``layout`` holds the figure's own properties (axes, barmode, shapes, ...); ``annotations`` come before the
    source note. Every x and y axis of the layout gets the grid colour, and ``xaxis`` and ``yaxis`` are there
    even when not given. Properties given here win over the defaults (e.g. ``legend`` or ``margin``: give
    their whole value).
    """
    out: dict[str, Any] = dict(
        # No template: resolving one is slow, for every figure. Transparent backgrounds take the app's theme
        # (light or dark) on screen, and white in the HTML export.
        paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
        title=dict(text=title, font=dict(size=TITLE_SIZE), x=0, xanchor="left"),  # ink from the theme
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=THEME_TEXT),
        separators=number_separators(),  # plotly's own numbers (hovers, ticks) in the reader's locale
        margin=dict(MARGIN),
        height=height,
        hoverlabel=dict(font=dict(size=FONT_SIZE, color=THEME_TEXT)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )
    out.update(layout)
    out["annotations"] = list(annotations or []) + [source_note(source)]
    out.setdefault("xaxis", {})
    out.setdefault("yaxis", {})
    # Streamlit's plotly theme writes axis labels and legend titles in a grey that is 3.7:1 on white: the theme's
    # text colour instead (charts/style.py THEME_TEXT).
    for key, value in out.items():
        if key.startswith(("xaxis", "yaxis")):
            out[key] = merge(dict(tickfont=dict(color=THEME_TEXT), title=dict(font=dict(color=THEME_TEXT))),
                             {**value, "gridcolor": GRID})
    out["legend"] = merge(dict(title=dict(font=dict(color=THEME_TEXT))), out["legend"])
    return out


def empty_figure(message: str, *, title: str = "", source: str = "") -> go.Figure:
    """A blank figure that says why it is blank, instead of an empty axis."""
    note = dict(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                font=dict(size=FONT_SIZE + 2, color=MUTED))
    return figure([], base_layout(title=title, source=source, annotations=[note], xaxis=dict(visible=False),
                                  yaxis=dict(visible=False)))


#: Presenter mode: sizes that read on a projector at 1280x720 and 1920x1080.
PRESENTER_FONT_SIZE = 22


PRESENTER_TITLE_SIZE = 30


PRESENTER_SOURCE_SIZE = 16


PRESENTER_LINE_WIDTH = 5


PRESENTER_HEIGHT = 560


PRESENTER_INK = THEME_TEXT  # the theme's strongest text colour: black ink vanished on the dark theme


PRESENTER_TOP_MARGIN = 120


PRESENTER_BOTTOM_MARGIN = MARGIN["b"] + 30  # room for the large tick labels above the source note


#: Presenter mode: the longest title line, in characters, that fits a 1280-pixel-wide screen at the title's size;
#: a longer title is broken onto a second line (the Enforcement chart's title was cut at the right edge).
PRESENTER_TITLE_CHARACTERS = 72


#: Presenter mode: pixels per row of a horizontal bar chart, so that every row keeps its label at the large type
#: (with 25 corridors in 560 pixels, plotly left every other corridor's name out).
PRESENTER_BAR_ROW = 34


#: Presenter mode: pixels a title's second line adds to the top margin (and to the figure's height).
PRESENTER_TITLE_LINE = 40


def presenter_title(title: str) -> tuple[str, int]:
    """``title`` broken for a projector, and its number of lines: a title longer than PRESENTER_TITLE_CHARACTERS
    breaks after its colon when the part before it fits, else at the last space that fits. A title with no such
    space (Thai is written without spaces between words) stays on one line."""
    if len(title) <= PRESENTER_TITLE_CHARACTERS or "<br>" in title:
        return title, title.count("<br>") + 1
    head, colon, _tail = title.partition(": ")
    if colon and len(head) + 1 <= PRESENTER_TITLE_CHARACTERS:
        cut = len(head) + 1
    else:
        cut = title.rfind(" ", 0, PRESENTER_TITLE_CHARACTERS + 1)
    if cut <= 0:
        return title, 1
    return title[:cut].rstrip() + "<br>" + title[cut:].lstrip(), 2


def merge(target: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` into ``target`` in place, nested dicts key by key (as plotly's ``update`` does)."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def presenter_style(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with large type, thick lines and black ink, for a projector."""
    spec = figure_spec(fig)
    data, layout = spec["data"], spec["layout"]
    # A horizontal legend moves just above the plot; a vertical one (beside the plot, top-aligned) stays where it
    # is, as lifting it would run its entries up over the title.
    vertical = layout.get("legend", {}).get("orientation") == "v"
    legend = dict(font=dict(size=PRESENTER_FONT_SIZE)) if vertical else dict(
        font=dict(size=PRESENTER_FONT_SIZE), y=1.02, yanchor="bottom")
    title, lines = presenter_title(str(layout.get("title", {}).get("text") or ""))
    rows = {str(value) for trace in data if trace.get("type") == "bar" and trace.get("orientation") == "h"
            and isinstance(trace.get("y"), (list, tuple)) for value in trace["y"]}
    bars_height = len(rows) * PRESENTER_BAR_ROW + PRESENTER_TOP_MARGIN + PRESENTER_BOTTOM_MARGIN
    title_room = PRESENTER_TITLE_LINE * (lines - 1)
    merge(layout, dict(font=dict(size=PRESENTER_FONT_SIZE, color=PRESENTER_INK),
                        title=dict(text=title, font=dict(size=PRESENTER_TITLE_SIZE, color=PRESENTER_INK)),
                        height=max(PRESENTER_HEIGHT, int(layout.get("height") or 0), bars_height) + title_room,
                        legend=legend,
                        margin=dict(t=PRESENTER_TOP_MARGIN + title_room, b=PRESENTER_BOTTOM_MARGIN)))
    for trace in data:
        if trace.get("type") == "scatter":
            merge(trace, dict(line=dict(width=PRESENTER_LINE_WIDTH)))
    for annotation in layout.get("annotations", ()):
        if annotation.get("font", {}).get("size") == SOURCE_SIZE:
            annotation["font"]["size"] = PRESENTER_SOURCE_SIZE
            if annotation.get("yshift") == -MARGIN["b"] + 2:  # the source note keeps to the foot of the taller margin
                annotation["yshift"] = -PRESENTER_BOTTOM_MARGIN + 2
    for key in ["xaxis", "yaxis"] + [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        merge(layout.setdefault(key, {}), dict(tickfont=dict(size=PRESENTER_FONT_SIZE), gridcolor="#bfc7cf"))
    return figure(data, layout, spec.get("frames"))
