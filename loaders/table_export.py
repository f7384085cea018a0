"""The Incident table: the shown columns, the text search, and the CSV and Excel downloads.

Pure: no Streamlit. :func:`table_view` turns the canonical incident frame into
the table people see (one row per IOM Incident ID, list cells joined with
"; "), :func:`search_incidents` applies the search box, and
:func:`table_csv` / :func:`table_excel` build the downloads of exactly the
rows and columns shown. Both downloads carry a provenance header (source,
licence, active filters and search, export date) and pass every cell through
:func:`loaders.export.spreadsheet_safe`, so text beginning with ``=``, ``+``,
``-`` or ``@`` is quoted with a leading apostrophe and never runs as a formula;
numbers (including negative counts and longitudes) stay numbers.

The Excel file has one sheet, "Incidents", with the header lines in the first
rows, a blank row, then the table (frozen below its column names), and a
second sheet, "About", repeating the header and giving each column's meaning
and unit.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Sequence

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loaders.catalogue import SourceFile
from loaders.export import csv_with_header, spreadsheet_safe
from loaders.fatality_transforms import value_codes

#: Shown (and exported) columns, in order: field name -> (meaning, unit or "").
TABLE_COLUMNS: dict[str, tuple[str, str]] = {
    "date": ("Date of the incident (or of its report)", "day"),
    "incident_id": ("IOM Incident ID (one row per ID; a split incident has one row per nationality group)", ""),
    "region_of_incident": ("IOM region where the incident happened", ""),
    "country_of_incident": ("Country where, or off whose coast, it happened (blank at sea and in the 2026 export)",
                            ""),
    "location": ("Place, as IOM describes it", ""),
    "migration_route": ("IOM migration route (blank for most incidents in Asia)", ""),
    "cause_of_death": ("IOM cause-of-death categories, joined with “; ”", ""),
    "country_of_origin": ("Countries of origin of the victims, joined with “; ”", ""),
    "dead": ("Dead (bodies recovered)", "people"),
    "missing": ("Missing and presumed dead, minimum estimate (a negative value is IOM's own correction)",
                "people"),
    "dead_missing": ("Dead and missing", "people"),
    "survivors": ("Survivors, where known", "people"),
    "children": ("Children among the dead and missing, where known", "people"),
    "source_quality": ("IOM source quality, 1 (one media report) to 5 (official or several verified sources)",
                       "score 1-5"),
    "information_source": ("Who reported the incident", ""),
    "source_link": ("The first web address in the source URL field, as a link (not fetched by the app)", ""),
    "source_url": ("The source URL field as IOM gives it (may hold several addresses)", ""),
    "lat": ("Latitude", "degrees (WGS84)"),
    "lon": ("Longitude", "degrees (WGS84)"),
    "quality_flags": ("How the app's reader handled quirks of this row", ""),
}

#: Fields the search box looks in: location, route, country, origin, source.
SEARCH_FIELDS = ("location", "migration_route", "country_of_incident", "country_of_origin",
                 "information_source", "source_url")

LINK_PATTERN = re.compile(r"https?://[^\s,;\u00a0<>\"']+")

DATA_SHEET = "Incidents"
ABOUT_SHEET = "About"


def first_link(cell: object) -> str | None:
    """The first http(s) address in a source URL cell, or None (other schemes are never linked)."""
    if not isinstance(cell, str):
        return None
    found = LINK_PATTERN.search(cell)
    return found.group(0) if found else None


def _joined(cell: object) -> object:
    return "; ".join(cell) if isinstance(cell, tuple) else cell


def table_view(incidents: pd.DataFrame) -> pd.DataFrame:
    """The table shown: :data:`TABLE_COLUMNS` from the canonical frame, newest first.

    Needs the canonical columns of :mod:`loaders.fatalities`. List cells
    (cause_of_death, country_of_origin) become "; "-joined text; ``source_link``
    is the first http(s) address of ``source_url``. Text cells are already
    spreadsheet-safe, so the table's own toolbar download (Streamlit's) is safe
    too and shows the same cells as the CSV and Excel downloads.
    """
    columns = [c for c in TABLE_COLUMNS if c != "source_link"]
    out = incidents[columns].assign(source_link=incidents["source_url"].map(first_link))
    for column in ("cause_of_death", "country_of_origin"):
        # Each distinct list joined once, spread to the rows by their integer codes.
        codes, cells = value_codes(incidents, column)
        joined = pd.array([_joined(cell) for cell in cells] + [None], dtype="str")
        out[column] = pd.Series(joined.take(codes), index=out.index) if len(codes) else pd.Series(
            joined[:0], index=out.index)
    out = out.sort_values(["date", "incident_id"], ascending=[False, True], na_position="last", kind="stable")
    return spreadsheet_safe(out[list(TABLE_COLUMNS)]).reset_index(drop=True)


def search_incidents(table: pd.DataFrame, query: str | None) -> pd.DataFrame:
    """The rows of ``table`` matching every word of ``query`` (case ignored, plain text, not a pattern).

    Each word must appear in at least one of :data:`SEARCH_FIELDS`. A blank
    query returns the table unchanged (as a copy).
    """
    words = (query or "").split()
    if not words:
        return table.copy()
    fields = [table[field].astype(object).map(_joined).fillna("").astype(str) for field in SEARCH_FIELDS]
    haystack = fields[0].str.cat(fields[1:], sep=" | ").str.casefold()
    mask = pd.Series(True, index=table.index)
    for word in words:
        mask &= haystack.str.contains(word.casefold(), regex=False)
    return table.loc[mask].reset_index(drop=True)


def export_header(*, description: str, search: str | None, sources: Sequence[SourceFile], source_line: str,
                  shown_rows: int, shown_incidents: int, exported: date) -> list[str]:
    """The provenance lines above every download: what, source, licence, filters, search, export date."""
    licences = "; ".join(dict.fromkeys(
        f"{s.meta.get('producer', 'Unknown producer')}: {s.meta.get('licence', 'licence not stated')}"
        for s in sources)) or "not stated"
    return [
        f"Incidents from the Migrant Smuggling Data Explorer: {shown_incidents:,} incidents in {shown_rows:,} rows.",
        source_line,
        f"Licence: {licences}. Attribute as “IOM Missing Migrants Project”.",
        f"Filters: {description}",
        f"Search: “{search.strip()}” (every word in location, route, country, origin or source)."
        if search and search.strip() else "Search: none.",
        f"Exported {exported:%Y-%m-%d}.",
    ]


def table_csv(table: pd.DataFrame, header_lines: list[str]) -> bytes:
    """CSV bytes of ``table``: "# " header lines, then the spreadsheet-safe table."""
    return csv_with_header(table, header_lines)


def _clean_text(cell: object) -> object:
    """Drop control characters that the XLSX format cannot hold (openpyxl would refuse the file)."""
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def table_excel(table: pd.DataFrame, header_lines: list[str]) -> bytes:
    """XLSX bytes: sheet "Incidents" (header lines, a blank row, the spreadsheet-safe table) and sheet "About".

    Dates are written as dates (yyyy-mm-dd); blank counts stay empty cells.
    """
    safe = spreadsheet_safe(table)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_clean_text)
    header = [_clean_text(line) for line in spreadsheet_safe(pd.DataFrame({"line": header_lines}))["line"]]
    about = pd.DataFrame([{"column": name, "meaning": meaning, "unit": unit}
                          for name, (meaning, unit) in TABLE_COLUMNS.items() if name in table.columns])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format="YYYY-MM-DD",
                        datetime_format="YYYY-MM-DD") as writer:
        start = len(header) + 1
        safe.to_excel(writer, sheet_name=DATA_SHEET, index=False, startrow=start)
        sheet = writer.sheets[DATA_SHEET]
        for row, line in enumerate(header, start=1):
            sheet.cell(row=row, column=1, value=line)
        sheet.freeze_panes = sheet.cell(row=start + 2, column=1)
        about_start = len(header) + 1
        about.to_excel(writer, sheet_name=ABOUT_SHEET, index=False, startrow=about_start)
        about_sheet = writer.sheets[ABOUT_SHEET]
        for row, line in enumerate(header, start=1):
            about_sheet.cell(row=row, column=1, value=line)
    return buffer.getvalue()
