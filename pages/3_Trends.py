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
    change_data_name,
    change_title,
    describe_choices,
    several_values_note,
    split_data_name,
    split_title,
    summarise_change,
    summarise_rolling,
    summarise_split,
)
from i18n import _, format_date
from loaders.errors import DataFileError
from transforms.context_events import events_in_view
from transforms.periods import GRAIN_LABELS, GRAINS, incomplete_months, month_label, month_range
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
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import page_control, write_query

with page_guard("Trends"):
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
    split_names = {key: _(text) for key, text in SPLIT_LABELS.items()}  # lower case, in the reader's language
    labels = {"grain": (_("Show by"), {key: _(text) for key, text in GRAIN_LABELS.items()}.get),
              "split": (_("Split by"), {key: text[:1].upper() + text[1:] for key, text in split_names.items()}.get),
              "display": (_("Draw as"), {"stacked": _("Stacked bars"), "lines": _("Lines")}.get),
              "measure": (_("Values"), {"absolute": _("People"), "share": _("Share of period")}.get),
              "events": (_("Events"), {"on": _("Shown"), "off": _("Hidden")}.get)}
    for column, key in zip(st.columns([1.1, 1.6, 1.1, 1.1, 0.8]), choices):
        widget = column.selectbox if key == "split" else partial(column.radio, horizontal=True)
        widget(labels[key][0], choices[key], key=f"ctl_{key}", format_func=labels[key][1])
    write_query({key: [values[key]] for key in choices if values[key] != defaults[key]}, set(choices))
    grain, split, display, measure = values["grain"], values["split"], values["display"], values["measure"]
    if split == "none" and measure == "share":
        st.caption(_("Shares need a split: showing people."))
        measure = "absolute"

    # Events layer: optional, so a broken events file is a warning, not a stop.
    events = None
    if values["events"] == "on":
        try:
            events = events_in_view(load_events(), filters.period_from, filters.period_to,
                                    filters.regions + filters.subregions)
        except DataFileError as error:
            st.warning(_("Events are not shown: {error}", error=error.markdown()))

    incomplete = incomplete_months(source.meta.get("data_to") for source in shell.sources)
    split_words = split_names[split]
    list_valued = SPLITS[split] in LIST_COLUMNS
    choice_text = describe_choices(grain, split, split_words, measure, display, TOP_N,
                                   None if events is None else len(events))
    description = f"{shell.description} {choice_text}"
    # What follows is worked out from the selection once per view and shared (cache).
    note = per_view(filters, caution_note)

    # 1. Dead and missing by period and group.
    st.markdown(f"{choice_text} {several_values_note(split)}" if list_valued else choice_text)
    by_group = per_view(filters, dead_missing_by_period_and_group, split, grain, months, tuple(shell.gaps),
                        None if split == "cause" else TOP_N)
    title = split_title(grain, split, split_words, measure)
    show_figure(build_split_over_time(by_group, split=split, split_label=split_words, display=display, measure=measure,
                                      title=title, source=shell.source_line, events=events),
                data=by_group.drop(columns=["period"]), name=split_data_name(grain, split_words),
                summary=summarise_split(by_group, split, split_words, list_valued), source_line=shell.source_line,
                description=description, note=note)

    # 2. Rolling 12-month total.
    rolling = per_view(filters, rolling_twelve_months, months, tuple(shell.gaps), tuple(incomplete))
    show_figure(build_rolling_twelve_months(rolling,
                                            title=_("Dead and missing in the 12 months to each month (people)"),
                                            source=shell.source_line, events=events),
                data=rolling.drop(columns=["period"]), name=_("Rolling 12-month dead and missing"),
                summary=summarise_rolling(rolling), source_line=shell.source_line, description=description, note=note)
    if incomplete:
        st.caption(_("Months an export stops part-way through ({months}) are not counted in any 12-month window.",
                     months=", ".join(month_label(m) for m in incomplete)))

    # 3. Change on the same period a year earlier.
    change = per_view(filters, change_on_year_earlier, grain, months, tuple(shell.gaps), tuple(incomplete))
    show_figure(build_change_on_year_earlier(change, grain=grain, source=shell.source_line, title=change_title(grain)),
                data=change.drop(columns=["period"]), name=change_data_name(grain),
                summary=summarise_change(change, grain), source_line=shell.source_line, description=description, note=note)

    if events is not None and not events.empty:
        st.subheader(_("Events shown"))
        st.markdown(_("Context only: an event on a chart is not a claim that it changed the numbers. "
                      "Numbered markers follow this list."))
        listed = events.assign(number=range(1, len(events) + 1), date=events["date"].dt.date,
                               end_date=events["end_date"].dt.date)
        show_data(listed[["number", "date", "end_date", "label", "description", "region", "source_title",
                          "source_publisher", "source_url"]], name=_("Events shown on the Trends page"),
                  source_line=_("Compiled from the cited pages ({path}).", path="data/events/events.csv"),
                  description=description)
        # Translators: one line of a numbered markdown list: keep "{number}." first, the ** (bold) and the link's
        # [{title}]({url}) form. {label}, {description}, {title} and {publisher} are cited text, as published.
        st.markdown("\n".join(_("{number}. **{label}** ({date}): {description} Source: [{title}]({url}), {publisher}.",
                                number=row.number, label=row.label, date=format_date(row.date),
                                description=row.description, title=row.source_title, url=row.source_url,
                                publisher=row.source_publisher)
                              for row in listed.itertuples()))
