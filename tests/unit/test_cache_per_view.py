"""cache.per_view: a transform of the filtered incidents, worked out once per view and shared;
another filter, transform or argument is another view. And map_transforms.density_view, which it serves."""

from __future__ import annotations

import pandas as pd

from cache import per_view
from transforms.filters import Filters, apply_filters
from transforms.maps import cell_degrees_for, dead_missing_by_country, density_cells, density_view, incident_points
from transforms.quality import low_quality_note


def test_a_view_is_worked_out_once_and_each_key_counts(incidents, options):
    filters = Filters(period_from="2024-01", period_to="2024-12")
    selection = apply_filters(incidents, filters, options)
    by_incident = per_view(filters, dead_missing_by_country, selection, "incident")
    pd.testing.assert_frame_equal(by_incident, dead_missing_by_country(selection, "incident"))
    assert per_view(filters, dead_missing_by_country, selection, "incident") is by_incident  # shared
    by_origin = per_view(filters, dead_missing_by_country, selection, "origin")
    pd.testing.assert_frame_equal(by_origin, dead_missing_by_country(selection, "origin"))  # the argument counts
    assert per_view(filters, low_quality_note, selection) == low_quality_note(selection)  # so does the transform
    points = per_view(filters, incident_points, selection)
    narrower = Filters(period_from="2024-01", period_to="2024-06")
    fewer = per_view(narrower, incident_points, apply_filters(incidents, narrower, options))
    assert len(fewer) < len(points)  # and so do the filters


def test_density_view_is_the_grid_and_its_cells(incidents):
    degrees, cells = density_view(incidents)
    assert degrees == cell_degrees_for(incidents["lon"], incidents["lat"])
    pd.testing.assert_frame_equal(cells, density_cells(incidents, degrees))


def test_the_routes_view_and_a_version_in_the_key(incidents, options):
    from cache import catalogue_version, routes_view
    from loaders.corridors import corridors_path, read_corridors
    from transforms.corridor_membership import membership_matrix
    from transforms.corridors import corridor_totals

    filters = Filters(period_from="2022-01", period_to="2024-12")
    selection = apply_filters(incidents, filters, options)
    view = routes_view(selection)
    corridors = read_corridors(corridors_path())
    membership = membership_matrix(selection, corridors)
    pd.testing.assert_frame_equal(view.totals, corridor_totals(selection, corridors, membership))
    on = selection.loc[membership.any(axis=0)]
    assert view.everyone == int(selection["dead_missing"].sum())
    assert view.on_corridors == int(on["dead_missing"].sum()) < view.everyone
    assert view.note == low_quality_note(on)
    kept = per_view(filters, routes_view, selection, version=catalogue_version())
    assert per_view(filters, routes_view, selection, version=catalogue_version()) is kept
    assert per_view(filters, routes_view, selection, version=("another catalogue",)) is not kept
