"""The IOM reader on both real layouts (small cuts), XLSX, merging, quirks and every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders.errors import DataFileError
from loaders.fatalities import CANONICAL_COLUMNS, read_fatalities, read_fatality_file, split_causes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CUT_2025 = FIXTURES / "mmp_2025_cut.csv"
CUT_2026 = FIXTURES / "mmp_2026_cut.csv"


def raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_2025_layout_reads_into_canonical_columns(name_lookup):
    frame = read_fatality_file(CUT_2025, name_lookup)
    source = raw(CUT_2025)
    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert len(frame) == len(source)
    assert frame["dead_missing"].sum() == pd.to_numeric(source["Total Number of Dead and Missing"]).sum()
    first = frame.iloc[0]
    assert first["incident_id"] == source.iloc[0]["Incident ID"]
    assert first["country_of_incident_iso3"] == "USA"
    assert first["lat"] == pytest.approx(float(source.iloc[0]["Coordinates"].split(",")[0]))


def test_2026_layout_computes_total_and_parses_site_dates(name_lookup):
    frame = read_fatality_file(CUT_2026, name_lookup)
    source = raw(CUT_2026)
    expected = pd.to_numeric(source["Number Dead"]).fillna(0) + pd.to_numeric(source["Minimum Estimated Number of Missing"]).fillna(0)
    assert frame["dead_missing"].tolist() == expected.astype(int).tolist()
    assert frame["date"].min() == pd.Timestamp("2026-01-01")
    assert frame["country_of_incident"].isna().all()  # the 2026 layout has no such column
    shared = source["Main ID"].duplicated(keep=False)
    assert (frame.loc[shared.to_numpy(), "incident_type"] == "split").all()
    assert (frame.loc[~shared.to_numpy(), "incident_type"] == "incident").all()


def test_xlsx_reads_the_same_as_csv(name_lookup):
    from_csv = read_fatality_file(CUT_2025, name_lookup).drop(columns="source_file")
    from_xlsx = read_fatality_file(FIXTURES / "mmp_2025_cut.xlsx", name_lookup).drop(columns="source_file")
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_merge_keeps_one_row_per_incident_id_later_file_winning(tmp_path, name_lookup):
    newer = raw(CUT_2025).head(3).copy()
    newer.loc[0, "Number of Dead"] = "99"
    newer.loc[0, "Total Number of Dead and Missing"] = str(99 + int(newer.loc[0, "Minimum Estimated Number of Missing"] or 0))
    newer_path = tmp_path / "newer.csv"
    newer.to_csv(newer_path, index=False)
    merged = read_fatalities([CUT_2025, newer_path], name_lookup)
    assert merged["incident_id"].is_unique
    assert len(merged) == len(raw(CUT_2025))
    row = merged.set_index("incident_id").loc[newer.loc[0, "Incident ID"]]
    assert row["dead"] == 99 and row["source_file"] == "newer.csv"


def test_columns_match_by_name_with_extra_columns_and_other_order(tmp_path, name_lookup):
    source = raw(CUT_2026)
    shuffled = source[list(reversed(source.columns))].copy()
    shuffled["Some New IOM Column"] = "x"
    shuffled.columns = [c.upper() if c == "Region" else c for c in shuffled.columns]
    path = tmp_path / "future.csv"
    shuffled.to_csv(path, index=False)
    frame = read_fatality_file(path, name_lookup)
    assert frame["dead_missing"].sum() == read_fatality_file(CUT_2026, name_lookup)["dead_missing"].sum()
    assert frame["region_of_incident"].notna().all()


def test_quirks_are_handled_and_flagged(name_lookup):
    frame = read_fatality_file(CUT_2025, name_lookup).set_index("incident_id")
    # Negative missing: kept, so the row's total stays IOM's.
    row = frame.loc["2015.MMP00308"]
    assert row["missing"] == -1 and row["dead_missing"] == 19 and "negative missing" in row["quality_flags"]
    # Negative survivors: blank, flagged.
    row = frame.loc["2020.MMP00661"]
    assert pd.isna(row["survivors"]) and "negative survivors (-1)" in row["quality_flags"]
    # Undated rows kept with a blank date and year.
    undated = frame[frame["date"].isna()]
    assert len(undated) > 0 and undated["year"].isna().all()
    assert undated["quality_flags"].str.contains("no incident date").all()
    # A country name containing a comma is one country.
    hong_kong = frame[frame["country_of_incident_iso3"] == "HKG"]
    assert not hong_kong.empty and (hong_kong["country_of_incident"] == "China, Hong Kong Special Administrative Region").all()
    # "Uncategorized,Western Africa" keeps the categorised value.
    assert "Uncategorized,Western Africa" not in set(frame["unsd_subregion"].dropna())
    # Cumulative and mixed types.
    assert {"incident", "split", "cumulative"} <= set(frame["incident_type"])
    # Source quality "4,5" -> 5.
    assert frame["source_quality"].dropna().between(1, 5).all()


def test_cause_of_death_splits_on_categories_not_every_comma():
    assert split_causes("Harsh environmental conditions / lack of adequate shelter, food, water") == (
        "Harsh environmental conditions / lack of adequate shelter, food, water",)
    assert split_causes("Drowning,Harsh environmental conditions / lack of adequate shelter, food, water") == (
        "Drowning", "Harsh environmental conditions / lack of adequate shelter, food, water")
    assert split_causes("Violence,Drowning") == ("Drowning", "Violence")
    assert split_causes("A new IOM category") == ("A new IOM category",)
    assert split_causes(None) == ()


# --- bad input: one error type naming the file, the column, the rows, and what was expected ---

def test_missing_file(tmp_path, name_lookup):
    with pytest.raises(DataFileError) as caught:
        read_fatality_file(tmp_path / "nope.csv", name_lookup)
    assert "nope.csv is missing" in caught.value.sentence()


def test_empty_file(tmp_path, name_lookup):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(DataFileError, match="empty.csv is empty"):
        read_fatality_file(path, name_lookup)


def test_header_only_file(tmp_path, name_lookup):
    path = tmp_path / "header.csv"
    path.write_text(CUT_2025.read_text().splitlines()[0] + "\n")
    with pytest.raises(DataFileError, match="has no data rows"):
        read_fatality_file(path, name_lookup)


def test_not_csv_or_xlsx(tmp_path, name_lookup):
    path = tmp_path / "export.json"
    path.write_text("{}")
    with pytest.raises(DataFileError, match=r"Expected: a \.csv or \.xlsx file"):
        read_fatality_file(path, name_lookup)


def test_corrupt_xlsx(tmp_path, name_lookup):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a workbook")
    with pytest.raises(DataFileError, match="cannot be read as an Excel workbook"):
        read_fatality_file(path, name_lookup)


def test_missing_required_column(tmp_path, name_lookup):
    path = tmp_path / "no_coords.csv"
    raw(CUT_2025).drop(columns="Coordinates").to_csv(path, index=False)
    with pytest.raises(DataFileError) as caught:
        read_fatality_file(path, name_lookup)
    assert caught.value.column == "Coordinates"
    assert "lacks a required column" in caught.value.sentence()


@pytest.mark.parametrize("column, value, words", [
    ("Number of Dead", "twelve", "not whole numbers"),
    ("Number of Dead", "1.5", "not whole numbers"),
    ("Incident Date", "31/31/2024", "dates that cannot be read"),
    ("Coordinates", "north of Lampedusa", "coordinates that cannot be read"),
    ("Coordinates", "35.5, 12.6, 3", "coordinates that cannot be read"),
    ("Coordinates", "35.5", "coordinates that cannot be read"),
    ("Number of Dead", " ", "not whole numbers"),
    ("Source Quality", "7", "outside 1 to 5"),
])
def test_unparseable_values_name_column_and_rows(tmp_path, name_lookup, column, value, words):
    frame = raw(CUT_2025)
    frame.loc[[2, 5], column] = value
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError) as caught:
        read_fatality_file(path, name_lookup)
    error = caught.value
    assert words in error.sentence()
    assert error.column == column
    assert error.rows == (4, 7)  # file rows: header is row 1
    assert "Expected: " in error.sentence() and "bad.csv" in error.sentence()


def test_numbers_arrow_cannot_read_quickly_are_still_read(tmp_path, name_lookup):
    """Counts and coordinates are read by a fast path; cells it refuses but that are good ("3.0", spaces,
    a plus sign) are read the careful way, with the same result."""
    frame = raw(CUT_2025)
    frame.loc[[1, 3], "Number of Dead"] = ["3.0", " +4 "]
    frame.loc[[2], "Coordinates"] = ["  35.5 ,12.25  "]
    path = tmp_path / "odd.csv"
    frame.to_csv(path, index=False)
    out = read_fatality_file(path, name_lookup)
    assert out.loc[1, "dead"] == 3 and out.loc[3, "dead"] == 4 and str(out["dead"].dtype) == "Int64"
    assert (out.loc[2, "lat"], out.loc[2, "lon"]) == (35.5, 12.25)


def test_no_files_at_all(name_lookup):
    with pytest.raises(DataFileError, match="holds no IOM export"):
        read_fatalities([], name_lookup)


def test_readers_do_not_import_streamlit():
    import subprocess
    import sys

    code = ("import sys, loaders.fatalities, transforms.rankings, transforms.filters, loaders.sources, "
            "transforms.exports, charts.time_series, charts.rankings, charts.maps, charts.summaries; "
            "print('streamlit' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.strip() == "False"
