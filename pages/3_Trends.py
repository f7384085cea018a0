"""Trends: dead and missing by month, quarter or year, split by a grouping, with a rolling
12-month total, the change on a year earlier, and a layer of cited context events.

A thin page: the shell gives the filtered incidents; transforms/trends.py
aggregates; charts/trends.py draws and summarises. Every control lives in the URL.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from cache import load_events, per_view
from charts.trends import (
    build_change_on_year_earlier,
    build_rolling_twelve_months,
    build_split_over_time,
    summarise_change,
    summarise_rolling,
    summarise_split,
)
from loaders.errors import DataFileError
from transforms.context_events import events_in_view
from transforms.periods import GRAINS, incomplete_months, month_label, month_range
from transforms.quality import caution_note
from transforms.trends import (
    LIST_COLUMNS,
    SPLIT_LABELS,
    SPLITS,
    TOP_N,
    change_on_year_earlier,
    dead_missing_by_period_and_group,
    rolling_twelve_months,
)
from ui.figures import show_data, show_figure
from ui.shell import render_shell, stop_if_no_incidents
from ui.url_state import page_control, write_query

shell = render_shell("Trends")
selection, filters = shell.selection, shell.filters
stop_if_no_incidents(selection)

# Page controls, each mirrored to the URL when it differs from its default.
months = month_range(filters.period_from, filters.period_to)
defaults = {"grain": "month" if len(months) <= 36 else "year", "split": "region", "display": "stacked",
            "measure": "absolute", "events": "on"}
choices = {"grain": list(GRAINS), "split": list(SPLITS), "display": ["stacked", "lines"],
           "measure": ["absolute", "share"], "events": ["on", "off"]}
values = {key: page_control(key, choices[key], defaults[key]) for key in choices}
labels = {"grain": ("Show by", str.capitalize),
          "split": ("Split by", {key: text.capitalize() for key, text in SPLIT_LABELS.items()}.get),
          "display": ("Draw as", {"stacked": "Stacked bars", "lines": "Lines"}.get),
          "measure": ("Values", {"absolute": "People", "share": "Share of period"}.get),
          "events": ("Events", {"on": "Shown", "off": "Hidden"}.get)}
for column, key in zip(st.columns([1.1, 1.6, 1.1, 1.1, 0.8]), choices):
    widget = column.selectbox if key == "split" else partial(column.radio, horizontal=True)
    widget(labels[key][0], choices[key], key=f"ctl_{key}", format_func=labels[key][1])
write_query({key: [values[key]] for key in choices if values[key] != defaults[key]}, set(choices))
grain, split, display, measure = values["grain"], values["split"], values["display"], values["measure"]
if split == "none" and measure == "share":
    st.caption("Shares need a split: showing people.")
    measure = "absolute"

# Events layer: optional, so a broken events file is a warning, not a stop.
events = None
if values["events"] == "on":
    try:
        events = events_in_view(load_events(), filters.period_from, filters.period_to,
                                filters.regions + filters.subregions)
    except DataFileError as error:
        st.warning(f"Events are not shown: {error.markdown()}")

incomplete = incomplete_months(source.meta.get("data_to") for source in shell.sources)
split_words = SPLIT_LABELS[split]
list_valued = SPLITS[split] in LIST_COLUMNS
choice_text = (f"By {grain}" + (f", split by {split_words} (top {TOP_N} and Other)" if split not in ("none", "cause")
                                 else ", split by cause of death" if split == "cause" else "")
               + f", {'as shares of each period' if measure == 'share' else 'in people'}, drawn as "
               + ("lines" if display == "lines" else "stacked bars")
               + (f", with {len(events)} context event{'s' if len(events) != 1 else ''}" if events is not None else "")
               + ".")
description = f"{shell.description} {choice_text}"
# What follows is worked out from the selection once per view and shared (cache).
note = per_view(filters, caution_note)

# 1. Dead and missing by period and group.
st.markdown(choice_text + (f" An incident listing several {'causes' if split == 'cause' else 'countries of origin'} "
                           "counts under each." if list_valued else ""))
by_group = per_view(filters, dead_missing_by_period_and_group, split, grain, months, tuple(shell.gaps),
                    None if split == "cause" else TOP_N)
title = (f"Dead and missing migrants by {grain}" + (f", by {split_words}" if split != "none" else "")
         + (" (share of each period)" if measure == "share" else " (people)"))
show_figure(build_split_over_time(by_group, split=split, split_label=split_words, display=display, measure=measure,
                                  title=title, source=shell.source_line, events=events),
            data=by_group.drop(columns=["period"]), name=f"Dead and missing by {grain} and {split_words}",
            summary=summarise_split(by_group, split, split_words, list_valued), source_line=shell.source_line,
            description=description, note=note)

# 2. Rolling 12-month total.
rolling = per_view(filters, rolling_twelve_months, months, tuple(shell.gaps), tuple(incomplete))
show_figure(build_rolling_twelve_months(rolling, title="Dead and missing in the 12 months to each month (people)",
                                        source=shell.source_line, events=events),
            data=rolling.drop(columns=["period"]), name="Rolling 12-month dead and missing",
            summary=summarise_rolling(rolling), source_line=shell.source_line, description=description, note=note)
if incomplete:
    st.caption("Months an export stops part-way through (" + ", ".join(month_label(m) for m in incomplete)
               + ") are not counted in any 12-month window.")

# 3. Change on the same period a year earlier.
change = per_view(filters, change_on_year_earlier, grain, months, tuple(shell.gaps), tuple(incomplete))
show_figure(build_change_on_year_earlier(change, grain=grain, source=shell.source_line,
                                         title=f"Change in dead and missing on the same {grain} a year earlier (people)"),
            data=change.drop(columns=["period"]), name=f"Change on a year earlier by {grain}",
            summary=summarise_change(change, grain), source_line=shell.source_line, description=description, note=note)

if events is not None and not events.empty:
    st.subheader("Events shown")
    st.markdown("Context only: an event on a chart is not a claim that it changed the numbers. "
                "Numbered markers follow this list.")
    listed = events.assign(number=range(1, len(events) + 1), date=events["date"].dt.date,
                           end_date=events["end_date"].dt.date)
    show_data(listed[["number", "date", "end_date", "label", "description", "region", "source_title",
                      "source_publisher", "source_url"]], name="Events shown on the Trends page",
              source_line="Compiled from the cited pages (data/events/events.csv).", description=description)
    st.markdown("\n".join(f"{row.number}. **{row.label}** ({row.date:%-d %B %Y}): {row.description} "
                          f"Source: [{row.source_title}]({row.source_url}), {row.source_publisher}."
                          for row in listed.itertuples()))
