"""AppTests of the Routes map, Corridor profile and Corridor comparison pages: they run without exception,
honour the URL, say plainly when a corridor has no incident or no crossing data, and turn a broken
catalogue into one sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from loaders.paths import DATA_DIR_ENV
from tests.pages.test_pages import open_chart_data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
ROUTES, PROFILE, COMPARISON = "pages/7_Routes_map.py", "pages/8_Corridor_profile.py", "pages/9_Corridor_comparison.py"


def run_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def test_routes_map_draws_every_corridor_and_links_to_profiles():
    at = run_page(ROUTES)
    assert not at.exception
    assert len(at.get("deck_gl_json_chart")) == 1
    assert "18 corridors drawn" in texts(at.caption)
    links = [link for link in at.main.get("page_link")]
    assert len(links) == 18
    # IOM's route (25,633) and 20 incidents IOM gives no route, in the corridor's sea areas (membership_comparison.csv).
    assert "Central Mediterranean (25,653 dead and missing)" in [link.label for link in links]
    assert any("South-East Asia to Australia by sea (none recorded)" == link.label for link in links)
    assert "Minimum estimates" in texts(at.caption)


def test_routes_map_follows_the_filters_and_says_when_nothing_matches():
    at = run_page(ROUTES, **{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    assert "Central Mediterranean (1,724 dead and missing)" in [link.label for link in at.main.get("page_link")]
    at = run_page(ROUTES, **{"from": "2025-08", "to": "2025-09"})
    assert not at.exception and "No incidents match these filters" in texts(at.info)
    assert len(at.get("deck_gl_json_chart")) == 0


def test_profile_of_central_mediterranean_shows_deaths_crossings_and_ratios():
    at = run_page(PROFILE, corridor="central_med")
    assert not at.exception
    assert at.selectbox(key="ctl_corridor").value == "central_med"
    assert len(at.get("plotly_chart")) >= 9  # deaths, causes, nationalities; per series crossings, ratio (...)
    captions = texts(at.caption)
    assert "dead and missing per 1,000 detections" in captions
    assert "It misses:" in captions


def test_profile_of_the_bay_of_bengal_has_deaths_and_says_no_crossing_series():
    at = run_page(PROFILE, corridor="bay_of_bengal_andaman")
    assert not at.exception
    # Deaths, causes, nationalities, and deaths per 1,000 attempted journeys (UNHCR's denominator; issue #19).
    assert len(at.get("plotly_chart")) == 4
    assert "No crossing or arrival series in this app measures" in texts(at.info)
    # The box points to UNHCR's denominator below it, rather than saying no ratio can be shown.
    assert "attempted sea journeys stand in as the denominator, below" in texts(at.info)
    assert "so no deaths per" not in texts(at.info)
    assert "Top country of origin: Myanmar" in texts(at.caption)


def test_profile_of_a_corridor_with_no_denominator_at_all_says_no_ratio_can_be_shown():
    at = run_page(PROFILE, corridor="myanmar_thailand_malaysia_land")
    assert not at.exception
    assert "so no deaths per 1,000 crossings can be shown" in texts(at.info)
    assert not any(s.value.startswith("Attempted sea journeys (UNHCR)") for s in at.subheader)


def test_profile_of_the_sea_route_to_australia_says_no_incident_is_recorded():
    at = run_page(PROFILE, corridor="sea_to_australia")
    assert not at.exception
    assert "IOM records no incident on the South-East Asia to Australia by sea corridor" in texts(at.info)
    assert len(at.get("plotly_chart")) == 1  # the boat arrivals only: no ratio without incidents


def test_profile_unknown_corridor_gets_a_notice_and_the_selectbox_updates_the_url():
    at = run_page(PROFILE, corridor="atlantis")
    assert not at.exception
    assert "atlantis" in texts(at.warning)
    assert at.selectbox(key="ctl_corridor").value == "central_med"
    at.selectbox(key="ctl_corridor").set_value("darien").run()
    assert not at.exception
    assert at.query_params["corridor"] in ("darien", ["darien"])
    assert "dead and missing per 1,000 transits" in texts(at.caption)


def test_comparison_lists_every_corridor_for_the_chosen_year():
    at = run_page(COMPARISON, year="2023")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    at = open_chart_data(at)
    assert "Year compared: 2023" in texts(at.caption)
    table = next(frame.value for frame in at.dataframe if "series" in frame.value.columns)
    assert set(table["corridor"]) >= {"Bay of Bengal and Andaman Sea", "Myanmar–Thailand–Malaysia land route",
                                      "South-East Asia to Australia by sea", "Afghanistan–Iran–Türkiye"}
    assert "no crossing data" in set(table["crossings"])
    # The data behind a chart is shown with its columns' reader labels (i18n.columns).
    ratios = next(frame.value for frame in at.dataframe if "per thousand" in frame.value.columns)
    assert not ratios.duplicated(["corridor", "crossing series"]).any()


def test_comparison_unknown_year_and_no_whole_year():
    at = run_page(COMPARISON, year="1999")
    assert not at.exception and "1999" in texts(at.warning)
    at = run_page(COMPARISON, **{"from": "2025-01", "to": "2025-04"})
    assert not at.exception and "No whole calendar year" in texts(at.info)


def test_broken_catalogue_shows_one_sentence(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data)
    catalogue = data / "corridors" / "corridors.csv"
    frame = pd.read_csv(catalogue, dtype=str, keep_default_na=False)
    frame.loc[2, "path"] = "[[1, 2]"
    frame.to_csv(catalogue, index=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    for page in (ROUTES, PROFILE, COMPARISON):
        at = run_page(page)
        assert not at.exception
        assert len(at.error) == 1 and "column “path”. First row with the problem: 4." in at.error[0].value


def test_broken_corridor_catalogue_shows_one_sentence(tmp_path, monkeypatch):
    from loaders.paths import DATA_DIR_ENV
    from tests.pages.test_pages import run_page

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", data)
    (data / "corridors" / "corridors.csv").write_text("")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    for page in ("pages/7_Routes_map.py", "pages/8_Corridor_profile.py", "pages/9_Corridor_comparison.py"):
        at = run_page(page)
        assert not at.exception
        assert len(at.error) == 1 and "corridors.csv is empty" in at.error[0].value
