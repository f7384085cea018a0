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
from loaders.errors import DataFileError
from transforms.countries import (
    either,
    filter_conflicts,
    incidents_in_country,
    nationals_of,
    no_country_share,
    parse_profile,
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
from ui.shell import render_shell, stop_if_no_incidents
from ui.url_state import write_query

shell = render_shell("Country profile")
selection, filters = shell.selection, shell.filters
countries = load_countries()
choices = load_country_choices()
names = dict(zip(choices["iso3"], choices["name"]))

if "ctl_profile" not in st.session_state:
    code, notice = parse_profile(st.query_params.get("profile"), set(names))
    st.session_state["ctl_profile"] = code
    if notice:
        st.warning(notice)
code = st.selectbox("Country", list(names), key="ctl_profile", index=None, format_func={c: f"{names[c]} ({c})" for c in names}.get,
                    placeholder="Pick a country", help="Countries named in the data as country of incident or of origin.")
write_query({"profile": [code]} if code else {}, {"profile"})
if code is None:
    st.info("Pick a country above to see its profile: incidents in or off it, its nationals dead or missing "
            "anywhere, the routes involved, the trend and its share of its UN sub-region.")
    st.stop()

name = names[code]
subregion, members = subregion_members(countries, code)
st.markdown(f"**{name}** ({code}), UN sub-region {subregion or 'not recorded'}. Global filters apply first; the "
            f"profile then counts incidents in or off {name} (IOM's country of incident) and incidents listing "
            f"{name} among the countries of origin, wherever they happened.")
for note in filter_conflicts(filters, shell.incidents, code, name):
    st.info(note)
stop_if_no_incidents(selection)

in_country, nationals = incidents_in_country(selection, code), nationals_of(selection, code)
for column, heading, figures in zip(st.columns(2), (f"In or off {name}", f"{name} nationals, anywhere"),
                                   (headline_figures(in_country), headline_figures(nationals))):
    with column.container(border=True):
        st.markdown(f"**{heading}**")
        left, right = st.columns(2)
        left.metric("Dead and missing", f"{figures.dead_missing:,}", help="People; minimum estimates.")
        right.metric("Incidents", f"{figures.incidents:,}", help="Distinct IOM Main IDs.")
st.caption(f"{no_country_share(selection):.0%} of the dead and missing in this selection have no country of incident "
           "(most at sea, and every incident of the 2026 export, whose layout has no such column), so they count "
           f"for no country here, though they count for {name} nationals where IOM records the origin. "
           "An incident listing several countries of origin counts in full under each. " + shell.source_line)

months = month_range(filters.period_from, filters.period_to)
grain = "month" if len(months) <= 36 else "year"

st.subheader(f"Dead and missing over time, by {grain}")
st.caption(shell.description)
left, right = st.columns(2)
for column, frame, title, what in (
        (left, in_country, f"Dead and missing in or off {name}", f"in or off {name}"),
        (right, nationals, f"{name} nationals dead or missing, anywhere", f"of {name} nationals")):
    with column:
        if frame.empty:
            st.info(f"No dead or missing recorded {what} for these filters.")
            continue
        series = dead_missing_by_period(frame, grain, months, shell.gaps)
        figure = build_dead_missing_over_time(series, title=f"{title}, by {grain}", source=shell.source_line)
        show_figure(fit_half_width(figure, shell.source_line),
                    data=series.drop(columns=["period"]), name=f"{title} by {grain}", summary=summarise_series(series),
                    source_line=shell.source_line, description=shell.description, note=caution_note(frame))

st.subheader(f"Where {name} nationals died or went missing")
st.caption(shell.description)
if nationals.empty:
    st.info(f"No {name} nationals are recorded dead or missing for these filters.")
else:
    left, right = st.columns(2)
    for column, field, what in ((left, "country_of_incident", "country of incident"),
                                (right, "region_of_incident", "region of incident")):
        with column:
            ranking = where_died(nationals, field)
            show_figure(build_profile_bars(ranking, title=f"{name} nationals dead or missing, by {what}",
                                           source=shell.source_line, colour=OKABE_ITO["bluish_green"],
                                           empty_message=f"No {what} recorded.", half_width=True),
                        data=ranking, name=f"{name} nationals by {what}", summary=summarise_where(ranking, name, what),
                        source_line=shell.source_line, description=shell.description, note=caution_note(nationals))

st.subheader("Routes involved")
st.caption(shell.description)
routes = routes_involved(in_country, nationals)
if routes.empty:
    st.info(f"No incident in or off {name} or involving its nationals matches these filters.")
else:
    show_figure(build_profile_bars(routes, title=f"Dead and missing by migration route, in or off {name} or "
                                                 f"{name} nationals", source=shell.source_line,
                                   empty_message="No route recorded."),
                data=routes, name=f"Routes involving {name}", summary=summarise_ranking(routes, "route"),
                source_line=shell.source_line, description=shell.description,
                note=caution_note(either(in_country, nationals)))
    st.caption("IOM leaves the route blank for most incidents in Asia; each incident counts once.")

st.subheader(f"{name} within {subregion or 'its sub-region'}, by year")
st.caption(shell.description)
if not members:
    st.info(f"The UN M49 table gives no sub-region for {name}.")
else:
    table = subregion_comparison(selection, code, members, months, shell.gaps)
    show_figure(build_subregion_share(table, country=name, subregion=subregion, source=shell.source_line,
                                      title=f"{name}'s share of {subregion}'s dead and missing, by year"),
                data=table, name=f"{name} share of {subregion}", summary=summarise_subregion(table, name, subregion),
                source_line=shell.source_line, description=shell.description)
    st.caption(f"Each share compares {name} with all {len(members)} countries of {subregion} (UN M49) by the same "
               "rule: incidents in or off them, or listing them as origin. Blank years have no sub-region total, "
               "e.g. 2026 for incidents, as the 2026 export has no country of incident.")

st.subheader(f"Organized crime in {name}: GI-TOC scores")
st.caption(shell.description)
try:
    crime_index, crime_meta = load_crime_index()
    scores = country_scores(crime_index, code)
except DataFileError as error:
    st.warning(error.markdown())
else:
    if scores.empty:
        st.info(f"The Global Organized Crime Index does not score {name}.")
    else:
        st.dataframe(scores, hide_index=True, width="stretch")
        st.caption(f"Scores from 1 (low) to 10 (high), expert assessment. Source: GI-TOC, Global Organized Crime "
                   f"Index 2021 and 2023 (licence {crime_meta.get('licence', 'not stated')}; attributed to GI-TOC). "
                   "They rate a country's criminal markets and resilience, not migrant deaths.")
