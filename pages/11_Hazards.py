"""Hazards: what kills people on each corridor, sea against land crossings, and overcrowded boats.

A thin page. ``transforms/hazards.py`` counts IOM incidents by cause of death on each corridor of the
corridor catalogue, by the one membership rule of ``transforms/corridor_membership.py`` (as the Routes
map and the Corridor profile do; worked out once per view in ``cache``), and shapes the Frontex and UK
small-boat series read by ``loaders.flows``; ``charts/comparison.py`` and ``charts/hazards.py`` draw. The
corridor followed over time (``?corridor=``) and the per-boat grain (``?boats=year|month``) live in the URL.
"""

from __future__ import annotations

import streamlit as st

from cache import (
    load_corridor_causes,
    load_corridor_causes_by_year,
    load_flow_meta,
    load_flow_series,
    load_series_table,
    per_view,
)
from charts.comparison import build_cause_mix
from charts.hazards import (
    build_cause_by_year,
    build_people_per_boat,
    build_sea_land,
    per_boat_wording,
    summarise_cause_by_year,
    summarise_cause_mix,
    summarise_per_boat,
    summarise_sea_land,
)
from i18n import N_, _, format_date, format_month, pgettext
from loaders.errors import DataFileError
from transforms.hazards import dominant_cause, people_per_boat, sea_land_detections, series_span
from transforms.quality import caution_note
from transforms.sources import flow_source_line
from ui.figures import show_figure
from ui.shell import page_guard, render_shell
from ui.url_state import page_control, write_query

GRAIN_LABELS = {"year": N_("By year"), "month": N_("By month")}

with page_guard("Hazards"):
    shell = render_shell("Hazards", needs_incidents=False)
    selection = shell.selection

    # Cause of death by corridor, and one corridor over time. Each section below reads its own file: one that cannot
    # be read is said in its place, and the others are still shown.
    st.subheader(_("How people die on each corridor"))
    corridor, order = None, []
    if shell.data_problem:
        st.info(shell.data_problem)
    else:
        try:
            mix, order = load_corridor_causes(shell.filters)
            if not order:
                st.info(_("No dead or missing on a known corridor match these filters. Widen the period or remove a "
                          "filter."))
        except DataFileError as error:  # an unusable corridor catalogue: said here, the sections below still shown
            st.error(error.markdown())
    if order:
        st.markdown(" ".join((_("Dead and missing by cause of death on each of the corridors of the corridor "
                                "catalogue, deadliest corridor on top."), shell.description)))
        note = per_view(shell.filters, caution_note)
        show_figure(build_cause_mix(mix, order, title=_("Causes of death by corridor (share of dead and missing)"),
                                    source=shell.source_line),
                    data=mix, name=_("Causes of death by corridor"), key="causes-of-death-by-corridor",
                    summary=summarise_cause_mix(dominant_cause(mix)),
                    source_line=shell.source_line, description=shell.description, note=note)
        # Translators: "Corridor profile" and "Routes map" are names of pages of the app.
        st.caption(_("An incident listing several causes counts under each, so shares are of cause attributions. "
                     "A corridor gathers its IOM routes and, for the Asia-Pacific corridors where IOM records most "
                     "incidents without a route, the incidents matching the corridor's rule (stated on its Corridor "
                     "profile), as on the Routes map. Incidents on no corridor (another IOM route, or no route and no "
                     "rule that fits) are not shown."))
        corridor = page_control("corridor", order, order[0])
        st.selectbox(_("Corridor to follow over time"), order, key="ctl_corridor")
        by_year = load_corridor_causes_by_year(shell.filters, corridor)
        st.markdown(" ".join((_("Each year's dead and missing on {corridor} by cause of death.", corridor=corridor),
                              shell.description)))
        show_figure(build_cause_by_year(by_year, corridor=corridor, source=shell.source_line,
                                        title=_("Causes of death on {corridor}, by year", corridor=corridor)),
                    data=by_year, name=_("Causes of death by year on {corridor}", corridor=corridor),
                    key="causes-of-death-by-year", summary=summarise_cause_by_year(by_year, corridor),
                    source_line=shell.source_line, description=shell.description, note=note)

    # Sea against land: Frontex detections.
    st.subheader(_("Sea against land crossings into the EU"))
    try:
        frontex, frontex_meta = load_flow_series("frontex_ibc"), load_flow_meta("frontex_ibc")
        detections = load_series_table("frontex_ibc", sea_land_detections)  # no filter applies: once per data version
    except DataFileError as error:
        st.error(error.markdown())
    else:
        frontex_line = flow_source_line(frontex_meta)
        start, end = load_series_table("frontex_ibc", series_span)
        span = dict(start=format_month(start, "wide"), end=format_month(end, "wide"))
        st.markdown(" ".join((_("Detections of irregular border crossings by Frontex on each route, at sea and on "
                                "land, {start} to {end}.", **span),
                              _("A detection is an event, not a person: someone stopped twice counts twice. The "
                                "sidebar filters do not apply here."))))
        sea_land_title = _("Frontex detections by route and crossing type, {start} to {end}", **span)
        show_figure(build_sea_land(detections, title=sea_land_title, source=frontex_line),
                    data=detections, name=_("Frontex detections at sea and on land"),
                    key="frontex-detections-at-sea-and-on-land", summary=summarise_sea_land(detections),
                    source_line=frontex_line,
                    description=_("Frontex detections, {start} to {end}.", **span))

    # Overcrowding: people per small boat in the Channel.
    st.subheader(_("Overcrowding in the Channel"))
    grain = page_control("boats", list(GRAIN_LABELS), "year")
    write_query({"corridor": [corridor] if corridor and order and corridor != order[0] else [],
                 "boats": [grain] if grain != "year" else []}, {"corridor", "boats"})
    try:
        uk, uk_meta = load_flow_series("uk_small_boats"), load_flow_meta("uk_small_boats")
        per_boat = load_series_table("uk_small_boats", people_per_boat, grain)
    except DataFileError as error:
        st.error(error.markdown())
        st.stop()
    # Translators: the label of a choice between "By year" and "By month".
    st.radio(pgettext("choose the grain", "Show"), list(GRAIN_LABELS), key="ctl_boats", horizontal=True,
             format_func={grain_key: _(label) for grain_key, label in GRAIN_LABELS.items()}.get)
    uk_line = flow_source_line(uk_meta)
    uk_start, uk_end = load_series_table("uk_small_boats", series_span)
    wording = per_boat_wording(grain, start=format_date(uk_start), end=format_date(uk_end))
    st.markdown(" ".join((wording.intro, _("The sidebar filters do not apply here."))))
    show_figure(build_people_per_boat(per_boat, grain=grain, source=uk_line, title=wording.title),
                data=per_boat, name=wording.name, key=f"people-per-small-boat-by-{grain}",
                summary=summarise_per_boat(per_boat, grain), source_line=uk_line, description=wording.description)
    if per_boat["partial"].any():
        st.caption(_("Periods the data only partly cover are marked (by year a hatched bar with *, by month an open "
                     "circle) and left out of the summary."))
