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
from i18n import _, format_integer, ngettext, pgettext
from transforms.corridors import comparable_years, corridor_comparison, corridor_modes, thousand
from transforms.periods import month_range
from ui.figures import show_data, show_figure
from ui.shell import data_or_stop, page_guard, render_shell
from ui.url_state import page_control, write_query
from ui.your_data import render_your_corridors

with page_guard("Corridor comparison"):
    shell = render_shell("Corridor comparison")
    selection, filters = shell.selection, shell.filters
    corridors = data_or_stop(load_corridors)
    years = comparable_years(selection, month_range(filters.period_from, filters.period_to), shell.gaps)
    if not years:
        st.info(_("No whole calendar year inside this period is covered by an IOM export, or no incident matches "
                  "these filters. Widen the period in the sidebar to include a whole year."))
        st.stop()
    year = int(page_control("year", years, years[-1]))
    # Translators: a menu's label: the calendar year compared.
    st.selectbox(pgettext("calendar year", "Year"), years, key="ctl_year",
                 help=_("Whole calendar years inside the period filter."))
    write_query({"year": [str(year)]} if str(year) != years[-1] else {}, {"year"})

    # Worked out once per view (filters and year) and per data version, shared by every session.
    in_year = load_corridor_year(filters, year)
    crossings = load_year_crossings(year)
    view = corridor_comparison(corridors, in_year.totals, recorded_ever(), crossings.crossings, year)
    # Translators: {sources} lists crossing series' publishers and licences as published.
    crossings_source = _("Crossings: {sources}.", sources="; ".join(crossings.sources))
    source = f"{shell.source_line} {crossings_source}"
    year_compared = _("Year compared: {year}.", year=year)
    description = f"{shell.description} {year_compared}"

    deaths_title = _("Dead and missing by corridor, {year}", year=year)
    st.subheader(deaths_title)
    st.caption(description)
    st.markdown(mode_legend_html(corridor_modes(corridors)), unsafe_allow_html=True)
    show_figure(build_corridor_bars(view.deaths, value="dead_missing", label="name",
                                    axis_title=_("Dead and missing (people)"), title=deaths_title,
                                    source=shell.source_line),
                # Translators: the name of a chart's data, used for its download file.
                data=view.deaths.drop(columns=["id"]), name=_("Dead and missing by corridor {year}", year=year),
                # Translators: {corridor} is a corridor's name as published; {count} a number of corridors.
                summary=ngettext("In {year}, {corridor} had the most recorded dead and missing ({dead_missing}); "
                                 "{count} corridor had none recorded. Colour shows the main means of crossing.",
                                 "In {year}, {corridor} had the most recorded dead and missing ({dead_missing}); "
                                 "{count} corridors had none recorded. Colour shows the main means of crossing.",
                                 view.none_recorded, year=year, corridor=view.deadliest,
                                 dead_missing=format_integer(view.deadliest_dead_missing),
                                 count=format_integer(view.none_recorded)),
                source_line=shell.source_line, description=description, note=in_year.note)

    # Translators: {thousand} is the number 1,000 as written in the language.
    ratios_title = _("Dead and missing per {thousand} crossings, {year}", thousand=thousand(), year=year)
    st.subheader(ratios_title)
    series_note = _("Each bar divides a corridor's dead and missing by one crossing series; series count different "
                    "things (detections, encounters, arrivals, transits), named on each bar, and are never added.")
    st.caption(f"{description} {series_note}")
    show_figure(build_corridor_bars(view.ratios, value="per_thousand",
                                    axis_title=_("Dead and missing per {thousand} crossings", thousand=thousand()),
                                    title=ratios_title, source=source, digits=2, blank="blank"),
                data=view.ratios.drop(columns=["id", "label", "blank"]),
                # Translators: the name of a chart's data, used for its download file.
                name=_("Deaths per 1000 crossings by corridor {year}", year=year),
                summary=ngettext("{with_ratio} corridor series has a ratio for {year}; {without_ratio} rows say "
                                 "plainly why not (no crossing data, a partial year, or no recorded incident).",
                                 "{with_ratio} corridor series have a ratio for {year}; {without_ratio} rows say "
                                 "plainly why not (no crossing data, a partial year, or no recorded incident).",
                                 view.with_ratio, with_ratio=format_integer(view.with_ratio), year=year,
                                 without_ratio=format_integer(view.without_ratio)),
                source_line=source, description=description)

    st.subheader(_("All corridors, {year}: deaths, crossings and ratio", year=year))
    st.caption(_("Crossings keep each series' own measure and unit. A blank means no crossing data; the note says "
                 "why."))
    st.dataframe(view.shown, hide_index=True, width="stretch")
    # Translators: the name of a table's data, used for its download file.
    show_data(view.table, name=_("Corridor comparison {year}", year=year), source_line=source,
              description=description)
    # Corridors the user named for their own crossings (Your data, in the sidebar), if any.
    render_your_corridors(selection, month_range(filters.period_from, filters.period_to), shell.gaps,
                          description=shell.description, source_line=shell.source_line)
