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

from i18n import format_date
from loaders.sources import SourceFile, fatality_files
from tests.conftest import DATA
from transforms.exports import export_header
from transforms.incident_table import (
    ABOUT_SHEET,
    DATA_SHEET,
    MAX_SEARCH_CHARS,
    MAX_SEARCH_WORDS,
    SEARCH_FIELDS,
    TABLE_COLUMNS,
    Search,
    _joined,
    first_link,
    parse_search,
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
    assert "Search: “=cmd”" in text and f"Exported {format_date(date(2026, 5, 7))}." in text


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


# ---- search limits ------------------------------------------------------------------------------------------------

def test_a_search_is_read_with_spacing_repeats_and_limits_applied():
    search = parse_search("  Andaman\t sea  ANDAMAN\n Myanmar  ")
    assert search == Search("Andaman sea Myanmar", ("andaman", "sea", "myanmar"), False)  # first spelling kept
    assert parse_search(None) == parse_search("   ") == Search("", (), False)
    eleven = " ".join(f"word{i}" for i in range(MAX_SEARCH_WORDS + 1))
    search = parse_search(eleven)
    assert search.shortened and search.words == tuple(eleven.split()[:MAX_SEARCH_WORDS])
    repeated = "Lampedusa lampedusa LAMPEDUSA " * 3 + " ".join(f"w{i}" for i in range(MAX_SEARCH_WORDS - 1))
    assert not parse_search(repeated).shortened and len(parse_search(repeated).words) == MAX_SEARCH_WORDS
    long = " ".join(["abcdefghij"] * 1 + [f"place{i:05d}" for i in range(9)])  # 10 words, 10 + 9 * 11 characters
    assert parse_search(long).text == long and not parse_search(long).shortened
    wide = " ".join(f"{i:02d}" + "x" * 37 for i in range(8))  # 8 words of 39 characters: the sixth passes 200
    search = parse_search(wide)
    assert search.shortened and search.text == " ".join(wide.split()[:5]) and len(search.text) <= MAX_SEARCH_CHARS
    one_word = "z" * 5000
    assert parse_search(one_word) == Search("z" * MAX_SEARCH_CHARS, ("z" * MAX_SEARCH_CHARS,), True)


def test_a_huge_link_value_is_cut_at_the_limits_and_reading_it_again_changes_nothing():
    for raw in (" ".join(f"w{i}" for i in range(260_000)), "a " * 500_000 + "b", "\u3000".join("xy" * 100 for _ in range(50)),
                "=cmd|' /C calc'!A0 " * 100, "é" * 1000 + " ß"):
        search = parse_search(raw)
        assert search.shortened and 0 < len(search.text) <= MAX_SEARCH_CHARS
        assert len(search.words) <= MAX_SEARCH_WORDS and len(set(search.words)) == len(search.words)
        assert parse_search(search.text) == Search(search.text, search.words, False)


def _today_mask(haystack: pd.Series, query: str) -> np.ndarray:
    """The search as it was before the limits (every word of ``query``, each over the whole table)."""
    mask = np.ones(len(haystack), dtype=bool)
    for word in query.split():
        mask &= haystack.str.contains(word.casefold(), regex=False).to_numpy(dtype=bool)
    return mask


def _today_haystack(table: pd.DataFrame) -> pd.Series:
    fields = [table[field].astype(object).map(_joined).fillna("").astype(str) for field in SEARCH_FIELDS]
    return fields[0].str.cat(fields[1:], sep=" | ").str.casefold()


def _ordinary_queries(table: pd.DataFrame, count: int, seed: int = 15) -> list[str]:
    """Searches people make: mostly words and word starts from one incident's own text (so most find it and
    others), in any case, one to ten words (some repeated); some words from anywhere, a few marks and a few
    words found nowhere."""
    rng = np.random.default_rng(seed)
    rows = [cell.split() for cell in _today_haystack(table.iloc[::7]).tolist()]
    extra = ["|", "-", "/", ";", "(", "zzqx", "ñ", "ß", "straße", "côte", "2024", "http", "iom", "sea,"]
    queries = []
    while len(queries) < count:
        own = [t for t in rows[int(rng.integers(len(rows)))] if t != "|"]
        words = []
        for _ in range(int(rng.choice([1, 1, 2, 2, 3, 4, MAX_SEARCH_WORDS]))):
            pick = rng.random()
            source = own if pick < 0.75 else rows[int(rng.integers(len(rows)))] if pick < 0.9 else extra
            word = source[int(rng.integers(len(source)))]
            if rng.random() < 0.3:
                word = word[: int(rng.integers(1, 5))]
            words.append(word.upper() if rng.random() < 0.2 else word.title() if rng.random() < 0.2 else word)
        if rng.random() < 0.2:
            words.append(words[0])
        query = " ".join(words)
        if len(query) <= MAX_SEARCH_CHARS and len({w.casefold() for w in words}) <= MAX_SEARCH_WORDS:
            queries.append(query)
    return queries


def test_the_search_finds_the_same_rows_as_before_for_ordinary_queries(index, table):
    """Narrowing the rows word by word, longest first, and stopping when none is left, must find exactly the rows
    the search found before it did (every word over every row), on the whole table and on a selection."""
    haystack = _today_haystack(table)
    queries = _ordinary_queries(table, 150) + ["andaman", "Andaman Myanmar", "lampedusa", "frankzocalo", "  ",
                                               "(unclosed [regex", "a an and anda andam andaman", "| sea"]
    matched = 0
    for query in queries:
        assert not parse_search(query).shortened, query
        expected = _today_mask(haystack, query)
        assert np.array_equal(search_mask(table, query), expected), query
        matched += bool(expected.any()) and not expected.all()
    assert matched >= len(queries) // 3  # the queries do pick rows out, not all or nothing
    part = table.iloc[::5]
    for query in queries[:40]:
        assert np.array_equal(search_mask(part, query), _today_mask(haystack.iloc[::5], query)), query


def test_the_search_stops_looking_once_no_row_is_left(table, monkeypatch):
    looked_for: list[str] = []
    contains = pd.Series.str.contains

    def spy(self, pat, *args, **kwargs):
        looked_for.append(pat)
        return contains(self, pat, *args, **kwargs)

    monkeypatch.setattr(pd.core.strings.accessor.StringMethods, "contains", spy)
    mask = search_mask(table, "sea libya zzqx-no-such-place italy route")
    assert not mask.any() and looked_for == ["zzqx-no-such-place"]  # the longest word first, then no row left
    looked_for.clear()
    assert search_mask(table, "and andaman AN").sum() == search_mask(table, "andaman").sum() > 0
    assert looked_for == ["andaman", "andaman"]  # "and" and "an" lie inside "andaman": never looked for
    looked_for.clear()
    search_mask(table, " ".join(f"w{i}" for i in range(8000)))
    assert len(looked_for) <= MAX_SEARCH_WORDS
