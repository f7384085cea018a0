"""The global filters: one definition, their URL form, a plain-language description, and applying them.

Pure: no Streamlit. The UI in ``ui/filters.py`` renders these;
:func:`apply_filters` selects the matching rows of the incident frame.

In the URL every filter has a short stable key (``from``, ``to``, ``region``,
``subregion``, ``country``, ``origin``, ``route``, ``place``, ``cause``, ``quality``); multi-valued
filters repeat their key (``?cause=Drowning&cause=Violence``) because IOM's
category names contain commas. Unknown or malformed values are dropped with a
short notice (one per key, the value escaped and cut short), never an exception.
The multi-valued filters are the dimensions of :mod:`transforms.dimensions`: their
keys, columns and labels come from there. Notices and the description are in the reader's language
(:mod:`i18n`); country and region values in the description are shown by their names in that language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from i18n import _, country_name, format_integer, format_month, region_name
from loaders.fatalities import present_cells, value_codes
from transforms.dimensions import DIMENSION_TABLE, Dimension
from transforms.geography import place_name
from transforms.link_values import MAX_VALUE_CHARACTERS, MAX_VALUES, ignored, is_month, last_value
from transforms.periods import month_range, row_month_keys
from transforms.text import join_values


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


def filter_mask(incidents: pd.DataFrame, filters: Filters, options: FilterOptions) -> np.ndarray:
    """Row mask of the incidents matching ``filters`` (see :func:`apply_filters`)."""
    keys = row_month_keys(incidents)
    mask = (keys >= _month_key(filters.period_from)) & (keys <= _month_key(filters.period_to))
    if is_full_period(filters, options):
        mask |= keys == -1
    for attr, dimension in MULTI_FILTERS.items():
        wanted = getattr(filters, attr)
        if wanted:
            mask &= _matches_any(incidents, dimension.column, wanted)
    return mask


def apply_filters(incidents: pd.DataFrame, filters: Filters, options: FilterOptions,
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The incidents matching ``filters`` (only ``columns``, when given: a cut that copies less).

    Undated incidents are kept only when the period covers all the data, so that
    "no filter" reconciles with IOM's grand total. With no filter at all a
    shallow copy is returned: under pandas' copy-on-write it costs nothing and
    a write to it never reaches the shared, cached frame. The reader sorts
    incidents by date, so a period alone picks one run of rows: that is
    returned as a slice, which copies nothing either (a mask is still checked).
    """
    frame = incidents if columns is None else incidents[list(columns)]
    if filters == options.default():
        return frame.copy(deep=False)
    mask = filter_mask(incidents, filters, options)
    count = int(np.count_nonzero(mask))
    if count:
        first = int(np.argmax(mask))
        if count == int(np.count_nonzero(mask[first:first + count])):  # one run of rows
            return frame.iloc[first:first + count]
    return frame.loc[mask]


#: Multi-valued filter (its Filters field) -> its dimension (URL key, canonical column, label for people):
#: every dimension of the one table, in its order.
MULTI_FILTERS: dict[str, Dimension] = {dimension.filter_field: dimension for dimension in DIMENSION_TABLE}


#: URL keys this module owns; pages add their own keys beside these.
FILTER_KEYS = ("from", "to", *(dimension.url_key for dimension in MULTI_FILTERS.values()))


@dataclass(frozen=True)
class Filters:
    """The active global filters. ``period_from``/``period_to`` are "YYYY-MM", inclusive."""

    period_from: str
    period_to: str
    regions: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # sea areas and border zones (transforms.geography)
    causes: tuple[str, ...] = ()
    qualities: tuple[str, ...] = ()  # IOM source-quality scores "1".."5"


@dataclass(frozen=True)
class FilterOptions:
    """What each filter can take, read from the data: months in order and sorted values."""

    months: tuple[str, ...]
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def default(self) -> Filters:
        """No filter: the whole period, every value."""
        return Filters(period_from=self.months[0], period_to=self.months[-1])


def filter_options(incidents: pd.DataFrame) -> FilterOptions:
    """Options from the canonical incident frame (needs ``date`` and the filter columns)."""
    dated = incidents["date"].dropna()
    months = month_range(f"{dated.min():%Y-%m}", f"{dated.max():%Y-%m}")
    values: dict[str, tuple[str, ...]] = {}
    for name, dimension in MULTI_FILTERS.items():
        if dimension.column not in incidents.columns:  # a frame the spatial step has not placed: no such filter
            values[name] = ()
            continue
        found = {str(v) for cell in present_cells(incidents, dimension.column)
                 for v in (cell if isinstance(cell, tuple) else (cell,)) if not pd.isna(v) and str(v).strip()}
        values[name] = tuple(sorted(found))
    return FilterOptions(months=months, values=values)


def parse_query(params: Mapping[str, Sequence[str]], options: FilterOptions) -> tuple[Filters, dict[str, str]]:
    """Filters from URL parameters (each key mapped to its list of values), plus notices (one per key at most).

    Each value is matched whole (:mod:`transforms.link_values`): a month must be "YYYY-MM" in ASCII digits;
    a filter value must equal one of ``options`` exactly; at most MAX_VALUES values of a key are read.
    Anything else is ignored and named, escaped and cut short, in the key's notice. A period out of range is
    clamped to the data; a reversed period is swapped (notice key ``"period"``).
    """
    notices: dict[str, str] = {}
    default = options.default()
    chosen: dict[str, object] = {}

    for key, attr in (("from", "period_from"), ("to", "period_to")):
        value = last_value(params.get(key, [])[-MAX_VALUES:])
        if value is None:
            continue
        if len(value) > MAX_VALUE_CHARACTERS or not is_month(value):
            notices[key] = ignored(key, [value], _("months are written like 2024-05"))
            continue
        first, last = options.months[0], options.months[-1]
        if value < first or value > last:
            clamped = first if value < first else last
            notices[key] = _("“{key}={value}” is outside the data ({first} to {last}); {used} used.", key=key,
                             value=value, first=first, last=last, used=clamped)
            value = clamped
        chosen[attr] = value
    filters = replace(default, **chosen)
    if filters.period_from > filters.period_to:
        notices["period"] = _("The period was reversed; it has been swapped.")
        filters = replace(filters, period_from=filters.period_to, period_to=filters.period_from)

    for attr, dimension in MULTI_FILTERS.items():
        key = dimension.url_key
        given = params.get(key, [])
        requested = [v for v in given[:MAX_VALUES] if v]
        allowed = set(options.values.get(attr, ()))
        kept = tuple(dict.fromkeys(v for v in requested if v in allowed))
        unknown = list(dict.fromkeys(v for v in requested if v not in allowed))
        if unknown:
            notices[key] = ignored(key, unknown, _("no such {dimension} in the data", dimension=_(dimension.label)))
        elif len(given) > MAX_VALUES:
            notices[key] = _("Only the first {count} values of “{key}” in the link were read.",
                             count=format_integer(MAX_VALUES), key=key)
        filters = replace(filters, **{attr: kept})
    return filters, notices


def to_query(filters: Filters, options: FilterOptions) -> dict[str, list[str]]:
    """The URL parameters for ``filters``, leaving out whatever is at its default."""
    default = options.default()
    query: dict[str, list[str]] = {}
    if filters.period_from != default.period_from:
        query["from"] = [filters.period_from]
    if filters.period_to != default.period_to:
        query["to"] = [filters.period_to]
    for attr, dimension in MULTI_FILTERS.items():
        values = getattr(filters, attr)
        if values:
            query[dimension.url_key] = list(values)
    return query


def is_full_period(filters: Filters, options: FilterOptions) -> bool:
    """True when the period filter covers all the data (undated incidents are then included)."""
    return filters.period_from == options.months[0] and filters.period_to == options.months[-1]


#: How the values of each filter are named in the description (the rest as the data spells them).
VALUE_NAMES = {"regions": region_name, "subregions": region_name, "countries": country_name, "origins": country_name,
               "places": place_name}


def describe(filters: Filters, options: FilterOptions) -> str:
    """One plain sentence naming the active filters, for the line above every chart (in the reader's language)."""
    start, end = format_month(filters.period_from, "wide"), format_month(filters.period_to, "wide")
    parts = []
    for attr, dimension in MULTI_FILTERS.items():
        values = getattr(filters, attr)
        if values:
            name = VALUE_NAMES.get(attr, str)
            # Translators: one active filter: {dimension} is its name (e.g. "country of origin"), {values} its values.
            parts.append(_("{dimension} {values}", dimension=_(dimension.label),
                           values=join_values(name(value) for value in values)))
    if not parts:
        if is_full_period(filters, options):
            return _("Showing incidents from {start} to {end} (all recorded dates), all regions, routes and causes.",
                     start=start, end=end)
        if filters.period_from == filters.period_to:
            return _("Showing incidents in {month}, all regions, routes and causes.", month=start)
        return _("Showing incidents from {start} to {end}, all regions, routes and causes.", start=start, end=end)
    chosen = "; ".join(parts)
    if is_full_period(filters, options):
        # Translators: {filters} lists the active filters, separated by semicolons.
        return _("Showing incidents from {start} to {end} (all recorded dates), {filters}.", start=start, end=end,
                 filters=chosen)
    if filters.period_from == filters.period_to:
        return _("Showing incidents in {month}, {filters}.", month=start, filters=chosen)
    return _("Showing incidents from {start} to {end}, {filters}.", start=start, end=end, filters=chosen)


def previous_period(filters: Filters, options: FilterOptions) -> Filters | None:
    """The same filters over the period of equal length just before; None if it starts before the data."""
    start = pd.Period(filters.period_from, "M")
    length = pd.Period(filters.period_to, "M").ordinal - start.ordinal + 1
    prev_from, prev_to = start - length, start - 1
    if str(prev_from) < options.months[0]:
        return None
    return replace(filters, period_from=str(prev_from), period_to=str(prev_to))
