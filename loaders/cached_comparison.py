"""The Regional comparison page's tables, worked out once per view and shared (through ``per_view``).

A view is the data version, the filters in force (the compared dimension's own
filter lifted), the compared dimension and groups, and the months no IOM export
covers. Its tables (dead and missing per year, causes of death, the profile of
each group, top countries of origin, the low-quality caution) are worked out
together by :func:`comparison_tables` from the pure transforms in
``loaders.comparison_transforms`` and kept by :func:`loaders.cached_views.per_view`,
shared, read-only, by every session: a presenter going back to a view, or every
visitor landing on the default one, gets them without their being worked out
again over every incident (about 600 ms at 100 times the rows for the whole period).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.cached_views import per_view
from loaders.comparison_transforms import cause_mix, group_profile, in_groups, top_nationalities, yearly_by_group
from loaders.fatality_transforms import low_quality_note
from loaders.filters import Filters, month_range


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


def comparison_tables(incidents: pd.DataFrame, dimension: str, groups: tuple[str, ...], months: tuple[str, ...],
                      gaps: tuple[str, ...]) -> Comparison:
    """The :class:`Comparison` of ``groups`` of ``dimension`` among ``incidents`` over ``months``."""
    chosen = in_groups(incidents, dimension, groups)
    yearly = yearly_by_group(chosen, groups, months, list(gaps))
    if chosen.empty:
        return Comparison(True, yearly, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None)
    return Comparison(False, yearly, cause_mix(chosen, groups), group_profile(chosen, groups),
                      top_nationalities(chosen, groups), low_quality_note(chosen))


def load_comparison(incidents: pd.DataFrame, filters: Filters, dimension: str, groups: tuple[str, ...],
                    gaps: list[str]) -> Comparison:
    """The :class:`Comparison` of ``groups`` of ``dimension`` among ``incidents``, the incidents of the data
    in force that ``filters`` select (the page's filters, the compared dimension's own lifted)."""
    return per_view(filters, comparison_tables, incidents, dimension, tuple(groups),
                    month_range(filters.period_from, filters.period_to), tuple(gaps))
