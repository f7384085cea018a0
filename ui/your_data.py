"""Your data: a session's own files, read in its memory, shown beside the public evidence, and gone with it.

The sidebar's "Your data" section takes CSV and Excel files of three kinds (``loaders.uploads``): incidents in an
IOM layout, crossings or apprehensions with their measure, and travel-document fraud detections. Each file is read
once, when it arrives, into this session's ``st.session_state`` and nowhere else:

* never written to disk (the reader works on the bytes in memory);
* never put in ``st.cache_data``/``st.cache_resource`` (their keys could be hit by another session): a view of
  uploaded incidents is worked out for the run that shows it (``cache.use_session_incidents``);
* never put in the URL: a link from a view that includes uploaded data carries only ``uploaded=1``, which tells
  whoever opens it that the sender's own data stays with the sender, and they see the public data.

"Remove my data" forgets every file at once, the uploader's own copy of the bytes included; everything else goes
when the session ends (Streamlit drops a session's state and its uploaded files then).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import re
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from cache import SessionIncidents, load_corridors, load_countries, place_session_incidents, use_session_incidents
from charts.corridors import build_deaths_per_thousand, summarise_ratio
from charts.document_fraud import (
    build_detections_by_crossing_point,
    build_detections_by_type,
    build_detections_over_time,
    build_fraud_flow,
    build_issuing_against_nationality,
    differs_note,
)
from i18n import N_, _, country_name, format_integer, ngettext
from loaders.errors import DataFileError, as_markdown
from loaders.uploads import KIND_LABELS, KINDS, MAX_UPLOAD_MB, Upload, read_upload, template_bytes
from transforms.corridors import deaths_by_year, deaths_per_thousand, thousand
from transforms.document_fraud import (
    DOCUMENT_TYPE_LABELS,
    FRAUD_TYPE_LABELS,
    detections_by_crossing_point,
    detections_by_type,
    detections_over_time,
    fraud_flow,
    issuing_against_nationality,
)
from transforms.document_fraud import country_names as fraud_country_names
from transforms.filters import filter_options
from transforms.flows import MeasureMismatchError, measure_name
from transforms.uploaded_crossings import yearly_crossings
from transforms.your_data import SOURCE_LABELS, SOURCES, incidents_in_force
from ui.figures import show_figure
from ui.filters import add_notices
from ui.memory import return_freed_memory
from ui.url_state import first_run, url_value, write_query

LOGGER = logging.getLogger(__name__)

#: The session state key holding this session's :class:`YourData` (nothing else holds uploaded data).
STATE_KEY = "_your_data"
#: The URL key a view with uploaded data writes (its only trace in a link: "1", never the data).
URL_KEY = "uploaded"
#: Problems listed one by one per file; the rest are counted.
PROBLEMS_LISTED = 20
#: What a catalogue corridor choice reads when the user names a new corridor.
NEW_CORRIDOR = "__new__"

LINK_FROM_UPLOAD = N_("This link was shared from a view that included the sender's own uploaded data, which never "
                      "leaves their session: you see the public data only.")


@dataclass
class Assignment:
    """Which corridor a crossings file is the denominator of: a catalogue corridor's id, or a new corridor the
    user names (``name``) made of incidents in ``countries`` (ISO3 codes of the country of incident)."""

    corridor_id: str | None = None
    name: str = ""
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # the file's places counted (empty: all)


@dataclass
class YourData:
    """Everything a session has uploaded, as read (in this session's state only)."""

    uploads: dict[str, Upload] = field(default_factory=dict)  # file id -> the file as read
    accepted: set[str] = field(default_factory=set)  # file ids whose rows with problems the user agreed to drop
    assignments: dict[str, Assignment] = field(default_factory=dict)  # crossings file id -> its corridor
    generation: int = 0  # the uploader's key suffix: a new one empties the widget
    pending: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file id -> (name, bytes) of a file whose
    #: kind the user must choose (its columns fit several); nothing else keeps a file's bytes
    source: str = "both"  # which incidents are shown: "public", "mine" or "both" (SOURCES)
    combined: tuple | None = None  # (key, SessionIncidents | None): the frame in force for the last key

    def used(self, kind: str) -> dict[str, Upload]:
        """The files of ``kind`` whose rows are in use: no problem, or their problems' rows accepted as dropped."""
        return {key: upload for key, upload in self.uploads.items()
                if upload.kind == kind and not upload.frame.empty and (not upload.dropped or key in self.accepted)}


def your_data() -> YourData:
    """This session's uploaded data (created empty on first use)."""
    data = st.session_state.get(STATE_KEY)
    if not isinstance(data, YourData):
        data = YourData()
        st.session_state[STATE_KEY] = data
    return data


def has_uploads() -> bool:
    """Whether this session holds any uploaded file."""
    data = st.session_state.get(STATE_KEY)
    return isinstance(data, YourData) and bool(data.uploads)


def source() -> str:
    """Which incidents this session shows: "public", "mine" or "both" (public while it has no usable incidents)."""
    data = st.session_state.get(STATE_KEY)
    if not isinstance(data, YourData) or not data.used("incidents"):
        return "public"
    return data.source if data.source in SOURCES else "both"


def remove_all() -> None:
    """Forget every uploaded file of this session at once: the frames read from them, the choices made about
    them, and the uploader widget's own copy of the bytes (also dropped from Streamlit's uploaded-file store).

    The session's :class:`YourData` is emptied in place, not replaced: Streamlit keeps the state a run started
    with until the next run, and that copy must not keep the data alive either."""
    data = your_data()
    widget = f"your_data_files_{data.generation}"
    data.uploads.clear()
    data.accepted.clear()
    data.assignments.clear()
    data.pending.clear()
    data.combined = None
    data.source = "both"
    data.generation += 1  # a new uploader: the old one's files are gone with it
    for key in [k for k in st.session_state.keys() if str(k).startswith("your_data_") or k == widget]:
        del st.session_state[key]
    _forget_uploaded_files()
    gc.collect()
    return_freed_memory()  # the freed pages back to the system, not kept by the allocator


def _forget_uploaded_files() -> None:
    """Drop this session's files from Streamlit's in-memory uploaded-file store (it would otherwise keep them
    until the session ends)."""
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None:
            get_instance().uploaded_file_mgr.remove_session_files(ctx.session_id)
    except Exception:  # no runtime (AppTest) or another store: the widget's state is gone either way
        LOGGER.debug("No uploaded-file store to empty", exc_info=True)


def safe_name(name: str) -> str:
    """A file name as this app shows it: letters, digits, spaces and ``._-()`` kept, anything else (markdown, markup,
    control characters) replaced by "_", at most 80 characters. It is the user's own name, shown to them alone, but
    it goes into sentences, figures and file headers, where it must never act as a link or markup."""
    return re.sub(r"[^\w .()\-]", "_", name)[:80] or "_"


def _on_upload(widget: str) -> None:
    """Files arrived in the uploader: read each into this session's state, then let Streamlit's own copy go at once
    (its in-memory upload store, and the widget: a fresh, empty uploader takes its place). Only the bytes of a file
    whose kind the user must still choose are kept, in this session's state, until they choose."""
    data = your_data()
    countries = load_countries()
    for file in st.session_state.get(widget) or []:
        name = safe_name(file.name)
        data.uploads[file.file_id] = _placed(read_upload(name, file.getvalue(), countries=countries))
        if data.uploads[file.file_id].kind is None and len(data.uploads[file.file_id].possible_kinds) > 1:
            data.pending[file.file_id] = (name, file.getvalue())
    data.combined = None
    data.generation += 1
    st.session_state.pop(widget, None)
    _forget_uploaded_files()


def _placed(upload: Upload) -> Upload:
    """Uploaded incidents placed in sea areas, countries and border zones like the public ones (the same rule of
    corridors then holds for both); any other kind as it is."""
    if upload.kind != "incidents" or upload.frame.empty:
        return upload
    return dataclasses.replace(upload, frame=place_session_incidents(upload.frame))


def _on_kind(key: str) -> None:
    """The user chose what an ambiguous file holds: read it again as that kind, then let its bytes go."""
    data = your_data()
    kind = st.session_state.get(f"your_data_kind_{key}")
    if kind is None or key not in data.pending:
        return
    name, raw = data.pending.pop(key)
    data.uploads[key] = _placed(read_upload(name, raw, kind=kind, countries=load_countries()))
    data.combined = None


def _on_remove(key: str) -> None:
    """Forget one uploaded file."""
    data = your_data()
    data.uploads.pop(key, None)
    data.pending.pop(key, None)
    data.accepted.discard(key)
    data.assignments.pop(key, None)
    data.combined = None
    gc.collect()


def _file_summary(key: str, upload: Upload, data: YourData) -> None:
    """What became of one file: its kind (chosen by the user when its columns fit several), the rows read and
    left out, each problem in a sentence, and the choice to use the good rows."""
    st.markdown(f"**{upload.name}**")
    st.button(_("Remove this file"), key=f"your_data_remove_{key}", on_click=_on_remove, args=(key,),
              type="tertiary", icon=":material/close:")
    if upload.refusal:
        st.error(upload.refusal_markdown())
        return
    if upload.kind is None and len(upload.possible_kinds) > 1:
        st.selectbox(_("What does this file hold?"), [None, *upload.possible_kinds], key=f"your_data_kind_{key}",
                     format_func={None: _("Choose…"), **_kind_labels()}.get,
                     on_change=_on_kind, args=(key,))
        return
    if upload.kind is None:
        st.error(_("This file's columns match none of the three kinds: download a template below."))
        return
    st.caption(_(KIND_LABELS[upload.kind]))
    kept = upload.rows_read - upload.dropped
    if upload.dropped:
        # Translators: {kept} and {read} are numbers of rows of the user's file; the plural follows {dropped}.
        st.warning(ngettext("{kept} of {read} rows can be used; {dropped} row is left out because of the problems "
                            "below.",
                            "{kept} of {read} rows can be used; {dropped} rows are left out because of the problems "
                            "below.", upload.dropped, kept=format_integer(kept), read=format_integer(upload.rows_read),
                            dropped=format_integer(upload.dropped)))
        accepted = st.checkbox(_("Use the rows without problems"), value=key in data.accepted,
                               key=f"your_data_accept_{key}")
        (data.accepted.add if accepted else data.accepted.discard)(key)
    else:
        st.success(ngettext("{count} row read.", "{count} rows read.", upload.rows_read,
                            count=format_integer(upload.rows_read)))
    if upload.problems:
        with st.expander(ngettext("{count} problem", "{count} problems", len(upload.problems),
                                  count=format_integer(len(upload.problems)))):
            for problem in upload.problems[:PROBLEMS_LISTED]:
                st.markdown("- " + problem.markdown().replace("\n", " "))
            if len(upload.problems) > PROBLEMS_LISTED:
                rest = len(upload.problems) - PROBLEMS_LISTED
                st.caption(ngettext("And {count} more.", "And {count} more.", rest, count=format_integer(rest)))


def _assign_crossings(key: str, upload: Upload, data: YourData) -> None:
    """Which corridor a crossings file counts the crossings of: one of the catalogue, or a new one named here.

    The choices live in the session's :class:`Assignment` and each widget starts from them (Streamlit keeps a
    widget's own value per page only), so they hold on every page."""
    assignment = data.assignments.setdefault(key, Assignment())
    try:
        corridors = load_corridors()
        names = dict(zip(corridors["id"], corridors["name"]))
    except DataFileError:
        names = {}
    options = ["", *names, NEW_CORRIDOR]
    held = assignment.corridor_id if assignment.corridor_id in options else ""
    choice = st.selectbox(_("Corridor these crossings are on"), options, index=options.index(held),
                          key=f"your_data_corridor_{key}",
                          format_func={"": _("Not assigned"), **names, NEW_CORRIDOR: _("A new corridor I name")}.get)
    assignment.corridor_id = choice or None
    places = sorted(upload.frame["place"].dropna().astype(str).unique())
    if len(places) > 1:
        assignment.places = tuple(st.multiselect(_("Places counted (none chosen: all)"), places,
                                                 default=[p for p in assignment.places if p in places],
                                                 key=f"your_data_places_{key}"))
    if choice == NEW_CORRIDOR:
        assignment.name = st.text_input(_("Name of the new corridor"), value=assignment.name, max_chars=80,
                                        key=f"your_data_name_{key}").strip()
        codes = sorted(load_countries()["iso3"].dropna().astype(str).unique())
        assignment.countries = tuple(st.multiselect(_("Its incidents: country of incident"), codes,
                                                    default=[c for c in assignment.countries if c in codes],
                                                    format_func={code: country_name(code) for code in codes}.get,
                                                    key=f"your_data_countries_{key}"))


def _kind_labels() -> dict[str, str]:
    """Each kind of file's name in the reader's language (a widget's labels are worked out once per run, as the
    filters' are, so that they stay those of the run's language)."""
    return {kind: _(label) for kind, label in KIND_LABELS.items()}


def render_your_data() -> None:
    """The sidebar's "Your data" section: the uploader, what became of each file, the templates, the choice of
    data shown and "Remove my data". Reads new files into this session's state."""
    data = your_data()
    with st.expander(_("Your data"), expanded=bool(data.uploads)):
        st.caption(_("Analyse your own records beside the public data. What you upload stays in this browser "
                     "session only: it is never saved on the server, never shared with other visitors and never put "
                     "in a link, and it is gone when you close the tab or remove it."))
        st.file_uploader(_("CSV or Excel files (at most {size} MB each)", size=format_integer(MAX_UPLOAD_MB)),
                                 type=["csv", "xlsx"], accept_multiple_files=True,
                                 key=f"your_data_files_{data.generation}", on_change=_on_upload,
                                 args=(f"your_data_files_{data.generation}",))
        for key, upload in data.uploads.items():
            _file_summary(key, upload, data)
            if upload.kind == "crossings" and key in data.used("crossings"):
                _assign_crossings(key, upload, data)
        if data.used("incidents"):
            # The choice lives in the session's YourData; the radio starts from it on every page.
            data.source = st.radio(_("Incidents shown"), SOURCES, index=SOURCES.index(data.source),
                                   key="your_data_source", format_func={k: _(v) for k, v in SOURCE_LABELS.items()}.get,
                                   horizontal=True)
            st.caption(_("Links you share open on the public data for anyone else: your data never goes into a "
                         "link."))
        if data.uploads:
            st.button(_("Remove my data"), on_click=remove_all, type="primary", width="stretch")
        st.markdown("**" + _("Templates") + "**")
        kind = st.selectbox(_("Template for"), KINDS, format_func=_kind_labels().get,
                            key="your_data_template",
                            help=_("Each template has a data dictionary and a few example rows marked as invented."))
        st.download_button(_("Download the template (CSV)"), template_bytes(kind, "csv"),
                           file_name=f"template-{kind}.csv", mime="text/csv", on_click="ignore", width="stretch",
                           key="template-csv")
        st.download_button(_("Download the template (Excel)"), template_bytes(kind, "xlsx"),
                           file_name=f"template-{kind}.xlsx", on_click="ignore", width="stretch", key="template-xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def session_incidents(public: pd.DataFrame | None, public_gaps: list[str]) -> SessionIncidents | None:
    """The incidents this session shows in place of the shared frame, or None for the public data alone.

    Built when the files or the choice change, and kept in this session's state (never a shared cache). Beside
    the public data, the months no IOM export covers (``public_gaps``) stay gaps."""
    chosen = source()
    data = st.session_state.get(STATE_KEY)
    if chosen == "public" or not isinstance(data, YourData):
        return None
    used = data.used("incidents")
    key = (chosen, tuple(used), id(public))
    if data.combined is not None and data.combined[0] == key:
        return data.combined[1]
    frame = incidents_in_force(public, pd.concat([u.frame for u in used.values()], ignore_index=True)
                               if len(used) > 1 else next(iter(used.values())).frame, chosen)
    own = None
    if frame is not None and frame["date"].notna().any():
        gaps = tuple(public_gaps) if chosen == "both" else ()
        own = SessionIncidents(frame=frame, options=filter_options(frame), gaps=gaps)
    data.combined = (key, own)
    return own


def activate_session_data(public: pd.DataFrame | None, public_gaps: list[str]) -> str:
    """Put this session's own incidents in force for the run (or the public data), mirror ``uploaded=1`` to the
    URL while they are shown, tell the reader of such a link that they see the public data, and return the
    source shown ("public", "mine" or "both")."""
    own = session_incidents(public, public_gaps)
    use_session_incidents(own)
    shown = source() if own is not None else "public"
    if first_run() and url_value(URL_KEY) is not None and shown == "public":
        add_notices({URL_KEY: _(LINK_FROM_UPLOAD)})
    write_query({URL_KEY: ["1"]} if shown != "public" else {}, {URL_KEY})
    return shown


def _assigned(corridor_id: str | None = None) -> list[tuple[str, Upload, Assignment]]:
    """The session's crossings files in use that are assigned to ``corridor_id`` (None: to a new corridor the user
    named, with its name and countries given)."""
    data = st.session_state.get(STATE_KEY)
    if not isinstance(data, YourData):
        return []
    found = []
    for key, upload in data.used("crossings").items():
        assignment = data.assignments.get(key)
        if assignment is None:
            continue
        if corridor_id is not None and assignment.corridor_id == corridor_id:
            found.append((key, upload, assignment))
        elif (corridor_id is None and assignment.corridor_id == NEW_CORRIDOR and assignment.name
              and assignment.countries):
            found.append((key, upload, assignment))
    return found


def _ratio_section(upload: Upload, assignment: Assignment, corridor: str, deaths: pd.DataFrame, *, description: str,
                   source_line: str, note: str | None, key: str) -> None:
    """Dead and missing per 1,000 of one uploaded crossings series, whole years only, its measure named."""

    places = assignment.places or tuple(sorted(upload.frame["place"].dropna().astype(str).unique()))
    try:
        yearly = yearly_crossings(upload.frame, places)
    except MeasureMismatchError as error:
        st.warning(as_markdown(str(error)))
        return
    if yearly.empty:
        st.info(as_markdown(_("The file {name} has no crossings at the places chosen.", name=upload.name)))
        return
    measure = str(yearly["measure"].iloc[0])
    crossings = pd.DataFrame({"year": yearly["year"], "value": yearly["count"].astype("float64"),
                              "complete": yearly["months_covered"] >= 12, "measure": measure, "unit": measure})
    ratio = deaths_per_thousand(deaths, crossings)
    shown = measure_name(measure)
    both = source_line + " " + _("Crossings: your data (uploaded, not verified), file {name}.", name=upload.name)
    # Translators: {corridor} is a corridor's name (bold: keep the **), {name} a file name, {measure} e.g. "arrivals".
    st.markdown(_("**{corridor}**: crossings in your file {name}, counted as {measure}", corridor=corridor,
                  name=upload.name, measure=shown))
    show_figure(build_deaths_per_thousand(ratio, unit=shown, source=both,
                                          title=_("Dead and missing per {thousand} of your {measure}, whole years",
                                                  thousand=thousand(), measure=shown)),
                data=ratio, name=_("Deaths per 1000 of your crossings {key}", key=key[-8:]),
                summary=summarise_ratio(ratio, shown), source_line=both, description=description, note=note,
                key=f"your-ratio-{key}")
    st.caption(_("Only whole calendar years covered by both IOM and your file are shown. The denominator counts "
                 "{measure} as your file records them; unlike measures are never added. IOM figures are minimum "
                 "estimates.", measure=shown))


def render_corridor_denominators(corridor_id: str, corridor: str, deaths: pd.DataFrame | None, *, description: str,
                                 source_line: str, note: str | None) -> None:
    """On the Corridor profile: deaths per 1,000 of each uploaded crossings series the user assigned to this
    corridor (nothing when none is)."""
    assigned = _assigned(corridor_id)
    if not assigned:
        return
    st.subheader(_("Deaths per {thousand} of your crossings", thousand=thousand()))
    if deaths is None:
        st.info(_("No IOM incident on this corridor in the filters, so no ratio to your crossings can be shown."))
        return
    for key, upload, assignment in assigned:
        _ratio_section(upload, assignment, corridor, deaths, description=description, source_line=source_line,
                       note=note, key=key)


def render_your_corridors(selection: pd.DataFrame, months: tuple[str, ...], gaps: list[str], *, description: str,
                          source_line: str) -> None:
    """On the Corridor comparison: each corridor the user named for an uploaded crossings series (its incidents:
    those whose country of incident is one the user chose), with deaths per 1,000 of those crossings."""

    assigned = _assigned(None)
    if not assigned:
        return
    st.subheader(_("Your corridors"))
    for key, upload, assignment in assigned:
        members = selection[selection["country_of_incident_iso3"].astype("object").isin(assignment.countries)]

        st.caption(_("{corridor}: incidents whose country of incident is {countries}.", corridor=assignment.name,
                     countries=", ".join(country_name(code) for code in assignment.countries)))
        deaths = deaths_by_year(members, months, gaps)
        _ratio_section(upload, assignment, assignment.name, deaths, description=description, source_line=source_line,
                       note=None, key=key)


def has_fraud_detections() -> bool:
    """Whether this session has travel-document fraud detections in use."""
    data = st.session_state.get(STATE_KEY)
    return isinstance(data, YourData) and bool(data.used("document_fraud"))


def render_fraud_views(*, description: str) -> None:
    """The views of this session's uploaded travel-document fraud detections (the Travel documents page): over
    time, document type by fraud type, issuing country against the holder's nationality, by crossing point, and
    the flow from issuing country to nationality to place of detection. Says where to upload when there are none."""
    data = st.session_state.get(STATE_KEY)
    used = data.used("document_fraud") if isinstance(data, YourData) else {}
    if not used:
        st.info(_("Upload your own travel-document fraud detections under “Your data” in the sidebar (a template is "
                  "there) to see them here over time, by document and fraud type, by issuing country against the "
                  "holder's nationality, and by crossing point. They stay in your browser session only."))
        return
    frame = pd.concat([upload.frame for upload in used.values()], ignore_index=True)
    names = ", ".join(upload.name for upload in used.values())
    source = _("Source: your data (uploaded, not verified), {files}.", files=names)
    total = int(frame["count"].sum())
    country_labels = fraud_country_names(load_countries())
    over_time = detections_over_time(frame)
    show_figure(build_detections_over_time(over_time, source=source), data=over_time,
                name=_("Your document fraud detections over time"),
                summary=ngettext("{count} detection in your data.", "{count} detections in your data.", total,
                                 count=format_integer(total)),
                source_line=source, description=description, key="fraud-over-time")
    by_type = detections_by_type(frame)
    top_type = by_type.sort_values("count", ascending=False).iloc[0]
    show_figure(build_detections_by_type(by_type, source=source), data=by_type,
                name=_("Your document fraud detections by type"),
                summary=_("The most detected: {document} with {fraud} ({count}).",
                          document=_(DOCUMENT_TYPE_LABELS.get(top_type["document_type"], top_type["document_type"])),
                          fraud=_(FRAUD_TYPE_LABELS.get(top_type["fraud_type"], top_type["fraud_type"])),
                          count=format_integer(int(top_type["count"]))),
                source_line=source, description=description, key="fraud-by-type")
    pairs = issuing_against_nationality(frame)
    differ = pairs[pairs["differs"]] if "differs" in pairs.columns else pairs.iloc[0:0]
    differ_count = int(differ["count"].sum()) if not differ.empty else 0
    show_figure(build_issuing_against_nationality(pairs, source=source, names=country_labels), data=pairs,
                name=_("Your document fraud detections by issuing country and nationality"),
                summary=_("{differ} of {total} detections were of a document issued by another country than the "
                          "holder's declared nationality.", differ=format_integer(differ_count),
                          total=format_integer(total)) + " " + differs_note(),
                source_line=source, description=description, key="fraud-issuing")
    by_point = detections_by_crossing_point(frame)
    top_point = by_point.iloc[0]
    show_figure(build_detections_by_crossing_point(by_point, source=source, names=country_labels), data=by_point,
                name=_("Your document fraud detections by crossing point"),
                summary=as_markdown(_("Most detections at {place} ({count}).", place=str(top_point["crossing_point"]),
                                      count=format_integer(int(top_point["count"])))),
                source_line=source, description=description, key="fraud-points")
    flow = fraud_flow(frame)
    keys = flow.nodes["key"].astype(str).to_numpy()
    links = pd.DataFrame({"from": keys[flow.links["source"].to_numpy()], "to": keys[flow.links["target"].to_numpy()],
                          "count": flow.links["count"].to_numpy()})
    show_figure(build_fraud_flow(flow, source=source, names=country_labels), data=links,
                name=_("Your document fraud flow"),
                summary=_("Each band follows detections from the country that issued the document, to the holder's "
                          "declared nationality, to the place of detection; its width is the number of detections."),
                source_line=source, description=description, key="fraud-flow")
