"""Showing a figure the same way everywhere: chart, text summary, data table and CSV download.

Every chart in the app goes through :func:`show_figure`, so each one has a
one-sentence summary for readers who cannot see it, the data behind it one
click away, plotly's PNG export, and a CSV download carrying its source.

The table and the CSV are a display copy whose headers are the columns' reader labels in the active language
(:func:`i18n.columns.column_label`); the frame's own column identifiers never change. Element keys never depend
on the language: a page may pass ``key``, else the key is made from the chart's name (see :func:`element_slug`).
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from charts.layout import presenter_style
from i18n import DEFAULT_LANGUAGE, _, format_date, language
from i18n.columns import column_label
from transforms.exports import csv_with_header
from transforms.text import file_slug
from ui.present import presenting, register_figure

#: plotly config: local topojson (no CDN), PNG export kept, no plotly logo link.
PLOTLY_CONFIG = {
    "topojsonURL": "app/static/topojson/",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


#: A backslash escape in a summary (markdown), or one character of it.
_ESCAPE_OR_CHARACTER = re.compile(r"\\([!-/:-@\[-`{-~])|(.)", re.DOTALL)
#: Characters written as references even when not escaped: no emphasis. (A value from outside the app reaches a
#: summary through ``transforms.text.shown_value``, which escapes it and breaks bare addresses.)
_NO_MARKUP = frozenset("*_")


def _plain_character(match: re.Match) -> str:
    escaped, character = match.groups()
    if escaped is not None:  # "\_" in the summary's markdown: the character itself, as a reference markdown leaves be
        return f"&#{ord(escaped)};"
    if character in _NO_MARKUP:
        return f"&#{ord(character)};"
    return html.escape(character)


def _plain(text: str) -> str:
    """A summary (markdown) made safe to sit inside our own HTML wrapper: HTML escaped, no emphasis, and its
    backslash escapes read, so a place name written "Mae\\_Sot" shows as "Mae_Sot", not with its backslash."""
    return _ESCAPE_OR_CHARACTER.sub(_plain_character, text)


def _slug(text: str) -> str:
    """The ASCII slug of an English name (the keys and file names the app has always used)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def element_slug(name: str) -> str:
    """A stable, never-empty slug of a chart's name for element keys: the ASCII slug of today for a name in
    ASCII (English keys stay as they have always been), else the Unicode slug plus a short hash of the name,
    so two names never share a key and a name with no ASCII letter still has one."""
    if name.isascii():
        return _slug(name)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    stem = file_slug(name, 40)
    return f"{stem}-{digest}" if stem else f"chart-{digest}"


def file_stem(name: str, fallback: str) -> str:
    """A download's file name (without extension) from a chart's translated ``name``: its letters and digits in
    any script joined by "-", or the ASCII ``fallback`` when nothing is left."""
    return file_slug(name) or fallback


def data_key(name: str, key: str | None = None) -> str:
    """The session-state key of the "Data behind this chart" expander of the chart called ``name`` (or with
    element key ``key``): True while open."""
    return f"data-{key or element_slug(name)}"


def display_copy(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with its column identifiers replaced by their reader labels in the active language."""
    return data.rename(columns=column_label)


def card_columns(count: int) -> list:
    """Columns for ``count`` headline cards: one row on a desktop screen in English; rows of three in presenter
    mode (large type) and in French, Spanish and Thai, whose labels run longer, so that no label is cut short."""
    per_row = count if language() == DEFAULT_LANGUAGE and not presenting() else 3
    return [column for _start in range(0, count, per_row) for column in st.columns(per_row)][:count]


def show_data(data: pd.DataFrame, *, name: str, source_line: str, description: str, key: str | None = None) -> None:
    """An expander with the table behind a chart and its CSV download.

    The table is built only while the expander is open: opening it reruns the page, so a closed expander
    costs a run nothing (otherwise every chart's table would be sent on every filter change). ``key``: a stable
    id of the chart (the element keys), else one made from ``name``.
    """
    slug = key or element_slug(name)
    box = st.expander(_("Data behind this chart"), key=data_key(name, key), on_change="rerun")
    if not box.open:
        return
    with box:
        shown = display_copy(data)
        st.dataframe(shown, hide_index=True, width="stretch")
        header = [name, description, source_line,
                  _("Exported {date} from the Migrant Smuggling Data Explorer.", date=format_date(date.today()))]
        # A callable: the CSV is built only when someone clicks, not on every run of the page.
        st.download_button(_("Download CSV"), lambda: csv_with_header(shown, header),
                           file_name=f"{file_stem(name, slug)}.csv", mime="text/csv", key=f"dl-{slug}",
                           on_click="ignore")


def show_figure(fig: go.Figure, *, data: pd.DataFrame, name: str, summary: str, source_line: str,
                description: str, note: str | None = None, key: str | None = None) -> None:
    """A plotly chart, its one-sentence summary, an optional caution, and its data with a CSV download.

    Pass ``note=caution_note(selection)`` (transforms.quality) for charts of incident data, and ``key`` (a
    stable English id) when ``name`` is translated, so the chart's elements keep their keys in every language.
    """
    slug = key or element_slug(name)
    register_figure(name, fig, summary)
    if presenting():
        st.markdown(f"<div class='headline'>\n\n{_plain(summary)}\n\n</div>", unsafe_allow_html=True)
        st.plotly_chart(presenter_style(fig), config=PLOTLY_CONFIG, key=f"fig-{slug}")
        if note:
            st.warning(note)
        return
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"fig-{slug}")
    st.caption(summary)
    if note:
        st.warning(note)
    show_data(data, name=name, source_line=source_line, description=description, key=key)


def show_deck(deck: pdk.Deck, *, data: pd.DataFrame, name: str, summary: str, source_line: str,
              description: str, note: str | None = None, key: str | None = None) -> None:
    """A pydeck map, its summary and source line, an optional caution, and its data with a CSV download."""
    slug = key or element_slug(name)
    st.pydeck_chart(deck, height=getattr(deck, "height", 420) or 420, key=f"map-{slug}")
    # Two sentences (the summary, then the source line) side by side.
    st.caption(f"{summary} {source_line}")
    if note:
        st.warning(note)
    show_data(data, name=name, source_line=source_line, description=description, key=key)
