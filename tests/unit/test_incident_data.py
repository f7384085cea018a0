"""Graceful degradation of the IOM data: an export that cannot be used is left out and named, the others are
still read; with none usable the data is said to be missing, never raised; and no sentence shows a folder."""

from __future__ import annotations

import shutil

import pytest

from loaders.parsed_cache import incident_data, incident_inputs, is_cached, parsed_incidents
from loaders.sources import scan_fatality_files
from tests.broken_exports import BREAKAGES, EXPORT_2025, EXPORT_2026, EXPORTS, break_export, copy_data
from tools.prepare import prepare


@pytest.fixture()
def data(tmp_path, monkeypatch):
    """A copy of the shipped data folder, and a disk cache of its own."""
    monkeypatch.setenv("MSDE_CACHE_DIR", str(tmp_path / "cache"))
    return copy_data(tmp_path)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The incident data of the shipped folder, as the app reads it."""
    return incident_data(copy_data(tmp_path_factory.mktemp("whole")))


def messages(loaded) -> list[str]:
    return [text for error in loaded.problems for text in (error.sentence(), error.markdown())]


@pytest.mark.parametrize("broken", EXPORTS)
@pytest.mark.parametrize("how", list(BREAKAGES))
def test_a_broken_export_is_left_out_named_and_the_other_still_read(data, whole, broken, how):
    break_export(data / "iom_mmp" / broken, how)
    loaded = incident_data(data)
    other = next(name for name in EXPORTS if name != broken)
    assert loaded.frame is not None
    assert set(loaded.frame["source_file"]) == {other}
    assert len(loaded.frame) == int((whole.frame["source_file"] == other).sum()) > 0
    assert [source.path.name for source in loaded.sources] == [other]
    assert len(loaded.problems) == 1
    sentence = loaded.problems[0].sentence()
    assert broken in sentence and BREAKAGES[how] in sentence
    assert all(str(data) not in text and "/" not in text for text in messages(loaded))
    # A frame missing an export its cache key names is never cached (a deleted export is no longer in the key).
    assert is_cached(data, incident_inputs(data)[1]) == (how == "missing")


def test_the_shipped_data_loads_whole_with_no_problem(whole):
    assert whole.frame is not None and not whole.problems
    assert {s.path.name for s in whole.sources} == set(EXPORTS)


def test_with_no_usable_export_there_is_no_frame_and_every_file_is_named(data):
    break_export(data / "iom_mmp" / EXPORT_2025, "binary")
    break_export(data / "iom_mmp" / EXPORT_2026, "empty")
    loaded = incident_data(data)
    assert loaded.frame is None and loaded.sources == ()
    named = " ".join(error.sentence() for error in loaded.problems)
    assert EXPORT_2025 in named and EXPORT_2026 in named
    with pytest.raises(Exception) as caught:
        parsed_incidents(data)
    assert EXPORT_2025 in str(caught.value) or EXPORT_2026 in str(caught.value)


def test_an_empty_export_folder_is_said(data):
    shutil.rmtree(data / "iom_mmp")
    (data / "iom_mmp").mkdir()
    loaded = incident_data(data)
    assert loaded.frame is None and "holds no IOM export" in loaded.problems[0].sentence()


def test_an_export_without_its_sidecar_and_a_sidecar_without_its_export_are_named(data):
    (data / "iom_mmp" / EXPORT_2026.replace(".csv", ".meta.yml")).unlink()
    (data / "iom_mmp" / "Some-Later-Export.meta.yml").write_text("title: a later export\nexported: 2027-01-01\n")
    sources, problems = scan_fatality_files(data)
    assert [s.path.name for s in sources] == [EXPORT_2025]
    sentences = " ".join(error.sentence() for error in problems)
    assert "MissingMigrants-Global-2026-05-06--19_42_11.meta.yml is missing" in sentences
    assert "Some-Later-Export.csv is missing" in sentences
    loaded = incident_data(data)
    assert set(loaded.frame["source_file"]) == {EXPORT_2025} and len(loaded.problems) == 2


def test_a_broken_sidecar_is_named_not_raised(data):
    (data / "iom_mmp" / EXPORT_2025.replace(".csv", ".meta.yml")).write_text("title: [unclosed\n")
    loaded = incident_data(data)
    assert set(loaded.frame["source_file"]) == {EXPORT_2026}
    assert "is not valid YAML" in loaded.problems[0].sentence()


def test_a_broken_country_table_leaves_no_frame_and_is_named(data):
    (data / "reference" / "countrynames_m49.csv").write_text("")
    loaded = incident_data(data)
    assert loaded.frame is None and "countrynames_m49.csv is empty" in loaded.problems[0].sentence()


def test_a_missing_country_table_is_named_not_raised(data):
    (data / "reference" / "country_name_aliases.csv").unlink()
    loaded = incident_data(data)
    assert loaded.frame is None and "country_name_aliases.csv is missing" in loaded.problems[0].sentence()


def test_prepare_leaves_out_a_broken_export_names_it_and_shows_no_folder(data):
    break_export(data / "iom_mmp" / EXPORT_2025, "latin1")
    message = prepare(data)
    assert message.startswith("Read ") and EXPORT_2025 in message and "is not UTF-8 text" in message
    assert str(data) not in message and "Traceback" not in message
    assert not is_cached(data, incident_inputs(data)[1])
    shutil.copy(copy_data(data.parent / "again") / "iom_mmp" / EXPORT_2025, data / "iom_mmp" / EXPORT_2025)
    assert prepare(data).startswith("Prepared ")
    assert prepare(data) == "The incident data is already prepared."
