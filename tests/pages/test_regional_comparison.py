"""AppTests for the Regional comparison page: charts and table render, the comparison's URL keys
(dimension, repeated groups, base year) are honoured, presets work, and bad input gives a sentence."""

from __future__ import annotations

import csv
import io

from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import open_chart_data, run_page, url

PAGE = "pages/4_Regional_comparison.py"


def run(**query) -> AppTest:
    """Run this page cold with ``query`` in its URL."""
    return run_page(PAGE, **query)


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_default_comparison_renders_every_chart_and_the_table():
    at = run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 7
    assert at.multiselect(key="ctl_group").value == ["Mediterranean", "Northern Africa", "North America",
                                                      "Southern Asia"]
    assert url(at, "group") == ["Mediterranean", "Northern Africa", "North America", "Southern Asia"]
    closed = len(at.dataframe)  # the tables behind the charts are built only when their expander is open
    at = open_chart_data(at)
    assert not at.exception
    assert len(at.dataframe) == closed + 7 and len(at.dataframe) >= 8  # one per chart, plus every compared number
    assert any("replace the sidebar's region of incident filter" in m.value for m in at.markdown)


def test_url_dimension_groups_and_base_year_are_honoured():
    at = run(compare="subregion", group=["Southern Asia", "South-eastern Asia", "Eastern Asia"], base="2019")
    assert not at.exception
    assert at.radio(key="ctl_compare").value == "subregion"
    assert at.selectbox(key="ctl_base").value == "2019"
    assert "Against 2019 = 100" in captions(at)
    assert "Where recorded: children ÷ dead and missing" in captions(at)
    assert url(at, "base") == ["2019"] and url(at, "compare") == ["subregion"]


def test_asia_pacific_preset_button():
    at = run()
    next(b for b in at.button if b.label == "Asia-Pacific").click().run()
    assert not at.exception
    assert at.radio(key="ctl_compare").value == "subregion"
    assert url(at, "group") == ["Southern Asia", "South-eastern Asia", "Eastern Asia"]


def test_route_preset_and_conflict_rule_with_the_global_route_filter():
    at = run(route="Darien")
    next(b for b in at.button if b.label == "Mediterranean routes").click().run()
    assert not at.exception
    assert url(at, "group") == ["Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean"]
    assert any("migration route filter (Darien) is not applied here" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 7


def test_unknown_groups_give_a_notice_and_fewer_than_two_a_sentence():
    at = run(group=["Mediterranean", "Atlantis"])
    assert not at.exception
    assert any("Atlantis" in w.value for w in at.warning)
    assert any(i.value == "Choose at least two regions to compare." for i in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_bad_base_year_gives_a_notice():
    at = run(compare="route", group=["Central Mediterranean", "Darien"], base="1999")
    assert not at.exception
    assert any("base=1999" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 7


def test_empty_selection_says_so():
    at = run(**{"from": "2025-08", "to": "2025-09"})
    assert not at.exception
    assert any("No incidents match these filters" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_a_period_with_no_whole_year_then_another_period_never_breaks_the_page():
    """A period with no whole year offers no index base; the base-year box used to keep None and the next
    period change raised a traceback on every later run. Now the page says why there is no base, and the
    next period gets its default base."""
    at = run(**{"from": "2024-03", "to": "2026-03"})
    assert not at.exception
    assert any("no whole year in the selected period" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "ctl_base"]
    assert len(at.get("plotly_chart")) == 6  # every chart but the indexed one
    at.sidebar.select_slider(key="w_period").set_value(("2016-01", "2019-12")).run()
    assert not at.exception
    assert at.selectbox(key="ctl_base").value == "2016" and at.session_state["ctl_base"] == "2016"
    at.sidebar.select_slider(key="w_period").set_value(("2024-03", "2026-03")).run()
    at.sidebar.select_slider(key="w_period").set_value(("2017-06", "2020-12")).run()
    assert not at.exception and at.selectbox(key="ctl_base").value == "2018"


def test_every_compared_number_downloads_on_click_with_its_provenance(monkeypatch):
    """The CSV of every compared number is built when clicked (not on every run) and carries its header."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    registered: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at = run()
    assert not at.exception
    text = registered["regional-comparison.csv"]().decode("utf-8")
    lines = [row[0] for row in csv.reader(io.StringIO(text))]  # a provenance line is a one-cell row
    assert lines[0] == "# Regional comparison: every compared number"
    assert any("IOM Missing Migrants Project" in line for line in lines[:5])
    assert "Mediterranean" in text and "Southern Asia" in text
