"""Irregular border crossings and arrivals ("flows"): pure readers of the eight series.

Eight published series, each shipped in ``data/flows/`` with a sidecar
``<stem>.meta.yml`` that is the source of truth for its title, publisher,
licence, ``measure``, ``unit``, ``grain``, what one unit ``counts`` and what it
``misses``. :data:`FLOW_SERIES` maps each series id to its file and reader;
:meth:`FlowSeries.meta` reads the sidecar (never at import time).

``read_flow_series(series_id)`` returns one tidy long frame for every series:

``series_id``; ``period`` (Timestamp, first day of the period); ``period_end``
(last day the row covers: the day, the month's last day, the year's last day,
or less for a partial year such as Australia 2025, January to April);
``grain`` ("day", "month" or "year"); ``route`` (the series' own breakdown:
Frontex route, CBP sector or field office, DTM country code; "" where none);
``route_parent`` (DTM only: "ESP" for its parts ESP-WMR and ESP-WAAR, so the
parts are never added to the Spain total; "" elsewhere); ``crossing_type``
("Sea" or "Land" where the source gives or implies it, else ""),
``nationality_iso3`` (ISO3 with IOM codes OOO unknown, OOS unidentified
Sub-Saharan Africa, XKX Kosovo; "" where not given); ``measure`` and ``unit``
(from the sidecar: e.g. "detections"/"detections", "arrivals"/"people");
``value`` (float, in ``unit``); ``span_start`` and ``span_end`` (first and last
day the series, or for DTM the country, is reported: the same on every row of
a series, so a partial year stays visible after any filtering). Series-specific
extras: ``boats`` (UK, Australia: boats arrived), and for CBP ``component``,
``authority``, ``encounter_type`` and ``demographic``.

Rows of unlike measures are never added: :func:`transforms.flows.combine` and
:func:`transforms.flows.add_series` raise :class:`transforms.flows.MeasureMismatchError`.
Annual rows are never put on a monthly axis: :func:`transforms.flows.monthly_totals`
drops (or refuses) them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.metadata import read_sidecar
from loaders.paths import data_dir
from loaders.tabular import quoted, read_table, require_columns

#: Sidecar keys a flow series must state.
REQUIRED_META = ("title", "publisher", "measure", "unit", "grain", "counts", "misses", "licence", "source_url")


def flows_dir(root: Path | None = None) -> Path:
    """The folder holding the crossing and arrival series."""
    return (Path(root) if root is not None else data_dir()) / "flows"


@functools.lru_cache(maxsize=64)
def _sidecar(path: str, mtime_ns: int) -> dict[str, Any]:
    return read_sidecar(Path(path))


def series_meta(path: Path) -> dict[str, Any]:
    """The sidecar of a flow file, checked for the keys every flow series must state."""
    sidecar = path.with_name(path.stem + ".meta.yml")
    mtime = sidecar.stat().st_mtime_ns if sidecar.is_file() else -1
    meta = _sidecar(str(path), mtime)
    for key in REQUIRED_META:
        if not str(meta.get(key, "")).strip():
            # Translators: {column} is a key of the metadata file and {keys} lists them: keep them in English.
            raise DataFileError(sidecar, N_("The data file {file} lacks a required key “{column}”."), column=key,
                                expected=N_("keys {keys}"), params={"keys": ", ".join(REQUIRED_META)})
    return dict(meta)


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    """1-based file row numbers (header is row 1) where ``mask`` is true."""
    return (np.flatnonzero(np.asarray(mask)) + 2).tolist()


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].str.strip()


def parse_counts(text: pd.Series, path: Path, column: str, *, blank_is_zero: bool = False) -> pd.Series:
    """Non-negative whole numbers as float; a blank is 0 where the source says so, else an error."""
    numbers = pd.to_numeric(text, errors="coerce")
    blank = text.isna()
    bad = (~blank & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0)))
    if not blank_is_zero:
        bad = bad | blank
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not counts in column “{column}”."),
                            column=column, rows=_rows(bad),
                            expected=N_("a whole number of zero or more") if blank_is_zero
                            else N_("a whole number of zero or more on every row"))
    return numbers.fillna(0).astype(float)


def parse_days(text: pd.Series, path: Path, column: str, *, month_start: bool = False) -> pd.Series:
    """ISO dates (2024-05-01); with ``month_start`` each must be the first of a month."""
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna()
    if month_start:
        bad = bad | (parsed.dt.day != 1)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds dates that cannot be read in column “{column}”."),
                            column=column, rows=_rows(bad),
                            expected=N_("dates like 2024-05-01 (the first day of a month)") if month_start
                            else N_("dates like 2024-05-01"))
    return parsed.astype("datetime64[ns]")


def parse_years(text: pd.Series, path: Path, column: str) -> pd.Series:
    """Four-digit years as the Timestamp of 1 January."""
    years = pd.to_numeric(text, errors="coerce")
    bad = years.isna() | (years % 1 != 0) | (years < 1900) | (years > 2100)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds years that cannot be read in column “{column}”."),
                            column=column, rows=_rows(bad), expected=N_("a four-digit year such as 2013"))
    return pd.to_datetime(years.astype(int).astype(str) + "-01-01").astype("datetime64[ns]")


def parse_iso3(text: pd.Series, path: Path, column: str, *, blank_ok: bool = False) -> pd.Series:
    """Upper-case three-letter codes; blank allowed only where the source has none."""
    blank = text.isna()
    bad = ~blank & ~text.fillna("").str.fullmatch(r"[A-Z]{3}")
    if not blank_ok:
        bad = bad | blank
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds nationality codes that cannot be read in column "
                                     "“{column}”."), column=column, rows=_rows(bad),
                            expected=N_("a three-letter ISO3 code such as SYR (IOM's OOO for unknown)"))
    return text.fillna("").astype(str)


def parse_choice(text: pd.Series, path: Path, column: str, allowed: Sequence[str]) -> pd.Series:
    """One of ``allowed`` on every row."""
    bad = ~text.isin(list(allowed))
    if bad.any():
        # Translators: {values} lists the values allowed, each in quotation marks.
        raise DataFileError(path, N_("The data file {file} holds unexpected values in column “{column}”."),
                            column=column, rows=_rows(bad), expected=N_("one of {values}"),
                            params={"values": quoted(allowed)})
    return text.astype(str)


def _read(path: Path, required: Sequence[str]) -> pd.DataFrame:
    raw = read_table(path)
    require_columns(raw, path, required)
    return raw


def _month_end(period: pd.Series) -> pd.Series:
    return (period + pd.offsets.MonthEnd(0)).astype("datetime64[ns]")


def _year_end(period: pd.Series) -> pd.Series:
    return (period + pd.offsets.YearEnd(0)).astype("datetime64[ns]")


def _frame(series_id: str, meta: dict, period: pd.Series, period_end: pd.Series, grain: pd.Series | str,
           value: pd.Series, *, route: pd.Series | str = "", route_parent: pd.Series | str = "",
           crossing_type: pd.Series | str = "", nationality: pd.Series | str = "",
           extras: dict[str, pd.Series] | None = None, span_by: str | None = None) -> pd.DataFrame:
    """Assemble the canonical frame; spans are per series (or per ``span_by`` column)."""
    out = pd.DataFrame({
        "series_id": series_id,
        "period": period.to_numpy(),
        "period_end": period_end.to_numpy(),
        "grain": grain if isinstance(grain, str) else grain.to_numpy(),
        "route": route if isinstance(route, str) else route.to_numpy(),
        "route_parent": route_parent if isinstance(route_parent, str) else route_parent.to_numpy(),
        "crossing_type": crossing_type if isinstance(crossing_type, str) else crossing_type.to_numpy(),
        "nationality_iso3": nationality if isinstance(nationality, str) else nationality.to_numpy(),
        "measure": str(meta["measure"]),
        "unit": str(meta["unit"]),
        "value": value.to_numpy(dtype=float),
    })
    if span_by:
        groups = out.groupby(span_by, sort=False)
        out["span_start"] = groups["period"].transform("min")
        out["span_end"] = groups["period_end"].transform("max")
    else:
        out["span_start"] = out["period"].min()
        out["span_end"] = out["period_end"].max()
    for name, column in (extras or {}).items():
        out[name] = column.to_numpy()
    for name in ("series_id", "grain", "route", "route_parent", "crossing_type", "nationality_iso3", "measure", "unit"):
        out[name] = out[name].astype(str)
    return out.sort_values(["period", "route", "nationality_iso3"], kind="stable").reset_index(drop=True)


def _partial_end(meta: dict, period: pd.Series, default_end: pd.Series) -> pd.Series:
    """Apply the sidecar's ``partial_periods`` (period start -> last day covered) to ``default_end``."""
    ends = default_end.copy()
    for start, last in (meta.get("partial_periods") or {}).items():
        ends[period == pd.Timestamp(str(start))] = pd.Timestamp(str(last))
    return ends.astype("datetime64[ns]")


def _read_frontex(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("route", "type", "nat", "t", "n"))
    period = parse_days(_text(raw, "t"), path, "t", month_start=True)
    route = _text(raw, "route")
    if route.isna().any():
        raise DataFileError(path, N_("The data file {file} has rows without a route in column “{column}”."),
                            column="route", rows=_rows(route.isna()), expected=N_("a Frontex route name on every row"))
    return _frame("frontex_ibc", meta, period, _month_end(period), "month",
                  parse_counts(_text(raw, "n"), path, "n"), route=route,
                  crossing_type=parse_choice(_text(raw, "type"), path, "type", ("Sea", "Land")),
                  nationality=parse_iso3(_text(raw, "nat"), path, "nat"))


def _read_uk(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("full_date", "migrants_arrived", "boats_arrived"))
    period = parse_days(_text(raw, "full_date"), path, "full_date")
    # Days with no crossings are blank in this CSV and 0 in the Home Office's own table.
    people = parse_counts(_text(raw, "migrants_arrived"), path, "migrants_arrived", blank_is_zero=True)
    boats = parse_counts(_text(raw, "boats_arrived"), path, "boats_arrived", blank_is_zero=True)
    return _frame("uk_small_boats", meta, period, period, "day", people, crossing_type="Sea",
                  extras={"boats": boats})


def _read_cbp(path: Path, meta: dict) -> pd.DataFrame:
    required = ("t", "component", "area", "authority", "type", "demog", "nat", "n")
    raw = _read(path, required)
    period = parse_days(_text(raw, "t"), path, "t", month_start=True)
    component = _text(raw, "component")
    if component.isna().any():
        raise DataFileError(path, N_("The data file {file} has rows without a CBP component in column “{column}”."),
                            column="component", rows=_rows(component.isna()),
                            # Translators: the two components of U.S. Customs and Border Protection, by their names.
                            expected=N_("U.S. Border Patrol or Office of Field Operations"))
    area = _text(raw, "area")
    route = area.fillna(component + " (area not given)")
    extras = {
        "component": component.astype(str),
        "authority": _text(raw, "authority").fillna("").astype(str),
        "encounter_type": _text(raw, "type").fillna("").astype(str),
        "demographic": _text(raw, "demog").fillna("").astype(str),
    }
    return _frame("us_cbp_sw_border", meta, period, _month_end(period), "month",
                  parse_counts(_text(raw, "n"), path, "n"), route=route, crossing_type="Land",
                  nationality=parse_iso3(_text(raw, "nat"), path, "nat", blank_ok=True), extras=extras)


def _read_darien(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("t", "nat", "n"))
    period = parse_days(_text(raw, "t"), path, "t", month_start=True)
    last_annual = int(meta.get("annual_until", 0))
    annual = period.dt.year <= last_annual
    odd = annual & (period.dt.month != 1)
    if odd.any():
        raise DataFileError(path, N_("The data file {file} holds an annual total not dated 1 January in column "
                                     "“{column}”."), column="t", rows=_rows(odd),
                            # Translators: {year} is the last year given as annual totals; keep YYYY-01-01 as it is.
                            expected=N_("annual totals (to {year}) stored at YYYY-01-01"),
                            params={"year": str(last_annual)})
    grain = pd.Series(np.where(annual, "year", "month"), index=raw.index)
    period_end = pd.Series(np.where(annual, _year_end(period), _month_end(period)), index=raw.index)
    return _frame("panama_darien", meta, period, period_end.astype("datetime64[ns]"), grain,
                  parse_counts(_text(raw, "n"), path, "n"), crossing_type="Land",
                  nationality=parse_iso3(_text(raw, "nat"), path, "nat"))


def _read_mexico(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("t", "nat", "n"))
    period = parse_days(_text(raw, "t"), path, "t", month_start=True)
    return _frame("mexico_irregular", meta, period, _month_end(period), "month",
                  parse_counts(_text(raw, "n"), path, "n"), nationality=parse_iso3(_text(raw, "nat"), path, "nat"))


def _read_unhcr_italy(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("data_date", "individuals"))
    period = parse_days(_text(raw, "data_date"), path, "data_date")
    value = parse_counts(_text(raw, "individuals"), path, "individuals")
    repeated = period.duplicated(keep=False)
    if repeated.any():
        raise DataFileError(path, N_("The data file {file} holds the same day twice in column “{column}”."),
                            column="data_date", rows=_rows(repeated), expected=N_("one row per day"))
    # UNHCR omits days with no arrivals: they are added back as 0 inside the span.
    days = pd.date_range(period.min(), period.max(), freq="D")
    dense = pd.Series(value.to_numpy(), index=period.to_numpy()).reindex(days, fill_value=0.0)
    full = pd.Series(days.astype("datetime64[ns]"))
    return _frame("unhcr_italy_sea", meta, full, full, "day", pd.Series(dense.to_numpy()), crossing_type="Sea")


def _read_australia(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("t", "boats", "n"))
    period = parse_years(_text(raw, "t"), path, "t")
    boats_text = _text(raw, "boats")
    boats = parse_counts(boats_text, path, "boats", blank_is_zero=True)
    boats[boats_text.isna()] = np.nan  # boats were not recorded before 1989: blank, not zero
    return _frame("australia_boats", meta, period, _partial_end(meta, period, _year_end(period)), "year",
                  parse_counts(_text(raw, "n"), path, "n"), crossing_type="Sea", extras={"boats": boats})


def _read_dtm_europe(path: Path, meta: dict) -> pd.DataFrame:
    raw = _read(path, ("t", "geo", "n"))
    period = parse_days(_text(raw, "t"), path, "t", month_start=True)
    parents: dict[str, str] = {str(k): str(v) for k, v in (meta.get("route_parents") or {}).items()}
    geo = parse_choice(_text(raw, "geo"), path, "geo", tuple(meta.get("geos") or ()))
    # A country-year with one row only, dated December, is that year's annual total.
    year = period.dt.year
    rows_in_year = geo.groupby([geo, year]).transform("size")
    annual = (rows_in_year == 1) & (period.dt.month == 12)
    start = period.where(~annual, period - pd.offsets.MonthBegin(11))
    grain = pd.Series(np.where(annual, "year", "month"), index=raw.index)
    period_end = _month_end(period)
    return _frame("iom_dtm_europe", meta, start.astype("datetime64[ns]"), period_end, grain,
                  parse_counts(_text(raw, "n"), path, "n"), route=geo, route_parent=geo.map(parents).fillna(""),
                  span_by="route")


@dataclass(frozen=True)
class FlowSeries:
    """One published series: its id, its file in ``data/flows/`` and its reader.

    Everything else (title, publisher, measure, unit, grain, counts, misses,
    licence, caveats) is read from the file's sidecar on access.
    """

    id: str
    file_name: str
    reader: Callable[[Path, dict], pd.DataFrame]

    def path(self, root: Path | None = None) -> Path:
        return flows_dir(root) / self.file_name

    def meta(self, root: Path | None = None) -> dict[str, Any]:
        """The whole sidecar, parsed once per version of the file and shared: read it, never change it."""
        return series_meta(self.path(root))


FLOW_SERIES: dict[str, FlowSeries] = {
    series.id: series for series in (
        FlowSeries("frontex_ibc", "frontex_ibc_monthly_route_nat.csv", _read_frontex),
        FlowSeries("uk_small_boats", "long_uk_small_boats_daily.csv", _read_uk),
        FlowSeries("us_cbp_sw_border", "cbp_sw_border_encounters_monthly.csv", _read_cbp),
        FlowSeries("panama_darien", "panama_darien_transits_monthly_nat.csv", _read_darien),
        FlowSeries("mexico_irregular", "mexico_irregular_migrants_monthly_nat.csv", _read_mexico),
        FlowSeries("unhcr_italy_sea", "unhcr_daily_arrivals_italy.csv", _read_unhcr_italy),
        FlowSeries("australia_boats", "australia_boat_arrivals_annual.csv", _read_australia),
        FlowSeries("iom_dtm_europe", "dtm_europe_arrivals_monthly.csv", _read_dtm_europe),
    )
}


def read_flow_series(series_id: str, root: Path | None = None) -> pd.DataFrame:
    """Read one series into the canonical flow frame (see the module docstring).

    ``root`` is the data folder (default: :func:`loaders.paths.data_dir`).
    Raises KeyError for an unknown id and DataFileError for an unusable file or sidecar.
    """
    if series_id not in FLOW_SERIES:
        raise KeyError(f"Unknown flow series “{series_id}”; known: {', '.join(FLOW_SERIES)}")
    series = FLOW_SERIES[series_id]
    path = series.path(root)
    if not path.is_file():
        read_table(path)  # raises the plain "is missing" error
    meta = series_meta(path)
    return series.reader(path, meta)
