"""The load test's bookkeeping (bench/load.py): a reopened view is compared by its texts and elements, the
table keeps one column per replica count, and the verdicts hold the issue's targets."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from bench.load import briefing_query, describe_difference, render_table, verdicts, view_of


def run(texts, **elements):
    return SimpleNamespace(texts=list(texts), elements=Counter(elements))


def series(median_ms, p95_ms=None, n=5):
    return {"n": n, "median_ms": median_ms, "p95_ms": p95_ms or median_ms, "max_ms": p95_ms or median_ms}


def result(replicas, *, room_p95=2000, errors=0, rss_change=1.0, hit=4, recovered=4, unchanged=4):
    day = {"rerun": series(120), "reruns": 30, "errors": errors, "rss_after_warmup_mb": 500, "rss_end_mb": 505,
           "rss_change_pct": rss_change}
    dies = ({"skipped": "needs 2 replicas or more"} if replicas < 2 else
            {**day, "sessions_hit": hit, "recovered": recovered, "views_unchanged": unchanged, "briefings_hit": 1,
             "recovery": series(90)})
    return {"replicas": replicas, "room": {"first_view": series(800, room_p95), "errors": errors, "peak_rss_mb": 600},
            "burst": {"sessions": 40, "first_view": series(1500), "errors": 0}, "day": day, "dies": dies}


def test_a_view_is_its_texts_and_elements():
    before = view_of(run(["Overview", "view 2 of 3"], plotly_chart=3))
    assert before == view_of(run(["Overview", "view 2 of 3"], plotly_chart=3))
    assert before != view_of(run(["Overview", "view 1 of 3"], plotly_chart=3))
    assert before != view_of(run(["Overview", "view 2 of 3"], plotly_chart=3, deck_gl_json_chart=1))
    # One element sent twice in a run (a box filled again) is still one element on the screen.
    assert view_of(run(["Overview"], code=2)) == view_of(run(["Overview"], code=1))
    assert view_of(run(["Overview"], code=1, empty=1)) == view_of(run(["Overview"], code=1))
    assert "view 2 of 3" in describe_difference(before, view_of(run(["Overview", "view 1 of 3"], plotly_chart=3)))


def test_the_briefing_link_opens_its_second_view():
    query = briefing_query()
    assert "brief=" in query and "step=2" in query


def test_the_table_has_a_column_per_replica_count_and_says_n_a_for_a_single_replica_dying():
    table = render_table([result(1), result(2)], "header")
    assert "1 replica" in table and "2 replicas" in table
    dies = next(line for line in table.splitlines() if line.startswith("4. a replica dies: sessions"))
    assert "n/a" in dies and "4 / 4 / 4" in dies


def test_the_verdicts_fail_on_a_slow_room_an_error_memory_growth_or_a_lost_view():
    assert all(line.startswith("[met]") for line in verdicts(result(2)))
    assert verdicts(result(2, room_p95=3500))[0].startswith("[NOT MET]")
    assert verdicts(result(2, errors=1))[2].startswith("[NOT MET]")
    assert verdicts(result(2, rss_change=12.5))[2].startswith("[NOT MET]")
    assert verdicts(result(2, unchanged=3))[3].startswith("[NOT MET]")
    assert verdicts(result(2, recovered=3, unchanged=3))[3].startswith("[NOT MET]")
