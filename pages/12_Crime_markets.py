"""Crime markets: GI-TOC's Organized Crime Index scores for human smuggling, on a map, by region,
and against IOM's dead and missing by country of incident.

A thin page. ``loaders/crime_index.py`` reads both editions and ``transforms/crime_index.py``
reshapes them (each indicator once per data version, by ``cache.py``); ``charts/crime_index.py`` draws. The
map's edition (``?map=2023|2021|change``) and the indicator (``?indicator=``) live in the URL.
The global filters apply to the IOM side of the scatter only.
"""

from __future__ import annotations

import streamlit as st

from cache import load_crime_index, load_indicator
from charts.crime_index import (
                                MAP_VIEWS,
                                build_regional_averages,
                                build_score_map,
                                build_score_vs_deaths,
                                summarise_map,
                                summarise_regions,
                                summarise_scatter,
)
from i18n import _, format_integer, ngettext
from transforms.crime_index import INDICATORS, SMUGGLING, YEARS, indicator_label, smuggling_and_deaths
from transforms.maps import dead_missing_by_country
from ui.figures import show_figure
from ui.shell import data_or_stop, page_guard, render_shell
from ui.url_state import page_control, write_query

with page_guard("Crime markets"):
    shell = render_shell("Crime markets", needs_incidents=False)  # only the last chart needs IOM incidents
    editions = dict(first=YEARS[0], last=YEARS[1])
    map_labels = {"2023": str(YEARS[1]), "2021": str(YEARS[0]), "change": _("Change {first}–{last}", **editions)}
    meta = data_or_stop(load_crime_index)[1]
    licence = meta.get("licence") or _("not stated")
    gitoc_line = _("Source: GI-TOC, Global Organized Crime Index {first}/{last} (scores 1–10, expert assessment; "
                   "licence {licence}, attributed to GI-TOC).", licence=licence, **editions)
    st.markdown(_("How strong organised-crime markets are, country by country, in the assessment of the Global "
                  "Initiative Against Transnational Organized Crime (GI-TOC): scores from 1 (little or no market) to "
                  "10 (pervasive). The sidebar filters apply only to the IOM deaths in the last chart."))

    left, right = st.columns(2)
    indicator = page_control("indicator", list(INDICATORS), SMUGGLING)
    view = page_control("map", list(MAP_VIEWS), "2023")
    left.selectbox(_("Indicator"), list(INDICATORS), key="ctl_indicator", format_func=indicator_label)
    right.radio(_("Map"), list(MAP_VIEWS), key="ctl_map", horizontal=True, format_func=map_labels.get)
    write_query({"indicator": [indicator] if indicator != SMUGGLING else [],
                 "map": [view] if view != "2023" else []}, {"indicator", "map"})
    scores = load_indicator(indicator).scores
    name = indicator_label(indicator)
    in_sentence = name.lower()
    about = _("{indicator}, GI-TOC editions {first} and {last}.", indicator=name, **editions)

    # The map.
    # Translators: {indicator} is the name of a GI-TOC indicator, in lower case; {edition} a year.
    what = (_("GI-TOC {indicator} score, {edition}", indicator=in_sentence, edition=map_labels[view])
            if view != "change" else
            _("Change in the GI-TOC {indicator} score, {first} to {last}", indicator=in_sentence, **editions))
    st.markdown(ngettext("{what}, for each of the {count} country GI-TOC assesses. Hover a country for both editions.",
                         "{what}, for each of the {count} countries GI-TOC assesses. Hover a country for both "
                         "editions.", len(scores), what=what, count=format_integer(len(scores))))
    show_figure(build_score_map(scores, view=view, indicator=indicator, source=gitoc_line, title=what),
                data=scores, name=_("GI-TOC {indicator} scores by country", indicator=name),
                key=f"gitoc-{indicator}-scores-by-country",
                summary=summarise_map(scores, view=view, indicator=indicator), source_line=gitoc_line,
                description=about)

    # Regional averages.
    averages = load_indicator(indicator).averages
    # Translators: {indicator} is the name of a GI-TOC indicator, in lower case.
    st.markdown(_("The mean {indicator} score of the countries in each GI-TOC region, {first} and {last} (each "
                  "country counts once, whatever its size; regions as GI-TOC's 2023 edition draws them).",
                  indicator=in_sentence, **editions))
    show_figure(build_regional_averages(averages, indicator=indicator, source=gitoc_line,
                                        title=_("Mean {indicator} score by region", indicator=in_sentence)),
                data=averages, name=_("GI-TOC {indicator} regional averages", indicator=name),
                key=f"gitoc-{indicator}-regional-averages", summary=summarise_regions(averages, indicator),
                source_line=gitoc_line, description=about)

    # Scores against recorded deaths.
    st.subheader(_("Smuggling markets and deaths on migration routes"))
    if shell.data_problem:
        st.info(shell.data_problem)
        st.stop()
    st.markdown(" ".join((_("Each country's GI-TOC human-smuggling score ({year}) against the dead and missing IOM "
                            "recorded in it.", year=YEARS[1]), shell.description)))
    deaths = dead_missing_by_country(shell.selection, "incident")
    joined = smuggling_and_deaths(load_indicator(SMUGGLING).scores, deaths, YEARS[1])
    # Two sentences: GI-TOC's source, then the IOM data's own source line.
    both_lines = " ".join((_("Source: GI-TOC, Global Organized Crime Index {year}.", year=YEARS[1]),
                           shell.source_line))
    show_figure(build_score_vs_deaths(joined, year=YEARS[1], source=both_lines,
                                      title=_("Human-smuggling score against recorded dead and missing")),
                data=joined, name=_("Human smuggling score and dead and missing by country"),
                key="human-smuggling-score-and-dead-and-missing-by-country", source_line=both_lines,
                summary=summarise_scatter(joined, YEARS[1]), description=shell.description)
    st.caption(_("IOM records deaths where they happen, not where smugglers operate: many of the deadliest places "
                 "are seas and deserts on the way, and deaths at sea off a country's coast count under it only "
                 "where IOM names a country of incident. A country with a high score and few deaths is no "
                 "contradiction."))
