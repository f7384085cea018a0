"""The crossing and arrival series on the real shipped files: schema, reconciliation, grains, transforms, guardrail.

Reconciliation reads each raw file independently with the ``csv`` module and
checks the reader's totals against it and against the figures in the
PROVENANCE notes of the raw data folder (quoted in tests/fixtures/raw/README.md).
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import yaml

from loaders.flows import FLOW_SERIES, read_flow_series
from transforms.flows import (
    MeasureMismatchError,
    add_series,
    annual_totals,
    check_same_measure,
    combine,
    migrants_per_boat,
    monthly_totals,
    nationality_totals,
)

DATA = Path(__file__).resolve().parents[2] / "data"
FLOWS = DATA / "flows"
RAW_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "raw"
IDS = ("frontex_ibc", "uk_small_boats", "us_cbp_sw_border", "panama_darien", "mexico_irregular",
       "unhcr_italy_sea", "australia_boats", "iom_dtm_europe")
#: Columns every flow frame has, in this order (loaders/flows.py's docstring; extras follow).
FLOW_COLUMNS = ("series_id", "period", "period_end", "grain", "route", "route_parent", "crossing_type",
                "nationality_iso3", "measure", "unit", "value", "span_start", "span_end")


@pytest.fixture(scope="module")
def series():
    return {sid: read_flow_series(sid, DATA) for sid in IDS}


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(FLOWS / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sums_by(rows, key, value="n") -> dict:
    out: dict = defaultdict(int)
    for row in rows:
        out[key(row)] += int(row[value] or 0)
    return dict(out)


def year_totals(frame: pd.DataFrame, by=()) -> dict:
    totals = annual_totals(frame, by=by)
    return {int(p.year): v for p, v in zip(totals["period"], totals["value"])}


# --- registry and schema ---

def test_registry_has_exactly_the_agreed_ids():
    assert tuple(FLOW_SERIES) == IDS
    for sid, entry in FLOW_SERIES.items():
        assert entry.id == sid and (FLOWS / entry.file_name).is_file()


@pytest.mark.parametrize("sid", IDS)
def test_every_series_reads_into_the_canonical_frame(series, sid):
    frame = series[sid]
    meta = yaml.safe_load((FLOWS / (Path(FLOW_SERIES[sid].file_name).stem + ".meta.yml")).read_text())
    assert list(frame.columns[: len(FLOW_COLUMNS)]) == list(FLOW_COLUMNS)
    assert (frame["series_id"] == sid).all()
    assert set(frame["grain"]) <= {"day", "month", "year"}
    assert frame["period"].dtype == "datetime64[ns]" and frame["value"].dtype == float
    assert (frame["period_end"] >= frame["period"]).all()
    assert frame["value"].ge(0).all() and frame["value"].notna().all()
    # measure and unit come from the sidecar, which holds every required key
    assert set(frame["measure"]) == {meta["measure"]} and set(frame["unit"]) == {meta["unit"]}
    entry = FLOW_SERIES[sid].meta(DATA)
    assert {key: entry[key] for key in ("measure", "unit", "title", "publisher")} == {
        key: meta[key] for key in ("measure", "unit", "title", "publisher")}
    assert entry["counts"] and entry["misses"] and entry["licence"]
    for text_column in ("route", "route_parent", "crossing_type", "nationality_iso3"):
        assert frame[text_column].notna().all()  # blank is "", never missing


def test_measures_and_units_as_loaded(series):
    got = {sid: (f["measure"].iat[0], f["unit"].iat[0], tuple(sorted(set(f["grain"])))) for sid, f in series.items()}
    assert got == {
        "frontex_ibc": ("detections", "detections", ("month",)),
        "uk_small_boats": ("arrivals", "people", ("day",)),
        "us_cbp_sw_border": ("encounters", "encounters", ("month",)),
        "panama_darien": ("transits", "people", ("month", "year")),
        "mexico_irregular": ("migrants presented", "events", ("month",)),
        "unhcr_italy_sea": ("arrivals", "people", ("day",)),
        "australia_boats": ("arrivals", "people", ("year",)),
        "iom_dtm_europe": ("arrivals", "people", ("month", "year")),
    }


def test_csv_copies_are_byte_for_byte():
    """Each shipped flow file is its raw original, byte for byte: its SHA-256 is the one recorded from the raw
    folder in tests/fixtures/raw/<folder>/SHA256SUMS (tests/fixtures/raw/make_raw_fixtures.py)."""
    checked = []
    for sums in sorted(RAW_FIXTURES.glob("*/SHA256SUMS")):
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256((FLOWS / name).read_bytes()).hexdigest() == digest, f"{name} differs from {sums}"
            checked.append(name)
    assert sorted(checked) == sorted(path.name for path in FLOWS.glob("*.csv"))  # every shipped flow file


# --- reconciliation ---

def test_frontex_reconciles(series):
    frame = series["frontex_ibc"]
    rows = csv_rows("frontex_ibc_monthly_route_nat.csv")
    assert frame["value"].sum() == sum(int(r["n"]) for r in rows) == 4_966_869
    assert year_totals(frame)[2015] == sums_by(rows, lambda r: r["t"][:4])["2015"] == 1_822_102
    routes = annual_totals(frame, by=["route"]).groupby("route")["value"].sum().to_dict()
    assert routes == {k: float(v) for k, v in sums_by(rows, lambda r: r["route"]).items()}
    assert routes["Central Mediterranean Route"] == 1_252_298
    assert routes["Eastern Mediterranean Route"] == 1_740_759
    assert set(frame["crossing_type"]) == {"Sea", "Land"}
    assert (frame["crossing_type"] == "Sea").sum() == 17_959


def test_cbp_reconciles_by_calendar_year(series):
    frame = series["us_cbp_sw_border"]
    rows = csv_rows("cbp_sw_border_encounters_monthly.csv")
    raw = sums_by(rows, lambda r: int(r["t"][:4]))
    totals = year_totals(frame)
    assert totals == {k: float(v) for k, v in raw.items()}
    assert totals[2018] == 590_693 and totals[2023] == 2_541_959 and totals[2025] == 108_658
    early = frame[frame["period"] < "2019-10-01"]
    assert (early["nationality_iso3"] == "").all() and len(early) == 156
    assert early["route"].str.endswith("(area not given)").all()


def test_darien_reconciles_and_annual_rows_stay_annual(series):
    frame = series["panama_darien"]
    rows = csv_rows("panama_darien_transits_monthly_nat.csv")
    totals = year_totals(frame)
    assert totals == {int(k): float(v) for k, v in sums_by(rows, lambda r: r["t"][:4]).items()}
    assert totals[2023] == 520_085 and totals[2024] == 302_203 and totals[2025] == 2_904
    annual = frame[frame["period"].dt.year <= 2019]
    assert (annual["grain"] == "year").all() and (annual["period_end"].dt.strftime("%m-%d") == "12-31").all()
    assert (frame[frame["period"].dt.year >= 2020]["grain"] == "month").all()
    months = monthly_totals(frame)
    assert months["period"].min() == pd.Timestamp("2020-01-01")  # no annual total on the monthly axis
    assert months["value"].sum() == frame.loc[frame["grain"] == "month", "value"].sum()
    with pytest.raises(ValueError, match="annual totals"):
        monthly_totals(frame, annual_rows="raise")
    year_2020 = annual_totals(frame).set_index(annual_totals(frame)["period"].dt.year).loc[2020]
    assert year_2020["months_with_data"] == 9  # April, May, July 2020 have no rows


def test_mexico_reconciles(series):
    frame = series["mexico_irregular"]
    rows = csv_rows("mexico_irregular_migrants_monthly_nat.csv")
    assert year_totals(frame) == {int(k): float(v) for k, v in sums_by(rows, lambda r: r["t"][:4]).items()}


def test_uk_daily_reconciles_with_the_yearly_file(series):
    frame = series["uk_small_boats"]
    yearly = csv_rows("long_uk_small_boats_yearly.csv")
    totals = annual_totals(frame).set_index(annual_totals(frame)["period"].dt.year)
    per_boat = migrants_per_boat(frame, "year").set_index(migrants_per_boat(frame, "year")["period"].dt.year)
    for row in yearly:
        year = int(row["n_year"])
        assert totals.loc[year, "value"] == int(row["migrants_arrived"])
        assert per_boat.loc[year, "boats"] == int(row["boats_arrived"])
        assert per_boat.loc[year, "migrants_per_boat"] == pytest.approx(float(row["migrants_per_boat"]))
    assert frame["value"].sum() == 208_507
    assert totals.loc[2025, "value"] == 41_472 and per_boat.loc[2025, "boats"] == 672
    assert totals.loc[2026, "months_covered"] == 8 and not totals.loc[2026, "complete"]


def test_unhcr_italy_reconciles_and_fills_omitted_days(series):
    frame = series["unhcr_italy_sea"]
    rows = csv_rows("unhcr_daily_arrivals_italy.csv")
    assert frame["value"].sum() == sum(int(r["individuals"]) for r in rows) == 856_054
    totals = year_totals(frame)
    assert totals[2016] == 182_652 and totals[2023] == 157_444 and totals[2025] == 66_316
    assert frame["period"].is_unique and len(frame) == (frame["period"].max() - frame["period"].min()).days + 1
    zero_rows = sum(1 for r in rows if int(r["individuals"]) == 0)  # some zero days are in the file
    assert (frame["value"] == 0).sum() == zero_rows + len(frame) - len(rows)


def test_australia_reconciles_people_and_boats(series):
    frame = series["australia_boats"].set_index(series["australia_boats"]["period"].dt.year)
    assert (frame.loc[2013, "boats"], frame.loc[2013, "value"]) == (300, 20_587)
    assert (frame.loc[2012, "boats"], frame.loc[2012, "value"]) == (278, 17_204)
    assert frame.loc[:1988, "boats"].isna().all()  # not recorded, not zero
    rows = csv_rows("australia_boat_arrivals_annual.csv")
    assert frame["value"].sum() == sum(int(r["n"]) for r in rows)
    assert frame.loc[2025, "period_end"] == pd.Timestamp("2025-04-30")


def test_dtm_reconciles_reads_early_years_as_annual_and_never_adds_spain_parts(series):
    frame = series["iom_dtm_europe"]
    rows = csv_rows("dtm_europe_arrivals_monthly.csv")
    by_geo = annual_totals(frame, by=["route"]).groupby("route")["value"].sum().to_dict()
    assert by_geo == {k: float(v) for k, v in sums_by(rows, lambda r: r["geo"]).items()}
    annual = frame[frame["grain"] == "year"]
    assert set(annual.loc[annual["route"] == "ITA", "period"].dt.year) == set(range(1997, 2014))
    assert set(annual.loc[annual["route"] == "GRC", "period"].dt.year) == {2013, 2014}
    assert (annual["period"].dt.strftime("%m-%d") == "01-01").all()
    assert set(frame.loc[frame["route_parent"] == "ESP", "route"]) == {"ESP-WMR", "ESP-WAAR"}
    total = annual_totals(frame).set_index(annual_totals(frame)["period"].dt.year)["value"]
    without_parts = {int(k): v for k, v in sums_by(
        [r for r in rows if r["geo"] not in ("ESP-WMR", "ESP-WAAR")], lambda r: r["t"][:4]).items()}
    assert total.to_dict() == {k: float(v) for k, v in without_parts.items()}


# --- transforms ---

def test_partial_years_are_visible(series):
    def covered(sid):
        totals = annual_totals(series[sid])
        return dict(zip(totals["period"].dt.year, totals["months_covered"]))

    assert covered("frontex_ibc")[2025] == 4 and covered("frontex_ibc")[2024] == 12
    assert covered("us_cbp_sw_border")[2017] == 3 and covered("us_cbp_sw_border")[2025] == 5
    assert covered("australia_boats")[2025] == 4 and covered("australia_boats")[2024] == 12
    assert covered("unhcr_italy_sea")[2015] == 3 and covered("unhcr_italy_sea")[2026] == 3
    # filtering keeps the series' span: a route that starts late is not a partial year
    black_sea = series["frontex_ibc"][series["frontex_ibc"]["route"] == "Black Sea Route"]
    assert set(annual_totals(black_sea)["months_covered"]) <= {12, 4}


def test_monthly_totals_mark_partial_months(series):
    uk = monthly_totals(series["uk_small_boats"])
    last = uk.iloc[-1]
    assert last["period"] == pd.Timestamp("2026-08-01") and last["days_covered"] == 20 and not last["complete"]
    assert uk["complete"].iloc[:-1].all()
    assert set(uk[["measure", "unit"]].itertuples(index=False, name=None)) == {("arrivals", "people")}
    frontex = monthly_totals(series["frontex_ibc"], by=["crossing_type"])
    assert frontex["value"].sum() == 4_966_869 and set(frontex["crossing_type"]) == {"Sea", "Land"}


def test_transforms_do_not_mutate_their_input(series):
    frame = series["panama_darien"]
    before = frame.copy()
    annual_totals(frame), monthly_totals(frame), nationality_totals(frame, "2023-01-01", "2023-12-31")
    pd.testing.assert_frame_equal(frame, before)


def test_migrants_per_boat_is_blank_without_boats(series):
    monthly = migrants_per_boat(series["uk_small_boats"], "month")
    no_boats = monthly[monthly["boats"] == 0]
    assert not no_boats.empty and no_boats["migrants_per_boat"].isna().all()
    assert (monthly["measure"] == "migrants per boat").all() and (monthly["unit"] == "people per boat").all()
    first = monthly.iloc[0]
    assert (first["migrants"], first["boats"], first["migrants_per_boat"]) == (7, 1, 7)
    with pytest.raises(ValueError):
        migrants_per_boat(series["frontex_ibc"], "month")


def test_nationality_totals(series):
    darien = nationality_totals(series["panama_darien"], "2023-01-01", "2023-12-31")
    assert darien["value"].sum() == 520_085
    assert darien["value"].is_monotonic_decreasing and darien["share"].sum() == pytest.approx(1)
    top = nationality_totals(series["frontex_ibc"], "2015-01-01", "2015-12-31", top=3)
    assert list(top["nationality_iso3"]) == ["SYR", "OOO", "AFG"]
    # an annual row is counted only when the whole year is inside the range
    assert nationality_totals(series["panama_darien"], "2019-06-01", "2019-12-31").empty
    assert nationality_totals(series["unhcr_italy_sea"]).empty  # no nationality in that series


# --- the guardrail: never add unlike measures ---

def test_guardrail_refuses_frontex_detections_plus_unhcr_arrivals(series):
    frontex = monthly_totals(series["frontex_ibc"])
    italy = monthly_totals(series["unhcr_italy_sea"])
    with pytest.raises(MeasureMismatchError, match="detections") as caught:
        add_series(frontex, italy)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(MeasureMismatchError):
        combine([series["frontex_ibc"], series["unhcr_italy_sea"]])
    with pytest.raises(MeasureMismatchError):
        combine([series["us_cbp_sw_border"], series["mexico_irregular"]])


def test_guardrail_allows_like_measures_and_refuses_unlike_grains_or_unlabelled_frames(series):
    uk = monthly_totals(series["uk_small_boats"])
    italy = monthly_totals(series["unhcr_italy_sea"])
    both = add_series(uk, italy)
    assert set(both["measure"]) == {"arrivals"} and set(both["unit"]) == {"people"}
    assert both["value"].sum() == uk["value"].sum() + italy["value"].sum()
    assert check_same_measure([uk, italy]) == ("arrivals", "people")
    with pytest.raises(MeasureMismatchError, match="grain"):
        add_series(uk, annual_totals(series["australia_boats"]))
    with pytest.raises(MeasureMismatchError, match="measure"):
        combine([uk.drop(columns="measure"), italy])


def test_flow_readers_do_not_import_streamlit():
    import subprocess
    import sys

    code = "import sys, loaders.flows; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.strip() == "False"


def test_cached_wrapper_reads_the_data_folder(monkeypatch):
    from cache import load_flow_meta, load_flow_series

    monkeypatch.setenv("MSDE_DATA_DIR", str(DATA))
    frame = load_flow_series("australia_boats")
    assert len(frame) == 50 and load_flow_meta("australia_boats")["unit"] == "people"
    with pytest.raises(KeyError):
        load_flow_series("nope")


def test_cached_sidecar_is_shared_and_read_only(monkeypatch):
    from cache import load_flow_meta

    monkeypatch.setenv("MSDE_DATA_DIR", str(DATA))
    meta = load_flow_meta("frontex_ibc")
    assert meta is load_flow_meta("frontex_ibc")
    with pytest.raises(TypeError):
        meta["unit"] = "boats"  # type: ignore[index]
    assert dict(meta)["measure"] == FLOW_SERIES["frontex_ibc"].meta(DATA)["measure"]


def test_cached_flow_entry_holds_what_the_pure_transforms_give(monkeypatch):
    from cache import load_flow_entry
    from transforms.corridors import crossings_by_year, entry_monthly_totals, parse_flow_ref, select_flow

    monkeypatch.setenv("MSDE_DATA_DIR", str(DATA))
    for text in ("frontex_ibc:Eastern Mediterranean Route:Sea", "unhcr_italy_sea"):
        ref = parse_flow_ref(text)
        flow = read_flow_series(ref.series_id, DATA)
        entry = load_flow_entry(ref)
        pd.testing.assert_frame_equal(entry.rows.reset_index(drop=True), select_flow(flow, ref).reset_index(drop=True))
        pd.testing.assert_frame_equal(entry.by_year, crossings_by_year(flow, ref))
        pd.testing.assert_frame_equal(entry.monthly, entry_monthly_totals(flow, ref))
        assert entry.has_nationality == (ref.series_id == "frontex_ibc")
    with pytest.raises(KeyError):
        load_flow_entry(parse_flow_ref("nope:route"))
