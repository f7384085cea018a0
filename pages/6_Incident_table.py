"""Incident table: the filtered incidents, sortable and searchable, with source links and downloads.

The search box is a page control kept in the URL (``?q=Andaman``). The CSV and
Excel downloads hold exactly the rows and columns shown, with a provenance
header, built on click by :mod:`transforms.incident_table` (spreadsheet-safe cells).
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from cache import load_incident_table
from i18n import N_, _, format_integer, ngettext
from transforms.exports import download_name, export_header
from transforms.incident_table import (
    MAX_SEARCH_CHARS,
    MAX_SEARCH_WORDS,
    column_help,
    parse_search,
    search_fields_text,
    shown_csv,
    shown_excel,
    table_text,
)
from transforms.text import shown_value
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import url_value, write_query

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LAZY_ABOVE_ROWS = 500  # larger tables load their rows as the reader scrolls

with page_guard(_("Incident table")):
    shell = render_shell(_("Incident table"))
    selection, filters = shell.selection, shell.filters

    if "ctl_q" not in st.session_state:
        st.session_state["ctl_q"] = url_value("q") or ""
    # The link's q= and the box's text are read by one rule (limits, spacing, repeated words); the box shows the result.
    search = parse_search(st.session_state["ctl_q"])
    if st.session_state["ctl_q"] != search.text:
        st.session_state["ctl_q"] = search.text
    query = st.text_input(_("Search"), key="ctl_q", max_chars=MAX_SEARCH_CHARS,
                          # Translators: example searches (place names and an organisation as the data spells them).
                          placeholder=_("e.g. Andaman, Lampedusa, Afghanistan, IOM"),
                          help=_("Every word must appear in the location, route, country of incident, country of "
                                 "origin or source (case ignored). Up to {count} different words.",
                                 count=format_integer(MAX_SEARCH_WORDS)))
    write_query({"q": [query]} if query else {}, {"q"})
    if search.shortened:
        st.info(_("That search was too long, so only its first {words} different words (at most {characters} "
                  "characters) are used. Search for fewer words at a time.", words=format_integer(MAX_SEARCH_WORDS),
                  characters=format_integer(MAX_SEARCH_CHARS)))

    stop_if_no_incidents(selection)

    # Shared by every session showing the same filters and search, so many viewers do not each hold a copy.
    shown = load_incident_table(filters, query)
    total_incidents = selection["main_id"].nunique()
    shown_incidents = shown.incidents() if query else total_incidents
    # Translators: markdown (keep the ** **); {shown} and {total} are numbers of incidents.
    showing = ngettext("**Showing {shown} of {total} incident**", "**Showing {shown} of {total} incidents**",
                       total_incidents, shown=format_integer(shown_incidents), total=format_integer(total_incidents))
    rows = (ngettext("({rows} row matching “{search}”; a split incident has one row per nationality group).",
                     "({rows} rows matching “{search}”; a split incident has one row per nationality group).",
                     len(shown), rows=format_integer(len(shown)), search=shown_value(query)) if query else
            ngettext("({rows} row; a split incident has one row per nationality group).",
                     "({rows} rows; a split incident has one row per nationality group).",
                     len(shown), rows=format_integer(len(shown))))
    st.markdown(f"{showing} {rows}")
    if not len(shown):
        st.info(_("No incident in this selection matches “{search}”. Try fewer or other words, or clear the search.",
                  search=shown_value(query)))
        st.stop()

    words = table_text()  # the headers and the downloads' words, in this run's language
    fields, headers = column_help(words), {name: text[0] for name, text in words.columns.items()}
    column_config = {name: st.column_config.Column(headers[name], help=text) for name, text in fields.items()}
    column_config["date"] = st.column_config.DateColumn(headers["date"], help=fields["date"], format="YYYY-MM-DD")
    column_config["source_link"] = st.column_config.LinkColumn(headers["source_link"], help=fields["source_link"])
    st.dataframe(shown.arrow if len(shown) > LAZY_ABOVE_ROWS else shown.frame(), hide_index=True, width="stretch", height=520 if len(shown) > 12 else "auto", column_config=column_config,
                 lazy=len(shown) > LAZY_ABOVE_ROWS)  # send only the rows in view, not megabytes of table
    st.caption(_("Click a column name to sort the view; the downloads keep the order above (newest first). Links open "
                 "the reporting source in a new tab; the app itself never fetches them.") + " " + shell.source_line)

    header = export_header(description=shell.description, search=query, sources=shell.sources,
                           source_line=shell.source_line, shown_rows=len(shown), shown_incidents=shown_incidents,
                           exported=date.today())
    left, right, _spare = st.columns([1, 1, 3])
    # partial, not a lambda: a lambda would keep this page's namespace (the filtered frames) alive per session.
    # The words are bound now: a download is built on click, outside this run and its language.
    left.download_button(_("Download CSV"), partial(shown_csv, shown, header, words),
                         file_name=download_name(N_("incidents"), "csv"), mime="text/csv",
                         key="dl-incidents-csv", on_click="ignore", width="stretch")
    right.download_button(_("Download Excel"), partial(shown_excel, shown, header, words),
                          file_name=download_name(N_("incidents"), "xlsx"),
                          mime=XLSX_MIME, key="dl-incidents-xlsx", on_click="ignore", width="stretch")
    # Translators: markdown-free caption; keep the characters =, +, - and @ and the quoted “# ” as they are.
    st.caption(_("Each download holds exactly the rows and columns shown, after the search. The CSV starts with “# ” "
                 "lines stating source, licence, filters, search and export date; the Excel file has the same lines "
                 "above the table and an About sheet with each column's meaning and unit. Text cells starting with =, "
                 "+, - or @ (even after spaces) get a leading apostrophe, and line breaks inside a cell become spaces, "
                 "so spreadsheets never run them as formulas. Large Excel files take a few seconds."))
    st.caption(search_fields_text())
