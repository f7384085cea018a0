"""Thin Streamlit-cached wrappers for the Modus operandi page: the facts, and what each view of them shows.

The facts do not depend on the global filters: they are read once per file
version and held with ``st.cache_resource``, shared read-only by every
session. What the page shows for one corridor and one set of source kinds
(the facts grouped by aspect, the evidence matrix, the fees) is worked out
once per such view and held the same way. Keys are small: the data folder,
the files' sizes and modification times, the corridor and the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import pandas as pd
import streamlit as st

from loaders.catalogue import file_stamps
from loaders.corridors import corridors_path
from loaders.metadata import read_sidecar, sidecar_path
from loaders.modus_operandi import (attach_corridor_ids, by_aspect, catalogue_names, corridor_map_path,
                                    evidence_matrix, facts_for, facts_path, fee_ranges, keep_kinds,
                                    read_corridor_map, read_facts)
from loaders.paths import data_dir


@dataclass(frozen=True)
class Facts:
    """The facts with their catalogue ids, the facts file's sidecar and the catalogue's corridor names."""

    facts: pd.DataFrame
    meta: Mapping[str, Any]
    names: Mapping[str, str]
    signature: tuple


@st.cache_resource(show_spinner=False, max_entries=4)
def _facts(root: str, signature: tuple) -> Facts:
    base = Path(root)
    path = facts_path(base)
    facts = attach_corridor_ids(read_facts(path), read_corridor_map(corridor_map_path(base)))
    return Facts(facts, MappingProxyType(read_sidecar(path)), MappingProxyType(catalogue_names(corridors_path(base))),
                 signature)


def load_facts() -> Facts:
    """The facts of the data folder in force (shared, read-only); DataFileError for an unusable file."""
    root = data_dir()
    path = facts_path(root)
    signature = file_stamps(path, sidecar_path(path), corridor_map_path(root), corridors_path(root))
    return _facts(str(root), signature)


@dataclass(frozen=True)
class FactsView:
    """What the page shows for one corridor choice and one set of source kinds (shared, read-only).

    ``chosen``: the corridor's facts from those kinds; ``groups``: them by aspect
    (:func:`loaders.modus_operandi.by_aspect`); ``matrix``: facts per corridor and aspect
    (every corridor of the file, in file order) and ``wide``: the same as a table with one
    column per aspect; ``fees``: :func:`loaders.modus_operandi.fee_ranges` of those kinds.
    """

    chosen: pd.DataFrame
    groups: tuple[tuple[str, pd.DataFrame], ...]
    matrix: pd.DataFrame
    wide: pd.DataFrame
    fees: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(root: str, signature: tuple, choice: str, kinds: tuple[str, ...], _facts: pd.DataFrame) -> FactsView:
    kept = keep_kinds(_facts, kinds)
    chosen = facts_for(kept, choice)
    matrix = evidence_matrix(kept, list(dict.fromkeys(_facts["corridor"])))
    wide = matrix.pivot_table(index="corridor", columns="aspect_label", values="facts", sort=False).reset_index()
    return FactsView(chosen, tuple(by_aspect(chosen)), matrix, wide, fee_ranges(kept))


def load_view(facts: Facts, choice: str, kinds: tuple[str, ...]) -> FactsView:
    """The :class:`FactsView` of ``facts`` (from :func:`load_facts`) for a corridor choice and source kinds."""
    return _view(str(data_dir()), facts.signature, choice, tuple(kinds), facts.facts)
