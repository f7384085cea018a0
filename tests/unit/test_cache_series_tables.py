"""cache.load_series_table: a table of a whole crossing series (no filter applies) worked out once
per file version and arguments, shared by every session, and worked out again when the file changes."""

from __future__ import annotations

import os
import shutil

import pandas as pd

from cache import load_series_table
from loaders.flows import FLOW_SERIES, read_flow_series
from loaders.paths import DATA_DIR_ENV, REPO_ROOT
from transforms.hazards import people_per_boat, sea_land_detections


def test_a_series_table_is_the_transform_shared_and_read_again_after_a_change(tmp_path, monkeypatch):
    shutil.copytree(REPO_ROOT / "data" / "flows", tmp_path / "flows")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    yearly = load_series_table("uk_small_boats", people_per_boat, "year")
    pd.testing.assert_frame_equal(yearly, people_per_boat(read_flow_series("uk_small_boats", tmp_path), "year"))
    assert load_series_table("uk_small_boats", people_per_boat, "year") is yearly  # shared, not made again
    monthly = load_series_table("uk_small_boats", people_per_boat, "month")
    assert len(monthly) > len(yearly)  # the argument is part of the key
    detections = load_series_table("frontex_ibc", sea_land_detections)
    pd.testing.assert_frame_equal(detections, sea_land_detections(read_flow_series("frontex_ibc", tmp_path)))

    # A refreshed file (here: its last hundred rows dropped) is read again, and the table follows it.
    path = FLOW_SERIES["uk_small_boats"].path(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-100]))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10 ** 9))
    again = load_series_table("uk_small_boats", people_per_boat, "year")
    assert again is not yearly
    pd.testing.assert_frame_equal(again, people_per_boat(read_flow_series("uk_small_boats", tmp_path), "year"))
    assert again["migrants"].sum() < yearly["migrants"].sum()
