"""The Enforcement and Travel documents data: the shipped files reconcile with independent reads of the raw files,
the readers check their columns and refuse bad files with one plain sentence, and UNHCR's figures carry sources.

The raw UNODC workbook is represented inside the repository by a cut of whole rows
(tests/fixtures/raw/unodc_cts_smuggling/cut.xlsx) and the SHA-256 of the original; the Home Office file is shipped
byte for byte, checked against the SHA-256 of the raw original (tests/fixtures/raw/make_enforcement_fixtures.py).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders.enforcement import COUNT, RATE, enforcement_path, read_unodc_smuggling
from loaders.errors import DataFileError
from loaders.sea_movements import ATTEMPTED, read_unhcr_sea_movements, sea_movements_path
from loaders.travel_documents import (
    AIR_ARRIVALS,
    read_home_office_irregular,
    read_home_office_nationalities,
    travel_documents_paths,
)
from tools.prepare_enforcement import HEADER, smuggling_rows

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
RAW = REPO / "tests" / "fixtures" / "raw"
CUT = RAW / "unodc_cts_smuggling" / "cut.xlsx"


@pytest.fixture(scope="module")
def offences() -> pd.DataFrame:
    return read_unodc_smuggling(enforcement_path(DATA))


@pytest.fixture(scope="module")
def detections() -> pd.DataFrame:
    table, codes = travel_documents_paths(DATA)
    return read_home_office_irregular(table, read_home_office_nationalities(codes))


def raw_cut_rows() -> list[tuple]:
    """The cut's data rows, read with openpyxl alone (not the app's reader, not the tool)."""
    sheet = openpyxl.load_workbook(CUT, read_only=True).active
    sheet.reset_dimensions()
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Iso3_code")
    return [row for row in rows[header + 1:] if row and row[0]]


# --- UNODC ---

def test_thailand_2018_smuggling_offences_reconcile_with_the_raw_workbook(offences):
    raw = [r for r in raw_cut_rows() if r[0] == "THA" and r[6] == "Smuggling of migrants" and r[9] == 2018]
    raw_count = next(r[11] for r in raw if r[10] == "Counts")
    raw_rate = next(r[11] for r in raw if r[10] == "Rate per 100,000 population")
    thailand = offences[(offences["iso3"] == "THA") & (offences["year"] == 2018)].set_index("unit")["value"]
    assert raw_count == 16741 and thailand[COUNT] == raw_count
    assert thailand[RATE] == pytest.approx(raw_rate, rel=1e-12)


def test_extract_holds_every_smuggling_row_of_the_cut_countries_and_nothing_else(offences):
    raw = {(r[0], r[9], r[10]): float(r[11]) for r in raw_cut_rows() if r[6] == "Smuggling of migrants"}
    units = {"Counts": COUNT, "Rate per 100,000 population": RATE}
    shipped = offences[offences["iso3"].isin(["THA", "MMR", "PHL", "AUT"])]
    assert {(i, y, u): v for i, y, u, v in zip(shipped["iso3"], shipped["year"], shipped["unit"], shipped["value"])} \
        == {(i, y, units[u]): v for (i, y, u), v in raw.items()}
    assert len(raw) == 54  # Thailand 10, Myanmar 16, Philippines 8, Austria 20 (counts and rates)
    # Other categories of the same countries are in the raw cut and not in the extract.
    assert any(r[6] != "Smuggling of migrants" for r in raw_cut_rows())


def test_the_tool_extracts_the_cut_as_shipped():
    rows = smuggling_rows(CUT)
    with (DATA / "enforcement" / "unodc_cts_smuggling_offences.csv").open(encoding="utf-8") as handle:
        shipped = list(csv.reader(handle))
    assert tuple(shipped[0]) == HEADER
    kept = [row for row in shipped[1:] if row[0] in {"THA", "MMR", "PHL", "AUT"}]
    as_text = [[repr(c) if isinstance(c, float) else str(c) for c in row] for row in rows]
    assert as_text == kept


def test_extract_size_and_provenance(offences):
    assert len(offences) == 1246  # PROVENANCE.md: 1,246 rows in the category "Smuggling of migrants"
    assert offences["iso3"].nunique() == 93
    assert (offences["year"].min(), offences["year"].max()) == (2013, 2022)
    digest = (RAW / "unodc_cts_smuggling" / "raw.sha256").read_text().split()[0]
    assert digest.startswith("b504c0c7")  # the sidecar's copy_of names the same file


def test_unodc_reader_refuses_bad_files(tmp_path):
    good = (DATA / "enforcement" / "unodc_cts_smuggling_offences.csv").read_text(encoding="utf-8").splitlines()
    cases = {
        "no_value.csv": [good[0].replace(",VALUE,", ",Value,"), *good[1:5]],
        "other_category.csv": [good[0], good[1].replace("Smuggling of migrants", "Corruption"), *good[2:5]],
        "bad_value.csv": [good[0], good[1].replace(",Counts,0,", ",Counts,-3,"), *good[2:5]],
        "twice.csv": [good[0], good[1], good[1]],
    }
    expected = {"no_value.csv": "lacks a required column “VALUE”", "other_category.csv": "another offence category",
                "bad_value.csv": "not numbers of zero or more", "twice.csv": "the same country, year and unit twice"}
    for name, lines in cases.items():
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(DataFileError) as caught:
            read_unodc_smuggling(path)
        assert expected[name] in caught.value.sentence(), name


# --- Home Office ---

def test_home_office_file_is_the_raw_file_byte_for_byte():
    digest = (RAW / "uk_homeoffice_irregular" / "raw.sha256").read_text().split()[0]
    assert hashlib.sha256((DATA / "travel_documents" / "irregular_migration.csv").read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("nationality, total", [("India", 1371), ("Sri Lanka", 889)])
def test_air_arrivals_2018_2023_total_reconciles(detections, nationality, total):
    with (DATA / "travel_documents" / "irregular_migration.csv").open(encoding="utf-8") as handle:
        independent = sum(int(row["Number of detections"]) for row in csv.DictReader(handle)
                          if row["Method of entry"] == AIR_ARRIVALS and row["Nationality"] == nationality
                          and 2018 <= int(row["Year"]) <= 2023)
    from transforms.travel_documents import air_arrivals, nationality_total
    assert independent == total
    assert nationality_total(air_arrivals(detections), nationality, (2018, 2023)) == total


def test_home_office_reader_reads_every_row(detections):
    assert len(detections) == 10816
    assert detections["value"].sum() == pytest.approx(sum(
        int(r["Number of detections"]) for r in csv.DictReader(
            (DATA / "travel_documents" / "irregular_migration.csv").open(encoding="utf-8"))))
    quarter_ends = detections["period"] + pd.offsets.QuarterEnd(0)
    assert (quarter_ends == detections["period_end"]).all() and (detections["period"].dt.day == 1).all()
    assert set(detections["series_id"]) == {"uk_ho_air_inadequate_documents", "uk_ho_small_boats", "uk_ho_ports",
                                            "uk_ho_in_country"}
    codes = dict(zip(detections["nationality"], detections["nationality_iso3"]))
    assert codes["Vietnam"] == "VNM" and codes["Myanmar (Burma)"] == "MMR" and codes["Stateless"] == ""


def test_home_office_reader_refuses_an_unknown_nationality_and_method(tmp_path):
    table, codes = travel_documents_paths(DATA)
    lines = table.read_text(encoding="utf-8").splitlines()[:4]
    path = tmp_path / "irregular_migration.csv"
    path.write_text("\n".join([lines[0], lines[1].replace("Afghanistan", "Atlantis")]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="nationality the code table does not list"):
        read_home_office_irregular(path, read_home_office_nationalities(codes))
    path.write_text("\n".join([lines[0], lines[1].replace("Inadequately documented air arrivals", "By balloon")])
                    + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown method of entry"):
        read_home_office_irregular(path, read_home_office_nationalities(codes))


# --- UNHCR ---

def test_unhcr_figures_each_carry_their_source():
    figures = read_unhcr_sea_movements(sea_movements_path(DATA))
    assert len(figures) == 15 and set(figures["corridor"]) == {"bay_of_bengal_andaman"}
    for column in ("source_title", "source_publisher", "source_url", "source_date", "where_stated"):
        assert (figures[column].str.len() > 0).all(), column
    assert figures["source_url"].str.startswith("http").all()
    y2022 = figures[figures["period_start"] == "2022-01-01"].set_index("figure")
    assert y2022.loc["attempted", "value"] == 3500 and y2022.loc["attempted", "qualifier"] == "more than"
    assert y2022.loc["attempted", "measure"] == ATTEMPTED == "attempted sea journeys (UNHCR)"
    assert y2022.loc["dead_missing", "value"] == 348


def test_unhcr_reader_refuses_a_figure_without_source(tmp_path):
    lines = sea_movements_path(DATA).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "unhcr.csv"
    row = next(csv.reader([lines[1]]))
    row[10] = ""  # source_date
    buffer = [lines[0], ",".join(f'"{cell}"' for cell in row)]
    path.write_text("\n".join(buffer) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="figures without their source"):
        read_unhcr_sea_movements(path)


def test_an_empty_unhcr_series_is_read_as_empty(tmp_path):
    path = tmp_path / "unhcr.csv"
    path.write_text(sea_movements_path(DATA).read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert read_unhcr_sea_movements(path).empty
