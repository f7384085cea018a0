"""AppTests for the Incident table page: the ``q`` search in the URL, the row counts, the source links, and
downloads that go through the spreadsheet-safe builders (checked by running the page's own deferred download
callables and reading the bytes back)."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.pages.test_pages import run_page, url
from transforms.incident_table import DATA_SHEET, MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, TABLE_COLUMNS

PAGE = "pages/6_Incident_table.py"


@pytest.fixture
def downloads(monkeypatch):
    """File name -> the callable the page registered for each deferred download button."""
    registered: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return registered


def summary_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing"))


def test_search_from_the_url_and_safe_downloads(downloads):
    at = run_page(PAGE, q="Frankzocalo")  # IOM credits one incident to the source “@Frankzocalo”
    assert not at.exception
    assert at.text_input(key="ctl_q").value == "Frankzocalo" and url(at, "q") == ["Frankzocalo"]
    assert summary_line(at).startswith("**Showing 1 of 19,466 incidents** (1 row matching")
    assert len(at.dataframe) == 1
    assert [b.label for b in at.main.get("download_button")] == ["Download CSV", "Download Excel"]

    csv_text = downloads["incidents.csv"]().decode("utf-8")
    header = [row[0] for row in csv.reader(io.StringIO(csv_text)) if row[0].startswith("# ")]
    assert any("CC BY 4.0" in line for line in header) and any("Search: “Frankzocalo”" in line for line in header)
    assert any(line.startswith("# Filters: Showing incidents") for line in header)
    table = pd.read_csv(io.StringIO(csv_text), skiprows=len(header))
    assert list(table.columns) == list(TABLE_COLUMNS) and len(table) == 1
    assert table.loc[0, "information_source"] == "'@Frankzocalo"

    sheet = openpyxl.load_workbook(io.BytesIO(downloads["incidents.xlsx"]()))[DATA_SHEET]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "'@Frankzocalo"]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_source_links_are_link_columns():
    at = run_page(PAGE, q="Andaman", subregion="South-eastern Asia")
    assert not at.exception
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["source_link"]["type_config"]["type"] == "link"
    assert config["date"]["type_config"]["type"] == "date"
    shown = at.dataframe[0].value
    assert len(shown) > 0 and (shown["location"].fillna("") + shown["migration_route"].astype("str").fillna("")).str.contains(
        "Andaman", case=False).all()
    assert url(at, "subregion") == ["South-eastern Asia"] and url(at, "q") == ["Andaman"]


def test_typing_a_search_updates_the_table_and_the_url():
    at = run_page(PAGE, **{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    everything = summary_line(at)
    assert "incidents**" in everything and "matching" not in everything
    at.text_input(key="ctl_q").input("Lampedusa").run()
    assert not at.exception
    assert url(at, "q") == ["Lampedusa"] and "matching “Lampedusa”" in summary_line(at)
    assert at.dataframe[0].value["location"].str.contains("Lampedusa", case=False).all()


def test_search_without_match_says_so():
    at = run_page(PAGE, q="zzqx-no-such-place")
    assert not at.exception
    assert any("No incident in this selection matches" in i.value for i in at.info)
    assert len(at.dataframe) == 0 and len(at.main.get("download_button")) == 0


def test_empty_selection_says_so():
    at = run_page(PAGE, **{"from": "2025-08", "to": "2025-09"})
    assert not at.exception
    assert any("No incidents match these filters" in i.value for i in at.info)
    assert len(at.dataframe) == 0


def test_a_huge_search_link_is_cut_to_the_limits_with_a_notice():
    words = [f"w{i}" for i in range(8000)]
    at = run_page(PAGE, q="Lampedusa " + " ".join(words))
    assert not at.exception
    kept = " ".join(["Lampedusa"] + words[:MAX_SEARCH_WORDS - 1])
    assert at.text_input(key="ctl_q").value == kept and url(at, "q") == [kept]
    assert at.text_input(key="ctl_q").proto.max_chars == MAX_SEARCH_CHARS
    notices = [i.value for i in at.info if "too long" in i.value]
    assert len(notices) == 1 and "w0" not in notices[0]  # says what happened, echoes nothing
    assert any("No incident in this selection matches" in i.value for i in at.info)


def test_the_box_is_read_by_the_same_rule_as_the_link():
    at = run_page(PAGE)
    at.text_input(key="ctl_q").input("  Lampedusa   LAMPEDUSA italy  ").run()
    assert not at.exception
    assert at.text_input(key="ctl_q").value == "Lampedusa italy" and url(at, "q") == ["Lampedusa italy"]
    assert not [i for i in at.info if "too long" in i.value]
    at.text_input(key="ctl_q").input(" ".join(["Lampedusa"] + [f"w{i}" for i in range(12)])).run()
    assert not at.exception
    assert at.text_input(key="ctl_q").value.split() == ["Lampedusa"] + [f"w{i}" for i in range(MAX_SEARCH_WORDS - 1)]
    assert [i for i in at.info if "too long" in i.value]
    at.text_input(key="ctl_q").input("Lampedusa").run()
    assert not [i for i in at.info if "too long" in i.value] and "matching “Lampedusa”" in summary_line(at)
