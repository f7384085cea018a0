"""Travel-document fraud detections a user uploaded: totals over time, by document and fraud type, by issuing
country against the holder's nationality, by crossing point, and the flow from issuing country to nationality to
place of detection.

Every function takes the canonical frame of ``loaders.uploads`` (kind ``document_fraud``: ``period``, ``grain``,
``crossing_point``, ``country_of_detection_iso3``, ``document_type``, ``fraud_type``, ``issuing_country_iso3``,
``nationality_iso3``, ``route``, ``count`` in documents detected), returns a new frame and never changes its
input. A blank country is counted under :data:`UNKNOWN` ("not known"), never dropped, so every total adds up to
the detections uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from i18n import N_

#: The key a blank country, crossing point or type is counted under.
UNKNOWN = "unknown"
#: Where many values share a stage of the flow, the smallest are counted together under this key.
OTHER = "other"

DOCUMENT_TYPE_LABELS = {
    "passport": N_("Passport"),
    "visa": N_("Visa"),
    "residence_permit": N_("Residence permit"),
    "id_card": N_("ID card"),
    "other": N_("Other document"),
}
FRAUD_TYPE_LABELS = {
    # Translators: a complete reproduction of a genuine document (Frontex's category of document fraud).
    "counterfeit": N_("Counterfeit"),
    # Translators: a genuine document altered (e.g. a photo or page replaced): Frontex's "forged".
    "forged": N_("Forged"),
    # Translators: a genuine document obtained by fraud (false supporting documents, bribery).
    "fraudulently_obtained_genuine": N_("Fraudulently obtained genuine"),
    # Translators: a genuine document used by someone who resembles its rightful holder.
    "impostor": N_("Impostor (look-alike)"),
    # Translators: a genuine blank document stolen and filled in.
    "stolen_blank": N_("Stolen blank"),
}
GRAIN_ORDER = ("day", "month", "year")


def _filled(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), UNKNOWN).astype(str)


def coarsest_grain(frame: pd.DataFrame) -> str:
    """The longest period length among the rows (year over month over day); "month" for no rows."""
    present = set(frame["grain"].dropna().astype(str))
    for grain in reversed(GRAIN_ORDER):
        if grain in present:
            return grain
    return "month"


def _period_start(periods: pd.Series, grain: str) -> pd.Series:
    periods = pd.to_datetime(periods)
    if grain == "year":
        return periods.dt.to_period("Y").dt.start_time
    if grain == "month":
        return periods.dt.to_period("M").dt.start_time
    return periods.dt.normalize()


def detections_over_time(frame: pd.DataFrame, *, grain: str | None = None, by: str | None = None) -> pd.DataFrame:
    """Detections per period: columns ``period`` (start), ``grain``, [``by``], ``count``, by period.

    ``grain``: the period length to total on; by default the coarsest any row has (rows counted per year cannot be
    split into months). A finer grain than a row's is refused (ValueError). ``by``: a column to split by (e.g.
    ``document_type``), its blanks counted as :data:`UNKNOWN`.
    """
    grain = grain or coarsest_grain(frame)
    if grain not in GRAIN_ORDER:
        raise ValueError(f"unknown grain {grain!r}")
    finer = [g for g in GRAIN_ORDER[GRAIN_ORDER.index(grain) + 1:] if (frame["grain"] == g).any()]
    if finer:
        raise ValueError(f"rows counted per {finer[-1]} cannot be totalled per {grain}")
    keys = {"period": _period_start(frame["period"], grain)}
    if by is not None:
        keys[by] = _filled(frame[by])
    grouped = pd.DataFrame({**keys, "count": frame["count"].astype(np.int64)})
    out = grouped.groupby(list(keys), sort=True, as_index=False)["count"].sum()
    out.insert(1, "grain", grain)
    return out.reset_index(drop=True)


def detections_by_type(frame: pd.DataFrame) -> pd.DataFrame:
    """Detections per document type and fraud type: columns ``document_type``, ``fraud_type``, ``count``; every
    pair of the two lists (:data:`DOCUMENT_TYPE_LABELS`, :data:`FRAUD_TYPE_LABELS`) is there, 0 when none."""
    counts = frame.groupby(["document_type", "fraud_type"])["count"].sum()
    index = pd.MultiIndex.from_product([list(DOCUMENT_TYPE_LABELS), list(FRAUD_TYPE_LABELS)],
                                       names=["document_type", "fraud_type"])
    return counts.reindex(index, fill_value=0).astype(np.int64).reset_index()


def issuing_against_nationality(frame: pd.DataFrame) -> pd.DataFrame:
    """Detections per issuing country and holder's declared nationality: columns ``issuing_country_iso3``,
    ``nationality_iso3`` (blank as :data:`UNKNOWN`), ``count``, ``differs`` (True where the document's country is
    not the holder's, both known: where fraud patterns show), largest first."""
    keys = pd.DataFrame({"issuing_country_iso3": _filled(frame["issuing_country_iso3"]),
                         "nationality_iso3": _filled(frame["nationality_iso3"]),
                         "count": frame["count"].astype(np.int64)})
    out = keys.groupby(["issuing_country_iso3", "nationality_iso3"], as_index=False)["count"].sum()
    known = (out["issuing_country_iso3"] != UNKNOWN) & (out["nationality_iso3"] != UNKNOWN)
    out["differs"] = known & (out["issuing_country_iso3"] != out["nationality_iso3"])
    return out.sort_values(["count", "issuing_country_iso3", "nationality_iso3"],
                           ascending=[False, True, True]).reset_index(drop=True)


def detections_by_crossing_point(frame: pd.DataFrame) -> pd.DataFrame:
    """Detections per crossing point (and its country of detection): columns ``crossing_point``,
    ``country_of_detection_iso3``, ``count``, ``impostor_share`` (the share of impostors among them, 0-1),
    largest first."""
    keys = pd.DataFrame({"crossing_point": _filled(frame["crossing_point"]),
                         "country_of_detection_iso3": _filled(frame["country_of_detection_iso3"]),
                         "count": frame["count"].astype(np.int64),
                         "impostors": np.where(frame["fraud_type"] == "impostor", frame["count"], 0).astype(np.int64)})
    out = keys.groupby(["crossing_point", "country_of_detection_iso3"], as_index=False)[["count", "impostors"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["impostor_share"] = np.where(out["count"] > 0, out["impostors"] / out["count"], np.nan)
    out = out.drop(columns="impostors")
    return out.sort_values(["count", "crossing_point"], ascending=[False, True]).reset_index(drop=True)


#: The stages of the flow, in order, and the column each reads.
FLOW_STAGES = (("issuing", "issuing_country_iso3"), ("nationality", "nationality_iso3"),
               ("detection", "crossing_point"))


@dataclass(frozen=True)
class FraudFlow:
    """The flow issuing country -> holder's nationality -> place of detection.

    ``nodes``: ``stage`` (issuing | nationality | detection), ``key`` (ISO3, crossing point, :data:`UNKNOWN` or
    :data:`OTHER`), ``count`` (detections through the node), in stage order; ``links``: ``source`` and ``target``
    (row positions in ``nodes``), ``count``.
    """

    nodes: pd.DataFrame
    links: pd.DataFrame


def fraud_flow(frame: pd.DataFrame, *, top: int = 12) -> FraudFlow:
    """The three-stage flow of detections (:class:`FraudFlow`); in each stage, the ``top`` largest values are
    kept and the rest counted together under :data:`OTHER`."""
    keys = {}
    for stage, column in FLOW_STAGES:
        values = _filled(frame[column])
        totals = frame["count"].groupby(values.to_numpy()).sum().sort_values(ascending=False, kind="stable")
        kept = set(totals.index[:top])
        keys[stage] = values.where(values.isin(kept), OTHER)
    counts = frame["count"].astype(np.int64).to_numpy()
    node_rows = []
    for stage, _column in FLOW_STAGES:
        totals = pd.Series(counts).groupby(keys[stage].to_numpy()).sum().sort_values(ascending=False, kind="stable")
        ordered = [k for k in totals.index if k not in (OTHER, UNKNOWN)] + [k for k in (UNKNOWN, OTHER)
                                                                             if k in totals.index]
        node_rows += [(stage, key, int(totals[key])) for key in ordered]
    nodes = pd.DataFrame(node_rows, columns=["stage", "key", "count"])
    position = {(stage, key): i for i, (stage, key, _count) in enumerate(node_rows)}
    links = []
    for (first, _c1), (second, _c2) in pairwise(FLOW_STAGES):
        pairs = pd.DataFrame({"a": keys[first].to_numpy(), "b": keys[second].to_numpy(), "count": counts})
        summed = pairs.groupby(["a", "b"], as_index=False)["count"].sum()
        links += [(position[(first, a)], position[(second, b)], int(n)) for a, b, n in summed.itertuples(index=False)
                  if n > 0]
    return FraudFlow(nodes, pd.DataFrame(links, columns=["source", "target", "count"], dtype=np.int64))


def country_names(countries: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> the country's name in the M49 table (``countries`` as ``loaders.countries.read_countries`` gives
    it), for the charts to label ISO3 codes (``i18n.country_name`` translates the name)."""
    pairs = countries[["iso3", "name"]].dropna()
    return dict(zip(pairs["iso3"].astype(str), pairs["name"].astype(str)))
