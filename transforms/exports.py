"""Downloads: frames turned into spreadsheet-safe CSV and Excel bytes with a provenance header.

Spreadsheet-safe means that no cell a download holds can be read by a spreadsheet as a formula, and that every
row of a CSV is one line:

- a text cell that a spreadsheet could read as a formula gets a leading apostrophe: one whose first character,
  after any leading whitespace, control or invisible characters, is ``=``, ``+``, ``-`` or ``@`` (or a full-width,
  small, superscript or subscript form of one of them), and one starting with a tab;
- line breaks inside a cell (CR, LF and every other character that ends a line) become one space, so a cell can
  never start a new row in a program that splits lines before it reads quotes;
- every CSV field is quoted, so a program that trims unquoted spaces cannot bring a formula start to the front;
- the provenance lines above the table are rows written by the same CSV writer, each one quoted cell starting
  with "# ", with the same treatment.

Pure: bytes in memory, never a file on disk.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Sequence

import pandas as pd

from i18n import _, format_date, format_integer, ngettext
from loaders.sources import SourceFile

#: Characters that start a formula in a spreadsheet: = + - @ and every character that Unicode's compatibility
#: normalisation (NFKC) turns into one of them (full-width, small, superscript, subscript forms), which some
#: spreadsheets and input methods convert to the plain sign.
FORMULA_STARTS = ("=+-@"
                  "\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b"
                  "\uff0b\uff0d\uff1d\uff20")

#: Characters a spreadsheet may skip or trim in front of a formula start: whitespace, control characters and
#: invisible format characters (Unicode's White_Space, Cc and Cf), as code point ranges.
_SKIPPED_RANGES = ((0x0, 0x20), (0x7F, 0xA0), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
                   (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x1680, 0x1680), (0x180E, 0x180E),
                   (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x2064), (0x2066, 0x206F), (0x3000, 0x3000),
                   (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
                   (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
                   (0xE0020, 0xE007F))
SKIPPED_BEFORE_FORMULA = "".join(chr(c) for first, last in _SKIPPED_RANGES for c in range(first, last + 1))

#: Every character that ends a line: those Python's ``str.splitlines`` splits on. A run of them becomes one space.
LINE_BREAK_CHARS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAKS = re.compile(f"[{LINE_BREAK_CHARS}]+")


def _character_class(chars: str) -> str:
    """A regular-expression class of ``chars`` that Python's ``re`` and RE2 (pandas' Arrow-backed text) read
    alike: ``\\xHH`` below 256, the character itself above."""
    return "[" + "".join(f"\\x{ord(c):02x}" if ord(c) < 256 else c for c in sorted(set(chars))) + "]"


#: Cells worth a closer look: those whose first character may start a formula or be skipped before one, and those
#: holding a line break. One vectorised pass per column finds them; only they are looked at in Python.
_LOOK_CLOSER = (f"^{_character_class(FORMULA_STARTS + SKIPPED_BEFORE_FORMULA)}"
                f"|{_character_class(LINE_BREAK_CHARS)}")


def safe_text(text: str) -> str:
    """One text cell made spreadsheet-safe: line breaks become one space, and a cell that a spreadsheet could
    read as a formula (see the module's docstring) gets a leading apostrophe."""
    text = LINE_BREAKS.sub(" ", text)
    return "'" + text if _is_risky(text) else text


def _is_risky(text: str) -> bool:
    """Whether a cell (line breaks already replaced) starts with a tab, or with a formula start after any
    characters a spreadsheet may skip."""
    if not text:
        return False
    return text[0] == "\t" or text.lstrip(SKIPPED_BEFORE_FORMULA)[:1] in FORMULA_STARTS


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are spreadsheet-safe (:func:`safe_text`).

    Tuple cells (e.g. causes of death) are joined with "; " first.
    Categorical and text columns come back as plain text, checked with one vectorised pass (a Python call only for
    the rare cell that starts with a character that may begin a formula or be skipped before one, or that holds a
    line break);
    other object columns are checked cell by cell. Numbers, dates and column names are left as they are.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, (pd.CategoricalDtype, pd.StringDtype)):
            out[column] = _safe_text_column(as_text(series))
        elif series.dtype == object:
            out[column] = series.map(_safe_cell)
    return out


def _safe_text_column(text: pd.Series) -> pd.Series:
    closer = text.str.contains(_LOOK_CLOSER, regex=True).fillna(False).to_numpy(dtype=bool)
    if not closer.any():
        return text
    out = text.copy()
    out[closer] = [safe_text(cell) for cell in text[closer]]
    return out


def as_text(series: pd.Series) -> pd.Series:
    """A text column as pandas' plain ``str`` dtype; a categorical is decoded by one take of its categories."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = pd.array(series.cat.categories.astype(str), dtype="str")
        return pd.Series(categories.take(series.cat.codes.to_numpy(), allow_fill=True), index=series.index)
    return series.astype("str")


def _safe_cell(cell: object) -> object:
    if isinstance(cell, tuple):
        cell = "; ".join(str(v) for v in cell)
    return safe_text(cell) if isinstance(cell, str) else cell


def _safe_label(label: object) -> object:
    return safe_text(label) if isinstance(label, str) else label


def csv_with_header(frame: pd.DataFrame, header_lines: list[str]) -> bytes:
    """CSV bytes (UTF-8): one row per provenance line ("# " and the line, as one cell), then the table with its
    column names; every field quoted, every cell and column name spreadsheet-safe (:func:`safe_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([safe_text(f"# {line}")] for line in header_lines)
    table = spreadsheet_safe(frame).rename(columns=_safe_label)
    table.to_csv(buffer, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


#: Characters a file name never holds (reserved on Windows, path separators, control characters), and spaces.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')


# Translators: download file names (N_("incidents"), N_("regional-comparison")) are translated where they are
# used; keep them short, without slashes.
def download_name(stem: str, extension: str) -> str:
    """A download's file name: ``stem`` (an English message marked with ``N_``) in the reader's language, made
    safe for every file system (no path separators, reserved characters, control characters or spaces; letters
    of any script are kept), then ``.extension``. A translation that leaves nothing gives the English stem, and a
    stem that leaves nothing gives "download"."""
    def safe(name: str) -> str:
        return _UNSAFE_IN_FILE_NAME.sub("-", name).strip("-. ")[:80].strip("-. ")

    return f"{safe(_(stem)) or safe(stem) or 'download'}.{extension}"


def export_header(*, description: str, search: str | None, sources: Sequence[SourceFile], source_line: str,
                  shown_rows: int, shown_incidents: int, exported: date) -> list[str]:
    """The provenance lines above every download: what, source, licence, filters, search, export date (in the
    active language: call it where the page runs, not inside a download built on click)."""
    licences = "; ".join(dict.fromkeys(f"{s.producer}: {s.licence}" for s in sources)) or _("not stated")
    # Translators: the first line above a downloaded table of incidents (a split incident has several rows).
    first = (ngettext("Incidents from the Migrant Smuggling Data Explorer: 1 incident in {rows} row.",
                      "Incidents from the Migrant Smuggling Data Explorer: 1 incident in {rows} rows.",
                      shown_rows, rows=format_integer(shown_rows)) if shown_incidents == 1 else
             ngettext("Incidents from the Migrant Smuggling Data Explorer: {incidents} incident in {rows} rows.",
                      "Incidents from the Migrant Smuggling Data Explorer: {incidents} incidents in {rows} rows.",
                      shown_incidents, incidents=format_integer(shown_incidents), rows=format_integer(shown_rows)))
    return [
        first,
        source_line,
        # Translators: {licences} lists each publisher and its licence; keep the attribution's name in English.
        _("Licence: {licences}. Attribute as “IOM Missing Migrants Project”.", licences=licences) if sources
        else _("Licence: none stated (your own data, uploaded)."),
        _("Filters: {description}", description=description),
        _("Search: “{search}” (every word in location, route, country, origin or source).", search=search.strip())
        if search and search.strip() else _("Search: none."),
        _("Exported {date}.", date=format_date(exported, "medium")),
    ]
