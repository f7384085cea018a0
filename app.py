"""Overview: headline figures, dead and missing over time, top routes and origins, a map preview.

The home page of the Migrant Smuggling Data Explorer. Like every page, it
starts with the shared shell, then calls the cache for numbers and charts for
figures; it holds no aggregation of its own.
"""

from __future__ import annotations

import streamlit as st

from cache import load_overview
from charts.maps import build_cells_deck
from charts.rankings import build_top_bars
from charts.style import OKABE_ITO
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from transforms.headlines import CELL_DEGREES
from transforms.periods import GRAINS, month_range, short_month
from ui.figures import show_deck, show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import page_control, write_query

COUNTRIES_URL = "/app/static/geo/ne_110m_admin_0_countries.geojson"
MAP_STYLE_URL = "/app/static/blank-style.json"

with page_guard("Overview"):
    shell = render_shell("Overview")
    selection, filters = shell.selection, shell.filters

    stop_if_no_incidents(selection)

    # The time grain first: every number below is worked out once per view (filters and grain) and shared.
    grain_options = list(GRAINS)
    default_grain = "month" if len(month_range(filters.period_from, filters.period_to)) <= 36 else "year"
    grain = page_control("grain", grain_options, default_grain)
    view = load_overview(filters, grain, shell.gaps, shell.incomplete)

    # Headline figures, each against the previous period of the same length.
    now, before_filters, before = view.now, view.before_filters, view.before
    compared = (f"vs {short_month(before_filters.period_from)}–{short_month(before_filters.period_to)}"
                if before_filters else "no earlier data of equal length")
    cards = [("Dead and missing", "dead_missing", "inverse"), ("Dead", "dead", "inverse"),
             ("Missing", "missing", "inverse"), ("Incidents", "incidents", "inverse"),
             ("Survivors", "survivors", "normal"), ("Children dead or missing", "children", "inverse")]
    for column, (label, field, colour) in zip(st.columns(len(cards)), cards):
        value = getattr(now, field)
        delta = value - getattr(before, field) if before else None
        column.metric(label, f"{value:,}", delta=f"{delta:+,}" if delta is not None else None, delta_color=colour,
                      delta_description=compared if before else None,
                      help=("Children where recorded: IOM records ages for "
                            f"{now.incidents_with_children_recorded:,} of {now.incidents:,} incidents."
                            if field == "children" else compared))
    st.caption(shell.source_line)

    # Dead and missing over time.
    st.radio("Show by", grain_options, key="ctl_grain", horizontal=True, format_func=str.capitalize)
    write_query({"grain": [grain]} if grain != default_grain else {}, {"grain"})
    series = view.series
    show_figure(
        build_dead_missing_over_time(series, title=f"Dead and missing migrants by {grain}", source=shell.source_line),
        data=series.drop(columns=["period"]), name=f"Dead and missing by {grain}",
        summary=summarise_series(series), source_line=shell.source_line, description=shell.description,
        note=view.note)

    # Top routes and top countries of origin.
    left, right = st.columns(2)
    with left:
        routes = view.routes
        show_figure(build_top_bars(routes, title="Deadliest migration routes", source=shell.source_line,
                                   empty_message="No route is recorded for these incidents."),
                    data=routes, name="Top migration routes", summary=summarise_ranking(routes, "route"),
                    source_line=shell.source_line, description=shell.description)
        st.caption(f"{view.routes_unknown:.0%} of the dead and missing have no route recorded "
                   "(IOM leaves the route blank for most incidents in Asia).")
    with right:
        origins = view.origins
        show_figure(build_top_bars(origins, title="Top countries of origin of the dead and missing",
                                   source=shell.source_line, colour=OKABE_ITO["bluish_green"],
                                   empty_message="No country of origin is recorded for these incidents."),
                    data=origins, name="Top countries of origin", summary=summarise_ranking(origins, "country of origin"),
                    source_line=shell.source_line, description=shell.description)
        st.caption(f"{view.origins_unknown:.0%} of the dead and missing are of unknown or "
                   "mixed origin. An incident listing several countries counts under each.")

    # Map preview.
    st.subheader("Where people died or went missing")
    cells = view.cells
    show_deck(build_cells_deck(cells, countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL),
              data=cells, name="Dead and missing by map cell",
              summary=f"{len(cells):,} map cells of {CELL_DEGREES:g}° × {CELL_DEGREES:g}°, circles sized by dead and missing.",
              source_line=shell.source_line, description=shell.description)
