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

from cache import (
    corridor_selection,
    load_corridor_outlines,
    load_corridors,
    load_countries,
    load_crossings_over_time,
    load_flow_entry,
    load_flow_meta,
    load_membership_comparison,
    recorded_ever,
)
from charts.corridors import (
    build_cause_mix,
    build_crossings_over_time,
    build_deaths_per_thousand,
    build_nationalities,
    build_outline_deck,
    summarise_ratio,
)
from charts.country_profile import fit_half_width
from charts.rankings import build_top_bars
from charts.style import OKABE_ITO
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from i18n import _, format_integer, ngettext, region_name
from loaders.errors import DataFileError, short_name
from transforms.corridor_membership import comparison_note, counted_note
from transforms.corridors import (
    cause_mix,
    corridor_by_id,
    corridor_names,
    country_names,
    crossings_total,
    deaths_by_year,
    deaths_per_thousand,
    flow_label,
    mode_name,
    nationalities_side_by_side,
    parse_flow_ref,
    series_months,
    thousand,
)
from transforms.countries import iso3_names
from transforms.flows import measure_name
from transforms.geography import outline_rows
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note
from transforms.rankings import top_values
from ui.figures import display_copy, show_deck, show_figure
from ui.sea_movements import has_attempted_journeys, show_attempted_journeys
from ui.shell import data_or_stop, page_guard, render_shell
from ui.url_state import page_control, url_value, write_query
from ui.your_data import render_corridor_denominators

DEFAULT = "central_med"
COUNTRIES_URL = "/app/static/geo/ne_110m_admin_0_countries.geojson"
MAP_STYLE_URL = "/app/static/blank-style.json"
with page_guard("Corridor profile"):
    shell = render_shell("Corridor profile", needs_incidents=False)  # the crossings need no IOM incidents
    selection, filters = shell.selection, shell.filters
    corridors = data_or_stop(load_corridors)
    names = corridor_names(corridors)
    requested = url_value("corridor")
    if requested in names and requested != st.session_state.get("_corridor_in_url", requested):
        st.session_state["ctl_corridor"] = requested  # arrived by a link to another corridor: the link wins
    corridor_id = page_control("corridor", list(names), DEFAULT)
    st.selectbox(_("Corridor"), list(names), key="ctl_corridor", format_func=names.get)  # names as published
    write_query({"corridor": [corridor_id]}, {"corridor"})
    st.session_state["_corridor_in_url"] = corridor_id
    corridor = corridor_by_id(corridors, corridor_id)
    reference = data_or_stop(load_countries)
    country = iso3_names(reference)


    counted = counted_note(corridor, country)  # IOM's routes and this app's geography, in words
    st.markdown(" ".join([
        # Translators: {corridor} is the corridor's name as published (in bold, keep the **), {region} its region,
        # {mode} its main means of crossing ("sea", "land", "sea and land").
        _("**{corridor}** ({region}; mostly by {mode}).", corridor=corridor["name"],
          region=region_name(corridor["region"]), mode=mode_name(corridor["mode"])),
        counted,
        # Translators: {origins} lists country names.
        _("Origins most recorded among the dead: {origins}.",
          origins=country_names(corridor["origin_iso3"], country)),
        # Translators: {transit} and {destination} list country names.
        _("Through {transit} to {destination}.", transit=country_names(corridor["transit_iso3"], country),
          destination=country_names(corridor["destination_iso3"], country))]))
    outline = data_or_stop(load_corridor_outlines).get(corridor_id, ())
    # Translators: {corridor} is a corridor's name as published; {count} a number of shapes.
    show_deck(build_outline_deck(outline, corridor["path"], countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL),
              data=outline_rows(outline), name=_("Geography of the corridor {corridor_id}", corridor_id=corridor_id),
              summary=ngettext("The {corridor} corridor's path (black) and the {count} shape it is drawn from: blue, "
                               "sea areas; orange, border zones (land within 50 km of the border); green, countries.",
                               "The {corridor} corridor's path (black) and the {count} shapes it is drawn from: blue, "
                               "sea areas; orange, border zones (land within 50 km of the border); green, countries.",
                               len(outline), corridor=corridor["name"], count=format_integer(len(outline))),
              source_line=_("Source: Natural Earth 1:50m (public domain); the corridor catalogue of this app."),
              description=shell.description, key="corridor-geography")
    with st.expander(_("How this corridor is drawn")):
        st.write(corridor["geography_sources"])  # the catalogue's text, as published
        st.caption(_("A sea declared only near some coasts is drawn within 200 nautical miles of them."))
        comparison = data_or_stop(load_membership_comparison)
        st.markdown(comparison_note(comparison, corridor_id) or "")
        st.dataframe(display_copy(comparison), hide_index=True, width="stretch")
        st.caption(_("Every corridor under the old rule and this one: data/corridors/membership_comparison.csv "
                     "(tools/compare_membership.py)."))

    # Without IOM data there is no period filter: each crossing series is then shown over its whole span.
    months = month_range(filters.period_from, filters.period_to) if filters else None
    grain = "month" if months and len(months) <= 36 else "year"
    members = selection if shell.data_problem else corridor_selection(selection, corridor_id)
    note = caution_note(members) if not members.empty else None
    st.subheader(_("Dead and missing on the {corridor} corridor", corridor=corridor["name"]))
    st.caption(shell.description)
    if shell.data_problem:
        st.info(shell.data_problem)
    elif not recorded_ever()[corridor_id]:
        st.info(_("IOM records no incident on the {corridor} corridor in any period: no death on it has been "
                  "recorded, which does not mean that none happened.", corridor=corridor["name"]))
    elif members.empty:
        st.info(_("No incident on this corridor matches these filters. Widen the period or remove a filter in the "
                  "sidebar."))
    else:
        series = dead_missing_by_period(members, grain, months, shell.gaps)
        by_month = grain == "month"
        over_time_title = (_("Dead and missing, {corridor}, by month", corridor=corridor["name"]) if by_month
                           else _("Dead and missing, {corridor}, by year", corridor=corridor["name"]))
        # Translators: the name of a chart's data, used for its download file; {corridor_id} is an identifier.
        over_time_name = (_("Dead and missing {corridor_id} by month", corridor_id=corridor_id) if by_month
                          else _("Dead and missing {corridor_id} by year", corridor_id=corridor_id))
        show_figure(build_dead_missing_over_time(series, title=over_time_title, source=shell.source_line),
                    data=series.drop(columns=["period"]), name=over_time_name,
                    summary=summarise_series(series), source_line=shell.source_line, description=shell.description,
                    note=note)
        left, right = st.columns(2)
        with left:
            causes = cause_mix(members)
            show_figure(fit_half_width(build_cause_mix(causes, title=_("Dead and missing by cause of death"),
                                                       source=shell.source_line), shell.source_line),
                        # Translators: the name of a chart's data, used for its download file.
                        data=causes, name=_("Causes of death {corridor_id}", corridor_id=corridor_id),
                        summary=summarise_ranking(causes.rename(columns={"cause": "value"}), _("cause of death")),
                        source_line=shell.source_line, description=shell.description, note=note)
        with right:
            origins = top_values(members, "country_of_origin")
            show_figure(fit_half_width(build_top_bars(origins, title=_("Nationalities of the dead and missing"),
                                                      source=shell.source_line, colour=OKABE_ITO["bluish_green"],
                                                      empty_message=_("No nationality recorded.")), shell.source_line),
                        # Translators: the name of a chart's data, used for its download file.
                        data=origins, name=_("Nationalities of the dead {corridor_id}", corridor_id=corridor_id),
                        summary=summarise_ranking(origins, _("country of origin")), source_line=shell.source_line,
                        description=shell.description, note=note)
        st.caption(_("An incident listing several causes or countries of origin counts in full under each."))

    # Translators: {thousand} is the number 1,000 as written in the language.
    st.subheader(_("Crossings and deaths per {thousand} crossings", thousand=thousand()))
    crossing_span = (_("Crossing series follow the period filter only.") if months
                     else _("Each crossing series is shown over all the months it covers."))
    st.caption(f"{shell.description} {crossing_span}")
    if not corridor["flow_series"] and has_attempted_journeys(corridor_id):
        st.info(_("No crossing or arrival series in this app measures the {corridor} corridor. UNHCR's counts of "
                  "attempted sea journeys stand in as the denominator, below.", corridor=corridor["name"]))
    elif not corridor["flow_series"]:
        st.info(_("No crossing or arrival series in this app measures the {corridor} corridor, so no deaths per "
                  "{thousand} crossings can be shown.", corridor=corridor["name"], thousand=thousand()))
    deaths = deaths_by_year(members, months, shell.gaps) if not members.empty else None
    # UNHCR's attempted sea journeys, the denominator where no crossing series exists (Bay of Bengal).
    show_attempted_journeys(corridor_id, corridor["name"], deaths, shell.source_line, shell.description)
    dead_by_nationality = None  # every recorded nationality of the dead, worked out once for all the series below
    for entry in corridor["flow_series"]:
        ref = parse_flow_ref(entry)
        try:
            crossing, meta = load_flow_entry(ref), load_flow_meta(ref.series_id)
        except (DataFileError, KeyError) as error:
            st.error(error.markdown() if isinstance(error, DataFileError)
                     else _("This app has no crossing series named “{series}”: fix the corridor catalogue's "
                            "flow_series entry.", series=short_name(ref.series_id)))
            continue
        label = flow_label(ref, meta["measure"], meta["unit"], meta["publisher"])
        measure, unit = measure_name(meta["measure"]), measure_name(meta["unit"])
        # Translators: a crossing series' source: its publisher and licence as published, {span} the dates it covers.
        source = _("{publisher} ({licence}), data {span}.", publisher=meta["publisher"], licence=meta["licence"],
                   span=meta.get("data_span", ""))
        crossings_source = _("Crossings: {source}", source=source)
        both = f"{shell.source_line} {crossings_source}"
        st.markdown(f"**{meta['title']}** — {label}")  # the series' title as its sidecar publishes it
        over_time = load_crossings_over_time(ref, months or series_months(crossing.rows), grain)
        measure_unit = _("{measure} ({unit})", measure=measure, unit=unit)
        heading = measure[:1].upper() + measure[1:]
        # Translators: a chart's title: {measure} e.g. "Arrivals", {unit} e.g. "people".
        crossings_title = (_("{measure} ({unit}) by month", measure=heading, unit=unit) if grain == "month"
                           else _("{measure} ({unit}) by year", measure=heading, unit=unit))
        # Translators: the name of a chart's data, used for its download file; {series} is an identifier.
        crossings_name = (_("{series} by month", series=ref.key) if grain == "month"
                          else _("{series} by year", series=ref.key))
        show_figure(build_crossings_over_time(over_time, label=label, unit=measure_unit,
                                              source=_("Source: {source}", source=source), title=crossings_title),
                    data=over_time, name=crossings_name, source_line=_("Source: {source}", source=source),
                    # Translators: {total} is a number, {unit} what it counts (e.g. "people").
                    summary=_("{total} {unit} in the periods shown; hatched bars are partial periods.",
                              total=format_integer(crossings_total(over_time)), unit=unit),
                    description=shell.description)
        # Translators: {counts} and {misses} are sentences from the series' documentation, in English.
        st.caption(_("One unit counts: {counts} It misses: {misses}", counts=meta["counts"], misses=meta["misses"]))
        if deaths is None:
            continue
        ratio = deaths_per_thousand(deaths, crossing.by_year)
        show_figure(build_deaths_per_thousand(ratio, unit=measure, source=both,
                                              # Translators: a chart's title: {thousand} is the number 1,000 as
                                              # written in the language, {measure} e.g. "arrivals".
                                              title=_("Dead and missing per {thousand} {measure}, whole years",
                                                      thousand=thousand(), measure=measure)),
                    # Translators: the name of a chart's data, used for its download file; {series} is an identifier.
                    data=ratio, name=_("Deaths per 1000 {series}", series=ref.key),
                    summary=summarise_ratio(ratio, measure), source_line=both, description=shell.description,
                    note=note)
        # Translators: {publisher} is a publisher's name as published; {measure} e.g. "arrivals"; {misses} is a
        # sentence from the series' documentation, in English.
        st.caption(_("Only whole calendar years covered by both IOM and {publisher} are shown. The denominator counts "
                     "{measure}, not people who set out: {misses} IOM figures are minimum estimates.",
                     publisher=meta["publisher"], measure=measure, misses=meta["misses"]))
        if crossing.has_nationality:
            if dead_by_nationality is None:
                dead_by_nationality = top_values(members, "country_of_origin_iso3", n=1000)
            side = nationalities_side_by_side(dead_by_nationality, crossing.nationalities, country, months)
            show_figure(build_nationalities(side, crossing_label=measure, source=both,
                                            title=_("Nationalities: the dead and missing beside {measure}",
                                                    measure=measure)),
                        # Translators: the name of a chart's data, used for its download file; {series} is an
                        # identifier.
                        data=side, name=_("Nationalities {series}", series=ref.key), source_line=both,
                        description=shell.description,
                        summary=_("Top nationalities among the dead and missing and among {measure} over the "
                                  "selected period, each as a share of those whose nationality is recorded.",
                                  measure=measure))
    # The user's own crossings assigned to this corridor (Your data, in the sidebar), if any.
    render_corridor_denominators(corridor_id, corridor["name"], deaths, description=shell.description,
                                 source_line=shell.source_line, note=note)
