"""cache.per_view: a transform of the filtered incidents, worked out once per view and shared;
another filter, transform or argument is another view, and so is another data version (cache.data_version).
And transforms.maps.density_view, which it serves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cache import per_view
from transforms.filters import Filters, apply_filters
from transforms.maps import cell_degrees_for, dead_missing_by_country, density_cells, density_view, incident_points
from transforms.quality import caution_note


def test_a_view_is_worked_out_once_and_each_key_counts(incidents, options):
    filters = Filters(period_from="2024-01", period_to="2024-12")
    selection = apply_filters(incidents, filters, options)
    by_incident = per_view(filters, dead_missing_by_country, "incident")
    pd.testing.assert_frame_equal(by_incident, dead_missing_by_country(selection, "incident"))
    assert per_view(filters, dead_missing_by_country, "incident") is by_incident  # shared
    by_origin = per_view(filters, dead_missing_by_country, "origin")
    pd.testing.assert_frame_equal(by_origin, dead_missing_by_country(selection, "origin"))  # the argument counts
    assert per_view(filters, caution_note) == caution_note(selection)  # so does the transform
    points = per_view(filters, incident_points)
    narrower = Filters(period_from="2024-01", period_to="2024-06")
    fewer = per_view(narrower, incident_points)
    assert len(fewer) < len(points)  # and so do the filters


def test_density_view_is_the_grid_and_its_cells(incidents):
    degrees, cells = density_view(incidents)
    assert degrees == cell_degrees_for(incidents["lon"], incidents["lat"])
    pd.testing.assert_frame_equal(cells, density_cells(incidents, degrees))


def test_the_routes_view_is_the_pure_transform_by_the_one_membership_rule(incidents, options):
    from cache import load_routes_view
    from loaders.corridors import corridors_path, read_corridors
    from transforms.corridor_membership import membership_matrix
    from transforms.corridors import corridor_totals, routes_view

    filters = Filters(period_from="2022-01", period_to="2024-12")
    selection = apply_filters(incidents, filters, options)
    corridors = read_corridors(corridors_path())
    membership = membership_matrix(selection, corridors)
    view = load_routes_view(filters)
    assert view is load_routes_view(filters)  # shared
    pd.testing.assert_frame_equal(view.totals, corridor_totals(selection, corridors, membership))
    pd.testing.assert_frame_equal(view.totals, routes_view(selection, corridors, membership).totals)
    on = selection.loc[membership.any(axis=0)]
    assert view.everyone == int(selection["dead_missing"].sum())
    assert view.on_corridors == int(on["dead_missing"].sum()) < view.everyone
    assert view.note == caution_note(on)


def test_a_view_is_keyed_on_the_data_folder_and_its_version(incidents, options, tmp_path, monkeypatch):
    """The same filters over other data give that data's view, never the first one's (the selection is
    not handed in by the caller: the cache selects it from the keyed data)."""
    import shutil

    from cache import load_fatalities
    from loaders.paths import DATA_DIR_ENV, REPO_ROOT

    filters = Filters(period_from="2024-01", period_to="2024-12")
    points = per_view(filters, incident_points)
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    export = data / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    export.write_text("\n".join(lines[:-3000]) + "\n", encoding="utf-8")  # fewer incidents, same filters
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    other = per_view(filters, incident_points)
    assert other is not points
    assert len(other) == len(incident_points(apply_filters(load_fatalities(), filters, options)))
    assert per_view(filters, caution_note) == caution_note(apply_filters(load_fatalities(), filters, options))


def test_the_data_version_changes_with_any_file_of_the_folder_and_only_then(tmp_path):
    """Every cache key starts with the data version: rewriting, adding or removing a file below the data
    folder changes it, and an unchanged folder keeps the same one."""
    from cache import data_version

    (tmp_path / "flows").mkdir()
    data = tmp_path / "flows" / "a.csv"
    data.write_text("x\n1\n", encoding="utf-8")
    first = data_version(tmp_path)
    assert first == ((str(Path("flows") / "a.csv"), 4, data.stat().st_mtime_ns),)
    assert data_version(tmp_path) == first
    data.write_text("x\n12\n", encoding="utf-8")
    rewritten = data_version(tmp_path)
    assert rewritten != first
    (tmp_path / "b.csv").write_text("y\n", encoding="utf-8")
    assert data_version(tmp_path) != rewritten
    (tmp_path / "b.csv").unlink()
    assert data_version(tmp_path) == rewritten
