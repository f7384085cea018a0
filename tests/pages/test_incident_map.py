"""AppTests of the Incident map page: it runs, shows its maps, honours its URL controls, turns bad
links and empty selections into one plain sentence, and keeps what it sends to the browser small."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import run_page, url

PAGE = "pages/2_Incident_map.py"
SEA_2014_2016 = {"subregion": "South-eastern Asia", "from": "2014-01", "to": "2016-12"}


def run_map(**query) -> AppTest:
    """Run this page cold with ``query`` in its URL."""
    return run_page(PAGE, **query)


def decks(at: AppTest) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def deck_layer_types(at: AppTest) -> list[str]:
    return [layer["@@type"] for deck in decks(at) for layer in deck["layers"]]


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def sent_bytes(at: AppTest) -> int:
    """Bytes of the charts, maps and tables this run sends to the browser."""
    return (sum(len(d.proto.json) for d in at.get("deck_gl_json_chart"))
            + sum(len(p.proto.spec) for p in at.get("plotly_chart"))
            + sum(d.proto.ByteSize() for d in at.dataframe))


def test_whole_data_shows_density_with_a_sentence_saying_why():
    at = run_map()
    assert not at.exception
    assert at.title[0].value == "Incident map"
    assert any("19,493 incidents match these filters, more than the 2,500" in i.value for i in at.info)
    assert len(decks(at)) == 1 and "PolygonLayer" in deck_layer_types(at)
    assert len(at.get("plotly_chart")) == 1  # the choropleth; the animated map waits to be switched on
    assert at.radio(key="ctl_months").value == "off"
    assert "Switch on to watch the selected period unfold month by month" in captions(at)
    assert "Dead and missing per cell" in " ".join(m.value for m in at.markdown)
    assert "Minimum estimates" in captions(at)
    assert url(at, "view") == [] and url(at, "by") == [] and url(at, "months") == []
    assert sent_bytes(at) < 1_200_000  # about 1.05 MB for all 19,493 incidents


def test_deep_link_draws_points_with_a_plain_text_tooltip():
    at = run_map(**SEA_2014_2016)
    assert not at.exception
    assert not at.info
    assert at.main.markdown[0].value.startswith("Showing incidents from January 2014 to December 2016")
    assert deck_layer_types(at).count("ScatterplotLayer") >= 2
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert tooltip["text"] == "{tip}" and "html" not in tooltip
    legend = " ".join(m.value for m in at.markdown)
    assert "Drowning" in legend and "Mixed or unknown" in legend
    assert "45 incidents drawn, 1,937 dead and missing in all." in captions(at)
    assert "drawn black, as “Several causes”" in captions(at)
    assert "Myanmar has the most dead and missing by country of incident" in captions(at)
    assert len(at.get("plotly_chart")) == 1
    assert url(at, "subregion") == ["South-eastern Asia"]


def test_month_by_month_map_is_built_when_switched_on_and_the_link_keeps_it():
    at = run_map(months="on", **SEA_2014_2016)
    assert not at.exception
    assert at.radio(key="ctl_months").value == "on"
    assert len(at.get("plotly_chart")) == 2
    frames = json.loads(at.get("plotly_chart")[1].proto.spec)["frames"]
    assert len(frames) == 36  # one per month of 2014-2016, empty months included
    assert "the deadliest month was December 2014" in captions(at)
    assert url(at, "months") == ["on"]
    at.radio(key="ctl_months").set_value("off").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1 and url(at, "months") == []


def test_url_controls_are_honoured_and_kept():
    at = run_map(view="density", by="origin", **SEA_2014_2016)
    assert not at.exception
    assert at.radio(key="ctl_view").value == "density"
    assert at.radio(key="ctl_by").value == "origin"
    assert "PolygonLayer" in deck_layer_types(at) and "ScatterplotLayer" not in deck_layer_types(at)
    assert not at.info  # density was asked for, not forced
    assert "counts in full under each" in captions(at)
    assert "by country of origin" in captions(at)
    assert url(at, "view") == ["density"] and url(at, "by") == ["origin"]


def test_changing_a_control_updates_the_url():
    at = run_map(**SEA_2014_2016)
    at.radio(key="ctl_view").set_value("density").run()
    assert not at.exception
    assert url(at, "view") == ["density"]
    assert "PolygonLayer" in deck_layer_types(at)
    at.radio(key="ctl_by").set_value("origin").run()
    assert url(at, "by") == ["origin"]
    at.radio(key="ctl_view").set_value("points").run()
    assert url(at, "view") == [] and url(at, "by") == ["origin"]  # the default leaves the URL
    assert "ScatterplotLayer" in deck_layer_types(at)


def test_unknown_control_value_gets_a_notice():
    at = run_map(view="heatmap", by="planet", **SEA_2014_2016)
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "view=heatmap" in notices and "by=planet" in notices
    assert at.radio(key="ctl_view").value == "points"
    assert at.radio(key="ctl_by").value == "incident"
    assert len(at.get("deck_gl_json_chart")) == 1


def test_empty_selection_says_so():
    at = run_map(**{"from": "2025-08", "to": "2025-09"})  # months no IOM export covers
    assert not at.exception
    assert [i.value for i in at.info] == [
        "No incidents match these filters. Widen the period or remove a filter in the sidebar."]
    assert len(at.get("plotly_chart")) == 0 and len(at.get("deck_gl_json_chart")) == 0


def test_low_quality_caution_is_shown():
    at = run_map(quality=["1", "2"], region="Mediterranean")
    assert not at.exception
    assert any("source quality" in w.value for w in at.warning)


def test_a_large_points_selection_stays_near_two_megabytes():
    at = run_map(country="Libya")  # 2,069 incidents, drawn one by one
    assert not at.exception
    assert "2,069 incidents drawn" in captions(at)
    assert sent_bytes(at) < 2_100_000
