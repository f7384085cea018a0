"""AppTests for the Enforcement and Travel documents pages and the Bay of Bengal denominator on the Corridor
profile: each runs without exception, shows its charts with their sources and cautions, honours the sidebar's
Asia-Pacific preset and its own URL control, and turns a broken file into one plain sentence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.paths import DATA_DIR_ENV
from tests.hostile import could_become_markup, echoes
from tests.pages.test_pages import run_page, url

ENFORCEMENT, TRAVEL, CORRIDOR = "pages/13_Enforcement.py", "pages/14_Travel_documents.py", "pages/8_Corridor_profile.py"
ASIA_PACIFIC = ["Southern Asia", "South-eastern Asia", "Eastern Asia"]  # what the sidebar's preset writes to the link
REPO = Path(__file__).resolve().parents[2]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"] for spec in charts(at)]


def trace_names(spec: dict) -> set[str]:
    return {trace.get("name") for trace in spec["data"]}


def text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [i.value for i in at.info])


def test_enforcement_default_view_is_indexed_with_the_caution_and_the_iom_panel():
    at = run_page(ENFORCEMENT)
    assert not at.exception and not at.error
    assert at.radio(key="ctl_view").value == "index"
    assert len(charts(at)) == 3
    assert titles(at)[0].endswith("Index (first reported year = 100)")
    assert any("Levels are not comparable across countries" in w.value for w in at.warning)
    # The caution is written on the map itself too (kept in exports).
    map_notes = [a["text"] for a in charts(at)[1]["layout"]["annotations"]]
    assert any("Levels are not comparable" in note for note in map_notes)
    assert "Dead and missing recorded by IOM" in titles(at)[2]
    assert "never added to, or divided by, the offences" in text(at)
    assert "never drawn as zero" in text(at)
    assert all(trace.get("connectgaps") is False for trace in charts(at)[0]["data"])


def test_enforcement_with_the_asia_pacific_preset():
    at = run_page(ENFORCEMENT, subregion=ASIA_PACIFIC)
    assert not at.exception and not at.error
    lines = trace_names(charts(at)[0])
    assert {"Thailand", "Myanmar", "Philippines", "New Zealand"} <= lines  # Oceania included, as the preset means
    assert "Türkiye" not in lines and "Turkey" not in lines
    assert "Asia-Pacific (Southern, South-eastern and Eastern Asia and Oceania" in text(at)
    nothing = next(e for e in at.expander if e.label == "Countries and territories that report nothing")
    assert "Australia" in nothing.markdown[0].value and "Thailand" not in nothing.markdown[0].value
    assert "report nothing" in text(at)
    iom = charts(at)[2]
    assert iom["data"] and trace_names(iom) <= {"Thailand", "Myanmar", "Philippines", "Sri Lanka", "Maldives",
                                                "Mongolia", "New Zealand", "Japan", "Bhutan",
                                                "China, Macao Special Administrative Region"}


def test_enforcement_view_from_the_url_and_a_bad_view():
    at = run_page(ENFORCEMENT, view="rate", subregion=["South-eastern Asia"])
    assert not at.exception
    assert at.radio(key="ctl_view").value == "rate"
    assert "per 100,000 population" in charts(at)[0]["layout"]["yaxis"]["title"]["text"]
    at.radio(key="ctl_view").set_value("count").run()
    assert url(at, "view") == ["count"] and titles(at)[0].endswith("Offences recorded")
    at = run_page(ENFORCEMENT, view="everything")
    assert not at.exception and at.radio(key="ctl_view").value == "index"
    assert any("Ignored “view=everything”" in w.value for w in at.warning)


def test_enforcement_period_filter_cuts_the_years():
    at = run_page(ENFORCEMENT, subregion=ASIA_PACIFIC, **{"from": "2019-01", "to": "2020-12"})
    assert not at.exception
    years = {x for trace in charts(at)[0]["data"] for x in trace["x"]}
    assert years and years <= {2019, 2020}


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def test_enforcement_with_a_broken_file_says_so_in_one_sentence(broken_data):
    path = broken_data / "enforcement" / "unodc_cts_smuggling_offences.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",VALUE,", ",VAL,", 1), encoding="utf-8")
    at = run_page(ENFORCEMENT)
    assert not at.exception
    assert len(at.error) == 1 and "lacks a required column “VALUE”" in at.error[0].value


def test_travel_documents_page():
    at = run_page(TRAVEL)
    assert not at.exception and not at.error
    assert len(charts(at)) == 4
    assert "Iran" in trace_names(charts(at)[0]) and "All other nationalities" in trace_names(charts(at)[0])
    assert any("not a count of fraudulent documents" in w.value for w in at.warning)
    assert "Southern Asia includes Iran and Afghanistan" in text(at)
    fraud = [e for e in at.expander if e.label.startswith(("Vietnam", "Asia-Pacific (regional)", "China"))]
    assert fraud and all("http" in e.markdown[0].value for e in fraud)
    headings = [s.value for s in at.subheader]
    assert "Your document-fraud detections" in headings
    assert any("under “Your data” in the sidebar (a template is there)" in i.value for i in at.info)


def test_travel_documents_shows_a_sources_dollar_sign_as_written():
    """A cited title with "$" ("a $2bn industry") is escaped, so markdown never reads it as the start of maths."""
    at = run_page(TRAVEL)
    shown = [m.value for e in at.expander for m in e.markdown]
    dollar = [value for value in shown if "2bn industry" in value]
    assert dollar and all("\\$2bn" in value for value in dollar)
    assert all(could_become_markup(echo) is False for value in shown for echo in echoes(value))


def test_travel_documents_with_the_asia_pacific_preset():
    at = run_page(TRAVEL, subregion=ASIA_PACIFIC)
    assert not at.exception
    nationalities = trace_names(charts(at)[0])
    assert {"India", "Sri Lanka", "China"} <= nationalities and "Albania" not in nationalities
    assert "Asia-Pacific nationalities (UN M49" in text(at)


def test_bay_of_bengal_shows_deaths_per_thousand_attempted_journeys_with_sources():
    at = run_page(CORRIDOR, corridor="bay_of_bengal_andaman")
    assert not at.exception and not at.error
    spec = next(s for s in charts(at) if "per 1,000 attempted sea journeys" in s["layout"]["title"]["text"])
    unhcr = next(t for t in spec["data"] if t["name"] == "Dead and missing counted by UNHCR")
    by_period = dict(zip(unhcr["x"], unhcr["y"]))
    assert by_period["2023"] == pytest.approx(569 / 4500 * 1000)
    assert any(t["name"] == "Dead and missing recorded by IOM" for t in spec["data"])
    assert "IOM's and UNHCR's counts of the dead differ" in text(at)
    sources = next(e for e in at.expander if e.label.startswith("Sources of UNHCR's figures"))
    listed = sources.markdown[0].value
    assert "unognewsroom.org" in listed and "Where:" in listed and "more than 3,500" in listed


def test_other_corridors_show_no_unhcr_section():
    at = run_page(CORRIDOR, corridor="central_med")
    assert not at.exception
    assert not any("attempted sea journeys" in t for t in titles(at))


def test_enforcement_without_iom_data_still_draws_the_offences(broken_data):
    for export in (broken_data / "iom_mmp").glob("*.csv"):
        export.write_text("not,an,export\n", encoding="utf-8")
    at = run_page(ENFORCEMENT)
    assert not at.exception
    assert len(charts(at)) == 2  # offences over time and the map; the IOM panel says why it is empty
    assert any("IOM Missing Migrants data, which cannot be read" in i.value for i in at.info)
