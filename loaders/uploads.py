"""A user's own files ("Your data"): bytes in, checked canonical frames out, nothing written anywhere.

:func:`read_upload` reads one uploaded CSV or XLSX file, held in memory only, recognises which of three kinds it
is by its columns (:data:`KINDS`: IOM-layout incidents, crossings or apprehensions, travel-document fraud
detections), checks every row, and returns an :class:`Upload`: the usable rows in the kind's canonical columns,
how many rows were left out and, for each problem, one sentence naming the file, the row (as a spreadsheet
numbers it, the header being row 1), the column, what was found and what was expected. It never raises and never
writes to disk: a file nothing of which can be used gets a ``refusal`` sentence instead of a frame.

Incidents go through the same cleaning as the public IOM exports (:func:`loaders.fatalities.clean_fatality_frame`,
either IOM layout), after the rows that reader would refuse (unreadable dates, counts, coordinates or scores, a
blank Incident ID) are set aside with a sentence each; their IDs are prefixed with :data:`ID_PREFIX`, so they can
never collide with public ones, and :func:`loaders.fatalities.combine_incidents` puts them beside the public
frame.

Canonical frames. Crossings: ``period`` (Timestamp, the start of the period), ``grain`` (day | month | year),
``place``, ``nationality_iso3`` (blank when not given), ``count`` (int64, 0 or more), ``measure``
(:data:`MEASURES`). Document fraud: ``period``, ``grain``, ``crossing_point``, ``country_of_detection_iso3``,
``document_type`` (:data:`DOCUMENT_TYPES`), ``fraud_type`` (:data:`FRAUD_TYPES`), ``issuing_country_iso3``,
``nationality_iso3`` (both blank when unknown), ``route`` (blank when not given), ``count``.

Safety: a file over :data:`MAX_UPLOAD_MB` is refused unread; text that is not UTF-8 is read as Windows-1252 (or
Latin-1) and the upload says so; a workbook is opened only after its parts are counted and their unpacked size
summed (:data:`MAX_XLSX_PARTS`, :data:`MAX_XLSX_UNPACKED_MB`) and every XML part is checked for a DOCTYPE (which
no workbook needs and entity bombs require), then read by openpyxl in read-only mode with cached values only (a
formula is never evaluated; formula-like text is kept as text, and made safe on export by
``transforms.exports``). A cell longer than :data:`MAX_TEXT_CHARS` is cut, with a sentence.

Templates: :data:`TEMPLATE_COLUMNS` describes each kind's columns (``tools/build_templates.py`` writes them to
``data/templates/``), and :func:`template_bytes` returns a shipped template for a download button. Rows whose
``note`` column marks them as invented examples (:data:`EXAMPLE_MARKER`) are left out unless asked for, with one
sentence, so an untouched template never brings invented figures into a chart.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from i18n import LANGUAGES, N_, _, format_integer, ngettext, territory_names
from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.errors import DataFileError, as_markdown, short_name
from loaders.fatalities import CANONICAL_COLUMNS as INCIDENT_COLUMNS
from loaders.fatalities import (
    COLUMN_ALIASES,
    COUNT_COLUMNS,
    FIRST_DATE,
    LAST_DATE,
    REQUIRED,
    clean_fatality_frame,
    finish_incidents,
    match_columns,
    read_coordinates,
    read_counts,
    read_dates,
    source_quality_scores,
    split_protected,
)
from loaders.fatalities import MAX_TEXT_CHARS as INCIDENT_TEXT_CHARS
from loaders.paths import countries_path, country_aliases_path, data_dir
from loaders.tabular import quoted

_log = logging.getLogger(__name__)

MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: A workbook whose parts would unpack to more than this (MB) is refused before it is parsed (a zip bomb).
MAX_XLSX_UNPACKED_MB = 400
#: A workbook of more parts than this is refused before it is parsed (a real one has a few dozen).
MAX_XLSX_PARTS = 2_000
#: How much of each XML part is searched for a DOCTYPE (bytes): it can only stand before the root element.
XML_PROLOG_BYTES = 64 * 1024
#: Most columns a file may have (a template has about 25).
MAX_COLUMNS = 500
#: Problems listed one by one; the rest are counted in one sentence.
MAX_PROBLEMS_LISTED = 200
#: Longest text kept in a cell of a crossings or fraud file (characters); longer is cut, with a sentence.
MAX_TEXT_CHARS = 200
#: The largest count one row may hold; a larger number is a typo or a broken file.
MAX_COUNT = 10 ** 12
#: Prefix of the Incident and Main IDs of uploaded incidents: public IOM IDs never start with it.
ID_PREFIX = "upload-"
#: Text of the ``note`` column that marks a template's invented example rows (compared case-insensitively).
EXAMPLE_MARKER = "INVENTED EXAMPLE"
#: The first line of every template (a comment line, skipped when read).
TEMPLATE_BANNER = "# INVENTED EXAMPLE ROWS — not real figures. Replace them with your own records."

KINDS = ("incidents", "crossings", "document_fraud")
KIND_LABELS = {
    "incidents": N_("Incidents"),
    "crossings": N_("Crossings or apprehensions"),
    "document_fraud": N_("Travel-document fraud detections"),
}
MEASURES = ("detections", "apprehensions", "arrivals", "encounters", "persons")
DOCUMENT_TYPES = ("passport", "visa", "residence_permit", "id_card", "other")
FRAUD_TYPES = ("counterfeit", "forged", "fraudulently_obtained_genuine", "impostor", "stolen_blank")
GRAINS = ("day", "month", "year")

#: Accepted spellings (compared without case, spaces, hyphens or underscores) -> canonical value.
MEASURE_SYNONYMS = {
    "detections": "detections", "detection": "detections", "apprehensions": "apprehensions",
    "apprehension": "apprehensions", "arrivals": "arrivals", "arrival": "arrivals", "encounters": "encounters",
    "encounter": "encounters", "persons": "persons", "person": "persons", "people": "persons",
}
DOCUMENT_SYNONYMS = {
    "passport": "passport", "passports": "passport", "visa": "visa", "visas": "visa",
    "residencepermit": "residence_permit", "residencepermits": "residence_permit", "residencecard": "residence_permit",
    "residentpermit": "residence_permit", "idcard": "id_card", "idcards": "id_card", "identitycard": "id_card",
    "nationalidcard": "id_card", "nationalidentitycard": "id_card", "id": "id_card", "other": "other",
    "others": "other",
}
FRAUD_SYNONYMS = {
    "counterfeit": "counterfeit", "counterfeited": "counterfeit", "forged": "forged", "forgery": "forged",
    "falsified": "forged", "altered": "forged", "fraudulentlyobtainedgenuine": "fraudulently_obtained_genuine",
    "fraudulentlyobtained": "fraudulently_obtained_genuine", "fog": "fraudulently_obtained_genuine",
    "impostor": "impostor", "imposter": "impostor", "lookalike": "impostor", "stolenblank": "stolen_blank",
    "stolenblanks": "stolen_blank", "blankstolen": "stolen_blank",
}
GRAIN_SYNONYMS = {"day": "day", "daily": "day", "month": "month", "monthly": "month", "year": "year",
                  "yearly": "year", "annual": "year"}
#: Values of a country column read as "not known" (blank in the frame), not as an unknown country.
#: Compared as :func:`_compact` writes them ("Mixed/Unknown" -> "mixedunknown").
UNKNOWN_COUNTRY_WORDS = frozenset({"", "unknown", "unspecified", "notknown", "na", "none", "mixed", "mixedunknown",
                                   "various", "multiple", "uncategorized"})

#: For each field of the crossings and fraud kinds, the column headings accepted (compared as by :func:`_key`).
CROSSINGS_FIELDS: dict[str, tuple[str, ...]] = {
    "period": ("period", "date", "month", "year", "day"),
    "grain": ("grain", "period type", "frequency"),
    "place": ("place", "route", "border section", "crossing point", "border crossing point", "corridor"),
    "nationality": ("nationality", "nationality iso3", "citizenship", "country of nationality"),
    "count": ("count", "number", "value", "total"),
    "measure": ("measure",),
}
FRAUD_FIELDS: dict[str, tuple[str, ...]] = {
    "period": CROSSINGS_FIELDS["period"],
    "grain": CROSSINGS_FIELDS["grain"],
    "crossing_point": ("crossing point", "border crossing point", "bcp", "airport", "place of detection", "place"),
    "country_of_detection": ("country of detection", "country of detection iso3", "detecting country",
                             "detection country"),
    "document_type": ("document type", "document", "type of document"),
    "fraud_type": ("fraud type", "type of fraud"),
    "issuing_country": ("issuing country", "issuing country iso3", "country of issue", "issuing state"),
    "nationality": ("nationality", "nationality of holder", "holder nationality", "declared nationality",
                    "nationality iso3"),
    "route": ("route", "last embarkation point", "route or last embarkation point", "embarkation point"),
    "count": CROSSINGS_FIELDS["count"],
}
CROSSINGS_REQUIRED = ("period", "place", "count", "measure")
FRAUD_REQUIRED = ("period", "crossing_point", "country_of_detection", "document_type", "fraud_type",
                  "issuing_country", "nationality", "count")

CROSSINGS_COLUMNS = ("period", "grain", "place", "nationality_iso3", "count", "measure")
FRAUD_COLUMNS = ("period", "grain", "crossing_point", "country_of_detection_iso3", "document_type", "fraud_type",
                 "issuing_country_iso3", "nationality_iso3", "route", "count")
CANONICAL = {"incidents": INCIDENT_COLUMNS, "crossings": CROSSINGS_COLUMNS, "document_fraud": FRAUD_COLUMNS}


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: its heading, whether every row needs it, what it holds (a message id, shown
    translated) and the values it accepts (an English phrase of identifiers, shown as it is)."""

    name: str
    required: bool
    meaning: str
    accepts: str


_PERIOD_ACCEPTS = "2024 (a year), 2024-05 (a month) or 2024-05-31 (a day)"
_COUNTRY_ACCEPTS = "a country name of the UN M49 list or its three-letter ISO code"

#: Each kind's template columns, in order; ``note`` marks invented example rows and is otherwise ignored.
TEMPLATE_COLUMNS: dict[str, tuple[TemplateColumn, ...]] = {
    "crossings": (
        TemplateColumn("period", True, N_("The start of the period counted."), _PERIOD_ACCEPTS),
        TemplateColumn("grain", False, N_("The length of the period; read from the period when blank."),
                       "day, month or year"),
        TemplateColumn("place", True, N_("The route, border section or crossing point."), "any name"),
        TemplateColumn("nationality", False, N_("The nationality of the people counted, when the series gives it."),
                       _COUNTRY_ACCEPTS),
        TemplateColumn("measure", True, N_("What is counted: series of different measures are never added."),
                       ", ".join(MEASURES)),
        TemplateColumn("count", True, N_("How many, in the period, at the place."), "a whole number, 0 or more"),
        TemplateColumn("note", False, N_("Free text; the app reads it only to recognise the template's invented "
                                         "example rows."), f"any text; “{EXAMPLE_MARKER}” marks an example row"),
    ),
    "document_fraud": (
        TemplateColumn("period", True, N_("The start of the period counted."), _PERIOD_ACCEPTS),
        TemplateColumn("grain", False, N_("The length of the period; read from the period when blank."),
                       "day, month or year"),
        TemplateColumn("crossing_point", True, N_("The border crossing point or airport where the documents were "
                                                  "detected."), "any name"),
        TemplateColumn("country_of_detection", True, N_("The country where the documents were detected."),
                       _COUNTRY_ACCEPTS),
        TemplateColumn("document_type", True, N_("The kind of document."),
                       "passport, visa, residence permit, ID card or other"),
        TemplateColumn("fraud_type", True, N_("How the document was fraudulent."),
                       "counterfeit, forged, fraudulently obtained genuine, impostor (look-alike) or stolen blank"),
        TemplateColumn("issuing_country", True, N_("The country that issued the document (or whose document it "
                                                   "imitates); blank when not known."), _COUNTRY_ACCEPTS),
        TemplateColumn("nationality", True, N_("The nationality the holder declared; blank when not known."),
                       _COUNTRY_ACCEPTS),
        TemplateColumn("route", False, N_("The route or last embarkation point."), "any name"),
        TemplateColumn("count", True, N_("How many documents were detected."), "a whole number, 0 or more"),
        TemplateColumn("note", False, N_("Free text; the app reads it only to recognise the template's invented "
                                         "example rows."), f"any text; “{EXAMPLE_MARKER}” marks an example row"),
    ),
    "incidents": (
        TemplateColumn("Main ID", False, N_("One ID per event; rows sharing it are parts of one event."), "any ID"),
        TemplateColumn("Incident ID", True, N_("One ID per row."), "any ID, unique in the file"),
        TemplateColumn("Incident Type", False, N_("Whether the row is a whole incident, part of one or a cumulative "
                                                  "count."), "Incident, Split Incident or Cumulative Incident"),
        TemplateColumn("Region of Incident", True, N_("The region where the people died or went missing."),
                       "a region name as IOM uses them"),
        TemplateColumn("Incident Date", True, N_("The day of the incident."), "2024-05-31"),
        TemplateColumn("Incident Year", False, N_("The year of the incident."), "2024"),
        TemplateColumn("Month", False, N_("The month of the incident."), "May"),
        TemplateColumn("Number of Dead", True, N_("People found dead."), "a whole number or blank"),
        TemplateColumn("Minimum Estimated Number of Missing", True, N_("People missing."), "a whole number or blank"),
        TemplateColumn("Total Number of Dead and Missing", False, N_("Dead plus missing."), "a whole number or blank"),
        TemplateColumn("Number of Survivors", False, N_("People who survived the incident."),
                       "a whole number or blank"),
        TemplateColumn("Number of Females", False, N_("Women and girls among the dead and missing."),
                       "a whole number or blank"),
        TemplateColumn("Number of Males", False, N_("Men and boys among the dead and missing."),
                       "a whole number or blank"),
        TemplateColumn("Number of Children", False, N_("Children among the dead and missing."),
                       "a whole number or blank"),
        TemplateColumn("Country of Origin", False, N_("The countries the people came from, joined by commas."),
                       _COUNTRY_ACCEPTS + ", or Unknown"),
        TemplateColumn("Region of Origin", False, N_("The regions the people came from."), "region names"),
        TemplateColumn("Cause of Death", True, N_("IOM's cause-of-death categories, joined by commas."),
                       "Drowning, Violence, Mixed or unknown…"),
        TemplateColumn("Country of Incident", False, N_("The country where the incident happened."),
                       _COUNTRY_ACCEPTS),
        TemplateColumn("Migration Route", False, N_("The migration route."), "a route name as IOM uses them"),
        TemplateColumn("Location of Incident", False, N_("Where, in words."), "any text"),
        TemplateColumn("Coordinates", True, N_("Where, as latitude and longitude in degrees."),
                       "“latitude, longitude”, e.g. “35.5, 12.6”, or blank"),
        TemplateColumn("UNSD Geographical Grouping", False, N_("The UN sub-region."), "a UN M49 sub-region"),
        TemplateColumn("Information Source", False, N_("Who reported the incident."), "any text"),
        TemplateColumn("URL", False, N_("Links to the sources."), "web addresses"),
        TemplateColumn("Source Quality", False, N_("How well the sources establish the incident."), "1 to 5"),
        TemplateColumn("note", False, N_("Free text; the app reads it only to recognise the template's invented "
                                         "example rows."), f"any text; “{EXAMPLE_MARKER}” marks an example row"),
    ),
}

#: The template's invented example rows, per kind (every one marked in ``note``; never real figures).
TEMPLATE_EXAMPLES: dict[str, tuple[dict[str, str], ...]] = {
    "crossings": (
        {"period": "2024-01", "grain": "month", "place": "Example crossing point A", "nationality": "",
         "measure": "apprehensions", "count": "12", "note": f"{EXAMPLE_MARKER} — not a real figure"},
        {"period": "2024-02", "grain": "month", "place": "Example crossing point A", "nationality": "",
         "measure": "apprehensions", "count": "7", "note": f"{EXAMPLE_MARKER} — not a real figure"},
        {"period": "2024", "grain": "year", "place": "Example border section B", "nationality": "",
         "measure": "detections", "count": "30", "note": f"{EXAMPLE_MARKER} — not a real figure"},
    ),
    "document_fraud": (
        {"period": "2024-03", "grain": "month", "crossing_point": "Example airport A",
         "country_of_detection": "", "document_type": "passport", "fraud_type": "impostor",
         "issuing_country": "", "nationality": "", "route": "Example route A", "count": "2",
         "note": f"{EXAMPLE_MARKER} — not a real figure"},
        {"period": "2024-03-14", "grain": "day", "crossing_point": "Example crossing point B",
         "country_of_detection": "", "document_type": "ID card", "fraud_type": "counterfeit",
         "issuing_country": "", "nationality": "", "route": "", "count": "1",
         "note": f"{EXAMPLE_MARKER} — not a real figure"},
    ),
    "incidents": (
        {"Main ID": "EXAMPLE-1", "Incident ID": "EXAMPLE-1", "Incident Type": "Incident",
         "Region of Incident": "Example region", "Incident Date": "2024-05-31", "Incident Year": "2024",
         "Month": "May", "Number of Dead": "1", "Minimum Estimated Number of Missing": "0",
         "Total Number of Dead and Missing": "1", "Cause of Death": "Mixed or unknown",
         "Location of Incident": "Example place A", "Coordinates": "", "Source Quality": "1",
         "note": f"{EXAMPLE_MARKER} — not a real figure"},
    ),
}
# The example rows name no country at all (a blank country is read as "not known"), so nothing in them can be
# mistaken for a figure about a real place.


@dataclass(frozen=True)
class UploadProblem:
    """One problem of an uploaded file: the row as a spreadsheet numbers it (header = 1; None for the whole file),
    the column as the file names it (None when none), and one whole sentence in the reader's language."""

    row: int | None
    column: str | None
    sentence: str

    def markdown(self) -> str:
        """The sentence ready for ``st.warning`` (markdown characters escaped, addresses not links)."""
        return as_markdown(self.sentence)


@dataclass(frozen=True)
class Upload:
    """What :func:`read_upload` made of one file (see the module docstring)."""

    name: str
    kind: str | None
    possible_kinds: tuple[str, ...]
    frame: pd.DataFrame
    rows_read: int
    dropped: int
    problems: tuple[UploadProblem, ...]
    refusal: str | None

    def refusal_markdown(self) -> str | None:
        """The refusal ready for ``st.error`` (markdown characters escaped, addresses not links)."""
        return as_markdown(self.refusal) if self.refusal else None

    @property
    def usable(self) -> bool:
        """Whether the upload has rows to show."""
        return self.refusal is None and self.kind is not None and not self.frame.empty


# --- reading bytes into a text table ----------------------------------------------------------------------------

class _Refused(Exception):
    """Raised inside the reader with the one sentence that refuses the whole file."""

    def __init__(self, sentence: str, possible_kinds: tuple[str, ...] = ()) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.possible_kinds = possible_kinds


@dataclass
class _Table:
    """An uploaded table as text: ``frame`` (cells stripped, blank as missing), the spreadsheet row number of each
    of its rows, and sentences about the file as a whole (its encoding)."""

    frame: pd.DataFrame
    rows: np.ndarray
    notes: list[UploadProblem] = field(default_factory=list)


def _is_comment(cells: list) -> bool:
    first = next((str(c).strip() for c in cells if c is not None and str(c).strip()), "")
    return first.startswith("#")


def _is_blank(cells: list) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def _decode(name: str, data: bytes) -> tuple[str, list[UploadProblem]]:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, else
    Windows-1252, else Latin-1, with a sentence saying which when it is not UTF-8."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Translators: {encoding} names a character encoding, such as "Windows-1252".
        return text, [UploadProblem(None, None, _(
            "The file {file} is not UTF-8 text, so it was read as {encoding}: check that accented letters look "
            "right, or save the file again as CSV UTF-8.", file=short_name(name), encoding=label))]
    raise AssertionError("Latin-1 decodes every byte")  # pragma: no cover


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(name: str, data: bytes) -> _Table:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refused(_("The file {file} is not a text table: expected a CSV file (text with a header row) or an "
                         ".xlsx workbook.", file=short_name(name)))
    text, notes = _decode(name, data)
    if "\x00" in text:
        raise _Refused(_("The file {file} is not a text table: expected a CSV file (text with a header row) or an "
                         ".xlsx workbook.", file=short_name(name)))
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].lstrip(' "\'\ufeff').startswith("#")):
        skipped += 1
    if skipped >= len(lines):
        raise _Refused(_("The file {file} is empty: expected a header row and at least one data row.",
                         file=short_name(name)))
    separator = _delimiter(lines[skipped])
    if lines[skipped].count(separator) >= MAX_COLUMNS:  # refused before the parser builds a million columns
        raise _Refused(_("The file {file} has more than {limit} columns: expected a table made from one of the "
                         "templates.", file=short_name(name), limit=format_integer(MAX_COLUMNS)))
    body = "".join(lines[skipped:])
    try:
        frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, na_values=[""],
                            sep=separator, skip_blank_lines=False, engine="c")
    except Exception:  # noqa: BLE001 - pandas raises its own types for a malformed table; none is shown
        raise _Refused(_("The file {file} cannot be read as a CSV table: expected every row to have as many cells "
                         "as the header, and quotation marks in pairs.", file=short_name(name))) from None
    # Row numbers as a spreadsheet shows them: the comment lines, then the header, then the data rows.
    return _Table(frame, np.arange(len(frame)) + skipped + 2, notes)


def _cell_text(value: object) -> object:
    """A workbook cell as the text a CSV would hold (None stays None)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _check_workbook_parts(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts are too many, would unpack too large, or hold a DOCTYPE (entity bombs)."""
    parts = archive.infolist()
    unpacked = sum(max(part.file_size, 0) for part in parts)
    if len(parts) > MAX_XLSX_PARTS or unpacked > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
        raise _Refused(_("The workbook {file} would unpack to more than {limit} MB or holds more than {parts} parts: "
                         "it is refused unread, as a safeguard.", file=short_name(name),
                         limit=format_integer(MAX_XLSX_UNPACKED_MB), parts=format_integer(MAX_XLSX_PARTS)))
    for part in parts:
        if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(part) as stream:
            prolog = stream.read(XML_PROLOG_BYTES)
        if prolog[:2] in (b"\xff\xfe", b"\xfe\xff"):
            prolog = prolog.decode("utf-16", errors="ignore").encode("utf-8")
        if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
            raise _Refused(_("The workbook {file} holds XML declarations (a DOCTYPE) that no spreadsheet program "
                             "writes: it is refused unread, as a safeguard.", file=short_name(name)))


#: Sheet names (lower case) of a template's or a report's explanations, never its data.
_EXPLANATION_SHEETS = ("dictionary", "read me", "readme", "about", "notes")


def _read_xlsx(name: str, data: bytes) -> _Table:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _Refused(_("The file {file} cannot be read as an .xlsx workbook: expected a workbook saved by a "
                         "spreadsheet program, or a CSV file.", file=short_name(name))) from None
    with archive:
        _check_workbook_parts(name, archive)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False,
                                          keep_vba=False)
            try:
                sheets = [s for s in book.worksheets
                          if not any(word in str(s.title).lower() for word in _EXPLANATION_SHEETS)]
                for sheet in sheets:
                    table = _sheet_table(name, sheet)
                    if table is not None:
                        return table
            finally:
                book.close()
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - openpyxl and the XML parser raise many types for a broken workbook
        raise _Refused(_("The file {file} cannot be read as an .xlsx workbook: expected a workbook saved by a "
                         "spreadsheet program, or a CSV file.", file=short_name(name))) from None
    raise _Refused(_("The file {file} is empty: expected a header row and at least one data row.",
                     file=short_name(name)))


def _sheet_table(name: str, sheet) -> _Table | None:
    """The first sheet's table as text, or None when the sheet holds nothing but comments and blank rows."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a false size in the file must not make every row thousands of cells wide
    header: list[str] | None = None
    rows: list[list] = []
    numbers: list[int] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            if _is_blank(cells) or _is_comment(cells):
                continue
            while cells and (cells[-1] is None or not str(cells[-1]).strip()):
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise _Refused(_("The file {file} has more than {limit} columns: expected a table made from one of "
                                 "the templates.", file=short_name(name), limit=format_integer(MAX_COLUMNS)))
            header = [str(c).strip() if c is not None else f"Unnamed: {i}" for i, c in enumerate(cells)]
            continue
        width = len(header)
        rows.append((cells + [None] * width)[:width])
        numbers.append(number)
    if header is None:
        return None
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    return _Table(frame, np.array(numbers, dtype=np.int64))


def _read_table(name: str, data: bytes) -> _Table:
    """The upload as a text table: cells stripped, blank cells missing, blank rows gone (their numbers kept)."""
    if not data or not data.strip():
        raise _Refused(_("The file {file} is empty: expected a header row and at least one data row.",
                         file=short_name(name)))
    suffix = Path(name).suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(_("The file {file} is an old-style .xls workbook: save it again as .xlsx or as CSV UTF-8.",
                         file=short_name(name)))
    table = _read_xlsx(name, data) if data.startswith(b"PK\x03\x04") or suffix == ".xlsx" else _read_csv(name, data)
    frame = table.frame
    if len(frame.columns) > MAX_COLUMNS:
        raise _Refused(_("The file {file} has more than {limit} columns: expected a table made from one of the "
                         "templates.", file=short_name(name), limit=format_integer(MAX_COLUMNS)))
    frame.columns = [short_name(str(c), 120) for c in frame.columns]
    cleaned = {}
    for position, column in enumerate(frame.columns):
        cells = frame.iloc[:, position].astype(object)
        text = cells.where(cells.isna(), cells.astype(str).str.strip())
        cleaned[position] = text.where(text != "", None)
    frame = pd.DataFrame(cleaned, dtype=object)
    frame = frame.where(frame.notna(), None)  # every blank cell is None (never NaN), whatever the reader gave
    frame.columns = list(table.frame.columns)
    keep = frame.notna().any(axis=1).to_numpy() if len(frame.columns) else np.zeros(len(frame), dtype=bool)
    table.frame = frame[keep].reset_index(drop=True)
    table.rows = table.rows[keep]
    return table


# --- problems ---------------------------------------------------------------------------------------------------

class _Problems:
    """Problems found in one file, listed by row once every check has run; past :data:`MAX_PROBLEMS_LISTED` only
    counted (their sentences are never made)."""

    def __init__(self, name: str, rows: np.ndarray) -> None:
        self.file = short_name(name)
        self.rows = rows
        self.found: list[tuple[int, int, str | None, Callable[[], str]]] = []
        self.notes: list[UploadProblem] = []

    def add(self, position: int | None, column: str | None, make: Callable[..., str], **params: object) -> None:
        """A problem at row ``position`` of the frame (None: the whole file); ``make(file=, row=, column=,
        **params)`` gives its sentence."""
        row = int(self.rows[position]) if position is not None else None
        shown = {name: (short_name(value, 60) if isinstance(value, str) else value) for name, value in params.items()}

        def sentence() -> str:
            return make(file=self.file, row=row, column=short_name(column or "", 60), **shown)

        self.found.append((row if row is not None else 0, len(self.found), column, sentence))

    def note(self, sentence: str) -> None:
        self.notes.append(UploadProblem(None, None, sentence))

    def result(self) -> tuple[UploadProblem, ...]:
        ordered = sorted(self.found, key=lambda item: (item[0], item[1]))
        listed = [UploadProblem(row or None, column, make()) for row, _order, column, make in
                  ordered[:MAX_PROBLEMS_LISTED]]
        more = len(ordered) - len(listed)
        if more > 0:
            listed.append(UploadProblem(None, None, ngettext(
                "{count} more problem in {file} is not listed.", "{count} more problems in {file} are not listed.",
                more, count=format_integer(more), file=self.file)))
        return tuple(self.notes) + tuple(listed)


# Row sentences: one message each, so every language can order it.
def _blank_cell(**p) -> str:
    return _("In {file}, row {row}, column “{column}” is blank, but every row needs a value there; the row is left "
             "out.", **p)


def _bad_period(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a period (expected a year such "
             "as 2024, a month such as 2024-05 or a day such as 2024-05-31); the row is left out.", **p)


def _bad_grain(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a period length (expected day, "
             "month or year); the row is left out.", **p)


def _grain_mismatch(**p) -> str:
    # Translators: {grain} is one of the identifiers day, month or year, as the file gives it.
    return _("In {file}, row {row}, the period “{found}” in column “{column}” is not the start of a {grain}, as the "
             "period length says (expected e.g. 2024-05-01 for a month); the row is left out.", **p)


def _bad_count(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a count (expected a whole "
             "number, 0 or more); the row is left out.", **p)


def _huge_count(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, more than the largest count the app accepts "
             "({limit}); the row is left out.", **p)


def _bad_measure(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a measure the app knows "
             "(expected one of {expected}); the row is left out.", **p)


def _bad_document(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a document type the app knows "
             "(expected one of {expected}); the row is left out.", **p)


def _bad_fraud(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a fraud type the app knows "
             "(expected one of {expected}); the row is left out.", **p)


def _unknown_country_suggest(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a country the app knows (did "
             "you mean “{suggestion}”?); the row is left out.", **p)


def _unknown_country(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a country the app knows "
             "(expected a name of the UN M49 list or a three-letter ISO code); the row is left out.", **p)


def _unknown_country_kept_suggest(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a country the app knows (did "
             "you mean “{suggestion}”?); the row is kept, without that country.", **p)


def _unknown_country_kept(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a country the app knows "
             "(expected a name of the UN M49 list); the row is kept, without that country.", **p)


def _duplicate_row(**p) -> str:
    return _("In {file}, row {row} repeats row {first} exactly; the repeat is left out.", **p)


def _duplicate_id(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds the incident ID “{found}” again, as row {later} does; "
             "the later row is kept and this one left out.", **p)


def _text_cut(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds {length} characters, more than the {limit} kept; the "
             "text is cut.", **p)


def _bad_incident_date(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a date (expected e.g. "
             "2024-05-31); the row is left out.", **p)


def _incident_date_outside(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, outside the dates the app shows ({first} to "
             "{last}, as for IOM's records); the row is kept as undated.", **p)


def _bad_incident_count(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a whole number of people "
             "(expected a whole number or a blank cell); the row is left out.", **p)


def _bad_coordinates(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which are not coordinates (expected "
             "“latitude, longitude” in degrees, or a blank cell); the row is left out.", **p)


def _bad_quality(**p) -> str:
    return _("In {file}, row {row}, column “{column}” holds “{found}”, which is not a source-quality score "
             "(expected 1 to 5, or a blank cell); the row is left out.", **p)


def _blank_incident_id(**p) -> str:
    return _("In {file}, row {row}, column “{column}” is blank, but every incident needs an ID; the row is left "
             "out.", **p)


# --- countries --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Countries:
    lookup: dict[str, str]  # casefolded name or ISO3 -> ISO3
    exact: dict[str, str]  # names as spelt -> ISO3 (for the IOM reader)
    names: dict[str, str]  # casefolded M49 name -> the name as spelt (for suggestions)
    comma_names: tuple[str, ...]  # known names holding a comma, longest first (kept whole when cells are split)
    name_of: dict[str, str]  # ISO3 -> the country's M49 name


def _country_reference(countries: pd.DataFrame | None) -> _Countries:
    """The country lookups, from ``countries`` (the M49 table as ``read_countries`` returns it) or the shipped one,
    with the shipped IOM spellings (``country_name_aliases.csv``) when present."""
    if countries is None:
        try:
            countries = read_countries(countries_path())
        except DataFileError:
            countries = pd.DataFrame(columns=["iso3", "name"])
    try:
        aliases = read_country_aliases(country_aliases_path())
    except DataFileError:
        aliases = None
    exact = name_to_iso3(countries, aliases)
    exact.update({str(code): str(code) for code in countries["iso3"].dropna()})
    lookup = {}
    if "iso2" in countries.columns:  # the names CLDR gives in each language of the app ("Syria", "Syrie")
        to_iso3 = dict(countries[["iso2", "iso3"]].dropna().astype(str).itertuples(index=False, name=None))
        for language in LANGUAGES:
            for iso2, territory in territory_names(language).items():
                if iso2 in to_iso3:
                    lookup[_apostrophes(territory).casefold()] = to_iso3[iso2]
    lookup.update({_apostrophes(str(name)).casefold(): iso3 for name, iso3 in exact.items()})
    names = {str(n).casefold(): str(n) for n in countries["name"].dropna()} if "name" in countries.columns else {}
    comma_names = tuple(sorted((n for n in exact if "," in n), key=len, reverse=True))
    name_of = dict(countries[["iso3", "name"]].dropna().astype(str).itertuples(index=False, name=None)) \
        if "name" in countries.columns else {}
    return _Countries(lookup, exact, names, comma_names, name_of)


def _apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u02bc", "'")


def _find_country(value: str, reference: _Countries) -> str | None:
    return reference.lookup.get(_apostrophes(value.strip()).casefold())


def _m49_name(value: str, reference: _Countries) -> str:
    code = _find_country(value, reference)
    return reference.name_of.get(code, code) if code else value


def _suggestion(value: str, reference: _Countries) -> str | None:
    """The M49 name closest to ``value``: one it begins ("Syria" -> "Syrian Arab Republic"), else the closest
    spelling (difflib), else None."""
    key = value.strip().casefold()
    if len(key) >= 4:
        starting = sorted(name for name in reference.names if name.startswith(key))
        if starting:
            return reference.names[starting[0]]
    close = difflib.get_close_matches(key, list(reference.names), n=1, cutoff=0.6)
    return reference.names[close[0]] if close else None


def _resolve_countries(frame: pd.DataFrame, column: str, reference: _Countries, problems: _Problems,
                       *, drop: bool) -> tuple[pd.Series, np.ndarray]:
    """ISO3 per row of the file's ``column`` (blank when blank or "unknown"), and the rows naming an unknown
    country (each given a sentence)."""
    cells = frame[column]
    iso3 = np.full(len(cells), None, dtype=object)
    unknown = np.zeros(len(cells), dtype=bool)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    for index, value in enumerate(uniques):
        text = str(value).strip()
        if _compact(text) in UNKNOWN_COUNTRY_WORDS:
            continue
        code = _find_country(text, reference)
        at = codes == index
        if code is not None:
            iso3[at] = code
            continue
        unknown |= at
        suggestion = _suggestion(text, reference)
        for position in np.flatnonzero(at):
            if drop:
                make = _unknown_country_suggest if suggestion else _unknown_country
            else:
                make = _unknown_country_kept_suggest if suggestion else _unknown_country_kept
            problems.add(position, column, make, found=text, suggestion=suggestion or "")
    return pd.Series(iso3, index=frame.index, dtype=object), unknown


# --- recognising the kind ---------------------------------------------------------------------------------------

def _key(heading: str) -> str:
    return re.sub(r"[\s_\-/]+", " ", str(heading)).strip().casefold()


def _fields(frame: pd.DataFrame, spec: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each field of ``spec`` -> the file's heading for it (the first accepted spelling found)."""
    by_key: dict[str, str] = {}
    for column in frame.columns:
        by_key.setdefault(_key(column), column)
    found: dict[str, str] = {}
    used: set[str] = set()
    for name, spellings in spec.items():
        for spelling in spellings:
            heading = by_key.get(_key(spelling))
            if heading is not None and heading not in used:
                found[name] = heading
                used.add(heading)
                break
    return found


def _iom_columns(frame: pd.DataFrame) -> set[str]:
    keys = {_key(c) for c in frame.columns}
    return {canonical for canonical, spellings in COLUMN_ALIASES.items() if any(_key(s) in keys for s in spellings)}


def _kinds_of(frame: pd.DataFrame) -> tuple[tuple[str, ...], dict[str, float]]:
    """The kinds whose columns the file has in full, and the share of each kind's required columns it has."""
    iom = _iom_columns(frame)
    crossings = _fields(frame, CROSSINGS_FIELDS)
    fraud = _fields(frame, FRAUD_FIELDS)
    share = {
        "incidents": sum(c in iom for c in REQUIRED) / len(REQUIRED),
        # Without its measure a crossings file is still recognised (and refused, saying so).
        "crossings": sum(c in crossings for c in CROSSINGS_REQUIRED if c != "measure") / 3,
        "document_fraud": sum(c in fraud for c in FRAUD_REQUIRED) / len(FRAUD_REQUIRED),
    }
    possible = [kind for kind in KINDS if share[kind] == 1]
    if "document_fraud" in possible and "crossings" in possible and "measure" not in crossings:
        possible.remove("crossings")  # a fraud file's crossing point, period and count are no crossings series
    if "incidents" in possible and len(possible) > 1:
        possible = ["incidents"]  # IOM's own columns say what the file is
    return tuple(possible), share


def _lacks(kind: str, name: str, column: str) -> str:
    file = short_name(name)
    if kind == "incidents":
        return _("The file {file} looks like incident data but lacks the column “{column}”: expected an IOM "
                 "Missing Migrants layout, with columns {columns}.", file=file, column=column,
                 columns=quoted(COLUMN_ALIASES[c][0] for c in REQUIRED))
    if kind == "crossings":
        return _("The file {file} looks like a crossings series but lacks the column “{column}”: expected columns "
                 "“period”, “place”, “measure” and “count” (and “nationality” if you have it).", file=file,
                 column=column)
    return _("The file {file} looks like travel-document fraud detections but lacks the column “{column}”: "
             "expected the columns of the document-fraud template.", file=file, column=column)


# --- the kinds --------------------------------------------------------------------------------------------------

def _compact(value: str) -> str:
    return re.sub(r"[\s_\-/().]+", "", value.casefold())


def _read_periods(frame: pd.DataFrame, columns: Mapping[str, str], problems: _Problems) -> tuple[
        pd.Series, pd.Series, np.ndarray]:
    """``period`` (start of period) and ``grain`` per row, and the rows left out (with sentences)."""
    column = columns["period"]
    text = frame[column]
    n = len(frame)
    period = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    grain = np.full(n, None, dtype=object)
    bad = np.zeros(n, dtype=bool)
    forms = (("year", re.compile(r"^\d{4}$"), "%Y"), ("month", re.compile(r"^\d{4}[-/]\d{1,2}$"), None),
             ("day", re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"), None))
    for position, cell in enumerate(text.to_numpy()):
        if cell is None:
            bad[position] = True
            problems.add(position, column, _blank_cell)
            continue
        value = str(cell)
        for name, pattern, _form in forms:
            if pattern.match(value):
                try:
                    if name == "year":
                        stamp = pd.Timestamp(year=int(value), month=1, day=1)
                    elif name == "month":
                        year, month = re.split(r"[-/]", value)
                        stamp = pd.Timestamp(year=int(year), month=int(month), day=1)
                    else:
                        stamp = pd.Timestamp(re.split(r"[ T]", value)[0])
                except (ValueError, OverflowError):
                    break
                if not 1900 <= stamp.year <= 2100:
                    break
                period[position], grain[position] = stamp.to_datetime64(), name
                break
        else:
            bad[position] = True
            problems.add(position, column, _bad_period, found=value)
            continue
        if grain[position] is None:
            bad[position] = True
            problems.add(position, column, _bad_period, found=value)
    if "grain" in columns:
        given = frame[columns["grain"]]
        for position, cell in enumerate(given.to_numpy()):
            if bad[position] or cell is None:
                continue
            stated = GRAIN_SYNONYMS.get(_compact(str(cell)))
            if stated is None:
                bad[position] = True
                problems.add(position, columns["grain"], _bad_grain, found=str(cell))
                continue
            stamp = pd.Timestamp(period[position])
            if not {"day": True, "month": stamp.day == 1, "year": stamp.day == 1 and stamp.month == 1}[stated]:
                bad[position] = True
                problems.add(position, column, _grain_mismatch, found=str(text.iloc[position]), grain=stated)
                continue
            grain[position] = stated
    return pd.Series(period, index=frame.index), pd.Series(grain, index=frame.index, dtype=object), bad


def _read_count_column(frame: pd.DataFrame, column: str, problems: _Problems) -> tuple[pd.Series, np.ndarray]:
    text = frame[column]
    cleaned = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    cleaned = cleaned.where(~cleaned.str.fullmatch(r"\d{1,3}(,\d{3})+", na=False), cleaned.str.replace(",", ""))
    numbers = pd.to_numeric(cleaned, errors="coerce")
    whole = numbers.notna() & (numbers % 1 == 0) & (numbers >= 0)
    bad = ~whole.to_numpy()
    huge = (whole & (numbers > MAX_COUNT)).to_numpy()
    for position in np.flatnonzero(bad | huge):
        cell = text.iloc[position]
        if cell is None:
            problems.add(position, column, _blank_cell)
        elif huge[position]:
            problems.add(position, column, _huge_count, found=str(cell), limit=format_integer(MAX_COUNT))
        else:
            problems.add(position, column, _bad_count, found=str(cell))
    bad = bad | huge
    return pd.Series(np.where(bad, 0, numbers.fillna(0)).astype(np.int64), index=frame.index), bad


def _read_choice(frame: pd.DataFrame, column: str, synonyms: Mapping[str, str], expected: str,
                 make: Callable[..., str], problems: _Problems) -> tuple[pd.Series, np.ndarray]:
    text = frame[column]
    values = np.full(len(text), None, dtype=object)
    bad = np.zeros(len(text), dtype=bool)
    for position, cell in enumerate(text.to_numpy()):
        if cell is None:
            bad[position] = True
            problems.add(position, column, _blank_cell)
            continue
        value = synonyms.get(_compact(str(cell)))
        if value is None:
            bad[position] = True
            problems.add(position, column, make, found=str(cell), expected=expected)
        else:
            values[position] = value
    return pd.Series(values, index=frame.index, dtype=object), bad


def _read_text(frame: pd.DataFrame, column: str, problems: _Problems, *, required: bool) -> tuple[
        pd.Series, np.ndarray]:
    text = frame[column]
    bad = np.zeros(len(text), dtype=bool)
    if required:
        bad = text.isna().to_numpy()
        for position in np.flatnonzero(bad):
            problems.add(position, column, _blank_cell)
    lengths = text.str.len().fillna(0).to_numpy()
    for position in np.flatnonzero(lengths > MAX_TEXT_CHARS):
        problems.add(position, column, _text_cut, length=format_integer(int(lengths[position])),
                     limit=format_integer(MAX_TEXT_CHARS))
    cut = text.where(text.str.len().fillna(0) <= MAX_TEXT_CHARS, text.str.slice(0, MAX_TEXT_CHARS - 1) + "…")
    return cut, bad


def _duplicates(frame: pd.DataFrame, problems: _Problems, candidates: np.ndarray) -> np.ndarray:
    """Rows (among ``candidates``) repeating an earlier candidate row cell for cell, each given a sentence."""
    if not candidates.any():
        return np.zeros(len(frame), dtype=bool)
    subset = frame[candidates]
    keys = pd.util.hash_pandas_object(subset.fillna("\x00"), index=False).to_numpy()
    first_of: dict[int, int] = {}
    repeats = np.zeros(len(frame), dtype=bool)
    for position, key in zip(np.flatnonzero(candidates), keys):
        earlier = first_of.get(int(key))
        if earlier is None:
            first_of[int(key)] = position
            continue
        if frame.iloc[earlier].equals(frame.iloc[position]):
            repeats[position] = True
            problems.add(position, None, _duplicate_row, first=int(problems.rows[earlier]))
    return repeats


def _examples(frame: pd.DataFrame) -> np.ndarray:
    """Rows marked as invented template examples in a ``note`` column."""
    note = next((c for c in frame.columns if _key(c) == "note"), None)
    if note is None:
        return np.zeros(len(frame), dtype=bool)
    return frame[note].str.upper().str.contains(EXAMPLE_MARKER, regex=False, na=False).to_numpy()


def _series_kind(kind: str, table: _Table, problems: _Problems, reference: _Countries,
                 skip: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """A crossings or fraud file's canonical frame (before dropping) and the rows to drop."""
    frame = table.frame
    spec = CROSSINGS_FIELDS if kind == "crossings" else FRAUD_FIELDS
    columns = _fields(frame, spec)
    bad = skip.copy()
    period, grain, bad_period = _read_periods(frame, columns, problems)
    bad |= bad_period
    count, bad_count = _read_count_column(frame, columns["count"], problems)
    bad |= bad_count
    out = {"period": period, "grain": grain}
    if kind == "crossings":
        out["place"], bad_place = _read_text(frame, columns["place"], problems, required=True)
        bad |= bad_place
        if "nationality" in columns:
            out["nationality_iso3"], unknown = _resolve_countries(frame, columns["nationality"], reference, problems,
                                                                  drop=True)
            bad |= unknown
        else:
            out["nationality_iso3"] = pd.Series(None, index=frame.index, dtype=object)
        out["count"] = count
        out["measure"], bad_measure = _read_choice(frame, columns["measure"], MEASURE_SYNONYMS, ", ".join(MEASURES),
                                                   _bad_measure, problems)
        bad |= bad_measure
    else:
        out["crossing_point"], bad_point = _read_text(frame, columns["crossing_point"], problems, required=True)
        bad |= bad_point
        for field_name in ("country_of_detection", "issuing_country", "nationality"):
            out[f"{field_name}_iso3"], unknown = _resolve_countries(frame, columns[field_name], reference, problems,
                                                                    drop=True)
            bad |= unknown
        out["document_type"], bad_document = _read_choice(
            frame, columns["document_type"], DOCUMENT_SYNONYMS, "passport, visa, residence permit, ID card, other",
            _bad_document, problems)
        out["fraud_type"], bad_fraud = _read_choice(
            frame, columns["fraud_type"], FRAUD_SYNONYMS,
            "counterfeit, forged, fraudulently obtained genuine, impostor (look-alike), stolen blank",
            _bad_fraud, problems)
        bad |= bad_document | bad_fraud
        if "route" in columns:
            out["route"], _unused = _read_text(frame, columns["route"], problems, required=False)
        else:
            out["route"] = pd.Series(None, index=frame.index, dtype=object)
        out["count"] = count
    bad |= _duplicates(frame, problems, ~bad)
    return pd.DataFrame(out)[list(CANONICAL[kind])], bad


def _typed(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical dtypes of a crossings or fraud frame (also for an empty one)."""
    out = frame.reset_index(drop=True).copy()
    out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    out["count"] = out["count"].astype(np.int64)
    for column in out.columns:
        if column not in ("period", "count"):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def empty_frame(kind: str) -> pd.DataFrame:
    """A frame of ``kind``'s canonical columns and dtypes with no rows."""
    if kind == "incidents":
        return pd.DataFrame({c: pd.Series(dtype=object) for c in INCIDENT_COLUMNS})
    return _typed(kind, pd.DataFrame({c: pd.Series(dtype=object) for c in CANONICAL[kind]}).assign(
        count=pd.Series(dtype=np.int64)))


def _incident_kind(name: str, table: _Table, problems: _Problems, reference: _Countries,
                   skip: np.ndarray) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Uploaded incidents: rows the IOM reader would refuse are set aside with a sentence each, the rest cleaned as
    the public exports are; unknown countries are named (the rows kept)."""
    raw = table.frame
    cols = match_columns(raw, Path(name))
    bad = skip.copy()

    def check(canonical: str, mask: np.ndarray, make: Callable[..., str]) -> None:
        for position in np.flatnonzero(mask & ~bad):
            problems.add(position, cols[canonical], make, found=str(raw[cols[canonical]].iloc[position]))
        bad[:] |= mask

    ids = raw[cols["incident_id"]]
    blank_id = ids.isna().to_numpy()
    for position in np.flatnonzero(blank_id & ~bad):
        problems.add(position, cols["incident_id"], _blank_incident_id)
    bad |= blank_id
    dates, bad_dates = read_dates(raw[cols["date"]])
    check("date", bad_dates.to_numpy(), _bad_incident_date)
    outside = (dates.notna() & ((dates < FIRST_DATE) | (dates > LAST_DATE))).to_numpy()
    for position in np.flatnonzero(outside & ~bad):
        problems.add(position, cols["date"], _incident_date_outside, found=str(raw[cols["date"]].iloc[position]),
                     first=FIRST_DATE.year, last=LAST_DATE.year)
    for canonical in (*COUNT_COLUMNS, "year"):
        if canonical in cols:
            check(canonical, read_counts(raw[cols[canonical]])[1].to_numpy(), _bad_incident_count)
    check("coordinates", read_coordinates(raw[cols["coordinates"]])[2].to_numpy(), _bad_coordinates)
    if "source_quality" in cols:
        check("source_quality", (source_quality_scores(raw[cols["source_quality"]]) == -1).to_numpy(), _bad_quality)
    bad |= _duplicates(raw, problems, ~bad)
    # The same ID twice: the later row wins, as between IOM exports.
    repeated = np.zeros(len(ids), dtype=bool)
    repeated[np.flatnonzero(~bad)] = ids[~bad].duplicated(keep="last").to_numpy()
    if repeated.any():
        later = {}
        for position in range(len(ids) - 1, -1, -1):
            if bad[position] or ids.iloc[position] is None:
                continue
            identifier = ids.iloc[position]
            if identifier in later:
                problems.add(position, cols["incident_id"], _duplicate_id, found=str(identifier),
                             later=int(problems.rows[later[identifier]]))
            else:
                later[identifier] = position
        bad |= repeated
    for position, column in enumerate(raw.columns):
        lengths = raw.iloc[:, position].str.len().fillna(0).to_numpy()
        for row in np.flatnonzero((lengths > INCIDENT_TEXT_CHARS) & ~bad):
            problems.add(row, column, _text_cut, length=format_integer(int(lengths[row])),
                         limit=format_integer(INCIDENT_TEXT_CHARS))
    # Country names: each distinct cell looked at once; an unknown name is named (its rows kept, without it), and
    # a known name in other capitals is written as the table spells it (the IOM reader matches names as spelt).
    for canonical in ("country_of_incident", "country_of_origin"):
        if canonical not in cols:
            continue
        codes, cells = pd.factorize(raw[cols[canonical]], use_na_sentinel=True)
        fixed_cells = list(cells)
        for index, cell in enumerate(cells):
            values = split_protected(cell, reference.comma_names)
            unknown = [v for v in values if v not in reference.exact and _compact(v) not in UNKNOWN_COUNTRY_WORDS
                       and _find_country(v, reference) is None]
            if any(v not in reference.exact and _find_country(v, reference) for v in values):
                # The IOM reader matches names as spelt: a known name in other words is given as M49 spells it.
                fixed_cells[index] = ",".join(v if v in reference.exact else _m49_name(v, reference) for v in values)
            for value in unknown:
                suggestion = _suggestion(value, reference)
                for position in np.flatnonzero((codes == index) & ~bad):
                    problems.add(position, cols[canonical],
                                 _unknown_country_kept_suggest if suggestion else _unknown_country_kept,
                                 found=value, suggestion=suggestion or "")
        if fixed_cells != list(cells):
            values = np.array([*fixed_cells, None], dtype=object)
            raw[cols[canonical]] = values[np.where(codes < 0, len(fixed_cells), codes)]
    good = raw[~bad].reset_index(drop=True)
    if good.empty:
        return None, bad
    cleaned = clean_fatality_frame(good, name, reference.exact)
    for column in ("main_id", "incident_id"):
        cleaned[column] = ID_PREFIX + cleaned[column].astype(str)
    cleaned["source_file"] = name
    return finish_incidents(cleaned), bad


# --- the entry point ------------------------------------------------------------------------------------------------

def read_upload(name: str, data: bytes, kind: str | None = None, countries: pd.DataFrame | None = None,
                *, keep_examples: bool = False) -> Upload:
    """Read one uploaded file (see the module docstring); never raises, never writes.

    ``kind``: the kind the user chose when the columns fit several (None: recognised from the columns).
    ``countries``: the M49 table as :func:`loaders.countries.read_countries` returns it (None: the shipped one).
    ``keep_examples``: keep rows marked as invented template examples (the template's own round-trip test).
    """
    name = str(name) if name else "upload"
    try:
        return _read_upload(name, data, kind if kind in KINDS else None, countries, keep_examples)
    except _Refused as refused:
        return _refused(name, refused.sentence, refused.possible_kinds)
    except Exception as exc:  # noqa: BLE001 - a file the reader does not foresee: one sentence, never a traceback
        # Only the error's type goes to the server's log: its message or traceback could quote the user's cells.
        _log.warning("An uploaded file could not be read (%s)", type(exc).__name__)
        return _refused(name, _("The file {file} holds something the app cannot read: expected a table made from "
                                "one of the templates.", file=short_name(name)))


def _refused(name: str, sentence: str, possible: tuple[str, ...] = (), rows: int = 0,
             problems: tuple[UploadProblem, ...] = ()) -> Upload:
    return Upload(name, None, possible, pd.DataFrame(), rows, rows, problems, sentence)


def _read_upload(name: str, data: bytes, kind: str | None, countries: pd.DataFrame | None,
                 keep_examples: bool) -> Upload:
    data = bytes(data or b"")
    size = len(data)
    if size > MAX_UPLOAD_BYTES:
        raise _Refused(_("The file {file} is {size} MB, more than the limit of {limit} MB: split it into smaller "
                         "files.", file=short_name(name), size=format_integer(int(np.ceil(size / 1024 / 1024))),
                         limit=format_integer(MAX_UPLOAD_MB)))
    table = _read_table(name, data)
    frame = table.frame
    if frame.empty:
        raise _Refused(_("The file {file} has a header but no data rows: expected at least one data row under the "
                         "header.", file=short_name(name)))
    possible, share = _kinds_of(frame)
    if kind is None:
        if len(possible) > 1:
            return Upload(name, None, possible, pd.DataFrame(), len(frame), 0, tuple(table.notes), None)
        if not possible:
            best = max(KINDS, key=lambda k: share[k])
            if share[best] == 0:
                raise _Refused(_("The file {file} has none of the columns the app reads: expected the columns of one "
                                 "of the templates (incidents, crossings or travel-document fraud).",
                                 file=short_name(name)))
            kind = best
        else:
            kind = possible[0]
    problems = _Problems(name, table.rows)
    for note in table.notes:
        problems.note(note.sentence)
    # Columns: refuse, naming the first one missing.
    if kind == "incidents":
        try:
            match_columns(frame, Path(name))
        except DataFileError as error:
            raise _Refused(_lacks(kind, name, error.column or ""), possible) from None
    else:
        columns = _fields(frame, CROSSINGS_FIELDS if kind == "crossings" else FRAUD_FIELDS)
        required = CROSSINGS_REQUIRED if kind == "crossings" else FRAUD_REQUIRED
        if kind == "crossings" and "measure" not in columns and all(c in columns for c in required if c != "measure"):
            raise _Refused(_("The file {file} has no “measure” column: expected one saying on every row what is "
                             "counted ({measures}), so that unlike measures are never added.",
                             file=short_name(name), measures=", ".join(MEASURES)), ("crossings",))
        missing = [c for c in required if c not in columns]
        if missing:
            raise _Refused(_lacks(kind, name, missing[0]), possible)
    examples = np.zeros(len(frame), dtype=bool) if keep_examples else _examples(frame)
    if examples.any():
        count = int(examples.sum())
        problems.note(ngettext(
            "The file {file} holds {count} row marked as an invented example of the template: it is left out, as "
            "it is no real figure.",
            "The file {file} holds {count} rows marked as invented examples of the template: they are left out, as "
            "they are no real figures.", count, file=short_name(name), count=format_integer(count)))
    reference = _country_reference(countries)
    if kind == "incidents":
        result, bad = _incident_kind(name, table, problems, reference, examples)
        out = result if result is not None else empty_frame("incidents")
    else:
        canonical, bad = _series_kind(kind, table, problems, reference, examples)
        out = _typed(kind, canonical[~bad])
    dropped = int(bad.sum())
    listed = problems.result()
    if out.empty:
        sentence = _("No row of the file {file} can be used: each has a problem listed.", file=short_name(name)) \
            if dropped > int(examples.sum()) else _(
            "No row of the file {file} can be used: it holds only the template's invented examples.",
            file=short_name(name))
        return Upload(name, None, possible or (kind,), empty_frame(kind), len(frame), dropped, listed, sentence)
    return Upload(name, kind, possible or (kind,), out, len(frame), dropped, listed, None)


# --- templates ------------------------------------------------------------------------------------------------------

TEMPLATE_FORMATS = ("csv", "xlsx", "dictionary.csv")


def templates_dir(root: Path | None = None) -> Path:
    """The folder of the shipped templates."""
    return (root or data_dir()) / "templates"


def template_path(kind: str, fmt: str, root: Path | None = None) -> Path:
    """The shipped template of ``kind`` in ``fmt`` ("csv", "xlsx" or "dictionary.csv")."""
    if kind not in KINDS or fmt not in TEMPLATE_FORMATS:
        raise ValueError(f"no template {kind!r} in format {fmt!r}")
    stem = f"{kind}_dictionary.csv" if fmt == "dictionary.csv" else f"{kind}.{fmt}"
    return templates_dir(root) / stem


def template_bytes(kind: str, fmt: str) -> bytes:
    """The shipped template of ``kind`` ("incidents", "crossings", "document_fraud") as ``fmt`` ("csv", "xlsx" or
    "dictionary.csv"), for a download button. Raises ValueError for an unknown kind or format, DataFileError
    when the file is missing (run ``tools/build_templates.py``)."""
    path = template_path(kind, fmt)
    if not path.is_file():
        raise DataFileError(path, N_("The data file {file} is missing."),
                            expected=N_("a file named {file} in the data folder"))
    return path.read_bytes()


def template_rows(kind: str) -> list[list[str]]:
    """The template of ``kind`` as rows of cells: the header, then the invented examples."""
    header = [c.name for c in TEMPLATE_COLUMNS[kind]]
    return [header, *([row.get(c, "") for c in header] for row in TEMPLATE_EXAMPLES[kind])]


def template_csv(kind: str) -> bytes:
    """The CSV template of ``kind``: the banner line, the header, the invented examples (UTF-8)."""
    buffer = io.StringIO()
    buffer.write(TEMPLATE_BANNER + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(template_rows(kind))
    return buffer.getvalue().encode("utf-8")


def dictionary_rows(kind: str) -> list[list[str]]:
    """The data dictionary of ``kind``: a header, then one row per column (in English, as the files are)."""
    return [["column", "required", "meaning", "accepted values"],
            *([c.name, "yes" if c.required else "no", c.meaning, c.accepts] for c in TEMPLATE_COLUMNS[kind])]


def dictionary_csv(kind: str) -> bytes:
    """The data dictionary of ``kind`` as CSV (UTF-8)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(dictionary_rows(kind))
    return buffer.getvalue().encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """The XLSX template of ``kind``: a sheet of the invented examples under the banner, and a "Dictionary" sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = _dt.datetime(2026, 12, 2)
    sheet = book.active
    sheet.title = "Examples (invented)"
    sheet.append([TEMPLATE_BANNER])
    for row in template_rows(kind):
        sheet.append(row)
    dictionary = book.create_sheet("Dictionary")
    for row in dictionary_rows(kind):
        dictionary.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    # The same bytes on every build: each part re-stored with one fixed date (openpyxl stamps the time of saving).
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for part in saved.infolist():
            out.writestr(zipfile.ZipInfo(part.filename, date_time=(2026, 12, 2, 0, 0, 0)), saved.read(part),
                         compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()
