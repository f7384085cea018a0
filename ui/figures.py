"""Showing a figure the same way everywhere: chart, text summary, data table and CSV download.

Every chart in the app goes through :func:`show_figure`, so each one has a
one-sentence summary for readers who cannot see it, the data behind it one
click away, plotly's PNG export, and a CSV download carrying its source.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from charts.layout import presenter_style
from transforms.exports import csv_with_header
from ui.present import presenting, register_figure

#: plotly config: local topojson (no CDN), PNG export kept, no plotly logo link.
PLOTLY_CONFIG = {
    "topojsonURL": "app/static/topojson/",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def _plain(text: str) -> str:
    """Text made safe to sit inside our own HTML wrapper (escaped, no markdown)."""
    return html.escape(text).replace("*", "&#42;").replace("_", "&#95;")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def data_key(name: str) -> str:
    """The session-state key of the "Data behind this chart" expander of the chart called ``name``: True while open."""
    return f"data-{_slug(name)}"


def show_data(data: pd.DataFrame, *, name: str, source_line: str, description: str) -> None:
    """An expander with the table behind a chart and its CSV download.

    The table is built only while the expander is open: opening it reruns the page, so a closed expander
    costs a run nothing (otherwise every chart's table would be sent on every filter change).
    """
    box = st.expander("Data behind this chart", key=data_key(name), on_change="rerun")
    if not box.open:
        return
    with box:
        st.dataframe(data, hide_index=True, width="stretch")
        header = [name, description, source_line, f"Exported {date.today():%Y-%m-%d} from the Migrant Smuggling Data Explorer."]
        # A callable: the CSV is built only when someone clicks, not on every run of the page.
        st.download_button("Download CSV", lambda: csv_with_header(data, header), file_name=f"{_slug(name)}.csv",
                           mime="text/csv", key=f"dl-{_slug(name)}", on_click="ignore")


def show_figure(fig: go.Figure, *, data: pd.DataFrame, name: str, summary: str, source_line: str,
                description: str, note: str | None = None) -> None:
    """A plotly chart, its one-sentence summary, an optional caution, and its data with a CSV download.

    Pass ``note=caution_note(selection)`` (transforms.quality) for charts of incident data.
    """
    register_figure(name, fig, summary)
    if presenting():
        st.markdown(f"<div class='headline'>\n\n{_plain(summary)}\n\n</div>", unsafe_allow_html=True)
        st.plotly_chart(presenter_style(fig), config=PLOTLY_CONFIG, key=f"fig-{_slug(name)}")
        if note:
            st.warning(note)
        return
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"fig-{_slug(name)}")
    st.caption(summary)
    if note:
        st.warning(note)
    show_data(data, name=name, source_line=source_line, description=description)


def show_deck(deck: pdk.Deck, *, data: pd.DataFrame, name: str, summary: str, source_line: str,
              description: str, note: str | None = None) -> None:
    """A pydeck map, its summary and source line, an optional caution, and its data with a CSV download."""
    st.pydeck_chart(deck, height=getattr(deck, "height", 420) or 420, key=f"map-{_slug(name)}")
    st.caption(f"{summary} {source_line}")
    if note:
        st.warning(note)
    show_data(data, name=name, source_line=source_line, description=description)
