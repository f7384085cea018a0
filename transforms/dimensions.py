"""The one table of the dimensions incidents are filtered, split, compared and mapped by, and the "not known" values.

A dimension is a way of grouping incidents: region of incident, UNSD sub-region,
country of incident, country of origin, migration route, sea area or border zone
(placed by the spatial step, :mod:`transforms.geography`), cause of death, source
quality. Each row of :data:`DIMENSION_TABLE` says once what every page needs to
know about it: its key in the URL (``?route=...``, ``?split=route``,
``?compare=route``), the :class:`transforms.filters.Filters` field holding its
filter, the canonical column of the incident frame it reads, the words people
read for it (singular and plural), its ISO3 column for a country, the filter's
help text, and whether a cell lists several values (an incident then counts
under each). The global filters (:mod:`transforms.filters`), the Trends splits
(:mod:`transforms.trends`), the Regional comparison
(:mod:`transforms.comparison`) and the maps' country bases
(:mod:`transforms.maps`) are all derived from it; which dimensions a page
offers, and in which order, stays that page's choice.

Beside the table, the values that mean an origin is not known, defined once
for every transform that ranks or maps origins (IOM's category for an unknown
cause, :data:`loaders.fatalities.UNKNOWN_CAUSE`, sits with the reader's cause
categories). Pure: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_
from loaders.fatalities import TUPLE_COLUMNS


@dataclass(frozen=True)
class Dimension:
    """One way of grouping incidents (see the module docstring). ``label`` and ``plural`` are lower case,
    as they read inside a sentence; ``iso3_column`` is set for a country dimension only. ``label``, ``plural``
    and ``help`` are English, marked for the catalogue: show them with ``_(dimension.label)``."""

    url_key: str
    filter_field: str
    column: str
    label: str
    plural: str
    iso3_column: str | None = None
    help: str | None = None

    @property
    def list_valued(self) -> bool:
        """True when a cell lists several values (a tuple: an incident counts under each)."""
        return self.column in TUPLE_COLUMNS


#: Every dimension, in the order the sidebar's filters show them.
DIMENSION_TABLE: tuple[Dimension, ...] = (
    Dimension("region", "regions", "region_of_incident", N_("region of incident"), N_("regions")),
    Dimension("subregion", "subregions", "unsd_subregion", N_("UNSD sub-region"), N_("sub-regions"),
              help=N_("UN M49 sub-region of the incident; Uncategorized is mostly at sea.")),
    Dimension("country", "countries", "country_of_incident", N_("country of incident"), N_("countries of incident"),
              iso3_column="country_of_incident_iso3"),
    Dimension("origin", "origins", "country_of_origin", N_("country of origin"), N_("countries of origin"),
              iso3_column="country_of_origin_iso3"),
    Dimension("route", "routes", "migration_route", N_("migration route"), N_("routes")),
    Dimension("place", "places", "sea_or_border", N_("sea area or border zone"), N_("sea areas and border zones"),
              help=N_("Where the incident's coordinates lie: a border zone (land within 50 km of the border of two "
                      "countries, named by their ISO3 codes), else a named sea, strait or gulf (Natural Earth), the "
                      "open sea, or land away from any border.")),
    Dimension("cause", "causes", "cause_of_death", N_("cause of death"), N_("causes")),
    # Translators: "source quality" is IOM's score (1 to 5) of how well an incident's sources are verified.
    Dimension("quality", "qualities", "source_quality_label", N_("source quality"), N_("source-quality scores"),
              help=N_("IOM's score of each incident's sources: 1 a single media report, up to 5 official records "
                      "or several verified sources.")),
)


_BY_URL_KEY = {dimension.url_key: dimension for dimension in DIMENSION_TABLE}


def dimension(url_key: str) -> Dimension:
    """The dimension with this URL key ("region", "route"...); KeyError for an unknown key."""
    return _BY_URL_KEY[url_key]


def dimensions(*url_keys: str) -> dict[str, Dimension]:
    """URL key -> dimension for ``url_keys``, in that order: the dimensions one page offers."""
    return {key: dimension(key) for key in url_keys}


#: The columns whose cells list several values, among the dimensions' columns.
LIST_VALUED_COLUMNS: tuple[str, ...] = tuple(d.column for d in DIMENSION_TABLE if d.list_valued)


#: IOM's country-of-origin values that name no country (an unknown or mixed origin): never ranked.
UNKNOWN_ORIGINS: tuple[str, ...] = ("Unknown", "Mixed", "Mixed/Unknown")


#: The ISO3 code the country list gives an unknown origin ("OOO"): never placed on a map.
UNKNOWN_ORIGIN_ISO3: tuple[str, ...] = ("OOO",)


#: UN M49 sub-regions that make up "Asia-Pacific" in this app: Southern,
#: South-eastern and Eastern Asia, and the four sub-regions of Oceania.
ASIA_PACIFIC_SUBREGIONS: tuple[str, ...] = (
    "Southern Asia",
    "South-eastern Asia",
    "Eastern Asia",
    "Australia and New Zealand",
    "Melanesia",
    "Micronesia",
    "Polynesia",
)

#: The preset's name, marked for the catalogue: show it with ``_(ASIA_PACIFIC_LABEL)`` (Oceania's four
#: sub-regions are not broken out in the incident data, which has no Oceania incidents).
ASIA_PACIFIC_LABEL = N_("Asia-Pacific")
