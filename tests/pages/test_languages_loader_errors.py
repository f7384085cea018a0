"""A broken IOM export on the Data and sources page in Thai and French: the page renders, and the sentence naming
the file is made in the reader's language when shown (its list of rows as the locale writes one), although the
reader raised it inside a cache shared by every language; no folder is shown."""

from __future__ import annotations

import csv
import io

import pytest

from i18n import ngettext, use_language
from loaders.paths import DATA_DIR_ENV
from tests.broken_exports import EXPORT_2025, copy_data
from tests.pages.test_broken_exports import page_text
from tests.pages.test_pages import run_page

PAGE = "pages/1_Data_and_sources.py"


def break_two_counts(path) -> None:
    """A word where a count belongs, on file rows 4 and 7 (the header is row 1)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    dead = next(i for i, cell in enumerate(rows[0]) if cell in ("Number of Dead", "Number Dead"))
    rows[3][dead] = rows[6][dead] = "one"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize("lang, rows", [("th", "4และ7"), ("fr", "4 et 7"), ("en", "4 and 7")])
def test_a_broken_export_is_named_in_the_readers_language(tmp_path, monkeypatch, lang, rows):
    data = copy_data(tmp_path)
    break_two_counts(data / "iom_mmp" / EXPORT_2025)
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    errors = page_text(at)
    use_language(lang)  # the sentences as the catalogue words them in this language
    first_rows = ngettext("First row with the problem: {rows}.", "First rows with the problem: {rows}.", 2, rows=rows)
    use_language("en")
    assert EXPORT_2025 in errors
    assert first_rows in errors and rows in first_rows
    assert str(data) not in errors and str(tmp_path) not in errors
