"""Every data file the app cannot use is named with its reason (cache.load_data_problems, shown on Data and
sources), and no sentence about a broken file, from any reader, shows a folder: file names only."""

from __future__ import annotations

import pytest

from loaders.errors import DataFileError, short_name
from loaders.paths import DATA_DIR_ENV
from tests.broken_exports import EXPORT_2025, break_export, copy_data

GARBAGE = bytes(range(256)) * 16

#: One breakage per kind of file: (file under the data folder, what is written there or None to delete it).
BREAKAGES = [
    ("iom_mmp/" + EXPORT_2025, GARBAGE),
    ("corridors/corridors.csv", b""),
    ("corridors/corridors.meta.yml", b"title: [unclosed\n"),
    ("events/events.csv", None),
    ("flows/frontex_ibc_monthly_route_nat.csv", "date,n\n2024-01-01,é".encode("latin-1")),
    ("flows/long_uk_small_boats_daily.meta.yml", None),
    ("gitoc/global_oc_index_2023.csv", b"Country,Region\nLibya,Northern Africa\n"),
    ("modus_operandi/modus_operandi_facts.csv", GARBAGE),
    ("reference/countrynames_m49.meta.yml", GARBAGE),
]


@pytest.fixture()
def broken(tmp_path, monkeypatch):
    """A copy of the data folder with every file of BREAKAGES broken, in force for the cache."""
    data = copy_data(tmp_path)
    for name, content in BREAKAGES:
        path = data / name
        if content is None:
            path.unlink()
        else:
            path.write_bytes(content)
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.setenv("MSDE_CACHE_DIR", str(tmp_path / "cache"))
    return data


def test_every_broken_file_is_named_once_and_no_sentence_shows_a_folder(broken):
    from cache import load_data_problems, load_sidecars

    problems = [*load_data_problems(), *(meta for _, meta in load_sidecars() if isinstance(meta, DataFileError))]
    sentences = [error.sentence() for error in problems]
    for name, _ in BREAKAGES:
        file_name = name.split("/")[-1]
        assert any(f"The data file {file_name} " in s for s in sentences), file_name
    assert len(set(sentences)) == len(sentences)
    for error in problems:
        for text in (error.sentence(), error.markdown(), str(error)):
            assert str(broken) not in text and str(broken.parent) not in text and "/" not in text, text
            assert not any(word in text for word in ("Traceback", "Error:", "ArrowInvalid", "UnicodeDecodeError",
                                                     "ParserError", "BadZipFile", "YAMLError"))


def test_the_shipped_data_has_no_problem(monkeypatch):
    from cache import load_data_problems

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert load_data_problems() == ()


def test_names_from_a_file_are_shortened_put_on_one_line_and_escaped(tmp_path):
    error = DataFileError(tmp_path / ("www.x_[y](z)" + "n" * 200 + ".csv"), "lacks a required column",
                          column="**https://example.org**\nsecond line")
    sentence = error.sentence()
    assert str(tmp_path) not in sentence and "\n" not in sentence
    assert "…" in sentence and len(short_name("a" * 500)) == 80
    assert "lacks a required column “**https://example.org** second line”" in sentence
    markdown = error.markdown()
    assert "\\*\\*" in markdown and "\\[y\\]" in markdown and "\\_" in markdown
    assert "https://" not in markdown and "www." not in markdown  # bare addresses broken, so they link nowhere


def test_a_broken_export_is_said_in_a_plain_sentence_naming_no_exception(tmp_path, name_lookup):
    from loaders.fatalities import read_fatality_file

    for how, words in (("binary", "is not UTF-8 text"), ("latin1", "is not UTF-8 text")):
        data = copy_data(tmp_path / how)
        break_export(data / "iom_mmp" / EXPORT_2025, how)
        with pytest.raises(DataFileError) as caught:
            read_fatality_file(data / "iom_mmp" / EXPORT_2025, name_lookup)
        assert words in caught.value.sentence() and "(" not in caught.value.problem
    xlsx = data / "iom_mmp" / "export.xlsx"
    xlsx.write_bytes(GARBAGE)
    with pytest.raises(DataFileError, match="cannot be read as an Excel workbook"):
        read_fatality_file(xlsx, name_lookup)
