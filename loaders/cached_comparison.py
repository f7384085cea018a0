"""Thin Streamlit-cached wrapper for the Regional comparison page: its tables, worked out once per view.

A view is the data version, the filters in force (the compared dimension's own
filter lifted), the compared dimension and groups, and the months no IOM export
covers. Its tables (dead and missing per year, causes of death, the profile of
each group, top countries of origin, the low-quality caution) are held with
``st.cache_resource`` and shared, read-only, by every session: a presenter
going back to a view, or every visitor landing on the default one, gets them
without their being worked out again over every incident (about 600 ms at 100
times the rows for the whole period). A view not seen before is worked out as
before, by the pure transforms in ``loaders.comparison_transforms``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.catalogue import fatality_files, files_signature
from loaders.comparison_transforms import cause_mix, group_profile, in_groups, top_nationalities, yearly_by_group
from loaders.fatality_transforms import low_quality_note
from loaders.filters import Filters, month_range
from loaders.paths import data_dir


@dataclass(frozen=True)
class Comparison:
    """The compared tables of one view (shared, read-only). ``empty``: no incident of the groups matches the
    filters (then only ``yearly`` is worked out, the others are empty frames and ``note`` is None)."""

    empty: bool
    yearly: pd.DataFrame
    causes: pd.DataFrame
    profile: pd.DataFrame
    nationalities: pd.DataFrame
    note: str | None


@st.cache_resource(show_spinner=False, max_entries=64)
def _comparison(root: str, signature: tuple, filters: tuple, dimension: str, groups: tuple[str, ...],
                gaps: tuple[str, ...], _incidents: pd.DataFrame) -> Comparison:
    period_from, period_to = filters[0], filters[1]
    chosen = in_groups(_incidents, dimension, groups)
    yearly = yearly_by_group(chosen, groups, month_range(period_from, period_to), list(gaps))
    if chosen.empty:
        return Comparison(True, yearly, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None)
    return Comparison(False, yearly, cause_mix(chosen, groups), group_profile(chosen, groups),
                      top_nationalities(chosen, groups), low_quality_note(chosen))


def load_comparison(incidents: pd.DataFrame, filters: Filters, dimension: str, groups: tuple[str, ...],
                    gaps: list[str]) -> Comparison:
    """The :class:`Comparison` of ``groups`` of ``dimension`` among ``incidents``, the incidents of the data
    in force that ``filters`` select (the page's filters, the compared dimension's own lifted)."""
    root = data_dir()
    return _comparison(str(root), files_signature(fatality_files(root)), dataclasses.astuple(filters), dimension,
                       tuple(groups), tuple(gaps), incidents)
