"""cache: the Overview's numbers are the pure transforms' own, worked out once per view (filters,
grain) and shared; another view is worked out afresh."""

from __future__ import annotations

import pandas as pd

from cache import load_overview
from transforms.filters import Filters, apply_filters, previous_period
from transforms.headlines import CELL_DEGREES, HEADLINE_COLUMNS, headline_figures
from transforms.maps import map_cells
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note
from transforms.rankings import top_values, unknown_share


def test_the_numbers_of_a_view_are_the_transforms_and_are_shared(incidents, options):
    filters = Filters(period_from="2023-01", period_to="2024-12", subregions=("South-eastern Asia",))
    selection = apply_filters(incidents, filters, options)
    view = load_overview(filters, "month", [], ["2024-12"])
    assert view.now == headline_figures(selection)
    assert view.before_filters == previous_period(filters, options)
    assert view.before == headline_figures(apply_filters(incidents, view.before_filters, options,
                                                         columns=HEADLINE_COLUMNS))
    pd.testing.assert_frame_equal(view.series, dead_missing_by_period(
        selection, "month", month_range("2023-01", "2024-12"), [], ["2024-12"]))
    pd.testing.assert_frame_equal(view.routes, top_values(selection, "migration_route"))
    pd.testing.assert_frame_equal(view.origins, top_values(selection, "country_of_origin"))
    pd.testing.assert_frame_equal(view.cells, map_cells(selection, cell_degrees=CELL_DEGREES))
    assert view.routes_unknown == unknown_share(selection, "migration_route")
    assert view.origins_unknown == unknown_share(selection, "country_of_origin")
    assert view.note == caution_note(selection)
    assert load_overview(filters, "month", [], ["2024-12"]) is view  # shared

    by_year = load_overview(filters, "year", [], ["2024-12"])
    assert by_year is not view and len(by_year.series) == 2  # the grain is part of the view
    wider = Filters(period_from="2023-01", period_to="2024-12")
    everywhere = load_overview(wider, "month", [], ["2024-12"])
    assert everywhere.now.dead_missing > view.now.dead_missing  # so are the filters
