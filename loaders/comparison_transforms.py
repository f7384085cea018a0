"""Pure transforms for the Regional comparison page: two to six regions, sub-regions or routes
measured side by side.

Every function takes the canonical incident frame (or a filtered cut of it),
never mutates it, and returns a new frame. Counts are people; an incident is a
distinct ``main_id``; shares are 0-1 ratios. The groups compared replace the
global filter on the same dimension (:func:`comparison_filters`); every other
global filter applies.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np
import pandas as pd

from loaders.countries import ASIA_PACIFIC_LABEL, ASIA_PACIFIC_SUBREGIONS
from loaders.fatalities import CAUSE_CATEGORIES
from loaders.fatality_transforms import dead_missing_by_period, value_codes
from loaders.filters import MULTI_FILTERS, Filters

#: Dimension key (in the URL) -> (canonical column, Filters attribute, words for people).
DIMENSIONS: dict[str, tuple[str, str, str]] = {
    "region": ("region_of_incident", "regions", "region of incident"),
    "subregion": ("unsd_subregion", "subregions", "UNSD sub-region"),
    "route": ("migration_route", "routes", "migration route"),
}
#: Plural words for a dimension.
DIMENSION_PLURALS = {"region": "regions", "subregion": "sub-regions", "route": "routes"}
MIN_GROUPS = 2
MAX_GROUPS = 6
TOP_NATIONALITIES = 5
UNKNOWN_ORIGINS = ("Unknown", "Mixed", "Mixed/Unknown")
#: The cause a blank or empty cause of death is counted under.
UNKNOWN_CAUSE = "Mixed or unknown"

#: Preset key -> (label, dimension, groups). Routes are IOM's own route names; a preset keeps the
#: groups present in the data, at most MAX_GROUPS, in this order.
PRESETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "asia-pacific": (ASIA_PACIFIC_LABEL, "subregion", ASIA_PACIFIC_SUBREGIONS),
    "mediterranean": ("Mediterranean routes", "route",
                      ("Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean")),
    "americas": ("Americas routes", "route",
                 ("US-Mexico border crossing", "Darien", "Caribbean to US", "Dominican Republic to Puerto Rico",
                  "Venezuela to Caribbean", "Haiti to Dominican Republic")),
    "africa": ("Africa routes", "route",
               ("Sahara Desert crossing", "Western Africa / Atlantic route to the Canary Islands",
                "Eastern Route to/from EHOA", "Route to Southern Africa", "Northern Route from EHOA",
                "Horn of Africa Route")),
}


def preset_groups(preset: str, available: Sequence[str]) -> tuple[str, ...]:
    """The groups of a preset that exist in ``available``, in the preset's order, at most MAX_GROUPS."""
    present = set(available)
    return tuple(g for g in PRESETS[preset][2] if g in present)[:MAX_GROUPS]


def parse_groups(requested: Sequence[str], available: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Groups from the URL: the known ones (first MAX_GROUPS, duplicates dropped) and notices."""
    allowed = set(available)
    wanted = [g for g in dict.fromkeys(v for v in requested if v)]
    kept = [g for g in wanted if g in allowed]
    unknown = [g for g in wanted if g not in allowed]
    notices = []
    if unknown:
        notices.append(f"Ignored unknown group “{'”, “'.join(unknown[:3])}”"
                       + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "") + ".")
    if len(kept) > MAX_GROUPS:
        notices.append(f"Only {MAX_GROUPS} groups can be compared; the first {MAX_GROUPS} are kept.")
    return tuple(kept[:MAX_GROUPS]), notices


def default_groups(incidents: pd.DataFrame, dimension: str, n: int = 4) -> tuple[str, ...]:
    """The ``n`` groups of ``dimension`` with the most dead and missing in ``incidents``."""
    column = DIMENSIONS[dimension][0]
    totals = incidents.dropna(subset=[column]).groupby(column)["dead_missing"].sum()
    return tuple(str(v) for v in totals.sort_values(ascending=False, kind="stable").index[:n])


def comparison_filters(filters: Filters, dimension: str) -> Filters:
    """The global filters with the one on the compared dimension set aside (the groups replace it)."""
    return replace(filters, **{DIMENSIONS[dimension][1]: ()})


#: The columns the comparison measures read (the rest of the incident frame is left behind, so that
#: cutting the selection group by group stays cheap).
COMPARED_COLUMNS = ("main_id", "event_code", "date", "dead", "missing", "dead_missing", "survivors", "children",
                    "cause_of_death", "cause_of_death_key", "country_of_origin", "country_of_origin_key",
                    "source_quality")


def in_groups(incidents: pd.DataFrame, dimension: str, groups: Sequence[str]) -> pd.DataFrame:
    """The incidents of the compared groups: the dimension's column, :data:`COMPARED_COLUMNS` and a
    ``group`` column (ordered as ``groups``)."""
    column = DIMENSIONS[dimension][0]
    keep = [column] + [c for c in COMPARED_COLUMNS if c in incidents.columns]
    chosen = incidents.loc[incidents[column].isin(list(groups)).to_numpy(), keep]
    return chosen.assign(group=pd.Categorical(chosen[column].astype(str), categories=list(groups), ordered=True))


def yearly_by_group(chosen: pd.DataFrame, groups: Sequence[str], months: tuple[str, ...],
                    gaps: list[str] | None = None) -> pd.DataFrame:
    """Dead and missing per calendar year and group (from :func:`in_groups`).

    Columns: group, year (int), label, dead_missing (people; NaN where no export covers the year),
    coverage (0-1; below 1 the year is partial), partial (bool).
    """
    frames = []
    for group in groups:
        series = dead_missing_by_period(chosen.loc[chosen["group"] == group], "year", months, gaps)
        frames.append(series.assign(group=group, year=series["period"].dt.year))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["group", "year", "label", "dead_missing", "coverage"])
    out["partial"] = out["coverage"] < 1
    return out[["group", "year", "label", "dead_missing", "coverage", "partial"]].reset_index(drop=True)


def base_year_options(yearly: pd.DataFrame) -> list[int]:
    """Whole years (every month covered and selected) that can serve as the index base."""
    whole = yearly.loc[~yearly["partial"].astype(bool), "year"]
    return sorted(int(y) for y in whole.unique())


def indexed_to_base(yearly: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Adds ``index`` (base year = 100) to :func:`yearly_by_group`'s frame.

    Blank for partial years (a part-year would read as a fall) and for groups with no dead or
    missing in the base year (nothing to index to).
    """
    out = yearly.copy()
    base = out.loc[out["year"] == base_year].set_index("group")["dead_missing"]
    base = base.where(base > 0)
    ratio = out["dead_missing"] / out["group"].map(base).astype(float) * 100
    out["index"] = ratio.where(~out["partial"].astype(bool)).astype(float)
    return out


def cause_mix(chosen: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Dead and missing by cause of death in each group.

    An incident listing several causes counts under each, so shares are of these attributions
    (they sum to 1 per group). Columns: group, cause, dead_missing (people), share (0-1).
    """
    # Each distinct cell's causes are worked out once; rows reach them through integer codes.
    codes, uniques = value_codes(chosen, "cause_of_death")
    cells = [list(u) if isinstance(u, tuple) and u else [u] if isinstance(u, str) else [UNKNOWN_CAUSE]
             for u in uniques] + [[UNKNOWN_CAUSE]]  # the last: a blank cell (code -1)
    present = np.bincount(codes + 1, minlength=len(cells))  # counts by code + 1: index 0 is a blank cell
    seen = {v for i, cell in enumerate(cells) if present[(i + 1) % len(cells)] for v in cell}
    causes = list(CAUSE_CATEGORIES) + sorted(seen - set(CAUSE_CATEGORIES))
    cause_index = {c: i for i, c in enumerate(causes)}
    per_cell = np.array([len(cell) for cell in cells])
    flat = np.array([cause_index[v] for cell in cells for v in cell], dtype=np.int64)
    group_index = pd.Index(list(groups)).get_indexer(chosen["group"].to_numpy()).astype(np.int64)
    weights = chosen["dead_missing"].astype("Float64").fillna(0).to_numpy(dtype=float)
    count = per_cell[codes]
    starts = np.concatenate([[0], np.cumsum(per_cell)[:-1]])[codes]
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    cause_of = flat[np.repeat(starts, count) + offset]
    row_group = np.repeat(group_index, count)
    keep = row_group >= 0
    size_g, size_c = len(groups), len(causes)
    sums = np.bincount(row_group[keep] * size_c + cause_of[keep], weights=np.repeat(weights, count)[keep],
                       minlength=size_g * size_c).astype(float).reshape(size_g, size_c)
    totals = sums.sum(axis=1, keepdims=True)
    return pd.DataFrame({"group": pd.Index(list(groups)).repeat(size_c), "cause": causes * size_g,
                         "dead_missing": sums.ravel(),
                         "share": (sums / np.where(totals > 0, totals, np.nan)).ravel()})


def group_profile(chosen: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """One row per group: the compared numbers.

    Columns: group; incidents (distinct Main IDs); dead_missing, dead, missing, survivors (people);
    dead_share, missing_share (0-1 of dead and missing); survivors_per_incident (survivors recorded,
    a blank counted as none, per incident); incidents_children_recorded (incidents with a child count);
    victims_children_recorded (dead and missing in those incidents); children (their child count);
    children_share_where_recorded (children / victims_children_recorded, 0-1).
    """
    rows = []
    for group in groups:
        part = chosen.loc[chosen["group"] == group]

        def total(frame: pd.DataFrame, column: str) -> float:
            return float(frame[column].astype("Float64").fillna(0).sum())

        recorded = part.loc[part["children"].notna()]
        incidents = int(part["main_id"].nunique())
        dead_missing, victims = total(part, "dead_missing"), total(recorded, "dead_missing")
        rows.append({
            "group": group, "incidents": incidents, "dead_missing": dead_missing,
            "dead": total(part, "dead"), "missing": total(part, "missing"), "survivors": total(part, "survivors"),
            "dead_share": total(part, "dead") / dead_missing if dead_missing else np.nan,
            "missing_share": total(part, "missing") / dead_missing if dead_missing else np.nan,
            "survivors_per_incident": total(part, "survivors") / incidents if incidents else np.nan,
            "incidents_children_recorded": int(recorded["main_id"].nunique()),
            "victims_children_recorded": victims, "children": total(recorded, "children"),
            "children_share_where_recorded": total(recorded, "children") / victims if victims else np.nan,
        })
    return pd.DataFrame(rows, columns=[
        "group", "incidents", "dead_missing", "dead", "missing", "survivors", "dead_share", "missing_share",
        "survivors_per_incident", "incidents_children_recorded", "victims_children_recorded", "children",
        "children_share_where_recorded"])


def top_nationalities(chosen: pd.DataFrame, groups: Sequence[str], n: int = TOP_NATIONALITIES) -> pd.DataFrame:
    """The ``n`` countries of origin with the most dead and missing in each group.

    An incident listing several countries counts under each; unknown and mixed origins are left
    out of the ranking but not of the share's denominator. Columns: group, rank, country_of_origin,
    dead_missing (people), share (0-1 of the group's dead and missing).
    """
    frames = []
    for group in groups:
        part = chosen.loc[chosen["group"] == group, ["country_of_origin", "dead_missing"]]
        grand = float(part["dead_missing"].astype("Float64").fillna(0).sum())
        exploded = part.explode("country_of_origin").dropna(subset=["country_of_origin"])
        exploded = exploded[~exploded["country_of_origin"].isin(UNKNOWN_ORIGINS)]
        sums = exploded.groupby("country_of_origin")["dead_missing"].sum().astype(float)
        ranked = sums[sums > 0].sort_values(ascending=False, kind="stable").head(n)
        frames.append(pd.DataFrame({"group": group, "rank": range(1, len(ranked) + 1),
                                    "country_of_origin": ranked.index.astype(str),
                                    "dead_missing": ranked.to_numpy(),
                                    "share": ranked.to_numpy() / grand if grand else np.nan}))
    columns = ["group", "rank", "country_of_origin", "dead_missing", "share"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


#: Profile column -> (measure label, unit) for the table of every compared number.
PROFILE_MEASURES = {
    "incidents": ("Incidents", "incidents"),
    "dead_missing": ("Dead and missing", "people"),
    "dead": ("Dead", "people"),
    "missing": ("Missing", "people"),
    "dead_share": ("Dead, share of dead and missing", "share (0-1)"),
    "missing_share": ("Missing, share of dead and missing", "share (0-1)"),
    "survivors": ("Survivors recorded", "people"),
    "survivors_per_incident": ("Survivors recorded per incident", "people per incident"),
    "incidents_children_recorded": ("Incidents with a child count recorded", "incidents"),
    "victims_children_recorded": ("Dead and missing in those incidents", "people"),
    "children": ("Children among them", "people"),
    "children_share_where_recorded": ("Share of children, where recorded", "share (0-1)"),
}


def comparison_table(profile: pd.DataFrame, yearly: pd.DataFrame, causes: pd.DataFrame,
                     nationalities: pd.DataFrame) -> pd.DataFrame:
    """Every compared number in one long table: columns group, measure, unit, value."""
    rows = []
    for record in profile.to_dict("records"):
        for column, (measure, unit) in PROFILE_MEASURES.items():
            rows.append((record["group"], measure, unit, record[column]))
    for record in yearly.to_dict("records"):
        rows.append((record["group"], f"Dead and missing in {record['year']}"
                     + (" (partial year)" if record["partial"] else ""), "people", record["dead_missing"]))
        if "index" in record:
            rows.append((record["group"], f"Index, {record['year']}", "base year = 100", record["index"]))
    for record in causes.to_dict("records"):
        rows.append((record["group"], f"Cause: {record['cause']}", "share (0-1) of cause attributions",
                     record["share"]))
    for record in nationalities.to_dict("records"):
        rows.append((record["group"], f"Origin #{record['rank']}: {record['country_of_origin']}",
                     "share (0-1) of dead and missing", record["share"]))
    return pd.DataFrame(rows, columns=["group", "measure", "unit", "value"])


def filter_label(dimension: str) -> str:
    """Words for the global filter on ``dimension`` (e.g. "migration route")."""
    return MULTI_FILTERS[DIMENSIONS[dimension][1]][2]
