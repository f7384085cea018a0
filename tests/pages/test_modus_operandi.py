"""AppTests for the Modus operandi, Hazards and Crime markets pages: each runs without exception, shows
its charts with a source, honours its URL controls, and turns bad input into one plain sentence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.paths import DATA_DIR_ENV
from tests.pages.test_pages import APP, run_page, url

MODUS, HAZARDS, CRIME = "pages/10_Modus_operandi.py", "pages/11_Hazards.py", "pages/12_Crime_markets.py"


def chart_specs(at: AppTest) -> list[str]:
    """Each plotly chart's title and source line, as plain text."""
    specs = [json.loads(chart.proto.spec)["layout"] for chart in at.get("plotly_chart")]
    return [" ".join([layout["title"]["text"]] + [a["text"] for a in layout.get("annotations", [])]).replace("<br>", " ")
            for layout in specs]


def text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_modus_operandi_default_view():
    at = run_page(MODUS)
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    assert at.selectbox(key="ctl_corridor").value == "central_med"
    assert at.multiselect(key="ctl_kinds").value == ["official", "research", "news", "secondary copy"]
    assert "Currencies are not converted" in text(at)
    assert all("each fact names its own source" in spec for spec in chart_specs(at))
    # Every fact shows its source kind; its citation and quote sit one click away.
    quotes = [e for e in at.expander if e.label == "Source and quote"]
    assert len(quotes) == 16
    assert all("Quote: “" in e.markdown[0].value and "http" in e.markdown[0].value for e in quotes)


def test_modus_operandi_corridor_and_kinds_from_the_url():
    at = run_page(MODUS, corridor="English Channel", kinds=["official", "research"])
    assert not at.exception
    assert at.selectbox(key="ctl_corridor").value == "English Channel"
    assert at.multiselect(key="ctl_kinds").value == ["official", "research"]
    assert url(at, "kinds") == ["official", "research"]
    assert any("No fact from the chosen source kinds" in i.value for i in at.info)


def test_official_and_research_button_sets_the_kinds_and_the_url():
    at = run_page(MODUS, corridor="darien")
    assert len([e for e in at.expander if e.label == "Source and quote"]) == 8
    next(b for b in at.button if b.label == "Official and research only").click().run()
    assert not at.exception
    assert url(at, "kinds") == ["official", "research"] and url(at, "corridor") == ["darien"]
    assert at.multiselect(key="ctl_kinds").value == ["official", "research"]


def test_modus_operandi_unknown_url_values_get_a_notice():
    at = run_page(MODUS, corridor="Atlantis", kinds=["official", "gossip"])
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Atlantis" in notices and "gossip" in notices
    assert at.selectbox(key="ctl_corridor").value == "central_med"


def test_hazards_page():
    at = run_page(HAZARDS, corridor="English Channel", boats="month")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4
    assert at.selectbox(key="ctl_corridor").value == "English Channel"
    assert at.radio(key="ctl_boats").value == "month"
    body = text(at)
    assert "Frontex" in body and "not a person" in body and "people per boat" in body.lower()
    at.radio(key="ctl_boats").set_value("year").run()
    assert not at.exception and url(at, "boats") in ([], [""])
    assert "Source: Frontex" in chart_specs(at)[2] and "UK Home Office" in chart_specs(at)[3]


def test_hazards_empty_selection_says_so():
    at = run_page(HAZARDS, **{"from": "2025-08", "to": "2025-09"})
    assert not at.exception
    assert any("No dead or missing on a known corridor" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 2  # the Frontex and UK charts do not depend on the IOM filters


def test_crime_markets_page():
    at = run_page(CRIME, map="change", region="Mediterranean")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    assert at.radio(key="ctl_map").value == "change"
    specs = chart_specs(at)
    assert all("GI-TOC, Global Organized Crime Index 2021/2023" in spec for spec in specs[:2])
    assert "GI-TOC, Global Organized Crime Index 2023" in specs[2] and "IOM Missing Migrants" in specs[2]
    assert "not where smugglers operate" in text(at)
    at.selectbox(key="ctl_indicator").set_value("Human trafficking").run()
    assert not at.exception and url(at, "indicator") == ["Human trafficking"]


def test_crime_markets_unknown_map_value():
    at = run_page(CRIME, map="1999")
    assert not at.exception
    assert any("map=1999" in w.value for w in at.warning)
    assert at.radio(key="ctl_map").value == "2023"


@pytest.mark.parametrize("page, folder, name, words", [
    (MODUS, "modus_operandi", "modus_operandi_facts.csv", "not numbers"),
    (CRIME, "gitoc", "global_oc_index_2023.csv", "not numbers from 1 to 10"),
])
def test_broken_file_shows_one_sentence(tmp_path, monkeypatch, page, folder, name, words):
    data = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data)
    path = data / folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    if folder == "gitoc":
        lines[2] = lines[2].replace(",6.57,8.5,9.5,", ",6.57,8.5,lots,", 1)  # Libya's human smuggling
    else:
        lines[2] = lines[2].replace(",5500000000.0,", ",5.5 billion,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page(page)
    assert not at.exception
    assert any(words in e.value for e in at.error)
    assert len(at.get("plotly_chart")) == 0


def test_hazards_broken_corridor_catalogue_says_so_in_its_section_only(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data)
    (data / "corridors" / "corridors.csv").write_text("")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page(HAZARDS)
    assert not at.exception
    assert len(at.error) == 1 and "corridors.csv is empty" in at.error[0].value
    assert len(at.get("plotly_chart")) == 2  # the Frontex and UK charts still shown
