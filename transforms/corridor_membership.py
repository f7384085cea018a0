"""The one rule saying which incidents belong to a corridor.

An incident belongs to a corridor when its IOM "Migration Route" is one of the
corridor's ``iom_routes``, or, where IOM gives no route, when its point lies in the
corridor's declared geography (:data:`CORRIDOR_GEOGRAPHY`: named sea areas, border
zones and countries, as placed by the spatial step, :mod:`transforms.geography`) and
any origin condition the corridor declares holds. No box, no word list: the shapes are
Natural Earth's, and where a point lies is worked out once, when the data is prepared.
:func:`membership_matrix` answers for every corridor at once, testing each distinct
route, sea area, coast, border zone, country and origin list once (never row by row);
:func:`build_membership` keeps that answer for a whole frame so a selection of its rows
reads its own by row position (:func:`row_positions`). Every page that counts a
corridor's incidents uses this rule. The rule it replaced (boxes, origins and words) is
kept only in ``tools/compare_membership.py``, which publishes old and new side by side
(``data/corridors/membership_comparison.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from i18n import _, format_integer
from i18n import country_name as translated_country
from loaders.fatalities import value_codes
from transforms.geography import ON_LAND, OPEN_SEA, ZONE_DASH, Geography, outline_features

#: The columns the geography needs; a frame without them (not placed) is matched by IOM's route only.
PLACED = ("sea_area", "coord_country_iso3", "border_zone")


@dataclass(frozen=True)
class SeaPart:
    """A named sea area (Natural Earth's name, or "open sea"), optionally only where its nearest coast is one of
    ``coasts`` (ISO3; empty: any coast)."""

    name: str
    coasts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CorridorGeography:
    """Where a corridor lies, for incidents IOM gives no route.

    A point belongs when it lies in one of ``seas`` (:class:`SeaPart`), in one of ``border_zones`` (two ISO3
    codes in alphabetical order joined by an en dash, "MMR–THA"; land within
    :data:`transforms.geography.BORDER_ZONE_KM` of that border) or on land in one of ``countries``; and, when
    ``origins`` is set, the incident lists one of them among its countries of origin or lists none.
    """

    seas: tuple[SeaPart, ...] = ()
    border_zones: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    origins: frozenset[str] = frozenset()

    def sea_names(self) -> tuple[str, ...]:
        """The named sea areas (not "open sea"), in declared order, once each."""
        return tuple(dict.fromkeys(part.name for part in self.seas if part.name != OPEN_SEA))

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The geography in words, in the active language (names of seas as Natural Earth writes them);
        ``names``: ISO3 -> the country's name as the data spells it (:func:`transforms.countries.iso3_names`),
        else countries are named by their codes."""
        names = names or {}

        def country_name(code: str) -> str:
            return translated_country(names.get(code, code))

        parts = []
        for part in self.seas:
            coasts = ", ".join(country_name(code) for code in sorted(part.coasts))
            if part.name == OPEN_SEA:
                # Translators: part of a corridor's geography: sea outside any named sea area, nearest a coast of
                # one of {coasts} (country names).
                parts.append(_("open sea nearest the coast of {coasts}", coasts=coasts))
            elif part.coasts:
                # Translators: part of a corridor's geography: {sea} is a sea's name as Natural Earth writes it
                # (in English), {coasts} country names.
                parts.append(_("{sea} nearest the coast of {coasts}", sea=part.name, coasts=coasts))
            else:
                parts.append(part.name)
        for zone in self.border_zones:
            first, second = zone.split(ZONE_DASH)
            # Translators: part of a corridor's geography: land near the border between two countries.
            parts.append(_("the {first}–{second} border zone", first=country_name(first),
                           second=country_name(second)))
        for code in self.countries:
            # Translators: part of a corridor's geography: {country} is a country's name.
            parts.append(_("on land in {country}", country=country_name(code)))
        where = "; ".join(parts)
        if self.origins:
            # Translators: {where} lists sea areas, border zones and countries; {origins} lists country names.
            return _("no IOM route, a point in: {where}; and a country of origin among {origins}, or none "
                     "recorded", where=where, origins=", ".join(country_name(c) for c in sorted(self.origins)))
        # Translators: {where} lists sea areas, border zones and countries.
        return _("no IOM route and a point in: {where}", where=where)


def _sea(text: str) -> SeaPart:
    """``"Mediterranean Sea @ LBY TUN"`` -> the sea with those coasts; ``"Andaman Sea"`` -> any coast."""
    name, _at, coasts = text.partition("@")
    return SeaPart(name.strip(), frozenset(coasts.split()))


def _geography(seas: tuple[str, ...] = (), border_zones: tuple[str, ...] = (), countries: tuple[str, ...] = (),
               origins: str = "") -> CorridorGeography:
    return CorridorGeography(tuple(_sea(text) for text in seas), border_zones, countries, frozenset(origins.split()))


#: Each catalogue corridor's geography, for incidents IOM gives no route. Sea areas are Natural Earth's names
#: (``data/geography/``); "@ ISO3 ..." restricts a sea to points whose nearest coast is one of those countries
#: (the Mediterranean is one polygon, shared by three corridors). The corridors must not overlap
#: (tests/unit/test_corridor_membership.py). Why each is drawn so: data/corridors/corridors.meta.yml.
CORRIDOR_GEOGRAPHY: dict[str, CorridorGeography] = {
    "central_med": _geography(seas=("Mediterranean Sea @ LBY TUN ITA MLT", "Ionian Sea", "Tyrrhenian Sea")),
    "eastern_med": _geography(seas=("Aegean Sea", "Mediterranean Sea @ TUR GRC CYP SYR LBN")),
    "western_med": _geography(seas=("Strait of Gibraltar", "Balearic Sea", "Mediterranean Sea @ ESP MAR DZA")),
    "atlantic_canaries": _geography(seas=("North Atlantic Ocean @ ESH MAR MRT SEN GMB GNB",
                                          f"{OPEN_SEA} @ ESH MAR MRT SEN GMB GNB")),
    "english_channel": _geography(seas=("English Channel", "North Sea @ FRA BEL")),
    "western_balkans": _geography(border_zones=("ALB–GRC", "GRC–MKD", "MKD–SRB", "HUN–SRB", "HRV–SRB", "BIH–HRV",
                                                "BIH–SRB", "HRV–SVN", "ITA–SVN"),
                                  countries=("MKD", "SRB", "BIH", "XKX", "MNE", "ALB")),
    "belarus_eu": _geography(border_zones=("BLR–POL", "BLR–LTU", "BLR–LVA")),
    "turkiye_europe_land": _geography(border_zones=("BGR–TUR", "GRC–TUR")),
    "sahara": _geography(border_zones=("DZA–MLI", "DZA–NER", "LBY–NER", "LBY–TCD", "LBY–SDN", "EGY–SDN")),
    "eastern_route_yemen": _geography(seas=("Gulf of Aden", "Red Sea @ YEM DJI ERI"),
                                      border_zones=("SAU–YEM", "DJI–ETH")),
    "southern_route": _geography(border_zones=("MOZ–ZAF", "ZAF–ZWE", "MWI–TZA", "KEN–TZA")),
    "us_mexico": _geography(border_zones=("MEX–USA",)),
    "darien": _geography(border_zones=("COL–PAN",)),
    "caribbean": _geography(seas=("Caribbean Sea @ CUB DOM HTI PRI JAM TTO VEN ABW CUW", "Straits of Florida",
                                  "North Atlantic Ocean @ BHS TCA PRI DOM HTI CUB")),
    "afghanistan_iran_turkiye": _geography(border_zones=("AFG–IRN", "IRN–PAK", "IRN–TUR")),
    "bay_of_bengal_andaman": _geography(seas=("Bay of Bengal", "Andaman Sea", "Strait of Malacca", "Indian Ocean @ IDN",
                                              f"{OPEN_SEA} @ MMR BGD"),
                                        border_zones=("BGD–MMR",), origins="MMR BGD"),
    "sea_to_australia": _geography(seas=("Timor Sea", "Arafura Sea", "Indian Ocean @ AUS", f"{OPEN_SEA} @ AUS")),
    "myanmar_thailand_malaysia_land": _geography(border_zones=("MMR–THA", "MYS–THA"), countries=("THA", "MYS"),
                                                 origins="MMR BGD"),
}


def _codes(incidents: pd.DataFrame, column: str, memo: dict) -> tuple[np.ndarray, list]:
    """:func:`loaders.fatalities.value_codes`, worked out once per column for one frame (kept in ``memo``)."""
    if column not in memo:
        memo[column] = value_codes(incidents, column)
    return memo[column]


def _in(incidents: pd.DataFrame, column: str, wanted, memo: dict) -> np.ndarray:
    """Row flags: the row's cell in ``column`` is one of ``wanted`` (False where blank), tested once per distinct
    cell."""
    codes, values = _codes(incidents, column, memo)
    flags = np.array([value in wanted for value in values] + [False], dtype=bool)
    return flags[codes]


def _origin_holds(incidents: pd.DataFrame, origins: frozenset[str], memo: dict) -> np.ndarray:
    """Row flags: one of ``origins`` among the row's countries of origin, or none recorded."""
    codes, values = _codes(incidents, "country_of_origin_iso3", memo)
    flags = np.array([not isinstance(v, tuple) or not v or not origins.isdisjoint(v) for v in values] + [True],
                     dtype=bool)
    return flags[codes]


def geography_mask(incidents: pd.DataFrame, geography: CorridorGeography, memo: dict | None = None) -> np.ndarray:
    """Row flags: the point lies in ``geography`` and its origin condition holds (all False for a frame the
    spatial step has not placed). IOM's route is not looked at here."""
    memo = {} if memo is None else memo
    mask = np.zeros(len(incidents), dtype=bool)
    if not all(column in incidents.columns for column in PLACED):
        return mask
    for part in geography.seas:
        in_sea = _in(incidents, "sea_area", {part.name}, memo)
        if part.coasts:
            in_sea &= _in(incidents, "coord_country_iso3", part.coasts, memo)
        mask |= in_sea
    if geography.border_zones:
        mask |= _in(incidents, "border_zone", set(geography.border_zones), memo)
    if geography.countries:
        mask |= _in(incidents, "sea_area", {ON_LAND}, memo) & _in(incidents, "coord_country_iso3",
                                                                 set(geography.countries), memo)
    if geography.origins and mask.any():
        mask &= _origin_holds(incidents, geography.origins, memo)
    return mask


def membership_matrix(incidents: pd.DataFrame, corridors: pd.DataFrame) -> np.ndarray:
    """Which rows lie on each corridor: booleans, one row per corridor (catalogue order), one column per incident.

    Row ``j`` is :func:`corridor_incidents` of the ``j``-th corridor: IOM's route is one of the corridor's, or
    IOM gives no route and the point lies in the corridor's :data:`CORRIDOR_GEOGRAPHY`. Every test runs once per
    distinct value (integer codes, see :func:`loaders.fatalities.value_codes`), never row by row.
    """
    memo: dict = {}
    route_codes, routes = _codes(incidents, "migration_route", memo)
    no_route = route_codes < 0
    out = np.zeros((len(corridors), len(incidents)), dtype=bool)
    for j, (corridor_id, iom_routes) in enumerate(zip(corridors["id"], corridors["iom_routes"])):
        wanted = set(iom_routes)
        by_route = np.array([route in wanted for route in routes] + [False], dtype=bool)
        out[j] = by_route[route_codes]
        geography = CORRIDOR_GEOGRAPHY.get(corridor_id)
        if geography is not None:
            out[j] |= no_route & geography_mask(incidents, geography, memo)
    return out


def counted_note(corridor: pd.Series | dict, names: Mapping[str, str] | None = None) -> str:
    """One sentence saying which incidents a corridor counts (IOM's routes and this app's geography), in the
    active language; ``names`` as for :meth:`CorridorGeography.describe`."""
    routes = "; ".join(corridor["iom_routes"])  # IOM's route names, as published
    geography = CORRIDOR_GEOGRAPHY.get(corridor["id"])
    if routes and geography:
        # Translators: {routes} lists IOM route names as published; {rule} describes this app's rule in words.
        return _("Incidents counted: those IOM puts on the route(s) {routes}; and, where IOM gives no route, those "
                 "matching this app's rule: {rule}.", routes=routes, rule=geography.describe(names))
    if routes:
        # Translators: {routes} lists IOM route names as published.
        return _("Incidents counted: those IOM puts on the route(s) {routes}.", routes=routes)
    if geography:
        # Translators: {rule} describes this app's rule in words.
        return _("Incidents counted: IOM gives this corridor no route; those matching this app's rule: {rule}.",
                 rule=geography.describe(names))
    return _("Incidents counted: no IOM route.")


def corridor_incidents(incidents: pd.DataFrame, corridor: pd.Series | dict) -> pd.Series:
    """Row mask of the incidents belonging to ``corridor`` (a catalogue row with ``id`` and ``iom_routes``).

    An incident belongs when its IOM ``migration_route`` is one of the
    corridor's ``iom_routes``, or when IOM gives no route and its point lies in the
    corridor's geography (:data:`CORRIDOR_GEOGRAPHY`). Needs the columns migration_route,
    country_of_origin_iso3 and the spatial step's sea_area, coord_country_iso3, border_zone.
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


def corridor_outlines(corridor_ids: list[str], marine_areas: pd.DataFrame, country_frame: pd.DataFrame
                      ) -> dict[str, list[dict]]:
    """Corridor id -> GeoJSON features outlining its :data:`CORRIDOR_GEOGRAPHY` (see
    :func:`transforms.geography.outline_features`); empty for a corridor with none. ``marine_areas`` and
    ``country_frame`` are the loaders' frames of the Natural Earth polygons."""
    geography = Geography(marine_areas, country_frame)
    out: dict[str, list[dict]] = {}
    for corridor_id in corridor_ids:
        declared = CORRIDOR_GEOGRAPHY.get(corridor_id)
        out[corridor_id] = [] if declared is None else outline_features(
            corridor_id, [(part.name, part.coasts) for part in declared.seas if part.name != OPEN_SEA],
            list(declared.border_zones), list(declared.countries), geography)
    return out


def comparison_note(comparison: pd.DataFrame, corridor_id: str) -> str | None:
    """One corridor's line of the old-versus-new table (``data/corridors/membership_comparison.csv``) in words,
    in the active language; None when the table has no row for it."""
    row = comparison[comparison["corridor_id"] == corridor_id]
    if row.empty:
        return None
    r = {key: format_integer(int(value)) for key, value in row.iloc[0].items() if key not in ("corridor_id",
                                                                                             "corridor")}
    # Translators: the placeholders are whole numbers of incidents and of dead and missing (people); "the rule
    # used until December 2026" drew boxes, lists of origins and words; "this rule" is the geography above.
    return _("The rule used until December 2026 (boxes of coordinates, countries of origin and words in the location "
             "text) attributed {old_incidents} incidents ({old_dead_missing} dead and missing) to this corridor; this "
             "rule attributes {new_incidents} ({new_dead_missing}). {only_old_incidents} incidents "
             "({only_old_dead_missing} dead and missing) counted only under the old rule, {only_new_incidents} "
             "({only_new_dead_missing}) only under this one.", **r)
