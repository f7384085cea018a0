"""A session's own incidents: combined with the public ones into a frame every transform accepts, and routed by
cache.py around every shared cache (none is read or written while they are in force)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cache
from cache import SessionIncidents, load_fatalities, load_overview, per_view, use_session_incidents
from loaders.fatalities import combine_incidents
from transforms.filters import Filters, apply_filters, filter_options
from transforms.maps import dead_missing_by_country
from transforms.your_data import incidents_in_force

MARKER = "ZZ-SESSION-ONLY-4417"


@pytest.fixture(scope="module")
def uploaded(incidents):
    """Fifty real incidents dressed as an upload: their own IDs and a marker in the location."""
    rows = incidents.iloc[:50].copy()
    for column in ("incident_id", "main_id", "location"):
        rows[column] = rows[column].astype(str)
    rows["incident_id"] = "upload-" + rows["incident_id"]
    rows["main_id"] = "upload-" + rows["main_id"]
    rows["location"] = MARKER
    rows["source_file"] = "mine.csv"
    return rows


@pytest.fixture(autouse=True)
def public_after_each_test():
    use_session_incidents(None)
    yield
    use_session_incidents(None)


def test_combined_frame_keeps_every_row_and_rebuilds_the_fast_columns(incidents, uploaded):
    both = combine_incidents([incidents, uploaded])
    assert len(both) == len(incidents) + 50
    assert int(both["dead_missing"].sum()) == int(incidents["dead_missing"].sum() + uploaded["dead_missing"].sum())
    assert isinstance(both["location"].dtype, pd.CategoricalDtype)
    assert (both["location"] == MARKER).sum() == 50
    # event_code is one integer per Main ID, over the whole
    pairs = both.groupby("event_code", observed=True)["main_id"].nunique()
    assert (pairs == 1).all() and both["event_code"].nunique() == both["main_id"].nunique()
    dated = both["date"].dropna()
    assert dated.is_monotonic_increasing  # date order, as the reader leaves it
    assert (both["month_key"] >= -1).all()
    assert list(both["cause_of_death_key"].cat.codes[:1]) != [None]


def test_in_force_frame_per_source(incidents, uploaded):
    assert incidents_in_force(incidents, uploaded, "public") is None
    assert incidents_in_force(incidents, None, "both") is None
    assert len(incidents_in_force(incidents, uploaded, "mine")) == 50
    assert len(incidents_in_force(incidents, uploaded, "both")) == len(incidents) + 50


def test_views_of_session_incidents_touch_no_shared_cache(incidents, uploaded, monkeypatch):
    frame = combine_incidents([uploaded])
    own = SessionIncidents(frame=frame, options=filter_options(frame))
    for name in ("_per_view", "_overview", "_corridor_view", "_incident_table", "_incidents", "_options", "_gaps",
                 "_selection", "_selection_membership"):
        monkeypatch.setattr(cache, name, _refuse(name))
    use_session_incidents(own)
    assert load_fatalities() is frame
    filters = own.options.default()
    expected = dead_missing_by_country(apply_filters(frame, filters, own.options), "incident")
    pd.testing.assert_frame_equal(per_view(filters, dead_missing_by_country, "incident"), expected)
    view = load_overview(filters, "month", [], [])
    assert view.now.dead_missing == pytest.approx(float(uploaded["dead_missing"].sum()))
    table = cache.load_incident_table(filters, MARKER)
    assert len(table) == 50
    assert len(cache.load_selection(filters)) == 50


def test_the_public_view_comes_back_once_the_session_data_is_let_go(incidents, options, uploaded):
    filters = Filters(period_from=options.months[0], period_to=options.months[-1])
    public = per_view(filters, dead_missing_by_country, "incident")
    frame = combine_incidents([incidents, uploaded])
    use_session_incidents(SessionIncidents(frame=frame, options=filter_options(frame)))
    mine = per_view(filters, dead_missing_by_country, "incident")
    assert float(mine["dead_missing"].sum()) == pytest.approx(float(public["dead_missing"].sum())
                                                               + float(uploaded["dead_missing"].sum()))
    use_session_incidents(None)
    again = per_view(filters, dead_missing_by_country, "incident")
    assert again is public  # the shared entry, untouched by the session's view


def test_corridor_rows_of_session_incidents_are_matched_by_the_rule(incidents, uploaded):
    frame = combine_incidents([incidents, uploaded])
    use_session_incidents(SessionIncidents(frame=frame, options=filter_options(frame)))
    corridors = cache.load_corridors()
    from transforms.corridor_membership import membership_matrix

    first = corridors["id"].iloc[0]
    np.testing.assert_array_equal(cache.corridor_rows(frame, first), membership_matrix(frame, corridors.iloc[:1])[0])


def _refuse(name):
    def refuse(*args, **kwargs):
        raise AssertionError(f"cache.{name} was used for a session's own incidents")
    return refuse
