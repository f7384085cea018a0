"""Share and present, without a browser: briefing links, the HTML export, presenter styling and headlines."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from charts.export_html import build_view_html
from charts.layout import PRESENTER_FONT_SIZE, presenter_style
from charts.summaries import takeaway_change
from transforms.periods import dead_missing_by_period, month_range
from ui.briefing import View, decode_briefing, encode_briefing, step_query

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {"app.py": "Overview", "pages/3_Trends.py": "Trends", "pages/1_Data_and_sources.py": "Data and sources"}
BRIEFING = [View("app.py", "Overview", {"from": ["2024-01"], "to": ["2024-12"]}),
            View("pages/3_Trends.py", "Trends", {"subregion": ["Southern Asia"], "grain": ["year"]}),
            View("pages/1_Data_and_sources.py", "Data and sources", {})]


def test_briefing_round_trips_through_one_url_value():
    decoded = decode_briefing(encode_briefing(BRIEFING), PAGES)
    assert decoded == BRIEFING


@pytest.mark.parametrize("text", ["not base64 !!", "e30", encode_briefing([View("pages/../../etc.py", "x", {})])])
def test_malformed_or_foreign_briefings_are_refused(text):
    with pytest.raises(ValueError):
        decode_briefing(text, PAGES)


def test_step_query_carries_the_view_its_position_and_presenter_mode():
    query = step_query(BRIEFING, 1, presenting=True)
    assert query["subregion"] == ["Southern Asia"] and query["step"] == ["2"] and query["present"] == ["1"]
    assert decode_briefing(query["brief"][0], PAGES) == BRIEFING


def test_html_export_is_self_contained_and_escaped():
    fig = go.Figure(go.Bar(x=["2023", "2024"], y=[8747, 9002]))
    geo = go.Figure(go.Choropleth(locations=["MMR"], z=[1]))
    text = build_view_html(title="Overview <b>", description="Showing <script>x</script>", source_lines=["IOM"],
                           figures=[("Bars", fig, "rose"), ("Map", geo, "map")], app_name="Explorer")
    assert "<script>x</script>" not in text and "&lt;script&gt;" in text
    assert "plotly.js v" in text or "Plotly" in text  # plotly.js is inlined
    assert "cdn.plot.ly" not in text.split("</script>", 1)[1]
    assert "Maps left out of this offline file" in text and "Map" in text
    assert text.count("class=\"plotly-graph-div\"") == 1


def test_presenter_style_enlarges_type_and_lines():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    big = presenter_style(fig)
    assert big.layout.font.size == PRESENTER_FONT_SIZE and big.data[0].line.width >= 5
    assert fig.layout.font.size is None  # the original is untouched


def test_takeaway_headline_from_the_data(incidents, options):
    series = dead_missing_by_period(incidents, "year", month_range("2023-01", "2024-12"), [])
    assert takeaway_change(series) == "Dead and missing rose from 8,747 in 2023 to 9,002 in 2024."


def run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_present_flag_in_the_url_turns_presenter_mode_on():
    at = run(present="1", grain="year", **{"from": "2023-01", "to": "2024-12"})
    assert not at.exception
    assert any("Leave presenter mode" == b.label for b in at.main.button)
    assert any("stSidebar" in m.value and "display: none" in m.value for m in at.main.markdown)
    assert any("rose from 8,747 in 2023 to 9,002 in 2024" in m.value for m in at.main.markdown)


def test_briefing_link_shows_its_position():
    at = run(brief=encode_briefing(BRIEFING), step="1", present="1", **{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    assert any("view 1 of 3" in m.value for m in at.main.markdown)


def test_bad_briefing_gets_a_notice():
    at = run(brief="garbage!!")
    assert not at.exception
    assert any("briefing" in w.value for w in at.warning)


def test_adding_views_builds_a_briefing_with_a_link():
    at = run(**{"from": "2024-01"})
    next(b for b in at.sidebar.button if b.label == "Add this view").click().run()
    next(b for b in at.sidebar.button if b.label == "Add this view").click().run()
    assert not at.exception
    assert any(link.label == "Present the briefing ▶" for link in at.sidebar.get("page_link"))
    assert any("brief=" in c.value for c in at.sidebar.code)
