"""Corridor profile: one corridor's dead and missing over time, causes and nationalities, then its crossings.

The corridor is a page control kept in the URL (``?corridor=central_med``).
Global filters apply first; the corridor then selects its incidents
(the one rule of :mod:`transforms.corridor_membership`, worked out once per data version
in ``cache``: ``cache.corridor_selection``). Each crossing series that
measures the corridor is shown on its own with its measure and unit, with
dead and missing per 1,000 crossings for whole years covered by both sources.
"""

from __future__ import annotations

import streamlit as st

from cache import corridor_selection, load_corridors, load_countries, load_flow_entry, load_flow_meta, recorded_ever
from charts.corridors import (
    build_cause_mix,
    build_crossings_over_time,
    build_deaths_per_thousand,
    build_nationalities,
    summarise_ratio,
)
from charts.country_profile import fit_half_width
from charts.rankings import build_top_bars
from charts.style import OKABE_ITO
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from loaders.errors import DataFileError, short_name
from transforms.corridor_membership import ROUTE_RULES
from transforms.corridors import (
    cause_mix,
    corridor_by_id,
    corridor_names,
    country_names,
    crossings_over_time,
    crossings_total,
    deaths_by_year,
    deaths_per_thousand,
    flow_label,
    nationalities_side_by_side,
    parse_flow_ref,
    series_months,
)
from transforms.countries import iso3_names
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note
from transforms.rankings import top_values
from ui.figures import show_figure
from ui.shell import data_or_stop, render_shell
from ui.url_state import page_control, write_query

DEFAULT = "central_med"
shell = render_shell("Corridor profile", needs_incidents=False)  # the crossings need no IOM incidents
selection, filters = shell.selection, shell.filters
corridors = data_or_stop(load_corridors)
names = corridor_names(corridors)
requested = st.query_params.get("corridor")
if requested in names and requested != st.session_state.get("_corridor_in_url", requested):
    st.session_state["ctl_corridor"] = requested  # arrived by a link to another corridor: the link wins
corridor_id = page_control("corridor", list(names), DEFAULT)
st.selectbox("Corridor", list(names), key="ctl_corridor", format_func=names.get)
write_query({"corridor": [corridor_id]}, {"corridor"})
st.session_state["_corridor_in_url"] = corridor_id
corridor = corridor_by_id(corridors, corridor_id)
reference = data_or_stop(load_countries)
country = iso3_names(reference)


rule = ROUTE_RULES.get(corridor_id)
how = f"IOM route{'s' if len(corridor['iom_routes']) > 1 else ''} {'; '.join(corridor['iom_routes'])}" \
    if corridor["iom_routes"] else "no IOM route"
st.markdown(f"**{corridor['name']}** ({corridor['region']}; mostly by {corridor['mode']}). Incidents counted: {how}"
            + (f", and incidents matching this app's rule: {rule.describe()}, with a location or cause that fits "
               "(see below)" if rule else "")
            + f". Origins most recorded among the dead: {country_names(corridor['origin_iso3'], country)}. Through "
            f"{country_names(corridor['transit_iso3'], country)} to {country_names(corridor['destination_iso3'], country)}.")
with st.expander("How this corridor is drawn"):
    st.write(corridor["geography_sources"])

# Without IOM data there is no period filter: each crossing series is then shown over its whole span.
months = month_range(filters.period_from, filters.period_to) if filters else None
grain = "month" if months and len(months) <= 36 else "year"
members = selection if shell.data_problem else corridor_selection(selection, corridor_id)
note = caution_note(members) if not members.empty else None
st.subheader(f"Dead and missing on the {corridor['name']} corridor")
st.caption(shell.description)
if shell.data_problem:
    st.info(shell.data_problem)
elif not recorded_ever()[corridor_id]:
    st.info(f"IOM records no incident on the {corridor['name']} corridor in any period: no death on it has been "
            "recorded, which does not mean that none happened.")
elif members.empty:
    st.info("No incident on this corridor matches these filters. Widen the period or remove a filter in the sidebar.")
else:
    series = dead_missing_by_period(members, grain, months, shell.gaps)
    show_figure(build_dead_missing_over_time(series, title=f"Dead and missing, {corridor['name']}, by {grain}",
                                             source=shell.source_line),
                data=series.drop(columns=["period"]), name=f"Dead and missing {corridor_id} by {grain}",
                summary=summarise_series(series), source_line=shell.source_line, description=shell.description,
                note=note)
    left, right = st.columns(2)
    with left:
        causes = cause_mix(members)
        show_figure(fit_half_width(build_cause_mix(causes, title="Dead and missing by cause of death",
                                                   source=shell.source_line), shell.source_line),
                    data=causes, name=f"Causes of death {corridor_id}", summary=summarise_ranking(
                        causes.rename(columns={"cause": "value"}), "cause of death"),
                    source_line=shell.source_line, description=shell.description, note=note)
    with right:
        origins = top_values(members, "country_of_origin")
        show_figure(fit_half_width(build_top_bars(origins, title="Nationalities of the dead and missing",
                                                  source=shell.source_line, colour=OKABE_ITO["bluish_green"],
                                                  empty_message="No nationality recorded."), shell.source_line),
                    data=origins, name=f"Nationalities of the dead {corridor_id}",
                    summary=summarise_ranking(origins, "country of origin"), source_line=shell.source_line,
                    description=shell.description, note=note)
    st.caption("An incident listing several causes or countries of origin counts in full under each.")

st.subheader("Crossings and deaths per 1,000 crossings")
st.caption(shell.description + (" Crossing series follow the period filter only." if months else
                                 " Each crossing series is shown over all the months it covers."))
if not corridor["flow_series"]:
    st.info(f"No crossing or arrival series in this app measures the {corridor['name']} corridor, so no deaths per "
            "1,000 crossings can be shown.")
deaths = deaths_by_year(members, months, shell.gaps) if not members.empty else None
dead_by_nationality = None  # every recorded nationality of the dead, worked out once for all the series below
for entry in corridor["flow_series"]:
    ref = parse_flow_ref(entry)
    try:
        crossing, meta = load_flow_entry(ref), load_flow_meta(ref.series_id)
    except (DataFileError, KeyError) as error:
        st.error(error.markdown() if isinstance(error, DataFileError)
                 else f"This app has no crossing series named “{short_name(ref.series_id)}”: fix the corridor "
                      "catalogue's flow_series entry.")
        continue
    label = flow_label(ref, meta["measure"], meta["unit"], meta["publisher"])
    source = f"{meta['publisher']} ({meta['licence']}), data {meta.get('data_span', '')}."
    both = f"{shell.source_line} Crossings: {source}"
    st.markdown(f"**{meta['title']}** — {label}")
    over_time = crossings_over_time(crossing.rows, ref, months or series_months(crossing.rows), grain,
                                    crossing.monthly, crossing.annual)
    show_figure(build_crossings_over_time(over_time, label=label, unit=f"{meta['measure']} ({meta['unit']})",
                                          source=f"Source: {source}",
                                          title=f"{meta['measure'].capitalize()} ({meta['unit']}) by {grain}"),
                data=over_time, name=f"{ref.key} by {grain}", source_line=f"Source: {source}",
                summary=f"{crossings_total(over_time):,.0f} {meta['unit']} in the periods shown; paler bars are "
                        "partial periods.", description=shell.description)
    st.caption(f"One unit counts: {meta['counts']} It misses: {meta['misses']}")
    if deaths is None:
        continue
    ratio = deaths_per_thousand(deaths, crossing.by_year)
    show_figure(build_deaths_per_thousand(ratio, unit=meta["measure"], source=both,
                                          title=f"Dead and missing per 1,000 {meta['measure']}, whole years"),
                data=ratio, name=f"Deaths per 1000 {ref.key}", summary=summarise_ratio(ratio, meta["measure"]),
                source_line=both, description=shell.description, note=note)
    st.caption(f"Only whole calendar years covered by both IOM and {meta['publisher']} are shown. The denominator "
               f"counts {meta['measure']}, not people who set out: {meta['misses']} IOM figures are minimum estimates.")
    if crossing.has_nationality:
        if dead_by_nationality is None:
            dead_by_nationality = top_values(members, "country_of_origin_iso3", n=1000)
        side = nationalities_side_by_side(dead_by_nationality, crossing.nationalities, country, months)
        show_figure(build_nationalities(side, crossing_label=meta["measure"], source=both,
                                        title=f"Nationalities: the dead and missing beside {meta['measure']}"),
                    data=side, name=f"Nationalities {ref.key}", source_line=both, description=shell.description,
                    summary=(f"Top nationalities among the dead and missing and among {meta['measure']} over the "
                             "selected period, each as a share of those whose nationality is recorded."))
