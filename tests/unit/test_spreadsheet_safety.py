"""Downloads made from hostile text open in a real spreadsheet engine with no formula cell and no extra row.

Every CSV the app offers is built by :func:`transforms.exports.csv_with_header` (the Incident table's through
:func:`transforms.incident_table.table_csv`, with the provenance header of
:func:`transforms.exports.export_header`); its Excel download by :func:`transforms.incident_table.table_excel`.
Here they are made from text written to attack a spreadsheet (formula starts, also behind spaces, control and
invisible characters; line breaks inside a cell followed by a formula; full-width and other look-alike signs;
quotes and separators; a one-megabyte cell), in cells, column names and the search shown in the header, and
opened with LibreOffice Calc (headless, Debian's package): each file is converted to XLSX as Calc reads it, and
the result is read with openpyxl. No cell may be a formula, no text cell may start with "=", and the file must
have exactly the rows written.

LibreOffice is needed: ``make test`` installs Debian's package when run as root on Debian. Without it these
tests fail (they never skip) and say how to install it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from loaders.sources import fatality_files
from tests.conftest import DATA
from transforms.exports import (
    FORMULA_STARTS,
    SKIPPED_BEFORE_FORMULA,
    csv_with_header,
    export_header,
    safe_text,
    spreadsheet_safe,
)
from transforms.incident_table import DATA_SHEET, TABLE_COLUMNS, table_csv, table_excel, table_index
from transforms.sources import fatality_source_line

INSTALL = ("LibreOffice Calc is needed to check that downloads open safely in a spreadsheet, and it was not found. "
           "On Debian or Ubuntu, as root: apt-get update && apt-get install -y --no-install-recommends "
           "libreoffice-calc-nogui (or run `make test` as root, which installs it). Elsewhere install LibreOffice "
           "so that `soffice` is on the PATH, or set SOFFICE to its path.")

#: How Calc is asked to read the CSVs: as a headless conversion does by default, and the harshest way a person can
#: choose in Calc's import dialog: UTF-8, formulas evaluated, spaces trimmed, special numbers detected, quoted
#: fields not forced to text (token order: separator, quote, charset, first line, column formats, language,
#: quoted as text, detect special numbers, two export-only tokens, trim spaces, export-only, evaluate formulas).
IMPORTS = {
    "default": None,
    "utf8-comma-harsh": "CSV:44,34,76,1,,1033,false,true,false,false,true,-1,true",
    "utf8-semicolon-harsh": "CSV:59,34,76,1,,1033,false,true,false,false,true,-1,true",
}

#: Hostile text by category; every entry is placed in text cells, object cells, categorical cells, a column name
#: and the search shown in the provenance header.
HOSTILE = {
    "formula starts": ["=1+1", "+1+2", "-2+3", "@SUM(1)", "=HYPERLINK(\"http://example.invalid\",\"click\")",
                       "=cmd|' /C calc'!A0", "-3+cmd|' /C calc'!A0", "@SUM(1)*cmd|' /C calc'!A0", "=1+1;=2+2",
                       "{=1+1}", "==1", "+", "-", "=", "@"],
    "behind blanks": [" =1+1", "   =HYPERLINK(\"http://example.invalid\")", "\t=1+1", "\t+1", " \t @SUM(1)",
                      "\u00a0=1+1", "\u3000=1+1", "\u2003-2+3", "\u200b=1+1", "\ufeff=1+1", "\u200e@SUM(1)",
                      "\x01=1+1", "\x1f+1+2", "\x7f=1+1"],
    "line breaks": ["Lampedusa\r=cmd|' /C calc'!A0", "Lampedusa\n=cmd|' /C calc'!A0", "a\r\n=1+1", "a\n\n+1+2",
                    "\n=1+1", "\r@SUM(1)", "a\u2028=1+1", "a\u2029=1+1", "a\x0b=1+1", "a\x0c=1+1", "a\x85=1+1",
                    "a\x1c=1+1", "a\r\n\r\n-2+3\r\n=1+1"],
    "look-alike signs": ["＝1+1", "＋1+2", "－2+3", "＠SUM(1)", "﹦1+1", "﹢1", "﹣1", "﹫SUM(1)", "⁼1+1", "₊1",
                         " ＝1+1", "\u3000＝1+1"],
    "quotes and separators": ['"=1+1"', "'=1+1", "a\",\"=1+1", "\",\"=1+1", "a\"\n=1+1", "a,=1+1", "a;=1+1",
                              "a\t=1+1", "a\";\"=1+1", "\"\"\"=1+1"],
    "ordinary": ["Lampedusa", "Mediterranean Sea, off Libya", "Côte d'Ivoire", "Türkiye", "2024", "(1)", "50%",
                 "-", "e-mail", "a - b"],
}
CELLS = [text for texts in HOSTILE.values() for text in texts]
BIG_CELL = ("x" * 500_000 + "\n=cmd|' /C calc'!A0\n" + "y" * 500_000)  # about one megabyte, a formula inside


def find_soffice() -> str | None:
    """The LibreOffice program (``$SOFFICE``, ``soffice`` or ``libreoffice`` on the PATH, or Debian's place)."""
    for candidate in (os.environ.get("SOFFICE"), "soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    return None


def soffice() -> str:
    """The LibreOffice program, or a test failure saying how to install it (never a skip)."""
    found = find_soffice()
    if not found:
        pytest.fail(INSTALL, pytrace=False)
    return found


def calc_reads(files: list[Path], infilter: str | None, out: Path) -> dict[str, openpyxl.Workbook]:
    """Each file as LibreOffice Calc reads it: converted to XLSX by Calc, then opened with openpyxl."""
    out.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="msde-lo-profile-"))  # own profile: runs in parallel do not collide
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(out), *map(str, files)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    books = {}
    for file in files:
        converted = out / (file.stem + ".xlsx")
        assert converted.exists(), f"LibreOffice did not convert {file.name}: {done.stdout} {done.stderr}"
        books[file.name] = openpyxl.load_workbook(converted)
    return books


def formula_cells(book: openpyxl.Workbook) -> list[tuple[str, str, object]]:
    """Every cell that is a formula, or text that starts with "=" (read as a formula once edited)."""
    return [(sheet.title, cell.coordinate, cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))]


def hostile_frame() -> pd.DataFrame:
    """One row per hostile text: as plain text, as an object cell, as a categorical; numbers beside them."""
    count = len(CELLS) + 1
    texts = CELLS + [BIG_CELL]
    return pd.DataFrame({
        "text": pd.array(texts, dtype="str"),
        "objects": pd.Series(texts[:-1] + [("=1+1", "\n@SUM(1)")], dtype=object),
        "category": pd.Categorical(texts[:-1] + ["=1+1"]),
        "=HYPERLINK(\"http://example.invalid\")": np.arange(count),
        "\n=1+1": np.where(np.arange(count) % 2, -5, 7),  # negative numbers stay numbers
        "lat": np.linspace(-40.5, 40.5, count),
    })


@pytest.fixture(scope="module")
def incident_rows(incidents):
    """Real rows of the Incident table, their text cells replaced by the hostile texts in turn."""
    view = table_index(incidents.iloc[:len(CELLS)]).view
    rows = view.copy()
    text_columns = ["location", "country_of_incident", "migration_route", "cause_of_death", "country_of_origin",
                    "information_source", "source_url", "quality_flags"]
    for shift, column in enumerate(text_columns):
        rows[column] = pd.array(np.roll(np.array(CELLS, dtype=object), shift), dtype="str")
    return rows


def header_with(search: str) -> list[str]:
    sources = fatality_files(DATA)
    return export_header(description="Filters \n=1+1, all regions", search=search, sources=sources,
                         source_line=fatality_source_line(sources), shown_rows=1, shown_incidents=1,
                         exported=date(2026, 5, 7))


@pytest.fixture(scope="module")
def downloads(tmp_path_factory, incident_rows) -> dict[str, tuple[Path, int]]:
    """The app's CSV downloads of hostile text: file -> (path, rows written)."""
    folder = tmp_path_factory.mktemp("hostile-csv")
    files: dict[str, tuple[bytes, int]] = {}
    frame = hostile_frame()
    chart_header = ["=Chart " + CELLS[0], "Source line\r=cmd|' /C calc'!A0", "@Exported 2026-05-07"]
    files["chart-data.csv"] = (csv_with_header(frame, chart_header), len(chart_header) + 1 + len(frame))
    for index, search in enumerate(["=cmd|' /C calc'!A0", "a\n=1+1", "Lampedusa\r\n@SUM(1)", "a, =1+1", "＝1+1"]):
        header = header_with(search)
        files[f"incidents-{index}.csv"] = (table_csv(incident_rows, header), len(header) + 1 + len(incident_rows))
    paths = {}
    for name, (payload, rows) in files.items():
        (folder / name).write_bytes(payload)
        paths[name] = (folder / name, rows)
    return paths


@pytest.fixture(scope="module")
def calc(downloads, tmp_path_factory) -> dict[str, dict[str, openpyxl.Workbook]]:
    """Every download as Calc reads it, for each import setting (nothing without LibreOffice: each test then
    fails saying how to install it)."""
    if find_soffice() is None:
        return {}
    files = [path for path, _ in downloads.values()]
    return {name: calc_reads(files, infilter, tmp_path_factory.mktemp(f"calc-{name}"))
            for name, infilter in IMPORTS.items()}


@pytest.mark.parametrize("setting", list(IMPORTS))
def test_csv_downloads_open_in_libreoffice_with_no_formula_and_no_extra_row(calc, downloads, setting):
    soffice()
    for name, (path, rows) in downloads.items():
        book = calc[setting][name]
        assert formula_cells(book) == [], (setting, name)
        sheet = book.worksheets[0]
        assert sheet.max_row == rows, (setting, name, sheet.max_row, rows)


def test_libreoffice_reads_every_cell_as_written(calc, downloads):
    """Read as UTF-8, each cell Calc shows is the cell the CSV holds: one cell per provenance line, the rows and
    columns written, the hostile text with its apostrophe and without line breaks; numbers stay numbers."""
    soffice()
    limit = csv.field_size_limit(4 * len(BIG_CELL))  # the one-megabyte cell
    try:
        _compare_cells(calc, downloads)
    finally:
        csv.field_size_limit(limit)


def _unescaped(text: str) -> str:
    """Text as Calc held it: XLSX writes a control character as ``_xHHHH_``, which openpyxl leaves as it is."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda found: chr(int(found.group(1), 16)), text)


def _compare_cells(calc, downloads) -> None:
    for name, (path, rows) in downloads.items():
        written = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        sheet = calc["utf8-comma-harsh"][name].worksheets[0]
        for number, record in enumerate(written, start=1):
            cells = [sheet.cell(row=number, column=column).value for column in range(1, len(record) + 1)]
            for read, wrote in zip(cells, record):
                if isinstance(read, (int, float, datetime)):
                    continue  # a number or date Calc recognised ("2024", "50%", "2026-05-03")
                if len(wrote) <= 32767:  # Calc's limit for one cell's text
                    assert _unescaped(read or "") == wrote, (name, number, wrote, read)
            assert sheet.cell(row=number, column=len(record) + 1).value is None, (name, number)
    chart = calc["utf8-comma-harsh"]["chart-data.csv"].worksheets[0]
    assert chart.cell(row=len(CELLS) + 5, column=1).value.startswith("x" * 1000)  # the big cell, its start at least
    assert chart.cell(row=1, column=1).value == "# =Chart =1+1" and chart.cell(row=2, column=2).value is None
    names = [cell.value for cell in chart[4]]
    assert names[:5] == ["text", "objects", "category", "'=HYPERLINK(\"http://example.invalid\")", "' =1+1"]
    values = {row[0].value for row in chart.iter_rows(min_row=5)}
    assert "'=cmd|' /C calc'!A0" in values and "Lampedusa =cmd|' /C calc'!A0" in values and "Lampedusa" in values
    assert [row[4].value for row in chart.iter_rows(min_row=5, max_row=6)] == [7, -5]


def test_the_excel_download_of_hostile_text_has_no_formula_as_written_and_as_libreoffice_reads_it(
        incident_rows, tmp_path):
    soffice()
    header = header_with("=cmd|' /C calc'!A0 \x01=1+1")
    data = incident_rows.copy()
    data.loc[0, "location"] = "\x01=1+1"  # a character XLSX cannot hold, in front of a formula
    data.loc[1, "location"] = BIG_CELL[:30_000]
    path = tmp_path / "incidents.xlsx"
    path.write_bytes(table_excel(data, header))
    written = openpyxl.load_workbook(path)
    assert formula_cells(written) == []
    assert written[DATA_SHEET].max_row == len(header) + 2 + len(data)
    assert written[DATA_SHEET].cell(row=len(header) + 3, column=list(TABLE_COLUMNS).index("location") + 1).value \
        == "'=1+1"
    read = calc_reads([path], None, tmp_path / "calc")["incidents.xlsx"]
    assert formula_cells(read) == []
    assert read[DATA_SHEET].max_row == len(header) + 2 + len(data)


# ---- the rule itself, without LibreOffice ------------------------------------------------------------------------

def test_every_hostile_cell_becomes_one_line_starting_with_no_formula_sign():
    for text in CELLS + [BIG_CELL]:
        safe = safe_text(text)
        assert len(safe.splitlines()) <= 1, repr(text)
        visible = safe.lstrip(SKIPPED_BEFORE_FORMULA)
        assert not visible or visible[0] not in FORMULA_STARTS and visible[0] != "=" , repr(text)
        assert safe_text(safe) == safe  # applying it twice changes nothing
    for text in HOSTILE["ordinary"]:
        assert safe_text(text) == text or text.startswith("-")


def test_the_rule_covers_every_blank_control_invisible_and_look_alike_character():
    """Every character Unicode calls whitespace, control or format is skipped before a formula sign, and every
    character whose compatibility form starts with = + - or @ counts as one (checked over all code points)."""
    import sys

    skipped = set(SKIPPED_BEFORE_FORMULA)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            assert char in skipped, hex(code)
        if unicodedata.normalize("NFKC", char)[:1] in "=+-@":
            assert char in FORMULA_STARTS, hex(code)


def test_text_columns_of_every_kind_are_made_safe_alike():
    frame = hostile_frame()
    safe = spreadsheet_safe(frame)
    expected = [safe_text(text) for text in CELLS]
    assert safe["text"].tolist()[:-1] == expected and safe["objects"].tolist()[:-1] == expected
    assert safe["category"].tolist()[:-1] == expected
    assert safe["objects"].iloc[-1] == "'=1+1;  @SUM(1)"  # joined by "; ", the line break a space
    assert safe["=HYPERLINK(\"http://example.invalid\")"].tolist() == list(range(len(frame)))
    pd.testing.assert_frame_equal(frame, hostile_frame())  # the input is left as it was


def test_the_vectorised_pass_over_a_column_finds_every_cell_the_rule_changes():
    """The one vectorised pass (Arrow's regular expressions) must pick out every cell :func:`safe_text` would change:
    each formula start, skipped and line-break character, first, inside and alone, in every kind of text column."""
    from transforms.exports import LINE_BREAK_CHARS

    chars = sorted(set(FORMULA_STARTS + SKIPPED_BEFORE_FORMULA + LINE_BREAK_CHARS + "a'#\\]^-"))
    cells = [form.format(c) for c in chars for form in ("{}=1", "a{}=1", "{}", "{0}{0}+1", "x{}")]
    expected = [safe_text(cell) for cell in cells]
    for dtype in ("str", pd.StringDtype("python"), pd.StringDtype("pyarrow"), "category", object):
        column = pd.Series(cells, dtype=dtype)
        assert spreadsheet_safe(pd.DataFrame({"cell": column}))["cell"].tolist() == expected, dtype
    assert sum(a != b for a, b in zip(cells, expected)) > 3 * len(chars)  # most of them do change
