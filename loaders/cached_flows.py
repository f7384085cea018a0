"""Thin Streamlit-cached wrappers over the pure crossing and arrival readers in ``loaders.flows``.

Each series frame, and its sidecar, is read once per server process with
``st.cache_resource`` and shared, read-only, by every session (transforms in
``loaders.flows`` never mutate their input and always return new frames; the
sidecar is a read-only mapping). Keys are small: the data folder, the series id
and the file's and sidecar's size and modification time, so replacing a file
reloads it.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Hashable, Mapping

import pandas as pd
import streamlit as st

from loaders.catalogue import file_stamps
from loaders.flows import FLOW_SERIES, read_flow_series
from loaders.metadata import sidecar_path
from loaders.paths import data_dir


def flow_signature(series_id: str, root: Path) -> tuple:
    """(name, size, mtime) of the series' file and sidecar; (name, -1, -1) where absent (a few stat calls)."""
    path = FLOW_SERIES[series_id].path(root)
    return file_stamps(path, sidecar_path(path))


@st.cache_resource(show_spinner=False)
def _flow_series(root: str, series_id: str, signature: tuple) -> pd.DataFrame:
    return read_flow_series(series_id, Path(root))


@st.cache_resource(show_spinner=False)
def _flow_meta(root: str, series_id: str, signature: tuple) -> Mapping[str, Any]:
    return MappingProxyType(FLOW_SERIES[series_id].meta(Path(root)))


def load_flow_series(series_id: str) -> pd.DataFrame:
    """The canonical flow frame of one series (shared, read-only: filter it, never modify it).

    Raises KeyError for an unknown id and DataFileError for an unusable file.
    """
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")
    root = data_dir()
    return _flow_series(str(root), series_id, flow_signature(series_id, root))


def load_flow_meta(series_id: str) -> Mapping[str, Any]:
    """The sidecar of one series (title, publisher, licence, measure, unit, counts, misses, caveats...).

    Shared and read-only (a mapping that refuses writes): copy it with ``dict()`` to change it.
    """
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")
    root = data_dir()
    return _flow_meta(str(root), series_id, flow_signature(series_id, root))


@st.cache_resource(show_spinner=False, max_entries=32)
def _series_table(root: str, series_id: str, signature: tuple, transform_name: str, args: tuple,
                  _transform: Callable[..., pd.DataFrame], _frame: pd.DataFrame) -> pd.DataFrame:
    return _transform(_frame, *args)


def load_series_table(series_id: str, transform: Callable[..., pd.DataFrame], *args: Hashable) -> pd.DataFrame:
    """``transform(frame, *args)`` of one series' frame, worked out once per file version and ``args`` and shared,
    read-only: for tables of a whole series that no filter changes (e.g. ``loaders.hazards.sea_land_detections``).

    ``transform`` must be a pure function of the frame and ``args`` (small hashable values). Raises as
    :func:`load_flow_series` does.
    """
    frame = load_flow_series(series_id)
    root = data_dir()
    return _series_table(str(root), series_id, flow_signature(series_id, root),
                         f"{transform.__module__}.{transform.__qualname__}", args, transform, frame)
