"""The one error type raised for unreadable or malformed data files.

Every reader raises :class:`DataFileError` for a file that is missing, empty,
of the wrong format, lacking a required column, or holding values that cannot
be parsed. The error names the file, the column and the first offending rows,
and says what was expected, so the app can show it as one plain sentence.

The sentence names the file by its name only, never by its folder (a public
server shows no paths), and shortens any name or column heading taken from the
file itself to :data:`NAME_CHARS` characters, without line breaks, so a
hostile file cannot fill the page or break its layout.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

#: Longest file name or column heading a sentence repeats (longer ones end in "…").
NAME_CHARS = 80

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: Characters that start markdown syntax anywhere in a line, and the "@" of a bare e-mail address.
_MARKDOWN_SPECIAL = re.compile(r"([\\$*_`~#<>\[\]|@])")
#: Where a bare web address starts ("https://", "www."), which markdown would turn into a link: a zero-width space
#: goes in between, so it reads the same and links nowhere.
_BARE_LINK = re.compile(r"(?i)(:)(//)|\b(www)(\.)")


def short_name(text: object, limit: int = NAME_CHARS) -> str:
    """``text`` on one line (control characters as spaces) and at most ``limit`` characters ("…" when cut)."""
    flat = _CONTROL.sub(" ", str(text)).strip()
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


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

    @property
    def file_name(self) -> str:
        """The file's name as sentences show it: no folder, one line, shortened."""
        return short_name(self.path.name)

    def sentence(self) -> str:
        """One plain sentence saying what is wrong and what to do."""
        where = f"The data file {self.file_name}"
        text = f"{where} {self.problem}"
        if self.column:  # "lacks a required column “X”", "holds ... in column “X”"
            text += (" " if self.problem.endswith("column") else " in column ") + f"“{short_name(self.column)}”"
        if self.rows:
            text += " (first rows: " + ", ".join(str(r) for r in self.rows) + ")"
        if self.expected:
            text += f"; expected {self.expected}"
        return text + ". Replace or fix the file in the data folder and reload the page."

    def markdown(self) -> str:
        """:meth:`sentence` ready for ``st.error`` / ``st.warning`` (which render markdown): every character that
        would start markdown is escaped, so a file or column name reads as written and never becomes a link."""
        escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", self.sentence())
        return _BARE_LINK.sub(lambda found: "\u200b".join(part for part in found.groups() if part), escaped)
