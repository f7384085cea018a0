"""Corridor comparison: every corridor side by side for one year: dead and missing, crossings, deaths per 1,000.

The year is a page control kept in the URL (``?year=2024``), chosen among the
whole calendar years inside the global period filter that an IOM export
covers in full. Crossings are listed per series with their measure, never
added; corridors with no crossing series, or none covering the year, say so.
"""

from __future__ import annotations

import streamlit as st

from cache import load_corridors, load_flow_entry, load_flow_meta, recorded_ever, selection_membership
from charts.corridors import build_corridor_bars, mode_legend_html
from loaders.errors import DataFileError
from transforms.corridors import (
    blank_reason,
    comparison_table,
    corridor_totals,
    deaths_by_year,
    flow_label,
    parse_flow_ref,
    whole_year_value,
)
from transforms.periods import month_range
from transforms.quality import low_quality_note
from ui.figures import show_data, show_figure
from ui.shell import data_or_stop, render_shell
from ui.url_state import page_control, write_query

shell = render_shell("Corridor comparison")
selection, filters = shell.selection, shell.filters
corridors = data_or_stop(load_corridors)
months = month_range(filters.period_from, filters.period_to)
whole = deaths_by_year(selection, months, shell.gaps) if not selection.empty else None
years = [str(y) for y in whole.loc[whole["complete"], "year"]] if whole is not None else []
if not years:
    st.info("No whole calendar year inside this period is covered by an IOM export, or no incident matches these "
            "filters. Widen the period in the sidebar to include a whole year.")
    st.stop()
year = int(page_control("year", years, years[-1]))
st.selectbox("Year", years, key="ctl_year", help="Whole calendar years inside the period filter.")
write_query({"year": [str(year)]} if str(year) != years[-1] else {}, {"year"})

# Only the columns read below: the year's totals per corridor and its low-quality share.
in_year = selection.loc[(selection["year"] == year).fillna(False).to_numpy(),
                        ["dead_missing", "event_code", "source_quality"]]
totals = corridor_totals(in_year, corridors, selection_membership(in_year))
ever = recorded_ever()
crossings, sources = {}, {}
for entry in {e for entries in corridors["flow_series"] for e in entries}:
    ref = parse_flow_ref(entry)
    try:
        meta = load_flow_meta(ref.series_id)
        value = whole_year_value(load_flow_entry(ref).by_year, year)
    except (DataFileError, KeyError):
        value, meta = None, {"measure": "", "unit": "", "publisher": ref.series_id, "licence": "file unreadable"}
    crossings[entry] = (flow_label(ref, meta["measure"], meta["unit"], meta["publisher"]), meta["measure"], value)
    sources[meta["publisher"]] = f"{meta['publisher']} ({meta['licence']})"
table = comparison_table(corridors, dict(zip(totals["id"], totals["dead_missing"])), ever, crossings, year)
source = f"{shell.source_line} Crossings: {'; '.join(sorted(sources.values()))}."
description = f"{shell.description} Year compared: {year}."

st.subheader(f"Dead and missing by corridor, {year}")
st.caption(description)
st.markdown(mode_legend_html(sorted(set(corridors["mode"]))), unsafe_allow_html=True)
deaths = totals.sort_values("dead_missing", ascending=False)
show_figure(build_corridor_bars(deaths, value="dead_missing", label="name", axis_title="Dead and missing (people)",
                                title=f"Dead and missing by corridor, {year}", source=shell.source_line),
            data=deaths.drop(columns=["id"]), name=f"Dead and missing by corridor {year}",
            summary=(f"In {year}, {deaths.iloc[0]['name']} had the most recorded dead and missing "
                     f"({deaths.iloc[0]['dead_missing']:,}); {int((deaths['dead_missing'] == 0).sum())} corridors had "
                     "none recorded. Colour shows the main means of crossing."),
            source_line=shell.source_line, description=description, note=low_quality_note(in_year))

st.subheader(f"Dead and missing per 1,000 crossings, {year}")
st.caption(description + " Each bar divides a corridor's dead and missing by one crossing series; series count "
           "different things (detections, encounters, arrivals, transits), named on each bar, and are never added.")
series_name = (table["measure"] + " (" + table["publisher"] + ")").where(table["measure"] != "", "no series")
ratios = table.assign(label=table["corridor"] + " · " + series_name,
                      blank=table["note"].map(blank_reason))
ratios = ratios.sort_values("per_thousand", ascending=False, na_position="last")
show_figure(build_corridor_bars(ratios, value="per_thousand", axis_title="Dead and missing per 1,000 crossings",
                                title=f"Dead and missing per 1,000 crossings, {year}", source=source,
                                number_format="{:,.2f}", blank="blank"),
            data=ratios.drop(columns=["id", "label", "blank"]), name=f"Deaths per 1000 crossings by corridor {year}",
            summary=(f"{int(ratios['per_thousand'].notna().sum())} corridor series have a ratio for {year}; "
                     f"{int(ratios['per_thousand'].isna().sum())} rows say plainly why not (no crossing data, a "
                     "partial year, or no recorded incident)."),
            source_line=source, description=description)

st.subheader(f"All corridors, {year}: deaths, crossings and ratio")
st.caption("Crossings keep each series' own measure and unit. A blank means no crossing data; the note says why.")
shown = table.drop(columns=["id", "publisher"]).rename(columns={
    "dead_missing": "dead and missing", "crossing_series": "series", "per_thousand": "per 1,000 crossings"})
shown["crossings"] = table["crossings"].map(lambda v: "no crossing data" if v != v else f"{v:,.0f}")
shown["per 1,000 crossings"] = table["per_thousand"].map(lambda v: "none" if v != v else f"{v:,.2f}")
st.dataframe(shown, hide_index=True, width="stretch")
show_data(table, name=f"Corridor comparison {year}", source_line=source, description=description)
