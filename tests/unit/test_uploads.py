"""Uploaded files ("Your data", loaders/uploads.py): each kind recognised and read into its canonical frame, every
problem a sentence naming file, row and column, hostile files refused in a sentence and never an exception, the
templates read back, and uploaded incidents beside the public ones."""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from loaders.countries import read_countries
from loaders.fatalities import combine_incidents, read_fatalities
from loaders.paths import countries_path
from loaders.uploads import (
    CROSSINGS_COLUMNS,
    EXAMPLE_MARKER,
    FRAUD_COLUMNS,
    ID_PREFIX,
    KINDS,
    MAX_PROBLEMS_LISTED,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_BYTES,
    TEMPLATE_EXAMPLES,
    Upload,
    read_upload,
    template_bytes,
    template_csv,
    template_xlsx,
)
from tests.conftest import DATA, FIXTURES
from tests.hostile import INTERNALS
from transforms.exports import spreadsheet_safe


@pytest.fixture(scope="module")
def countries():
    return read_countries(countries_path(DATA))


def read(text: str | bytes, name: str = "mine.csv", countries=None, **kwargs) -> Upload:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_upload(name, data, countries=countries, **kwargs)


def sentences(upload: Upload) -> list[str]:
    return [p.sentence for p in upload.problems]


def assert_plain(upload: Upload) -> None:
    """Every sentence of ``upload`` is text naming no internals (no exception name, traceback or server path)."""
    for text in [*sentences(upload), upload.refusal or ""]:
        assert isinstance(text, str)
        assert not INTERNALS.search(text), text


CROSSINGS = """period,place,nationality,measure,count
2024-01,Crossing A,Morocco,apprehensions,12
2024-02,Crossing A,Marocco,apprehensions,7
2024-02,Crossing A,,Apprehension,x
2024,Crossing B,MAR,detections,30
2024,Crossing B,MAR,detections,30
2024-13,Crossing B,mar,nonsense,30
2024-03-15,Crossing C,Senegal,persons,4
"""


# --- crossings ----------------------------------------------------------------------------------------------------

def test_crossings_are_recognised_and_read_into_their_canonical_columns(countries):
    upload = read(CROSSINGS, countries=countries)
    assert upload.kind == "crossings" and upload.possible_kinds == ("crossings",) and upload.refusal is None
    frame = upload.frame
    assert tuple(frame.columns) == CROSSINGS_COLUMNS
    assert frame["count"].dtype == np.int64 and frame["period"].dtype == "datetime64[ns]"
    assert frame.to_dict("records") == [
        {"period": pd.Timestamp("2024-01-01"), "grain": "month", "place": "Crossing A", "nationality_iso3": "MAR",
         "count": 12, "measure": "apprehensions"},
        {"period": pd.Timestamp("2024-01-01"), "grain": "year", "place": "Crossing B", "nationality_iso3": "MAR",
         "count": 30, "measure": "detections"},
        {"period": pd.Timestamp("2024-03-15"), "grain": "day", "place": "Crossing C", "nationality_iso3": "SEN",
         "count": 4, "measure": "persons"},
    ]
    assert upload.rows_read == 7 and upload.dropped == 4


def test_each_bad_row_gets_a_sentence_naming_file_row_column_found_and_expected(countries):
    upload = read(CROSSINGS, countries=countries)
    by_row = {(p.row, p.column): p.sentence for p in upload.problems}
    assert by_row[(3, "nationality")] == ("In mine.csv, row 3, column “nationality” holds “Marocco”, which is not a "
                                          "country the app knows (did you mean “Morocco”?); the row is left out.")
    assert "“x”, which is not a count (expected a whole number, 0 or more)" in by_row[(4, "count")]
    assert by_row[(6, None)] == "In mine.csv, row 6 repeats row 5 exactly; the repeat is left out."
    assert "“2024-13”, which is not a period" in by_row[(7, "period")]
    assert "“nonsense”, which is not a measure the app knows (expected one of detections, apprehensions, arrivals, " \
           "encounters, persons)" in by_row[(7, "measure")]
    assert [p.row for p in upload.problems] == sorted(p.row for p in upload.problems)


def test_rows_are_numbered_as_a_spreadsheet_shows_them_after_comment_and_blank_lines(countries):
    upload = read("# a note\n\nperiod,place,measure,count\n2024,A,arrivals,1\n\n2024,B,arrivals,-3\n",
                  countries=countries)
    assert [(p.row, p.column) for p in upload.problems] == [(6, "count")]
    assert upload.frame["place"].tolist() == ["A"]


def test_a_missing_measure_column_refuses_the_file_and_a_blank_measure_drops_the_row(countries):
    upload = read("period,place,count\n2024,A,3\n", countries=countries)
    assert upload.kind is None and upload.possible_kinds == ("crossings",)
    assert upload.refusal.startswith("The file mine.csv has no “measure” column")
    blank = read("period,place,measure,count\n2024,A,,3\n2024,A,arrivals,4\n", countries=countries)
    assert blank.frame["count"].tolist() == [4]
    assert sentences(blank) == [("In mine.csv, row 2, column “measure” is blank, but every row needs a value there; "
                                "the row is left out.")]


def test_the_grain_column_is_read_and_must_match_the_period(countries):
    upload = read("period,grain,place,measure,count\n2024-05-01,month,A,arrivals,1\n2024-05-17,month,A,arrivals,2\n"
                  "2024-05-17,fortnight,A,arrivals,3\n", countries=countries)
    assert upload.frame[["grain", "count"]].values.tolist() == [["month", 1]]
    assert "the period “2024-05-17” in column “period” is not the start of a month" in sentences(upload)[0]
    assert "“fortnight”, which is not a period length" in sentences(upload)[1]


def test_counts_written_with_thousands_separators_or_as_excel_floats_are_read(countries):
    upload = read('period,place,measure,count\n2024,A,arrivals,"12,345"\n2024,B,arrivals,7.0\n2024,C,arrivals,1.5\n',
                  countries=countries)
    assert upload.frame["count"].tolist() == [12345, 7]
    assert upload.dropped == 1


def test_a_semicolon_separated_file_is_read(countries):
    upload = read("period;place;measure;count\n2024;A;arrivals;3\n", countries=countries)
    assert upload.frame["count"].tolist() == [3]


# --- document fraud -------------------------------------------------------------------------------------------------

FRAUD = """Period,Crossing point,Country of detection,Document type,Fraud type,Issuing country,Nationality,Route,Count
2024-01,Airport A,Italy,Passport,look-alike,France,Senegal,,2
2024-01,Airport A,ITA,ID card,Counterfeit,FRA,Unknown,Dakar,1
2024-02,Airport A,Italy,Residence permit,Fraudulently obtained genuine,Italy,Nigeria,,3
2024-02,Airport A,Italy,Visa,Stolen blank,Italy,Nigerria,,3
2024-02,Airport A,Italy,boarding pass,forged,Italy,Nigeria,,3
2024-02,Airport A,Italy,visa,photo swap,Italy,Nigeria,,3
"""


def test_fraud_detections_read_with_obvious_synonyms_of_types(countries):
    upload = read(FRAUD, countries=countries)
    assert upload.kind == "document_fraud"
    frame = upload.frame
    assert tuple(frame.columns) == FRAUD_COLUMNS
    assert frame[["document_type", "fraud_type", "issuing_country_iso3", "nationality_iso3", "route"]].values.tolist() \
        == [["passport", "impostor", "FRA", "SEN", None], ["id_card", "counterfeit", "FRA", None, "Dakar"],
            ["residence_permit", "fraudulently_obtained_genuine", "ITA", "NGA", None]]
    assert frame["country_of_detection_iso3"].tolist() == ["ITA"] * 3
    found = {p.row: p.sentence for p in upload.problems}
    assert "“Nigerria”, which is not a country the app knows (did you mean “Nigeria”?)" in found[5]
    assert "“boarding pass”, which is not a document type the app knows" in found[6]
    assert "“photo swap”, which is not a fraud type the app knows (expected one of counterfeit, forged" in found[7]


def test_columns_fitting_two_kinds_are_left_to_the_user_and_read_as_chosen(countries):
    both = "period,place,crossing_point,country_of_detection,document_type,fraud_type,issuing_country,nationality," \
           "measure,count\n2024,A,A,Italy,passport,forged,Italy,Italy,detections,2\n"
    upload = read(both, countries=countries)
    assert upload.kind is None and set(upload.possible_kinds) == {"crossings", "document_fraud"}
    assert upload.refusal is None and upload.frame.empty
    chosen = read(both, countries=countries, kind="crossings")
    assert chosen.kind == "crossings" and chosen.frame["measure"].tolist() == ["detections"]
    assert read(both, countries=countries, kind="document_fraud").frame["fraud_type"].tolist() == ["forged"]


def test_a_chosen_kind_the_columns_do_not_fit_is_refused_naming_the_missing_column(countries):
    upload = read(CROSSINGS, countries=countries, kind="document_fraud")
    assert upload.kind is None
    # "place" is also a name of the crossing point, so the first fraud column it lacks is the country of detection.
    assert "lacks the column “country_of_detection”" in upload.refusal


# --- incidents --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["mmp_2025_cut.csv", "mmp_2026_cut.csv", "mmp_2025_cut.xlsx"])
def test_both_iom_layouts_give_exactly_the_public_frame_with_upload_ids(fixture, countries, name_lookup):
    path = FIXTURES / fixture
    public = read_fatalities([path], name_lookup)
    upload = read(path.read_bytes(), name=f"office {fixture}", countries=countries)
    assert upload.kind == "incidents" and upload.refusal is None and upload.dropped == 0
    frame = upload.frame
    assert list(frame.columns) == list(public.columns)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: str(t) for c, t in public.dtypes.items()}
    assert frame["incident_id"].astype(str).tolist() == [ID_PREFIX + i for i in public["incident_id"].astype(str)]
    assert frame["main_id"].astype(str).str.startswith(ID_PREFIX).all()
    assert set(frame["source_file"].astype(str)) == {f"office {fixture}"}
    same = [c for c in public.columns if c not in ("incident_id", "main_id", "source_file")]
    pd.testing.assert_frame_equal(frame[same], public[same])


def test_uploaded_incidents_combine_with_the_public_frame_without_collisions(countries, name_lookup):
    public = read_fatalities([FIXTURES / "mmp_2025_cut.csv"], name_lookup)
    upload = read((FIXTURES / "mmp_2025_cut.csv").read_bytes(), countries=countries)
    both = combine_incidents([public, upload.frame])
    assert len(both) == 2 * len(public)
    assert both["event_code"].nunique() == public["event_code"].nunique() * 2
    assert isinstance(both["incident_id"].dtype, pd.CategoricalDtype)
    assert isinstance(both["country_of_origin_key"].dtype, pd.CategoricalDtype)
    assert both["dead_missing"].sum() == 2 * public["dead_missing"].sum()
    assert public["incident_id"].cat.categories.equals(  # the inputs are not changed
        read_fatalities([FIXTURES / "mmp_2025_cut.csv"], name_lookup)["incident_id"].cat.categories)


def test_a_column_only_the_public_frame_has_stays_categorical_and_is_blank_for_uploaded_rows(countries, name_lookup):
    public = read_fatalities([FIXTURES / "mmp_2025_cut.csv"], name_lookup)
    public = public.assign(sea_area=pd.Categorical(["Mediterranean Sea"] * len(public)))  # as a later step may add
    upload = read((FIXTURES / "mmp_2026_cut.csv").read_bytes(), countries=countries)
    both = combine_incidents([public, upload.frame])
    assert isinstance(both["sea_area"].dtype, pd.CategoricalDtype)
    uploaded = both["incident_id"].astype(str).str.startswith(ID_PREFIX)
    assert both.loc[uploaded, "sea_area"].isna().all() and both.loc[~uploaded, "sea_area"].notna().all()


def test_incident_rows_the_public_reader_would_refuse_are_left_out_one_by_one(countries):
    lines = (FIXTURES / "mmp_2026_cut.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    bad_date = rows[0].replace('"Thu, 01/01/2026 - 12:00"', "yesterday")
    assert bad_date != rows[0]
    bad_coordinates = re.sub(r'"-?\d+\.\d+, -?\d+\.\d+"', '"north of here"', rows[1], count=1)
    assert bad_coordinates != rows[1]
    text = "\n".join([header, bad_date, bad_coordinates, *rows[2:], rows[2]]) + "\n"
    upload = read(text, countries=countries)
    assert upload.kind == "incidents" and upload.dropped == 3
    assert len(upload.frame) == len(rows) - 2
    found = {(p.row, p.column): p.sentence for p in upload.problems if "left out" in p.sentence}
    assert "“yesterday”, which is not a date" in found[(2, "Incident Date")]
    assert "“north of here”, which are not coordinates" in found[(3, "Coordinates")]
    assert found[(len(rows) + 2, None)] == f"In mine.csv, row {len(rows) + 2} repeats row 4 exactly; the repeat is " \
                                           "left out."


def test_unknown_countries_in_incidents_are_named_and_the_rows_kept(countries):
    lines = (FIXTURES / "mmp_2025_cut.csv").read_text(encoding="utf-8").splitlines()
    changed = lines[1].replace("Guatemala", "Guatamala")
    upload = read("\n".join([lines[0], changed, *lines[2:5]]), countries=countries)
    assert len(upload.frame) == 4
    assert any("“Guatamala”" in s and "did you mean “Guatemala”?" in s and "kept" in s for s in sentences(upload))


# --- hostile files ------------------------------------------------------------------------------------------------

def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HOSTILE = {
    "empty": ("empty.csv", b"", "is empty"),
    "blank lines": ("blank.csv", b"\n \n\t\n", "is empty"),
    "header only": ("header.csv", b"period,place,measure,count\n", "has a header but no data rows"),
    "binary": ("photo.csv", bytes(range(256)) * 40, "is not a text table"),
    "png named csv": ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "is not a text table"),
    "wrong columns": ("other.csv", b"name,email\nAna,ana@example.org\n", "has none of the columns the app reads"),
    "one megabyte in one cell": ("cell.csv", b"x" * (1024 * 1024), "has a header but no data rows"),
    "unbalanced quotes": ("quotes.csv", b'period,place,measure,count\n"2024,A,arrivals,1\n' + b"x" * 5,
                          "cannot be read as a CSV table"),
    "old xls": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-style .xls"),
    "broken xlsx": ("broken.xlsx", b"PK\x03\x04 not really a zip", "cannot be read as an .xlsx workbook"),
    "zip bomb": ("bomb.xlsx", zip_bytes({"xl/worksheets/sheet1.xml": b"\x00" * (401 * 1024 * 1024)}),
                 "would unpack to more than 400 MB"),
    "many parts": ("parts.xlsx", zip_bytes({f"p{i}.bin": b"" for i in range(2_001)}), "more than 2,000 parts"),
    "entity bomb": ("laughs.xlsx", zip_bytes({"[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE lolz '
                    b'[<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Types>&lol2;</Types>'}),
                    "holds XML declarations (a DOCTYPE)"),
    "a million columns": ("million.csv", b"a," * 1_000_000 + b"\n1\n", "more than 500 columns"),
    "too many columns": ("wide.csv", (",".join(f"c{i}" for i in range(600)) + "\n" + "1," * 599 + "1\n").encode(),
                         "more than 500 columns"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_files_are_refused_in_one_sentence_never_an_exception(case, countries):
    name, data, words = HOSTILE[case]
    upload = read_upload(name, data, countries=countries)
    assert upload.kind is None and upload.frame.empty
    assert words in upload.refusal, upload.refusal
    assert upload.refusal.count(name) == 1
    assert_plain(upload)


def test_a_file_over_the_limit_is_refused_before_it_is_read(countries):
    upload = read_upload("big.csv", b"period,place,measure,count\n" + b" " * MAX_UPLOAD_BYTES, countries=countries)
    assert upload.refusal == "The file big.csv is 51 MB, more than the limit of 50 MB: split it into smaller files."


def test_formula_text_is_kept_as_text_and_neutralised_on_export(countries):
    formula = "=cmd|' /C calc'!A0"
    upload = read(f'period,place,measure,count,note\n2024,"{formula}",arrivals,1,"+1+1"\n', countries=countries)
    assert upload.frame["place"].tolist() == [formula]
    assert spreadsheet_safe(upload.frame)["place"].tolist() == ["'" + formula]


def test_a_huge_field_is_cut_with_a_sentence_and_the_row_kept(countries):
    upload = read("period,place,measure,count\n2024," + "y" * (1024 * 1024) + ",arrivals,5\n", countries=countries)
    assert upload.frame["count"].tolist() == [5]
    assert len(upload.frame["place"].iloc[0]) == MAX_TEXT_CHARS
    assert sentences(upload) == [("In mine.csv, row 2, column “place” holds 1,048,576 characters, more than the 200 "
                                 "kept; the text is cut.")]


def test_latin1_text_is_read_and_the_upload_says_so(countries):
    upload = read("period,place,measure,count\n2024,Ceuta–Fnideq Bélier,arrivals,5\n".encode("cp1252"),
                  countries=countries)
    assert upload.frame["place"].tolist() == ["Ceuta–Fnideq Bélier"]
    assert sentences(upload) == [("The file mine.csv is not UTF-8 text, so it was read as Windows-1252: check that "
                                 "accented letters look right, or save the file again as CSV UTF-8.")]
    latin1 = read(b"period,place,measure,count\n2024,Ala\x81,arrivals,5\n", countries=countries)
    assert "read as Latin-1" in sentences(latin1)[0] and latin1.frame["count"].tolist() == [5]


def test_a_hostile_file_name_is_shortened_and_flattened_in_every_sentence(countries):
    name = "evil\n" + "x" * 300 + ".csv"
    upload = read_upload(name, b"", countries=countries)
    assert "\n" not in upload.refusal and len(upload.refusal) < 250
    assert upload.name == name


def test_past_the_cap_problems_are_counted_not_listed(countries):
    rows = "".join(f"2024,A,arrivals,bad{i}\n" for i in range(MAX_PROBLEMS_LISTED + 50))
    upload = read("period,place,measure,count\n" + rows, countries=countries)
    assert len(upload.problems) == MAX_PROBLEMS_LISTED + 1
    assert upload.problems[-1].sentence == "50 more problems in mine.csv are not listed."
    assert upload.dropped == MAX_PROBLEMS_LISTED + 50
    assert upload.refusal == "No row of the file mine.csv can be used: each has a problem listed."


def test_random_bytes_never_raise(countries):
    generator = np.random.default_rng(18)
    for size in (1, 7, 100, 5000):
        for prefix in (b"", b"PK\x03\x04", b"period,place,measure,count\n"):
            upload = read_upload("fuzz.csv", prefix + generator.bytes(size), countries=countries)
            assert isinstance(upload, Upload)
            assert_plain(upload)


# --- workbooks --------------------------------------------------------------------------------------------------

def workbook(rows: list[list], title: str = "Data") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_date_and_number_cells_is_read_as_its_values(countries):
    import datetime as dt

    data = workbook([["Period", "Grain", "Place", "Measure", "Count", "Nationality"],
                     [dt.datetime(2024, 5, 1), "month", "A", "Arrivals", 12.0, "Syrian Arab Republic"],
                     [dt.datetime(2024, 5, 3), None, "A", "arrivals", 3, None],
                     ["=SUM(1,2)", None, "A", "arrivals", 3, None]])
    upload = read_upload("office.xlsx", data, countries=countries)
    assert upload.kind == "crossings"
    assert upload.frame[["period", "grain", "count", "nationality_iso3"]].values.tolist() == [
        [pd.Timestamp("2024-05-01"), "month", 12, "SYR"], [pd.Timestamp("2024-05-03"), "day", 3, None]]
    # A formula is never evaluated: without a value saved by a spreadsheet program its cell is blank.
    assert sentences(upload) == [("In office.xlsx, row 4, column “Period” is blank, but every row needs a value "
                                 "there; the row is left out.")]


# --- templates ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_template_reads_back_as_its_kind_and_its_examples_are_left_out(kind, fmt, countries):
    data = template_bytes(kind, fmt)
    kept = read_upload(f"{kind}.{fmt}", data, countries=countries, keep_examples=True)
    assert kept.kind == kind and kept.possible_kinds == (kind,) and kept.refusal is None
    assert len(kept.frame) == len(TEMPLATE_EXAMPLES[kind]) and kept.dropped == 0 and not kept.problems
    left_out = read_upload(f"{kind}.{fmt}", data, countries=countries)
    assert left_out.frame.empty and left_out.dropped == len(TEMPLATE_EXAMPLES[kind])
    assert left_out.refusal == f"No row of the file {kind}.{fmt} can be used: it holds only the template's " \
                               "invented examples."
    assert "invented example" in sentences(left_out)[0]


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_templates_are_up_to_date_and_say_their_rows_are_invented(kind):
    assert template_bytes(kind, "csv") == template_csv(kind)
    assert template_bytes(kind, "csv").decode().startswith("# INVENTED EXAMPLE ROWS — not real figures.")
    shipped = openpyxl.load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
    built = openpyxl.load_workbook(io.BytesIO(template_xlsx(kind)))
    assert shipped.sheetnames == built.sheetnames == ["Examples (invented)", "Dictionary"]
    for name in shipped.sheetnames:
        assert list(shipped[name].values) == list(built[name].values)
    assert next(shipped["Examples (invented)"].values)[0].startswith("# INVENTED EXAMPLE ROWS — not real figures.")
    dictionary = pd.read_csv(io.BytesIO(template_bytes(kind, "dictionary.csv")))
    assert list(dictionary.columns) == ["column", "required", "meaning", "accepted values"]
    for row in TEMPLATE_EXAMPLES[kind]:
        assert row["note"].startswith(EXAMPLE_MARKER)


def test_a_filled_template_keeps_the_users_rows_and_drops_the_examples(countries):
    text = template_bytes("crossings", "csv").decode() + "2025-01,month,Border X,Niger,arrivals,40,\n"
    upload = read(text, countries=countries)
    assert upload.frame[["place", "nationality_iso3", "count"]].values.tolist() == [["Border X", "NER", 40]]
    assert upload.dropped == 3


def test_unknown_template_kind_or_format_is_a_value_error():
    with pytest.raises(ValueError):
        template_bytes("passports", "csv")
    with pytest.raises(ValueError):
        template_bytes("crossings", "pdf")


# --- nothing written ------------------------------------------------------------------------------------------------

_OPENED: list[tuple[str, object, int]] | None = None


def _record_opens(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open":
        _OPENED.append((str(args[0]), args[1], args[2] if len(args) > 2 and isinstance(args[2], int) else 0))


@pytest.fixture(scope="module")
def opened_files():
    """Every file opened while a test reads uploads (Python's audit hook "open": its path, mode and flags)."""
    import sys

    global _OPENED
    sys.addaudithook(_record_opens)  # a hook cannot be removed; it records only while _OPENED is a list
    _OPENED = []
    yield _OPENED
    _OPENED = None


def test_reading_uploads_writes_no_file(opened_files, countries):
    import os

    uploads = [("crossings.csv", CROSSINGS.encode()), ("fraud.xlsx", template_bytes("document_fraud", "xlsx")),
               ("incidents.csv", (FIXTURES / "mmp_2026_cut.csv").read_bytes()),
               ("bomb.xlsx", HOSTILE["entity bomb"][1])]
    opened_files.clear()
    for name, data in uploads:
        read_upload(name, data, countries=countries)
        read_upload(name, data)  # the shipped country tables read, not written
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    written = [(path, mode) for path, mode, flags in opened_files
               if (isinstance(mode, str) and any(c in mode for c in "wax+")) or flags & writing]
    assert any(path.endswith("countrynames_m49.csv") for path, _mode, _flags in opened_files)  # the hook sees opens
    assert written == []
    assert all(not path.startswith(tempfile_dir()) for path, _mode, _flags in opened_files)


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def test_sentences_quoting_a_file_are_ready_for_markdown_without_becoming_links(countries):
    from tests.hostile import could_become_markup

    upload = read("period,place,measure,count\n2024,[Verify](https://example.org),arrivals,**9**\n",
                  name="[x](https://example.org).csv", countries=countries)
    assert upload.problems and not could_become_markup(upload.problems[0].markdown())
    refused = read_upload("<img src=x onerror=alert(1)>.csv", b"", countries=countries)
    assert not could_become_markup(refused.refusal_markdown())


def test_utf16_text_with_a_byte_order_mark_is_read(countries):
    upload = read("period\tplace\tmeasure\tcount\n2024\tCôte\tarrivals\t3\n".encode("utf-16"), countries=countries)
    assert upload.frame[["place", "count"]].values.tolist() == [["Côte", 3]]


def test_country_names_people_write_are_read_in_any_language_of_the_app(countries):
    upload = read("period,place,nationality,measure,count\n2024,A,Syria,arrivals,1\n2024,A,syrie,arrivals,2\n"
                  "2024,A,Côte d’Ivoire,arrivals,3\n2024,A,Iran (Islamic Republic of),arrivals,4\n"
                  "2024,A,Syri,arrivals,5\n", countries=countries)
    assert upload.frame["nationality_iso3"].tolist() == ["SYR", "SYR", "CIV", "IRN"]
    assert "“Syri”, which is not a country the app knows (did you mean “Syrian Arab Republic”?)" in \
        sentences(upload)[0]


def test_incident_countries_in_other_words_are_written_as_the_m49_table_does(countries):
    lines = (FIXTURES / "mmp_2025_cut.csv").read_text(encoding="utf-8").splitlines()
    changed = lines[1].replace("Guatemala", "guatemala").replace("United States of America", "United States")
    upload = read("\n".join([lines[0], changed]), countries=countries)
    assert not upload.problems
    row = upload.frame.iloc[0]
    assert row["country_of_origin_iso3"] == ("GTM",) and row["country_of_incident_iso3"] == "USA"
    assert row["country_of_origin"] == ("Guatemala",)


def test_an_incident_dated_before_2014_is_kept_undated_and_said(countries):
    lines = (FIXTURES / "mmp_2025_cut.csv").read_text(encoding="utf-8").splitlines()
    changed = lines[1].replace("2014-01-06", "2009-01-06")
    upload = read("\n".join([lines[0], changed]), countries=countries)
    assert upload.dropped == 0 and pd.isna(upload.frame["date"].iloc[0])
    assert sentences(upload) == [("In mine.csv, row 2, column “Incident Date” holds “2009-01-06”, outside the dates "
                                 "the app shows (2014 to 2099, as for IOM's records); the row is kept as undated.")]


@pytest.mark.parametrize("with_public", [True, False], ids=["public and mine", "mine only"])
def test_uploaded_incidents_go_through_the_overview_transforms(with_public, countries, name_lookup):
    from loaders.corridors import corridors_path, read_corridors
    from transforms.corridor_membership import build_membership
    from transforms.filters import apply_filters, filter_options
    from transforms.headlines import overview
    from transforms.periods import source_coverage, uncovered_months

    public = read_fatalities([FIXTURES / "mmp_2025_cut.csv"], name_lookup)
    upload = read((FIXTURES / "mmp_2026_cut.csv").read_bytes(), name="office.csv", countries=countries)
    incidents = combine_incidents([public, upload.frame] if with_public else [upload.frame])
    options = filter_options(incidents)
    filters = options.default()
    selection = apply_filters(incidents, filters, options)
    summary = overview(incidents, selection, filters, options, "year", uncovered_months(source_coverage(incidents)),
                       [])
    expected = upload.frame["dead_missing"].sum() + (public["dead_missing"].sum() if with_public else 0)
    assert selection["dead_missing"].sum() == expected
    assert "office.csv" in set(source_coverage(incidents)["source_file"])
    assert summary is not None
    build_membership(incidents, read_corridors(corridors_path(DATA)))


def test_a_workbook_holding_formula_text_and_a_megabyte_cell_is_read_safely(countries):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["period", "place", "measure", "count"])
    sheet.append(["2024", "placeholder", "arrivals", 2])
    sheet.append(["2024", "y" * (1024 * 1024), "arrivals", 3])
    sheet["B2"].value = "=HYPERLINK(\"http://example.org\",\"x\")"
    sheet["B2"].data_type = "s"  # stored as text, as a cell typed with a leading apostrophe is
    buffer = io.BytesIO()
    book.save(buffer)
    upload = read_upload("office.xlsx", buffer.getvalue(), countries=countries)
    assert upload.frame["place"].iloc[0] == "=HYPERLINK(\"http://example.org\",\"x\")"
    assert spreadsheet_safe(upload.frame)["place"].iloc[0].startswith("'=")
    assert len(upload.frame["place"].iloc[1]) == MAX_TEXT_CHARS
    assert [p.row for p in upload.problems] == [3]
