"""Uploaded travel-document fraud detections and crossings: the pure views (transforms/document_fraud.py,
transforms/uploaded_crossings.py) and their figures (charts/document_fraud.py), from frames read by read_upload."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.document_fraud import (
    build_detections_by_crossing_point,
    build_detections_by_type,
    build_detections_over_time,
    build_fraud_flow,
    build_issuing_against_nationality,
)
from i18n import register_country_codes, use_language
from loaders.countries import country_codes, read_countries
from loaders.paths import countries_path
from loaders.uploads import empty_frame, read_upload
from tests.conftest import DATA
from transforms.document_fraud import (
    OTHER,
    UNKNOWN,
    country_names,
    detections_by_crossing_point,
    detections_by_type,
    detections_over_time,
    fraud_flow,
    issuing_against_nationality,
)
from transforms.flows import MeasureMismatchError
from transforms.uploaded_crossings import deaths_per_thousand, yearly_crossings

FRAUD = """period,grain,crossing_point,country_of_detection,document_type,fraud_type,issuing_country,nationality,count
2024-01,month,Airport A,Italy,passport,impostor,France,Senegal,4
2024-01-20,day,Airport A,Italy,passport,counterfeit,France,France,1
2024-02,month,Port B,Spain,ID card,forged,Spain,Morocco,2
2024-02,month,Port B,Spain,visa,stolen blank,,Morocco,3
2025,year,Airport A,Italy,residence permit,fraudulently obtained genuine,Italy,,5
"""

CROSSINGS = """period,grain,place,measure,count
2023-01,month,Border A,apprehensions,10
2023-02,month,Border A,apprehensions,15
2023,year,Border B,apprehensions,100
2024-03,month,Border A,apprehensions,20
2024-03,month,Border A,arrivals,999
2024-03,month,Border C,arrivals,7
"""


@pytest.fixture(scope="module")
def countries():
    return read_countries(countries_path(DATA))


@pytest.fixture(scope="module")
def fraud(countries):
    upload = read_upload("fraud.csv", FRAUD.encode(), countries=countries)
    assert upload.kind == "document_fraud" and upload.dropped == 0, upload.problems
    return upload.frame


@pytest.fixture(scope="module")
def crossings(countries):
    upload = read_upload("crossings.csv", CROSSINGS.encode(), countries=countries)
    assert upload.kind == "crossings" and upload.dropped == 0, upload.problems
    return upload.frame


def test_over_time_totals_on_the_coarsest_grain_and_refuses_a_finer_one(fraud):
    before = fraud.copy()
    yearly = detections_over_time(fraud)
    assert yearly[["period", "grain", "count"]].values.tolist() == [[pd.Timestamp("2024-01-01"), "year", 10],
                                                                    [pd.Timestamp("2025-01-01"), "year", 5]]
    with pytest.raises(ValueError):
        detections_over_time(fraud, grain="month")
    monthly = detections_over_time(fraud[fraud["grain"] != "year"], by="document_type")
    assert monthly[["period", "document_type", "count"]].values.tolist() == [
        [pd.Timestamp("2024-01-01"), "passport", 5], [pd.Timestamp("2024-02-01"), "id_card", 2],
        [pd.Timestamp("2024-02-01"), "visa", 3]]
    pd.testing.assert_frame_equal(fraud, before)


def test_by_type_holds_every_pair_and_adds_up(fraud):
    by_type = detections_by_type(fraud)
    assert len(by_type) == 25 and by_type["count"].sum() == fraud["count"].sum()
    pair = by_type.set_index(["document_type", "fraud_type"])["count"]
    assert pair[("passport", "impostor")] == 4 and pair[("id_card", "impostor")] == 0


def test_issuing_against_nationality_marks_where_they_differ_and_counts_blanks_as_not_known(fraud):
    pairs = issuing_against_nationality(fraud)
    as_rows = {(i, n): (c, d) for i, n, c, d in pairs.itertuples(index=False)}
    assert as_rows == {("FRA", "SEN"): (4, True), ("FRA", "FRA"): (1, False), ("ESP", "MAR"): (2, True),
                       (UNKNOWN, "MAR"): (3, False), ("ITA", UNKNOWN): (5, False)}
    assert pairs["count"].sum() == fraud["count"].sum()


def test_by_crossing_point_largest_first_with_the_share_of_impostors(fraud):
    points = detections_by_crossing_point(fraud)
    assert points[["crossing_point", "country_of_detection_iso3", "count"]].values.tolist() == [
        ["Airport A", "ITA", 10], ["Port B", "ESP", 5]]
    assert points["impostor_share"].tolist() == [0.4, 0.0]


def test_the_flow_links_three_stages_and_keeps_every_detection(fraud):
    flow = fraud_flow(fraud)
    assert set(flow.nodes["stage"]) == {"issuing", "nationality", "detection"}
    for stage in ("issuing", "nationality", "detection"):
        assert flow.nodes.loc[flow.nodes["stage"] == stage, "count"].sum() == fraud["count"].sum()
    assert flow.links["count"].sum() == 2 * fraud["count"].sum()
    stage_of = flow.nodes["stage"].to_numpy()
    assert all((stage_of[s], stage_of[t]) in {("issuing", "nationality"), ("nationality", "detection")}
               for s, t in zip(flow.links["source"], flow.links["target"]))
    small = fraud_flow(fraud, top=1)
    assert OTHER in set(small.nodes["key"])
    assert small.links["count"].sum() == 2 * fraud["count"].sum()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_figure_builds_with_country_names_and_an_empty_frame_says_so(fraud, countries, language):
    register_country_codes(country_codes(countries))  # as cache.py does once per data version
    use_language(language)
    try:
        names = country_names(countries)
        source = "your data (uploaded, not verified)"
        figures = [build_detections_over_time(detections_over_time(fraud), source=source),
                   build_detections_over_time(detections_over_time(fraud, by="fraud_type"), source=source,
                                              by="fraud_type"),
                   build_detections_by_type(detections_by_type(fraud), source=source),
                   build_issuing_against_nationality(issuing_against_nationality(fraud), source=source, names=names),
                   build_detections_by_crossing_point(detections_by_crossing_point(fraud), source=source, names=names),
                   build_fraud_flow(fraud_flow(fraud), source=source, names=names)]
        matrix = figures[3].to_dict()
        labels = matrix["data"][0]["y"]
        assert "France" in labels
        assert ("Spain" if language == "en" else "Espagne") in labels
        # One outline per pair of differing countries: France -> Senegal, Spain -> Morocco.
        assert len(matrix["layout"]["shapes"]) == 2
        sankey = figures[5].to_dict()["data"][0]
        assert sankey["type"] == "sankey" and sum(sankey["link"]["value"]) == 2 * int(fraud["count"].sum())
        empty = empty_frame("document_fraud")
        blank = build_fraud_flow(fraud_flow(empty), source=source).to_dict()
        assert blank["data"] == [] and blank["layout"]["annotations"][0]["text"]
        assert build_detections_by_type(detections_by_type(empty), source=source).to_dict()["data"] == []
    finally:
        use_language("en")


def test_yearly_crossings_sum_one_measure_and_refuse_to_add_unlike_ones(crossings):
    yearly = yearly_crossings(crossings, ["Border A", "Border B"], measure="apprehensions")
    assert yearly.values.tolist() == [[2023, "apprehensions", 125, 12, 2], [2024, "apprehensions", 20, 1, 1]]
    # Border A counts apprehensions and arrivals: without a measure chosen, they are never added.
    with pytest.raises(MeasureMismatchError, match="different measures"):
        yearly_crossings(crossings, ["Border A", "Border B"])
    assert yearly_crossings(crossings, ["Border B"]).values.tolist() == [[2023, "apprehensions", 100, 12, 1]]
    arrivals = yearly_crossings(crossings, ["Border A", "Border C"], measure="arrivals")
    assert arrivals[["year", "count", "places"]].values.tolist() == [[2024, 1006, 2]]


def test_deaths_per_thousand_crossings_of_one_measure(crossings):
    yearly = yearly_crossings(crossings, ["Border A", "Border B"], measure="apprehensions")
    rates = deaths_per_thousand(yearly, pd.Series({2023: 5, 2024: 1, 2019: 3}))
    assert rates[["year", "crossings", "dead_missing", "per_1000"]].values.tolist() == [[2023, 125, 5.0, 40.0],
                                                                                       [2024, 20, 1.0, 50.0]]
    assert set(rates["measure"]) == {"apprehensions"}
    mixed = pd.concat([yearly, yearly.assign(measure="arrivals")])
    with pytest.raises(MeasureMismatchError):
        deaths_per_thousand(mixed, pd.Series({2023: 5}))


def test_a_total_stated_beside_its_parts_is_counted_once(countries):
    text = """period,grain,place,nationality,measure,count
2024,year,Border A,,arrivals,100
2024-01,month,Border A,,arrivals,30
2024-02,month,Border B,,arrivals,20
2024-02,month,Border B,Syria,arrivals,12
2024-02,month,Border B,Eritrea,arrivals,8
2024-02-10,day,Border B,,arrivals,5
2024-03-10,day,Border B,Sudan,arrivals,2
2024-03-11,day,Border B,Sudan,arrivals,3
"""
    upload = read_upload("totals.csv", text.encode(), countries=countries)
    assert upload.dropped == 0
    yearly = yearly_crossings(upload.frame, ["Border A", "Border B"])
    # Border A: the yearly 100 (its January is part of it); Border B: February's total 20 (its nationalities and
    # the day inside February are parts of it), then 2 + 3 in March.
    assert yearly[["year", "count", "months_covered"]].values.tolist() == [[2024, 125, 12]]
    assert yearly_crossings(upload.frame, ["Border B"])[["count", "months_covered"]].values.tolist() == [[25, 2]]
