"""Which IOM exports the app reads, in which order, with their sidecars.

Pure: no Streamlit. To add a new IOM export, drop the file into
``data/iom_mmp/`` with a sidecar stating its ``exported`` date; files are read
oldest export first, so a newer export's version of an incident wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.metadata import read_sidecar
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


def fatality_files(root: Path | None = None) -> list[SourceFile]:
    """The IOM exports in the data folder, each with its sidecar, oldest export first.

    Raises DataFileError when a file has no sidecar (its date and licence
    would otherwise be unknown).
    """
    folder = fatalities_dir(root)
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES) if folder.is_dir() else []
    # Every page asks several times a run: the sidecars are shared (read-only) rather than copied each time.
    sources = [SourceFile(path=p, meta=read_sidecar(p, shared=True)) for p in files]
    return sorted(sources, key=lambda s: (str(s.meta.get("exported", "")), s.path.name))
