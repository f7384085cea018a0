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
from transforms.exports import export_header
from transforms.incident_table import (
    MAX_SEARCH_CHARS,
    MAX_SEARCH_WORDS,
    SEARCH_FIELDS,
    TABLE_COLUMNS,
    parse_search,
    shown_csv,
    shown_excel,
)
from ui.shell import render_shell, stop_if_no_incidents
from ui.url_state import write_query

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LAZY_ABOVE_ROWS = 500  # larger tables load their rows as the reader scrolls

shell = render_shell("Incident table")
selection, filters = shell.selection, shell.filters

if "ctl_q" not in st.session_state:
    st.session_state["ctl_q"] = st.query_params.get("q", "")
# The link's q= and the box's text are read by one rule (limits, spacing, repeated words); the box shows the result.
search = parse_search(st.session_state["ctl_q"])
if st.session_state["ctl_q"] != search.text:
    st.session_state["ctl_q"] = search.text
query = st.text_input("Search", key="ctl_q", max_chars=MAX_SEARCH_CHARS,
                      placeholder="e.g. Andaman, Lampedusa, Afghanistan, IOM",
                      help="Every word must appear in the location, route, country of incident, country of origin "
                           f"or source (case ignored). Up to {MAX_SEARCH_WORDS} different words.")
write_query({"q": [query]} if query else {}, {"q"})
if search.shortened:
    st.info(f"That search was too long, so only its first {MAX_SEARCH_WORDS} different words (at most "
            f"{MAX_SEARCH_CHARS} characters) are used. Search for fewer words at a time.")

stop_if_no_incidents(selection)

# Shared by every session showing the same filters and search, so many viewers do not each hold a copy.
shown = load_incident_table(filters, query)
total_incidents = selection["main_id"].nunique()
shown_incidents = shown.incidents() if query else total_incidents
st.markdown(f"**Showing {shown_incidents:,} of {total_incidents:,} incidents** ({len(shown):,} row{'s' if len(shown) != 1 else ''}"
            + (f" matching “{query}”" if query else "") + "; a split incident has one row per nationality group).")
if not len(shown):
    st.info(f"No incident in this selection matches “{query}”. Try fewer or other words, or clear the search.")
    st.stop()

fields = {field: meaning + (f" ({unit})" if unit else "") for field, (meaning, unit) in TABLE_COLUMNS.items()}
column_config = {field: st.column_config.Column(field, help=text) for field, text in fields.items()}
column_config["date"] = st.column_config.DateColumn("date", help=fields["date"], format="YYYY-MM-DD")
column_config["source_link"] = st.column_config.LinkColumn("source_link", help=fields["source_link"])
st.dataframe(shown.arrow if len(shown) > LAZY_ABOVE_ROWS else shown.frame(), hide_index=True, width="stretch", height=520 if len(shown) > 12 else "auto", column_config=column_config,
             lazy=len(shown) > LAZY_ABOVE_ROWS)  # send only the rows in view, not megabytes of table
st.caption("Click a column name to sort the view; the downloads keep the order above (newest first). "
           f"Links open the reporting source in a new tab; the app itself never fetches them. {shell.source_line}")

header = export_header(description=shell.description, search=query, sources=shell.sources,
                       source_line=shell.source_line, shown_rows=len(shown), shown_incidents=shown_incidents,
                       exported=date.today())
left, right, _ = st.columns([1, 1, 3])
# partial, not a lambda: a lambda would keep this page's namespace (the filtered frames) alive per session.
left.download_button("Download CSV", partial(shown_csv, shown, header), file_name="incidents.csv", mime="text/csv",
                     key="dl-incidents-csv", on_click="ignore", width="stretch")
right.download_button("Download Excel", partial(shown_excel, shown, header), file_name="incidents.xlsx",
                      mime=XLSX_MIME, key="dl-incidents-xlsx", on_click="ignore", width="stretch")
st.caption("Each download holds exactly the rows and columns shown, after the search. The CSV starts with “# ” lines "
           "stating source, licence, filters, search and export date; the Excel file has the same lines above the "
           "table and an About sheet with each column's meaning and unit. Text cells starting with =, +, - or @ (even "
           "after spaces) get a leading apostrophe, and line breaks inside a cell become spaces, so spreadsheets "
           "never run them as formulas. Large Excel files take a few seconds.")
st.caption(f"Search looks in: {', '.join(f.replace('_', ' ') for f in SEARCH_FIELDS)}.")
