"""Reading the raw IOM 2014–2025 export independently of the app's reader, for reconciliation tests.

Plain ``csv``: nothing here shares code with ``loaders/``, so a test that compares the two can fail.
"""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW_2025 = REPO / "data/iom_mmp/Missing_Migrants_Global_Figures_allData.csv"


def raw_rows() -> list[dict[str, str]]:
    """Every row of the raw export, each cell as text."""
    with open(RAW_2025, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(cell: str) -> int:
    """A count cell as an int, blank as 0."""
    return int(cell) if cell.strip() else 0


def first_categorised(cell: str) -> str:
    """The first listed value that is not "Uncategorized" (the reader's documented rule)."""
    values = [v.strip() for v in cell.split(",") if v.strip()]
    named = [v for v in values if v != "Uncategorized"]
    return (named or values or [""])[0]
