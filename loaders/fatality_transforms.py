"""Pure transforms of the canonical incident frame: filtering and aggregation.

Every function takes the frame from :func:`loaders.fatalities.read_fatalities`
(or a filtered cut of it), never mutates it, and returns a new frame or a
plain value. Counts are people (dead, missing, dead_missing, survivors,
children); an incident is a distinct ``main_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.filters import MULTI_FILTERS, FilterOptions, Filters, is_full_period

#: pandas frequency for each time grain offered to users.
GRAINS = {"month": "M", "quarter": "Q", "year": "Y"}


def _matches_any(series: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Row mask: the cell equals one of ``wanted``, or (tuple cells) contains one."""
    wanted_set = set(wanted)
    if series.dtype == object:
        return series.map(lambda cell: (not wanted_set.isdisjoint(cell)) if isinstance(cell, tuple)
                          else cell in wanted_set).astype(bool)
    return series.isin(wanted_set)


def apply_filters(incidents: pd.DataFrame, filters: Filters, options: FilterOptions) -> pd.DataFrame:
    """The incidents matching ``filters``.

    Undated incidents are kept only when the period covers all the data, so that
    "no filter" reconciles with IOM's grand total.
    """
    months = incidents["date"].dt.strftime("%Y-%m")
    in_period = (months >= filters.period_from) & (months <= filters.period_to)
    if is_full_period(filters, options):
        in_period = in_period | incidents["date"].isna()
    mask = in_period.fillna(False).astype(bool)
    for attr, (_, column, _) in MULTI_FILTERS.items():
        wanted = getattr(filters, attr)
        if wanted:
            mask &= _matches_any(incidents[column], wanted)
    return incidents.loc[mask].copy()


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
        incidents=int(incidents["main_id"].nunique()),
        survivors=total("survivors"),
        children=total("children"),
        incidents_with_children_recorded=int(incidents.loc[incidents["children"].notna(), "main_id"].nunique()),
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
                           gaps: list[str] | None = None) -> pd.DataFrame:
    """Dead, missing, dead_missing and incidents per month, quarter or year.

    ``months`` is the selected period ("YYYY-MM" each); every period in it gets a
    row, zero where nothing was recorded, and blank (NaN) where no IOM export
    covers it at all (``gaps``), so a missing export never reads as zero deaths.
    Columns: period (Timestamp at the period start), label, dead, missing,
    dead_missing, incidents, covered (bool: any month of it has data) and
    coverage (0-1: the share of its calendar months that are selected and
    covered by an export; below 1 the period is partial, e.g. 2025 or 2026).
    """
    freq = GRAINS[grain]
    dated = incidents.dropna(subset=["date"])
    period = dated["date"].dt.to_period(freq)
    sums = dated.groupby(period)[["dead", "missing", "dead_missing"]].sum(min_count=0)
    counts = dated.groupby(period)["main_id"].nunique().rename("incidents")
    all_periods = pd.period_range(pd.Period(months[0], "M").asfreq(freq), pd.Period(months[-1], "M").asfreq(freq),
                                  freq=freq)
    table = sums.join(counts, how="outer").reindex(all_periods).fillna(0).astype(float)
    gap_months = set(gaps or [])
    last_month = pd.Period(months[-1], "M")
    first_month = pd.Period(months[0], "M")
    shares = []
    for p in all_periods:
        calendar = pd.period_range(p.start_time, p.end_time, freq="M")
        with_data = [m for m in calendar if first_month <= m <= last_month and str(m) not in gap_months]
        shares.append(len(with_data) / len(calendar))
    table["coverage"] = shares
    table["covered"] = table["coverage"] > 0
    table.loc[~table["covered"], ["dead", "missing", "dead_missing", "incidents"]] = np.nan
    table.index.name = "period_index"
    out = table.reset_index()
    out["period"] = out["period_index"].map(lambda p: p.start_time)
    out["label"] = out["period_index"].map(_period_label)
    return out[["period", "label", "dead", "missing", "dead_missing", "incidents", "covered", "coverage"]]


def _period_label(period: pd.Period) -> str:
    if period.freqstr.startswith("Y"):
        return str(period.year)
    if period.freqstr.startswith("Q"):
        return f"Q{period.quarter} {period.year}"
    return period.strftime("%b %Y")


def top_values(incidents: pd.DataFrame, column: str, n: int = 10,
               exclude: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> pd.DataFrame:
    """The ``n`` values of ``column`` with the most dead and missing.

    Tuple columns (country_of_origin, cause_of_death) count an incident under
    each value it lists. Columns: value, dead_missing, incidents, share (of all
    dead and missing in ``incidents``, 0-1).
    """
    frame = incidents[[column, "dead_missing", "main_id"]]
    if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, tuple)).any():
        frame = frame.explode(column)
    frame = frame.dropna(subset=[column])
    frame = frame[~frame[column].isin(exclude)]
    grouped = frame.groupby(column).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    grouped = grouped.sort_values(["dead_missing", "incidents"], ascending=False).head(n)
    grand = float(incidents["dead_missing"].fillna(0).sum())
    grouped["share"] = grouped["dead_missing"].astype(float) / grand if grand else 0.0
    out = grouped.reset_index().rename(columns={column: "value"})
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out


def unknown_share(incidents: pd.DataFrame, column: str,
                  unknown: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")) -> float:
    """Share (0-1) of dead and missing in incidents whose ``column`` is blank or only unknown values."""
    def is_unknown(cell: object) -> bool:
        if isinstance(cell, tuple):
            return all(v in unknown for v in cell)
        return cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell in unknown

    mask = incidents[column].map(is_unknown).astype(bool)
    grand = float(incidents["dead_missing"].fillna(0).sum())
    return float(incidents.loc[mask, "dead_missing"].fillna(0).sum()) / grand if grand else 0.0


def map_cells(incidents: pd.DataFrame, cell_degrees: float = 1.0) -> pd.DataFrame:
    """Incidents binned on a lon/lat grid, for a light map: columns lon, lat (cell centre), dead_missing, incidents.

    The number of rows is bounded by the grid, not by the data, so a map of
    millions of incidents ships as few points as a map of thousands.
    """
    located = incidents.dropna(subset=["lat", "lon"])
    if located.empty:
        return pd.DataFrame({"lon": [], "lat": [], "dead_missing": [], "incidents": []})
    lon_cell = np.floor(located["lon"].to_numpy() / cell_degrees) * cell_degrees + cell_degrees / 2
    lat_cell = np.floor(located["lat"].to_numpy() / cell_degrees) * cell_degrees + cell_degrees / 2
    binned = pd.DataFrame({"lon": lon_cell, "lat": lat_cell,
                           "dead_missing": located["dead_missing"].fillna(0).to_numpy(dtype=float),
                           "main_id": located["main_id"].to_numpy()})
    cells = binned.groupby(["lon", "lat"]).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    return cells.reset_index().sort_values("dead_missing", ascending=False).reset_index(drop=True)


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
