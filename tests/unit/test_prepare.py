"""`python -m tools.prepare` (run by `make run`): the parsed incidents are cached before the server starts, the
server then reads none of the exports, and a bad file or an unwritable or unsafe cache folder is one plain
sentence, not a stop."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import loaders.parsed_cache as prepare_module
from loaders.fatalities import read_fatalities
from loaders.parsed_cache import CACHE_ENV, SUFFIX, cache_dir, incident_inputs, is_cached, parsed_incidents
from loaders.paths import DATA_DIR_ENV, REPO_ROOT
from tools.prepare import prepare

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    """A data folder holding a small real cut of an IOM export (with its sidecar) and the country references;
    the parsed-data cache in a folder of its own."""
    base = tmp_path / "data"
    (base / "iom_mmp").mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "data" / "reference", base / "reference")
    sidecar = next((REPO_ROOT / "data" / "iom_mmp").glob("MissingMigrants-Global-*.meta.yml"))
    shutil.copy(FIXTURES / "mmp_2025_cut.csv", base / "iom_mmp" / "cut.csv")
    shutil.copy(sidecar, base / "iom_mmp" / "cut.meta.yml")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return base


def test_prepare_caches_the_frame_the_reader_gives_and_the_server_then_reads_no_export(folder, name_lookup,
                                                                                        monkeypatch):
    message = prepare(folder)
    assert message.startswith("Prepared ") and "incidents" in message
    assert is_cached(folder, incident_inputs(folder)[1])
    exports, _ = incident_inputs(folder)

    def no_read(*args, **kwargs):
        raise AssertionError("the exports were read again")

    monkeypatch.setattr(prepare_module, "read_fatalities", no_read)
    cached = parsed_incidents(folder)
    pd.testing.assert_frame_equal(cached, read_fatalities(exports, name_lookup))
    assert prepare(folder) == "The incident data is already prepared."  # nothing to do the second time


def test_a_changed_export_is_prepared_again(folder):
    prepare(folder)
    export = folder / "iom_mmp" / "cut.csv"
    stat = export.stat()
    os.utime(export, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10 ** 9))
    assert not is_cached(folder, incident_inputs(folder)[1])
    assert prepare(folder).startswith("Prepared ")


def test_a_broken_export_is_one_sentence_and_nothing_is_cached(folder):
    export = folder / "iom_mmp" / "cut.csv"
    export.write_text("not,an,IOM,export\n1,2,3,4\n")
    message = prepare(folder)
    assert message.startswith("The incident data could not be prepared: ") and "cut.csv" in message
    assert "Traceback" not in message
    assert not is_cached(folder, incident_inputs(folder)[1])


def test_an_unwritable_cache_folder_is_said(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    message = prepare(folder)
    assert "could not be written" in message and "MSDE_CACHE_DIR" in message


def test_prepare_says_where_the_cache_is_and_that_it_holds_no_code(folder):
    message = prepare(folder)
    assert "in $MSDE_CACHE_DIR" in message and "no code" in message  # by its setting, never a server path
    assert str(cache_dir()) not in message
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    (cached,) = cache_dir().iterdir()
    assert cached.name.endswith(SUFFIX) and cached.read_bytes()[:6] == b"ARROW1"


def test_a_cache_folder_others_may_write_to_is_said_and_not_used(folder, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv(CACHE_ENV, str(shared))
    message = prepare(folder)
    assert message.startswith("Read ") and "other users may write to it" in message and "MSDE_CACHE_DIR" in message
    assert str(shared) not in message
    assert not list(shared.iterdir())
    assert prepare(folder).startswith("Read ")  # never "already prepared" from a folder the app will not read


def test_a_cache_folder_of_another_user_is_said_and_not_used(folder, monkeypatch):
    prepare(folder)
    other_user = cache_dir().stat().st_uid + 1
    monkeypatch.setattr(os, "geteuid", lambda: other_user)
    message = prepare(folder)
    assert "belongs to another user" in message and "MSDE_CACHE_DIR" in message


def test_the_command_prints_one_line_and_succeeds(folder):
    env = {**os.environ, DATA_DIR_ENV: str(folder)}
    done = subprocess.run([sys.executable, "-m", "tools.prepare"], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Prepared ") and len(done.stdout.strip().splitlines()) == 1
    assert is_cached(folder, incident_inputs(folder)[1])
