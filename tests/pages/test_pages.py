"""AppTests: every page runs without exception, shows its charts, honours URL filters, and
turns bad input (unknown URL values, empty selections, broken data files) into plain sentences."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.paths import DATA_DIR_ENV
from tests.broken_exports import EXPORT_2026, export_dead_missing

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120


def run_page(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def open_chart_data(at: AppTest) -> AppTest:
    """Open every "Data behind this chart" expander and rerun: the tables behind charts are built only when open.

    A stateful expander's element id ends with its key ("$$ID-<hash>-<key>"); its state is that key."""
    keys = [e.proto.id.split("-", 2)[2] for e in at.main.expander if e.label == "Data behind this chart"]
    assert keys, "no chart on this page has a data expander"
    for key in keys:
        at.session_state[key] = True
    return at.run()


def url(at: AppTest, key: str) -> list[str]:
    """The values of one URL parameter after the run."""
    value = at.query_params.get(key, [])
    return list(value) if isinstance(value, (list, tuple)) else [value]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_headlines_charts_and_map():
    at = run_page()
    assert not at.exception
    assert metrics(at)["Dead and missing"] == "76,276"
    assert len(at.get("plotly_chart")) == 3
    assert len(at.get("deck_gl_json_chart")) == 1
    assert any("Minimum estimates" in c.value for c in at.caption)
    labels = [link.label for link in at.sidebar.get("page_link")]
    assert labels[0] == "Overview" and labels[-1] == "Data and sources"


def test_overview_applies_filters_from_the_url():
    at = run_page(**{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    assert metrics(at)["Dead and missing"] == "9,002"
    assert at.main.markdown[0].value.startswith("Showing incidents from January 2024 to December 2024")
    assert at.metric[0].delta == "+255"  # 9,002 in 2024 against 8,747 in 2023


def test_filter_change_updates_figures_and_the_url():
    at = run_page(**{"from": "2024-01", "to": "2024-12"})
    at.sidebar.multiselect(key="w_subregions").set_value(["South-eastern Asia"]).run()
    assert not at.exception
    assert metrics(at)["Dead and missing"] == "539"
    assert url(at, "subregion") == ["South-eastern Asia"]
    assert url(at, "from") == ["2024-01"]


def test_unknown_url_values_get_a_notice_not_an_error():
    at = run_page(region=["Mediterranean", "Atlantis"], to="not-a-month")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Atlantis" in notices and "not-a-month" in notices
    assert at.sidebar.multiselect(key="w_regions").value == ["Mediterranean"]


def test_empty_selection_says_so():
    at = run_page(**{"from": "2025-08", "to": "2025-09"})  # months no IOM export covers
    assert not at.exception
    assert any("No incidents match these filters" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_asia_pacific_button_sets_the_sub_regions():
    at = run_page()
    next(b for b in at.sidebar.button if b.label == "Asia-Pacific").click().run()
    assert not at.exception
    assert set(url(at, "subregion")) == {"Southern Asia", "South-eastern Asia", "Eastern Asia"}


def test_data_and_sources_page():
    at = run_page("pages/1_Data_and_sources.py", region="Mediterranean")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "CC BY 4.0" in text and "Natural Earth" in text
    assert len(at.dataframe) >= 3
    assert at.sidebar.multiselect(key="w_regions").value == ["Mediterranean"]
    listed = " ".join(e.label for e in at.main.expander)
    for folder in ("flows", "corridors", "modus_operandi", "gitoc", "events", "reference"):
        assert f"data/{folder}/" in listed, f"data/{folder} is not described on the page"


def shown(elements) -> str:
    """The text of some elements as a reader sees it (markdown escapes and zero-width spaces removed)."""
    return re.sub(r"\\(.)", r"\1", " ".join(e.value for e in elements)).replace("\u200b", "")


@pytest.mark.parametrize("breakage, words", [
    ("missing", "is missing"),
    ("empty", "is empty"),
    ("column", "lacks a required column"),
    ("values", "holds values that are not whole numbers"),
])
def test_broken_data_file_is_named_and_the_other_export_still_shown(tmp_path, monkeypatch, breakage, words):
    """Deliberately changed (issue 15): a broken IOM export no longer stops every page with one error. It is left
    out with a warning naming it on every page, the other export's incidents still count, and Data and sources
    lists it among the files that cannot be used. With no export left, pages say so and Data and sources renders."""
    data = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data)
    export = data / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
    if breakage == "missing":
        for path in (data / "iom_mmp").glob("*.csv"):
            path.unlink()
    elif breakage == "empty":
        export.write_text("")
    elif breakage == "column":
        lines = export.read_text(encoding="utf-8").splitlines()[:50]
        export.write_text("\n".join(lines).replace("Coordinates", "Coords", 1) + "\n", encoding="utf-8")
    else:
        lines = export.read_text(encoding="utf-8").splitlines()[:50]
        lines[3] = lines[3].replace(",1,,1,", ",one,,1,", 1)
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page()
    assert not at.exception
    warned = shown(at.warning)
    assert f"Missing_Migrants_Global_Figures_allData.csv {words}" in warned
    assert str(data) not in warned
    if breakage == "missing":  # no export left: the page says so, and draws nothing of IOM's
        assert "MissingMigrants-Global-2026-05-06--19_42_11.csv is missing" in warned
        assert any("cannot be read at the moment" in i.value for i in at.info) and not at.metric
    else:  # the 2026 export still counts
        assert metrics(at)["Dead and missing"] == f"{export_dead_missing(EXPORT_2026):,}"
    at = run_page("pages/1_Data_and_sources.py")
    assert not at.exception
    assert f"Missing_Migrants_Global_Figures_allData.csv {words}" in shown(at.error)
    assert all(error.value.endswith("reload the page.") for error in at.error)
    listed = " ".join(e.label for e in at.main.expander)
    assert "data/flows/" in listed and "data/corridors/" in listed  # every other file still described


def test_unknown_page_control_value_gets_a_notice():
    at = run_page(grain="fortnight")
    assert not at.exception
    assert any("fortnight" in w.value for w in at.warning)
    assert at.radio(key="ctl_grain").value == "year"


def test_low_quality_caution_appears_where_low_quality_records_dominate():
    at = run_page(quality=["1", "2"])
    assert not at.exception
    assert any("source quality" in w.value for w in at.warning)
