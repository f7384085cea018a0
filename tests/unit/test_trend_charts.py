"""Trend and comparison figure builders and their one-sentence summaries, on the real data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from charts.comparison import (
    build_cause_mix,
    build_dead_missing_split,
    build_group_bars,
    build_indexed_lines,
    build_top_nationalities,
    build_yearly_small_multiples,
    summarise_causes,
    summarise_dead_missing,
    summarise_indexed,
    summarise_nationalities,
    summarise_profile_value,
    summarise_yearly,
)
from charts.style import CAUSE_COLOURS, CAUSE_SHORT, GAP_FILL, PARTIAL_OPACITY, PARTIAL_PATTERN
from charts.trends import (
    build_change_on_year_earlier,
    build_rolling_twelve_months,
    build_split_over_time,
    group_colours,
    summarise_change,
    summarise_rolling,
    summarise_split,
)
from loaders.events import events_path, read_events
from transforms.comparison import (
    cause_mix,
    group_profile,
    in_groups,
    indexed_to_base,
    top_nationalities,
    yearly_by_group,
)
from transforms.periods import month_range, source_coverage, uncovered_months
from transforms.trends import change_on_year_earlier, dead_missing_by_period_and_group, rolling_twelve_months

SOURCE = "Source: IOM Missing Migrants Project (CC BY 4.0). Minimum estimates."
EVENTS = read_events(events_path(Path(__file__).resolve().parents[2] / "data"))


@pytest.fixture(scope="module")
def setting(incidents, options):
    return incidents, month_range(options.months[0], options.months[-1]), uncovered_months(source_coverage(incidents))


def annotation_texts(fig):
    return " ".join(a.text or "" for a in fig.layout.annotations)


@pytest.mark.parametrize("display, measure", [("stacked", "absolute"), ("lines", "share")])
def test_split_chart_draws_groups_gap_band_events_and_source(setting, display, measure):
    incidents, months, gaps = setting
    frame = dead_missing_by_period_and_group(incidents, "route", "quarter", months, gaps)
    fig = build_split_over_time(frame, split="route", split_label="migration route", display=display, measure=measure,
                                title="Dead and missing by quarter, by route (people)", source=SOURCE, events=EVENTS)
    names = [t.name for t in fig.data]
    assert names[:2] == ["Central Mediterranean", "Sahara Desert crossing"] and "Other" in names and "Events" in names
    assert all(t.type == ("scatter" if display == "lines" else "bar") for t in fig.data if t.name != "Events")
    assert any(s.fillcolor == GAP_FILL for s in fig.layout.shapes)
    assert "No IOM export covers this period" in annotation_texts(fig) and "Minimum estimates" in annotation_texts(fig)
    assert fig.layout.title.text.endswith("(people)")
    events = next(t for t in fig.data if t.name == "Events")
    assert len(events.x) == len(EVENTS)


def test_cause_split_keeps_the_app_wide_cause_colours(setting):
    incidents, months, gaps = setting
    frame = dead_missing_by_period_and_group(incidents, "cause", "year", months, gaps, n=None)
    fig = build_split_over_time(frame, split="cause", split_label="cause of death", display="stacked",
                                measure="absolute", title="t", source=SOURCE)
    colours = {t.name: t.marker.color for t in fig.data}
    for cause, colour in CAUSE_COLOURS.items():
        assert colours[CAUSE_SHORT[cause]] == colour
    assert group_colours(["Drowning"], "cause")["Drowning"] == CAUSE_COLOURS["Drowning"]


def test_split_summary_names_the_largest_group_and_the_list_rule(setting):
    incidents, months, gaps = setting
    frame = dead_missing_by_period_and_group(incidents, "origin", "year", months, gaps)
    text = summarise_split(frame, "origin", "country of origin", True)
    assert text.startswith("Largest country of origin over the period: Afghanistan")
    assert "count under each" in text


def test_rolling_chart_and_summary(setting):
    incidents, months, gaps = setting
    frame = rolling_twelve_months(incidents, months, gaps, ["2025-04", "2026-05"])
    fig = build_rolling_twelve_months(frame, title="t", source=SOURCE, events=EVENTS)
    line = next(t for t in fig.data if t.type == "scatter" and t.name != "Events")
    assert np.isnan(np.array(line.y, dtype=float)).any()  # blank windows stay blank (a break, not a zero)
    text = summarise_rolling(frame)
    assert "12 months to Mar 2025 saw 8,258" in text and "highest 12-month total was 9,002" in text


def test_change_chart_and_summary(setting):
    incidents, months, gaps = setting
    frame = change_on_year_earlier(incidents, "year", months, gaps, ["2025-04", "2026-05"])
    fig = build_change_on_year_earlier(frame, grain="year", title="t", source=SOURCE)
    assert len(fig.data[0].x) == 10  # 2015-2024: 2014 has no year before, 2025 and 2026 are partial
    assert summarise_change(frame, "year").startswith("Latest comparable year, 2024: 9,002 dead and missing, +255")


def test_empty_inputs_give_a_sentence_not_an_axis(setting):
    incidents, months, gaps = setting
    empty = incidents.iloc[0:0]
    frame = dead_missing_by_period_and_group(empty, "region", "year", months, gaps)
    fig = build_split_over_time(frame, split="region", split_label="region", display="stacked", measure="absolute",
                                title="t", source=SOURCE)
    assert "No dead or missing recorded" in annotation_texts(fig) and fig.layout.xaxis.visible is False
    assert summarise_split(frame, "region", "region", False) == "No dead or missing recorded for this selection."
    change = change_on_year_earlier(empty, "year", month_range("2024-01", "2024-12"), [], [])
    assert "can be compared" in annotation_texts(build_change_on_year_earlier(change, grain="year", title="t",
                                                                               source=SOURCE))


@pytest.fixture(scope="module")
def compared(setting):
    incidents, months, gaps = setting
    groups = ("Central Mediterranean", "US-Mexico border crossing", "Darien")
    chosen = in_groups(incidents, "route", groups)
    return groups, chosen, yearly_by_group(chosen, groups, months, gaps)


def test_comparison_builders_draw_one_trace_per_group(compared):
    groups, chosen, yearly = compared
    assert len(build_yearly_small_multiples(yearly, groups, title="t", source=SOURCE).data) == 3
    indexed = indexed_to_base(yearly, 2016)
    fig = build_indexed_lines(indexed, groups, base_year=2016, title="t", source=SOURCE)
    assert [t.name for t in fig.data] == list(groups)
    causes = cause_mix(chosen, groups)
    fig = build_cause_mix(causes, groups, title="t", source=SOURCE)
    assert {t.marker.color for t in fig.data} <= set(CAUSE_COLOURS.values())
    profile = group_profile(chosen, groups)
    assert [t.name for t in build_dead_missing_split(profile, title="t", source=SOURCE).data] == ["Dead", "Missing"]
    bars = build_group_bars(profile, groups, value="survivors_per_incident", number_format=".1f", axis_title="a",
                            title="t", source=SOURCE, empty_message="none")
    assert len(bars.data[0].y) == 3
    assert len(build_top_nationalities(top_nationalities(chosen, groups), groups, title="t", source=SOURCE).data) == 3


def test_comparison_summaries(compared):
    groups, chosen, yearly = compared
    assert summarise_yearly(yearly, groups).startswith("Central Mediterranean had the most dead and missing")
    assert summarise_indexed(indexed_to_base(yearly, 2016), groups, 2016).startswith("Against 2016 = 100, in 2024")
    assert "Drowning in Central Mediterranean" in summarise_causes(cause_mix(chosen, groups), groups)
    profile = group_profile(chosen, groups)
    assert summarise_dead_missing(profile).startswith("Share of missing")
    assert "highest in" in summarise_profile_value(profile, "survivors_per_incident", "survivors per incident", ".1f")
    assert "Mexico in US-Mexico border crossing" in summarise_nationalities(top_nationalities(chosen, groups), groups)


def test_comparison_builders_on_empty_input(compared):
    groups, chosen, yearly = compared
    none = chosen.iloc[0:0]
    empty_yearly = yearly.assign(dead_missing=0.0)
    assert "No dead or missing" in annotation_texts(build_yearly_small_multiples(empty_yearly, groups, title="t",
                                                                                   source=SOURCE))
    profile = group_profile(none, groups)
    assert "No child count" in annotation_texts(build_group_bars(
        profile, groups, value="children_share_where_recorded", number_format=".0%", axis_title="a", title="t",
        source=SOURCE, empty_message="No child count is recorded for the groups compared."))
    assert "No country of origin" in annotation_texts(build_top_nationalities(top_nationalities(none, groups), groups,
                                                                               title="t", source=SOURCE))


@pytest.mark.parametrize("n", range(2, 7))
def test_small_multiples_lay_out_panels_as_make_subplots(n):
    """The panels' axes and titles are copied from plotly's make_subplots (made once per grid shape)."""
    groups = tuple(f"Group {i}" for i in range(n))
    yearly = pd.DataFrame({"group": [g for g in groups for _ in (0, 1)], "year": [2020, 2021] * n,
                           "label": ["2020", "2021"] * n, "dead_missing": [3.0, 5.0] * n, "coverage": 1.0,
                           "partial": [False, True] * n})
    fig = build_yearly_small_multiples(yearly, groups, title="t", source=SOURCE)
    columns = min(n, 3)
    grid = make_subplots(rows=math.ceil(n / columns), cols=columns, subplot_titles=groups, shared_xaxes=True,
                         vertical_spacing=0.16, horizontal_spacing=0.07)
    for i in range(n):
        grid.add_trace(go.Bar(x=[1]), row=i // columns + 1, col=i % columns + 1)
    expected = grid.layout.to_plotly_json()
    for key in [k for k in expected if k.startswith(("xaxis", "yaxis"))]:
        for prop in ("domain", "anchor", "matches", "showticklabels"):
            assert fig.layout[key][prop] == grid.layout[key][prop], (key, prop)
    assert [(t.xaxis, t.yaxis) for t in fig.data] == [(t.xaxis, t.yaxis) for t in grid.data]
    titles = fig.layout.annotations[:n]
    assert [(a.text, a.x, a.y) for a in titles] == [(a.text, a.x, a.y) for a in grid.layout.annotations]
    assert list(fig.data[0].marker.opacity) == [1.0, PARTIAL_OPACITY]  # the partial year paler
    assert list(fig.data[0].marker.pattern.shape) == ["", PARTIAL_PATTERN["shape"]]  # and hatched


def test_comparison_summaries_break_ties_by_order_and_skip_blanks():
    yearly = pd.DataFrame({"group": ["B", "B", "A", "A", "C"], "year": [2023, 2024, 2023, 2024, 2024],
                           "dead_missing": [5.0, 5.0, 10.0, float("nan"), float("nan")],
                           "partial": [False, False, False, False, False]})
    # A and B tie at 10: the first of the groups as given wins; its first highest year is named.
    assert summarise_yearly(yearly, ["B", "A", "C"]) == (
        "B had the most dead and missing of the groups compared (10); its highest whole year was 2023 (5). "
        "Hatched bars are partial years; each panel has its own scale.")
    assert summarise_yearly(yearly, ["A", "B"]).startswith("A had the most dead and missing of the groups compared (10)")
    assert summarise_yearly(yearly.assign(dead_missing=0.0), ["A", "B"]) == summarise_yearly(yearly.iloc[:0], ["A"])
    profile = pd.DataFrame({"group": ["A", "B", "C", "D"], "rate": [0.5, float("nan"), 0.5, 0.1],
                            "missing_share": [0.2, float("nan"), 0.4, 0.2]})
    assert summarise_profile_value(profile, "rate", "deaths per incident", ".1f") == (
        "Deaths per incident: highest in A (0.5), lowest in D (0.1). Not recorded for B.")
    assert summarise_dead_missing(profile) == ("Share of missing (presumed dead, never found) among the dead and "
                                               "missing: 40% in C, 20% in A, 20% in D.")
    indexed = pd.DataFrame({"group": ["A", "A", "B", "B"], "year": [2023, 2024, 2023, 2024],
                            "index": [100.0, 150.0, float("nan"), float("nan")]})
    assert summarise_indexed(indexed, ["A", "B"], 2023) == (
        "Against 2023 = 100, in 2024 A at 150. Not indexed (nothing recorded in 2023): B. Partial years are left out.")
