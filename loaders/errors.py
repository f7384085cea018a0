"""The one error type raised for unreadable or malformed data files.

Every reader raises :class:`DataFileError` for a file that is missing, empty,
of the wrong format, lacking a required column, or holding values that cannot
be parsed. The error names the file, the column and the first offending rows,
and says what was expected, so the app can show it as one plain sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence


class DataFileError(Exception):
    """A data file cannot be used as it is.

    Attributes:
        path: the file concerned.
        problem: what is wrong, in a few plain words.
        column: the column concerned, when there is one.
        rows: the first offending row numbers (1-based, counting the header as row 1).
        expected: what the file should hold instead.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        column: str | None = None,
        rows: Sequence[int] = (),
        expected: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.column = column
        self.rows = tuple(rows)[:5]
        self.expected = expected
        super().__init__(self.sentence())

    def sentence(self) -> str:
        """One plain sentence saying what is wrong and what to do."""
        where = f"The data file {self.path.name}"
        text = f"{where} {self.problem}"
        if self.column:
            text += f" in column “{self.column}”"
        if self.rows:
            text += " (first rows: " + ", ".join(str(r) for r in self.rows) + ")"
        if self.expected:
            text += f"; expected {self.expected}"
        return text + ". Replace or fix the file in the data folder and reload the page."
