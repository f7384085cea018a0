"""Downloads: frames turned into spreadsheet-safe CSV and Excel bytes with a provenance header.

Pure: bytes in memory, never a file on disk.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

import pandas as pd

from loaders.sources import SourceFile

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` where text cells that a spreadsheet would run as formulas are quoted.

    Tuple cells (e.g. causes of death) are joined with "; " first.
    Categorical and text columns come back as plain text, checked with vectorised string
    operations (no Python call per cell); other object columns are checked cell by cell.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, (pd.CategoricalDtype, pd.StringDtype)):
            text = as_text(series)
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
            out[column] = text.mask(risky, "'" + text) if risky.any() else text
        elif series.dtype == object:
            out[column] = series.map(_safe_cell)
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
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def csv_with_header(frame: pd.DataFrame, header_lines: list[str]) -> bytes:
    """CSV bytes: ``# ``-prefixed provenance lines, then the spreadsheet-safe table."""
    header = "".join(f"# {line}\n" for line in header_lines)
    return (header + spreadsheet_safe(frame).to_csv(index=False)).encode("utf-8")










def export_header(*, description: str, search: str | None, sources: Sequence[SourceFile], source_line: str,
                  shown_rows: int, shown_incidents: int, exported: date) -> list[str]:
    """The provenance lines above every download: what, source, licence, filters, search, export date."""
    licences = "; ".join(dict.fromkeys(f"{s.producer}: {s.licence}" for s in sources)) or "not stated"
    return [
        f"Incidents from the Migrant Smuggling Data Explorer: {shown_incidents:,} incidents in {shown_rows:,} rows.",
        source_line,
        f"Licence: {licences}. Attribute as “IOM Missing Migrants Project”.",
        f"Filters: {description}",
        f"Search: “{search.strip()}” (every word in location, route, country, origin or source)."
        if search and search.strip() else "Search: none.",
        f"Exported {exported:%Y-%m-%d}.",
    ]
