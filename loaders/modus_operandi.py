"""Cited facts on how migrant smuggling works, corridor by corridor: the pure readers.

``read_facts(path)`` reads ``data/modus_operandi/modus_operandi_facts.csv`` (one row per
corridor and aspect fact, each with its source, address, source kind and a verbatim quote);
``read_corridor_map(path)`` reads ``corridor_map.csv``, which maps the compilation's own
corridor names onto the ids of the corridor catalogue (``data/corridors/corridors.csv``).
:mod:`transforms.modus_operandi` joins the two (keeping each fact's own corridor name),
selects facts for a corridor or an id, keeps chosen source kinds, counts facts per corridor
and aspect and lists fee ranges in the currency the source states. Currencies are never
converted. No Streamlit here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.paths import data_dir
from loaders.tabular import read_table, require_columns

FACT_COLUMNS = ("corridor", "region", "aspect", "category", "value_text", "value_low", "value_high", "unit",
                "year_or_period", "source_title", "source_publisher", "source_url", "source_kind", "evidence_quote")


#: Columns every fact must fill: what it says and where it comes from.
CITATION_COLUMNS = ("corridor", "aspect", "value_text", "year_or_period", "source_title", "source_publisher",
                    "source_url", "source_kind", "evidence_quote")


#: The aspects of the compilation, in reading order, with labels for people.
ASPECT_LABELS: dict[str, str] = {
    "transport_mode": "Transport mode",
    "concealment": "Concealment",
    "document_fraud": "Document fraud",
    "fee": "Fees",
    "payment_method": "Payment",
    "recruitment_channel": "Recruitment",
    "smuggler_profile": "Who the smugglers are",
    "risk_abuse": "Risks and abuse",
    "volume": "Volume",
    "profit": "Smugglers' income",
    "route_shift": "Route shifts",
}


ASPECTS: tuple[str, ...] = tuple(ASPECT_LABELS)


#: The source kinds, most authoritative first, and those kept by "official and research only".
SOURCE_KINDS: tuple[str, ...] = ("official", "research", "news", "secondary copy")


TRUSTED_KINDS: tuple[str, ...] = ("official", "research")


#: The ids of the corridor catalogue (data/corridors/corridors.csv) the map may point to.
CORRIDOR_IDS: tuple[str, ...] = (
    "central_med", "eastern_med", "western_med", "atlantic_canaries", "english_channel", "western_balkans",
    "belarus_eu", "turkiye_europe_land", "sahara", "eastern_route_yemen", "southern_route", "us_mexico", "darien",
    "caribbean", "afghanistan_iran_turkiye", "bay_of_bengal_andaman", "sea_to_australia",
    "myanmar_thailand_malaysia_land",
)


#: How a fee row's bounds read: both given, one figure, "up to" (high only), "at least" (low only).
BOUND_RANGE, BOUND_SINGLE, BOUND_UP_TO, BOUND_AT_LEAST = "range", "single figure", "up to", "at least"


#: The currency of a money unit that says "$" without saying which dollar: a value of the ``currency`` column (kept
#: in English in the data; marked for the catalogue so a legend can show it translated).
UNSPECIFIED_DOLLAR = N_("$ (which dollar not stated)")


def facts_path(root: Path | None = None) -> Path:
    """The facts file in the data folder."""
    return (root or data_dir()) / "modus_operandi" / "modus_operandi_facts.csv"


def corridor_map_path(root: Path | None = None) -> Path:
    """The facts-corridor to catalogue-id map."""
    return (root or data_dir()) / "modus_operandi" / "corridor_map.csv"


def _rows(mask: pd.Series) -> list[int]:
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def _numbers(text: pd.Series, path: Path, column: str) -> pd.Series:
    stripped = text.str.strip()
    numbers = pd.to_numeric(stripped, errors="coerce")
    bad = stripped.notna() & numbers.isna()
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not numbers in column “{column}”."),
                            column=column, rows=_rows(bad),
                            expected=N_("a plain number such as 1500 or 1500.0, or a blank cell"))
    return numbers.astype(float)


def currency_of(unit: object) -> str | None:
    """The currency a money unit states: "EUR per person" -> "EUR"; "$ per person (...)" -> unspecified dollar."""
    if not isinstance(unit, str) or not unit.strip():
        return None
    first = unit.split()[0]
    if first == "$":
        return UNSPECIFIED_DOLLAR
    return first if first.isalpha() and first.isupper() and len(first) == 3 else None


def read_facts(path: Path | str) -> pd.DataFrame:
    """Read the facts file: its columns as published, plus ``fact_id`` and ``currency``.

    ``fact_id`` is the fact's row in the file (the header is row 1); ``value_low`` and
    ``value_high`` are floats in ``unit`` (blank where the source gives no figure);
    ``currency`` is the currency ``unit`` states, for money units, else blank.
    Raises DataFileError for a missing or empty file, a missing column, a value that
    is not a number, a fact without its source or quote, or an unknown source kind.
    """
    path = Path(path)
    raw = read_table(path)
    require_columns(raw, path, FACT_COLUMNS)
    facts = raw[list(FACT_COLUMNS)].apply(lambda column: column.str.strip())
    for column in CITATION_COLUMNS:
        blank = facts[column].isna()
        if blank.any():
            raise DataFileError(path, N_("The data file {file} has facts without their source or quote in column "
                                         "“{column}”."), column=column, rows=_rows(blank),
                                expected=N_("every fact to carry its text, period, source, address, kind and quote"))
    unknown = ~facts["source_kind"].isin(SOURCE_KINDS)
    if unknown.any():
        raise DataFileError(path, N_("The data file {file} holds an unknown source kind in column “{column}”."),
                            column="source_kind", rows=_rows(unknown), expected=N_("one of {values}"),
                            params={"values": ", ".join(SOURCE_KINDS)})
    for column in ("value_low", "value_high"):
        facts[column] = _numbers(facts[column], path, column)
    facts.insert(0, "fact_id", np.arange(len(facts)) + 2)
    facts["currency"] = facts["unit"].map(currency_of)
    return facts.reset_index(drop=True)


def read_corridor_map(path: Path | str) -> pd.DataFrame:
    """Read the corridor map: columns facts_corridor, category_prefix, corridor_id (blank where none fits), note."""
    path = Path(path)
    table = read_table(path)
    require_columns(table, path, ["facts_corridor", "category_prefix", "corridor_id", "note"])
    table = table[["facts_corridor", "category_prefix", "corridor_id", "note"]].apply(lambda c: c.str.strip())
    unknown = table["corridor_id"].notna() & ~table["corridor_id"].isin(CORRIDOR_IDS)
    if unknown.any():
        raise DataFileError(path, N_("The data file {file} names a corridor id the catalogue does not have in column "
                                     "“{column}”."), column="corridor_id",
                            rows=_rows(unknown), expected=N_("one of {values}, or a blank"),
                            params={"values": ", ".join(CORRIDOR_IDS)})
    return table.reset_index(drop=True)
