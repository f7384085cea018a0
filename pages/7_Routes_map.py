"""Routes map: every smuggling corridor on one offline map, sized by its dead and missing, coloured by mode.

A thin page: the shared shell gives the filtered incidents; the corridor
catalogue (``data/corridors/corridors.csv``) gives each corridor's path;
``transforms.corridors.routes_view`` counts the dead and missing on
each, from the corridor membership worked out once per data version, and
lists them for the table and the links (once per view, in ``cache``);
``charts.corridors`` draws the map. Each corridor links to its profile.
"""

from __future__ import annotations

import streamlit as st

from cache import load_corridor_outlines, load_corridors, load_routes_view
from charts.corridors import build_routes_deck, mode_legend_html, routes_map_data, summarise_routes
from i18n import _, format_integer
from transforms.corridors import corridor_modes
from ui.figures import show_deck
from ui.shell import data_or_stop, page_guard, render_shell, stop_if_no_incidents

COUNTRIES_URL = "/app/static/geo/ne_110m_admin_0_countries.geojson"
MAP_STYLE_URL = "/app/static/blank-style.json"
PROFILE_PAGE = "pages/8_Corridor_profile.py"
LINK_COLUMNS = 3

with page_guard("Routes map"):
    shell = render_shell("Routes map")
    selection = shell.selection
    corridors = data_or_stop(load_corridors)

    stop_if_no_incidents(selection)

    # Worked out once per view (filters and data version) and shared by every session.
    view = load_routes_view(shell.filters)
    data = routes_map_data(corridors, view.totals)

    st.subheader(_("Smuggling corridors and their dead and missing"))
    st.markdown(mode_legend_html(corridor_modes(corridors)), unsafe_allow_html=True)
    # Translators: "Data and sources" is the name of the app's page of that title.
    st.caption(_("Each line is a corridor, drawn through the places where IOM recorded deaths along it (medians of "
                 "the incidents' coordinates; see Data and sources). Its width grows with the dead and missing "
                 "(people) recorded on it under the filters; colour is the main means of crossing. A thin line means "
                 "none recorded. Names are printed where they fit; hover a line for its name and totals, or use the "
                 "list below the map."))
    paths_source = _("Corridor paths: derived from IOM incident coordinates (one from Natural Earth).")
    outlined = st.toggle(_("Outline each corridor's sea areas and border zones"), value=True, key="ctl_outlines",
                         help=_("Where IOM gives no route, an incident counts for a corridor when its coordinates "
                                "lie in these shapes (Natural Earth 1:50m): blue, sea areas; orange, border zones "
                                "(land within 50 km of the border); green, countries."))
    outlines = [feature for features in data_or_stop(load_corridor_outlines).values() for feature in features] \
        if outlined else []
    show_deck(build_routes_deck(data, countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL, outlines=outlines),
              data=view.table, name=_("Dead and missing by corridor"),
              summary=summarise_routes(data), source_line=f"{shell.source_line} {paths_source}",
              description=shell.description, note=view.note)
    everyone = view.everyone  # blanks count as none
    outside = everyone - view.on_corridors
    st.caption(_("{outside} of the {everyone} dead and missing in this selection were recorded on no corridor drawn "
                 "here (other routes, or no route recorded). Corridors do not overlap: each incident counts for one "
                 "corridor at most.", outside=format_integer(outside), everyone=format_integer(everyone)))

    st.subheader(_("Open a corridor's profile"))
    # Translators: {thousand} is the number 1,000 as written in the language.
    st.caption(_("Deaths over time, causes, nationalities, crossings and deaths per {thousand} crossings for each "
                 "corridor.", thousand=format_integer(1000)))
    columns = st.columns(LINK_COLUMNS)
    for index, (corridor_id, label) in enumerate(view.links):
        columns[index % LINK_COLUMNS].page_link(PROFILE_PAGE, label=label, query_params={"corridor": corridor_id})
