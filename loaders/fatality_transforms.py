"""Pure transforms of the canonical incident frame: filtering and aggregation.

Every function takes the frame from :func:`loaders.fatalities.read_fatalities`
(or a filtered cut of it), never mutates it, and returns a new frame or a
plain value. Counts are people (dead, missing, dead_missing, survivors,
children); an incident is a distinct ``main_id``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from loaders.fatalities import month_keys, value_codes
from loaders.filters import MULTI_FILTERS, FilterOptions, Filters, is_full_period

#: pandas frequency for each time grain offered to users.
GRAINS = {"month": "M", "quarter": "Q", "year": "Y"}


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted.

    A sort and a comparison of neighbours: with numpy 2.4 ``np.unique`` took
    2 s on two million values where this takes about 30 ms.
    """
    values = np.asarray(values)
    if values.size == 0:
        return values
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _per_unique(incidents: pd.DataFrame, column: str, func) -> np.ndarray:
    """``func`` applied to each distinct value of ``column`` only, spread back to every row.

    Cells such as causes of death repeat a few hundred distinct values over
    millions of rows, so this is far cheaper than ``series.map(func)``.
    """
    codes, uniques = value_codes(incidents, column)
    results = np.array([func(value) for value in uniques] + [func(None)])
    return results[codes]  # code -1 (missing) picks the last entry, func(None)


def _matches_any(incidents: pd.DataFrame, column: str, wanted: tuple[str, ...]) -> np.ndarray:
    """Row mask: the cell equals one of ``wanted``, or (tuple cells) contains one."""
    wanted_set = set(wanted)
    mask = _per_unique(incidents, column, lambda cell: (not wanted_set.isdisjoint(cell)) if isinstance(cell, tuple)
                       else cell in wanted_set)
    return mask.astype(bool)


def _month_key(month: str) -> int:
    return int(month[:4]) * 100 + int(month[5:7])


def apply_filters(incidents: pd.DataFrame, filters: Filters, options: FilterOptions) -> pd.DataFrame:
    """The incidents matching ``filters``.

    Undated incidents are kept only when the period covers all the data, so that
    "no filter" reconciles with IOM's grand total. With no filter at all a
    shallow copy is returned: under pandas' copy-on-write it costs nothing and
    a write to it never reaches the shared, cached frame.
    """
    if filters == options.default():
        return incidents.copy(deep=False)
    keys = (incidents["month_key"].to_numpy() if "month_key" in incidents.columns
            else month_keys(incidents["date"]))
    mask = (keys >= _month_key(filters.period_from)) & (keys <= _month_key(filters.period_to))
    if is_full_period(filters, options):
        mask |= keys == -1
    for attr, (_, column, _) in MULTI_FILTERS.items():
        wanted = getattr(filters, attr)
        if wanted:
            mask &= _matches_any(incidents, column, wanted)
    return incidents.loc[mask]


def event_codes(incidents: pd.DataFrame) -> np.ndarray:
    """An integer per distinct Main ID: the reader's ``event_code``, or computed when absent."""
    if "event_code" in incidents.columns:
        return incidents["event_code"].to_numpy()
    return pd.factorize(incidents["main_id"])[0]


def distinct_events(incidents: pd.DataFrame) -> int:
    """How many distinct incidents (Main IDs) there are."""
    return int(distinct(event_codes(incidents)).size)


@dataclass(frozen=True)
class Headline:
    """Headline figures for a set of incidents (people, except ``incidents``)."""

    dead_missing: int
    dead: int
    missing: int
    incidents: int
    survivors: int
    children: int
    incidents_with_children_recorded: int


def headline_figures(incidents: pd.DataFrame) -> Headline:
    """Sums of the count columns and the number of distinct incidents (Main IDs)."""
    def total(column: str) -> int:
        return int(incidents[column].fillna(0).sum())

    return Headline(
        dead_missing=total("dead_missing"),
        dead=total("dead"),
        missing=total("missing"),
        incidents=distinct_events(incidents),
        survivors=total("survivors"),
        children=total("children"),
        incidents_with_children_recorded=int(distinct(event_codes(incidents)[incidents["children"].notna().to_numpy()]).size),
    )


def source_coverage(incidents: pd.DataFrame) -> pd.DataFrame:
    """Per source file: first and last incident date and row count (columns source_file, first, last, rows)."""
    grouped = incidents.groupby("source_file", sort=False)["date"]
    coverage = pd.DataFrame({"first": grouped.min(), "last": grouped.max(), "rows": grouped.size()})
    return coverage.sort_values("first").reset_index()


def uncovered_months(coverage: pd.DataFrame) -> list[str]:
    """Months ("YYYY-MM") between the first and last covered month that no source file covers."""
    if coverage.empty:
        return []
    covered: set[str] = set()
    for first, last in zip(coverage["first"], coverage["last"]):
        if pd.notna(first) and pd.notna(last):
            covered.update(str(p) for p in pd.period_range(first, last, freq="M"))
    every = pd.period_range(coverage["first"].min(), coverage["last"].max(), freq="M")
    return [str(p) for p in every if str(p) not in covered]


def dead_missing_by_period(incidents: pd.DataFrame, grain: str, months: tuple[str, ...],
                           gaps: list[str] | None = None, incomplete: Iterable[str] = ()) -> pd.DataFrame:
    """Dead, missing, dead_missing and incidents per month, quarter or year.

    ``months`` is the selected period ("YYYY-MM" each); every period in it gets a
    row, zero where nothing was recorded, and blank (NaN) where no IOM export
    covers it at all (``gaps``), so a missing export never reads as zero deaths.
    Columns: period (Timestamp at the period start), label, dead, missing,
    dead_missing, incidents, covered (bool: any month of it has data) and
    coverage (0-1: the share of its calendar months that are selected and
    covered by an export; below 1 the period is partial, e.g. 2025 or 2026).
    Months in ``incomplete`` (an export stops part-way through them) count as
    only partly covered: their data are shown, but the period is partial.
    """
    step = {"M": 1, "Q": 3, "Y": 12}[GRAINS[grain]]
    has_date = incidents["date"].notna().to_numpy()
    # pandas Period ordinals for M, Q and Y, straight from the months since January 1970.
    months_since_1970 = incidents["date"].to_numpy()[has_date].astype("datetime64[M]").astype(np.int64)
    ordinal = months_since_1970 // step
    # Sums per period by bincount: one pass over the rows, no groupby.
    low = int(ordinal.min()) if ordinal.size else 0
    slot = ordinal - low
    size = int(slot.max()) + 1 if slot.size else 0
    sums = {column: np.bincount(slot, weights=incidents[column].to_numpy(dtype=float, na_value=0.0)[has_date],
                                minlength=size) for column in ("dead", "missing", "dead_missing")}
    # Distinct (period, incident) pairs as one integer each.
    events = event_codes(incidents)[has_date].astype(np.int64)
    span = int(events.max()) + 1 if events.size else 1
    sums["incidents"] = np.bincount(distinct(slot * span + events) // span, minlength=size).astype(float)
    # Every period of the selection, and its row of sums (zero where nothing was recorded).
    first_month, last_month = _month_ordinal(months[0]), _month_ordinal(months[-1])
    periods = np.arange(first_month // step, last_month // step + 1)
    position = periods - low
    found = (position >= 0) & (position < size)
    values = {}
    for column, sums_of in sums.items():
        values[column] = np.zeros(len(periods))
        values[column][found] = sums_of[position[found]]
    # Coverage per period, month by month: selected, covered by an export, and complete.
    month_ordinals = np.arange(periods[0] * step, (periods[-1] + 1) * step)
    with_data = ((month_ordinals >= first_month) & (month_ordinals <= last_month)
                 & ~np.isin(month_ordinals, [_month_ordinal(m) for m in gaps or []]))
    whole = with_data & ~np.isin(month_ordinals, [_month_ordinal(m) for m in incomplete])
    shares = (with_data.reshape(-1, step).sum(axis=1) + whole.reshape(-1, step).sum(axis=1)) / (2 * step)
    covered = shares > 0
    for column in values:
        values[column][~covered] = np.nan
    starts = (periods * step).astype("datetime64[M]").astype("datetime64[ns]")
    return pd.DataFrame({"period": starts, "label": [_ordinal_label(p, step) for p in periods.tolist()], **values,
                         "covered": covered, "coverage": shares})


def _month_ordinal(month: str) -> int:
    """Months since January 1970 of "YYYY-MM" (pandas' monthly Period ordinal)."""
    return (int(month[:4]) - 1970) * 12 + int(month[5:7]) - 1


def _ordinal_label(ordinal: int, step: int) -> str:
    """"2024", "Q2 2024" or "May 2024" for a yearly, quarterly or monthly ordinal."""
    if step == 12:
        return str(1970 + ordinal)
    if step == 3:
        return f"Q{ordinal % 4 + 1} {1970 + ordinal // 4}"
    return f"{calendar.month_abbr[ordinal % 12 + 1]} {1970 + ordinal // 12}"


def top_values(incidents: pd.DataFrame, column: str, n: int = 10,
               exclude: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> pd.DataFrame:
    """The ``n`` values of ``column`` with the most dead and missing.

    Tuple columns (country_of_origin, cause_of_death) count an incident under
    each value it lists. Columns: value, dead_missing, incidents, share (of all
    dead and missing in ``incidents``, 0-1).
    """
    codes, uniques = value_codes(incidents, column)
    combos = [u if isinstance(u, tuple) else (u,) for u in uniques]
    labels = sorted({v for combo in combos for v in combo if isinstance(v, str) and v not in exclude})
    if not labels:
        return pd.DataFrame({"value": [], "dead_missing": [], "incidents": [], "share": []})
    label_id = {label: i for i, label in enumerate(labels)}
    valid = codes >= 0
    weights = incidents["dead_missing"].fillna(0).to_numpy(dtype=float)[valid]
    by_combo = np.bincount(codes[valid], weights=weights, minlength=len(combos))
    # (combo, label) pairs, and the distinct (combo, event) pairs spread onto labels.
    pair_combo = np.array([c for c, combo in enumerate(combos) for v in combo if v in label_id], dtype=np.int64)
    pair_label = np.array([label_id[v] for combo in combos for v in combo if v in label_id], dtype=np.int64)
    dead_missing = np.bincount(pair_label, weights=by_combo[pair_combo], minlength=len(labels))
    events = event_codes(incidents)[valid].astype(np.int64)
    span = int(events.max()) + 1 if events.size else 1
    combo_events = distinct(codes[valid].astype(np.int64) * span + events)
    labels_per_combo = np.bincount(pair_combo, minlength=len(combos))
    order = np.argsort(pair_combo, kind="stable")
    starts = np.concatenate([[0], np.cumsum(labels_per_combo)[:-1]])
    ce_combo, ce_event = combo_events // span, combo_events % span
    repeat = labels_per_combo[ce_combo]
    first = np.repeat(starts[ce_combo], repeat)
    offset = np.arange(repeat.sum()) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    label_of = pair_label[order][first + offset]
    label_events = distinct(label_of * span + np.repeat(ce_event, repeat))
    incident_counts = np.bincount(label_events // span, minlength=len(labels))
    grouped = pd.DataFrame({"value": labels, "dead_missing": dead_missing, "incidents": incident_counts})
    grouped = grouped[(grouped["dead_missing"] > 0) | (grouped["incidents"] > 0)]
    grouped = grouped.sort_values(["dead_missing", "incidents"], ascending=False, kind="stable").head(n)
    grand = float(incidents["dead_missing"].fillna(0).sum())
    grouped["share"] = grouped["dead_missing"] / grand if grand else 0.0
    out = grouped.reset_index(drop=True)
    out["dead_missing"] = out["dead_missing"].round().astype(int)
    out["incidents"] = out["incidents"].astype(int)
    return out


def unknown_share(incidents: pd.DataFrame, column: str,
                  unknown: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> float:
    """Share (0-1) of dead and missing in incidents whose ``column`` is blank or only unknown values."""
    def is_unknown(cell: object) -> bool:
        if isinstance(cell, tuple):
            return all(v in unknown for v in cell)
        return cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell in unknown

    mask = _per_unique(incidents, column, is_unknown).astype(bool)
    grand = float(incidents["dead_missing"].fillna(0).sum())
    return float(incidents.loc[mask, "dead_missing"].fillna(0).sum()) / grand if grand else 0.0


def map_cells(incidents: pd.DataFrame, cell_degrees: float = 1.0) -> pd.DataFrame:
    """Incidents binned on a lon/lat grid, for a light map: columns lon, lat (cell centre), dead_missing, incidents.

    The number of rows is bounded by the grid, not by the data, so a map of
    millions of incidents ships as few points as a map of thousands.
    """
    has_place = (incidents["lat"].notna() & incidents["lon"].notna()).to_numpy()
    located = incidents[["lat", "lon", "dead_missing"]].loc[has_place]
    if located.empty:
        return pd.DataFrame({"lon": [], "lat": [], "dead_missing": [], "incidents": []})
    # Integer cell columns and rows, one integer key per cell; sums and distinct incidents by bincount.
    column = np.floor(located["lon"].to_numpy(dtype=float) / cell_degrees).astype(np.int64)
    row = np.floor(located["lat"].to_numpy(dtype=float) / cell_degrees).astype(np.int64)
    rows_across = int(row.max() - row.min()) + 1
    key = (column - column.min()) * rows_across + (row - row.min())
    keys = distinct(key)
    cell = np.searchsorted(keys, key)
    events = event_codes(incidents)[has_place].astype(np.int64)
    span = int(events.max()) + 1
    cells = pd.DataFrame({
        "lon": (keys // rows_across + column.min()) * cell_degrees + cell_degrees / 2,
        "lat": (keys % rows_across + row.min()) * cell_degrees + cell_degrees / 2,
        "dead_missing": np.bincount(cell, weights=located["dead_missing"].fillna(0).to_numpy(dtype=float),
                                    minlength=len(keys)),
        "incidents": np.bincount(distinct(cell * span + events) // span, minlength=len(keys)),
    })
    return cells.sort_values("dead_missing", ascending=False).reset_index(drop=True)


#: How the reader's quality flags are grouped for people (pattern -> label).
FLAG_KINDS = (
    ("no incident date", "Undated incident (kept; counted only over the whole period)"),
    ("negative missing", "Negative missing in source (kept as IOM's correction)"),
    ("negative dead", "Negative dead in source (kept as IOM's correction)"),
    ("negative survivors", "Negative survivors in source (read as blank)"),
    ("negative females", "Negative females in source (read as blank)"),
    ("negative males", "Negative males in source (read as blank)"),
    ("negative children", "Negative children in source (read as blank)"),
    ("incident type", "Two incident types listed (read as split)"),
    (" lists ", "Several regions, sub-regions, countries or routes listed (first used)"),
    ("IOM total differs", "IOM total differs from dead + missing (IOM total kept)"),
)


def quality_flag_summary(incidents: pd.DataFrame) -> pd.DataFrame:
    """How many rows carry each kind of quality flag: columns handling, rows, dead_missing."""
    rows = []
    flags = incidents["quality_flags"].fillna("")
    for pattern, label in FLAG_KINDS:
        mask = flags.str.contains(pattern, regex=False)
        rows.append({"handling": label, "rows": int(mask.sum()),
                     "dead_missing": int(incidents.loc[mask, "dead_missing"].fillna(0).sum())})
    return pd.DataFrame(rows)


#: IOM source-quality scores counted as low (a single media report, or unverified sources).
LOW_QUALITY_SCORES = (1, 2)
#: Share of dead and missing from low-quality records above which a chart warns.
LOW_QUALITY_WARNING_SHARE = 0.5


def low_quality_share(incidents: pd.DataFrame) -> float:
    """Share (0-1) of the dead and missing that come from records with source quality 1 or 2."""
    total = float(incidents["dead_missing"].fillna(0).sum())
    if not total:
        return 0.0
    low = incidents["source_quality"].isin(LOW_QUALITY_SCORES).fillna(False).astype(bool)
    return float(incidents.loc[low, "dead_missing"].fillna(0).sum()) / total


def low_quality_note(incidents: pd.DataFrame) -> str | None:
    """A warning sentence when low-quality records make up most of the total, else None."""
    share = low_quality_share(incidents)
    if share <= LOW_QUALITY_WARNING_SHARE:
        return None
    return (f"Caution: {share:.0%} of these dead and missing come from records IOM scores 1 or 2 for source "
            "quality (a single media report or unverified sources).")


def source_quality_profile(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing and incidents by IOM source quality (1-5, or "not scored")."""
    quality = incidents["source_quality"].astype("string").fillna("not scored")
    grouped = incidents.groupby(quality).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    grouped.index.name = "source_quality"
    out = grouped.reset_index()
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out
