"""Pure transforms of the cited modus-operandi facts: by corridor, by aspect, fees as stated.

Takes the frame from :func:`loaders.modus_operandi.read_facts`; fees are never
converted between currencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from i18n import N_, _
from loaders.modus_operandi import (
    ASPECT_LABELS,
    ASPECTS,
    BOUND_AT_LEAST,
    BOUND_RANGE,
    BOUND_SINGLE,
    BOUND_UP_TO,
    CORRIDOR_IDS,
    SOURCE_KINDS,
    UNSPECIFIED_DOLLAR,
)
from loaders.modus_operandi import TRUSTED_KINDS as TRUSTED_KINDS  # the page's constants, read from here
from transforms.link_values import MAX_VALUES, ignored

#: The aspects' labels (``loaders.modus_operandi.ASPECT_LABELS``, our own category names), marked here for the
#: catalogue; :func:`aspect_label` translates them. A unit test keeps the two lists the same.
ASPECT_MESSAGES: tuple[str, ...] = (
    N_("Transport mode"), N_("Concealment"), N_("Document fraud"), N_("Fees"), N_("Payment"), N_("Recruitment"),
    N_("Who the smugglers are"), N_("Risks and abuse"), N_("Volume"), N_("Smugglers' income"), N_("Route shifts"),
)

#: The source kinds as a reader sees them (the values stay English in the data and the link).
SOURCE_KIND_LABELS: dict[str, str] = {
    # Translators: a kind of source: UN agencies and Europol.
    "official": N_("official"),
    # Translators: a kind of source: research institutes and NGOs.
    "research": N_("research"),
    # Translators: a kind of source: a named news outlet.
    "news": N_("news"),
    # Translators: a kind of source: a mirror, repost or summary of a named source.
    "secondary copy": N_("secondary copy"),
}


@dataclass(frozen=True)
class FactsView:
    """What the page shows for one corridor choice and one set of source kinds (shared, read-only).

    ``chosen``: the corridor's facts from those kinds; ``groups``: them by aspect
    (:func:`transforms.modus_operandi.by_aspect`); ``matrix``: facts per corridor and aspect
    (every corridor of the file, in file order) and ``wide``: the same as a table with one
    column per aspect; ``fees``: :func:`transforms.modus_operandi.fee_ranges` of those kinds.
    """

    chosen: pd.DataFrame
    groups: tuple[tuple[str, pd.DataFrame], ...]
    matrix: pd.DataFrame
    wide: pd.DataFrame
    fees: pd.DataFrame


def attach_corridor_ids(facts: pd.DataFrame, corridor_map: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``facts`` with ``corridor_id`` (catalogue id or blank); facts keep their own ``corridor``.

    A map row with a ``category_prefix`` applies to the facts of its corridor whose category
    starts with it, and wins over the corridor's plain row.
    """
    plain = corridor_map[corridor_map["category_prefix"].isna()].set_index("facts_corridor")["corridor_id"]
    out = facts.copy()
    out["corridor_id"] = out["corridor"].map(plain).astype(object)
    for row in corridor_map[corridor_map["category_prefix"].notna()].itertuples(index=False):
        hit = (out["corridor"] == row.facts_corridor) & out["category"].fillna("").str.startswith(row.category_prefix)
        out.loc[hit, "corridor_id"] = row.corridor_id
    out["corridor_id"] = out["corridor_id"].where(out["corridor_id"].notna(), None)
    return out


def aspect_label(aspect: str) -> str:
    """An aspect's label in the reader's language (an aspect of no label: its key, as published)."""
    label = ASPECT_LABELS.get(aspect)
    return _(label) if label else aspect


def source_kind_label(kind: str) -> str:
    """A source kind in the reader's language (an unknown kind as it is)."""
    label = SOURCE_KIND_LABELS.get(kind)
    return _(label) if label else kind


def currency_label(currency: object) -> str:
    """A fee's currency as a reader sees it: as the source states it, except our own note for a "$" that does not
    say which dollar (``loaders.modus_operandi.UNSPECIFIED_DOLLAR``), which is translated."""
    return _(UNSPECIFIED_DOLLAR) if currency == UNSPECIFIED_DOLLAR else str(currency)


def keep_kinds(facts: pd.DataFrame, kinds: Iterable[str]) -> pd.DataFrame:
    """The facts whose source kind is one of ``kinds``."""
    return facts[facts["source_kind"].isin(list(kinds))]


def corridor_choices(facts: pd.DataFrame) -> list[str]:
    """What the corridor picker offers: catalogue ids with facts (catalogue order), then every facts corridor."""
    mapped = set(facts["corridor_id"].dropna())
    ids = [c for c in CORRIDOR_IDS if c in mapped]
    return ids + list(dict.fromkeys(facts["corridor"]))


def facts_for(facts: pd.DataFrame, choice: str) -> pd.DataFrame:
    """The facts of a catalogue id (every facts corridor mapped to it) or of one facts corridor name."""
    if choice in CORRIDOR_IDS:
        return facts[facts["corridor_id"] == choice]
    return facts[facts["corridor"] == choice]


def corridor_label(choice: str, names: dict[str, str] | None = None) -> str:
    """A label for a picker choice: a catalogue id shows its catalogue name (or the id), a facts name itself."""
    if choice in CORRIDOR_IDS:
        return _("{corridor} (catalogue corridor)",
                 corridor=(names or {}).get(choice) or choice.replace('_', ' ').capitalize())
    return choice


def by_aspect(facts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The facts grouped by aspect in reading order (aspects without facts left out), most authoritative first."""
    rank = {kind: i for i, kind in enumerate(SOURCE_KINDS)}
    groups = []
    for aspect in list(ASPECTS) + sorted(set(facts["aspect"]) - set(ASPECTS)):
        part = facts[facts["aspect"] == aspect]
        if not part.empty:
            groups.append((aspect, part.sort_values("source_kind", key=lambda s: s.map(rank), kind="stable")))
    return groups


def citation(fact: pd.Series | dict) -> str:
    """One line naming a fact's source: publisher, title, period, address."""
    # Translators: a citation: the publisher, the title in quotation marks, the period, then the address.
    return _("{publisher}, “{title}” ({period}). {url}", publisher=fact["source_publisher"],
             title=fact["source_title"], period=fact["year_or_period"], url=fact["source_url"])


def evidence_matrix(facts: pd.DataFrame, corridors: Sequence[str] | None = None) -> pd.DataFrame:
    """Number of facts per corridor and aspect, zeros included (where evidence is missing).

    Columns: corridor, aspect, aspect_label (in the reader's language), facts (count). ``corridors`` fixes the rows
    (default: the corridors of ``facts`` in file order).
    """
    rows = list(corridors) if corridors is not None else list(dict.fromkeys(facts["corridor"]))
    grid = pd.MultiIndex.from_product([rows, list(ASPECTS)], names=["corridor", "aspect"])
    counts = facts.groupby(["corridor", "aspect"]).size().reindex(grid, fill_value=0)
    out = counts.rename("facts").reset_index()
    out.insert(2, "aspect_label", out["aspect"].map({aspect: aspect_label(aspect) for aspect in ASPECTS}))
    return out


def fee_ranges(facts: pd.DataFrame) -> pd.DataFrame:
    """The fee facts with a figure, one row each, in the currency the source states (never converted).

    Columns: fact_id, corridor, corridor_id, category, currency, unit, value_low, value_high
    (in ``unit``), bound (range, single figure, up to, at least), year_or_period, value_text,
    source_kind, citation. Sorted by currency (the most used first), then corridor.
    """
    fees = facts[(facts["aspect"] == "fee") & (facts["value_low"].notna() | facts["value_high"].notna())]
    out = fees[["fact_id", "corridor", "corridor_id", "category", "currency", "unit", "value_low", "value_high",
                "year_or_period", "value_text", "source_kind"]].copy()
    both = out["value_low"].notna() & out["value_high"].notna()
    out["bound"] = np.select([both & (out["value_low"] == out["value_high"]), both, out["value_high"].notna()],
                             [BOUND_SINGLE, BOUND_RANGE, BOUND_UP_TO], BOUND_AT_LEAST)
    out["currency"] = out["currency"].fillna(out["unit"])
    out["citation"] = [citation(row) for row in fees.to_dict("records")]
    out["_rows"] = out.groupby("currency")["fact_id"].transform("size")
    out = out.sort_values(["_rows", "currency", "corridor", "fact_id"], ascending=[False, True, True, True],
                          kind="stable")
    return out.drop(columns="_rows").reset_index(drop=True)


def parse_kinds(requested: Sequence[str]) -> tuple[list[str], str | None]:
    """Known source kinds from the URL (in canonical order, each matched whole) and one notice naming the
    unknown ones, or None."""
    requested = list(requested)[:MAX_VALUES]
    known = [kind for kind in SOURCE_KINDS if kind in requested]
    unknown = list(dict.fromkeys(value for value in requested if value not in SOURCE_KINDS))
    # Translators: the end of a notice about a link; the kinds are the link's own values, in English.
    notice = ignored("kinds", unknown, _("choose from {kinds}", kinds=", ".join(SOURCE_KINDS))) if unknown else None
    return known, notice


@dataclass(frozen=True)
class Facts:
    """The facts with their catalogue ids, the facts file's sidecar and the catalogue's corridor names."""

    facts: pd.DataFrame
    meta: Mapping[str, Any]
    names: Mapping[str, str]


def facts_view(facts: pd.DataFrame, choice: str, kinds: tuple[str, ...]) -> FactsView:
    """The :class:`FactsView` of the facts (with their catalogue ids) for a corridor choice and source kinds."""
    kept = keep_kinds(facts, kinds)
    chosen = facts_for(kept, choice)
    matrix = evidence_matrix(kept, list(dict.fromkeys(facts["corridor"])))
    wide = matrix.pivot_table(index="corridor", columns="aspect_label", values="facts", sort=False).reset_index()
    return FactsView(chosen, tuple(by_aspect(chosen)), matrix, wide, fee_ranges(kept))
