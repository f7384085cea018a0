"""Corridor comparison: every corridor side by side for one year: dead and missing, crossings, deaths per 1,000.

The year is a page control kept in the URL (``?year=2024``), chosen among the
whole calendar years inside the global period filter that an IOM export
covers in full. Crossings are listed per series with their measure, never
added; corridors with no crossing series, or none covering the year, say so.
A thin page: the year's totals per corridor (by the one membership rule) and each
series' whole-year crossings come from ``cache``, the table and the bars from
``transforms.corridors.corridor_comparison``.
"""

from __future__ import annotations

import streamlit as st

from cache import load_corridor_year, load_corridors, load_year_crossings, recorded_ever
from charts.corridors import build_corridor_bars, mode_legend_html
from transforms.corridors import comparable_years, corridor_comparison, corridor_modes
from transforms.periods import month_range
from ui.figures import show_data, show_figure
from ui.shell import data_or_stop, page_guard, render_shell
from ui.url_state import page_control, write_query

with page_guard("Corridor comparison"):
    shell = render_shell("Corridor comparison")
    selection, filters = shell.selection, shell.filters
    corridors = data_or_stop(load_corridors)
    years = comparable_years(selection, month_range(filters.period_from, filters.period_to), shell.gaps)
    if not years:
        st.info("No whole calendar year inside this period is covered by an IOM export, or no incident matches these "
                "filters. Widen the period in the sidebar to include a whole year.")
        st.stop()
    year = int(page_control("year", years, years[-1]))
    st.selectbox("Year", years, key="ctl_year", help="Whole calendar years inside the period filter.")
    write_query({"year": [str(year)]} if str(year) != years[-1] else {}, {"year"})

    # Worked out once per view (filters and year) and per data version, shared by every session.
    in_year = load_corridor_year(filters, year)
    crossings = load_year_crossings(year)
    view = corridor_comparison(corridors, in_year.totals, recorded_ever(), crossings.crossings, year)
    source = f"{shell.source_line} Crossings: {'; '.join(crossings.sources)}."
    description = f"{shell.description} Year compared: {year}."

    st.subheader(f"Dead and missing by corridor, {year}")
    st.caption(description)
    st.markdown(mode_legend_html(corridor_modes(corridors)), unsafe_allow_html=True)
    show_figure(build_corridor_bars(view.deaths, value="dead_missing", label="name",
                                    axis_title="Dead and missing (people)", title=f"Dead and missing by corridor, {year}",
                                    source=shell.source_line),
                data=view.deaths.drop(columns=["id"]), name=f"Dead and missing by corridor {year}",
                summary=(f"In {year}, {view.deadliest} had the most recorded dead and missing "
                         f"({view.deadliest_dead_missing:,}); {view.none_recorded} corridors had none recorded. Colour "
                         "shows the main means of crossing."),
                source_line=shell.source_line, description=description, note=in_year.note)

    st.subheader(f"Dead and missing per 1,000 crossings, {year}")
    st.caption(description + " Each bar divides a corridor's dead and missing by one crossing series; series count "
               "different things (detections, encounters, arrivals, transits), named on each bar, and are never added.")
    show_figure(build_corridor_bars(view.ratios, value="per_thousand", axis_title="Dead and missing per 1,000 crossings",
                                    title=f"Dead and missing per 1,000 crossings, {year}", source=source,
                                    number_format="{:,.2f}", blank="blank"),
                data=view.ratios.drop(columns=["id", "label", "blank"]),
                name=f"Deaths per 1000 crossings by corridor {year}",
                summary=(f"{view.with_ratio} corridor series have a ratio for {year}; {view.without_ratio} rows say "
                         "plainly why not (no crossing data, a partial year, or no recorded incident)."),
                source_line=source, description=description)

    st.subheader(f"All corridors, {year}: deaths, crossings and ratio")
    st.caption("Crossings keep each series' own measure and unit. A blank means no crossing data; the note says why.")
    st.dataframe(view.shown, hide_index=True, width="stretch")
    show_data(view.table, name=f"Corridor comparison {year}", source_line=source, description=description)
