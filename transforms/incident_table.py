"""The incident table: one row per incident, searchable, made once per data version and sliced per view."""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from i18n import N_, _, pgettext
from loaders.fatalities import TUPLE_COLUMNS, value_codes
from transforms.exports import as_text, csv_with_header, safe_text, spreadsheet_safe

#: Shown (and exported) columns, in order: field name -> (meaning, unit or ""), translated where shown
#: (:func:`table_text`).
TABLE_COLUMNS: dict[str, tuple[str, str]] = {
    "date": (N_("Date of the incident (or of its report)"), N_("day")),
    "incident_id": (N_("IOM Incident ID (one row per ID; a split incident has one row per nationality group)"), ""),
    "region_of_incident": (N_("IOM region where the incident happened"), ""),
    "country_of_incident": (
        N_("Country where, or off whose coast, it happened (blank at sea and in the 2026 export)"), ""),
    "location": (N_("Place, as IOM describes it"), ""),
    "migration_route": (N_("IOM migration route (blank for most incidents in Asia)"), ""),
    "sea_or_border": (N_("Where the coordinates lie: a border zone (land within 50 km of the border of the two "
                         "countries named by ISO3 codes), else a named sea area (Natural Earth), “open sea” or "
                         "“on land”"), ""),
    "cause_of_death": (N_("IOM cause-of-death categories, joined with “; ”"), ""),
    "country_of_origin": (N_("Countries of origin of the victims, joined with “; ”"), ""),
    "dead": (N_("Dead (bodies recovered)"), N_("people")),
    "missing": (N_("Missing and presumed dead, minimum estimate (a negative value is IOM's own correction)"),
                N_("people")),
    "dead_missing": (N_("Dead and missing"), N_("people")),
    "survivors": (N_("Survivors, where known"), N_("people")),
    "children": (N_("Children among the dead and missing, where known"), N_("people")),
    "source_quality": (N_("IOM source quality, 1 (one media report) to 5 (official or several verified sources)"),
                       N_("score 1-5")),
    "information_source": (N_("Who reported the incident"), ""),
    "source_link": (N_("The first web address in the source URL field, as a link (not fetched by the app)"), ""),
    "source_url": (N_("The source URL field as IOM gives it (may hold several addresses)"), ""),
    "lat": (N_("Latitude"), N_("degrees (WGS84)")),
    "lon": (N_("Longitude"), N_("degrees (WGS84)")),
    "quality_flags": (N_("How the app's reader handled quirks of this row"), ""),
}


def column_headers() -> dict[str, str]:
    """Each shown column's header in the active language (English keeps the field names, as the downloads have
    always had them): field name -> header."""
    # Translators: the incident table's column headers, shown and in its CSV and Excel downloads. English keeps
    # the data's field names; translate them as short headers (each column's meaning is its help text).
    return {
        "date": pgettext("incident table column", "date"),
        "incident_id": pgettext("incident table column", "incident_id"),
        "region_of_incident": pgettext("incident table column", "region_of_incident"),
        "country_of_incident": pgettext("incident table column", "country_of_incident"),
        "location": pgettext("incident table column", "location"),
        "migration_route": pgettext("incident table column", "migration_route"),
        "sea_or_border": pgettext("incident table column", "sea_or_border"),
        "cause_of_death": pgettext("incident table column", "cause_of_death"),
        "country_of_origin": pgettext("incident table column", "country_of_origin"),
        "dead": pgettext("incident table column", "dead"),
        "missing": pgettext("incident table column", "missing"),
        "dead_missing": pgettext("incident table column", "dead_missing"),
        "survivors": pgettext("incident table column", "survivors"),
        "children": pgettext("incident table column", "children"),
        "source_quality": pgettext("incident table column", "source_quality"),
        "information_source": pgettext("incident table column", "information_source"),
        "source_link": pgettext("incident table column", "source_link"),
        "source_url": pgettext("incident table column", "source_url"),
        "lat": pgettext("incident table column", "lat"),
        "lon": pgettext("incident table column", "lon"),
        "quality_flags": pgettext("incident table column", "quality_flags"),
    }


#: Characters an Excel sheet name cannot hold.
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]+")


def _sheet_name(name: str, fallback: str) -> str:
    """``name`` as Excel takes a sheet name (at most 31 characters, none of []:*?/\\), or ``fallback``."""
    return _NOT_IN_SHEET_NAME.sub(" ", name).strip(" '")[:31].strip() or fallback


@dataclass(frozen=True)
class TableText:
    """The words of the table's downloads in one language (made by :func:`table_text` where the page runs, as a
    download is built on click, outside the page's run and its language).

    ``columns``: field name -> (header, meaning, unit); ``about``: the About sheet's column headers (column,
    meaning, unit); ``data_sheet``, ``about_sheet``: the Excel sheets' names.
    """

    columns: dict[str, tuple[str, str, str]] = dataclasses.field(default_factory=dict)
    about: tuple[str, str, str] = ("column", "meaning", "unit")
    data_sheet: str = "Incidents"
    about_sheet: str = "About"


def table_text() -> TableText:
    """The :class:`TableText` of the active language."""
    headers = column_headers()
    return TableText(
        columns={name: (headers[name], _(meaning), _(unit) if unit else "")
                 for name, (meaning, unit) in TABLE_COLUMNS.items()},
        # Translators: the headers of the About sheet of the incident table's Excel download (English keeps
        # lower-case field-like names): the column's header, what it means, its unit.
        about=(pgettext("about sheet header", "column"), pgettext("about sheet header", "meaning"),
               pgettext("about sheet header", "unit")),
        # Translators: the name of an Excel sheet (at most 31 characters, none of []:*?/\\).
        data_sheet=_sheet_name(_("Incidents"), DATA_SHEET),
        # Translators: the name of an Excel sheet (at most 31 characters, none of []:*?/\\).
        about_sheet=_sheet_name(_("About"), ABOUT_SHEET),
    )


def column_help(text: TableText) -> dict[str, str]:
    """Each column's help text as the table shows it: its meaning, and its unit in brackets when it has one."""
    # Translators: a column's help text in the incident table: what it holds, then its unit.
    return {name: _("{meaning} ({unit})", meaning=meaning, unit=unit) if unit else meaning
            for name, (_header, meaning, unit) in text.columns.items()}


#: Fields the search box looks in: location, route, country, origin, source.
SEARCH_FIELDS = ("location", "migration_route", "country_of_incident", "country_of_origin",
                 "information_source", "source_url")


def search_fields_text() -> str:
    """The sentence naming the fields the search looks in (:data:`SEARCH_FIELDS`, in that order), in the active
    language (one message, so each language can name and order them)."""
    return _("Search looks in: location, migration route, country of incident, country of origin, information "
             "source, source url.")


LINK_PATTERN = re.compile(r"https?://[^\s,;\u00a0<>\"']+")


def first_link(cell: object) -> str | None:
    """The first http(s) address in a source URL cell, or None (other schemes are never linked)."""
    if not isinstance(cell, str):
        return None
    found = LINK_PATTERN.search(cell)
    return found.group(0) if found else None


def _joined(cell: object) -> object:
    return "; ".join(cell) if isinstance(cell, tuple) else cell


def _table_view(incidents: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """The table shown: :data:`TABLE_COLUMNS` from the canonical frame, its rows in ``order`` (positions).

    Needs the canonical columns of :mod:`loaders.fatalities`. List cells
    (cause_of_death, country_of_origin) become "; "-joined text; ``source_link``
    is the first http(s) address of ``source_url``. Text cells are already
    spreadsheet-safe, so the table's own toolbar download (Streamlit's) is safe
    too and shows the same cells as the CSV and Excel downloads.
    """
    if "sea_or_border" not in incidents.columns:  # a frame the spatial step has not placed
        incidents = incidents.assign(sea_or_border=pd.Series(pd.array([None] * len(incidents), dtype="str"),
                                                             index=incidents.index))
    columns = [c for c in TABLE_COLUMNS if c != "source_link"]
    out = incidents[columns].assign(source_link=incidents["source_url"].map(first_link))
    out["sea_or_border"] = out["sea_or_border"].astype("str")
    for column in (c for c in columns if c in TUPLE_COLUMNS):
        # Each distinct list joined once, spread to the rows by their integer codes.
        codes, cells = value_codes(incidents, column)
        joined = pd.array([_joined(cell) for cell in cells] + [None], dtype="str")
        out[column] = pd.Series(joined.take(codes), index=out.index) if len(codes) else pd.Series(
            joined[:0], index=out.index)
    out = out.iloc[order]
    return spreadsheet_safe(out[list(TABLE_COLUMNS)]).reset_index(drop=True)


def view_order(incidents: pd.DataFrame) -> np.ndarray:
    """Row positions of ``incidents`` in the table's order: newest first, then by Incident ID, undated last
    (a stable sort, so a subset of the rows keeps the order they have in the whole table)."""
    keys = incidents[["date", "incident_id"]].reset_index(drop=True)
    return keys.sort_values(["date", "incident_id"], ascending=[False, True], na_position="last",
                            kind="stable").index.to_numpy(dtype=np.intp)


@dataclass(frozen=True)
class TableIndex:
    """The table of every incident, made once per data version, from which any selection is read.

    ``view``: the table shown (:data:`TABLE_COLUMNS`, newest first) of the whole incident frame; ``arrow``: the
    same as an Arrow table (sharing its text buffers); ``rank``: for each row of the incident frame, its row in
    ``view``; ``events``: each view row's ``event_code`` (its Main ID), to count incidents.
    """

    view: pd.DataFrame
    arrow: pa.Table
    rank: np.ndarray
    events: np.ndarray


def table_index(incidents: pd.DataFrame) -> TableIndex:
    """The :class:`TableIndex` of the canonical incident frame (needs its ``event_code`` column)."""
    order = view_order(incidents)
    view = _table_view(incidents, order)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order), dtype=np.intp)
    return TableIndex(view, pa.Table.from_pandas(view, preserve_index=False), rank,
                      incidents["event_code"].to_numpy()[order])


@dataclass(frozen=True)
class ShownTable:
    """The rows of a :class:`TableIndex` shown for one selection and search: ``rows`` (view rows, in view
    order) and ``arrow`` (those rows as an Arrow table: a zero-copy slice when they are consecutive, as a
    period alone gives). :meth:`frame` gives them as pandas."""

    index: TableIndex
    rows: np.ndarray
    arrow: pa.Table

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        """The shown rows as pandas (the rows of the index's ``view`` at ``rows``)."""
        return _take(self.index.view, self.rows).reset_index(drop=True)

    def incidents(self) -> int:
        """How many incidents (distinct Main IDs) the shown rows belong to."""
        return len(np.unique(self.index.events[self.rows]))


def _take(table: pd.DataFrame | pa.Table, rows: np.ndarray) -> pd.DataFrame | pa.Table:
    """``rows`` (sorted positions) of a pandas or Arrow table: a zero-copy slice when they are consecutive."""
    if len(rows) == 0 or int(rows[-1]) - int(rows[0]) + 1 == len(rows):
        start = int(rows[0]) if len(rows) else 0
        return table.slice(start, len(rows)) if isinstance(table, pa.Table) else table.iloc[start:start + len(rows)]
    return table.take(pa.array(rows)) if isinstance(table, pa.Table) else table.take(rows)


#: The longest search read, in characters (words joined by one space): a longer one, from a link or pasted, is
#: cut, and the search box takes no more.
MAX_SEARCH_CHARS = 200
#: The most distinct words one search looks for (case ignored): later words are left out.
MAX_SEARCH_WORDS = 10

_WORD = re.compile(r"\S+")  # what str.split() splits out: a run of non-whitespace


@dataclass(frozen=True)
class Search:
    """A search as the Incident table reads it (made by :func:`parse_search`).

    ``text``: the words kept, in the order given, each once, joined by one space: what the box shows and the URL
    keeps; ``words``: the same words case-folded, for matching; ``shortened``: whether words were left out (or an
    over-long first word cut) to keep within :data:`MAX_SEARCH_CHARS` and :data:`MAX_SEARCH_WORDS`.
    """

    text: str
    words: tuple[str, ...]
    shortened: bool


def parse_search(raw: str | None) -> Search:
    """The :class:`Search` of what was typed in the box or given as ``q=`` in a link: the one place the limits
    are applied.

    Words are read in order (runs of whitespace separate them; leading and trailing whitespace is dropped) until
    the words read so far, joined by one space, would pass :data:`MAX_SEARCH_CHARS`; a word given again (case
    ignored) is kept once, and at most :data:`MAX_SEARCH_WORDS` distinct words are kept. A first word longer than
    the limit is cut to it. Reading stops at the limit, so a huge value costs no more than a short one.
    Applying it to its own ``text`` gives the same search, not shortened.
    """
    kept: list[str] = []
    folded: list[str] = []
    length = -1  # of the words read so far, joined by one space
    shortened = False
    for match in _WORD.finditer(raw or ""):
        word = match.group()
        if length + 1 + len(word) > MAX_SEARCH_CHARS:
            shortened = True
            if not kept:
                kept.append(word[:MAX_SEARCH_CHARS])
                folded.append(kept[0].casefold())
            break
        length += 1 + len(word)
        key = word.casefold()
        if key in folded:
            continue
        if len(kept) == MAX_SEARCH_WORDS:
            shortened = True
            break
        kept.append(word)
        folded.append(key)
    return Search(" ".join(kept), tuple(folded), shortened)


def shown_table(index: TableIndex, positions: np.ndarray, query: str | None) -> ShownTable:
    """The table rows of the incidents at ``positions`` (rows of the incident frame ``index`` was made
    from) that match every word of ``query`` (see :func:`search_mask`), newest first."""
    rows = np.sort(index.rank[np.asarray(positions, dtype=np.intp)])
    if parse_search(query).words and len(rows):
        rows = rows[search_mask(_take(index.view[list(SEARCH_FIELDS)], rows), query)]
    return ShownTable(index, rows, _take(index.arrow, rows))


def search_mask(table: pd.DataFrame, query: str | None) -> np.ndarray:
    """Which rows of ``table`` (holding the :data:`SEARCH_FIELDS`) match every word of ``query`` (case ignored,
    plain text, not a pattern): each word must appear in at least one of the fields. A blank query matches
    every row. Only the words :func:`parse_search` keeps are looked for.

    Each word is looked for only among the rows that matched the words before it, longest word first (a long word
    is usually the rarer), and a word inside a longer word already found is not looked for again; the scan stops
    as soon as no row is left.
    """
    words = parse_search(query).words
    if not words:
        return np.ones(len(table), dtype=bool)
    haystack = _search_text(table)
    candidates = np.arange(len(table), dtype=np.intp)
    for word in _words_to_scan(words):
        if not len(candidates):
            break
        among = haystack if len(candidates) == len(haystack) else haystack.iloc[candidates]
        candidates = candidates[among.str.contains(word, regex=False).to_numpy(dtype=bool)]
    mask = np.zeros(len(table), dtype=bool)
    mask[candidates] = True
    return mask


def _search_text(table: pd.DataFrame) -> pd.Series:
    """Each row's searchable text, case-folded: the :data:`SEARCH_FIELDS` joined by " | " (list cells by "; ",
    a blank field as "")."""
    fields = []
    for field in SEARCH_FIELDS:
        column = table[field]
        if column.dtype == object:
            column = column.map(_joined)
        fields.append(column.astype("str").fillna(""))
    return fields[0].str.cat(fields[1:], sep=" | ").str.casefold()


def _words_to_scan(words: tuple[str, ...]) -> list[str]:
    """``words`` longest first, without any word that lies inside a longer one (found wherever that one is)."""
    scan: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        if not any(word in longer for longer in scan):
            scan.append(word)
    return scan


DATA_SHEET = "Incidents"


ABOUT_SHEET = "About"


def shown_csv(shown: ShownTable, header_lines: list[str], text: TableText | None = None) -> bytes:
    """:func:`table_csv` of the shown rows (built when the download is clicked), with ``text``'s headers."""
    return table_csv(shown.frame(), header_lines, text)


def shown_excel(shown: ShownTable, header_lines: list[str], text: TableText | None = None) -> bytes:
    """:func:`table_excel` of the shown rows (built when the download is clicked), in ``text``'s words."""
    return table_excel(shown.frame(), header_lines, text)


def _with_headers(table: pd.DataFrame, text: TableText | None) -> pd.DataFrame:
    """``table`` with ``text``'s column headers (unchanged without ``text``, or for a column it does not name)."""
    if text is None:
        return table
    return table.rename(columns={name: header for name, (header, _meaning, _unit) in text.columns.items()})


def table_csv(table: pd.DataFrame, header_lines: list[str], text: TableText | None = None) -> bytes:
    """CSV bytes of ``table``: the header lines (each one quoted cell starting "# "), then the spreadsheet-safe
    table, every field quoted (:func:`transforms.exports.csv_with_header`); headers from ``text`` when given."""
    return csv_with_header(_with_headers(table, text), header_lines)


def _clean_text(cell: object) -> object:
    """Drop control characters that the XLSX format cannot hold (openpyxl would refuse the file)."""
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def _xlsx_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells hold no character the XLSX format cannot hold, then made
    spreadsheet-safe (in that order: the apostrophe is decided on the text as it will be written), with
    spreadsheet-safe column names."""
    out = frame.copy()
    for column in out.columns:
        series = as_text(out[column]) if isinstance(out[column].dtype, pd.CategoricalDtype) else out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_clean_text)
    return spreadsheet_safe(out).rename(columns=lambda label: safe_text(label) if isinstance(label, str) else label)


def _no_formulas(sheet) -> None:
    """Make every cell of an openpyxl sheet that openpyxl would write as a formula (a string starting with "=")
    a string cell. Nothing the app writes should start with "=" (see :func:`_xlsx_text`): this is the last guard.

    Reads the sheet's own cell store (``_cells``) rather than ``iter_rows``, which would add an empty cell at every
    blank position of the header rows.
    """
    for cell in sheet._cells.values():
        if cell.data_type == "f":
            cell.data_type = "s"


def table_excel(table: pd.DataFrame, header_lines: list[str], text: TableText | None = None) -> bytes:
    """XLSX bytes: sheet "Incidents" (header lines, a blank row, the spreadsheet-safe table) and sheet "About".

    Dates are written as dates (yyyy-mm-dd); blank counts stay empty cells. No cell is a formula: every text
    cell, column name and header line is spreadsheet-safe (:func:`transforms.exports.safe_text`), and any cell
    that would still be written as a formula is written as text. ``text`` gives the headers, the About sheet's
    words and the sheets' names (English field names and meanings without it).
    """
    words = text or TableText(columns={name: (name, meaning, unit) for name, (meaning, unit) in TABLE_COLUMNS.items()})
    data_sheet, about_sheet = words.data_sheet, words.about_sheet
    if data_sheet == about_sheet:  # two sheets cannot share a name
        data_sheet, about_sheet = DATA_SHEET, ABOUT_SHEET
    safe = _xlsx_text(_with_headers(table, text))
    header = [safe_text(_clean_text(line)) for line in header_lines]
    about = _xlsx_text(pd.DataFrame([dict(zip(words.about, words.columns[name]))
                                     for name in TABLE_COLUMNS if name in table.columns and name in words.columns],
                                    columns=list(words.about)))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format="YYYY-MM-DD",
                        datetime_format="YYYY-MM-DD") as writer:
        start = len(header) + 1
        safe.to_excel(writer, sheet_name=data_sheet, index=False, startrow=start)
        sheet = writer.sheets[data_sheet]
        for row, line in enumerate(header, start=1):
            sheet.cell(row=row, column=1, value=line)
        sheet.freeze_panes = sheet.cell(row=start + 2, column=1)
        about_start = len(header) + 1
        about.to_excel(writer, sheet_name=about_sheet, index=False, startrow=about_start)
        about_cells = writer.sheets[about_sheet]
        for row, line in enumerate(header, start=1):
            about_cells.cell(row=row, column=1, value=line)
        for sheet in writer.book.worksheets:
            _no_formulas(sheet)
    return buffer.getvalue()
