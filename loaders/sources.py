"""Which IOM exports the app reads, in which order, with their sidecars.

Pure: no Streamlit. To add a new IOM export, drop the file into
``data/iom_mmp/`` with a sidecar stating its ``exported`` date; files are read
oldest export first, so a newer export's version of an incident wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.errors import DataFileError, short_name
from loaders.metadata import SIDECAR_SUFFIX, read_sidecar
from loaders.paths import fatalities_dir
from loaders.tabular import SUPPORTED_SUFFIXES

#: What a source line says when a sidecar names no producer, or no licence.
PRODUCER_NOT_STATED = "Unknown producer"
LICENCE_NOT_STATED = "licence not stated"


@dataclass(frozen=True)
class SourceFile:
    """A data file and what its sidecar says about it."""

    path: Path
    meta: dict  # the parsed sidecar, shared by every caller: read it, never change it

    @property
    def producer(self) -> str:
        """Who produced the data, from the sidecar (:data:`PRODUCER_NOT_STATED` when it does not say)."""
        return str(self.meta.get("producer", PRODUCER_NOT_STATED))

    @property
    def licence(self) -> str:
        """The data's licence, from the sidecar (:data:`LICENCE_NOT_STATED` when it does not say)."""
        return str(self.meta.get("licence", LICENCE_NOT_STATED))

    @property
    def citation(self) -> str:
        """Short attribution, e.g. "IOM Missing Migrants Project (CC BY 4.0)"."""
        return f"{self.producer} ({self.licence})"


def scan_fatality_files(root: Path | None = None) -> tuple[list[SourceFile], list[DataFileError]]:
    """The IOM exports in the data folder that can be placed and attributed, each with its sidecar, oldest export
    first; and one DataFileError for each export that cannot: an export whose sidecar is missing or unreadable
    (its date and licence would be unknown), or a sidecar whose export is missing.
    """
    folder = fatalities_dir(root)
    if not folder.is_dir():
        return [], []
    names = {p.name: p for p in folder.iterdir()}
    files = sorted(p for p in names.values() if p.suffix.lower() in SUPPORTED_SUFFIXES)
    sources: list[SourceFile] = []
    problems: list[DataFileError] = []
    for path in files:
        try:
            # Every page asks several times a run: the sidecars are shared (read-only) rather than copied each time.
            sources.append(SourceFile(path=path, meta=read_sidecar(path, shared=True)))
        except DataFileError as error:
            problems.append(error)
    stems = {p.stem for p in files}
    for name in sorted(names):
        if name.endswith(SIDECAR_SUFFIX) and name.removesuffix(SIDECAR_SUFFIX) not in stems:
            stem = name.removesuffix(SIDECAR_SUFFIX)
            problems.append(DataFileError(folder / f"{stem}.csv", "is missing",
                                          expected=f"the IOM export (.csv or .xlsx) that {short_name(name)} describes, "
                                                   "or no sidecar"))
    sources.sort(key=lambda s: (str(s.meta.get("exported", "")), s.path.name))
    return sources, problems


def fatality_files(root: Path | None = None) -> list[SourceFile]:
    """The IOM exports in the data folder, each with its sidecar, oldest export first.

    An export that cannot be used for want of a sidecar is left out (:func:`scan_fatality_files` says which).
    """
    return scan_fatality_files(root)[0]
