"""Reading CSV and XLSX files into text frames, with clear errors.

Shared by every reader: it checks that the file exists, is not empty and is
CSV or XLSX, reads every cell as text (so each reader parses types on
purpose), and checks required columns by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from loaders.errors import DataFileError, short_name

SUPPORTED_SUFFIXES = (".csv", ".xlsx")


def read_table(path: Path | str) -> pd.DataFrame:
    """Read a CSV or XLSX file with every cell as text (blank cells as missing).

    Raises DataFileError when the file is missing, empty, not CSV/XLSX, or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "is missing", expected=f"a file named {short_name(path.name)} in the data folder")
    if path.stat().st_size == 0:
        raise DataFileError(path, "is empty", expected="a header row and at least one data row")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DataFileError(path, f"is a {short_name(suffix, 12) or 'extensionless'} file",
                            expected="a .csv or .xlsx file")
    try:
        if suffix == ".csv":
            # Arrow's reader: the same text frame (tested on every shipped and raw CSV), faster (it uses every core).
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig",
                                engine="pyarrow")
        else:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, na_values=[""], engine="openpyxl")
    except Exception as exc:  # pandas, Arrow and openpyxl each raise their own types for a bad file
        raise unreadable(path, suffix, exc) from exc
    if frame.empty:
        raise DataFileError(path, "has no data rows", expected="at least one data row under the header")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def unreadable(path: Path, suffix: str, exc: BaseException) -> DataFileError:
    """The plain sentence for a file its parser refused: text that is not UTF-8, or a malformed table.

    Names no exception type and quotes no parser message (they can hold paths and internal names).
    """
    if suffix == ".csv":
        message = str(exc).lower()
        if isinstance(exc, UnicodeDecodeError) or "utf8" in message or "utf-8" in message:
            return DataFileError(path, "is not UTF-8 text", expected="a CSV file saved with UTF-8 encoding")
        return DataFileError(path, "cannot be read as a CSV table",
                             expected="a well-formed CSV table, every row with as many cells as the header")
    return DataFileError(path, "cannot be read as an Excel workbook", expected="a well-formed .xlsx workbook")


def require_columns(frame: pd.DataFrame, path: Path, required: Iterable[str]) -> None:
    """Raise DataFileError naming the first required column that ``frame`` lacks."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(path, "lacks a required column", column=missing[0],
                            expected="columns " + ", ".join(f"“{c}”" for c in required))
