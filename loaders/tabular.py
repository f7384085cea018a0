"""Reading CSV and XLSX files into text frames, with clear errors.

Shared by every reader: it checks that the file exists, is not empty and is
CSV or XLSX, reads every cell as text (so each reader parses types on
purpose), and checks required columns by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from loaders.errors import DataFileError

SUPPORTED_SUFFIXES = (".csv", ".xlsx")


def read_table(path: Path | str) -> pd.DataFrame:
    """Read a CSV or XLSX file with every cell as text (blank cells as missing).

    Raises DataFileError when the file is missing, empty, not CSV/XLSX, or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "is missing", expected=f"a file at {path}")
    if path.stat().st_size == 0:
        raise DataFileError(path, "is empty", expected="a header row and at least one data row")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DataFileError(path, f"is a {suffix or 'extensionless'} file", expected="a .csv or .xlsx file")
    try:
        if suffix == ".csv":
            # Arrow's reader: the same text frame (tested on every shipped and raw CSV), faster (it uses every core).
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig",
                                engine="pyarrow")
        else:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, na_values=[""], engine="openpyxl")
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError, KeyError) as exc:
        raise DataFileError(path, f"cannot be read as {suffix[1:].upper()} ({exc.__class__.__name__})",
                            expected=f"a well-formed {suffix[1:].upper()} table") from exc
    except Exception as exc:  # openpyxl raises its own types for corrupt workbooks
        raise DataFileError(path, f"cannot be read as {suffix[1:].upper()} ({exc.__class__.__name__})",
                            expected=f"a well-formed {suffix[1:].upper()} table") from exc
    if frame.empty:
        raise DataFileError(path, "has no data rows", expected="at least one data row under the header")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def require_columns(frame: pd.DataFrame, path: Path, required: Iterable[str]) -> None:
    """Raise DataFileError naming the first required column that ``frame`` lacks."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(path, "lacks a required column", column=missing[0],
                            expected="columns " + ", ".join(f"“{c}”" for c in required))
