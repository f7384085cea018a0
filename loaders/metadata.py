"""Metadata sidecars: each data file ``X.csv`` is described by ``X.meta.yml``.

A sidecar states title, producer, source URL, date retrieved, licence, the
span the file covers, and each column's meaning and unit. Pages read source
lines and caveats from here instead of hard-coding them.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from i18n import N_
from loaders.errors import DataFileError, short_name

#: What a sidecar's name adds to its data file's stem.
SIDECAR_SUFFIX = ".meta.yml"


def sidecar_path(data_path: Path) -> Path:
    """The sidecar of a data file: same folder, same stem, ``.meta.yml``."""
    return data_path.with_name(data_path.stem + SIDECAR_SUFFIX)


def read_sidecar(data_path: Path, *, shared: bool = False) -> dict[str, Any]:
    """Read the sidecar of ``data_path``; raise DataFileError if it is absent or not a mapping.

    Parsed once per version of the file (its path, size and modification time), so pages
    can ask for sidecars on every run for free. Returns a copy (callers may not share edits),
    or with ``shared=True`` the parsed mapping itself, for callers that only read it (a deep
    copy of a large sidecar on every call adds up).
    """
    path = sidecar_path(Path(data_path))
    if not path.is_file():
        raise DataFileError(path, N_("The data file {file} is missing."),
                            expected=N_("a metadata sidecar beside {data_file}"),
                            params={"data_file": short_name(Path(data_path).name)})
    stat = path.stat()
    meta = _parse_sidecar(str(path), stat.st_size, stat.st_mtime_ns)
    return meta if shared else copy.deepcopy(meta)


@functools.lru_cache(maxsize=256)
def _parse_sidecar(path_text: str, size: int, modified_ns: int) -> dict[str, Any]:
    """Parse one version of a sidecar (the size and time only key the cache)."""
    path = Path(path_text)
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError(path, N_("The data file {file} is not UTF-8 text."),
                            expected=N_("a YAML file saved with UTF-8 encoding")) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = (N_("The data file {file} is not valid YAML (near line {line}).") if mark is not None
                   else N_("The data file {file} is not valid YAML."))
        # Translators: title, producer and licence are the keys of the file: keep them in English.
        raise DataFileError(path, problem, expected=N_("keys such as title, producer, licence, each on its own line"),
                            params={"line": mark.line + 1 if mark is not None else 0}) from exc
    if not isinstance(meta, dict):
        # Translators: title, producer and licence are the keys of the file: keep them in English.
        raise DataFileError(path, N_("The data file {file} does not hold a mapping."),
                            expected=N_("keys such as title, producer, licence"))
    return meta


def read_sidecars(root: Path, skip: tuple[str, ...] = ()) -> list[tuple[Path, dict[str, Any] | DataFileError]]:
    """Every sidecar below the data folder ``root`` (folders named in ``skip`` left out), in path order: each as
    (its data file's path relative to ``root``, the parsed mapping), or the DataFileError saying why it cannot
    be read."""
    found: list[tuple[Path, dict[str, Any] | DataFileError]] = []
    for path in sorted(Path(root).rglob("*.meta.yml")):
        if path.parent.name in skip:
            continue
        data_path = path.with_name(path.name.removesuffix(".meta.yml") + ".csv")
        try:
            found.append((data_path.relative_to(root), read_sidecar(data_path, shared=True)))
        except DataFileError as error:
            found.append((data_path.relative_to(root), error))
    return found
