"""The global filters: one definition, their URL form, and a plain-language description.

Pure: no Streamlit. The UI in ``ui/filters.py`` renders these, and
``loaders/fatality_transforms.py`` applies them to the incident frame.

In the URL every filter has a short stable key (``from``, ``to``, ``region``,
``subregion``, ``country``, ``origin``, ``route``, ``cause``, ``quality``); multi-valued
filters repeat their key (``?cause=Drowning&cause=Violence``, ``?quality=4&quality=5``) because IOM's
category names contain commas. Unknown or malformed values are dropped with a
short notice, never an exception.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace
from typing import Iterable, Mapping, Sequence

import pandas as pd

from loaders.fatalities import present_cells

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")

#: Multi-valued filter -> (URL key, canonical column, label for people).
MULTI_FILTERS: dict[str, tuple[str, str, str]] = {
    "regions": ("region", "region_of_incident", "region of incident"),
    "subregions": ("subregion", "unsd_subregion", "UNSD sub-region"),
    "countries": ("country", "country_of_incident", "country of incident"),
    "origins": ("origin", "country_of_origin", "country of origin"),
    "routes": ("route", "migration_route", "migration route"),
    "causes": ("cause", "cause_of_death", "cause of death"),
    "qualities": ("quality", "source_quality_label", "source quality"),
}

#: URL keys this module owns; pages add their own keys beside these.
FILTER_KEYS = ("from", "to", *(key for key, _, _ in MULTI_FILTERS.values()))


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


@functools.lru_cache(maxsize=1024)
def month_range(first: str, last: str) -> tuple[str, ...]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive (worked out once per pair: pages ask on every run)."""
    start, end = pd.Period(first, "M"), pd.Period(last, "M")
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return tuple(f"{(start.month - 1 + i) // 12 + start.year:04d}-{(start.month - 1 + i) % 12 + 1:02d}"
                 for i in range(max(count, 0)))


def filter_options(incidents: pd.DataFrame) -> FilterOptions:
    """Options from the canonical incident frame (needs ``date`` and the filter columns)."""
    dated = incidents["date"].dropna()
    months = month_range(f"{dated.min():%Y-%m}", f"{dated.max():%Y-%m}")
    values: dict[str, tuple[str, ...]] = {}
    for name, (_, column, _) in MULTI_FILTERS.items():
        found = {str(v) for cell in present_cells(incidents, column)
                 for v in (cell if isinstance(cell, tuple) else (cell,)) if not pd.isna(v) and str(v).strip()}
        values[name] = tuple(sorted(found))
    return FilterOptions(months=months, values=values)


def parse_query(params: Mapping[str, Sequence[str]], options: FilterOptions) -> tuple[Filters, list[str]]:
    """Filters from URL parameters (each key mapped to its list of values), plus notices.

    Values not in ``options`` are ignored and named in a notice; a period out of
    range is clamped to the data; a reversed period is swapped.
    """
    notices: list[str] = []
    default = options.default()
    chosen: dict[str, object] = {}

    for key, attr in (("from", "period_from"), ("to", "period_to")):
        values = [v for v in params.get(key, []) if v]
        if not values:
            continue
        value = values[-1]
        if not MONTH_PATTERN.match(value) or not 1 <= int(value[5:]) <= 12:
            notices.append(f"Ignored “{key}={value}”: months are written like 2024-05.")
            continue
        first, last = options.months[0], options.months[-1]
        if value < first or value > last:
            clamped = first if value < first else last
            notices.append(f"“{key}={value}” is outside the data ({first} to {last}); {clamped} used.")
            value = clamped
        chosen[attr] = value
    filters = replace(default, **chosen)
    if filters.period_from > filters.period_to:
        notices.append("The period was reversed; it has been swapped.")
        filters = replace(filters, period_from=filters.period_to, period_to=filters.period_from)

    for attr, (key, _, label) in MULTI_FILTERS.items():
        requested = [v for v in params.get(key, []) if v]
        allowed = set(options.values.get(attr, ()))
        kept = tuple(dict.fromkeys(v for v in requested if v in allowed))
        unknown = [v for v in requested if v not in allowed]
        if unknown:
            notices.append(f"Ignored unknown {label} “{'”, “'.join(unknown[:3])}”"
                           + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "") + ".")
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
    for attr, (key, _, _) in MULTI_FILTERS.items():
        values = getattr(filters, attr)
        if values:
            query[key] = list(values)
    return query


def is_full_period(filters: Filters, options: FilterOptions) -> bool:
    """True when the period filter covers all the data (undated incidents are then included)."""
    return filters.period_from == options.months[0] and filters.period_to == options.months[-1]


@functools.lru_cache(maxsize=4096)
def month_label(month: str) -> str:
    """"2024-05" -> "May 2024"."""
    return pd.Period(month, "M").strftime("%B %Y")


@functools.lru_cache(maxsize=4096)
def short_month(month: str) -> str:
    """"2024-05" -> "May 2024" abbreviated: "May 24"."""
    return pd.Period(month, "M").strftime("%b %y")


def _join(values: Iterable[str]) -> str:
    values = list(values)
    if len(values) <= 1:
        return "".join(values)
    if len(values) > 4:
        return ", ".join(values[:3]) + f" and {len(values) - 3} more"
    return ", ".join(values[:-1]) + " and " + values[-1]


def describe(filters: Filters, options: FilterOptions) -> str:
    """One plain sentence naming the active filters, for the line above every chart."""
    if is_full_period(filters, options):
        period = f"from {month_label(filters.period_from)} to {month_label(filters.period_to)} (all recorded dates)"
    elif filters.period_from == filters.period_to:
        period = f"in {month_label(filters.period_from)}"
    else:
        period = f"from {month_label(filters.period_from)} to {month_label(filters.period_to)}"
    parts = []
    for attr, (_, _, label) in MULTI_FILTERS.items():
        values = getattr(filters, attr)
        if values:
            parts.append(f"{label} {_join(values)}")
    scope = "; ".join(parts) if parts else "all regions, routes and causes"
    return f"Showing incidents {period}, {scope}."


def previous_period(filters: Filters, options: FilterOptions) -> Filters | None:
    """The same filters over the period of equal length just before; None if it starts before the data."""
    start = pd.Period(filters.period_from, "M")
    length = pd.Period(filters.period_to, "M").ordinal - start.ordinal + 1
    prev_from, prev_to = start - length, start - 1
    if str(prev_from) < options.months[0]:
        return None
    return replace(filters, period_from=str(prev_from), period_to=str(prev_to))


def filter_field_names() -> tuple[str, ...]:
    """Names of the Filters fields, in order."""
    return tuple(f.name for f in fields(Filters))
