"""The Regional comparison, Country profile and Incident table in Thai and French: they render without an
exception, and numbers, dates and country names come out in the locale's form (the catalogues may still be empty,
so the words may be English). Downloads bound at render keep the page's language when built on click."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from i18n import format_date, use_language
from tests.pages.test_pages import run_page
from transforms.exports import download_name, export_header
from transforms.incident_table import TableText, table_excel, table_text

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
               "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
NARROW_NBSP = "\u202f"


@pytest.fixture(autouse=True)
def english_afterwards():
    """A test that sets the active language puts English back for the tests after it."""
    yield
    use_language("en")


def texts(at: AppTest) -> str:
    """Every caption, markdown, info and metric of a run, as one string."""
    parts = [e.value for kind in ("caption", "markdown", "info") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def registered_downloads(monkeypatch) -> dict:
    """File name -> the callable Streamlit keeps for each download built on click."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    registered: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return registered


def test_regional_comparison_in_thai_and_french(monkeypatch):
    downloads = registered_downloads(monkeypatch)
    at = run_page("pages/4_Regional_comparison.py", lang="th",
                  compare="subregion", group=["Southern Asia", "South-eastern Asia"], base="2019")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 7
    # Thai sub-region names (CLDR) in the picker's labels; the values (and the link) stay English.
    assert at.multiselect(key="ctl_group").value == ["Southern Asia", "South-eastern Asia"]
    assert any(re.search("[\u0e00-\u0e7f]", o) for o in at.multiselect(key="ctl_group").options)
    name, = [n for n in downloads if n.endswith(".csv")]
    assert name.endswith(".csv") and "/" not in name and len(name) > 4
    at = run_page("pages/4_Regional_comparison.py", lang="fr", compare="route",
                  group=["Central Mediterranean", "Eastern Mediterranean"])
    assert not at.exception
    # French grouping: a narrow no-break space between thousands in the children caption.
    assert re.search(rf"\d{NARROW_NBSP}\d{{3}}", " ".join(c.value for c in at.caption))


def test_country_profile_in_thai(monkeypatch):
    at = run_page("pages/5_Country_profile.py", lang="th", profile="MMR")
    assert not at.exception
    assert at.selectbox(key="ctl_profile").value == "MMR"
    shown = texts(at)
    assert "เมียนมา" in shown  # Myanmar's name in Thai (CLDR)
    assert len(at.get("plotly_chart")) >= 4
    at = run_page("pages/5_Country_profile.py", lang="fr", profile="MMR")
    assert not at.exception
    assert "Birmanie" in texts(at) or "Myanmar" in texts(at)


def test_incident_table_in_thai_with_downloads_bound_to_the_language(monkeypatch):
    downloads = registered_downloads(monkeypatch)
    at = run_page("pages/6_Incident_table.py", lang="th", q="Andaman")
    assert not at.exception
    assert len(at.dataframe) == 1
    csv_name, = [n for n in downloads if n.endswith(".csv")]
    xlsx_name, = [n for n in downloads if n.endswith(".xlsx")]
    assert csv_name.endswith(".csv") and xlsx_name.endswith(".xlsx") and len(csv_name) > 4
    use_language("en")  # a click is served outside the page's run: the words were bound at render
    payload = downloads[csv_name]().decode("utf-8")
    lines = [row[0] for row in csv.reader(io.StringIO(payload)) if row and row[0].startswith("# ")]
    assert any(any(month in line for month in THAI_MONTHS) for line in lines)  # the export date, in Thai
    assert downloads[xlsx_name]()[:2] == b"PK"


def test_export_header_and_file_names_follow_the_language():
    use_language("fr")
    header = export_header(description="Tout.", search=None, sources=[], source_line="Source : x.",
                           shown_rows=12345, shown_incidents=12000, exported=date(2026, 5, 7))
    assert f"12{NARROW_NBSP}345" in header[0] and "7 mai 2026" in header[-1]
    assert header[-1].endswith(format_date(date(2026, 5, 7)) + ".")
    assert download_name("incidents", "csv") == "incidents.csv"
    assert download_name("a/b: c?", "xlsx") == "a-b-c.xlsx"
    assert download_name("///", "csv") == "download.csv"


def test_excel_sheet_names_and_about_sheet_take_the_bound_words():
    import pandas as pd
    from openpyxl import load_workbook

    words = TableText(columns={"date": ("วันที่", "วันที่เกิดเหตุ", "วัน")}, about=("คอลัมน์", "ความหมาย", "หน่วย"),
                      data_sheet="เหตุการณ์", about_sheet="เกี่ยวกับ")
    data = table_excel(pd.DataFrame({"date": [pd.Timestamp("2024-01-02")]}), ["# x"], words)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["เหตุการณ์", "เกี่ยวกับ"]
    assert [c.value for c in book["เหตุการณ์"][3]] == ["วันที่"]
    assert [c.value for c in book["เกี่ยวกับ"][3]] == ["คอลัมน์", "ความหมาย", "หน่วย"]
    use_language("en")
    assert table_text().columns["date"][0] == "date"  # English keeps the field names
