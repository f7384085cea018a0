"""Figures kept as plain dicts and written to JSON fast: :func:`figure` and :class:`Chart`.

Every builder makes its figure with :func:`figure`. A :class:`Chart` keeps the
plain trace and layout dicts and builds plotly's graph objects only when
something other than ``to_dict`` reads them.
"""

from __future__ import annotations

import base64
import datetime
import os
from typing import Any

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import is_homogeneous_array, is_skipped_key, plotlyjsShortTypes, to_typed_array_spec
from plotly.io._json import clean_to_json_compatible

#: plotly's private modules this serialiser imports, and the names it takes from each: plotly has no public
#: API for them, and copying them here would let plotly change its JSON without this module following.
#: ``to_dict`` must give exactly plotly's JSON, so each is tied to the plotly version pinned in requirements.txt
#: (tests/unit/test_serialise.py fails on any other version). On an upgrade, re-check each name below
#: against the new plotly's ``convert_to_base64`` and ``to_json_plotly``, then run
#: tests/pages/test_chart_serialise.py.
PLOTLY_PRIVATE_MODULES: dict[str, tuple[str, ...]] = {
    # What plotly's to_dict turns into a typed array ({"dtype", "bdata"}), and how: the arrays it converts,
    # the keys whose arrays it leaves alone ("range", "geojson", ...), plotly.js's short type names, and its
    # own conversion (for values other than numpy arrays and plain Series).
    "_plotly_utils.utils": ("is_homogeneous_array", "is_skipped_key", "plotlyjsShortTypes", "to_typed_array_spec"),
    # How plotly's JSON writer cleans a figure orjson cannot encode as it is (dates, object arrays, NaT...).
    # The public plotly.io.json.to_json_plotly cleans only when orjson fails on the whole value, so it would
    # write a date array that orjson encodes itself in another form than the cleaned one Chart.to_dict gives.
    "plotly.io._json": ("clean_to_json_compatible",),
}

#: Private attributes of plotly's figure objects :class:`Chart` reads or sets (re-check these too on an upgrade):
#: a built figure's trace, layout and frame properties as plain dicts, and the constructor's switch for
#: validation.
PLOTLY_PRIVATE_ATTRIBUTES = ("BaseFigure._data", "BaseFigure._layout", "BaseFigure._frame_objs",
                             "BasePlotlyType._props", "go.Figure(..., _validate=)")

#: Whether :func:`figure` has plotly check every property name and value ("1" in the environment variable
#: MSDE_VALIDATE_FIGURES; read once, at import). Off in the app: validation is slow, for every figure, and the
#: builders are tested. The test suite turns it on (tests/conftest.py), so a misspelt property
#: fails a test instead of being dropped silently by plotly.js.
VALIDATE_FIGURES = os.environ.get("MSDE_VALIDATE_FIGURES", "0") == "1"


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


#: plotly converts int64 and uint64 arrays to the narrowest of these that holds their values (lowest, highest, type).
_NARROWER = {"int64": tuple((np.iinfo(kind).min, np.iinfo(kind).max, kind) for kind in (np.int8, np.int16, np.int32)),
             "uint64": tuple((0, np.iinfo(kind).max, kind) for kind in (np.uint8, np.uint16, np.uint32))}


def _typed_array(value: Any) -> Any:
    """plotly's ``to_typed_array_spec(value)``: a typed-array spec ({"dtype", "bdata"[, "shape"]}) for an array
    of numbers, else the values as a new numpy array (of objects unless dates or numbers). numpy arrays, and
    Series of numpy dtypes or of text, take a short path to the same result (plotly's own asks narwhals what
    each value is, which is slow for every array); the rest go to plotly's."""
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
    template = name if isinstance(name, go.layout.Template) else pio.templates[name]
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
    builds the graph objects the first time any other attribute is read (``fig.data``, ``fig.layout``, ...):
    building them is slow, mostly copying the default template.

    ``to_dict`` gives plotly's result (tested against it, as JSON, for every chart of every page), faster:
    plotly's deep-copies the whole figure, Streamlit's template included (far more objects than the data), with
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
            template = default if isinstance(default, go.layout.Template) else pio.templates[default]
            layout = dict(layout, template=template)
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
