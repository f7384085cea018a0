"""The global filters: URL parsing with notices, round trips, descriptions and previous periods."""

from __future__ import annotations

from dataclasses import replace

from transforms.filters import describe, is_full_period, parse_query, previous_period, to_query


def test_empty_query_is_the_default(options):
    filters, notices = parse_query({}, options)
    assert filters == options.default() and notices == {}
    assert options.months[0] == "2014-01" and options.months[-1] == "2026-05"


def test_round_trip_through_the_url(options):
    filters = replace(options.default(), period_from="2020-03", period_to="2024-12",
                      subregions=("South-eastern Asia", "Southern Asia"),
                      causes=("Harsh environmental conditions / lack of adequate shelter, food, water",))
    query = to_query(filters, options)
    assert query["cause"] == ["Harsh environmental conditions / lack of adequate shelter, food, water"]
    parsed, notices = parse_query(query, options)
    assert parsed == filters and notices == {}


def test_defaults_are_left_out_of_the_url(options):
    assert to_query(options.default(), options) == {}


def test_unknown_values_are_dropped_with_a_notice(options):
    filters, notices = parse_query({"region": ["Mediterranean", "Atlantis"], "route": ["<script>"]}, options)
    assert filters.regions == ("Mediterranean",) and filters.routes == ()
    assert "Atlantis" in notices["region"] and r"\<script\>" in notices["route"]


def test_malformed_and_out_of_range_months(options):
    filters, notices = parse_query({"from": ["2024-13"], "to": ["2031-01"]}, options)
    assert filters.period_from == options.months[0]
    assert filters.period_to == options.months[-1]
    assert set(notices) == {"from", "to"}


def test_reversed_period_is_swapped(options):
    filters, notices = parse_query({"from": ["2024-06"], "to": ["2020-01"]}, options)
    assert (filters.period_from, filters.period_to) == ("2020-01", "2024-06")
    assert notices


def test_describe_in_plain_language(options):
    assert describe(options.default(), options).startswith("Showing incidents from January 2014 to May 2026")
    text = describe(replace(options.default(), period_from="2024-01", period_to="2024-12",
                            subregions=("South-eastern Asia",)), options)
    assert text == "Showing incidents from January 2024 to December 2024, UNSD sub-region South-eastern Asia."


def test_previous_period(options):
    year = replace(options.default(), period_from="2024-01", period_to="2024-12")
    before = previous_period(year, options)
    assert (before.period_from, before.period_to) == ("2023-01", "2023-12")
    assert previous_period(options.default(), options) is None
    assert is_full_period(options.default(), options) and not is_full_period(year, options)
