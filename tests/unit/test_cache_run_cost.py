"""What a page run pays in cache.py: the data folder is looked at once per interval (not per cached call), cache
keys carry a short stand-in of the data version, and a filter change selects the incidents once, shared by the
shell and every view of the run."""

from __future__ import annotations

import os
from dataclasses import astuple

import pandas as pd

import cache
from transforms.filters import Filters, apply_filters


def test_the_data_folder_is_walked_at_most_once_per_interval(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    walks = []
    real_walk = os.walk

    def counting_walk(*args, **kwargs):
        walks.append(args[0])
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(cache.os, "walk", counting_walk)
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 3600.0)
    first = cache.data_version(tmp_path)
    for _ in range(50):
        assert cache.data_version(tmp_path) is first
    assert len(walks) == 1
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)  # the interval over: looked at again
    cache.data_version(tmp_path)
    assert len(walks) == 2


def test_the_version_key_is_short_the_same_for_the_same_files_and_another_for_any_change(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)
    data = tmp_path / "a.csv"
    data.write_text("x\n1\n", encoding="utf-8")
    key = cache._version_key(tmp_path)
    assert isinstance(key, tuple) and len(key) == 1 and len(key[0]) == 32
    assert cache._version_key(tmp_path) == key
    data.write_text("x\n12\n", encoding="utf-8")
    changed = cache._version_key(tmp_path)
    assert changed != key
    (tmp_path / "b.csv").write_text("y\n", encoding="utf-8")
    assert cache._version_key(tmp_path) not in (key, changed)
    (tmp_path / "b.csv").unlink()
    assert cache._version_key(tmp_path) == changed


def test_the_selection_is_worked_out_once_per_filters_and_a_write_never_reaches_it(incidents, options):
    filters = Filters(period_from="2023-01", period_to="2024-12", regions=("Mediterranean",))
    selection = cache.load_selection(filters)
    pd.testing.assert_frame_equal(selection, apply_filters(incidents, filters, options))
    again = cache.load_selection(filters)
    assert again is not selection  # each caller its own shallow copy...
    kept = cache._selection(*cache._key(), astuple(filters))
    assert cache._selection(*cache._key(), astuple(filters)) is kept  # ...of the one frame kept
    again["dead_missing"] = 0  # ...so a page writing to it changes nothing shared
    again["extra"] = 1
    assert "extra" not in kept.columns
    pd.testing.assert_frame_equal(cache.load_selection(filters), apply_filters(incidents, filters, options))
    other = Filters(period_from="2023-01", period_to="2024-12", regions=("Northern Africa",))
    pd.testing.assert_frame_equal(cache.load_selection(other), apply_filters(incidents, other, options))


def test_a_corridor_view_reads_the_selection_rows_membership_once_and_read_only(incidents, options):
    from loaders.corridors import corridors_path, read_corridors
    from transforms.corridor_membership import membership_matrix

    filters = Filters(period_from="2022-01", period_to="2024-12", regions=("Mediterranean", "Northern Africa"))
    key = (*cache._key(), astuple(filters))
    rows = cache._selection_membership(*key)
    assert cache._selection_membership(*key) is rows
    assert not rows.flags.writeable
    expected = membership_matrix(apply_filters(incidents, filters, options), read_corridors(corridors_path()))
    assert (rows == expected).all()
