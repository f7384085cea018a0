"""Which IOM exports the app reads, in which order, with their sidecars.

Pure: no Streamlit. To add a new IOM export, drop the file into
``data/iom_mmp/`` with a sidecar stating its ``exported`` date; files are read
oldest export first, so a newer export's version of an incident wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from i18n import N_, _
from loaders.errors import DataFileError, short_name
from loaders.metadata import SIDECAR_SUFFIX, read_sidecar
from loaders.paths import fatalities_dir
from loaders.tabular import SUPPORTED_SUFFIXES

#: What a source line says when a sidecar names no producer, or no licence (translated when shown).
PRODUCER_NOT_STATED = N_("Unknown producer")
LICENCE_NOT_STATED = N_("licence not stated")


@dataclass(frozen=True)
class SourceFile:
    """A data file and what its sidecar says about it."""

    path: Path
    meta: dict  # the parsed sidecar, shared by every caller: read it, never change it

    @property
    def producer(self) -> str:
        """Who produced the data, from the sidecar (:data:`PRODUCER_NOT_STATED` in the active language when it does
        not say: a SourceFile is kept in a cache shared by every language, so this is read when shown)."""
        return str(self.meta["producer"]) if "producer" in self.meta else _(PRODUCER_NOT_STATED)

    @property
    def licence(self) -> str:
        """The data's licence, from the sidecar (:data:`LICENCE_NOT_STATED` in the active language when it does not
        say)."""
        return str(self.meta["licence"]) if "licence" in self.meta else _(LICENCE_NOT_STATED)

    @property
    def citation(self) -> str:
        """Short attribution, e.g. "IOM Missing Migrants Project (CC BY 4.0)", in the active language."""
        # Translators: a data source's producer and its licence, as the sidecar names them.
        return _("{producer} ({licence})", producer=self.producer, licence=self.licence)


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
            problems.append(DataFileError(folder / f"{stem}.csv", N_("The data file {file} is missing."),
                                          expected=N_("the IOM export (.csv or .xlsx) that {sidecar} describes, "
                                                      "or no sidecar"),
                                          params={"sidecar": short_name(name)}))
    sources.sort(key=lambda s: (str(s.meta.get("exported", "")), s.path.name))
    return sources, problems


def fatality_files(root: Path | None = None) -> list[SourceFile]:
    """The IOM exports in the data folder, each with its sidecar, oldest export first.

    An export that cannot be used for want of a sidecar is left out (:func:`scan_fatality_files` says which).
    """
    return scan_fatality_files(root)[0]
