"""The small table of region names: which UN M49 code each region or sub-region name of the data stands for
(CLDR publishes their names in every language), and IOM's own groupings, which no authority translates and the
catalogue does.

Names are as the IOM Missing Migrants exports and the shipped M49 table (``data/reference/countrynames_m49.csv``)
spell them. Codes are UN M49 (https://unstats.un.org/unsd/methodology/m49/).
"""

from __future__ import annotations

from i18n import N_

#: Region or sub-region name -> UN M49 area code.
M49_CODES: dict[str, str] = {
    "World": "001",
    "Africa": "002",
    "Americas": "019",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
    "Australia and New Zealand": "053",
    "Caribbean": "029",
    "Central America": "013",
    "Central Asia": "143",
    "Eastern Africa": "014",
    "Eastern Asia": "030",
    "Eastern Europe": "151",
    "Latin America and the Caribbean": "419",
    "Melanesia": "054",
    "Micronesia": "057",
    "Middle Africa": "017",
    "Northern Africa": "015",
    "Northern America": "021",
    "Northern Europe": "154",
    "Polynesia": "061",
    "South America": "005",
    "South-eastern Asia": "035",
    "Southern Africa": "018",
    "Southern Asia": "034",
    "Southern Europe": "039",
    "Sub-Saharan Africa": "202",
    "Western Africa": "011",
    "Western Asia": "145",
    "Western Europe": "155",
}

#: IOM's own regions and groupings (not M49 areas), translated by the catalogue.
IOM_REGIONS: tuple[str, ...] = (  # translated by the catalogue (no context)
    N_("Mediterranean"),
    N_("North America"),
    N_("Latin America / Caribbean"),
    N_("Uncategorized"),
    N_("Mixed"),
    N_("Unknown"),
    N_("Americas and Caribbean"),
    N_("Asia and the Pacific"),
    N_("East, Horn and Southern Africa"),
    N_("Europe and Central Asia"),
    N_("Middle East and North Africa"),
    N_("West and Central Africa"),
)
