"""Thin Streamlit-cached wrappers for the Crime markets page: GI-TOC scores per indicator.

The GI-TOC index does not depend on the global filters: each indicator's
scores by country and regional averages are worked out once per file version
and held with ``st.cache_resource``, shared read-only by every session. Keys
are small: the data folder, the files' sizes and modification times and the
indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.cached import crime_index_signature, load_crime_index
from loaders.crime_index import regional_averages, scores_by_country
from loaders.paths import data_dir


@dataclass(frozen=True)
class IndicatorScores:
    """One GI-TOC indicator: :func:`loaders.crime_index.scores_by_country` and
    :func:`loaders.crime_index.regional_averages` (shared, read-only)."""

    scores: pd.DataFrame
    averages: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=32)
def _indicator(root: str, signature: tuple, indicator: str, _index: pd.DataFrame) -> IndicatorScores:
    return IndicatorScores(scores_by_country(_index, indicator), regional_averages(_index, indicator))


def load_indicator(indicator: str) -> IndicatorScores:
    """The :class:`IndicatorScores` of one indicator of the GI-TOC index in force.

    Raises DataFileError when a GI-TOC file is unusable (as ``load_crime_index`` does).
    """
    index, _ = load_crime_index()
    root = data_dir()
    return _indicator(str(root), crime_index_signature(root), indicator, index)
