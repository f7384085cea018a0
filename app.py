"""Overview: headline figures, dead and missing over time, top routes and origins, a map preview.

The home page of the Migrant Smuggling Data Explorer. Like every page, it
starts with the shared shell, then calls the cache for numbers and charts for
figures; it holds no aggregation of its own. Every text is in the reader's language; the charts' element keys
are English ids, the same in every language.
"""

from __future__ import annotations

import streamlit as st

from cache import load_overview
from charts.maps import build_cells_deck
from charts.rankings import build_top_bars
from charts.style import OKABE_ITO
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from i18n import _, format_decimal, format_integer, format_month, format_percent, ngettext, pgettext
from transforms.headlines import CELL_DEGREES
from transforms.periods import GRAINS, month_range
from ui.figures import card_columns, show_deck, show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import page_control, write_query

COUNTRIES_URL = "/app/static/geo/ne_110m_admin_0_countries.geojson"
MAP_STYLE_URL = "/app/static/blank-style.json"

with page_guard("Overview"):
    shell = render_shell("Overview")
    selection, filters = shell.selection, shell.filters

    stop_if_no_incidents(selection)

    # The time grain first: every number below is worked out once per view (filters and grain) and shared.
    grain_options = list(GRAINS)
    default_grain = "month" if len(month_range(filters.period_from, filters.period_to)) <= 36 else "year"
    grain = page_control("grain", grain_options, default_grain)
    view = load_overview(filters, grain, shell.gaps, shell.incomplete)

    # Headline figures, each against the previous period of the same length.
    now, before_filters, before = view.now, view.before_filters, view.before
    # Translators: the period the headline figures are compared with, e.g. "vs Jan 2023–Dec 2023".
    compared = (_("vs {start}–{end}", start=format_month(before_filters.period_from),
                  end=format_month(before_filters.period_to))
                if before_filters else _("no earlier data of equal length"))
    children_help = ngettext("Children where recorded: IOM records ages for {recorded} of {count} incident.",
                             "Children where recorded: IOM records ages for {recorded} of {count} incidents.",
                             now.incidents, recorded=format_integer(now.incidents_with_children_recorded),
                             count=format_integer(now.incidents))
    # Translators: "Dead" and "Missing" are people recorded dead / missing (headline figures).
    cards = [(_("Dead and missing"), "dead_missing", "inverse"), (pgettext("people", "Dead"), "dead", "inverse"),
             (pgettext("people", "Missing"), "missing", "inverse"), (_("Incidents"), "incidents", "inverse"),
             (_("Survivors"), "survivors", "normal"), (_("Children dead or missing"), "children", "inverse")]
    for column, (label, field, colour) in zip(card_columns(len(cards)), cards):
        value = getattr(now, field)
        delta = value - getattr(before, field) if before else None
        column.metric(label, format_integer(value),
                      delta=("+" if delta >= 0 else "") + format_integer(delta) if delta is not None else None,
                      delta_color=colour, delta_description=compared if before else None,
                      help=children_help if field == "children" else compared)
    st.caption(shell.source_line)

    # Dead and missing over time.
    # Translators: the time grain of a chart ("Show by: Month / Quarter / Year").
    grain_names = {"month": pgettext("grain", "Month"), "quarter": pgettext("grain", "Quarter"),
                   "year": pgettext("grain", "Year")}
    st.radio(_("Show by"), grain_options, key="ctl_grain", horizontal=True, format_func=grain_names.get)
    write_query({"grain": [grain]} if grain != default_grain else {}, {"grain"})
    series = view.series
    titles = {"month": _("Dead and missing migrants by month"), "quarter": _("Dead and missing migrants by quarter"),
              "year": _("Dead and missing migrants by year")}
    names = {"month": _("Dead and missing by month"), "quarter": _("Dead and missing by quarter"),
             "year": _("Dead and missing by year")}
    show_figure(
        build_dead_missing_over_time(series, title=titles[grain], source=shell.source_line),
        data=series.drop(columns=["period"]), name=names[grain], key=f"dead-and-missing-by-{grain}",
        summary=summarise_series(series), source_line=shell.source_line, description=shell.description,
        note=view.note)

    # Top routes and top countries of origin.
    left, right = st.columns(2)
    with left:
        routes = view.routes
        show_figure(build_top_bars(routes, title=_("Deadliest migration routes"), source=shell.source_line,
                                   empty_message=_("No route is recorded for these incidents.")),
                    data=routes, name=_("Top migration routes"), key="top-migration-routes",
                    summary=summarise_ranking(routes, "route"), source_line=shell.source_line,
                    description=shell.description)
        st.caption(_("{share} of the dead and missing have no route recorded (IOM leaves the route blank for most "
                     "incidents in Asia).", share=format_percent(view.routes_unknown)))
    with right:
        origins = view.origins
        show_figure(build_top_bars(origins, title=_("Top countries of origin of the dead and missing"),
                                   source=shell.source_line, colour=OKABE_ITO["bluish_green"],
                                   empty_message=_("No country of origin is recorded for these incidents.")),
                    data=origins, name=_("Top countries of origin"), key="top-countries-of-origin",
                    summary=summarise_ranking(origins, "country of origin"), source_line=shell.source_line,
                    description=shell.description)
        st.caption(_("{share} of the dead and missing are of unknown or mixed origin. An incident listing several "
                     "countries counts under each.", share=format_percent(view.origins_unknown)))

    # Map preview.
    st.subheader(_("Where people died or went missing"))
    cells = view.cells
    show_deck(build_cells_deck(cells, countries_url=COUNTRIES_URL, style_url=MAP_STYLE_URL),
              data=cells, name=_("Dead and missing by map cell"), key="dead-and-missing-by-map-cell",
              summary=ngettext("{count} map cell of {size}° × {size}°, circles sized by dead and missing.",
                               "{count} map cells of {size}° × {size}°, circles sized by dead and missing.",
                               len(cells), count=format_integer(len(cells)), size=format_decimal(CELL_DEGREES, 0)),
              source_line=shell.source_line, description=shell.description)
