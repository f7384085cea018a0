"""One corridor-membership rule on every page: for the same filters, the Routes map, the Corridor profile and
the Hazards page count the same incidents on each corridor.

Each side is worked out as its page works it out: the Routes map's totals from ``cache.load_routes_view``; the
Corridor profile's dead and missing over time and causes from ``cache.corridor_selection`` of the shell's
selection; the Hazards cause mix from ``cache.load_corridor_causes``. The filter sets include the Asia-Pacific
corridors whose incidents IOM gives no route, so a page counting IOM routes alone would disagree. The pages
themselves are then run: the Hazards page lists exactly the corridors the Routes map links with dead or
missing, in the same order.
"""

from __future__ import annotations

import pytest

from cache import (
    corridor_selection,
    load_corridor_causes,
    load_corridors,
    load_fatalities,
    load_filter_options,
    load_gaps,
    load_routes_view,
)
from tests.pages.test_pages import run_page
from transforms.corridors import cause_mix, corridor_names
from transforms.filters import Filters, apply_filters
from transforms.periods import dead_missing_by_period, month_range

ROUTES, HAZARDS = "pages/7_Routes_map.py", "pages/11_Hazards.py"

#: Filter sets (URL form and Filters): bounded periods, so every selected incident is dated and the profile's
#: series over time holds all of them.
FILTER_SETS = {
    "2014 to April 2025": {"from": "2014-01", "to": "2025-04"},
    "2024": {"from": "2024-01", "to": "2024-12"},
    "Rohingya origins 2016-2024": {"from": "2016-01", "to": "2024-12", "origin": ["Myanmar", "Bangladesh"]},
}


def as_filters(query: dict) -> Filters:
    origins = query.get("origin", [])
    return Filters(period_from=query["from"], period_to=query["to"], origins=tuple(origins))


def profile_totals(filters: Filters) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Per corridor id, as the Corridor profile works them out: dead and missing over time (its series, summed)
    and dead and missing by cause of death (its cause chart)."""
    selection = apply_filters(load_fatalities(), filters, load_filter_options())  # the shell's selection
    months = month_range(filters.period_from, filters.period_to)
    grain = "month" if len(months) <= 36 else "year"
    totals, causes = {}, {}
    for corridor_id in load_corridors()["id"]:
        members = corridor_selection(selection, corridor_id)
        series = dead_missing_by_period(members, grain, months, load_gaps())
        totals[corridor_id] = int(series["dead_missing"].sum())
        mix = cause_mix(members)
        causes[corridor_id] = dict(zip(mix["cause"], mix["dead_missing"].astype(int)))
    return totals, causes


@pytest.mark.parametrize("name", list(FILTER_SETS))
def test_routes_map_profile_and_hazards_count_the_same_incidents_on_every_corridor(name):
    filters = as_filters(FILTER_SETS[name])
    names = corridor_names(load_corridors())
    totals = load_routes_view(filters).totals
    routes = dict(zip(totals["id"], totals["dead_missing"]))
    profile, profile_causes = profile_totals(filters)
    mix, order = load_corridor_causes(filters)

    assert routes == profile  # the Routes map against the Corridor profile, corridor by corridor
    for corridor_id, corridor in names.items():
        on_hazards = mix[(mix["group"] == corridor) & (mix["dead_missing"] > 0)]
        hazards = dict(zip(on_hazards["cause"], on_hazards["dead_missing"].round().astype(int)))
        assert hazards == profile_causes[corridor_id], corridor  # the Hazards mix against the profile's causes
        assert (corridor in order) == (routes[corridor_id] > 0), corridor
    # The Hazards corridors in the Routes map's order: most dead and missing first, ties by name.
    ranked = sorted((corridor_id for corridor_id in names if routes[corridor_id] > 0),
                    key=lambda corridor_id: (-routes[corridor_id], names[corridor_id]))
    assert order == [names[corridor_id] for corridor_id in ranked]


def test_the_filter_sets_reach_incidents_only_the_asia_pacific_rules_place():
    """Without this the test above could pass with pages that counted IOM routes alone."""
    filters = as_filters(FILTER_SETS["Rohingya origins 2016-2024"])
    corridors = load_corridors().set_index("id")
    selection = apply_filters(load_fatalities(), filters, load_filter_options())
    totals = load_routes_view(filters).totals.set_index("id")["dead_missing"]
    for corridor_id in ("bay_of_bengal_andaman", "myanmar_thailand_malaysia_land"):
        by_route = selection.loc[selection["migration_route"].isin(corridors.loc[corridor_id, "iom_routes"]),
                                 "dead_missing"].sum()
        assert totals[corridor_id] > by_route + 100, corridor_id


@pytest.mark.parametrize("name", ["2024", "Rohingya origins 2016-2024"])
def test_hazards_lists_the_corridors_the_routes_map_links_in_its_order(name):
    query = FILTER_SETS[name]
    routes = run_page(ROUTES, **query)
    hazards = run_page(HAZARDS, **query)
    assert not routes.exception and not hazards.exception
    # "Central Mediterranean (1,719 dead and missing)", laid out over columns: ranked again from the labels.
    recorded = {}
    for link in routes.main.get("page_link"):
        corridor, count = link.label.rsplit(" (", 1)
        if count != "none recorded)":
            recorded[corridor] = int(count.split(" ", 1)[0].replace(",", ""))
    linked = sorted(recorded, key=lambda corridor: (-recorded[corridor], corridor))
    assert hazards.selectbox(key="ctl_corridor").options == linked
    if name.startswith("Rohingya"):
        assert "Bay of Bengal and Andaman Sea" in linked and "Myanmar–Thailand–Malaysia land route" in linked
