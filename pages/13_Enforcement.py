"""Enforcement: offences of smuggling of migrants recorded by the police (UNODC), per country over time, on a map
of the latest year, and beside them, in a panel of their own, IOM's dead and missing for the same countries.

A thin page. ``loaders/enforcement.py`` reads the UNODC extract, ``transforms/enforcement.py`` chooses the
countries and years (the sidebar's sub-region, country and period filters; the Asia-Pacific preset means all of
Asia-Pacific, Oceania included) and keeps every unreported year a gap; ``charts/enforcement.py`` draws. The view
(``?view=index|count|rate``) lives in the URL. The two measures are never combined.
"""

from __future__ import annotations

import streamlit as st

from cache import load_countries, load_unodc_smuggling
from charts.enforcement import (
    build_dead_missing_panel,
    build_offences_map,
    build_offences_over_time,
    summarise_map,
    summarise_offences,
)
from i18n import _, country_name, format_integer, ngettext
from transforms.enforcement import (
    DEFAULT_VIEW,
    LEVELS_CAUTION,
    VIEWS,
    countries_reporting_nothing,
    dead_missing_by_country_year,
    drawn_countries,
    incident_country_codes,
    latest_year,
    offences_in_scope,
    offences_in_year,
    offences_view,
    reporting_years,
    scope_sentence,
    scope_subregions,
    view_label,
    year_span,
)
from transforms.filters import is_full_period
from ui.figures import show_figure
from ui.shell import data_or_stop, page_guard, render_shell
from ui.url_state import page_control, write_query

with page_guard("Enforcement"):
    shell = render_shell("Enforcement", needs_incidents=False)  # the offences need no IOM incidents
    offences, meta = data_or_stop(load_unodc_smuggling)
    reference = data_or_stop(load_countries)
    filters, options = shell.filters, shell.options
    subregions = scope_subregions(filters.subregions, options.values.get("subregions", ())) if filters else ()
    chosen_iso3 = incident_country_codes(shell.incidents, filters.countries) if filters else ()
    years = (year_span(filters.period_from, filters.period_to)
             if filters and not is_full_period(filters, options) else None)
    in_scope = offences_in_scope(offences, subregions=subregions, iso3=chosen_iso3, years=years)
    source = _("Source: {publisher}; licence {licence}.", publisher=meta["publisher"], licence=meta["licence"])
    caution = _(LEVELS_CAUTION)

    st.markdown(_("Offences of smuggling of migrants recorded by the police, as each country reported them to "
                  "UNODC's Crime Trends Survey. What the police record shows enforcement as much as smuggling: a "
                  "rise can mean more policing."))
    st.caption(scope_sentence(subregions, chosen_iso3, years))
    view = page_control("view", list(VIEWS), DEFAULT_VIEW)
    st.radio(_("Show"), list(VIEWS), key="ctl_view", horizontal=True, format_func=view_label)
    write_query({"view": [view] if view != DEFAULT_VIEW else []}, {"view"})

    # Offences over time, one line per country; gaps stay breaks.
    drawn = drawn_countries(in_scope)
    series = offences_view(in_scope, view)  # every country in view: the chart draws ``drawn``, the table all
    reporting = reporting_years(in_scope)
    if len(drawn) < reporting.shape[0]:
        st.caption(_("The chart draws the {count} countries with the most offences in their latest reported year; "
                     "narrow the sidebar's sub-region or country filter to see others. The data behind the chart "
                     "lists all.", count=format_integer(len(drawn))))
    y_titles = {"index": _("Index, first reported year = 100"), "count": _("Offences recorded"),
                "rate": _("Offences per 100,000 population")}
    show_figure(build_offences_over_time(series, order=drawn, y_title=y_titles[view], source=source,
                                         title=_("Offences of smuggling of migrants recorded by the police: {view}",
                                                 view=view_label(view))),
                data=series, name=_("Smuggling offences by country and year"), key="smuggling-offences-by-year",
                summary=summarise_offences(series, reporting, view_label(view)), source_line=source,
                description=scope_sentence(subregions, chosen_iso3, years), note=caution if view != "index" else None)
    if view == "index":
        st.caption(_("Each country's first reported year with at least one offence is 100; its later years are "
                     "read against it. A country whose counts are all zero has no index."))
    st.caption(_("A break in a line is a year the country reported nothing; it is never drawn as zero."))

    # Who reports nothing.
    nothing = countries_reporting_nothing(reference, in_scope, subregions=subregions, iso3=chosen_iso3)
    if not nothing.empty:
        st.markdown(ngettext("**{count} country or territory in view reports nothing** to UNODC under this "
                             "heading for these years: no figure, which does not mean no smuggling.",
                             "**{count} countries and territories in view report nothing** to UNODC under this "
                             "heading for these years: no figure, which does not mean no smuggling.",
                             len(nothing), count=format_integer(len(nothing))))
        with st.expander(_("Countries and territories that report nothing")):
            st.write(", ".join(country_name(name) for name in nothing["name"]))

    # The latest year on a map, with the caution always shown.
    year = latest_year(in_scope)
    st.subheader(_("The latest year on a map"))
    st.warning(caution)
    if year is not None:
        map_unit = "offences per 100,000 population" if view == "rate" else "offences"
        year_rows = offences_in_year(in_scope, year, map_unit)
        unit_label = _("per 100,000 population") if view == "rate" else _("offences")
        show_figure(build_offences_map(year_rows, year=year, unit_label=unit_label, caution=caution, source=source,
                                       zoom=bool(subregions or chosen_iso3),
                                       title=_("Offences of smuggling of migrants recorded by the police, {year}",
                                               year=year)),
                    data=year_rows, name=_("Smuggling offences by country in the latest year"),
                    key="smuggling-offences-latest-year", summary=summarise_map(year_rows, year), source_line=source,
                    description=scope_sentence(subregions, chosen_iso3, years))
    else:
        st.info(_("No country in view reports offences of smuggling of migrants in these years."))

    # IOM's dead and missing in the same countries and years: a separate panel, a separate measure.
    st.subheader(_("Beside them: dead and missing recorded by IOM in the same countries"))
    st.markdown(_("A separate measure: people IOM's Missing Migrants Project records as dead or missing in these "
                  "countries (as country of incident). It is never added to, or divided by, the offences above."))
    if shell.data_problem:
        st.info(shell.data_problem)
    elif drawn and year is not None:
        span = (int(in_scope["year"].min()), year)
        dead_missing = dead_missing_by_country_year(shell.selection, drawn, span)
        names = dict(zip(in_scope["iso3"], in_scope["country"].map(country_name)))
        show_figure(build_dead_missing_panel(dead_missing, names=names, order=drawn, years=span,
                                             source=shell.source_line,
                                             title=_("Dead and missing recorded by IOM, {first}–{last}",
                                                     first=span[0], last=span[1])),
                    data=dead_missing, name=_("IOM dead and missing in the same countries"),
                    key="iom-dead-missing-enforcement-countries", source_line=shell.source_line,
                    description=shell.description,
                    summary=_("{total} dead and missing recorded by IOM in these countries in {first}–{last}; a "
                              "year with no bar is one IOM recorded no incident in.",
                              total=format_integer(int(dead_missing["dead_missing"].sum()) if not dead_missing.empty
                                                   else 0), first=span[0], last=span[1]))
