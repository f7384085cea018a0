"""A disk cache of the parsed incident frame, so that a server restart does not parse the exports again.

Reading and cleaning the IOM exports is slow, and grows with the rows; loading
the stored result of a previous read takes a fraction of that. The cache is keyed on everything the
result depends on: each input file's path, size and modification time (in
nanoseconds) and the source code of the reader modules, so a replaced export, a
new sidecar or a changed reader always gives a new key and a fresh read. It
is never the only copy of anything: a missing, unreadable or stale cache file
is simply read around, and a disk that cannot be written to just means no cache.

The folder is ``$MSDE_CACHE_DIR``, else ``$XDG_CACHE_HOME/msde``, else
``~/.cache/msde``. It is created readable and writable by its owner only
(mode 0700), and a folder that belongs to another user, or that other users
may write to, is not used at all (one line in the server's log says so).

Files are ``incidents-<data folder>-<key>.arrow``: the frame as an Arrow IPC file (Feather v2),
data only. Loading one runs no code from it: every column is a plain Arrow array
(numbers, timestamps, text, dictionaries of text), rebuilt into the reader's
exact pandas dtypes by this module from a JSON description of the columns
(:func:`frame_to_batch`, :func:`batch_to_frame`); no pickle, no extension type.
Tuple cells (:data:`loaders.fatalities.TUPLE_COLUMNS`) are stored as a dictionary of
lists of text. A frame with a column this format cannot hold exactly is not cached.

Only the current version's files are kept: writing a new file removes every
other file of the same data folder, every file of an older format (the
``.pickle`` files of earlier versions), half-written files abandoned by a
stopped server, and files of other data folders that no server has read or
written for :data:`IDLE_OTHER_FOLDER_S` (so two data folders sharing one cache
folder do not evict each other).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from i18n import N_
from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.errors import DataFileError
from loaders.fatalities import read_fatalities
from loaders.geography import SpatialStep
from loaders.metadata import sidecar_path
from loaders.paths import REPO_ROOT, countries_path, country_aliases_path, fatalities_dir
from loaders.sources import SourceFile, fatality_files, scan_fatality_files

log = logging.getLogger(__name__)


def incident_inputs(base: Path, step: SpatialStep | None = None) -> tuple[list[Path], list[Path]]:
    """The IOM exports in ``base``, and every file the parsed incident frame depends on (the cache key), with
    those of the spatial step ``step`` when it runs (its polygons and code)."""
    exports = [source.path for source in fatality_files(base)]
    # A missing reference table is left out of the key (the read then says it is missing).
    inputs = [*exports, *(p for p in (*map(sidecar_path, exports), countries_path(base), country_aliases_path(base),
                                      *(step.inputs if step is not None else ()))
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


def incident_data(base: Path, countries: pd.DataFrame | None = None, background: bool = False,
                  step: SpatialStep | None = None) -> IncidentData:
    """The incident data of the data folder ``base``: every usable export read (from the disk cache when it holds
    them), each unusable one left out and named in ``problems``; never raises DataFileError.

    ``countries``: the country reference when the caller has it read already. ``background``: see
    :func:`load_or_build`. ``step``: the spatial step (:func:`loaders.geography.spatial_step`), run on the read
    frame before it is cached, so its columns come with the cached frame; its files are part of the key. The app
    and ``make prepare`` both pass it (a frame read without it is cached under another key).
    """
    sources, problems = scan_fatality_files(base)
    problems = list(problems)
    if not sources:
        if not problems:
            problems.append(DataFileError(fatalities_dir(base), N_("The data folder {file} holds no IOM export."),
                                          expected=N_("at least one .csv or .xlsx export from the Missing Migrants "
                                                      "Project, with its sidecar")))
        return IncidentData(None, (), tuple(problems))
    exports, inputs = incident_inputs(base, step)
    left_out: list[DataFileError] = []

    def read() -> pd.DataFrame:
        reference = countries if countries is not None else read_countries(countries_path(base))
        frame = read_fatalities(exports, name_to_iso3(reference, read_country_aliases(country_aliases_path(base))),
                                problems=left_out)
        if step is not None:
            frame = step.apply(frame)
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


def parsed_incidents(base: Path, countries: pd.DataFrame | None = None, background: bool = False,
                     step: SpatialStep | None = None) -> pd.DataFrame:
    """The cleaned incident frame of the data folder ``base``: from the disk cache, else read and cached.

    ``countries``: the country reference when the caller has it read already. ``background``: see
    :func:`load_or_build`. An unusable export is left out (:func:`incident_data` says which); raises
    :class:`loaders.errors.DataFileError` when none can be used.
    """
    data = incident_data(base, countries, background, step)
    if data.frame is None:
        raise data.problems[0]
    return data.frame


CACHE_ENV = "MSDE_CACHE_DIR"


#: A half-written cache file older than this (seconds) was abandoned by a stopped server: removed.
STALE_PARTIAL_S = 3600

#: A cache file of another data folder that no server has read or written for this long (seconds) is removed.
IDLE_OTHER_FOLDER_S = 30 * 24 * 3600

#: The cache folder's mode when this module creates it: its owner alone reads and writes it.
FOLDER_MODE = 0o700

#: Cache files start with this, then the data folder's hash and the key; half-written ones start with PARTIAL.
PREFIX = "incidents-"
PARTIAL = ".writing-"

#: The storage format: the file suffix, and a version that is part of the key (a new format never reads an old file).
SUFFIX = ".arrow"
FORMAT_VERSION = 2

#: Arrow's buffer compression for the file: fast to decompress, several times smaller than the raw arrays.
COMPRESSION = "lz4"

#: The schema metadata entry holding the JSON description of the columns.
METADATA_KEY = b"msde-columns"


#: The modules whose code shapes the parsed frame; editing any of them changes the key.
READER_MODULES = ("loaders/fatalities.py", "loaders/countries.py", "loaders/tabular.py", "loaders/errors.py",
                  "loaders/parsed_cache.py")


def cache_dir() -> Path:
    """Where cached frames go: ``$MSDE_CACHE_DIR``, ``$XDG_CACHE_HOME/msde`` or ``~/.cache/msde``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "msde"


def cache_location() -> str:
    """Where the cache is, as a person sets it rather than as a path on this server: ``$MSDE_CACHE_DIR``,
    ``$XDG_CACHE_HOME/msde`` or ``~/.cache/msde``."""
    if os.environ.get(CACHE_ENV):
        return f"${CACHE_ENV}"
    return "$XDG_CACHE_HOME/msde" if os.environ.get("XDG_CACHE_HOME") else "~/.cache/msde"


def cache_key(inputs: Iterable[Path], modules: Iterable[str] = READER_MODULES) -> str:
    """A hex digest of the storage format, the inputs' paths, sizes and modification times and the reader's code."""
    digest = hashlib.sha256(f"{SUFFIX} {FORMAT_VERSION}\n".encode())
    for path in sorted(Path(p).resolve() for p in inputs):
        status = path.stat()
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    for module in modules:
        digest.update((REPO_ROOT / module).read_bytes())
    return digest.hexdigest()[:32]


def _prefix(root: Path) -> str:
    """Files of one data folder share this prefix, so a new read replaces that folder's old file only."""
    return PREFIX + hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]


def cache_path(root: Path, inputs: Iterable[Path], folder: Path | None = None) -> Path:
    """The cache file that holds (or would hold) the frame read from these inputs of the data folder ``root``."""
    return (folder or cache_dir()) / f"{_prefix(root)}-{cache_key(inputs)}{SUFFIX}"


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` must not hold the cache, in a few plain words; None when it may (or does not exist yet).

    A folder that another user owns, or that anyone but its owner may write to, could be given files this
    process did not write: it is refused.
    """
    try:
        status = folder.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return "it cannot be opened"
    if not stat.S_ISDIR(status.st_mode):
        return "it is not a folder"
    if status.st_uid != os.geteuid():
        return "it belongs to another user"
    if status.st_mode & 0o022:
        return "other users may write to it"
    return None


#: Folders already reported as refused, so the log says it once per folder, not on every load.
_REFUSED: set[str] = set()


def usable_folder(folder: Path) -> bool:
    """Create ``folder`` (mode 0700) if it is missing; whether the cache may use it. Logs one line when refused."""
    try:
        if not folder.exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=FOLDER_MODE)
            os.chmod(folder, FOLDER_MODE)  # the umask may have taken more than group and others' bits
    except FileExistsError:
        pass  # another process made it meanwhile: checked below like any existing folder
    except OSError:
        return False  # cannot be made (a read-only disk, a file in the way): no cache, as with a full disk
    problem = folder_problem(folder)
    if problem is None:
        return True
    if str(folder) not in _REFUSED:
        _REFUSED.add(str(folder))
        log.warning("The parsed-data cache folder %s is not used because %s; the exports are read at every start. "
                    "Make it a folder of this user's own (chmod 700) or set %s to one.", folder, problem, CACHE_ENV)
    return False


def is_cached(root: Path, inputs: Iterable[Path], folder: Path | None = None) -> bool:
    """Whether the cache holds a file for these inputs that a load would read (written whole: files appear by an
    atomic rename)."""
    folder = folder or cache_dir()
    return folder_problem(folder) is None and cache_path(root, inputs, folder).is_file()


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
    folder = folder or cache_dir()
    path = cache_path(root, inputs, folder)
    if not usable_folder(folder):
        return build()
    frame = _load(path)
    if frame is not None:
        return frame
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


def _load(path: Path) -> pd.DataFrame | None:
    """The frame stored at ``path``, or None when there is none; a file that is not a whole cache file written
    by this user (truncated, foreign, a link) is removed and read around, never trusted."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError:
        _remove(path)  # a link with the cache file's name (O_NOFOLLOW) or an unreadable file
        return None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
                raise ValueError("not a file this user wrote")
            frame = batch_to_frame(_read_batch(handle))
    except Exception:  # noqa: BLE001 - a truncated, foreign or older file is read around, never trusted
        _remove(path)
        return None
    try:
        os.utime(path)  # in use: files of other data folders are removed only once unused (see _remove_old)
    except OSError:
        pass
    return frame


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _read_batch(handle) -> pa.RecordBatch:
    """The one record batch of an Arrow IPC file, read into memory (not mapped: a later write may remove the
    file) and fully validated, so a damaged file is an error here, not a crash later.

    Read with the system allocator, as numpy's arrays are: what the rebuilt frame does not keep goes back to the
    system when freed, where Arrow's own pool would hold on to it for the life of the server.
    """
    reader = pa.ipc.open_file(handle, memory_pool=pa.system_memory_pool())
    if reader.num_record_batches != 1:
        raise ValueError("a cache file holds one record batch")
    batch = reader.get_batch(0)
    batch.validate(full=True)
    return batch


def _store(frame: pd.DataFrame, path: Path) -> None:
    """Write atomically (a reader never sees half a file), readable by this user only; drop older files.
    Best effort: a frame this format cannot hold exactly, or a disk that refuses, just means no cache."""
    try:
        batch = frame_to_batch(frame)
    except Exception as error:  # noqa: BLE001 - a column this format cannot hold exactly: no cache, and said
        log.warning("The parsed incident data is not cached: %s. The exports are read at every start.", error)
        return
    partial = None
    try:
        descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=PARTIAL)  # mode 0600
        with os.fdopen(descriptor, "wb") as handle:
            options = pa.ipc.IpcWriteOptions(compression=COMPRESSION)
            with pa.ipc.new_file(handle, batch.schema, options=options) as writer:
                writer.write_batch(batch)
        os.replace(partial, path)
        partial = None
        _remove_old(path)
    except (OSError, pa.ArrowException):
        if partial is not None:
            _remove(Path(partial))


def _remove_old(current: Path) -> None:
    """Remove, beside the file just written: the same data folder's other files (older versions, any format),
    files of an older format, half-written files abandoned by a stopped server, and other data folders' files
    unused for :data:`IDLE_OTHER_FOLDER_S`. Other files in the folder are left alone."""
    own = current.name.rsplit("-", 1)[0] + "-"
    now = time.time()
    for entry in os.scandir(current.parent):
        name = entry.name
        if name == current.name:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if name.startswith(PARTIAL):
                stale = age > STALE_PARTIAL_S  # a younger one may be another server writing right now
            elif name.startswith(PREFIX):
                stale = name.startswith(own) or not name.endswith(SUFFIX) or age > IDLE_OTHER_FOLDER_S
            else:
                stale = False
            if stale and not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:
            pass


# --- the file format: a frame as one Arrow record batch, and back, exactly ---

#: Column kinds in the JSON description: a categorical, a column of tuples of text, any other supported column.
CATEGORY, TUPLES, PLAIN = "category", "tuples", "plain"

#: numpy dtype kinds stored as they are: booleans, integers, floats, timestamps without a time zone.
_NUMPY_KINDS = "biufM"

#: pandas extension dtypes stored as Arrow arrays and rebuilt by the dtype itself (``__from_arrow__``).
_EXTENSION_DTYPES = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "boolean", "str",
                     "string")


def _plain_dtype(dtype) -> str:
    """The name a supported non-categorical dtype is stored under; ValueError for one this format cannot hold."""
    if isinstance(dtype, np.dtype) and dtype.kind in _NUMPY_KINDS:
        return dtype.name
    name = str(dtype)
    if name in _EXTENSION_DTYPES and pd.api.types.pandas_dtype(name) == dtype:
        return name
    raise ValueError(f"a column of type {dtype} cannot be stored")


def _tuple_column(series: pd.Series) -> pa.DictionaryArray:
    """Tuples of text as a dictionary of lists: one list per distinct tuple, and each row's index (null: NaN)."""
    cells = series.to_numpy()
    try:
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    except TypeError:  # an unhashable cell, such as a list
        raise ValueError(f"column {series.name} holds values other than tuples") from None
    if not all(isinstance(cell, tuple) for cell in uniques):
        raise ValueError(f"column {series.name} holds values other than tuples")
    if not all(isinstance(cell, float) and np.isnan(cell) for cell in cells[codes < 0]):
        raise ValueError(f"column {series.name} has blank cells other than NaN")
    values = pa.array([list(cell) for cell in uniques], type=pa.list_(pa.string()))
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32), mask=codes < 0), values)


def frame_to_batch(frame: pd.DataFrame) -> pa.RecordBatch:
    """The frame as one Arrow record batch whose schema metadata describes each column's pandas dtype.

    Raises ValueError for what this format cannot hold exactly: an index other than 0..n-1, column names that are
    not distinct text, ``attrs`` that JSON does not give back unchanged, or a column of another type than
    numbers, booleans, timestamps, text, categoricals of text or numbers, and tuples of text.
    """
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None):
        raise ValueError("the frame's index is not 0, 1, 2, ...")
    names = list(frame.columns)
    if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        raise ValueError("the frame's column names are not distinct text")
    attrs = json.loads(json.dumps(frame.attrs))
    if attrs != frame.attrs:
        raise ValueError("the frame's attrs do not survive JSON")
    columns, arrays = [], []
    for name in names:
        series = frame[name]
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            categories = dtype.categories
            _plain_dtype(categories.dtype)  # text or numbers only
            columns.append({"name": name, "kind": CATEGORY, "ordered": bool(dtype.ordered),
                            "categories": str(categories.dtype)})
            codes = series.cat.codes.to_numpy()
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(categories)))
        elif dtype == object:  # the reader's only object columns hold tuples
            columns.append({"name": name, "kind": TUPLES})
            arrays.append(_tuple_column(series))
        else:
            columns.append({"name": name, "kind": PLAIN, "dtype": _plain_dtype(dtype)})
            values = pa.array(series.to_numpy() if isinstance(dtype, np.dtype) else series.array)
            arrays.append(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    description = json.dumps({"columns": columns, "attrs": attrs}).encode()
    return pa.RecordBatch.from_arrays(arrays, names=names, metadata={METADATA_KEY: description})


def _categories(dictionary: pa.Array, dtype_name: str, ordered: bool) -> pd.CategoricalDtype:
    """The categorical dtype of these categories. Distinct categories in strictly increasing order (the reader's,
    from ``astype("category")``) are proven distinct by one vectorised comparison, which spares pandas hashing
    millions of Incident IDs again; any other order is checked by pandas."""
    categories = pd.Index(dictionary.to_pandas(), copy=False)
    if str(categories.dtype) != dtype_name or dictionary.null_count:
        raise ValueError("categories of another type")
    increasing = len(dictionary) < 2 or pc.all(pc.less(dictionary[:-1], dictionary[1:])).as_py()
    trusted = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if increasing and trusted is not None:
        return trusted(categories, ordered)
    return pd.CategoricalDtype(categories, ordered)


def _codes(indices: pa.Array) -> np.ndarray:
    """Dictionary indices as integers, -1 where null."""
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return indices.to_numpy(zero_copy_only=False)


def _decoded(column: dict, array: pa.Array):
    """One stored column back as the array its JSON description names; ValueError when the two disagree."""
    kind = column["kind"]
    if kind == CATEGORY:
        if not pa.types.is_dictionary(array.type):
            raise ValueError("not a dictionary")
        dtype = _categories(array.dictionary, column["categories"], bool(column["ordered"]))
        return pd.Categorical.from_codes(_codes(array.indices), dtype=dtype)
    if kind == TUPLES:
        if not (pa.types.is_dictionary(array.type) and array.type.value_type == pa.list_(pa.string())):
            raise ValueError("not a dictionary of lists of text")
        cells = np.empty(len(array.dictionary) + 1, dtype=object)
        cells[:-1] = [tuple(values) for values in array.dictionary.to_pylist()]
        cells[-1] = np.nan
        return cells.take(_codes(array.indices).astype(np.intp))
    name = column["dtype"]
    if name in _EXTENSION_DTYPES:
        values = pd.api.types.pandas_dtype(name).__from_arrow__(array)
    else:
        values = array.to_numpy(zero_copy_only=False)
        if values.dtype != np.dtype(name) or (array.null_count and values.dtype.kind != "M"):  # NaT is null
            raise ValueError("a column of another type")
    return values


def batch_to_frame(batch: pa.RecordBatch) -> pd.DataFrame:
    """The frame :func:`frame_to_batch` stored, rebuilt with each column's pandas dtype.

    Only what the JSON description names is built, from plain Arrow arrays: ValueError for a batch this module
    did not write (another schema, an extension type, a description that does not match the columns).
    """
    stored = (batch.schema.metadata or {}).get(METADATA_KEY)
    if stored is None:
        raise ValueError("no description of the columns")
    description = json.loads(stored)
    columns = description["columns"]
    if [column["name"] for column in columns] != batch.schema.names:
        raise ValueError("the description does not match the columns")
    if any(isinstance(field.type, pa.ExtensionType) for field in batch.schema):
        raise ValueError("an extension type")
    frame = pd.DataFrame({column["name"]: _decoded(column, array) for column, array in zip(columns, batch.columns)},
                         index=pd.RangeIndex(batch.num_rows), copy=False)
    frame.attrs = description["attrs"]
    return frame
