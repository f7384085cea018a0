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
from transforms.crime_index import INDICATORS, SMUGGLING, YEARS, smuggling_and_deaths
from transforms.maps import dead_missing_by_country
from ui.figures import show_figure
from ui.shell import data_or_stop, render_shell
from ui.url_state import page_control, write_query

MAP_LABELS = {"2023": f"{YEARS[1]}", "2021": f"{YEARS[0]}", "change": f"Change {YEARS[0]}–{YEARS[1]}"}


shell = render_shell("Crime markets", needs_incidents=False)  # only the last chart needs IOM incidents
meta = data_or_stop(load_crime_index)[1]
gitoc_line = (f"Source: GI-TOC, Global Organized Crime Index {YEARS[0]}/{YEARS[1]} (scores 1–10, expert "
              f"assessment; licence {meta.get('licence', 'not stated')}, attributed to GI-TOC).")
st.markdown("How strong organised-crime markets are, country by country, in the assessment of the Global "
            "Initiative Against Transnational Organized Crime (GI-TOC): scores from 1 (little or no market) to 10 "
            "(pervasive). The sidebar filters apply only to the IOM deaths in the last chart.")

left, right = st.columns(2)
indicator = page_control("indicator", list(INDICATORS), SMUGGLING)
view = page_control("map", list(MAP_VIEWS), "2023")
left.selectbox("Indicator", list(INDICATORS), key="ctl_indicator")
right.radio("Map", list(MAP_VIEWS), key="ctl_map", horizontal=True, format_func=MAP_LABELS.get)
write_query({"indicator": [indicator] if indicator != SMUGGLING else [], "map": [view] if view != "2023" else []},
            {"indicator", "map"})
scores = load_indicator(indicator).scores

# The map.
what = (f"GI-TOC {indicator.lower()} score, {MAP_LABELS[view]}" if view != "change"
        else f"Change in the GI-TOC {indicator.lower()} score, {YEARS[0]} to {YEARS[1]}")
st.markdown(f"{what}, for each of the {len(scores)} countries GI-TOC assesses. Hover a country for both editions.")
show_figure(build_score_map(scores, view=view, indicator=indicator, source=gitoc_line, title=what),
            data=scores, name=f"GI-TOC {indicator} scores by country", summary=summarise_map(scores, view=view,
                                                                                              indicator=indicator),
            source_line=gitoc_line, description=f"{indicator}, GI-TOC editions {YEARS[0]} and {YEARS[1]}.")

# Regional averages.
averages = load_indicator(indicator).averages
st.markdown(f"The mean {indicator.lower()} score of the countries in each GI-TOC region, {YEARS[0]} and {YEARS[1]} "
            "(each country counts once, whatever its size; regions as GI-TOC's 2023 edition draws them).")
show_figure(build_regional_averages(averages, indicator=indicator, source=gitoc_line,
                                    title=f"Mean {indicator.lower()} score by region"),
            data=averages, name=f"GI-TOC {indicator} regional averages", summary=summarise_regions(averages, indicator),
            source_line=gitoc_line, description=f"{indicator}, GI-TOC editions {YEARS[0]} and {YEARS[1]}.")

# Scores against recorded deaths.
st.subheader("Smuggling markets and deaths on migration routes")
if shell.data_problem:
    st.info(shell.data_problem)
    st.stop()
st.markdown(f"Each country's GI-TOC human-smuggling score ({YEARS[1]}) against the dead and missing IOM recorded "
            f"in it. {shell.description}")
deaths = dead_missing_by_country(shell.selection, "incident")
joined = smuggling_and_deaths(load_indicator(SMUGGLING).scores, deaths, YEARS[1])
both_lines = f"Sources: GI-TOC, Global Organized Crime Index {YEARS[1]}; {shell.source_line.removeprefix('Source: ')}"
show_figure(build_score_vs_deaths(joined, year=YEARS[1], source=both_lines,
                                  title="Human-smuggling score against recorded dead and missing"),
            data=joined, name="Human smuggling score and dead and missing by country", source_line=both_lines,
            summary=summarise_scatter(joined, YEARS[1]), description=shell.description)
st.caption("IOM records deaths where they happen, not where smugglers operate: many of the deadliest places are "
           "seas and deserts on the way, and deaths at sea off a country's coast count under it only where IOM "
           "names a country of incident. A country with a high score and few deaths is no contradiction.")
