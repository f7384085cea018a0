"""Bad input to the flow readers: one DataFileError naming the file, the column, the rows and what was expected.

Each case starts from a small cut of a real file (tests/fixtures/flows/), copied
with its real sidecar into a temporary data folder, then broken on purpose.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import flows
from loaders.errors import DataFileError
from loaders.flows import FLOW_SERIES, read_flow_series

CUTS = Path(__file__).resolve().parents[1] / "fixtures" / "flows"
SIDECARS = Path(__file__).resolve().parents[2] / "data" / "flows"


def data_root(tmp_path: Path, sid: str) -> Path:
    """A data folder holding the cut of ``sid``'s file and its real sidecar."""
    name = FLOW_SERIES[sid].file_name
    folder = tmp_path / "flows"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(CUTS / name, folder / name)
    stem = Path(name).stem
    shutil.copyfile(SIDECARS / f"{stem}.meta.yml", folder / f"{stem}.meta.yml")
    return tmp_path


def cut_frame(sid: str) -> pd.DataFrame:
    return pd.read_csv(CUTS / FLOW_SERIES[sid].file_name, dtype=str, keep_default_na=False)


def write(root: Path, sid: str, frame: pd.DataFrame) -> None:
    frame.to_csv(root / "flows" / FLOW_SERIES[sid].file_name, index=False)


@pytest.mark.parametrize("sid", list(FLOW_SERIES))
def test_every_cut_reads(tmp_path, sid):
    frame = read_flow_series(sid, data_root(tmp_path, sid))
    assert len(frame) > 0 and frame["value"].notna().all()


def test_cut_keeps_darien_grains_apart(tmp_path):
    frame = read_flow_series("panama_darien", data_root(tmp_path, "panama_darien"))
    assert set(frame["grain"]) == {"year", "month"}
    assert (frame.loc[frame["period"].dt.year <= 2019, "grain"] == "year").all()


def test_unknown_series_id():
    with pytest.raises(KeyError, match="nope"):
        read_flow_series("nope")


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError) as caught:
        read_flow_series("frontex_ibc", tmp_path)
    assert "frontex_ibc_monthly_route_nat.csv is missing" in caught.value.sentence()


def test_empty_file(tmp_path):
    root = data_root(tmp_path, "mexico_irregular")
    (root / "flows" / FLOW_SERIES["mexico_irregular"].file_name).write_text("")
    with pytest.raises(DataFileError, match="is empty"):
        read_flow_series("mexico_irregular", root)


def test_header_only_file(tmp_path):
    root = data_root(tmp_path, "unhcr_italy_sea")
    path = root / "flows" / FLOW_SERIES["unhcr_italy_sea"].file_name
    path.write_text(path.read_text().splitlines()[0] + "\n")
    with pytest.raises(DataFileError, match="has no data rows"):
        read_flow_series("unhcr_italy_sea", root)


def test_not_csv_or_xlsx(tmp_path, monkeypatch):
    root = data_root(tmp_path, "australia_boats")
    (root / "flows" / "australia_boat_arrivals_annual.json").write_text("{}")
    monkeypatch.setitem(flows.FLOW_SERIES, "australia_boats",
                        dataclasses.replace(FLOW_SERIES["australia_boats"], file_name="australia_boat_arrivals_annual.json"))
    with pytest.raises(DataFileError, match=r"Expected: a \.csv or \.xlsx file"):
        read_flow_series("australia_boats", root)


def test_corrupt_xlsx(tmp_path, monkeypatch):
    root = data_root(tmp_path, "australia_boats")
    (root / "flows" / "australia_boat_arrivals_annual.xlsx").write_bytes(b"this is not a workbook")
    monkeypatch.setitem(flows.FLOW_SERIES, "australia_boats",
                        dataclasses.replace(FLOW_SERIES["australia_boats"], file_name="australia_boat_arrivals_annual.xlsx"))
    with pytest.raises(DataFileError, match="cannot be read as an Excel workbook"):
        read_flow_series("australia_boats", root)


def test_missing_sidecar(tmp_path):
    root = data_root(tmp_path, "frontex_ibc")
    (root / "flows" / "frontex_ibc_monthly_route_nat.meta.yml").unlink()
    with pytest.raises(DataFileError, match="meta.yml is missing"):
        read_flow_series("frontex_ibc", root)


def test_sidecar_without_measure(tmp_path):
    root = data_root(tmp_path, "frontex_ibc")
    sidecar = root / "flows" / "frontex_ibc_monthly_route_nat.meta.yml"
    sidecar.write_text("\n".join(line for line in sidecar.read_text().splitlines() if not line.startswith("measure:")))
    with pytest.raises(DataFileError) as caught:
        read_flow_series("frontex_ibc", root)
    assert caught.value.column == "measure" and "lacks a required key" in caught.value.sentence()


@pytest.mark.parametrize("sid, column", [
    ("frontex_ibc", "route"), ("frontex_ibc", "n"), ("uk_small_boats", "boats_arrived"),
    ("us_cbp_sw_border", "area"), ("panama_darien", "t"), ("mexico_irregular", "nat"),
    ("unhcr_italy_sea", "individuals"), ("australia_boats", "boats"), ("iom_dtm_europe", "geo"),
])
def test_missing_required_column(tmp_path, sid, column):
    root = data_root(tmp_path, sid)
    write(root, sid, cut_frame(sid).drop(columns=column))
    with pytest.raises(DataFileError) as caught:
        read_flow_series(sid, root)
    assert caught.value.column == column and "lacks a required column" in caught.value.sentence()


@pytest.mark.parametrize("sid, column, value, words", [
    ("frontex_ibc", "n", "twelve", "not counts"),
    ("frontex_ibc", "n", "-3", "not counts"),
    ("frontex_ibc", "n", "1.5", "not counts"),
    ("frontex_ibc", "n", "", "not counts"),
    ("frontex_ibc", "t", "2015-13-01", "dates that cannot be read"),
    ("frontex_ibc", "t", "2015-03-15", "dates that cannot be read"),
    ("frontex_ibc", "type", "Air", "unexpected values"),
    ("frontex_ibc", "nat", "Syria", "nationality codes"),
    ("frontex_ibc", "route", "", "without a route"),
    ("uk_small_boats", "migrants_arrived", "many", "not counts"),
    ("uk_small_boats", "full_date", "January 1, 2018", "dates that cannot be read"),
    ("us_cbp_sw_border", "n", "n/a", "not counts"),
    ("us_cbp_sw_border", "component", "", "without a CBP component"),
    ("panama_darien", "t", "2015-07-01", "annual total not dated 1 January"),
    ("mexico_irregular", "nat", "", "nationality codes"),
    ("unhcr_italy_sea", "individuals", "?", "not counts"),
    ("australia_boats", "t", "FY2013", "years that cannot be read"),
    ("australia_boats", "boats", "x", "not counts"),
    ("iom_dtm_europe", "geo", "FRA", "unexpected values"),
])
def test_unparseable_values_name_column_and_rows(tmp_path, sid, column, value, words):
    root = data_root(tmp_path, sid)
    frame = cut_frame(sid)
    frame.loc[[2, 5], column] = value
    write(root, sid, frame)
    with pytest.raises(DataFileError) as caught:
        read_flow_series(sid, root)
    error = caught.value
    assert words in error.sentence()
    assert error.column == column
    assert error.rows[:2] == (4, 7)  # file rows: header is row 1
    assert "Expected: " in error.sentence() and FLOW_SERIES[sid].file_name in error.sentence()


def test_unhcr_repeated_day(tmp_path):
    root = data_root(tmp_path, "unhcr_italy_sea")
    frame = cut_frame("unhcr_italy_sea")
    frame.loc[3, "data_date"] = frame.loc[2, "data_date"]
    write(root, "unhcr_italy_sea", frame)
    with pytest.raises(DataFileError, match="same day twice") as caught:
        read_flow_series("unhcr_italy_sea", root)
    assert caught.value.rows == (4, 5)
