"""Pure transforms for comparing two to six regions, sub-regions or routes side by side.

Every function takes the canonical incident frame (or a cut of it), never
mutates it, and returns a new frame or a plain value. :func:`comparison_tables`
gathers, for one set of groups, every table the Regional comparison shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from i18n import N_, _, country_name, format_integer, region_name
from loaders.fatalities import CAUSE_CATEGORIES, KEY_SUFFIX, UNKNOWN_CAUSE, value_codes
from transforms.counting import event_codes
from transforms.dimensions import ASIA_PACIFIC_LABEL, ASIA_PACIFIC_SUBREGIONS, UNKNOWN_ORIGINS, Dimension, dimensions
from transforms.filters import FilterOptions, Filters
from transforms.geography import place_name
from transforms.link_values import MAX_VALUES, ignored
from transforms.periods import dead_missing_by_period
from transforms.quality import caution_note


@dataclass(frozen=True)
class Comparison:
    """The compared tables of one view (shared, read-only). ``empty``: no incident of the groups matches the
    filters (then only ``yearly`` is worked out, the others are empty frames and ``note`` is None)."""

    empty: bool
    yearly: pd.DataFrame
    causes: pd.DataFrame
    profile: pd.DataFrame
    nationalities: pd.DataFrame
    note: str | None


def comparison_tables(incidents: pd.DataFrame, dimension: str, groups: tuple[str, ...], months: tuple[str, ...],
                      gaps: tuple[str, ...]) -> Comparison:
    """The :class:`Comparison` of ``groups`` of ``dimension`` among ``incidents`` over ``months``."""
    chosen = in_groups(incidents, dimension, groups)
    yearly = yearly_by_group(chosen, groups, months, list(gaps))
    if chosen.empty:
        return Comparison(True, yearly, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None)
    return Comparison(False, yearly, cause_mix(chosen, groups), group_profile(chosen, groups),
                      top_nationalities(chosen, groups), caution_note(chosen))


#: The dimensions groups can be compared on: URL key -> dimension (canonical column, Filters field, words
#: for people), in the order offered.
DIMENSIONS: dict[str, Dimension] = dimensions("region", "subregion", "route", "place")


#: Plural words for a dimension.
DIMENSION_PLURALS = {key: d.plural for key, d in DIMENSIONS.items()}


#: Each dimension's name as the comparison's radio shows it (a heading, capitalised).
DIMENSION_TITLES = {"region": N_("Regions"), "subregion": N_("Sub-regions"), "route": N_("Routes"),
                    "place": N_("Sea areas and border zones")}


#: The page's sentences that name the compared dimension, written whole for each dimension (word order and
#: grammar differ between languages): message key -> dimension -> message. Placeholders: ``{low}``/``{high}``
#: the fewest and most groups, ``{groups}`` the groups' names joined by commas, ``{values}`` the sidebar
#: filter's values joined by commas.
DIMENSION_MESSAGES: dict[str, dict[str, str]] = {
    "picker": {"region": N_("Regions to compare ({low} to {high})"),
               "subregion": N_("Sub-regions to compare ({low} to {high})"),
               "route": N_("Routes to compare ({low} to {high})"),
               "place": N_("Sea areas or border zones to compare ({low} to {high})")},
    "preset": {"region": N_("Compare regions: {groups}"),
               "subregion": N_("Compare sub-regions: {groups}"),
               "route": N_("Compare routes: {groups}"),
               "place": N_("Compare sea areas and border zones: {groups}")},
    "rule": {"region": N_("On this page the regions you compare replace the sidebar's region of incident filter; "
                          "every other filter applies."),
             "subregion": N_("On this page the sub-regions you compare replace the sidebar's UNSD sub-region filter; "
                             "every other filter applies."),
             "route": N_("On this page the routes you compare replace the sidebar's migration route filter; every "
                         "other filter applies."),
             "place": N_("On this page the sea areas and border zones you compare replace the sidebar's sea area or "
                         "border zone filter; every other filter applies.")},
    "set_aside": {"region": N_("The sidebar's region of incident filter ({values}) is not applied here: the regions "
                               "you compare replace it; every other filter applies."),
                  "subregion": N_("The sidebar's UNSD sub-region filter ({values}) is not applied here: the "
                                  "sub-regions you compare replace it; every other filter applies."),
                  "route": N_("The sidebar's migration route filter ({values}) is not applied here: the routes you "
                              "compare replace it; every other filter applies."),
                  "place": N_("The sidebar's sea area or border zone filter ({values}) is not applied here: the sea "
                              "areas and border zones you compare replace it; every other filter applies.")},
    "choose": {"region": N_("Choose at least two regions to compare."),
               "subregion": N_("Choose at least two sub-regions to compare."),
               "route": N_("Choose at least two routes to compare."),
               "place": N_("Choose at least two sea areas or border zones to compare.")},
    "comparing": {"region": N_("Comparing regions: {groups}."),
                  "subregion": N_("Comparing sub-regions: {groups}."),
                  "route": N_("Comparing routes: {groups}."),
                  "place": N_("Comparing sea areas and border zones: {groups}.")},
    "none": {"region": N_("No incidents in these regions match the other filters. Widen the period or remove a "
                          "filter."),
             "subregion": N_("No incidents in these sub-regions match the other filters. Widen the period or remove "
                             "a filter."),
             "route": N_("No incidents in these routes match the other filters. Widen the period or remove a "
                         "filter."),
             "place": N_("No incidents in these sea areas or border zones match the other filters. Widen the period "
                         "or remove a filter.")},
}


def dimension_message(key: str, dimension: str, **params: Any) -> str:
    """The page's sentence ``key`` of :data:`DIMENSION_MESSAGES` for ``dimension``, translated and filled."""
    return _(DIMENSION_MESSAGES[key][dimension], **params)


def group_name(dimension: str, group: str) -> str:
    """A compared group's name as the reader sees it: regions and sub-regions in the active language
    (:func:`i18n.region_name`), IOM's route names as published, sea areas and border zones by
    :func:`transforms.geography.place_name`."""
    if dimension == "place":
        return place_name(group)
    return group if dimension == "route" else region_name(group)


def group_list(dimension: str, groups: Sequence[str]) -> str:
    """The groups' names as the reader sees them, joined by commas."""
    return ", ".join(group_name(dimension, g) for g in groups)


MIN_GROUPS = 2


MAX_GROUPS = 6


TOP_NATIONALITIES = 5


# Translators: a preset of the Regional comparison (the same text as transforms.dimensions.ASIA_PACIFIC_LABEL).
N_("Asia-Pacific")

#: Preset key -> (label, dimension, groups): the label is translated where shown (``_(label)``). Routes are IOM's own route names; a preset keeps the
#: groups present in the data, at most MAX_GROUPS, in this order.
PRESETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "asia-pacific": (ASIA_PACIFIC_LABEL, "subregion", ASIA_PACIFIC_SUBREGIONS),
    "mediterranean": (N_("Mediterranean routes"), "route",
                      ("Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean")),
    "americas": (N_("Americas routes"), "route",
                 ("US-Mexico border crossing", "Darien", "Caribbean to US", "Dominican Republic to Puerto Rico",
                  "Venezuela to Caribbean", "Haiti to Dominican Republic")),
    "africa": (N_("Africa routes"), "route",
               ("Sahara Desert crossing", "Western Africa / Atlantic route to the Canary Islands",
                "Eastern Route to/from EHOA", "Route to Southern Africa", "Northern Route from EHOA",
                "Horn of Africa Route")),
}


def group_choices(options: FilterOptions, dimension: str) -> list[str]:
    """The values of ``dimension`` in the data: the groups that can be compared."""
    return [v for v in options.values.get(DIMENSIONS[dimension].filter_field, ()) if v != "nan"]


def preset_groups(preset: str, available: Sequence[str]) -> tuple[str, ...]:
    """The groups of a preset that exist in ``available``, in the preset's order, at most MAX_GROUPS."""
    present = set(available)
    return tuple(g for g in PRESETS[preset][2] if g in present)[:MAX_GROUPS]


def parse_groups(requested: Sequence[str], available: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """Groups from the URL: the known ones (each equal to one of ``available``; the first MAX_GROUPS,
    duplicates dropped) and one notice, or None."""
    allowed = set(available)
    wanted = list(dict.fromkeys(v for v in list(requested)[:MAX_VALUES] if v))
    kept = [g for g in wanted if g in allowed]
    unknown = [g for g in wanted if g not in allowed]
    sentences = []
    if unknown:
        sentences.append(ignored("group", unknown, _("not one of the groups this page can compare")))
    if len(kept) > MAX_GROUPS:
        sentences.append(_("Only {count} groups can be compared; the first {count} in the link are kept.",
                           count=format_integer(MAX_GROUPS)))
    return tuple(kept[:MAX_GROUPS]), " ".join(sentences) or None


def default_groups(incidents: pd.DataFrame, dimension: str, n: int = 4) -> tuple[str, ...]:
    """The ``n`` groups of ``dimension`` with the most dead and missing in ``incidents``."""
    column = DIMENSIONS[dimension].column
    values = incidents[column]
    if not isinstance(values.dtype, pd.CategoricalDtype):
        totals = incidents.dropna(subset=[column]).groupby(column)["dead_missing"].sum()
        return tuple(str(v) for v in totals.sort_values(ascending=False, kind="stable").index[:n])
    # Sums per category by bincount; groupby would list the observed categories in category order.
    codes = values.cat.codes.to_numpy()
    valid = codes >= 0
    size = len(values.cat.categories)
    observed = np.bincount(codes[valid], minlength=size) > 0
    sums = np.bincount(codes[valid], weights=_people(incidents, "dead_missing")[valid], minlength=size)
    kept = np.flatnonzero(observed)
    ranked = kept[np.argsort(-sums[kept], kind="stable")][:n]
    return tuple(str(values.cat.categories[i]) for i in ranked)


def comparison_filters(filters: Filters, dimension: str) -> Filters:
    """The global filters with the one on the compared dimension set aside (the groups replace it)."""
    return replace(filters, **{DIMENSIONS[dimension].filter_field: ()})


#: The columns the comparison measures read (the rest of the incident frame is left behind, so that
#: cutting the selection group by group stays cheap). A tuple column is read through its integer key
#: (``<column>_key``) and taken itself only from a frame without the key.
COMPARED_COLUMNS = ("main_id", "event_code", "date", "month_key", "dead", "missing", "dead_missing", "survivors",
                    "children", "cause_of_death", "cause_of_death_key", "country_of_origin", "country_of_origin_key",
                    "source_quality", "quality_flags")


def _people(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A count column as floats, a blank counted as none."""
    return frame[column].to_numpy(dtype=float, na_value=0.0)


def _positions(values: pd.Series, groups: Sequence) -> np.ndarray:
    """Each row's position in ``groups`` (-1 where its value is none of them).

    Read through a categorical's integer codes when ``values`` is one (the groups are looked
    up once per category, not once per row).
    """
    wanted = pd.Index(list(groups))
    if isinstance(values.dtype, pd.CategoricalDtype):
        lookup = np.append(wanted.get_indexer(values.cat.categories), -1)  # code -1 (blank) picks the last
        return lookup[values.cat.codes.to_numpy()].astype(np.int64)
    return wanted.get_indexer(values.to_numpy()).astype(np.int64)


def in_groups(incidents: pd.DataFrame, dimension: str, groups: Sequence[str]) -> pd.DataFrame:
    """The incidents of the compared groups: the dimension's column, :data:`COMPARED_COLUMNS` (a tuple
    column only where its key is absent) and a ``group`` column (a categorical ordered as ``groups``)."""
    column = DIMENSIONS[dimension].column
    present = set(incidents.columns)
    keep = [column] + [c for c in COMPARED_COLUMNS if c in present and c + KEY_SUFFIX not in present]
    if not isinstance(incidents[column].dtype, pd.CategoricalDtype):
        chosen = incidents.loc[incidents[column].isin(list(groups)).to_numpy(), keep]
        return chosen.assign(group=pd.Categorical(chosen[column].astype(str), categories=list(groups), ordered=True))
    position = _positions(incidents[column], groups)
    rows = np.flatnonzero(position >= 0)
    chosen = incidents[keep].take(rows)  # the columns first, so only they are taken row by row
    return chosen.assign(group=pd.Categorical.from_codes(position[rows], categories=list(groups), ordered=True))


def yearly_by_group(chosen: pd.DataFrame, groups: Sequence[str], months: tuple[str, ...],
                    gaps: list[str] | None = None) -> pd.DataFrame:
    """Dead and missing per calendar year and group (from :func:`in_groups`).

    Columns: group, year (int), label, dead_missing (people; NaN where no export covers the year),
    coverage (0-1; below 1 the year is partial), partial (bool).
    """
    columns = ["group", "year", "label", "dead_missing", "coverage", "partial"]
    if not len(groups):
        out = pd.DataFrame(columns=columns[:-1])
        out["partial"] = out["coverage"] < 1
        return out[columns]
    # The years, labels and coverage are the selection's, the same for every group: read them from
    # dead_missing_by_period with no rows, then sum the rows per group and year in one bincount.
    years = dead_missing_by_period(chosen.iloc[:0], "year", months, gaps)
    size = len(years)
    first = int(years["period"].iloc[0].year) - 1970  # whole years since 1970, like the period ordinals
    if "month_key" in chosen.columns:  # year * 100 + month, -1 undated
        year = chosen["month_key"].to_numpy() // 100 - 1970
    else:  # undated: the lowest int64
        year = chosen["date"].to_numpy().astype("datetime64[Y]").astype(np.int64)
    group = _positions(chosen["group"], groups)
    counted = (year >= first) & (year < first + size) & (group >= 0)
    sums = np.bincount(group[counted] * size + year[counted] - first, weights=_people(chosen, "dead_missing")[counted],
                       minlength=len(groups) * size).astype(float).reshape(len(groups), size)
    sums[:, ~years["covered"].to_numpy(dtype=bool)] = np.nan
    coverage = np.tile(years["coverage"].to_numpy(), len(groups))
    return pd.DataFrame({"group": np.repeat(np.array(list(groups), dtype=object), size),
                         "year": np.tile(years["period"].dt.year.to_numpy(), len(groups)),
                         "label": np.tile(years["label"].to_numpy(dtype=object), len(groups)),
                         "dead_missing": sums.ravel(), "coverage": coverage, "partial": coverage < 1})


def base_year_options(yearly: pd.DataFrame) -> list[int]:
    """Whole years (every month covered and selected) that can serve as the index base."""
    whole = yearly.loc[~yearly["partial"].astype(bool), "year"]
    return sorted(int(y) for y in whole.unique())


def default_base_year(yearly: pd.DataFrame, years: Sequence[int], months: tuple[str, ...]) -> int:
    """The index base offered first: the earliest of ``years`` (from :func:`base_year_options`) in which
    every group has dead or missing, else the earliest of ``years``, else the selection's first year."""
    year = yearly["year"].to_numpy()
    dead_missing = yearly["dead_missing"].to_numpy(dtype=float, na_value=np.nan)
    nonzero = [y for y in years if (dead_missing[year == y] > 0).all()]
    return int((nonzero or list(years) or [int(months[0][:4])])[0])


def indexed_to_base(yearly: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Adds ``index`` (base year = 100) to :func:`yearly_by_group`'s frame.

    Blank for partial years (a part-year would read as a fall) and for groups with no dead or
    missing in the base year (nothing to index to).
    """
    out = yearly.copy()
    codes, _ = pd.factorize(out["group"])
    dead_missing = out["dead_missing"].to_numpy(dtype=float, na_value=np.nan)
    base = np.full(codes.max() + 2 if codes.size else 1, np.nan)  # per group code; the last for a blank group
    in_base = np.flatnonzero((out["year"].to_numpy() == base_year) & (codes >= 0))
    base[codes[in_base]] = dead_missing[in_base]
    base[~(base > 0)] = np.nan
    ratio = dead_missing / base[codes] * 100
    out["index"] = np.where(out["partial"].to_numpy(dtype=bool), np.nan, ratio)
    return out


def _cells(uniques: list, blank: list[str]) -> list[list[str]]:
    """The values of each distinct cell of a tuple column, and last the values of a blank cell (code -1).

    A tuple gives its values, a lone string itself, an empty tuple or a blank ``blank``.
    """
    return [list(u) if isinstance(u, tuple) and u else [u] if isinstance(u, str) else list(blank)
            for u in uniques] + [list(blank)]


def _people_by_cell(frame: pd.DataFrame, column: str, position: np.ndarray, size: int,
                    weights: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, list]:
    """People per group and distinct cell of ``column``, and rows per group and cell.

    Both arrays are (size + 1) x cells: row 0 gathers the rows in no group (position -1). The
    cells are ``value_codes``'s, the last one standing for a blank cell. With ``rows`` (row
    numbers), only those rows count, and ``position`` and ``weights`` are theirs.
    """
    codes, uniques = value_codes(frame, column)
    if rows is not None:
        codes = codes[rows]
    width = len(uniques) + 1
    slot = (position + 1) * width + np.where(codes < 0, len(uniques), codes)
    people = np.bincount(slot, weights=weights, minlength=(size + 1) * width).astype(float).reshape(size + 1, width)
    counts = np.bincount(slot, minlength=(size + 1) * width).reshape(size + 1, width)
    return people, counts, uniques


def _spread(by_cell: np.ndarray, cells: list[list[str]], labels: list[str]) -> np.ndarray:
    """Sums per group and cell spread onto each value the cell lists: groups x labels.

    Values not among ``labels`` are left out.
    """
    index = {label: i for i, label in enumerate(labels)}
    pairs = [(c, index[v]) for c, cell in enumerate(cells) for v in cell if v in index]
    pair_cell = np.array([c for c, _ in pairs], dtype=np.int64)
    pair_label = np.array([v for _, v in pairs], dtype=np.int64)
    size = by_cell.shape[0]
    slot = (np.arange(size)[:, None] * len(labels) + pair_label[None, :]).ravel()
    return np.bincount(slot, weights=by_cell[:, pair_cell].ravel(),
                       minlength=size * len(labels)).astype(float).reshape(size, len(labels))


def cause_cells(incidents: pd.DataFrame, position: np.ndarray, size: int, weights: np.ndarray,
                rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, list]:
    """People and rows per group and distinct cause-of-death cell, for :func:`cause_mix_of_cells`.

    Row i is in group ``position[i]`` (0 to size - 1; -1: in none) and weighs ``weights[i]``
    people; with ``rows`` (row numbers) only those rows are read, and ``position`` and
    ``weights`` are theirs. Returns people and rows as (size + 1) x cells arrays (row 0: in no
    group) and the distinct cells (``value_codes``'s; the last cell stands for a blank one).
    """
    return _people_by_cell(incidents, "cause_of_death", position, size, weights, rows)


def cause_mix_of_cells(people: np.ndarray, counts: np.ndarray, uniques: list, groups: Sequence,
                       seen_outside: bool = True) -> pd.DataFrame:
    """:func:`cause_mix` from :func:`cause_cells`' arrays, whose rows 1.. are ``groups`` in order.

    Causes beyond IOM's categories are listed when some row holds them; with ``seen_outside``
    false, only rows in a group count for that.
    """
    cells = _cells(uniques, [UNKNOWN_CAUSE])
    present = (counts if seen_outside else counts[1:]).sum(axis=0) > 0
    seen = {v for cell, used in zip(cells, present) if used for v in cell}
    causes = list(CAUSE_CATEGORIES) + sorted(seen - set(CAUSE_CATEGORIES))
    size_g, size_c = len(groups), len(causes)
    sums = _spread(people[1:], cells, causes)
    totals = sums.sum(axis=1, keepdims=True)
    return pd.DataFrame({"group": pd.Index(list(groups)).repeat(size_c), "cause": causes * size_g,
                         "dead_missing": sums.ravel(),
                         "share": (sums / np.where(totals > 0, totals, np.nan)).ravel()})


def cause_mix_by_position(incidents: pd.DataFrame, position: np.ndarray, groups: Sequence, weights: np.ndarray,
                          seen_outside: bool = True, rows: np.ndarray | None = None) -> pd.DataFrame:
    """:func:`cause_mix` of rows already placed in ``groups``: row i is in ``groups[position[i]]``
    (-1: in none) and weighs ``weights[i]`` people.

    For callers that place rows themselves (corridors, years) without cutting the frame; see
    :func:`cause_cells` for ``rows`` and :func:`cause_mix_of_cells` for ``seen_outside``.
    """
    people, counts, uniques = cause_cells(incidents, position, len(groups), weights, rows)
    return cause_mix_of_cells(people, counts, uniques, groups, seen_outside)


def cause_mix(chosen: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Dead and missing by cause of death in each group.

    An incident listing several causes counts under each, so shares are of these attributions
    (they sum to 1 per group). Columns: group, cause, dead_missing (people), share (0-1).
    """
    # People are summed per group and distinct cell in one bincount, then spread onto the cell's causes.
    return cause_mix_by_position(chosen, _positions(chosen["group"], groups), groups, _people(chosen, "dead_missing"))


def _incidents_per_group(events: np.ndarray, position: np.ndarray, size: int) -> np.ndarray:
    """Distinct incidents (event codes) per group: a table of seen (group, event) pairs, counted per group.

    The table spans only the event codes present (a period's rows hold a narrow band of them).
    """
    low = int(events.min()) if events.size else 0
    span = int(events.max()) - low + 1 if events.size else 1
    seen = np.zeros((size + 1) * span, dtype=bool)
    seen[(position + 1) * span + (events - low)] = True
    return np.count_nonzero(seen.reshape(size + 1, span)[1:], axis=1)


def group_profile(chosen: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """One row per group: the compared numbers.

    Columns: group; incidents (distinct Main IDs); dead_missing, dead, missing, survivors (people);
    dead_share, missing_share (0-1 of dead and missing); survivors_per_incident (survivors recorded,
    a blank counted as none, per incident); incidents_children_recorded (incidents with a child count);
    victims_children_recorded (dead and missing in those incidents); children (their child count);
    children_share_where_recorded (children / victims_children_recorded, 0-1).
    """
    size = len(groups)
    slot = _positions(chosen["group"], groups) + 1  # 0: in no group
    recorded = chosen["children"].notna().to_numpy()

    def totals(column: str, where: np.ndarray | None = None) -> np.ndarray:
        weights = _people(chosen, column)
        if where is not None:
            weights = np.where(where, weights, 0.0)
        return np.bincount(slot, weights=weights, minlength=size + 1)[1:]

    events = event_codes(chosen).astype(np.int64)
    incidents_of = _incidents_per_group(events, slot - 1, size)
    recorded_of = _incidents_per_group(events[recorded], slot[recorded] - 1, size)
    sums = {column: totals(column) for column in ("dead_missing", "dead", "missing", "survivors")}
    victims_of, children_of = totals("dead_missing", recorded), totals("children", recorded)
    rows = []
    for i, group in enumerate(groups):
        incidents, dead_missing, victims = int(incidents_of[i]), float(sums["dead_missing"][i]), float(victims_of[i])
        dead, missing, survivors = float(sums["dead"][i]), float(sums["missing"][i]), float(sums["survivors"][i])
        children = float(children_of[i])
        rows.append({
            "group": group, "incidents": incidents, "dead_missing": dead_missing,
            "dead": dead, "missing": missing, "survivors": survivors,
            "dead_share": dead / dead_missing if dead_missing else np.nan,
            "missing_share": missing / dead_missing if dead_missing else np.nan,
            "survivors_per_incident": survivors / incidents if incidents else np.nan,
            "incidents_children_recorded": int(recorded_of[i]),
            "victims_children_recorded": victims, "children": children,
            "children_share_where_recorded": children / victims if victims else np.nan,
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
    columns = ["group", "rank", "country_of_origin", "dead_missing", "share"]
    if not len(groups):
        return pd.DataFrame(columns=columns)
    # People per group and distinct cell in one bincount, spread onto each country the cell lists.
    weights = _people(chosen, "dead_missing")
    people, _, uniques = _people_by_cell(chosen, "country_of_origin", _positions(chosen["group"], groups),
                                         len(groups), weights)
    cells = _cells(uniques, [])
    countries = sorted({v for cell in cells for v in cell if v not in UNKNOWN_ORIGINS})
    sums = _spread(people[1:], cells, countries)
    grand = people[1:].sum(axis=1)
    names, parts = np.array(countries, dtype=object), {column: [] for column in columns}
    for i, group in enumerate(groups):
        positive = np.flatnonzero(sums[i] > 0)
        ranked = positive[np.argsort(-sums[i][positive], kind="stable")][:n]
        values = sums[i][ranked]
        parts["group"].append(np.full(len(ranked), group, dtype=object))
        parts["rank"].append(np.arange(1, len(ranked) + 1, dtype=np.int64))
        parts["country_of_origin"].append(names[ranked])
        parts["dead_missing"].append(values)
        parts["share"].append(values / grand[i] if grand[i] else np.full(len(ranked), np.nan))
    return pd.DataFrame({"group": pd.array(np.concatenate(parts["group"]), dtype="str"),
                         "rank": np.concatenate(parts["rank"]),
                         "country_of_origin": pd.array(np.concatenate(parts["country_of_origin"]), dtype="str"),
                         "dead_missing": np.concatenate(parts["dead_missing"]),
                         "share": np.concatenate(parts["share"])})


#: Profile column -> (measure label, unit) for the table of every compared number (translated where shown).
PROFILE_MEASURES = {
    "incidents": (N_("Incidents"), N_("incidents")),
    "dead_missing": (N_("Dead and missing"), N_("people")),
    "dead": (N_("Dead"), N_("people")),
    "missing": (N_("Missing"), N_("people")),
    "dead_share": (N_("Dead, share of dead and missing"), N_("share (0-1)")),
    "missing_share": (N_("Missing, share of dead and missing"), N_("share (0-1)")),
    "survivors": (N_("Survivors recorded"), N_("people")),
    "survivors_per_incident": (N_("Survivors recorded per incident"), N_("people per incident")),
    "incidents_children_recorded": (N_("Incidents with a child count recorded"), N_("incidents")),
    "victims_children_recorded": (N_("Dead and missing in those incidents"), N_("people")),
    "children": (N_("Children among them"), N_("people")),
    "children_share_where_recorded": (N_("Share of children, where recorded"), N_("share (0-1)")),
}


#: The table of every compared number: column -> its header as the reader sees it (translated where shown).
COMPARISON_TABLE_HEADERS = {"group": N_("Group"), "measure": N_("Measure"), "unit": N_("Unit"), "value": N_("Value")}


def comparison_table(profile: pd.DataFrame, yearly: pd.DataFrame, causes: pd.DataFrame,
                     nationalities: pd.DataFrame) -> pd.DataFrame:
    """Every compared number in one long table: columns group, measure, unit, value (measures and units in the
    active language; causes of death as IOM publishes them, countries of origin by :func:`i18n.country_name`)."""
    rows = []
    for record in profile.to_dict("records"):
        for column, (measure, unit) in PROFILE_MEASURES.items():
            rows.append((record["group"], _(measure), _(unit), record[column]))
    people = _("people")
    for record in yearly.to_dict("records"):
        year = str(record["year"])
        measure = (_("Dead and missing in {year} (partial year)", year=year) if record["partial"]
                   else _("Dead and missing in {year}", year=year))
        rows.append((record["group"], measure, people, record["dead_missing"]))
        if "index" in record:
            # Translators: a measure of the table of every compared number: the index of dead and missing in {year}.
            rows.append((record["group"], _("Index, {year}", year=year), _("base year = 100"), record["index"]))
    for record in causes.to_dict("records"):
        # Translators: {cause} is IOM's cause-of-death category, in English as IOM publishes it.
        rows.append((record["group"], _("Cause: {cause}", cause=record["cause"]),
                     _("share (0-1) of cause attributions"), record["share"]))
    for record in nationalities.to_dict("records"):
        # Translators: {rank} is the rank (1 = most dead and missing), {country} a country of origin.
        rows.append((record["group"], _("Origin #{rank}: {country}", rank=format_integer(record["rank"]),
                                        country=country_name(record["country_of_origin"])),
                     _("share (0-1) of dead and missing"), record["share"]))
    return pd.DataFrame(rows, columns=["group", "measure", "unit", "value"])


def shown_comparison_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of :func:`comparison_table`'s table with the reader's column headers (shown and downloaded)."""
    return table.rename(columns={column: _(header) for column, header in COMPARISON_TABLE_HEADERS.items()})


def displayed(compared: Comparison, dimension: str, groups: Sequence[str]) -> tuple[Comparison, tuple[str, ...]]:
    """``compared`` and ``groups`` as the reader sees them: each frame's ``group`` cells by :func:`group_name`
    (regions and sub-regions in the active language, routes as published) and the countries of origin of
    ``nationalities`` by :func:`i18n.country_name`. Copies; the cached comparison is never changed."""
    names = {g: group_name(dimension, g) for g in groups}
    shown = tuple(names[g] for g in groups)
    if len(set(shown)) != len(shown):  # two names alike in this language: keep the published ones
        names, shown = {g: g for g in groups}, tuple(groups)

    def relabel(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "group" not in frame.columns:
            return frame
        out = frame.copy()
        out["group"] = [names.get(g, g) for g in out["group"].astype(object)]
        if isinstance(frame["group"].dtype, pd.CategoricalDtype):
            out["group"] = pd.Categorical(out["group"], categories=list(shown), ordered=True)
        return out

    nationalities = relabel(compared.nationalities)
    if not nationalities.empty:
        nationalities["country_of_origin"] = pd.array(
            [country_name(c) for c in nationalities["country_of_origin"].tolist()], dtype="str")
    return replace(compared, yearly=relabel(compared.yearly), causes=relabel(compared.causes),
                   profile=relabel(compared.profile), nationalities=nationalities), shown


def filter_label(dimension: str) -> str:
    """Words for the global filter on ``dimension`` (e.g. "migration route"), in English (a key for tests and
    code; the page's sentences naming it are :data:`DIMENSION_MESSAGES`)."""
    return DIMENSIONS[dimension].label
