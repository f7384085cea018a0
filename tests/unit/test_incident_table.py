"""Incident table: the shown columns, the search, and CSV and Excel downloads that are safe in spreadsheets.

Rows are real incidents from the shipped data; to cover every formula prefix,
a few text cells of those rows are replaced by formula-like strings (test
input for the escaping, not data).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from loaders.sources import SourceFile, fatality_files
from tests.conftest import DATA
from transforms.exports import export_header
from transforms.incident_table import (
    ABOUT_SHEET,
    DATA_SHEET,
    TABLE_COLUMNS,
    first_link,
    search_mask,
    shown_table,
    table_csv,
    table_excel,
    table_index,
)
from transforms.sources import fatality_source_line

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+2", "-3+cmd", "@SUM(A1:A2)"]


@pytest.fixture(scope="module")
def index(incidents):
    return table_index(incidents)


@pytest.fixture(scope="module")
def table(index):
    """The table shown, of every incident."""
    return index.view


def searched(index, query: str) -> pd.DataFrame:
    """The rows of the whole table the Incident table shows for ``query``."""
    return shown_table(index, np.arange(len(index.rank)), query).frame()


@pytest.fixture(scope="module")
def risky(table):
    """Real rows: the one IOM credits to “@Frankzocalo”, one with a negative missing, and four more."""
    rows = pd.concat([table[table["information_source"] == "'@Frankzocalo"],
                      table[table["incident_id"] == "2026.MMP0190218"],
                      table[table["incident_id"].str.startswith("2024.")].head(4)], ignore_index=True)
    assert len(rows) == 2 + len(FORMULAS)
    rows.loc[0, "information_source"] = "@Frankzocalo"  # IOM's own text, before the table quoted it
    rows.loc[2:, "location"] = FORMULAS
    return rows


@pytest.fixture(scope="module")
def header():
    sources = fatality_files(DATA)
    return export_header(description="Showing incidents from January 2024 to December 2024, all regions.",
                         search="=cmd", sources=sources, source_line=fatality_source_line(sources),
                         shown_rows=6, shown_incidents=6, exported=date(2026, 5, 7))


def test_table_view_has_the_documented_columns_newest_first(incidents):
    before = incidents.copy()
    view = table_index(incidents).view
    pd.testing.assert_frame_equal(incidents, before)
    assert list(view.columns) == list(TABLE_COLUMNS)
    assert len(view) == len(incidents)
    dated = view["date"].dropna()
    assert dated.is_monotonic_decreasing
    assert view["cause_of_death"].map(lambda v: isinstance(v, str)).all()  # lists joined with "; "
    # Already spreadsheet-safe, so Streamlit's own table download matches ours; numbers stay numbers.
    assert view.loc[view["incident_id"] == "2026.MMP0190218", "missing"].item() == -5
    sources = set(view["information_source"].dropna())
    assert "'@Frankzocalo" in sources and "@Frankzocalo" not in sources


def test_first_link_only_links_web_addresses():
    assert first_link("http://bbc.in/1KbWCHr\xa0https://http://bit.ly/2S0sZrc") == "http://bbc.in/1KbWCHr"
    assert first_link("http://bit.ly/1TdIZAp,http://www.actionpal.org.uk/en/") == "http://bit.ly/1TdIZAp"
    assert first_link("javascript:alert(1)") is None
    assert first_link(None) is None


def test_search_matches_every_word_in_any_searchable_field(index, table):
    andaman = searched(index, "andaman")
    assert len(andaman) > 0
    text = (andaman["location"].fillna("") + andaman["migration_route"].astype("str").fillna("")).str.casefold()
    assert text.str.contains("andaman").all()
    assert "Bay of Bengal/Andaman Sea" in set(andaman["migration_route"])
    both = searched(index, "Andaman Myanmar")
    assert 0 < len(both) <= len(andaman)
    assert len(searched(index, "  ")) == len(table)
    assert len(searched(index, "(unclosed [regex")) == 0  # plain text, never a pattern
    assert len(searched(index, "frankzocalo")) == 1  # information source


def test_header_states_source_licence_filters_search_and_date(header):
    text = "\n".join(header)
    assert "IOM Missing Migrants Project" in text and "CC BY 4.0" in text
    assert "Filters: Showing incidents from January 2024" in text
    assert "Search: “=cmd”" in text and "Exported 2026-05-07." in text


def test_a_sidecar_without_producer_or_licence_says_so_in_the_same_words_everywhere():
    bare = SourceFile(path=Path("export.csv"), meta={"data_to": "2025-04-29"})
    assert bare.citation == "Unknown producer (licence not stated)"
    assert fatality_source_line([bare]).startswith("Source: Unknown producer (licence not stated), data to 29 April")
    header = export_header(description="All.", search=None, sources=[bare], source_line="Source: x.", shown_rows=1,
                           shown_incidents=1, exported=date(2026, 5, 7))
    assert header[2].startswith("Licence: Unknown producer: licence not stated. ")


def test_csv_download_is_spreadsheet_safe_and_keeps_numbers(risky, header):
    payload = table_csv(risky, header).decode("utf-8")
    records = list(csv.reader(io.StringIO(payload)))
    assert records[:len(header)] == [[f"# {line}"] for line in header]  # one cell per provenance line
    assert len(payload.splitlines()) == len(header) + 1 + len(risky)  # one line per row
    assert all(line.startswith('"') and line.endswith('"') for line in payload.splitlines())  # every field quoted
    back = pd.read_csv(io.StringIO(payload), skiprows=len(header))
    assert list(back.columns) == list(TABLE_COLUMNS)
    assert back.loc[0, "information_source"] == "'@Frankzocalo"
    assert back.loc[2:, "location"].tolist() == ["'" + f for f in FORMULAS]
    assert back.loc[1, "missing"] == -5  # a negative number stays a number
    assert pd.api.types.is_numeric_dtype(back["lon"]) and (back["lon"] < 0).any()


def test_excel_download_is_spreadsheet_safe_and_keeps_numbers(risky, header):
    book = openpyxl.load_workbook(io.BytesIO(table_excel(risky, header)))
    assert book.sheetnames == [DATA_SHEET, ABOUT_SHEET]
    sheet = book[DATA_SHEET]
    assert [sheet.cell(row=i + 1, column=1).value for i in range(len(header))] == [
        "'" + line if line.startswith(("=", "+", "-", "@")) else line for line in header]
    first = len(header) + 2  # header lines, a blank row, then the column names
    names = [cell.value for cell in sheet[first]]
    assert names == list(TABLE_COLUMNS)
    col = {name: i + 1 for i, name in enumerate(names)}
    for offset in range(len(risky)):
        for name in names:
            cell = sheet.cell(row=first + 1 + offset, column=col[name])
            assert cell.data_type != "f", (name, cell.value)
    source_cell = sheet.cell(row=first + 1, column=col["information_source"])
    assert source_cell.value == "'@Frankzocalo" and source_cell.data_type == "s"
    locations = [sheet.cell(row=first + 1 + i, column=col["location"]).value for i in range(2, len(risky))]
    assert locations == ["'" + f for f in FORMULAS]
    missing = sheet.cell(row=first + 2, column=col["missing"])
    assert missing.value == -5 and missing.data_type == "n"
    assert isinstance(sheet.cell(row=first + 1, column=col["lon"]).value, float)
    assert sheet.cell(row=first + 1, column=col["date"]).is_date
    about = [row for row in book[ABOUT_SHEET].iter_rows(values_only=True) if row[0] in TABLE_COLUMNS]
    assert {row[0] for row in about} == set(TABLE_COLUMNS)


def test_excel_of_a_real_year_opens_with_every_row(table, header):
    year = table[table["date"].dt.year == 2024]
    sheet = openpyxl.load_workbook(io.BytesIO(table_excel(year, header)), read_only=True)[DATA_SHEET]
    assert sheet.max_row == len(header) + 2 + len(year)


@pytest.mark.parametrize("where, query", [
    ("all", ""), ("period", ""), ("period", "lampedusa"), ("subregion", ""), ("subregion", "Andaman Myanmar"),
    ("undated and period", ""), ("none", ""), ("period", "zzqx-no-such-place"), ("one", ""),
])
def test_a_view_read_from_the_whole_table_equals_the_view_made_from_the_selection(incidents, index, where, query):
    """The page reads each view from the table of every incident (made once); it must show exactly the rows,
    order and cells that making the table from the selection gives, and count the same incidents."""
    from transforms.corridor_membership import row_positions

    month_key = incidents["month_key"]
    masks = {"all": np.ones(len(incidents), dtype=bool),
             "period": ((month_key >= 202301) & (month_key <= 202406)).to_numpy(),
             "subregion": (incidents["unsd_subregion"] == "South-eastern Asia").to_numpy(),
             "undated and period": ((month_key == -1) | (month_key >= 202501)).to_numpy(),
             "none": np.zeros(len(incidents), dtype=bool),
             "one": (np.arange(len(incidents)) == 7)}
    selection = incidents.loc[masks[where]]
    shown = shown_table(index, row_positions(incidents, selection), query)
    own = table_index(selection).view  # the table made from the selection alone, then searched
    expected = own.loc[search_mask(own, query)].reset_index(drop=True) if query else own
    pd.testing.assert_frame_equal(shown.frame(), expected)
    assert shown.arrow.equals(pa.Table.from_pandas(expected, preserve_index=False))
    assert len(shown) == len(expected)
    counted = selection.loc[selection["incident_id"].isin(expected["incident_id"]), "main_id"].nunique()
    assert shown.incidents() == counted
    if where == "period" and not query:
        assert shown.arrow.column(0).chunks[0].buffers()[1] is not None and _shares_buffers(shown.arrow, index.arrow)


def _shares_buffers(part, whole) -> bool:
    """Whether the Arrow rows of a view point into the whole table's memory (a slice), not a copy."""
    first = part.column("location").chunks[0].buffers()[2].address
    start = whole.column("location").chunks[0].buffers()[2].address
    return start <= first < start + whole.column("location").chunks[0].buffers()[2].size
