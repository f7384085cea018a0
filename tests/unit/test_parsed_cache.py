"""The disk cache of the parsed incident frame: same frame back, a fresh read whenever an input changes,
and a broken or unwritable cache never stops the app or feeds it a wrong frame."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders.fatalities import read_fatalities
from loaders.parsed_cache import cache_key, load_or_build
from loaders.sources import fatality_files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture()
def export(tmp_path):
    """A copy of a small real cut of an IOM export, in a folder of its own."""
    source = FIXTURES / "mmp_2025_cut.csv"
    folder = tmp_path / "data"
    folder.mkdir()
    return Path(shutil.copy(source, folder / source.name))


def counting_reader(export, name_lookup, calls):
    def read() -> pd.DataFrame:
        calls.append(1)
        return read_fatalities([export], name_lookup)
    return read


def test_second_load_comes_from_disk_and_equals_a_fresh_read(export, name_lookup, tmp_path):
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    first = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    again = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    assert len(calls) == 1
    pd.testing.assert_frame_equal(again, read_fatalities([export], name_lookup))
    pd.testing.assert_frame_equal(again, first)
    assert isinstance(again["country_of_origin"].dropna().iloc[0], tuple)


def test_a_changed_input_is_read_again(export, name_lookup, tmp_path):
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    key = cache_key([export])
    load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    # Drop the last data row: a real edit, with a new size and time.
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join(lines[:-1]), encoding="utf-8")
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000_000))
    assert cache_key([export]) != key
    fresh = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    assert len(calls) == 2
    pd.testing.assert_frame_equal(fresh, read_fatalities([export], name_lookup))
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1  # the stale file was replaced


def test_a_corrupt_cache_file_is_read_around(export, name_lookup, tmp_path):
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob("*.pickle")
    cached.write_bytes(cached.read_bytes()[:100])
    frame = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    assert len(calls) == 2
    pd.testing.assert_frame_equal(frame, read_fatalities([export], name_lookup))


def test_an_unwritable_cache_folder_still_gives_the_frame(export, name_lookup, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    calls: list = []
    frame = load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=blocker)
    assert len(calls) == 1 and len(frame) > 0


def test_the_shipped_data_loads_identically_through_the_cache(name_lookup, incidents, tmp_path):
    from loaders.paths import DEFAULT_DATA_DIR

    exports = [s.path for s in fatality_files(DEFAULT_DATA_DIR)]
    read = lambda: read_fatalities(exports, name_lookup)  # noqa: E731
    load_or_build(DEFAULT_DATA_DIR, exports, read, folder=tmp_path)
    cached = load_or_build(DEFAULT_DATA_DIR, exports, lambda: pytest.fail("read again"), folder=tmp_path)
    pd.testing.assert_frame_equal(cached, incidents)


def test_a_background_write_lands_and_a_stopped_servers_leftover_is_cleared(export, name_lookup, tmp_path):
    """The app writes the cache in a background thread: the frame comes back at once, the file appears, the
    next load reads it; a half-written file an old stopped server left is removed by the next write."""
    from loaders import parsed_cache

    folder = tmp_path / "cache"
    folder.mkdir()
    leftover = folder / ".writing-abandoned"
    leftover.write_bytes(b"half a pickle")
    old = leftover.stat().st_mtime - parsed_cache.STALE_PARTIAL_S - 60
    os.utime(leftover, (old, old))
    recent = folder / ".writing-in-progress"
    recent.write_bytes(b"another server is writing this now")
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    first = load_or_build(export.parent, [export], read, folder=folder, background=True)
    parsed_cache.wait_for_writes(timeout=60)
    assert len(list(folder.glob("*.pickle"))) == 1
    assert not leftover.exists() and recent.exists()
    again = load_or_build(export.parent, [export], read, folder=folder, background=True)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(again, first)
