"""cache: the Regional comparison's tables are the pure transforms' own, worked out once per
view (filters, dimension, groups) and shared; another view, or an empty one, is worked out afresh."""

from __future__ import annotations

import pandas as pd

from cache import load_comparison
from transforms.comparison import cause_mix, group_profile, in_groups, top_nationalities, yearly_by_group
from transforms.filters import Filters, apply_filters
from transforms.periods import month_range
from transforms.quality import caution_note

GROUPS = ("Mediterranean", "South-eastern Asia")


def test_the_tables_of_a_view_are_the_transforms_and_are_shared(incidents, options):
    filters = Filters(period_from="2022-01", period_to="2024-12")
    selection = apply_filters(incidents, filters, options)
    view = load_comparison(filters, "region", GROUPS, [])
    chosen = in_groups(selection, "region", GROUPS)
    pd.testing.assert_frame_equal(view.yearly, yearly_by_group(chosen, GROUPS, month_range("2022-01", "2024-12"), []))
    pd.testing.assert_frame_equal(view.causes, cause_mix(chosen, GROUPS))
    pd.testing.assert_frame_equal(view.profile, group_profile(chosen, GROUPS))
    pd.testing.assert_frame_equal(view.nationalities, top_nationalities(chosen, GROUPS))
    assert view.note == caution_note(chosen) and not view.empty and len(chosen) > 1000
    assert load_comparison(filters, "region", GROUPS, []) is view  # the same view: shared

    other = load_comparison(filters, "region", ("Mediterranean", "Southern Asia"), [])
    assert other is not view and set(other.profile["group"]) == {"Mediterranean", "Southern Asia"}
    later = Filters(period_from="2023-01", period_to="2024-12")
    shorter = load_comparison(later, "region", GROUPS, [])
    assert shorter.profile["incidents"].sum() < view.profile["incidents"].sum()


def test_a_view_with_no_incident_of_the_groups_is_empty(incidents, options):
    filters = Filters(period_from="2024-01", period_to="2024-12", causes=("Violence",), regions=("Europe",))
    selection = apply_filters(incidents, filters, options)
    view = load_comparison(filters, "subregion", ("Melanesia", "Micronesia"), [])
    assert view.empty and view.note is None and view.profile.empty
