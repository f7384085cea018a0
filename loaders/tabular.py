"""Reading CSV and XLSX files into text frames, with clear errors.

Shared by every reader: it checks that the file exists, is not empty and is
CSV or XLSX, reads every cell as text (so each reader parses types on
purpose), and checks required columns by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from i18n import N_
from loaders.errors import DataFileError, short_name

SUPPORTED_SUFFIXES = (".csv", ".xlsx")


def read_table(path: Path | str) -> pd.DataFrame:
    """Read a CSV or XLSX file with every cell as text (blank cells as missing).

    Raises DataFileError when the file is missing, empty, not CSV/XLSX, or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, N_("The data file {file} is missing."),
                            expected=N_("a file named {file} in the data folder"))
    if path.stat().st_size == 0:
        raise DataFileError(path, N_("The data file {file} is empty."),
                            expected=N_("a header row and at least one data row"))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = short_name(suffix, 12)
        # Translators: {suffix} is the file's extension, such as ".txt".
        raise DataFileError(path, N_("The data file {file} is a {suffix} file.") if shown
                            else N_("The data file {file} has no extension such as .csv."),
                            expected=N_("a .csv or .xlsx file"), params={"suffix": shown})
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
        raise DataFileError(path, N_("The data file {file} has no data rows."),
                            expected=N_("at least one data row under the header"))
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def unreadable(path: Path, suffix: str, exc: BaseException) -> DataFileError:
    """The plain sentence for a file its parser refused: text that is not UTF-8, or a malformed table.

    Names no exception type and quotes no parser message (they can hold paths and internal names).
    """
    if suffix == ".csv":
        message = str(exc).lower()
        if isinstance(exc, UnicodeDecodeError) or "utf8" in message or "utf-8" in message:
            return DataFileError(path, N_("The data file {file} is not UTF-8 text."),
                                 expected=N_("a CSV file saved with UTF-8 encoding"))
        return DataFileError(path, N_("The data file {file} cannot be read as a CSV table."),
                             expected=N_("a well-formed CSV table, every row with as many cells as the header"))
    return DataFileError(path, N_("The data file {file} cannot be read as an Excel workbook."),
                         expected=N_("a well-formed .xlsx workbook"))


def require_columns(frame: pd.DataFrame, path: Path, required: Iterable[str]) -> None:
    """Raise DataFileError naming the first required column that ``frame`` lacks."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        # Translators: {columns} lists the column headings, each in quotation marks.
        raise DataFileError(path, N_("The data file {file} lacks a required column “{column}”."), column=missing[0],
                            expected=N_("columns {columns}"), params={"columns": quoted(required)})


def quoted(names: Iterable[str]) -> str:
    """Column headings or keys as a sentence lists them: each in quotation marks, separated by commas."""
    return ", ".join(f"“{name}”" for name in names)
