"""charts.serialise.Chart: its fast ``to_dict`` gives exactly what plotly's own gives, for every chart the app shows.

Streamlit calls ``to_dict`` on every chart of every run, then encodes it; the app's figures are not built as
graph objects unless something reads them, copy without ``copy.deepcopy``, and hold only values that orjson
encodes itself. These tests compare the two as JSON (what the browser receives; the order of keys inside an
object aside): for hand-made figures that reach every branch (numpy arrays of each kind, dates, keys plotly
leaves unconverted, nested lists, frames, the template), built or not, and for every figure of every page, in
both the normal and the presenter view, as the app makes them.
"""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.io._json import clean_to_json_compatible
from streamlit.testing.v1 import AppTest

import charts.serialise
from charts.layout import presenter_style
from charts.serialise import Chart, figure, figure_spec

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = sorted(str(p.relative_to(Path(APP).parent)) for p in (Path(APP).parent / "pages").glob("*.py"))


def as_json(spec: dict) -> object:
    """What the browser receives, parsed (plotly.js does not care in which order an object's keys come)."""
    return json.loads(pio.to_json(spec, validate=False))


def encodes_as_is(spec: dict) -> bool:
    """Whether plotly's JSON writer encodes ``spec`` on its first try, without cleaning the whole figure."""
    try:
        orjson.dumps(spec, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:
        return False
    return True


def built(fig: Chart) -> bool:
    return "_lazy" not in fig.__dict__


def plotly_to_dict(fig: go.Figure) -> dict:
    """plotly's own dict of ``fig``, with every value as plotly's JSON writer cleans it.

    The writer cleans a figure only when orjson cannot encode some value in it, and a cleaned date array is
    written with its fraction of a second ("2014-01-01T00:00:00.000000000"), an uncleaned one without: plotly's
    JSON for a date axis depends on the figure's other values. Chart.to_dict always gives the cleaned form
    (plotly.js reads both as the same dates), so that is what it is held to.
    """
    return clean_to_json_compatible(go.Figure.to_dict(fig), numpy_allowed=True, datetime_allowed=True,
                                    modules={"sage_all": None, "np": np, "pd": pd, "image": None})


@pytest.mark.parametrize("validate", [False, True])
def test_hand_made_figure_matches_plotly(validate):
    data = [
        dict(type="bar", x=np.array(["a", "b"], dtype=object), y=np.array([3, 4], dtype=np.int64),
             customdata=np.array([[1.5, "x"], [2.5, "y"]], dtype=object), marker=dict(color=["#000", "#111"])),
        dict(type="scatter", x=np.arange(5, dtype=np.int64) * 10 ** 10, y=np.linspace(0, 1, 5),
             text=("p", "q", "r", "s", "t"), mode="lines"),
        dict(type="scatter", x=[1, 2], y=[np.float64(1), None], name="list with a numpy scalar"),
        dict(type="scatter", x=pd.Series(pd.date_range("2024-01-01", periods=3, freq="MS")), y=pd.Series([1, 2, 3]),
             customdata=np.array(["a", None, "c"], dtype=object), text=np.array(["u", "v", "w"])),
        dict(type="bar", x=np.array(["2024-01", "2024-02"], dtype="datetime64[ns]"), y=[np.int64(1), np.bool_(True)],
             hovertext=[pd.Timestamp("2024-01-01"), pd.NaT, np.datetime64("2024-03-01")]),
    ]
    layout = dict(title=dict(text="t"), xaxis=dict(range=np.array([0, 5])), yaxis=dict(range=[0, 1]),
                  annotations=[dict(text="a", x=pd.Timestamp("2024-02-01"), y=0)],
                  shapes=[dict(type="rect", x0=pd.Timestamp("2024-01-01"), x1=datetime_of(2024, 3), y0=0, y1=1)])
    frames = [dict(name="2024", data=[dict(type="bar", y=np.array([1, 2], dtype=np.int64))])]
    fig = Chart({"data": data, "layout": layout, "frames": frames}, _validate=validate)
    ours = fig.to_dict()
    assert built(fig) == validate  # an unvalidated Chart gives its dict without building graph objects
    assert as_json(ours) == as_json(plotly_to_dict(fig))
    assert built(fig)
    assert as_json(fig.to_dict()) == as_json(ours)  # and the same once built
    assert encodes_as_is(ours) and encodes_as_is(fig.to_dict())
    assert not encodes_as_is(go.Figure.to_dict(fig))  # plotly's own needs its cleaner: the case is really covered
    assert "template" in ours["layout"] and "frames" in ours
    assert ours["data"][0]["y"]["bdata"]  # a numpy column became a typed array, as plotly sends it


def datetime_of(year: int, month: int):
    import datetime
    return datetime.datetime(year, month, 1)


def test_a_chart_builds_itself_when_read(monkeypatch):
    monkeypatch.setattr(charts.serialise, "VALIDATE_FIGURES", False)  # as in the app
    fig = figure([dict(type="bar", x=["a", "b"], y=np.array([1.0, 2.0]))], dict(title=dict(text="t")))
    assert not built(fig)
    half = figure_spec(fig)  # what fit_half_width and presenter_style read: still not built
    presenter = presenter_style(fig)
    assert not built(fig) and not built(presenter) and "template" in half["layout"]
    assert list(fig.data[0].x) == ["a", "b"] and fig.layout.title.text == "t"
    assert built(fig)
    for twin in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig))):
        assert as_json(twin.to_dict()) == as_json(fig.to_dict())
    fig.update_layout(title_text="changed")  # a built Chart is an ordinary figure
    assert fig.to_dict()["layout"]["title"]["text"] == "changed"


def test_a_template_given_is_kept_and_the_default_is_read_when_made(monkeypatch):
    monkeypatch.setattr(charts.serialise, "VALIDATE_FIGURES", False)
    fig = figure([dict(type="bar", y=[1])], dict(template=dict(layout=dict(font=dict(size=30)))))
    assert fig.to_dict()["layout"]["template"] == {"layout": {"font": {"size": 30}}}
    monkeypatch.setattr(pio.templates, "default", "plotly_dark")
    dark = figure([dict(type="bar", y=[1])], dict())
    monkeypatch.setattr(pio.templates, "default", "simple_white")
    assert as_json(dark.to_dict()) == as_json(plotly_to_dict(dark))  # plotly_dark, as plotly reads it when made
    assert dark.to_dict()["layout"]["template"] == json.loads(pio.json.to_json_plotly(pio.templates["plotly_dark"]))


def test_to_dict_is_a_copy_the_caller_may_change():
    fig = figure([dict(type="bar", x=["a"], y=np.array([1.0]), marker=dict(color="#000"))], dict(title="t"))
    first = fig.to_dict()
    first["data"][0]["marker"]["color"] = "#fff"
    first["data"][0]["x"].append("b")
    first["layout"]["template"]["layout"]["font"] = {"size": 99}
    assert as_json(fig.to_dict()) == as_json(plotly_to_dict(fig))
    assert fig.data[0].marker.color == "#000" and list(fig.data[0].x) == ["a"]


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_of_every_page_sends_what_plotly_would(page, present, monkeypatch):
    compared = []
    fast = Chart.to_dict

    def checked(self):
        ours = fast(self)  # from the dicts the builder gave (the reference below builds the figure)
        assert as_json(ours) == as_json(plotly_to_dict(self)), f"{page}: a figure differs from plotly's to_dict"
        assert encodes_as_is(ours), f"{page}: a figure holds a value that orjson cannot encode"
        compared.append(1)
        return ours

    monkeypatch.setattr(Chart, "to_dict", checked)
    monkeypatch.setattr(charts.serialise, "VALIDATE_FIGURES", False)  # as in the app: unvalidated, not built
    at = AppTest.from_file(APP, default_timeout=120)
    if present:
        at.query_params["present"] = "1"
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    if at.get("plotly_chart"):
        assert compared, f"{page} shows plotly charts but none went through Chart.to_dict"


@pytest.mark.parametrize("value", [
    np.arange(5), np.arange(5) * 10 ** 10, np.arange(5, dtype=np.uint64) * 300, np.array([1.5, np.nan]),
    np.array([[1, 2], [3, 4]]), np.arange(10)[::2], np.arange(6).reshape(2, 3).T, np.array([1, 2], dtype=">i8"),
    np.array([1.0], dtype=np.float16), np.array([-5, 70000]), np.array([0, 2 ** 40], dtype=np.uint64),
    np.array([], dtype=float), np.array([True, False]), np.array(["a", "b"]), np.array([1, "a"], dtype=object),
    pd.Series([1, 2, 3]), pd.Series([1.5, 2.0], index=[7, 3]), pd.Series([1, None], dtype="Int64"),
    pd.Series(pd.to_datetime(["2024-01-01", None])), pd.Series(["x", None]), pd.Series(["x", "y"], dtype=object),
    pd.Series([True, False]), pd.Series([], dtype=float), pd.Series(pd.to_timedelta([1, 2], unit="D")),
    pd.Series(pd.to_datetime(["2024-01-01"]).tz_localize("UTC")), pd.Series(["a"], dtype="category"),
    pd.Index([1, 2]), np.array(["2024-01-01"], dtype="datetime64[D]"), np.array([1], dtype="timedelta64[s]"),
], ids=lambda value: f"{type(value).__name__}-{value.dtype}")
def test_typed_arrays_are_plotlys(value):
    from _plotly_utils.utils import to_typed_array_spec

    from charts.serialise import _typed_array
    ours, theirs = _typed_array(value), to_typed_array_spec(value)
    assert type(ours) is type(theirs)
    if isinstance(theirs, dict):
        assert ours == theirs
    else:
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert repr(ours.tolist()) == repr(theirs.tolist())


def test_a_date_axis_is_sent_in_one_form_whatever_else_the_figure_holds(monkeypatch):
    monkeypatch.setattr(charts.serialise, "VALIDATE_FIGURES", False)
    months = pd.Series(pd.date_range("2014-01-01", periods=3, freq="MS"))
    plain = figure([dict(type="bar", x=months, y=[1, 2, 3])], dict())
    mixed = figure([dict(type="bar", x=months, y=[1, 2, 3], customdata=np.array(["a", "b", "c"], dtype=object))],
                   dict())
    ours = [as_json(fig.to_dict())["data"][0]["x"] for fig in (plain, mixed)]
    assert ours[0] == ours[1] == as_json(plotly_to_dict(plain))["data"][0]["x"]
    uncleaned = json.loads(pio.to_json(go.Figure.to_dict(plain), validate=False))["data"][0]["x"]
    assert uncleaned != ours[0]  # plotly's own, uncleaned: another form of the same dates
    assert list(pd.to_datetime(uncleaned)) == list(pd.to_datetime(ours[0])) == list(months)
