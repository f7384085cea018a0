"""One place for the look of every chart: palette, fonts, margins, template.

The palette is Okabe and Ito's colour-blind-safe set; causes of death keep the
same colour on every page. Every style number is a named constant.
"""

from __future__ import annotations

import base64
import datetime
import os
import textwrap
from typing import Any

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import (int8max, int8min, int16max, int16min, int32max, int32min, is_homogeneous_array,
                                 is_skipped_key, plotlyjsShortTypes, to_typed_array_spec, uint8max, uint16max,
                                 uint32max)
from plotly.basedatatypes import BasePlotlyType
from plotly.io._json import clean_to_json_compatible

FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"  # Streamlit's bundled font, then system fallbacks
FONT_SIZE = 14
TITLE_SIZE = 18
SOURCE_SIZE = 11
SOURCE_WRAP = 80  # characters per line of the source note (fits a half-width chart)
MARGIN = dict(l=10, r=10, t=60, b=96)  # the bottom holds the axis title, then the source note
FIGURE_HEIGHT = 380
LINE_WIDTH = 2.5

INK = "#1f2933"
MUTED = "#5f6b76"
GRID = "#e3e8ee"
TRANSPARENT = "rgba(0,0,0,0)"
GAP_FILL = "rgba(95, 107, 118, 0.12)"

# Okabe & Ito (2008), colour-blind safe.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7f7f7f",
}
SERIES_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                                          "sky_blue", "yellow", "grey")]

DEAD_MISSING_COLOUR = OKABE_ITO["blue"]
DEAD_COLOUR = OKABE_ITO["vermillion"]
MISSING_COLOUR = OKABE_ITO["sky_blue"]

#: One colour per IOM cause-of-death category, the same on every page.
CAUSE_COLOURS = {
    "Drowning": OKABE_ITO["blue"],
    "Vehicle accident / death linked to hazardous transport": OKABE_ITO["orange"],
    "Harsh environmental conditions / lack of adequate shelter, food, water": OKABE_ITO["yellow"],
    "Sickness / lack of access to adequate healthcare": OKABE_ITO["bluish_green"],
    "Violence": OKABE_ITO["vermillion"],
    "Accidental death": OKABE_ITO["reddish_purple"],
    "Mixed or unknown": OKABE_ITO["grey"],
}

#: Short labels for legends where the IOM category is long.
CAUSE_SHORT = {
    "Drowning": "Drowning",
    "Vehicle accident / death linked to hazardous transport": "Vehicle / hazardous transport",
    "Harsh environmental conditions / lack of adequate shelter, food, water": "Harsh environment",
    "Sickness / lack of access to adequate healthcare": "Sickness / no healthcare",
    "Violence": "Violence",
    "Accidental death": "Accidental death",
    "Mixed or unknown": "Mixed or unknown",
}

MINIMUM_ESTIMATE_CAVEAT = "Minimum estimates: many deaths on migration routes are never recorded."

#: Whether :func:`figure` has plotly check every property name and value ("1" in the environment variable
#: MSDE_VALIDATE_FIGURES; read once, at import). Off in the app: validation costs several milliseconds a
#: figure and the builders are tested. The test suite turns it on (tests/conftest.py), so a misspelt property
#: fails a test instead of being dropped silently by plotly.js.
VALIDATE_FIGURES = os.environ.get("MSDE_VALIDATE_FIGURES", "0") == "1"


def hex_to_rgb(colour: str) -> list[int]:
    """"#0072B2" -> [0, 114, 178] (for pydeck)."""
    colour = colour.lstrip("#")
    return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]


#: Values never copied or converted (others, numpy scalars included, take the general path to the same result).
_LEAVES = frozenset({str, int, float, bool, type(None)})
#: Values orjson encodes itself, to the same JSON as after plotly's cleaner (a numpy datetime64, a pandas
#: Timestamp or NaT are not among them: the cleaner writes them its own way).
_NUMPY_NUMBERS = (np.number, np.bool_, np.str_)
_DATES = frozenset({datetime.datetime, datetime.date})
#: What plotly's JSON writer hands its cleaner (see :func:`_clean`).
_JSON_MODULES = {"sage_all": None, "np": np, "pd": pd, "image": None}


def _clean(value: Any) -> Any:
    """``value`` as plotly's JSON writer would clean it before encoding, for values orjson cannot encode
    itself (pandas Timestamps and Series, object arrays, ...). Done here, per value, so that the writer's
    first try succeeds, instead of its falling back to cleaning the whole figure, template included."""
    return clean_to_json_compatible(value, numpy_allowed=True, datetime_allowed=True, modules=_JSON_MODULES)


#: Never a homogeneous array in plotly's sense: copied, not converted.
_CONTAINERS = frozenset({dict, list, tuple})
#: plotly converts int64 and uint64 arrays to the narrowest of these that holds their values.
_NARROWER = {"int64": ((int8min, int8max, np.int8), (int16min, int16max, np.int16), (int32min, int32max, np.int32)),
             "uint64": ((0, uint8max, np.uint8), (0, uint16max, np.uint16), (0, uint32max, np.uint32))}


def _typed_array(value: Any) -> Any:
    """plotly's ``to_typed_array_spec(value)``: a typed-array spec ({"dtype", "bdata"[, "shape"]}) for an array
    of numbers, else the values as a new numpy array (of objects unless dates or numbers). numpy arrays, and
    Series of numpy dtypes or of text, take a short path to the same result (plotly's own asks narwhals what
    each value is: about 0.2 ms an array); the rest go to plotly's."""
    if type(value) is pd.Series and (isinstance(value.dtype, np.dtype) or isinstance(value.dtype, pd.StringDtype)):
        value = value.to_numpy()
    elif type(value) is not np.ndarray:
        return to_typed_array_spec(value)
    if value.dtype.kind not in "iuf":
        return value.copy() if value.dtype.kind in "OM" else np.array(value, dtype=object)
    if not value.size:
        return value.copy()
    array = np.ascontiguousarray(value)
    dtype = str(array.dtype)
    if dtype in _NARROWER:
        low, high = array.min(), array.max()
        for least, most, narrower in _NARROWER[dtype]:
            if low >= least and high <= most:
                array = array.astype(narrower)
                break
        else:
            return array.copy()
        dtype = str(array.dtype)
    if dtype not in plotlyjsShortTypes:
        return array.copy()
    spec = {"dtype": plotlyjsShortTypes[dtype], "bdata": base64.b64encode(array).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = str(array.shape)[1:-1]
    return spec


def _copy_for_json(node: Any, convert: bool) -> Any:
    """``node`` with its dicts and lists copied and, where ``convert``, numpy arrays held by a dict key turned
    into plotly.js typed-array specs: what ``deepcopy`` then ``convert_to_base64`` give in plotly's own
    ``to_dict`` (keys plotly skips, such as "range", keep their arrays), without deepcopy's bookkeeping.
    Strings, numbers and dates are shared (they cannot change); numpy arrays of numbers are copied; values
    orjson cannot encode are cleaned as plotly's JSON writer would (:func:`_clean`), so the JSON is the same."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            kind = type(value)
            if kind in _LEAVES:  # most values: nothing to copy or convert
                out[key] = value
                continue
            keep = convert and not is_skipped_key(key)
            if keep and kind not in _CONTAINERS and is_homogeneous_array(value):
                value = _typed_array(value)  # a new array when it cannot be typed (e.g. dates, text)
                out[key] = value if isinstance(value, dict) or value.dtype.kind in "biuf" else _clean(value)
            else:
                out[key] = _copy_for_json(value, keep)
        return out
    if isinstance(node, (list, tuple)):
        if set(map(type, node)) <= _LEAVES:  # e.g. a colour scale's stops, axis labels: one C-level pass
            return type(node)(node)
        return type(node)(_copy_for_json(value, convert) for value in node)
    if isinstance(node, np.ndarray):
        return node.copy() if node.dtype.kind in "biuf" else _clean(node)
    if isinstance(node, _NUMPY_NUMBERS) or type(node) in _DATES:
        return node  # orjson encodes these as they are, as the cleaner leaves them
    return _clean(node)


#: The default template as JSON, per template name and object (see :meth:`Chart.to_dict`).
_TEMPLATES: dict[tuple[Any, int], bytes] = {}


def _template_copy(name: Any) -> dict[str, Any]:
    """A fresh copy of the template plotly fills in for ``name`` (a registered name, or a template object)."""
    template = name if isinstance(name, BasePlotlyType) else pio.templates[name]
    key = (name if isinstance(name, str) else None, id(template))
    encoded = _TEMPLATES.get(key)
    if encoded is None:  # the first chart, or the default changed: keep the new one only
        encoded = orjson.dumps(_copy_for_json(template.to_plotly_json(), True),
                               option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)
        _TEMPLATES.clear()
        _TEMPLATES[key] = encoded
    return orjson.loads(encoded)


class Chart(go.Figure):
    """The app's figures: a plotly ``go.Figure``, built only if someone asks for more than its dict.

    Each run of a page makes every chart again, and ``st.plotly_chart`` only wants its dict (``to_dict``),
    then its JSON. Made with validation off (as in the app), a Chart keeps the plain dicts it was given and
    builds the graph objects the first time any other attribute is read (``fig.data``, ``fig.layout``, ...);
    building one took about 1 ms, mostly copying the default template.

    ``to_dict`` gives plotly's result (tested against it, as JSON, for every chart of every page), faster:
    plotly's deep-copies the whole figure, Streamlit's template included (about 1,300 objects a chart), with
    ``copy.deepcopy``; this one copies the template from JSON prepared once, and cleans the few values that
    orjson cannot encode (:func:`_clean`), so that Streamlit's encoding need not clean the whole figure again.
    """

    def __init__(self, data: Any = None, layout: Any = None, frames: Any = None, skip_invalid: bool = False,
                 **kwargs: Any) -> None:
        if (kwargs.get("_validate") is False and layout is None and frames is None and not skip_invalid
                and isinstance(data, dict) and set(data) <= {"data", "layout", "frames"}):
            # Not built yet: see __getattr__. The name of the default template is read now, as plotly does.
            self.__dict__["_lazy"] = (data, pio.templates.default)
            return
        super().__init__(data, layout, frames, skip_invalid, **kwargs)

    def __getattr__(self, name: str) -> Any:
        """Called only for attributes not set yet: a lazy Chart builds itself, then answers."""
        lazy = self.__dict__.pop("_lazy", None)
        if lazy is None:
            raise AttributeError(name)
        spec, default = lazy
        layout = spec.get("layout") or {}
        if layout.get("template") is None and default is not None:  # the default when made, not now
            layout = dict(layout, template=default if isinstance(default, BasePlotlyType) else pio.templates[default])
        go.Figure.__init__(self, dict(spec, layout=layout), _validate=False)
        if default is None and (spec.get("layout") or {}).get("template") is None:
            self._layout.pop("template", None)
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        lazy = self.__dict__.get("_lazy")
        if lazy is not None:
            spec, default = lazy
            data = [_copy_for_json(trace, True) for trace in spec.get("data") or ()]
            layout = _copy_for_json(spec.get("layout") or {}, True)
            if layout.get("template") is None and default is not None:
                layout["template"] = _template_copy(default)
            frames = spec.get("frames") or []
        else:
            data = _copy_for_json(self._data, True)
            layout = _copy_for_json(self._layout, True)
            frames = [frame._props for frame in self._frame_objs]
        out = {"data": data, "layout": layout}
        if frames:
            out["frames"] = _copy_for_json(frames, True)
        return out


def figure(data: list[dict[str, Any]], layout: dict[str, Any], frames: list[dict[str, Any]] | None = None
           ) -> go.Figure:
    """The one way the builders make a figure: plain trace dicts (each with its "type") and a layout dict.

    Built in one step, without plotly's per-call property machinery (``add_trace``, ``update_layout``,
    ``make_subplots``), which costs far more than the data; validated only when :data:`VALIDATE_FIGURES`,
    else kept as given until something other than ``to_dict`` reads it (:class:`Chart`).
    """
    spec: dict[str, Any] = {"data": data, "layout": layout}
    if frames is not None:
        spec["frames"] = frames
    return Chart(spec, _validate=VALIDATE_FIGURES)


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
    return dict(text="<br>".join(textwrap.wrap(source, SOURCE_WRAP)), xref="paper", yref="paper", x=0, y=0,
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
        # No template: resolving one costs ~12 ms a figure. Transparent backgrounds take the app's theme
        # (light or dark) on screen, and white in the HTML export.
        paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
        title=dict(text=title, font=dict(size=TITLE_SIZE), x=0, xanchor="left"),  # ink from the theme
        font=dict(family=FONT_FAMILY, size=FONT_SIZE),
        margin=dict(MARGIN),
        height=height,
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )
    out.update(layout)
    out["annotations"] = list(annotations or []) + [source_note(source)]
    out.setdefault("xaxis", {})
    out.setdefault("yaxis", {})
    for key, value in out.items():
        if key.startswith(("xaxis", "yaxis")):
            out[key] = {**value, "gridcolor": GRID}
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
PRESENTER_INK = "#000000"
PRESENTER_TOP_MARGIN = 120
PRESENTER_BOTTOM_MARGIN = MARGIN["b"] + 30  # room for the large tick labels above the source note


def merge(target: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` into ``target`` in place, nested dicts key by key (as plotly's ``update`` does)."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def figure_spec(fig: go.Figure) -> dict[str, Any]:
    """``fig`` as a plain dict to change and rebuild with :func:`figure`: data, layout (and frames).

    Empty objects (``{}``, e.g. an axis title whose text was removed) are left out, as plotly leaves them out
    of a validated copy (``go.Figure(fig)``); the template is kept as it is.
    """
    spec = fig.to_dict()
    for trace in spec["data"]:
        _drop_empty(trace)
    template = spec["layout"].pop("template", None)
    _drop_empty(spec["layout"])
    if template is not None:
        spec["layout"]["template"] = template
    return spec


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    for key, value in list(node.items()):
        if isinstance(value, dict):
            if not _drop_empty(value):
                del node[key]
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _drop_empty(item)
    return node


def presenter_style(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with large type, thick lines and black ink, for a projector."""
    spec = figure_spec(fig)
    data, layout = spec["data"], spec["layout"]
    # A horizontal legend moves just above the plot; a vertical one (beside the plot, top-aligned) stays where it
    # is, as lifting it would run its entries up over the title.
    vertical = layout.get("legend", {}).get("orientation") == "v"
    legend = dict(font=dict(size=PRESENTER_FONT_SIZE)) if vertical else dict(
        font=dict(size=PRESENTER_FONT_SIZE), y=1.02, yanchor="bottom")
    merge(layout, dict(font=dict(size=PRESENTER_FONT_SIZE, color=PRESENTER_INK),
                        title=dict(font=dict(size=PRESENTER_TITLE_SIZE, color=PRESENTER_INK)),
                        height=max(PRESENTER_HEIGHT, int(layout.get("height") or 0)),
                        legend=legend,
                        margin=dict(t=PRESENTER_TOP_MARGIN, b=PRESENTER_BOTTOM_MARGIN)))
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
