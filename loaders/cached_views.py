"""A thin Streamlit-cached wrapper for what a page works out from the filtered incidents: once per view.

``per_view(filters, transform, selection, *args)`` is ``transform(selection, *args)``, held with
``st.cache_resource`` and shared, read-only, by every session, keyed on the data version, the filters in
force, the transform and ``args``; ``selection`` itself is not hashed (it is what the filters select from the
data in force, as the shell gives it). A presenter going back to a view, or the many visitors who land on the
same one, get its tables without their being worked out again over every incident. A view not seen before
costs what the transform costs. Used by the Trends, Regional comparison (``loaders/cached_comparison.py``),
Incident map and Routes map pages. The Overview has a cache of its own (``loaders/cached_overview.py``): its
headline figures for the period before read the whole incident frame, not only the selection.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Hashable, TypeVar

import pandas as pd
import streamlit as st

from loaders.catalogue import fatality_files, files_signature
from loaders.filters import Filters
from loaders.paths import data_dir

T = TypeVar("T")


#: Views kept: a result is at most about 1 MB (the Incident map's points are capped at 2,500), so at most
#: about 64 MB whatever the traffic; the least recently used view goes first.
@st.cache_resource(show_spinner=False, max_entries=64)
def _per_view(root: str, signature: tuple, filters: tuple, name: str, args: tuple,
              _transform: Callable[..., Any], _selection: pd.DataFrame) -> Any:
    return _transform(_selection, *args)


def per_view(filters: Filters, transform: Callable[..., T], selection: pd.DataFrame, *args: Hashable,
             version: Hashable = ()) -> T:
    """``transform(selection, *args)``, worked out once per data version, ``filters``, transform and ``args``.

    ``selection`` must be the rows of the data in force that ``filters`` select (the shell's ``selection``);
    ``transform`` a function of it and ``args`` (small hashable values) whose result nobody changes.
    ``version``: the version of anything else the transform reads (e.g. the corridor catalogue's file stamps);
    part of the key, not passed on.
    """
    root = data_dir()
    return _per_view(str(root), files_signature(fatality_files(root)), (dataclasses.astuple(filters), version),
                     f"{transform.__module__}.{transform.__qualname__}", args, transform, selection)
