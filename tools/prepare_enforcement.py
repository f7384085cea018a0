"""Offline tool: the shipped files of the Enforcement and Travel documents pages, made from the raw folders.

``python -m tools.prepare_enforcement [RAW_FOLDER]`` (default ``../shared/data/raw`` beside the repository) writes:

- ``data/enforcement/unodc_cts_smuggling_offences.csv``: the rows of the UNODC workbook
  ``unodc_cts_smuggling/data_cts_corruption_and_economic_crime.xlsx`` whose Category is "Smuggling of migrants",
  every column as published, in the workbook's order (the three title lines above the header are left out);
- ``data/travel_documents/irregular_migration.csv``: a byte-for-byte copy of
  ``uk_homeoffice_irregular/irregular_migration.csv``;
- ``data/travel_documents/home_office_nationalities.csv``: each nationality the Home Office file names, with the
  ISO3 code of the country (from the shipped UN M49 table and its aliases, plus :data:`HOME_OFFICE_SPELLINGS` for
  the Home Office's own spellings); blank where the nationality is not a country (Stateless, Refugee...).

The sidecars beside them are written by hand. ``tests/unit/test_enforcement_data.py`` reconciles the results with
the raw files (through the cut in ``tests/fixtures/raw/unodc_cts_smuggling/`` and recorded SHA-256 sums).
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import openpyxl

from loaders.countries import name_to_iso3, read_countries, read_country_aliases

REPO = Path(__file__).resolve().parents[1]
RAW = REPO.parent / "shared" / "data" / "raw"
UNODC_FILE = Path("unodc_cts_smuggling") / "data_cts_corruption_and_economic_crime.xlsx"
HOME_OFFICE_FILE = Path("uk_homeoffice_irregular") / "irregular_migration.csv"
SMUGGLING = "Smuggling of migrants"
HEADER = ("Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age", "Year",
          "Unit of measurement", "VALUE", "Source")
#: Home Office spellings the M49 table and its aliases do not know -> ISO3 (territories under their own code).
HOME_OFFICE_SPELLINGS = {
    "American Samoa (United States)": "ASM", "Bahamas, The": "BHS", "Bolivia": "BOL",
    "Congo (Democratic Republic)": "COD", "East Timor": "TLS", "French Guiana (French)": "GUF", "Gambia, The": "GMB",
    "Hong Kong": "HKG", "Iran": "IRN", "Ivory Coast": "CIV", "Kosovo": "XKX", "Laos": "LAO", "Moldova": "MDA",
    "Myanmar (Burma)": "MMR", "Occupied Palestinian Territories": "PSE", "Pitcairn Islands (British)": "PCN",
    "Reunion (French)": "REU", "Russia": "RUS", "South Georgia and the South Sandwich Islands (British)": "SGS",
    "South Korea": "KOR", "St Lucia": "LCA", "St Vincent and the Grenadines": "VCT", "Syria": "SYR",
    "Tanzania": "TZA", "Turkey": "TUR", "Venezuela": "VEN", "Vietnam": "VNM", "Virgin Islands (British)": "VGB",
}
#: Home Office categories that are not a UN member country (Northern Cyprus has no ISO3 code): kept, with no ISO3.
NOT_A_COUNTRY = ("British overseas citizens", "Cyprus (Northern part of)", "Not currently recorded", "Other and unknown", "Refugee", "Stateless")


def smuggling_rows(workbook: Path) -> list[tuple]:
    """The "Smuggling of migrants" rows of the UNODC workbook, as published (cells as openpyxl reads them)."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheet = book.active
    sheet.reset_dimensions()  # the file's stated dimension is A1 only
    rows = sheet.iter_rows(values_only=True)
    for row in rows:
        if tuple(row[:len(HEADER)]) == HEADER:
            break
    else:
        raise ValueError(f"{workbook}: no header row {HEADER}")
    found = [tuple(row[:len(HEADER)]) for row in rows if len(row) > 6 and row[6] == SMUGGLING]
    book.close()
    return found


def write_smuggling_csv(rows: list[tuple], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(["" if cell is None else repr(cell) if isinstance(cell, float) else cell for cell in row]
                         for row in rows)


def nationality_table(home_office_csv: Path, out: Path) -> None:
    countries = read_countries(REPO / "data" / "reference" / "countrynames_m49.csv")
    aliases = read_country_aliases(REPO / "data" / "reference" / "country_name_aliases.csv")
    lookup = name_to_iso3(countries, aliases) | HOME_OFFICE_SPELLINGS
    with home_office_csv.open(encoding="utf-8") as handle:
        names = sorted({row["Nationality"] for row in csv.DictReader(handle)})
    unknown = [n for n in names if n not in lookup and n not in NOT_A_COUNTRY]
    if unknown:
        raise ValueError(f"Home Office nationalities with no ISO3: {unknown}")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("nationality", "iso3"))
        writer.writerows((name, "" if name in NOT_A_COUNTRY else lookup[name]) for name in names)


def main(raw: Path = RAW) -> None:
    write_smuggling_csv(smuggling_rows(raw / UNODC_FILE),
                        REPO / "data" / "enforcement" / "unodc_cts_smuggling_offences.csv")
    shutil.copyfile(raw / HOME_OFFICE_FILE, REPO / "data" / "travel_documents" / "irregular_migration.csv")
    nationality_table(raw / HOME_OFFICE_FILE, REPO / "data" / "travel_documents" / "home_office_nationalities.csv")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else RAW)
