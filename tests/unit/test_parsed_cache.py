"""The disk cache of the parsed incident frame: same frame back (dtypes included), a fresh read whenever an input
changes, a broken or unwritable cache never stops the app or feeds it a wrong frame, and nothing in the cache can
run code: the file is Arrow data, the folder is its owner's alone, and only the current version is kept."""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from loaders import parsed_cache
from loaders.fatalities import read_fatalities
from loaders.parsed_cache import (
    METADATA_KEY,
    SUFFIX,
    batch_to_frame,
    cache_key,
    cache_path,
    frame_to_batch,
    is_cached,
    load_or_build,
)
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


def same_cell(a, b) -> bool:
    return type(a) is type(b) and (a == b or (isinstance(a, float) and np.isnan(a) and np.isnan(b)))


def assert_same_frame(loaded: pd.DataFrame, fresh: pd.DataFrame) -> None:
    """Equal cell for cell, with the same dtypes (categories, their order and type, tuples, nullable integers).

    Object cells are compared as Python objects too: ``assert_frame_equal`` alone takes a numpy array of the same
    values for a tuple (what pandas' own Feather round trip gives back)."""
    pd.testing.assert_frame_equal(loaded, fresh, check_exact=True, check_categorical=True)
    pd.testing.assert_index_equal(loaded.columns, fresh.columns, exact=True)
    assert type(loaded.index) is type(fresh.index)
    for column in fresh.columns:
        assert loaded[column].dtype == fresh[column].dtype, column
        if isinstance(fresh[column].dtype, pd.CategoricalDtype):
            assert loaded[column].cat.categories.dtype == fresh[column].cat.categories.dtype, column
        if fresh[column].dtype == object:
            assert all(map(same_cell, loaded[column], fresh[column])), column
    assert loaded.attrs == fresh.attrs


def test_the_frame_comparison_tells_a_tuple_from_an_array():
    tuples = pd.DataFrame({"values": pd.Series([("a", "b"), np.nan], dtype=object)})
    arrays = pd.DataFrame({"values": pd.Series([np.array(["a", "b"], dtype=object), np.nan], dtype=object)})
    pd.testing.assert_frame_equal(arrays, tuples)  # pandas' own check does not
    with pytest.raises(AssertionError):
        assert_same_frame(arrays, tuples)
    assert_same_frame(tuples.copy(), tuples)


def test_second_load_comes_from_disk_and_equals_a_fresh_read(export, name_lookup, tmp_path):
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    first = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    again = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    assert len(calls) == 1
    assert_same_frame(again, read_fatalities([export], name_lookup))
    assert_same_frame(again, first)
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
    assert_same_frame(fresh, read_fatalities([export], name_lookup))
    assert len(list((tmp_path / "cache").glob(f"*{SUFFIX}"))) == 1  # the stale file was replaced


def test_a_corrupt_cache_file_is_read_around(export, name_lookup, tmp_path):
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob(f"*{SUFFIX}")
    whole = cached.read_bytes()
    for damaged in (whole[:100], whole[:len(whole) // 2] + bytes(len(whole) - len(whole) // 2)):
        cached.write_bytes(damaged)
        frame = load_or_build(export.parent, [export], read, folder=tmp_path / "cache")
        assert_same_frame(frame, read_fatalities([export], name_lookup))
    assert len(calls) == 3
    assert cached.read_bytes() != damaged  # the damaged file was replaced by a whole one


def test_an_unwritable_cache_folder_still_gives_the_frame(export, name_lookup, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    calls: list = []
    frame = load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=blocker)
    assert len(calls) == 1 and len(frame) > 0


def test_the_shipped_data_loads_identically_through_the_cache(name_lookup, incidents, tmp_path):
    from loaders.paths import DEFAULT_DATA_DIR

    exports = [s.path for s in fatality_files(DEFAULT_DATA_DIR)]
    read = lambda: incidents  # noqa: E731 - as the app caches it: read, then placed by the spatial step
    load_or_build(DEFAULT_DATA_DIR, exports, read, folder=tmp_path)
    cached = load_or_build(DEFAULT_DATA_DIR, exports, lambda: pytest.fail("read again"), folder=tmp_path)
    assert_same_frame(cached, incidents)


def test_generated_data_at_ten_times_the_rows_loads_identically(tmp_path, name_lookup):
    """The benchmark's generated data (bench/generate.py) at 10x: hundreds of thousands of distinct Incident IDs
    as categories, every tuple column, the nullable counts and undated rows, back exactly from the file."""
    from bench.generate import generate

    folder = generate(10, root=tmp_path / "generated")
    exports = [s.path for s in fatality_files(folder)]
    fresh = read_fatalities(exports, name_lookup)
    assert len(fresh) > 150_000 and fresh["date"].isna().any()
    load_or_build(folder, exports, lambda: fresh, folder=tmp_path / "cache")
    cached = load_or_build(folder, exports, lambda: pytest.fail("read again"), folder=tmp_path / "cache")
    assert_same_frame(cached, fresh)


def test_every_supported_dtype_and_edge_case_round_trips_exactly(tmp_path):
    """Beyond the reader's frame: blanks in every type, unused and ordered categories, number categories, an
    empty tuple, a blank tuple cell, a tuple value holding the key separator, attrs, and no rows at all."""
    frame = pd.DataFrame({
        "count": pd.array([1, None, -3], dtype="Int64"),
        "small": pd.array([1, 2, None], dtype="UInt8"),
        "text": pd.Series(["a", None, "ç"], dtype="str"),
        "string": pd.Series(["a", None, "c"], dtype="string"),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "plain_flag": np.array([True, False, True]),
        "share": np.array([1.5, np.nan, -0.0]),
        "when": pd.to_datetime(["2020-01-01", None, "2021-02-03"]).astype("datetime64[ns]"),
        "label": pd.Categorical(["x", None, "x"], categories=["z", "x", "y"]),
        "rank": pd.Categorical(["b", "a", None], categories=["b", "a"], ordered=True),
        "code": pd.Categorical([3, 1, None], categories=[1, 2, 3]),
        "values": pd.Series([("a", "b\x1fc"), np.nan, ()], dtype=object),
        "key": np.array([1, 2, 3], dtype=np.int32),
    })
    frame.attrs = {"skipped": [["export.csv", "a reason"]]}
    for case in (frame, frame.iloc[:0].reset_index(drop=True), frame.iloc[1:].reset_index(drop=True)):
        load_or_build(tmp_path, [], lambda case=case: case, folder=tmp_path / "cache")
        assert_same_frame(load_or_build(tmp_path, [], lambda: pytest.fail("read again"), folder=tmp_path / "cache"),
                          case)
        next((tmp_path / "cache").glob(f"*{SUFFIX}")).unlink()


def test_a_frame_the_format_cannot_hold_exactly_is_not_cached(tmp_path, caplog):
    """Never a wrong frame from the cache: a column of loose Python objects, a list instead of a tuple, an index
    that is not 0..n-1 or attrs JSON would change are refused, with one log line, and the frame still returned."""
    cases = [pd.DataFrame({"text": pd.Series(["a", "b"], dtype=object)}),
             pd.DataFrame({"values": pd.Series([("a",), ["b"]], dtype=object)}),
             pd.DataFrame({"values": pd.Series([("a",), None], dtype=object)}),
             pd.DataFrame({"count": [1, 2]}, index=[5, 6])]
    with_tuple_attrs = pd.DataFrame({"count": [1, 2]})
    with_tuple_attrs.attrs = {"files": ("a.csv",)}
    for frame in [*cases, with_tuple_attrs]:
        with pytest.raises(ValueError):
            frame_to_batch(frame)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger=parsed_cache.__name__):
            assert load_or_build(tmp_path, [], lambda frame=frame: frame, folder=tmp_path / "cache") is frame
        assert [r.getMessage() for r in caplog.records if "not cached" in r.getMessage()]
        assert not list((tmp_path / "cache").glob(f"*{SUFFIX}"))


def test_the_file_is_plain_arrow_data_with_no_pickle_and_no_extension_type(export, name_lookup, tmp_path):
    """Read with pyarrow alone: every column is a number, boolean, timestamp, text or a dictionary of text or of
    lists of text; no Arrow extension type (which could name code to load); and the only metadata is our JSON
    description, not pandas' (nothing a reader would interpret on its own)."""
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob(f"*{SUFFIX}")
    with pa.OSFile(str(cached)) as source:
        schema = pa.ipc.open_file(source).schema

    def plain(kind: pa.DataType) -> bool:
        return (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind)
                or pa.types.is_timestamp(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind))

    for field in schema:
        kind = field.type
        assert not isinstance(kind, pa.ExtensionType) and not field.metadata, field
        if pa.types.is_dictionary(kind):
            value = kind.value_type
            assert plain(value) or (pa.types.is_list(value) and plain(value.value_type)), field
        else:
            assert plain(kind), field
    assert set(schema.metadata) == {METADATA_KEY}
    description = json.loads(schema.metadata[METADATA_KEY])
    assert [c["name"] for c in description["columns"]] == schema.names
    assert b"pandas" not in schema.metadata


def test_the_file_is_read_with_the_system_allocator(export, name_lookup, tmp_path):
    """Arrow's own pool keeps freed memory for the life of the server; the file's buffers come from the system
    allocator instead, like numpy's, so what the rebuilt frame does not keep is given back."""
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob(f"*{SUFFIX}")
    arrow_pool, system = pa.default_memory_pool().bytes_allocated(), pa.system_memory_pool().bytes_allocated()
    with cached.open("rb") as handle:
        batch = parsed_cache._read_batch(handle)
    assert pa.default_memory_pool().bytes_allocated() == arrow_pool
    assert pa.system_memory_pool().bytes_allocated() - system >= batch.nbytes // 2


class _Payload:
    """Unpickling this writes a file: a stand-in for code an attacker would run."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def test_a_pickle_with_the_cache_files_name_is_never_run(export, name_lookup, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Payload(probe)))
    assert probe.exists()  # the payload does run when unpickled

    marker = tmp_path / "ran"
    payload = pickle.dumps(_Payload(marker))
    current = cache_path(export.parent, [export], folder)
    current.write_bytes(payload)
    old_style = current.with_name(current.name.rsplit("-", 1)[0] + "-" + "0" * 32 + ".pickle")
    old_style.write_bytes(payload)
    calls: list = []
    frame = load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=folder)
    assert not marker.exists()
    assert len(calls) == 1
    assert_same_frame(frame, read_fatalities([export], name_lookup))
    assert not old_style.exists()
    assert current.read_bytes()[:6] == b"ARROW1"  # replaced by a real cache file


def test_the_folder_and_files_are_readable_by_their_owner_only(export, name_lookup, tmp_path):
    folder = tmp_path / "home" / ".cache" / "msde"
    previous = os.umask(0)  # even with a permissive umask
    try:
        load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=folder)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (cached,) = folder.iterdir()
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702, 0o1777])
def test_a_folder_others_may_write_to_is_not_used(export, name_lookup, tmp_path, caplog, mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, mode)
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    with caplog.at_level(logging.WARNING, logger=parsed_cache.__name__):
        for _ in range(2):
            assert_same_frame(load_or_build(export.parent, [export], read, folder=folder),
                              read_fatalities([export], name_lookup))
    assert len(calls) == 2 and not list(folder.iterdir())
    assert not is_cached(export.parent, [export], folder)
    (message,) = [r.getMessage() for r in caplog.records]  # once per folder, not on every load
    assert "other users may write to it" in message and "\n" not in message


def test_a_folder_owned_by_another_user_is_not_used(export, name_lookup, tmp_path, caplog, monkeypatch):
    """Seen from a process of another user, the folder this test made belongs to someone else."""
    folder = tmp_path / "someone-elses"
    folder.mkdir(mode=0o700)
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=folder)
    assert is_cached(export.parent, [export], folder)
    other_user = folder.stat().st_uid + 1
    monkeypatch.setattr(parsed_cache.os, "geteuid", lambda: other_user)
    calls: list = []
    with caplog.at_level(logging.WARNING, logger=parsed_cache.__name__):
        load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=folder)
    assert len(calls) == 1  # its file was not read
    assert not is_cached(export.parent, [export], folder)
    assert any("belongs to another user" in r.getMessage() for r in caplog.records)


def test_a_link_or_another_users_file_with_the_cache_files_name_is_not_read(export, name_lookup, tmp_path,
                                                                            monkeypatch):
    folder = tmp_path / "cache"
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=folder)
    current = cache_path(export.parent, [export], folder)
    elsewhere = tmp_path / "elsewhere.arrow"
    current.rename(elsewhere)
    current.symlink_to(elsewhere)
    calls: list = []
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=folder)
    assert len(calls) == 1 and not current.is_symlink()
    real_fstat, other_user = os.fstat, os.geteuid() + 1
    monkeypatch.setattr(parsed_cache.os, "fstat", lambda fd: os.stat_result(
        (*real_fstat(fd)[:4], other_user, *real_fstat(fd)[5:])))  # as if another user had written it
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, calls), folder=folder)
    assert len(calls) == 2


def test_only_the_current_version_is_kept(export, name_lookup, tmp_path):
    """A new file removes: the same data folder's older files, files of the old pickle format (any data folder),
    another data folder's file nobody has used for a month, and a stale half-written file. It keeps another data
    folder's file in use, a half-written file another server may be writing now, and anything not the cache's."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    current = cache_path(export.parent, [export], folder)
    own = current.name.rsplit("-", 1)[0]
    month_ago = time.time() - parsed_cache.IDLE_OTHER_FOLDER_S - 60
    hour_ago = time.time() - parsed_cache.STALE_PARTIAL_S - 60

    def place(name: str, when: float | None = None) -> Path:
        path = folder / name
        path.write_bytes(b"x")
        if when is not None:
            os.utime(path, (when, when))
        return path

    removed = [place(f"{own}-{'1' * 32}{SUFFIX}"), place(f"{own}-{'2' * 32}.pickle"),
               place(f"incidents-{'a' * 12}-{'3' * 32}.pickle"), place(f"incidents-{'b' * 12}-{'4' * 32}{SUFFIX}",
                                                                      month_ago),
               place(".writing-abandoned", hour_ago)]
    kept = [place(f"incidents-{'c' * 12}-{'5' * 32}{SUFFIX}"), place(".writing-now"), place("notes.txt", month_ago)]
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=folder)
    assert current.exists()
    assert [p.name for p in removed if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_reading_a_file_marks_it_in_use(export, name_lookup, tmp_path):
    """A data folder's file read every day is never an unused one another data folder's write removes."""
    folder = tmp_path / "cache"
    load_or_build(export.parent, [export], counting_reader(export, name_lookup, []), folder=folder)
    current = cache_path(export.parent, [export], folder)
    weeks_ago = time.time() - 20 * 24 * 3600
    os.utime(current, (weeks_ago, weeks_ago))
    load_or_build(export.parent, [export], lambda: pytest.fail("read again"), folder=folder)
    assert time.time() - current.stat().st_mtime < 600


def test_a_background_write_lands_and_a_stopped_servers_leftover_is_cleared(export, name_lookup, tmp_path):
    """The app writes the cache in a background thread: the frame comes back at once, the file appears, the
    next load reads it; a half-written file an old stopped server left is removed by the next write."""
    folder = tmp_path / "cache"
    folder.mkdir()
    leftover = folder / ".writing-abandoned"
    leftover.write_bytes(b"half a file")
    old = leftover.stat().st_mtime - parsed_cache.STALE_PARTIAL_S - 60
    os.utime(leftover, (old, old))
    recent = folder / ".writing-in-progress"
    recent.write_bytes(b"another server is writing this now")
    calls: list = []
    read = counting_reader(export, name_lookup, calls)
    first = load_or_build(export.parent, [export], read, folder=folder, background=True)
    parsed_cache.wait_for_writes(timeout=60)
    assert len(list(folder.glob(f"*{SUFFIX}"))) == 1
    assert not leftover.exists() and recent.exists()
    again = load_or_build(export.parent, [export], read, folder=folder, background=True)
    assert len(calls) == 1
    assert_same_frame(again, first)


def test_a_batch_this_module_did_not_write_is_refused():
    """The reader rebuilds only what its own description names: a plain Arrow file, or a description that does
    not match the columns, is an error (the caller then reads the exports), not a frame."""
    with pytest.raises(ValueError):
        batch_to_frame(pa.RecordBatch.from_pydict({"a": [1, 2]}))
    batch = frame_to_batch(pd.DataFrame({"a": pd.array([1, None], dtype="Int64")}))
    description = json.loads(batch.schema.metadata[METADATA_KEY])
    description["columns"][0]["dtype"] = "int8"
    with pytest.raises(ValueError):
        batch_to_frame(batch.replace_schema_metadata({METADATA_KEY: json.dumps(description).encode()}))


def test_the_cache_location_is_named_by_its_setting(monkeypatch):
    """What tools.prepare prints: the setting a person changes, never this server's absolute path."""
    monkeypatch.setenv(parsed_cache.CACHE_ENV, "/srv/somewhere")
    assert parsed_cache.cache_location() == "$MSDE_CACHE_DIR"
    monkeypatch.delenv(parsed_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    assert parsed_cache.cache_location() == "$XDG_CACHE_HOME/msde"
    assert parsed_cache.cache_dir() == Path("/srv/cache/msde")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert parsed_cache.cache_location() == "~/.cache/msde"
    assert parsed_cache.cache_dir() == Path.home() / ".cache" / "msde"
