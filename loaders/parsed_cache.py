"""A disk cache of the parsed incident frame, so that a server restart does not parse the exports again.

Reading and cleaning the IOM exports is slow, and grows with the rows; loading
the pickled result of a previous read takes a fraction of that. The cache is keyed on everything the
result depends on: each input file's path, size and modification time (in
nanoseconds) and the source code of the reader modules, so a replaced export, a
new sidecar or a changed reader always gives a new key and a fresh read. It
is never the only copy of anything: a missing, unreadable or stale cache file
is simply read around, and a disk that cannot be written to just means no cache.

The folder is ``$MSDE_CACHE_DIR``, else ``$XDG_CACHE_HOME/msde``, else
``~/.cache/msde``. Files are ``incidents-<key>.pickle``, written by this
process only (a pickle is trusted here because only this code writes it); older
ones for the same data folder are removed when a new one is written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.errors import DataFileError
from loaders.fatalities import read_fatalities
from loaders.metadata import sidecar_path
from loaders.paths import REPO_ROOT, countries_path, country_aliases_path, fatalities_dir
from loaders.sources import SourceFile, fatality_files, scan_fatality_files


def incident_inputs(base: Path) -> tuple[list[Path], list[Path]]:
    """The IOM exports in ``base``, and every file the parsed incident frame depends on (the cache key)."""
    exports = [source.path for source in fatality_files(base)]
    # A missing reference table is left out of the key (the read then says it is missing).
    inputs = [*exports, *(p for p in (*map(sidecar_path, exports), countries_path(base), country_aliases_path(base))
                          if p.exists())]
    return exports, inputs


@dataclass(frozen=True)
class IncidentData:
    """The IOM incident data of a data folder, as far as it can be read.

    ``frame``: the cleaned incident frame of every usable export (None when no export can be used);
    ``sources``: the exports whose incidents it holds, oldest first; ``problems``: one DataFileError for each
    export (or reference table, or sidecar) that could not be used, saying why.
    """

    frame: pd.DataFrame | None
    sources: tuple[SourceFile, ...]
    problems: tuple[DataFileError, ...]


class _LeftOut(Exception):
    """Raised through :func:`load_or_build` when an export was left out: the frame of the others is used but not
    written to the disk cache (a cached frame always holds every export its key names)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        super().__init__("an export was left out")
        self.frame = frame


def incident_data(base: Path, countries: pd.DataFrame | None = None, background: bool = False) -> IncidentData:
    """The incident data of the data folder ``base``: every usable export read (from the disk cache when it holds
    them), each unusable one left out and named in ``problems``; never raises DataFileError.

    ``countries``: the country reference when the caller has it read already. ``background``: see
    :func:`load_or_build`.
    """
    sources, problems = scan_fatality_files(base)
    problems = list(problems)
    if not sources:
        if not problems:
            problems.append(DataFileError(fatalities_dir(base), "folder holds no IOM export",
                                          expected="at least one .csv or .xlsx export from the Missing Migrants "
                                                   "Project, with its sidecar"))
        return IncidentData(None, (), tuple(problems))
    exports, inputs = incident_inputs(base)
    left_out: list[DataFileError] = []

    def read() -> pd.DataFrame:
        reference = countries if countries is not None else read_countries(countries_path(base))
        frame = read_fatalities(exports, name_to_iso3(reference, read_country_aliases(country_aliases_path(base))),
                                problems=left_out)
        if left_out:
            raise _LeftOut(frame)
        return frame

    try:
        frame = load_or_build(base, inputs, read, background=background)
    except _LeftOut as partial:
        frame = partial.frame
    except DataFileError as error:  # no export could be used, or a reference table is broken
        return IncidentData(None, (), tuple([*problems, *(left_out or [error])]))
    broken = {error.path.name for error in left_out}
    return IncidentData(frame, tuple(s for s in sources if s.path.name not in broken), tuple([*problems, *left_out]))


def parsed_incidents(base: Path, countries: pd.DataFrame | None = None, background: bool = False) -> pd.DataFrame:
    """The cleaned incident frame of the data folder ``base``: from the disk cache, else read and cached.

    ``countries``: the country reference when the caller has it read already. ``background``: see
    :func:`load_or_build`. An unusable export is left out (:func:`incident_data` says which); raises
    :class:`loaders.errors.DataFileError` when none can be used.
    """
    data = incident_data(base, countries, background)
    if data.frame is None:
        raise data.problems[0]
    return data.frame


CACHE_ENV = "MSDE_CACHE_DIR"


#: A half-written cache file older than this (seconds) was abandoned by a stopped server: removed.
STALE_PARTIAL_S = 3600


#: The modules whose code shapes the parsed frame; editing any of them changes the key.
READER_MODULES = ("loaders/fatalities.py", "loaders/countries.py", "loaders/tabular.py", "loaders/errors.py",
                  "loaders/parsed_cache.py")


def cache_dir() -> Path:
    """Where cached frames go: ``$MSDE_CACHE_DIR``, ``$XDG_CACHE_HOME/msde`` or ``~/.cache/msde``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "msde"


def cache_key(inputs: Iterable[Path], modules: Iterable[str] = READER_MODULES) -> str:
    """A hex digest of the inputs' paths, sizes and modification times and of the reader's source code."""
    digest = hashlib.sha256()
    for path in sorted(Path(p).resolve() for p in inputs):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for module in modules:
        digest.update((REPO_ROOT / module).read_bytes())
    return digest.hexdigest()[:32]


def _prefix(root: Path) -> str:
    """Files of one data folder share this prefix, so a new read replaces that folder's old file only."""
    return "incidents-" + hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]


def cache_path(root: Path, inputs: Iterable[Path], folder: Path | None = None) -> Path:
    """The cache file that holds (or would hold) the frame read from these inputs of the data folder ``root``."""
    return (folder or cache_dir()) / f"{_prefix(root)}-{cache_key(inputs)}.pickle"


def is_cached(root: Path, inputs: Iterable[Path], folder: Path | None = None) -> bool:
    """Whether the cache holds a file for these inputs (written whole: files appear by an atomic rename)."""
    return cache_path(root, inputs, folder).is_file()


def load_or_build(root: Path, inputs: Iterable[Path], build: Callable[[], pd.DataFrame],
                  folder: Path | None = None, background: bool = False) -> pd.DataFrame:
    """The frame ``build()`` would return for these inputs: from the cache when it holds it, else built and stored.

    ``root`` is the data folder (it names the cache file); errors raised by
    ``build`` (a broken export) pass through unchanged and nothing is stored.
    With ``background``, the file is written by a thread while the caller goes on (the first page after a
    data update need not wait for the disk); :func:`wait_for_writes` waits for it, and so does the
    interpreter before it exits (not a daemon thread), so a server stopped right away still leaves the file.
    The frame must not be changed meanwhile (the app's is shared read-only).
    """
    path = cache_path(root, inputs, folder)
    try:
        with path.open("rb") as handle:
            frame = pickle.load(handle)
        if isinstance(frame, pd.DataFrame):
            return frame
    except OSError:  # no such file, or no usable folder
        pass
    except Exception:  # noqa: BLE001 - a truncated or foreign file is read around, never trusted
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    frame = build()
    if background:
        writer = threading.Thread(target=_store, args=(frame, path), name="msde-parsed-cache-write")
        _WRITERS.append(writer)
        writer.start()
    else:
        _store(frame, path)
    return frame


#: Cache writes under way in the background (see :func:`load_or_build`).
_WRITERS: list[threading.Thread] = []


def wait_for_writes(timeout: float | None = None) -> None:
    """Wait until every background cache write has finished.

    For tests and bench: the app never waits (the interpreter does, before it exits); a test that checks the
    file a background write leaves needs it to be there.
    """
    while _WRITERS:
        _WRITERS.pop().join(timeout)


def _store(frame: pd.DataFrame, path: Path) -> None:
    """Write atomically (a reader never sees half a file); drop the folder's older files. Best effort."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".writing-", delete=False) as handle:
            pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        prefix = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{prefix}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        for partial in path.parent.glob(".writing-*"):  # left by a server stopped while writing in the background
            if time.time() - partial.stat().st_mtime > STALE_PARTIAL_S:
                partial.unlink(missing_ok=True)
    except OSError:
        try:
            Path(handle.name).unlink(missing_ok=True)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass
