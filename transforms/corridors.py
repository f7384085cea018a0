"""Pure transforms for corridors: deaths per corridor, crossings per corridor, and their ratio.

Which incidents lie on a corridor is decided in one place,
:mod:`transforms.corridor_membership`; everything here counts what that rule
selects. Crossings keep each series' own measure and are never added across
series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import pandas as pd

from i18n import N_, _, country_name, format_decimal, format_integer, ngettext, pgettext, region_name
from loaders.fatalities import value_codes
from transforms.corridor_membership import membership_matrix
from transforms.counting import distinct, event_codes
from transforms.flows import annual_totals, measure_name, monthly_totals, nationality_totals
from transforms.periods import dead_missing_by_period, month_range
from transforms.quality import caution_note


@dataclass(frozen=True)
class RoutesView:
    """What the Routes map shows of a selection: ``totals`` per corridor (:func:`corridor_totals`), the dead and
    missing of the whole selection (``everyone``) and of its rows on a corridor (``on_corridors``), the
    cautions for those rows (:func:`transforms.quality.caution_note`; None when there are none), the ``table``
    under the map (:func:`routes_table`) and the ``links`` to each corridor's profile (:func:`profile_links`)."""

    totals: pd.DataFrame
    everyone: int
    on_corridors: int
    note: str | None
    table: pd.DataFrame
    links: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FlowEntry:
    """What the corridor pages read of one ``flow_series`` entry, worked out once per data version.

    ``rows``: the entry's rows of its series (:func:`transforms.corridors.select_flow`);
    ``by_year``: :func:`transforms.corridors.crossings_by_year`; ``monthly``:
    :func:`transforms.corridors.entry_monthly_totals`; ``has_nationality``: whether any
    row records a nationality; ``nationalities``: the rows' :class:`NationalityIndex`; ``annual``:
    :func:`transforms.corridors.entry_annual_totals`. Shared and read-only.
    """

    rows: pd.DataFrame
    by_year: pd.DataFrame
    monthly: pd.DataFrame
    has_nationality: bool
    nationalities: NationalityIndex
    annual: pd.DataFrame


PER = 1000  # deaths per this many crossings

#: The catalogue's means of crossing (``mode``, an identifier) -> the word a reader reads inside a sentence.
MODE_NAMES: dict[str, str] = {
    # Translators: a corridor's main means of crossing, inside a sentence ("mostly by sea").
    "sea": N_("sea"),
    # Translators: a corridor's main means of crossing, inside a sentence ("mostly by land").
    "land": N_("land"),
    # Translators: a corridor's main means of crossing, inside a sentence ("mostly by sea and land").
    "mixed": N_("sea and land"),
    # Translators: a corridor's main means of crossing, inside a sentence ("mostly by air").
    "air": N_("air"),
}

#: Frontex's border types (``crossing_type`` of a flow entry, as the data spells it) -> words for a label.
BORDER_NAMES: dict[str, str] = {"Sea": N_("sea borders"), "Land": N_("land borders"), "Air": N_("air borders")}


def mode_name(mode: str) -> str:
    """A means of crossing as a reader reads it (:data:`MODE_NAMES`, translated); an unknown one as it is."""
    known = MODE_NAMES.get(str(mode))
    return _(known) if known else str(mode)


def thousand() -> str:
    """The 1,000 of "per 1,000 crossings" as the active language writes it (the placeholder ``{thousand}``)."""
    return format_integer(PER)


@dataclass(frozen=True)
class FlowRef:
    """One entry of a corridor's ``flow_series``: a series id, optionally one of its routes and a border type."""

    series_id: str
    route: str = ""
    crossing_type: str = ""

    @property
    def key(self) -> str:
        return ":".join(part for part in (self.series_id, self.route, self.crossing_type) if part)


def parse_flow_ref(entry: str) -> FlowRef:
    """"frontex_ibc:Eastern Mediterranean Route:Sea" -> FlowRef("frontex_ibc", "Eastern Mediterranean Route", "Sea")."""
    parts = [part.strip() for part in entry.split(":")]
    return FlowRef(*(parts + ["", ""])[:3])


def select_flow(frame: pd.DataFrame, ref: FlowRef) -> pd.DataFrame:
    """The rows of a canonical flow frame that measure ``ref`` (its route and border type, when given)."""
    mask = np.ones(len(frame), dtype=bool)
    if ref.route:
        mask &= (frame["route"] == ref.route).to_numpy(dtype=bool)
    if ref.crossing_type:
        mask &= (frame["crossing_type"] == ref.crossing_type).to_numpy(dtype=bool)
    return frame if mask.all() else frame.loc[mask]  # already the entry's rows (as a FlowEntry holds): no copy


def flow_label(ref: FlowRef, measure: str, unit: str, publisher: str) -> str:
    """E.g. "Frontex, Central Mediterranean Route: detections (detections)", in the active language (the
    publisher and the route stay as published)."""
    names = {"publisher": publisher, "route": ref.route, "measure": measure_name(measure), "unit": measure_name(unit)}
    if ref.crossing_type:
        known = BORDER_NAMES.get(ref.crossing_type)
        borders = _(known) if known else _("{crossing_type} borders", crossing_type=ref.crossing_type.lower())
        if ref.route:
            # Translators: a crossing series' label; keep {publisher} first (the comparison table reads it from
            # there). {borders} is e.g. "sea borders"; {measure} and {unit} e.g. "detections".
            return _("{publisher}, {route}, {borders}: {measure} ({unit})", borders=borders, **names)
        # Translators: a crossing series' label; keep {publisher} first. {borders} is e.g. "sea borders".
        return _("{publisher}, {borders}: {measure} ({unit})", borders=borders, **names)
    if ref.route:
        # Translators: a crossing series' label; keep {publisher} first. {route} is a route's name as published.
        return _("{publisher}, {route}: {measure} ({unit})", **names)
    # Translators: a crossing series' label; keep {publisher} first. {measure} is e.g. "arrivals", {unit} "people".
    return _("{publisher}: {measure} ({unit})", **names)


def crossings_by_year(flow: pd.DataFrame, ref: FlowRef) -> pd.DataFrame:
    """Calendar-year totals of one corridor series: year, value, measure, unit, months_covered, complete.

    ``flow`` is the series' canonical frame; the rows of ``ref`` are selected
    first. ``complete`` is True only for years the series covers in full.
    """
    rows = select_flow(flow, ref)
    by = ("route",) if ref.route else ()
    annual = annual_totals(rows, by)
    out = pd.DataFrame({"year": annual["period"].dt.year.astype(int) if not annual.empty else pd.Series(dtype=int),
                        "value": annual["value"].astype(float), "measure": annual["measure"], "unit": annual["unit"],
                        "months_covered": annual["months_covered"], "complete": annual["complete"].astype(bool)})
    return out.reset_index(drop=True)


def series_months(flow: pd.DataFrame) -> tuple[str, ...]:
    """Every month ("YYYY-MM") from the first to the last day ``flow`` covers (columns span_start, span_end); none
    for an empty frame. The months to show a series over when no period filter applies."""
    if flow.empty:
        return ()
    first, last = pd.Timestamp(flow["span_start"].min()), pd.Timestamp(flow["span_end"].max())
    return month_range(f"{first:%Y-%m}", f"{last:%Y-%m}")


def crossings_over_time(flow: pd.DataFrame, ref: FlowRef, months: tuple[str, ...], grain: str,
                        monthly: pd.DataFrame | None = None, annual: pd.DataFrame | None = None) -> pd.DataFrame:
    """One corridor series per month or year within ``months``: period, value, complete, measure, unit.

    ``grain`` is "month" or "year". Rows are those of ``ref`` whose period lies
    in the selected months. Series published only as annual totals
    (Australia; Darién before 2020) are shown by year whatever ``grain`` asks.
    ``complete`` is False for periods the series or the selection covers only in part.
    ``monthly``, when given, is :func:`entry_monthly_totals` of ``flow`` and ``ref``
    (every period): the selected months are then read from it, not summed again. ``annual``, when given, is
    :func:`entry_annual_totals` of ``flow`` and ``ref``: used as it is when every row lies in the selection.
    """
    columns = ["period", "value", "complete", "measure", "unit"]
    if not months:
        return pd.DataFrame(columns=columns)
    first, last = pd.Period(months[0], "M"), pd.Period(months[-1], "M")
    start, end = first.start_time, last.end_time
    by = ("route",) if ref.route else ()
    rows = None
    if grain == "month":
        if monthly is None:
            rows = _within(select_flow(flow, ref), start, end)
            monthly = monthly_totals(rows, by)
        else:
            # The selection is whole months, so a month's rows are all in it or all out: its totals are unchanged.
            monthly = _within(monthly, start, end)
    if grain == "month" and not monthly.empty:
        out = monthly
    else:
        selected = select_flow(flow, ref)
        rows = _within(selected, start, end) if rows is None else rows
        out = annual if annual is not None and rows is selected else annual_totals(rows, by)
        if not out.empty:
            jan_1 = out["period"].to_numpy(dtype="datetime64[ns]")
            dec_31 = (jan_1.astype("datetime64[Y]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
            whole = (jan_1 >= start.to_datetime64()) & (dec_31.astype("datetime64[ns]") <= end.to_datetime64())
            out = out.assign(complete=out["complete"].astype(bool).to_numpy() & whole)
    if out.empty:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame({"period": out["period"].array, "value": out["value"].array,
                         "complete": out["complete"].to_numpy(dtype=bool), "measure": out["measure"].array,
                         "unit": out["unit"].array})


def _within(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The rows whose period starts between ``start`` and ``end``."""
    period = frame["period"].to_numpy(dtype="datetime64[ns]")
    mask = (period >= start.to_datetime64()) & (period <= end.to_datetime64())
    if mask.all():  # every row within (a full period): no copy
        return frame
    rows = np.flatnonzero(mask)
    if rows.size and int(rows[-1]) - int(rows[0]) + 1 == rows.size:  # rows in period order: a slice, no copy
        return frame.iloc[int(rows[0]):int(rows[-1]) + 1]
    return frame.iloc[rows]


def entry_annual_totals(flow: pd.DataFrame, ref: FlowRef) -> pd.DataFrame:
    """Calendar-year totals of one corridor entry over every period (see :func:`crossings_over_time`)."""
    return annual_totals(select_flow(flow, ref), ("route",) if ref.route else ())


def entry_monthly_totals(flow: pd.DataFrame, ref: FlowRef) -> pd.DataFrame:
    """Monthly totals of one corridor entry over every period (see :func:`crossings_over_time`)."""
    return monthly_totals(select_flow(flow, ref), ("route",) if ref.route else ())


def deaths_by_year(incidents: pd.DataFrame, months: tuple[str, ...], gaps: list[str] | None = None) -> pd.DataFrame:
    """Dead and missing per calendar year of ``months`` (people): year, dead_missing, incidents, complete.

    ``complete`` is True where every month of the year is selected and covered
    by an IOM export (see :func:`dead_missing_by_period`).
    """
    series = dead_missing_by_period(incidents, "year", months, gaps)
    return pd.DataFrame({"year": series["period"].dt.year.astype(int), "dead_missing": series["dead_missing"],
                         "incidents": series["incidents"], "complete": series["coverage"] >= 1})


def deaths_per_thousand(deaths: pd.DataFrame, crossings: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing per 1,000 crossings, for whole years covered by both sources.

    ``deaths``: year, dead_missing (people), complete; ``crossings``: year,
    value, complete (and measure, unit). Returns year, dead_missing,
    crossings, per_thousand (dead and missing per 1,000 of the series' unit),
    measure, unit; years where either side is partial, or no crossing is
    recorded, are left out.
    """
    usable = np.flatnonzero(deaths["complete"].to_numpy(dtype=bool) & deaths["dead_missing"].notna().to_numpy())
    counted = np.flatnonzero(crossings["complete"].to_numpy(dtype=bool)
                             & (crossings["value"].to_numpy(dtype=float, na_value=np.nan) > 0))
    death_years = deaths["year"].to_numpy()[usable].tolist()
    crossing_years = crossings["year"].to_numpy()[counted].tolist()
    if (deaths["year"].dtype == crossings["year"].dtype and len(set(death_years)) == len(death_years)
            and len(set(crossing_years)) == len(crossing_years)):
        # One row per year on each side (as deaths_by_year and crossings_by_year give): pair rows by year.
        where = dict(zip(crossing_years, counted.tolist()))
        pairs = sorted((year, row, where[year]) for year, row in zip(death_years, usable.tolist()) if year in where)
        left = np.array([pair[1] for pair in pairs], dtype=np.intp)
        right = np.array([pair[2] for pair in pairs], dtype=np.intp)
        dead_missing = deaths["dead_missing"].array.take(left)
        crossed = crossings["value"].array.take(right)
        # Built in its final column order at once: each pandas step costs more than the arithmetic here.
        return pd.DataFrame({"year": deaths["year"].array.take(left), "dead_missing": dead_missing,
                             "crossings": crossed, "per_thousand": dead_missing / crossed * PER,
                             "measure": crossings["measure"].array.take(right),
                             "unit": crossings["unit"].array.take(right)})
    whole_deaths = deaths.iloc[usable][["year", "dead_missing"]]
    whole_crossings = crossings.iloc[counted][["year", "value", "measure", "unit"]]
    both = whole_deaths.merge(whole_crossings, on="year", how="inner")
    both = both.rename(columns={"value": "crossings"}).sort_values("year").reset_index(drop=True)
    both["per_thousand"] = both["dead_missing"] / both["crossings"] * PER
    return both[["year", "dead_missing", "crossings", "per_thousand", "measure", "unit"]]


def corridor_totals(incidents: pd.DataFrame, corridors: pd.DataFrame,
                    membership: np.ndarray | None = None) -> pd.DataFrame:
    """Per corridor, in catalogue order: id, name, region, mode, dead_missing (people), incidents (Main IDs).

    ``membership`` (corridors x rows of ``incidents``, as
    :func:`transforms.corridor_membership.membership_matrix` gives) is worked out from the
    rules when not given.
    """
    if membership is None:
        membership = membership_matrix(incidents, corridors)
    dead_missing, incidents_on = _per_corridor(membership, incidents["dead_missing"].to_numpy(
        dtype=float, na_value=0.0), event_codes(incidents))
    rows = [{"id": corridor.id, "name": corridor.name, "region": corridor.region, "mode": corridor.mode,
             "dead_missing": people, "incidents": events}
            for corridor, people, events in zip(corridors.itertuples(index=False), dead_missing, incidents_on)]
    return pd.DataFrame(rows, columns=["id", "name", "region", "mode", "dead_missing", "incidents"])


def _per_corridor(membership: np.ndarray, dead_missing: np.ndarray, events: np.ndarray) -> tuple[list[int], list[int]]:
    """Dead and missing and distinct events on each corridor (rows of ``membership``), as whole numbers.

    Where no row lies on two corridors (as in the shipped catalogue), every row has
    one corridor code and both totals come from one count over the rows; an event
    counts once per corridor even when split over several rows.
    """
    count, size = membership.shape
    if not count or not size:
        return [0] * count, [0] * count
    on = membership.sum(axis=0)
    if on.max() > 1:  # overlapping corridors: corridor by corridor
        return ([int(dead_missing[mask].sum()) for mask in membership],
                [int(distinct(events[mask]).size) for mask in membership])
    code = np.where(on > 0, membership.argmax(axis=0), count)
    people = np.bincount(code, weights=dead_missing, minlength=count + 1)[:count]
    rows = code < count
    corridor, event = code[rows], events[rows].astype(np.int64)
    if not event.size:
        return [int(v) for v in people], [0] * count
    low = int(event.min())
    repeated = np.bincount(event - low)[event - low] > 1  # rows of an event split over several rows
    counted = np.bincount(corridor[~repeated], minlength=count)
    if repeated.any():
        span = int(event.max()) - low + 1
        pairs = distinct(corridor[repeated] * span + (event[repeated] - low))
        counted = counted + np.bincount(pairs // span, minlength=count)
    return [int(v) for v in people], [int(v) for v in counted]


def cause_mix(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing (people) by IOM cause of death: cause, dead_missing, share (0-1), largest first.

    An incident listing several causes counts in full under each, so shares can add to more than 1.
    Dead and missing are summed once per distinct list of causes (integer codes, see
    :func:`loaders.fatalities.value_codes`), then shared out to the causes it lists.
    """
    codes, cells = value_codes(incidents, "cause_of_death")
    dead_missing = incidents["dead_missing"]
    known = dead_missing.notna().to_numpy() & (codes >= 0)
    per_cell = np.bincount(codes[known], weights=dead_missing.to_numpy(dtype=float, na_value=0.0)[known],
                           minlength=len(cells))
    listed = np.bincount(codes[codes >= 0], minlength=len(cells)) > 0
    totals: dict[object, float] = {}
    for cell, total, used in zip(cells, per_cell.tolist(), listed.tolist()):
        if not used:
            continue
        for cause in (cell if isinstance(cell, (tuple, list)) else (cell,)):
            if cause is not None and cause == cause:  # explode leaves blanks, which are dropped
                totals[cause] = totals.get(cause, 0.0) + total
    grand = float(dead_missing.to_numpy(dtype=float, na_value=0.0).sum())
    causes = sorted(totals)
    people = np.round(np.array([totals[c] for c in causes], dtype=float)).astype(int)
    # Causes with anyone dead or missing, most first, then by name (in Python: a handful of rows).
    order = sorted((i for i, count in enumerate(people.tolist()) if count > 0), key=lambda i: (-people[i], causes[i]))
    people = people[order]
    return pd.DataFrame({"cause": pd.Index(causes)[order], "dead_missing": people,
                         "share": people / grand if grand else np.zeros(len(order))})


#: Nationality codes that name no nationality (IOM's unknown), left out of nationality shares.
UNKNOWN_NATIONALITY = ("OOO", "UNK", "")


#: Nationality codes of the flow series that the country list lacks -> their names (marked for the catalogue).
SPECIAL_NATIONALITY = {"OOS": N_("Unidentified Sub-Saharan Africa"), "XKX": N_("Kosovo")}


def nationality_name(code: str, names: dict[str, str]) -> str:
    """The name of a nationality's ISO3 ``code`` in the active language: from ``names`` (ISO3 -> English name)
    through :func:`i18n.country_name`, else :data:`SPECIAL_NATIONALITY`, else the code as it is."""
    if code in names:
        return country_name(names[code])
    special = SPECIAL_NATIONALITY.get(code)
    return _(special) if special else code


@dataclass(frozen=True)
class NationalityIndex:
    """One series' rows with a known nationality, as arrays, to total them over any period without pandas.

    ``codes``: each row's position in ``nationalities`` (ISO3, sorted); ``values``: crossings (float);
    ``starts`` and ``ends``: the first and last day of each row's period (datetime64[ns]).
    """

    nationalities: np.ndarray
    codes: np.ndarray
    values: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


def nationality_index(flow: pd.DataFrame) -> NationalityIndex:
    """The :class:`NationalityIndex` of one series' canonical rows (unknown nationalities left out)."""
    known = ~flow["nationality_iso3"].isin(UNKNOWN_NATIONALITY).to_numpy(dtype=bool)
    codes, nationalities = pd.factorize(flow["nationality_iso3"].to_numpy(dtype=object)[known], sort=True)
    return NationalityIndex(np.asarray(nationalities, dtype=object), codes.astype(np.intp),
                            flow["value"].to_numpy(dtype=float)[known],
                            flow["period"].to_numpy(dtype="datetime64[ns]")[known],
                            flow["period_end"].to_numpy(dtype="datetime64[ns]")[known])


def known_nationality_totals(flow: pd.DataFrame | NationalityIndex, start: pd.Timestamp,
                             end: pd.Timestamp) -> pd.DataFrame:
    """Crossings per known nationality over rows whose whole period lies within ``start`` to ``end`` (days):
    nationality_iso3, value, largest first (then by code), nationalities with none left out. ``flow`` is one
    series' canonical rows or their :class:`NationalityIndex` (the same result, much faster)."""
    if isinstance(flow, pd.DataFrame):
        crossed = nationality_totals(flow, start, end) if not flow.empty else pd.DataFrame(
            columns=["nationality_iso3", "value"])
        crossed = crossed[~crossed["nationality_iso3"].isin(UNKNOWN_NATIONALITY)]
        return crossed[["nationality_iso3", "value"]].reset_index(drop=True)
    within = (flow.starts >= start.to_datetime64()) & (flow.ends <= end.to_datetime64())
    totals = np.bincount(flow.codes[within], weights=flow.values[within], minlength=len(flow.nationalities))
    seen = np.flatnonzero(np.bincount(flow.codes[within], minlength=len(flow.nationalities)))
    order = seen[np.argsort(-totals[seen], kind="stable")]  # codes are sorted, so ties stay in code order
    return pd.DataFrame({"nationality_iso3": flow.nationalities[order].tolist(), "value": totals[order]})


def nationalities_side_by_side(dead: pd.DataFrame, flow: pd.DataFrame | NationalityIndex, names: dict[str, str],
                               months: tuple[str, ...], top: int = 10) -> pd.DataFrame:
    """Shares of the dead (IOM) and of those who crossed (one flow series), per recorded nationality.

    ``dead`` is :func:`transforms.rankings.top_values` over
    ``country_of_origin_iso3`` with every value (value, dead_missing); ``flow``
    is the corridor's rows of one series (or their :class:`NationalityIndex`), counted for whole periods within
    the selected ``months`` ("YYYY-MM", in order). Unknown nationalities are left
    out on both sides and each share is of the rest (an incident listing several
    nationalities counts under each). Returns the union of the ``top`` of each:
    iso3, nationality, dead_share, crossing_share (0-1; 0 where a side records
    none), ordered by the larger share.
    """
    start, end = pd.Period(months[0], "M").start_time, pd.Period(months[-1], "M").end_time.normalize()
    crossed = known_nationality_totals(flow, start, end)
    known_dead = dead[~dead["value"].isin(UNKNOWN_NATIONALITY)]
    dead_share = known_dead["dead_missing"] / max(float(known_dead["dead_missing"].sum()), 1.0)
    crossed_share = crossed["value"] / max(float(crossed["value"].sum()), 1.0)
    codes = list(dict.fromkeys(list(known_dead["value"].head(top)) + list(crossed["nationality_iso3"].head(top))))
    by_dead = dict(zip(known_dead["value"], dead_share))
    by_crossed = dict(zip(crossed["nationality_iso3"], crossed_share))
    out = pd.DataFrame({"iso3": codes,
                        "nationality": [nationality_name(code, names) for code in codes],
                        "dead_share": [float(by_dead.get(code, 0.0)) for code in codes],
                        "crossing_share": [float(by_crossed.get(code, 0.0)) for code in codes]})
    order = np.argsort(-np.maximum(out["dead_share"].to_numpy(), out["crossing_share"].to_numpy()), kind="stable")
    return out.iloc[order].reset_index(drop=True)


#: The notes of :func:`comparison_table` saying why a value is blank (English, marked for the catalogue; the
#: table holds them translated).
NO_SERIES = N_("No crossing series measures this corridor")
NO_INCIDENT = N_("IOM records no incident on this corridor")
NO_SERIES_NO_INCIDENT = N_("No crossing series measures this corridor; IOM records no incident on this corridor")
# Translators: why a corridor has no ratio for {year}: its crossing series does not cover that whole year.
NOT_COVERED = N_("Not covered in full in {year}")


#: Why a ratio is blank, in a few words for a chart, per note of :func:`comparison_table`.
BLANK_REASONS = {NO_SERIES: N_("no crossing data"), NO_SERIES_NO_INCIDENT: N_("no crossing data"),
                 NO_INCIDENT: N_("no recorded incident"), NOT_COVERED: N_("year not covered")}


def blank_reason(note: str, year: int | None = None) -> str:
    """A short reason for a blank ratio (translated), from a :func:`comparison_table` note of ``year`` in the
    active language ("" when the note is empty or not one of :data:`BLANK_REASONS`)."""
    if not note:
        return ""
    return next((_(short) for message, short in BLANK_REASONS.items() if note == _(message, year=year)), "")


def comparison_table(corridors: pd.DataFrame, deaths: dict[str, int], recorded_ever: dict[str, bool],
                     crossings: dict[str, tuple[str, str, float | None]], year: int) -> pd.DataFrame:
    """One row per corridor and crossing series, for one year.

    ``deaths``: corridor id -> dead and missing (people) in ``year``;
    ``recorded_ever``: corridor id -> any IOM incident in any period;
    ``crossings``: flow entry -> (label, measure, whole-year total or None
    when the series does not cover ``year`` in full). Returns id, corridor,
    region, mode, dead_missing, crossing_series, measure, publisher (short
    name, from the label), crossings,
    per_thousand (dead and missing per 1,000 crossings; blank where either
    side is missing) and note (why a value is blank).
    """
    rows = []
    for corridor in corridors.itertuples(index=False):
        base = {"id": corridor.id, "corridor": corridor.name, "region": corridor.region, "mode": corridor.mode,
                "dead_missing": int(deaths.get(corridor.id, 0))}
        ever = recorded_ever.get(corridor.id, False)
        if not corridor.flow_series:
            rows.append({**base, "crossing_series": _(NO_SERIES), "measure": "", "publisher": "",
                         "crossings": np.nan, "per_thousand": np.nan,
                         "note": _(NO_SERIES) if ever else _(NO_SERIES_NO_INCIDENT)})
            continue
        for entry in corridor.flow_series:
            label, measure, value = crossings.get(entry, (entry, "", None))
            note = ""
            if value is None:
                note = _(NOT_COVERED, year=year)
            elif not ever:
                note = _(NO_INCIDENT)
            ratio = base["dead_missing"] / value * PER if value and ever else np.nan
            rows.append({**base, "crossing_series": label, "measure": measure, "publisher": short_publisher(label),
                         "crossings": value if value is not None else np.nan, "per_thousand": ratio, "note": note})
    return pd.DataFrame(rows, columns=["id", "corridor", "region", "mode", "dead_missing", "crossing_series", "measure",
                                       "publisher", "crossings", "per_thousand", "note"])


def comparable_years(selection: pd.DataFrame, months: tuple[str, ...], gaps: list[str] | None = None) -> list[str]:
    """The whole calendar years of ``months`` that an IOM export covers in full, as "YYYY", oldest first (see
    :func:`deaths_by_year`); none when ``selection`` holds no incident."""
    if selection.empty:
        return []
    whole = deaths_by_year(selection, months, gaps)
    return [str(y) for y in whole.loc[whole["complete"], "year"]]


@dataclass(frozen=True)
class CorridorYear:
    """The dead and missing on each corridor in one year (:func:`corridor_totals` of the year's incidents) and the
    cautions for those incidents (:func:`transforms.quality.caution_note`; None when there is none)."""

    totals: pd.DataFrame
    note: str | None


def corridor_year(selection: pd.DataFrame, corridors: pd.DataFrame, membership: np.ndarray,
                  year: int) -> CorridorYear:
    """The :class:`CorridorYear` of ``year`` among ``selection`` (needs year, dead_missing, event_code,
    source_quality, quality_flags); ``membership``: which rows of ``selection`` lie on each corridor of ``corridors``
    (corridors x rows, see :mod:`transforms.corridor_membership`)."""
    in_year = (selection["year"] == year).fillna(False).to_numpy()
    # Only the columns read below: the year's totals per corridor and its cautions.
    rows = selection.loc[in_year, ["dead_missing", "event_code", "source_quality", "quality_flags"]]
    return CorridorYear(corridor_totals(rows, corridors, membership[:, in_year]), caution_note(rows))


@dataclass(frozen=True)
class YearCrossings:
    """What every corridor flow entry measured in one year: ``crossings`` maps an entry to (label, measure,
    whole-year total or None), as :func:`comparison_table` takes it; ``sources`` is each series' "publisher
    (licence)", sorted."""

    crossings: Mapping[str, tuple[str, str, float | None]]
    sources: tuple[str, ...]


def flow_entries(corridors: pd.DataFrame) -> list[str]:
    """Every distinct entry of the catalogue's ``flow_series``, sorted."""
    return sorted({entry for entries in corridors["flow_series"] for entry in entries})


def year_crossings(entries: Mapping[str, tuple[Mapping[str, Any], pd.DataFrame] | None], year: int) -> YearCrossings:
    """The :class:`YearCrossings` of ``year``. ``entries`` maps a flow entry to its series' sidecar (measure,
    unit, publisher, licence) and its :func:`crossings_by_year`, or to None when the series cannot be read (its
    label then names the series and its source says "file unreadable")."""
    crossings, sources = {}, {}
    for entry, read in entries.items():
        ref = parse_flow_ref(entry)
        if read is None:
            value, meta = None, {"measure": "", "unit": "", "publisher": ref.series_id,
                                 "licence": _("file unreadable")}
        else:
            meta, by_year = read
            value = whole_year_value(by_year, year)
        crossings[entry] = (flow_label(ref, meta["measure"], meta["unit"], meta["publisher"]), meta["measure"], value)
        sources[meta["publisher"]] = f"{meta['publisher']} ({meta['licence']})"
    return YearCrossings(MappingProxyType(crossings), tuple(sorted(sources.values())))


@dataclass(frozen=True)
class CorridorComparison:
    """What the Corridor comparison shows of one year.

    ``deaths``: :func:`corridor_totals`, most dead and missing first; ``table``: :func:`comparison_table`;
    ``ratios``: its rows with a bar ``label`` (corridor and series) and the ``blank`` reason
    (:func:`blank_reason`), highest ratio first; ``shown``: the table as read on the page (crossings and
    ratios as text). ``deadliest`` and ``deadliest_dead_missing``: the corridor with the most dead and missing
    and that number; ``none_recorded``: corridors with none; ``with_ratio`` and ``without_ratio``: rows with
    and without a ratio.
    """

    deaths: pd.DataFrame
    table: pd.DataFrame
    ratios: pd.DataFrame
    shown: pd.DataFrame
    deadliest: str
    deadliest_dead_missing: int
    none_recorded: int
    with_ratio: int
    without_ratio: int


def corridor_comparison(corridors: pd.DataFrame, totals: pd.DataFrame, recorded_ever: dict[str, bool],
                        crossings: Mapping[str, tuple[str, str, float | None]], year: int) -> CorridorComparison:
    """The :class:`CorridorComparison` of ``year`` from the catalogue, the year's :func:`corridor_totals`
    (non-empty), ``recorded_ever`` and ``crossings`` as :func:`comparison_table` takes them."""
    table = comparison_table(corridors, dict(zip(totals["id"], totals["dead_missing"])), recorded_ever,
                             dict(crossings), year)
    deaths = totals.sort_values("dead_missing", ascending=False)
    series = [
        # Translators: a crossing series named by its measure and its publisher, e.g. "arrivals (Frontex)".
        _("{measure} ({publisher})", measure=measure_name(measure), publisher=publisher) if measure != ""
        else _("no series") for measure, publisher in zip(table["measure"], table["publisher"])]
    # Translators: a bar's label: {corridor} (its name as published) and {series}, e.g. "arrivals (UK)".
    labels = [_("{corridor} · {series}", corridor=corridor, series=name)
              for corridor, name in zip(table["corridor"], series)]
    ratios = table.assign(label=pd.Series(labels, index=table.index, dtype=object),
                          blank=table["note"].map(lambda note: blank_reason(note, year)))
    ratios = ratios.sort_values("per_thousand", ascending=False, na_position="last")
    shown = pd.DataFrame({
        _("corridor"): table["corridor"],
        _("region"): table["region"].map(region_name),
        # Translators: a table's column: a corridor's main means of crossing (sea, land...).
        pgettext("means of crossing", "mode"): table["mode"].map(mode_name),
        _("dead and missing"): table["dead_missing"],
        # Translators: a table's column: the crossing series a row divides by.
        pgettext("crossing series", "series"): table["crossing_series"],
        # Translators: a table's column: what a crossing series counts (detections, arrivals...).
        pgettext("table column", "measure"): table["measure"].map(lambda m: measure_name(m) if m else ""),
        _("crossings"): table["crossings"].map(lambda v: _("no crossing data") if pd.isna(v) else format_integer(v)),
        _("per {thousand} crossings", thousand=thousand()): table["per_thousand"].map(
            # Translators: in a table's cell: no ratio can be worked out.
            lambda v: pgettext("no ratio", "none") if pd.isna(v) else format_decimal(v, 2)),
        _("note"): table["note"],
    })
    return CorridorComparison(deaths, table, ratios, shown, deaths.iloc[0]["name"],
                              int(deaths.iloc[0]["dead_missing"]), int((deaths["dead_missing"] == 0).sum()),
                              int(ratios["per_thousand"].notna().sum()), int(ratios["per_thousand"].isna().sum()))


def corridor_modes(corridors: pd.DataFrame) -> list[str]:
    """The means of crossing (``mode``) the catalogue's corridors use, sorted: the map and chart legends."""
    return sorted(set(corridors["mode"]))


def short_publisher(label: str) -> str:
    """"Frontex, via IOM GDI ..." -> "Frontex"; "Mexico UPM (Boletines ...)" -> "Mexico UPM"."""
    return re.split(r"[,(:]", label, maxsplit=1)[0].strip()


def whole_year_value(crossings: pd.DataFrame, year: int) -> float | None:
    """The series' total for ``year`` from :func:`crossings_by_year`, or None when that year is not complete."""
    # A dozen rows: read in Python (a pandas mask and copy cost more, once per series on every run).
    for row_year, complete, value in zip(crossings["year"].tolist(), crossings["complete"].tolist(),
                                         crossings["value"].tolist()):
        if row_year == year and bool(complete):
            return float(value)
    return None


def country_names(codes: tuple[str, ...], names: dict[str, str]) -> str:
    """ISO3 codes as country names in the active language ("Libya, Tunisia"; a code ``names`` lacks stays as it
    is), or "none recorded"."""
    # Translators: no country recorded (in a sentence: "Origins most recorded among the dead: none recorded.").
    return ", ".join(country_name(names[code]) if code in names else code for code in codes) or _("none recorded")


def corridor_names(corridors: pd.DataFrame) -> dict[str, str]:
    """Corridor id -> name, in catalogue order."""
    return dict(zip(corridors["id"], corridors["name"]))


def crossings_total(over_time: pd.DataFrame) -> float:
    """The crossings of every period of :func:`crossings_over_time` added up (in the series' unit)."""
    return over_time["value"].sum()


def corridor_by_id(corridors: pd.DataFrame, corridor_id: str) -> pd.Series:
    """The catalogue row of one corridor (KeyError when unknown)."""
    ids = corridors["id"].tolist()
    if corridor_id not in ids:
        raise KeyError(corridor_id)
    return corridors.iloc[ids.index(corridor_id)]


def flow_entry(flow: pd.DataFrame, ref: FlowRef) -> FlowEntry:
    """The :class:`FlowEntry` of one corridor flow entry, from its series' canonical frame."""
    rows = select_flow(flow, ref)
    return FlowEntry(rows, crossings_by_year(rows, ref), entry_monthly_totals(rows, ref),
                     bool((rows["nationality_iso3"] != "").any()), nationality_index(rows),
                     entry_annual_totals(rows, ref))


def routes_view(selection: pd.DataFrame, corridors: pd.DataFrame, membership: np.ndarray) -> RoutesView:
    """The :class:`RoutesView` of ``selection`` by the corridor catalogue ``corridors``; ``membership``: which rows
    of ``selection`` lie on each corridor (corridors x rows, see :mod:`transforms.corridor_membership`)."""
    totals = corridor_totals(selection, corridors, membership)
    on = selection.loc[membership.any(axis=0), ["dead_missing", "source_quality", "quality_flags"]]  # read below
    blanks_as_none = {"dtype": float, "na_value": 0.0}
    return RoutesView(totals, int(selection["dead_missing"].to_numpy(**blanks_as_none).sum()),
                      int(on["dead_missing"].to_numpy(**blanks_as_none).sum()),
                      caution_note(on) if not on.empty else None, routes_table(totals), profile_links(totals))


def routes_table(totals: pd.DataFrame) -> pd.DataFrame:
    """The Routes map's table from :func:`corridor_totals`: corridor (name), mode, dead_missing (people) and
    incidents, most dead and missing first."""
    table = totals[["name", "mode", "dead_missing", "incidents"]].sort_values("dead_missing", ascending=False)
    return table.rename(columns={"name": "corridor"})


def profile_links(totals: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(corridor id, link label) per corridor of :func:`corridor_totals`, most dead and missing first, then by
    name: "Central Mediterranean (25,633 dead and missing)", or "(none recorded)"."""
    ordered = totals.sort_values(["dead_missing", "name"], ascending=[False, True])
    links = []
    for row in ordered.itertuples(index=False):
        if row.dead_missing:
            # Translators: a link to a corridor's profile: {corridor} is its name as published.
            label = ngettext("{corridor} ({count} dead and missing)", "{corridor} ({count} dead and missing)",
                             row.dead_missing, corridor=row.name, count=format_integer(row.dead_missing))
        else:
            # Translators: a link to a corridor's profile: {corridor} is its name as published.
            label = _("{corridor} (none recorded)", corridor=row.name)
        links.append((row.id, label))
    return tuple(links)
