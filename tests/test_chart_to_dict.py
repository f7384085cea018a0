"""charts.style.Chart: its fast ``to_dict`` gives exactly what plotly's own gives, for every chart the app shows.

Streamlit calls ``to_dict`` on every chart of every run; the app's figures copy without ``copy.deepcopy``.
These tests compare the two as JSON (what the browser receives): for hand-made figures that reach every
branch (numpy arrays of each kind, keys plotly leaves unconverted, nested lists, frames, the template), and for
every figure of every page, in both the normal and the presenter view.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from charts.style import Chart, figure

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = sorted(str(p.relative_to(Path(APP).parent)) for p in (Path(APP).parent / "pages").glob("*.py"))


def as_json(spec: dict) -> str:
    return pio.to_json(spec, validate=False)


def plotly_to_dict(fig: go.Figure) -> dict:
    return go.Figure.to_dict(fig)


@pytest.mark.parametrize("validate", [False, True])
def test_hand_made_figure_matches_plotly(validate):
    data = [
        dict(type="bar", x=np.array(["a", "b"], dtype=object), y=np.array([3, 4], dtype=np.int64),
             customdata=np.array([[1.5, "x"], [2.5, "y"]], dtype=object), marker=dict(color=["#000", "#111"])),
        dict(type="scatter", x=np.arange(5, dtype=np.int64) * 10 ** 10, y=np.linspace(0, 1, 5),
             text=("p", "q", "r", "s", "t"), mode="lines"),
        dict(type="scatter", x=[1, 2], y=[np.float64(1), None], name="list with a numpy scalar"),
    ]
    layout = dict(title=dict(text="t"), xaxis=dict(range=np.array([0, 5])), yaxis=dict(range=[0, 1]),
                  annotations=[dict(text="a", x=0, y=0)], shapes=[dict(type="rect", x0=0, x1=1, y0=0, y1=1)])
    frames = [dict(name="2024", data=[dict(type="bar", y=np.array([1, 2], dtype=np.int64))])]
    fig = Chart({"data": data, "layout": layout, "frames": frames}, _validate=validate)
    ours = fig.to_dict()
    assert as_json(ours) == as_json(plotly_to_dict(fig))
    assert "template" in ours["layout"] and "frames" in ours
    assert ours["data"][0]["y"]["bdata"]  # a numpy column became a typed array, as plotly sends it


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
        ours = fast(self)
        assert as_json(ours) == as_json(plotly_to_dict(self)), f"{page}: a figure differs from plotly's to_dict"
        compared.append(1)
        return ours

    monkeypatch.setattr(Chart, "to_dict", checked)
    at = AppTest.from_file(APP, default_timeout=120)
    if present:
        at.query_params["present"] = "1"
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    if at.get("plotly_chart"):
        assert compared, f"{page} shows plotly charts but none went through Chart.to_dict"
