"""The one rule saying which incidents belong to a corridor.

An incident belongs to a corridor when its IOM "Migration Route" is one of the
corridor's ``iom_routes``, or, for the Asia-Pacific corridors where IOM leaves
the route blank, when it matches the corridor's documented :data:`ROUTE_RULES`
(countries of origin, a bounding box and words in the location text).
:func:`membership_matrix` answers for every corridor at once, testing each
distinct route, origin list, cause list and location once (never row by row);
:func:`build_membership` keeps that answer for a whole frame so a selection of
its rows reads its own by row position (:func:`row_positions`). Every page that
counts a corridor's incidents uses this rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from i18n import _, format_decimal
from loaders.fatalities import value_codes


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
        """The rule in words, in the active language: "no IOM route, a country of origin among BGD, MMR,
        coordinates within 80°E–100.5°E, 0°N–24°N"."""
        west, south, east, north = self.box
        box = {"west": _longitude(west), "east": _longitude(east), "south": _latitude(south),
               "north": _latitude(north)}
        if self.origins:
            # Translators: a rule that picks incidents; {origins} lists ISO3 country codes ("BGD, MMR"); {west},
            # {east}, {south} and {north} are coordinates such as "80°E" and "24°N".
            return _("no IOM route, a country of origin among {origins}, coordinates within {west}–{east}, "
                     "{south}–{north}", origins=", ".join(sorted(self.origins)), **box)
        # Translators: a rule that picks incidents; {west}, {east}, {south} and {north} are coordinates such as
        # "80°E" and "24°N".
        return _("no IOM route, any origin, coordinates within {west}–{east}, {south}–{north}", **box)


def _degrees(value: float) -> str:
    """The size of an angle in degrees as the locale writes a number (80, 100.5)."""
    size = abs(float(value))
    return format_decimal(size, 0 if size.is_integer() else 1)


def _longitude(value: float) -> str:
    """E.g. "100.5°E", "17°W"."""
    # Translators: a longitude east of Greenwich; keep the degree sign, translate the compass letter if usual.
    return _("{degrees}°E", degrees=_degrees(value)) if value >= 0 else _("{degrees}°W", degrees=_degrees(value))


def _latitude(value: float) -> str:
    """E.g. "24°N", "45°S"."""
    # Translators: a latitude north or south of the equator; keep the degree sign.
    return _("{degrees}°N", degrees=_degrees(value)) if value >= 0 else _("{degrees}°S", degrees=_degrees(value))


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


def membership_matrix(incidents: pd.DataFrame, corridors: pd.DataFrame) -> np.ndarray:
    """Which rows lie on each corridor: booleans, one row per corridor (catalogue order), one column per incident.

    Row ``j`` is :func:`corridor_incidents` of the ``j``-th corridor. Every test runs once per
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


def corridor_incidents(incidents: pd.DataFrame, corridor: pd.Series | dict) -> pd.Series:
    """Row mask of the incidents belonging to ``corridor`` (a catalogue row with ``id`` and ``iom_routes``).

    An incident belongs when its IOM ``migration_route`` is one of the
    corridor's ``iom_routes``, or when it matches the corridor's route rule.
    Needs the canonical columns migration_route, country_of_origin_iso3,
    cause_of_death, location, lon, lat.
    """
    one = pd.DataFrame({"id": [corridor["id"]], "iom_routes": [tuple(corridor["iom_routes"])]})
    return pd.Series(membership_matrix(incidents, one)[0], index=incidents.index)


def row_positions(incidents: pd.DataFrame, selection: pd.DataFrame) -> np.ndarray:
    """Where each row of ``selection`` sits in ``incidents`` (0-based positions).

    ``selection`` must be a subset of the rows of ``incidents`` keeping their index labels (as
    :func:`transforms.filters.apply_filters` and ``.loc`` give). With the reader's
    0..n-1 index the labels are the positions and nothing is looked up. Raises ValueError for a
    row ``incidents`` does not hold.
    """
    index = incidents.index
    labels = selection.index
    if (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
            and pd.api.types.is_integer_dtype(labels.dtype)):
        positions = labels.to_numpy(dtype=np.int64)
        if positions.size and (positions.min() < 0 or positions.max() >= len(index)):
            raise ValueError(_("The selection holds rows the incident frame does not."))
        return positions
    positions = index.get_indexer(labels)
    if (positions < 0).any():
        raise ValueError(_("The selection holds rows the incident frame does not."))
    return positions.astype(np.int64)


@dataclass(frozen=True)
class Membership:
    """Which rows of one incident frame lie on each corridor, worked out once (see :func:`membership_matrix`).

    ``matrix`` is read-only: one row per corridor in ``ids`` order, one column per incident.
    ``ever`` says, per corridor, whether any row lies on it. A selection's membership is the
    columns at its row positions (:func:`row_positions`).
    """

    ids: tuple[str, ...]
    matrix: np.ndarray
    ever: tuple[bool, ...]

    def recorded_ever(self) -> dict[str, bool]:
        """Corridor id -> whether any incident of the frame lies on it."""
        return dict(zip(self.ids, self.ever))

    def rows(self, positions: np.ndarray) -> np.ndarray:
        """The membership of the rows at ``positions``: corridors x those rows (a new array)."""
        return self.matrix[:, positions]

    def corridor(self, corridor_id: str, positions: np.ndarray) -> np.ndarray:
        """One corridor's row flags for the rows at ``positions`` (KeyError for an unknown id)."""
        if corridor_id not in self.ids:
            raise KeyError(corridor_id)
        return self.matrix[self.ids.index(corridor_id)][positions]


def build_membership(incidents: pd.DataFrame, corridors: pd.DataFrame) -> Membership:
    """The :class:`Membership` of every row of ``incidents``, its matrix made read-only."""
    matrix = membership_matrix(incidents, corridors)
    matrix.flags.writeable = False
    return Membership(tuple(corridors["id"]), matrix, tuple(bool(v) for v in matrix.any(axis=1)))


def shared_positions(incidents: pd.DataFrame, selection: pd.DataFrame) -> np.ndarray | None:
    """The row positions of ``selection`` in ``incidents``, or None when it is not a row subset of it (the same
    index labels and, where both have it, the same ``event_code`` at each position)."""
    try:
        positions = row_positions(incidents, selection)
    except ValueError:
        return None
    if "event_code" in selection.columns and not np.array_equal(
            selection["event_code"].to_numpy(), incidents["event_code"].to_numpy()[positions]):
        return None
    return positions
