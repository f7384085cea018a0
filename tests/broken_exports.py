"""Breaking a copy of a shipped IOM export in each way an unlucky operator (or a hostile file) could, for the
graceful-degradation tests; and the dead and missing each export holds, read with the ``csv`` module alone, so
a test that compares the app's figures with them can fail.

Nothing here shares code with ``loaders/``.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXPORT_2025 = "Missing_Migrants_Global_Figures_allData.csv"
EXPORT_2026 = "MissingMigrants-Global-2026-05-06--19_42_11.csv"
EXPORTS = (EXPORT_2025, EXPORT_2026)

#: Every way an export is broken in the tests, and the words the reader's sentence uses for it.
BREAKAGES = {
    "missing": "is missing",
    "empty": "is empty",
    "column": "lacks a required column",
    "values": "holds values that are not whole numbers",
    "binary": "",  # garbage bytes: read as non-UTF-8 text or as a table without IOM's columns, either is right
    "latin1": "is not UTF-8 text",
}


def copy_data(tmp_path: Path) -> Path:
    """A copy of the shipped data folder under ``tmp_path``."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    return data


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def break_export(path: Path, how: str) -> None:
    """Break the export at ``path`` as ``how`` (a key of :data:`BREAKAGES`) says."""
    if how == "missing":
        path.unlink()
    elif how == "empty":
        path.write_text("")
    elif how == "column":  # a required column renamed
        rows = _rows(path.read_text(encoding="utf-8"))
        rows[0] = ["Coords" if cell == "Coordinates" else cell for cell in rows[0]]
        _write(path, rows)
    elif how == "values":  # a word where a count belongs
        rows = _rows(path.read_text(encoding="utf-8"))
        dead = next(i for i, cell in enumerate(rows[0]) if cell in ("Number of Dead", "Number Dead"))
        rows[3][dead] = "one"
        _write(path, rows)
    elif how == "binary":
        path.write_bytes(bytes(range(256)) * 64 + b"\x00" * 1024)
    elif how == "latin1":  # the same table saved in another encoding (its accents are no longer UTF-8)
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    else:
        raise ValueError(how)


def export_dead_missing(name: str) -> int:
    """Every dead and missing of one shipped export (IOM's total where the layout has one, else dead + missing)."""
    def number(cell: str | None) -> int:
        return int(cell) if cell and cell.strip() else 0

    with open(REPO / "data" / "iom_mmp" / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if "Total Number of Dead and Missing" in rows[0]:
        return sum(number(r["Total Number of Dead and Missing"]) for r in rows)
    return sum(number(r["Number Dead"]) + number(r["Minimum Estimated Number of Missing"]) for r in rows)


def make_implausible(path: Path) -> int:
    """Give rows 1 to 3 of the export at ``path`` a trillion dead, coordinates off the globe and a megabyte of
    location; return the dead and missing the first row held before (set aside now, so no longer counted)."""
    rows = _rows(path.read_text(encoding="utf-8"))
    header = rows[0]
    dead = next(i for i, cell in enumerate(header) if cell in ("Number of Dead", "Number Dead"))
    total = header.index("Total Number of Dead and Missing") if "Total Number of Dead and Missing" in header else None
    missing = header.index("Minimum Estimated Number of Missing")
    location = next(i for i, cell in enumerate(header) if cell.startswith("Location"))

    def number(cell: str) -> int:
        return int(cell) if cell.strip() else 0

    before = number(rows[1][total]) if total is not None else number(rows[1][dead]) + number(rows[1][missing])
    after = number(rows[1][missing])  # the trillion dead set aside, IOM's total with it: missing alone remains
    rows[1][dead] = "1000000000000"
    if total is not None:
        rows[1][total] = "1000000000000"
    rows[2][header.index("Coordinates")] = "95.0, 200.0"
    rows[3][location] = "Lampedusa " * 100_000
    _write(path, rows)
    return before - after
