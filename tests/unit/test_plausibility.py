"""Plausibility checks in the IOM reader: each implausible value flagged on its row, counted for Data and sources,
cautioned under figures that count it, and kept from distorting totals; the shipped data has none beyond the
negative counts IOM publishes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loaders.fatalities import (
    DEAD_MISSING_BOUND,
    FIRST_DATE,
    LAST_DATE,
    MAX_TEXT_CHARS,
    SURVIVORS_BOUND,
    read_fatalities,
    read_fatality_file,
)
from transforms.quality import (
    IMPLAUSIBLE_KINDS,
    caution_note,
    implausible_note,
    implausible_records,
    implausible_rows,
    low_quality_note,
    quality_flag_summary,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CUT_2025 = FIXTURES / "mmp_2025_cut.csv"
CUT_2026 = FIXTURES / "mmp_2026_cut.csv"


def raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_edited(tmp_path, name_lookup, edits: dict[tuple[int, str], str], source: Path = CUT_2025) -> pd.DataFrame:
    """The cut with some cells replaced ((row, column) -> text), read by the app's reader (one export)."""
    frame = raw(source)
    for (row, column), value in edits.items():
        frame.loc[row, column] = value
    path = tmp_path / "edited.csv"
    frame.to_csv(path, index=False)
    return read_fatalities([path], name_lookup)


def row_of(frame: pd.DataFrame, incident_id: str) -> pd.Series:
    return frame.set_index("incident_id").loc[incident_id]


def summary_rows(frame: pd.DataFrame, words: str) -> int:
    summary = quality_flag_summary(frame)
    return int(summary.loc[summary["handling"].str.contains(words, regex=False), "rows"].iloc[0])


def test_a_trillion_dead_and_missing_is_set_aside_flagged_and_cautioned(tmp_path, name_lookup):
    clean = read_fatalities([CUT_2025], name_lookup)
    target = raw(CUT_2025).loc[4]
    edited = read_edited(tmp_path, name_lookup, {(4, "Number of Dead"): "1000000000000",
                                                 (4, "Total Number of Dead and Missing"): "1000000000000"})
    row = row_of(edited, target["Incident ID"])
    assert pd.isna(row["dead"])
    missing = int(target["Minimum Estimated Number of Missing"] or 0)
    assert row["dead_missing"] == missing  # the IOM total set aside too: dead + missing, without the absurd dead
    assert "dead of 1,000,000,000,000 beyond the plausibility bound of 2,000: set aside" in row["quality_flags"]
    assert "total dead and missing of 1,000,000,000,000 beyond the plausibility bound" in row["quality_flags"]
    # No figure is distorted: every other row counts as before, and the incident itself still counts.
    before = int(clean["dead_missing"].sum())
    assert int(edited["dead_missing"].sum()) == before - int(target["Total Number of Dead and Missing"]) + missing
    assert len(edited) == len(clean)
    assert summary_rows(edited, "Count beyond the plausibility bound") == 1
    note = implausible_note(edited)
    assert note is not None and "a count beyond the plausibility bound, set aside (1)" in note
    assert implausible_note(edited.loc[edited["incident_id"] == target["Incident ID"]]).startswith(
        "Caution: 1 record behind this figure holds implausible values in IOM's export: ")


def test_numbers_too_large_for_any_integer_and_huge_negatives_are_set_aside(tmp_path, name_lookup):
    ids = raw(CUT_2025)["Incident ID"]
    edited = read_edited(tmp_path, name_lookup, {(2, "Number of Survivors"): "9" * 40,
                                                 (3, "Minimum Estimated Number of Missing"): "-5000",
                                                 (5, "Number of Children"): "2001",
                                                 (6, "Number of Dead"): str(-2 ** 63)})  # int64's floor
    survivors, missing, children = (row_of(edited, ids[i]) for i in (2, 3, 5))
    assert pd.isna(survivors["survivors"]) and pd.isna(missing["missing"]) and pd.isna(children["children"])
    assert edited["dead_missing"].min() > -DEAD_MISSING_BOUND
    assert "beyond the plausibility bound of 10,000" in survivors["quality_flags"]
    assert "missing of -5,000 beyond" in missing["quality_flags"]
    assert pd.isna(row_of(edited, ids[6])["dead"])
    assert summary_rows(edited, "Count beyond the plausibility bound") == 4


def test_the_bounds_sit_above_every_shipped_count(incidents):
    assert incidents["dead_missing"].max() == 1022 < DEAD_MISSING_BOUND  # 2015.MMP00108, 18 April 2015
    for column in ("dead", "missing", "females", "males", "children"):
        assert incidents[column].abs().max() < DEAD_MISSING_BOUND
    assert incidents["survivors"].max() < SURVIVORS_BOUND
    flags = incidents["quality_flags"].astype(str)
    assert not flags.str.contains("plausibility bound|cut to the length|outside the").any()
    assert incidents["date"].min() >= FIRST_DATE and incidents["date"].max() <= LAST_DATE


def test_a_total_that_is_not_dead_plus_missing_is_kept_flagged_counted_and_cautioned(tmp_path, name_lookup):
    target = raw(CUT_2025).loc[6]
    total = int(target["Total Number of Dead and Missing"]) + 7
    edited = read_edited(tmp_path, name_lookup, {(6, "Total Number of Dead and Missing"): str(total)})
    row = row_of(edited, target["Incident ID"])
    assert row["dead_missing"] == total and "IOM total differs from dead + missing" in row["quality_flags"]
    assert summary_rows(edited, "IOM total differs") == 1
    assert "a total that is not dead plus missing (1)" in implausible_note(edited)


def test_negative_counts_keep_todays_handling_and_are_cautioned(name_lookup):
    frame = read_fatalities([CUT_2025], name_lookup)
    negative_missing = row_of(frame, "2015.MMP00308")
    assert negative_missing["missing"] == -1 and negative_missing["dead_missing"] == 19  # IOM's correction, kept
    assert pd.isna(row_of(frame, "2020.MMP00661")["survivors"])  # negative survivors: blank, as before
    note = implausible_note(frame)
    assert note.startswith("Caution: ") and "a negative missing count" in note and "a negative survivors count" in note


def test_a_negative_total_is_flagged(tmp_path, name_lookup):
    edited = read_edited(tmp_path, name_lookup, {(7, "Number of Dead"): "",
                                                 (7, "Minimum Estimated Number of Missing"): "-3",
                                                 (7, "Total Number of Dead and Missing"): "-3"})
    assert edited.loc[implausible_rows(edited)].shape[0] >= 1
    assert "negative total (-3) kept" in " ".join(edited["quality_flags"].astype(str))
    assert summary_rows(edited, "Negative total") == 1


@pytest.mark.parametrize("coordinates", ["95.0, 10.0", "-91, 0", "10.0, 181", "inf, 0"])
def test_coordinates_outside_their_range_are_an_unknown_position(tmp_path, name_lookup, coordinates):
    target = raw(CUT_2025).loc[8]
    edited = read_edited(tmp_path, name_lookup, {(8, "Coordinates"): coordinates})
    row = row_of(edited, target["Incident ID"])
    assert np.isnan(row["lat"]) and np.isnan(row["lon"])
    assert "outside the range of latitude and longitude; position unknown" in row["quality_flags"]
    assert summary_rows(edited, "Coordinates outside the range") == 1
    assert edited["lat"].abs().max() <= 90 and edited["lon"].abs().max() <= 180


def test_a_megabyte_of_text_is_cut_and_flagged(tmp_path, name_lookup):
    target, other = raw(CUT_2026).loc[1], raw(CUT_2026).loc[2]
    edited = read_edited(tmp_path, name_lookup, {(1, "Location of death"): "Lampedusa " * 100_000,
                                                 (2, "Information Source"): "x" * (MAX_TEXT_CHARS + 1)}, CUT_2026)
    row = row_of(edited, target["Incident ID"])
    assert len(row["location"]) == MAX_TEXT_CHARS and row["location"].endswith("…")
    cut = "“Location of death” text of 1,000,000 characters cut to the length bound of 1,000"
    assert cut in row["quality_flags"]
    assert len(row_of(edited, other["Incident ID"])["information_source"]) == MAX_TEXT_CHARS
    assert edited["location"].astype(str).str.len().max() == MAX_TEXT_CHARS
    assert summary_rows(edited, "Text longer than 1,000 characters") == 2


def test_text_of_exactly_the_bound_is_kept_whole(tmp_path, name_lookup):
    target = raw(CUT_2026).loc[1]
    edited = read_edited(tmp_path, name_lookup, {(1, "Location of death"): "y" * MAX_TEXT_CHARS}, CUT_2026)
    row = row_of(edited, target["Incident ID"])
    assert row["location"] == "y" * MAX_TEXT_CHARS and "length bound" not in str(row["quality_flags"])


def test_clean_rows_need_no_caution_and_the_notes_combine(incidents):
    clean = incidents.loc[~implausible_rows(incidents)]
    assert implausible_note(clean) is None and implausible_note(incidents.head(0)) is None
    low = incidents.loc[incidents["source_quality"].isin([1, 2]).fillna(False).to_numpy()]
    assert caution_note(low) == " ".join(n for n in (low_quality_note(low), implausible_note(low)) if n)
    assert caution_note(clean.head(50)) == low_quality_note(clean.head(50))


def test_every_implausible_kind_names_how_many_records(incidents):
    flagged = incidents.loc[implausible_rows(incidents)]
    assert len(flagged) == 12  # 6 negative missing, 6 negative survivors (both exports)
    note = implausible_note(incidents)
    assert note.startswith("Caution: 12 records behind this figure hold implausible values in IOM's export: ")
    assert "a negative missing count (6)" in note and "a negative survivors count (6)" in note
    assert all(words in dict(IMPLAUSIBLE_KINDS).values() for words in
               ("a negative missing count", "a negative survivors count"))
    listed = implausible_records(incidents)
    assert len(listed) == 12 and set(listed.columns) == {"incident_id", "date", "source_file", "dead_missing",
                                                         "quality_flags"}
    assert "2015.MMP00308" in set(listed["incident_id"])


def test_a_file_read_alone_is_flagged_the_same(name_lookup):
    """read_fatality_file flags as read_fatalities does (the flags are made per file)."""
    alone = read_fatality_file(CUT_2025, name_lookup)
    merged = read_fatalities([CUT_2025], name_lookup)
    assert sorted(alone["quality_flags"].astype(str)) == sorted(merged["quality_flags"].astype(str))


@pytest.mark.parametrize("date", ["1900-01-01", "2262-05-01", "9999-12-31", "2013-12-31"])
def test_a_date_outside_the_plausible_years_is_read_as_undated(tmp_path, name_lookup, date):
    target = raw(CUT_2025).loc[9]
    edited = read_edited(tmp_path, name_lookup, {(9, "Incident Date"): date})
    row = row_of(edited, target["Incident ID"])
    assert pd.isna(row["date"]) and pd.isna(row["year"]) and row["month_key"] == -1
    assert f"date “{date}” outside the plausible dates 2014 to 2099; read as undated" in row["quality_flags"]
    assert edited["date"].min() >= pd.Timestamp("2014-01-01")
    assert summary_rows(edited, "Date outside 2014 to 2099") == 1
    assert "a date outside the plausible years, read as undated (1)" in implausible_note(edited)


def test_dates_with_time_zones_are_read_not_raised(tmp_path, name_lookup):
    target = raw(CUT_2025).loc[9]
    edited = read_edited(tmp_path, name_lookup, {(9, "Incident Date"): "2019-03-04T10:00:00+05:00",
                                                 (10, "Incident Date"): "2019-03-05T10:00:00-03:00"})
    assert row_of(edited, target["Incident ID"])["date"] == pd.Timestamp("2019-03-04")
