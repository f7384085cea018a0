"""Data file errors and source lines in the reader's language: made when shown, not when the reader raised them.

The readers run in whole-file caches shared by every language, and keep their errors there: an error raised while
one language is active must read in the language active when it is shown. A fake catalogue that upper-cases every
message (placeholders left alone) shows which words went through the catalogue at that moment; the real (empty)
catalogues show the locale's list of rows. Markdown escaping and the absence of any folder hold in every language.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

import i18n
from loaders.errors import DataFileError
from loaders.sources import SourceFile
from loaders.tabular import read_table

REPO = Path(__file__).resolve().parents[2]


class Shouting(gettext.NullTranslations):
    """A catalogue that "translates" a message by upper-casing it, its named placeholders left as they are."""

    @staticmethod
    def _shout(message: str) -> str:
        return "".join(part if part.startswith("{") else part.upper() for part in re.split(r"(\{[^{}]*\})", message))

    def gettext(self, message):
        return self._shout(message)

    def ngettext(self, singular, plural, n):
        return self._shout(singular if n == 1 else plural)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use_language("en")


@pytest.fixture
def shouting_french(monkeypatch):
    monkeypatch.setattr(i18n, "translations", lambda code: Shouting() if code == "fr" else gettext.NullTranslations())


def missing_file_error(tmp_path) -> DataFileError:
    i18n.use_language("en")
    with pytest.raises(DataFileError) as caught:
        read_table(tmp_path / "absent.csv")
    return caught.value


def test_an_error_raised_in_english_reads_in_the_language_active_when_shown(tmp_path, shouting_french):
    error = missing_file_error(tmp_path)
    english = error.sentence()
    assert english == ("The data file absent.csv is missing. Expected: a file named absent.csv in the data folder. "
                       "Replace or fix the file in the data folder and reload the page.")
    i18n.use_language("fr")
    shown = error.sentence()
    assert shown == ("THE DATA FILE absent.csv IS MISSING. EXPECTED: A FILE NAMED absent.csv IN THE DATA FOLDER. "
                     "REPLACE OR FIX THE FILE IN THE DATA FOLDER AND RELOAD THE PAGE.")
    assert str(error) == english  # the server's log stays in English
    i18n.use_language("en")
    assert error.sentence() == english


def test_column_rows_and_params_are_filled_in_the_language_shown(tmp_path, shouting_french):
    error = DataFileError(tmp_path / "flows.csv", i18n.N_("The data file {file} holds unexpected values in column "
                                                          "“{column}”."),
                          column="type", rows=(4, 7, 9), expected=i18n.N_("one of {values}"),
                          params={"values": "“Sea”, “Land”"})
    i18n.use_language("fr")
    shown = error.sentence()
    assert "THE DATA FILE flows.csv HOLDS UNEXPECTED VALUES IN COLUMN “type”." in shown
    assert "FIRST ROWS WITH THE PROBLEM: 4, 7 et 9." in shown  # French list of rows from the locale
    assert "EXPECTED: ONE OF “Sea”, “Land”." in shown


def test_markdown_stays_escaped_and_no_folder_shows_in_any_language(tmp_path, shouting_french):
    error = DataFileError(tmp_path / ("www.x_[y](z)" + "n" * 200 + ".csv"), "lacks a required column",
                          column="**https://example.org**\nsecond line",
                          expected=i18n.N_("an address starting with http:// or https://"))
    for code in ("en", "fr", "es", "th"):
        i18n.use_language(code)
        for text in (error.sentence(), error.markdown(), str(error)):
            assert str(tmp_path) not in text and "\n" not in text
        markdown = error.markdown()
        assert "\\*\\*" in markdown and "\\[y\\]" in markdown and "\\_" in markdown
        assert "://" not in markdown and "www." not in markdown.lower()  # bare addresses link nowhere
    i18n.use_language("fr")
    assert "LACKS A REQUIRED COLUMN “**https://example.org** second line”" in error.sentence()


def test_thai_lists_the_rows_as_cldr_says():
    error = DataFileError("/srv/data/flows.csv", "odd", rows=(4, 7))
    i18n.use_language("th")
    assert "4และ7" in error.sentence()  # CLDR: "{0}และ{1}" and "/srv" not in error.sentence()


def test_plain_phrases_of_older_callers_still_read(tmp_path):
    assert DataFileError(tmp_path / "e.csv", "is empty").sentence().startswith("The data file e.csv is empty. ")
    odd = DataFileError(tmp_path / "e.csv", "holds a thing nobody foresaw", expected="the file as shipped")
    assert odd.sentence().startswith("The data file e.csv cannot be used: holds a thing nobody foresaw. "
                                     "Expected: the file as shipped. ")


def test_a_source_line_without_producer_or_licence_reads_in_the_language_shown(shouting_french):
    bare = SourceFile(path=Path("export.csv"), meta={})
    stated = SourceFile(path=Path("export.csv"), meta={"producer": "IOM", "licence": "CC BY 4.0"})
    assert bare.citation == "Unknown producer (licence not stated)"
    i18n.use_language("fr")
    assert bare.citation == "UNKNOWN PRODUCER (LICENCE NOT STATED)"
    assert stated.citation == "IOM (CC BY 4.0)"  # what the sidecar says stays as published


def _problems() -> list[tuple[str, int, str]]:
    """Every literal problem message the readers raise (the second argument of DataFileError, through N_)."""
    found = []
    for path in sorted((REPO / "loaders").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DataFileError" and len(node.args) > 1:
                problem = node.args[1]
                options = [problem.body, problem.orelse] if isinstance(problem, ast.IfExp) else [problem]
                for option in options:
                    if isinstance(option, ast.Call) and getattr(option.func, "id", None) == "N_":
                        found.append((path.name, node.lineno, option.args[0].value))
                    elif not isinstance(option, ast.Name):
                        found.append((path.name, node.lineno, ast.unparse(option)))
    return found


def test_every_problem_the_readers_raise_is_one_marked_whole_sentence_naming_its_file():
    problems = _problems()
    assert len(problems) > 40
    for name, line, problem in problems:
        assert re.fullmatch(r"The data (file|folder) \{file\} [^{}]*(“\{column\}”[^{}]*|\{line\}\)|\{suffix\} file)?\.",
                            problem), (name, line, problem)
