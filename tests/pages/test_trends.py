"""AppTests for the Trends page: charts render, URL controls are honoured and written back, bad
values give a notice, and an empty selection gives a sentence."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import run_page, url

PAGE = "pages/3_Trends.py"


def run(**query) -> AppTest:
    """Run this page cold with ``query`` in its URL."""
    return run_page(PAGE, **query)


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_default_view_has_three_charts_and_the_events_list():
    at = run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    assert at.selectbox(key="ctl_split").value == "region" and at.radio(key="ctl_grain").value == "year"
    text = " ".join(m.value for m in at.markdown)
    assert "Andaman Sea crisis" in text and "unhcr.atavist.com/mmm2015" in text
    assert "Largest region of incident over the period: Mediterranean" in captions(at)


def test_url_controls_are_honoured():
    at = run(grain="quarter", split="cause", display="lines", measure="share", events="off",
             subregion=["Southern Asia", "South-eastern Asia"])
    assert not at.exception
    assert at.radio(key="ctl_grain").value == "quarter" and at.radio(key="ctl_display").value == "lines"
    assert at.radio(key="ctl_measure").value == "share" and at.radio(key="ctl_events").value == "off"
    assert "Events shown" not in [s.value for s in at.subheader]
    text = " ".join(m.value for m in at.markdown)
    assert "split by cause of death" in text and "counts under each" in text
    assert "Southern Asia" in at.main.markdown[0].value  # the shell's filter sentence


def test_changing_a_control_updates_the_url():
    at = run(**{"from": "2020-01", "to": "2024-12"})
    at.selectbox(key="ctl_split").set_value("route").run()
    assert not at.exception
    assert url(at, "split") == ["route"] and url(at, "from") == ["2020-01"]
    at.radio(key="ctl_grain").set_value("quarter").run()
    assert url(at, "grain") == ["quarter"]
    at.radio(key="ctl_grain").set_value("year").run()  # the default for five years: left out of the URL
    assert url(at, "grain") == [] and url(at, "split") == ["route"]


def test_bad_url_values_give_a_notice():
    at = run(split="planet", grain="decade")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "planet" in notices and "decade" in notices
    assert len(at.get("plotly_chart")) == 3


def test_empty_selection_says_so():
    at = run(**{"from": "2025-08", "to": "2025-09"})
    assert not at.exception
    assert any("No incidents match these filters" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_rolling_and_change_respect_the_export_gap():
    at = run(grain="year", split="none")
    assert not at.exception
    text = captions(at)
    assert "The 12 months to Mar 2025 saw 8,258" in text
    assert "Latest comparable year, 2024: 9,002 dead and missing, +255" in text
    assert "April 2025, May 2026" in text
