"""Old and new corridor membership side by side: ``python -m tools.compare_membership``.

Writes ``data/corridors/membership_comparison.csv`` (sidecar ``membership_comparison.meta.yml``): for every
catalogue corridor, how many incidents and how many dead and missing the rule this app used until December 2026
attributes to it (IOM's route, or, for three Asia-Pacific corridors, a bounding box, a list of countries of
origin and words in the location text) and how many the rule of :mod:`transforms.corridor_membership` does
(IOM's route, or, where IOM gives none, the corridor's declared sea areas, border zones and countries, placed by
:mod:`transforms.geography`), and how many each takes that the other does not. The old rule lives here only, to
produce this table; the app never imports this module.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.corridors import corridors_path, read_corridors
from loaders.fatalities import value_codes
from transforms.corridor_membership import membership_matrix

#: The file written, beside the catalogue.
COMPARISON_FILE = "membership_comparison.csv"
COLUMNS = ("corridor_id", "corridor", "old_incidents", "old_dead_missing", "new_incidents", "new_dead_missing",
           "both_incidents", "only_old_incidents", "only_old_dead_missing", "only_new_incidents",
           "only_new_dead_missing")


@dataclass(frozen=True)
class RouteRule:
    """Which incidents with no IOM route belong to a corridor.

    An incident matches when IOM records no route (or one of ``routes``), it
    lists one of ``origins`` (ISO3) among its countries of origin, its
    coordinates fall within ``box`` (west, south, east, north, degrees), and
    either its location text matches ``words`` or, when ``drowning_west_of``
    is set, a cause is Drowning west of that longitude. ``exclude`` names a
    corridor whose matches are taken out first (land excludes sea).
    """

    origins: frozenset[str]
    box: tuple[float, float, float, float]
    words: str
    routes: tuple[str, ...] = ()
    drowning_west_of: float | None = None
    exclude: str | None = None
    words_exclude: bool = False  # True: the location must NOT match ``words``

    def describe(self) -> str:
        """The rule in plain English, as the app described it."""
        west, south, east, north = self.box
        origins = ", ".join(sorted(self.origins)) if self.origins else "any origin"
        return (f"no IOM route, a country of origin among {origins}, coordinates within {west}..{east} E, "
                f"{south}..{north} N, and a location or cause that fits")


SEA_WORDS = (r"\b(?:sea|bay of bengal|andaman|naf river|nef river|at sea|boat|coast|nautical|island|beach|shore|"
             r"strait|ocean|drift|capsiz|sank|embarkation|aceh)")


#: Membership rules for corridors IOM does not mark with a route (see the sidecar).
ROUTE_RULES: dict[str, RouteRule] = {
    "bay_of_bengal_andaman": RouteRule(
        origins=frozenset({"MMR", "BGD"}), box=(80.0, 0.0, 100.5, 24.0), words=SEA_WORDS,
        routes=("Bay of Bengal/Andaman Sea", "Naf River crossing"), drowning_west_of=99.0),
    "myanmar_thailand_malaysia_land": RouteRule(
        origins=frozenset({"MMR", "BGD"}), box=(94.0, 1.0, 106.0, 21.5), words=SEA_WORDS[:-1] + "|indonesia)",
        exclude="bay_of_bengal_andaman", words_exclude=True),
    "sea_to_australia": RouteRule(
        origins=frozenset(), box=(95.0, -45.0, 160.0, -5.0),
        words=r"\b(?:australia|christmas island|ashmore|cocos|timor sea)"),
}


def _codes(incidents: pd.DataFrame, column: str, memo: dict) -> tuple[np.ndarray, list]:
    """:func:`loaders.fatalities.value_codes`, worked out once per column for one frame (kept in ``memo``)."""
    if column not in memo:
        memo[column] = value_codes(incidents, column)
    return memo[column]


def _per_row(incidents: pd.DataFrame, column: str, test, memo: dict) -> np.ndarray:
    """Row flags: ``test`` of the row's cell in ``column`` (False where blank), evaluated once per distinct cell."""
    codes, values = _codes(incidents, column, memo)
    flags = np.array([bool(test(value)) for value in values] + [False], dtype=bool)
    return flags[codes]


def _numbers(incidents: pd.DataFrame, column: str) -> np.ndarray:
    return incidents[column].to_numpy(dtype=float, na_value=np.nan)


def _in_box(incidents: pd.DataFrame, box: tuple[float, float, float, float]) -> np.ndarray:
    west, south, east, north = box
    lon, lat = _numbers(incidents, "lon"), _numbers(incidents, "lat")
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)


def _words_said(incidents: pd.DataFrame, rows: np.ndarray, words: str, memo: dict) -> np.ndarray:
    """Whether the location text of each of ``rows`` (positions) matches ``words`` (case-insensitive regex).

    The regex runs once per distinct location among ``rows``, on the column's own dtype (so with
    the same string engine as a row-by-row ``str.contains``); a blank location reads as "".
    """
    codes, values = _codes(incidents, "location", memo)
    picked = codes[rows]
    first = np.full(len(values) + 1, -1, dtype=np.int64)
    first[picked[::-1]] = rows[::-1]  # the first row holding each location
    present = np.flatnonzero(first[:-1] >= 0)
    flags = np.zeros(len(values) + 1, dtype=bool)
    if present.size:
        sample = incidents["location"].iloc[first[present]]
        if isinstance(sample.dtype, pd.CategoricalDtype):
            sample = sample.cat.remove_unused_categories()  # a categorical's .str runs over every category
        flags[present] = sample.str.contains(words, case=False, regex=True).to_numpy(dtype=bool)
    flags[-1] = re.search(words, "", flags=re.IGNORECASE) is not None
    return flags[picked]


def _rule_mask(incidents: pd.DataFrame, corridor_id: str, done: dict) -> np.ndarray:
    """Row flags: the incidents matching the corridor's :data:`ROUTE_RULES` entry (all False when it has none);
    ``done`` keeps rules and codes already worked out."""
    if ("rule", corridor_id) in done:
        return done[("rule", corridor_id)]
    rule = ROUTE_RULES.get(corridor_id)
    mask = np.zeros(len(incidents), dtype=bool)
    if rule is not None:
        route_codes, routes = _codes(incidents, "migration_route", done)
        wanted = set(rule.routes)
        on_route = np.array([route in wanted for route in routes] + [True], dtype=bool)  # -1: no route
        candidates = on_route[route_codes] & _in_box(incidents, rule.box)
        if rule.origins:
            candidates &= _per_row(incidents, "country_of_origin_iso3",
                                   lambda codes: isinstance(codes, tuple) and not rule.origins.isdisjoint(codes),
                                   done)
        if rule.exclude:
            candidates &= ~_rule_mask(incidents, rule.exclude, done)
        rows = np.flatnonzero(candidates)
        if rows.size:
            said = _words_said(incidents, rows, rule.words, done)
            if rule.drowning_west_of is not None:
                drowning = _per_row(incidents, "cause_of_death",
                                    lambda causes: isinstance(causes, tuple) and "Drowning" in causes, done)
                said |= drowning[rows] & (_numbers(incidents, "lon")[rows] < rule.drowning_west_of)
            if rule.words_exclude:
                said = ~said
            mask[rows] = said
    done[("rule", corridor_id)] = mask
    return mask


def old_membership_matrix(incidents: pd.DataFrame, corridors: pd.DataFrame) -> np.ndarray:
    """Which rows lie on each corridor: booleans, one row per corridor (catalogue order), one column per incident.

    The rule as the app applied it until December 2026. Every test runs once per
    distinct route, origin list, cause list and location (integer codes, see
    :func:`loaders.fatalities.value_codes`), never row by row, and each route rule once.
    """
    done: dict = {}
    route_codes, routes = _codes(incidents, "migration_route", done)
    out = np.zeros((len(corridors), len(incidents)), dtype=bool)
    for j, (corridor_id, iom_routes) in enumerate(zip(corridors["id"], corridors["iom_routes"])):
        wanted = set(iom_routes)
        by_route = np.array([route in wanted for route in routes] + [False], dtype=bool)
        out[j] = by_route[route_codes] | _rule_mask(incidents, corridor_id, done)
    return out



def comparison_table(incidents: pd.DataFrame, corridors: pd.DataFrame) -> pd.DataFrame:
    """One row per corridor (catalogue order): :data:`COLUMNS`. Needs the placed incident frame (the spatial step's
    columns) with dead_missing (people)."""
    old = old_membership_matrix(incidents, corridors)
    new = membership_matrix(incidents, corridors)
    dead = incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0)
    rows = []
    for j, (corridor_id, name) in enumerate(zip(corridors["id"], corridors["name"])):
        o, n = old[j], new[j]
        rows.append({"corridor_id": corridor_id, "corridor": name,
                     "old_incidents": int(o.sum()), "old_dead_missing": int(dead[o].sum()),
                     "new_incidents": int(n.sum()), "new_dead_missing": int(dead[n].sum()),
                     "both_incidents": int((o & n).sum()),
                     "only_old_incidents": int((o & ~n).sum()), "only_old_dead_missing": int(dead[o & ~n].sum()),
                     "only_new_incidents": int((n & ~o).sum()), "only_new_dead_missing": int(dead[n & ~o].sum())})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def main(root: Path | None = None) -> Path:
    """Read the shipped incidents (placed, as the app prepares them) and the catalogue; write the table."""
    from loaders.geography import spatial_step
    from loaders.parsed_cache import parsed_incidents
    from loaders.paths import data_dir
    from transforms.geography import place_incidents

    base = root or data_dir()
    incidents = parsed_incidents(base, step=spatial_step(base, place_incidents))
    corridors = read_corridors(corridors_path(base))
    target = corridors_path(base).parent / COMPARISON_FILE
    comparison_table(incidents, corridors).to_csv(target, index=False)
    return target


if __name__ == "__main__":
    print(f"Wrote {main()}")
    sys.exit(0)
