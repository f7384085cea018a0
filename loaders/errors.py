"""The one error type raised for unreadable or malformed data files.

Every reader raises :class:`DataFileError` for a file that is missing, empty,
of the wrong format, lacking a required column, or holding values that cannot
be parsed. The error names the file, the column and the first offending rows,
and says what was expected, so the app can show it as a few plain sentences.

The readers run inside whole-file caches shared by every reader of the app, whatever their language, and the
error objects are kept there. So an error holds the English message ids of its problem and of what was expected
(marked with ``N_`` where they are written), with their named placeholders, and :meth:`DataFileError.sentence`
translates them when it is called, in the language of whoever reads it. Each part is a whole sentence of its
own ("The data file {file} is empty.", "Column: “{column}”.", "Expected: {expected}."), never a fragment.

The sentence names the file by its name only, never by its folder (a public
server shows no paths), and shortens any name or column heading taken from the
file itself to :data:`NAME_CHARS` characters, without line breaks, so a
hostile file cannot fill the page or break its layout.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from i18n import N_, _, format_integer, locale, ngettext, use_language

#: Longest file name or column heading a sentence repeats (longer ones end in "…").
NAME_CHARS = 80

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: Characters that start markdown syntax anywhere in a line, and the "@" of a bare e-mail address.
_MARKDOWN_SPECIAL = re.compile(r"([\\$*_`~#<>\[\]|@])")
#: Where a bare web address starts ("https://", "www."), which markdown would turn into a link: a zero-width space
#: goes in between, so it reads the same and links nowhere.
_BARE_LINK = re.compile(r"(?i)(:)(//)|\b(www)(\.)")

#: The problems callers outside the readers still pass as the verb phrase of earlier versions ("is empty"), and
#: the whole sentence each stands for.
LEGACY_PROBLEMS: dict[str, str] = {
    "is missing": N_("The data file {file} is missing."),
    "is empty": N_("The data file {file} is empty."),
    "lacks a required column": N_("The data file {file} lacks a required column “{column}”."),
    "holds something the app cannot use": N_("The data file {file} holds something the app cannot use."),
}


def short_name(text: object, limit: int = NAME_CHARS) -> str:
    """``text`` on one line (control characters as spaces) and at most ``limit`` characters ("…" when cut)."""
    flat = _CONTROL.sub(" ", str(text)).strip()
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _shown(value: Any) -> str:
    """A placeholder's value as a sentence shows it: whole numbers in the reader's locale, text on one line."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_integer(value)
    return _CONTROL.sub(" ", str(value))


def listed(items: Sequence[str]) -> str:
    """``items`` as a list in the active language ("4, 7 and 9", "4, 7 et 9"), from the locale's CLDR patterns."""
    if len(items) < 2:
        return "".join(items)
    patterns = locale().list_patterns["standard"]
    if len(items) == 2:
        return patterns["2"].format(*items)
    text = patterns["start"].format(items[0], items[1])
    for item in items[2:-1]:
        text = patterns["middle"].format(text, item)
    return patterns["end"].format(text, items[-1])


class DataFileError(Exception):
    """A data file cannot be used as it is.

    Attributes:
        path: the file concerned.
        problem: what is wrong: the English message id of one whole sentence, with the placeholder ``{file}``
            (the file's name) and, where it names one, ``{column}``; other placeholders come from ``params``.
            A plain phrase (an older caller's "is empty", or any text not in the catalogue) is still shown.
        column: the column concerned, when there is one.
        rows: the first offending row numbers (1-based, counting the header as row 1).
        expected: what the file should hold instead: the English message id of a phrase that reads after
            "Expected:", its placeholders from ``params``.
        params: the values of the placeholders of ``problem`` and ``expected`` (text is shown as it is, on one
            line; whole numbers in the reader's locale). Names from the file itself should be shortened with
            :func:`short_name` by the caller.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        column: str | None = None,
        rows: Sequence[int] = (),
        expected: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = LEGACY_PROBLEMS.get(problem, problem)
        self.column = column
        self.rows = tuple(rows)[:5]
        self.expected = expected
        self.params = dict(params or {})
        super().__init__(self.english())

    @property
    def file_name(self) -> str:
        """The file's name as sentences show it: no folder, one line, shortened."""
        return short_name(self.path.name)

    def _values(self) -> dict[str, str]:
        values = {name: _shown(value) for name, value in self.params.items()}
        values["file"] = self.file_name
        values["column"] = short_name(self.column) if self.column else ""
        return values

    def sentence(self) -> str:
        """A few plain sentences, in the active language, saying what is wrong and what to do."""
        values = self._values()
        if "{file}" in self.problem:
            parts = [_(self.problem, **values)]
        else:  # a phrase from an older caller, or text not in the catalogue
            parts = [_("The data file {file} cannot be used: {problem}.", file=values["file"],
                       problem=_(self.problem, **values))]
        if self.column and "{column}" not in self.problem:
            # Translators: the heading of a column of the data file, as the file spells it.
            parts.append(_("Column: “{column}”.", column=values["column"]))
        if self.rows:
            rows = listed([str(int(row)) for row in self.rows])  # row numbers as a spreadsheet shows them
            # Translators: {rows} lists row numbers of the data file (the header is row 1), e.g. "4, 7 and 9".
            parts.append(ngettext("First row with the problem: {rows}.", "First rows with the problem: {rows}.",
                                  len(self.rows), rows=rows))
        if self.expected:
            # Translators: {expected} is a phrase saying what the file should hold, e.g. "a .csv or .xlsx file".
            parts.append(_("Expected: {expected}.", expected=_(self.expected, **values)))
        parts.append(_("Replace or fix the file in the data folder and reload the page."))
        return " ".join(parts)

    def english(self) -> str:
        """:meth:`sentence` in English, whatever the active language (for the server's log and ``str``)."""
        def in_english() -> str:
            use_language("en")
            return self.sentence()

        return contextvars.copy_context().run(in_english)

    def markdown(self) -> str:
        """:meth:`sentence` ready for ``st.error`` / ``st.warning`` (which render markdown): every character that
        would start markdown is escaped, so a file or column name reads as written and never becomes a link."""
        return as_markdown(self.sentence())


def as_markdown(sentence: str) -> str:
    """A plain sentence ready for ``st.error`` / ``st.warning`` (which render markdown): every character that would
    start markdown is escaped and bare web addresses broken with a zero-width space, so a name or value quoted
    from a file reads as written and never becomes a link."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", sentence)
    return _BARE_LINK.sub(lambda found: "\u200b".join(part for part in found.groups() if part), escaped)
