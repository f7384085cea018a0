"""Incident map: every incident under the filters on a map, a density view, countries, and month by month.

A thin page: the shared shell gives the filtered incidents;
``transforms.maps`` turns them into points, grid cells and country
totals; ``charts.incident_map`` builds the maps. Its own controls (``view``:
points or density; ``by``: country of incident or of origin; ``months``: the
animated month-by-month map on or off) live in the URL.
"""

from __future__ import annotations

import streamlit as st

from cache import per_view
from charts.incident_map import (
    CHOROPLETH_DATA_NAMES,
    CHOROPLETH_TITLES,
    COLOUR_BY,
    COUNTRY_BASIS_OPTIONS,
    build_country_choropleth,
    build_density_deck,
    build_monthly_animation,
    build_points_deck,
    degrees_text,
    density_legend_html,
    place_colours,
    place_legend_html,
    points_legend_html,
    summarise_countries,
    summarise_density,
    summarise_months,
    summarise_points,
)
from i18n import N_, _, format_integer
from transforms.maps import (
    COUNTRY_BASES,
    MONTHLY_CELLS_ACROSS,
    POINT_CAP,
    cause_totals,
    cell_degrees_for,
    dead_missing_by_country,
    dead_missing_without_country,
    density_view,
    incident_points,
    monthly_cells,
    shows_points,
)
from transforms.periods import month_range
from transforms.quality import caution_note
from ui.figures import show_deck, show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import page_control, write_query

COUNTRIES_URL = "/app/static/geo/ne_110m_admin_0_countries.geojson"
MAP_STYLE_URL = "/app/static/blank-style.json"
VIEWS = {"points": N_("Points"), "density": N_("Density")}
MONTHS = {"off": N_("Off"), "on": N_("On")}
DEFAULTS = {"view": "points", "by": "incident", "months": "off", "colour": "cause"}

with page_guard("Incident map"):
    shell = render_shell("Incident map")
    selection, filters = shell.selection, shell.filters
    view = page_control("view", list(VIEWS), DEFAULTS["view"])
    by = page_control("by", list(COUNTRY_BASES), DEFAULTS["by"])
    months_on = page_control("months", list(MONTHS), DEFAULTS["months"])
    colour_by = page_control("colour", list(COLOUR_BY), DEFAULTS["colour"])
    write_query({key: [value] for key, value in (("view", view), ("by", by), ("months", months_on),
                                                 ("colour", colour_by)) if value != DEFAULTS[key]}, set(DEFAULTS))

    stop_if_no_incidents(selection)
    # What the page works out from the selection is worked out once per view and shared (cache).
    note = per_view(filters, caution_note)

    # Where: one point per incident, or density cells where there are too many to ship.
    st.subheader(_("Where people died or went missing"))
    st.radio(_("Show"), list(VIEWS), key="ctl_view", horizontal=True,
             format_func={k: _(v) for k, v in VIEWS.items()}.get,
             help=_("Points: one circle per incident. Density: dead and missing added up over a grid."))
    if shows_points(len(selection), view):
        points = per_view(filters, incident_points)
        totals = cause_totals(points)
        st.radio(_("Colour by"), list(COLOUR_BY), key="ctl_colour", horizontal=True,
                 format_func={k: _(v) for k, v in COLOUR_BY.items()}.get)
        if colour_by == "sea":
            st.markdown(place_legend_html(place_colours(points)), unsafe_allow_html=True)
            st.caption(_("One circle per incident; its area is proportional to the dead and missing (people). Colour "
                         "is where its coordinates lie: the deadliest sea areas and border zones (Natural Earth "
                         "1:50m; a border zone is land within 50 km of the border) each have their own. Hover a "
                         "circle for its details."))
        else:
            st.markdown(points_legend_html(totals["cause_group"].tolist()), unsafe_allow_html=True)
            # Translators: “Several causes” is the legend's name for those incidents: use its translation.
            st.caption(_("One circle per incident; its area is proportional to the dead and missing (people). Colour is "
                         "the cause of death; an incident IOM records with more than one cause is drawn black, as “Several "
                         "causes”. Hover a circle for its details."))
        show_deck(build_points_deck(points, countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL,
                                    colour_by=colour_by),
                  data=points, name=_("Incidents on the map"), summary=summarise_points(points, totals),
                  source_line=shell.source_line, description=shell.description, note=note)
    else:
        if view == "points":
            st.info(_("{count} incidents match these filters, more than the {cap} the map draws one by one, so it "
                      "shows their density instead. Narrow the filters to see single incidents.",
                      count=format_integer(len(selection)), cap=format_integer(POINT_CAP)))
        degrees, cells = per_view(filters, density_view)
        st.markdown(density_legend_html(), unsafe_allow_html=True)
        # Translators: {size} is a cell's side in degrees, e.g. "2°".
        st.caption(_("Dead and missing (people) added up over a grid of {size} × {size} cells. "
                     "Hover a cell for its totals.", size=degrees_text(degrees)))
        show_deck(build_density_deck(cells, view_lon=selection["lon"], view_lat=selection["lat"],
                                     countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL),
                  data=cells, name=_("Dead and missing by grid cell"), summary=summarise_density(cells, degrees),
                  source_line=shell.source_line, description=shell.description, note=note)

    # Countries: by country of incident or of origin.
    st.subheader(_("Dead and missing by country"))
    st.radio(_("Count by"), list(COUNTRY_BASES), key="ctl_by", horizontal=True,
             format_func={basis: _(COUNTRY_BASIS_OPTIONS[basis]) for basis in COUNTRY_BASES}.get)
    countries = per_view(filters, dead_missing_by_country, by)
    show_figure(build_country_choropleth(countries, by=by, title=_(CHOROPLETH_TITLES[by]), source=shell.source_line),
                data=countries, name=_(CHOROPLETH_DATA_NAMES[by]),
                summary=summarise_countries(countries, by=by, selection_total=int(selection["dead_missing"].sum()),
                                            without_country=per_view(filters, dead_missing_without_country,
                                                                     by)),
                source_line=shell.source_line, description=shell.description, note=note)
    if by == "origin":
        st.caption(_("An incident listing several countries of origin counts in full under each, so the countries "
                     "can add up to more than the selection. Unknown and mixed origins are not shaded."))

    # Month by month: press Play to watch the period unfold. Built only when switched on (``months=on`` in the
    # link): its 100-odd frames are the heaviest thing on the page, to compute and to send.
    st.subheader(_("Month by month"))
    st.radio(_("Animated map"), list(MONTHS), key="ctl_months", horizontal=True,
             format_func={k: _(v) for k, v in MONTHS.items()}.get,
             help=_("On: a map of the selected period month by month, with Play and a slider. The link keeps the "
                    "choice."))
    if months_on != "on":
        st.caption(_("Switch on to watch the selected period unfold month by month on an animated map."))
        st.stop()
    months = month_range(filters.period_from, filters.period_to)
    monthly_degrees = cell_degrees_for(selection["lon"], selection["lat"], MONTHLY_CELLS_ACROSS)
    monthly = monthly_cells(selection, months, monthly_degrees)
    show_figure(build_monthly_animation(monthly, months, gaps=shell.gaps, source=shell.source_line,
                                        title=_("Dead and missing per month, in cells of {size}",
                                                size=degrees_text(monthly_degrees))),
                data=monthly, name=_("Dead and missing by month and grid cell"),
                summary=summarise_months(monthly, months),
                source_line=shell.source_line, description=shell.description, note=note)
