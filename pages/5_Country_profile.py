"""Country profile: one country's incidents, its nationals dead or missing anywhere, routes, trend and sub-region.

The country is a page control kept in the URL (``?profile=MMR``, an ISO3
code). The global filters apply first; the profile then selects, within what
they leave, the incidents in or off the country and those listing it as a
country of origin (see :mod:`transforms.countries` for the rules).
"""

from __future__ import annotations

import streamlit as st

from cache import load_countries, load_country_choices, load_crime_index
from charts.country_profile import (
    build_profile_bars,
    build_subregion_share,
    fit_half_width,
    summarise_subregion,
    summarise_where,
)
from charts.style import OKABE_ITO
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from i18n import _, country_name, format_integer, format_percent, region_name
from loaders.errors import DataFileError
from transforms.countries import (
    either,
    filter_conflicts,
    incidents_in_country,
    nationals_of,
    no_country_share,
    parse_profile,
    profile_labels,
    routes_involved,
    subregion_comparison,
    subregion_members,
    where_died,
)
from transforms.crime_index import country_scores
from transforms.headlines import headline_figures
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note
from ui.figures import show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import link_notice, url_value, write_query

with page_guard(_("Country profile")):
    shell = render_shell(_("Country profile"))
    selection, filters = shell.selection, shell.filters
    countries = load_countries()
    choices = load_country_choices()
    names = dict(zip(choices["iso3"], choices["name"]))

    if "ctl_profile" not in st.session_state:
        code, notice = parse_profile(url_value("profile"), set(names))
        st.session_state["ctl_profile"] = code
        if notice:
            link_notice("profile", notice)
    labels = profile_labels(names)  # "name (code)" in the reader's language; the values stay ISO3 codes
    code = st.selectbox(_("Country"), list(labels), key="ctl_profile", index=None, format_func=labels.get,
                        placeholder=_("Pick a country"),
                        help=_("Countries named in the data as country of incident or of origin."))
    write_query({"profile": [code]} if code else {}, {"profile"})
    if code is None:
        st.info(_("Pick a country above to see its profile: incidents in or off it, its nationals dead or missing "
                  "anywhere, the routes involved, the trend and its share of its UN sub-region."))
        st.stop()

    name = country_name(names[code])
    subregion, members = subregion_members(countries, code)
    place = region_name(subregion) if subregion else None
    # Translators: markdown (keep the ** **); {country} is a country's name, {code} its ISO3 code.
    intro = (_("**{country}** ({code}), UN sub-region {subregion}.", country=name, code=code, subregion=place) if place
             else _("**{country}** ({code}), UN sub-region not recorded.", country=name, code=code))
    st.markdown(intro + " " + _("Global filters apply first; the profile then counts incidents in or off {country} "
                                "(IOM's country of incident) and incidents listing {country} among the countries of "
                                "origin, wherever they happened.", country=name))
    for note in filter_conflicts(filters, shell.incidents, code, name):
        st.info(note)
    stop_if_no_incidents(selection)

    in_country, nationals = incidents_in_country(selection, code), nationals_of(selection, code)
    for column, heading, figures in zip(st.columns(2), (_("In or off {country}", country=name),
                                                        _("{country} nationals, anywhere", country=name)),
                                        (headline_figures(in_country), headline_figures(nationals))):
        with column.container(border=True):
            st.markdown(f"**{heading}**")
            left, right = st.columns(2)
            left.metric(_("Dead and missing"), format_integer(figures.dead_missing),
                        help=_("People; minimum estimates."))
            right.metric(_("Incidents"), format_integer(figures.incidents), help=_("Distinct IOM Main IDs."))
    st.caption(_("{share} of the dead and missing in this selection have no country of incident (most at sea, and "
                 "every incident of the 2026 export, whose layout has no such column), so they count for no country "
                 "here, though they count for {country} nationals where IOM records the origin. An incident listing "
                 "several countries of origin counts in full under each.",
                 share=format_percent(no_country_share(selection)), country=name) + " " + shell.source_line)

    months = month_range(filters.period_from, filters.period_to)
    grain = "month" if len(months) <= 36 else "year"

    st.subheader(_("Dead and missing over time, by month") if grain == "month"
                 else _("Dead and missing over time, by year"))
    st.caption(shell.description)
    left, right = st.columns(2)
    for column, frame, title, nothing in (
            (left, in_country,
             _("Dead and missing in or off {country}, by month", country=name) if grain == "month"
             else _("Dead and missing in or off {country}, by year", country=name),
             _("No dead or missing recorded in or off {country} for these filters.", country=name)),
            (right, nationals,
             _("{country} nationals dead or missing, anywhere, by month", country=name) if grain == "month"
             else _("{country} nationals dead or missing, anywhere, by year", country=name),
             _("No dead or missing recorded of {country} nationals for these filters.", country=name))):
        with column:
            if frame.empty:
                st.info(nothing)
                continue
            series = dead_missing_by_period(frame, grain, months, shell.gaps)
            figure = build_dead_missing_over_time(series, title=title, source=shell.source_line)
            show_figure(fit_half_width(figure, shell.source_line),
                        data=series.drop(columns=["period"]), name=title, summary=summarise_series(series),
                        source_line=shell.source_line, description=shell.description, note=caution_note(frame))

    st.subheader(_("Where {country} nationals died or went missing", country=name))
    st.caption(shell.description)
    if nationals.empty:
        st.info(_("No {country} nationals are recorded dead or missing for these filters.", country=name))
    else:
        left, right = st.columns(2)
        for column, field, title, nothing in (
                (left, "country_of_incident", _("{country} nationals dead or missing, by country of incident",
                                                country=name), _("No country of incident recorded.")),
                (right, "region_of_incident", _("{country} nationals dead or missing, by region of incident",
                                                country=name), _("No region of incident recorded."))):
            with column:
                ranking = where_died(nationals, field)
                show_figure(build_profile_bars(ranking, title=title, source=shell.source_line,
                                               colour=OKABE_ITO["bluish_green"], empty_message=nothing,
                                               half_width=True),
                            data=ranking, name=title, summary=summarise_where(ranking, name, field),
                            source_line=shell.source_line, description=shell.description, note=caution_note(nationals))

    st.subheader(_("Routes involved"))
    st.caption(shell.description)
    routes = routes_involved(in_country, nationals)
    if routes.empty:
        st.info(_("No incident in or off {country} or involving its nationals matches these filters.", country=name))
    else:
        title = _("Dead and missing by migration route, in or off {country} or {country} nationals", country=name)
        show_figure(build_profile_bars(routes, title=title, source=shell.source_line,
                                       empty_message=_("No route recorded.")),
                    data=routes, name=_("Routes involving {country}", country=name),
                    summary=summarise_ranking(routes, "route"),
                    source_line=shell.source_line, description=shell.description,
                    note=caution_note(either(in_country, nationals)))
        st.caption(_("IOM leaves the route blank for most incidents in Asia; each incident counts once."))

    st.subheader(_("{country} within {subregion}, by year", country=name, subregion=place) if place
                 else _("{country} within its sub-region, by year", country=name))
    st.caption(shell.description)
    if not members:
        st.info(_("The UN M49 table gives no sub-region for {country}.", country=name))
    else:
        table = subregion_comparison(selection, code, members, months, shell.gaps)
        show_figure(build_subregion_share(table, country=name, subregion=place, source=shell.source_line,
                                          title=_("{country}'s share of {subregion}'s dead and missing, by year",
                                                  country=name, subregion=place)),
                    data=table, name=_("{country} share of {subregion}", country=name, subregion=place),
                    summary=summarise_subregion(table, name, place),
                    source_line=shell.source_line, description=shell.description)
        st.caption(_("Each share compares {country} with all {count} countries of {subregion} (UN M49) by the same "
                     "rule: incidents in or off them, or listing them as origin. Blank years have no sub-region total, "
                     "e.g. 2026 for incidents, as the 2026 export has no country of incident.",
                     country=name, count=format_integer(len(members)), subregion=place))

    st.subheader(_("Organized crime in {country}: GI-TOC scores", country=name))
    st.caption(shell.description)
    try:
        crime_index, crime_meta = load_crime_index()
        scores = country_scores(crime_index, code)
    except DataFileError as error:
        st.warning(error.markdown())
    else:
        if scores.empty:
            st.info(_("The Global Organized Crime Index does not score {country}.", country=name))
        else:
            st.dataframe(scores, hide_index=True, width="stretch")
            st.caption(_("Scores from 1 (low) to 10 (high), expert assessment. Source: GI-TOC, Global Organized "
                         "Crime Index 2021 and 2023 (licence {licence}; attributed to GI-TOC). They rate a country's "
                         "criminal markets and resilience, not migrant deaths.",
                         licence=crime_meta.get("licence") or _("not stated")))
