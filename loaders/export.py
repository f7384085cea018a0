"""Preparing frames for download: spreadsheet-safe cells and a provenance header.

Pure: no Streamlit. A cell that begins with ``=``, ``+``, ``-`` or ``@`` would
be run as a formula by Excel or LibreOffice; such text cells get a leading
apostrophe. Numbers are left as numbers.
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` where text cells that a spreadsheet would run as formulas are quoted.

    Tuple cells (e.g. causes of death) are joined with "; " first.
    Categorical text columns come back as plain text.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            # Quote each distinct value once, then decode to plain text.
            out[column] = series.map(_safe_cell).astype("str")
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_safe_cell)
    return out


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
