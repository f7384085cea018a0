"""Source quality: IOM's source-quality scores, the reader's quality flags, and the low-quality caution."""

from __future__ import annotations

import numpy as np
import pandas as pd

from transforms.counting import event_codes, events_per_group

#: How the reader's quality flags are grouped for people (pattern -> label).
FLAG_KINDS = (
    ("no incident date", "Undated incident (kept; counted only over the whole period)"),
    ("negative missing", "Negative missing in source (kept as IOM's correction)"),
    ("negative dead", "Negative dead in source (kept as IOM's correction)"),
    ("negative survivors", "Negative survivors in source (read as blank)"),
    ("negative females", "Negative females in source (read as blank)"),
    ("negative males", "Negative males in source (read as blank)"),
    ("negative children", "Negative children in source (read as blank)"),
    ("incident type", "Two incident types listed (read as split)"),
    (" lists ", "Several regions, sub-regions, countries or routes listed (first used)"),
    ("IOM total differs", "IOM total differs from dead + missing (IOM total kept)"),
)


def quality_flag_summary(incidents: pd.DataFrame) -> pd.DataFrame:
    """How many rows carry each kind of quality flag: columns handling, rows, dead_missing."""
    rows = []
    flags = incidents["quality_flags"].fillna("")
    for pattern, label in FLAG_KINDS:
        mask = flags.str.contains(pattern, regex=False)
        rows.append({"handling": label, "rows": int(mask.sum()),
                     "dead_missing": int(incidents.loc[mask, "dead_missing"].fillna(0).sum())})
    return pd.DataFrame(rows)


#: IOM source-quality scores counted as low (a single media report, or unverified sources).
LOW_QUALITY_SCORES = (1, 2)


#: Share of dead and missing from low-quality records above which a chart warns.
LOW_QUALITY_WARNING_SHARE = 0.5


def low_quality_share(incidents: pd.DataFrame) -> float:
    """Share (0-1) of the dead and missing that come from records with source quality 1 or 2."""
    # People per score in one bincount (blank scores as 0; anything above the low scores in one last bin).
    top = max(LOW_QUALITY_SCORES) + 1
    scores = np.clip(incidents["source_quality"].to_numpy(dtype=np.int64, na_value=0), 0, top)
    per_score = np.bincount(scores, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                            minlength=top + 1)
    total = float(per_score.sum())
    return float(per_score[list(LOW_QUALITY_SCORES)].sum()) / total if total else 0.0


def low_quality_note(incidents: pd.DataFrame) -> str | None:
    """A warning sentence when low-quality records make up most of the total, else None."""
    share = low_quality_share(incidents)
    if share <= LOW_QUALITY_WARNING_SHARE:
        return None
    return (f"Caution: {share:.0%} of these dead and missing come from records IOM scores 1 or 2 for source "
            "quality (a single media report or unverified sources).")


def source_quality_profile(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing and incidents by IOM source quality (1-5, or "not scored")."""
    events = event_codes(incidents)
    if len(incidents) and events.min() >= 0:
        # Over integer codes: the few distinct scores are turned to text, not every row (a groupby with nunique
        # over millions of rows is slow); rows in the order of their text, as groupby sorts them.
        codes, scores = pd.factorize(incidents["source_quality"], use_na_sentinel=True)
        names = list(pd.array(scores).astype("string")) + ["not scored"]  # code -1 (no score) is the last name
        groups = np.where(codes < 0, len(scores), codes)
        people = np.bincount(groups, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                             minlength=len(names))
        counts = events_per_group(groups, events, len(names))
        present = np.flatnonzero(np.bincount(groups, minlength=len(names)))
        order = sorted(present.tolist(), key=names.__getitem__)
        return pd.DataFrame({"source_quality": pd.array([names[i] for i in order], dtype="string"),
                             "dead_missing": people[order].round().astype(int), "incidents": counts[order]})
    quality = incidents["source_quality"].astype("string").fillna("not scored")
    grouped = incidents.groupby(quality).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    grouped.index.name = "source_quality"
    out = grouped.reset_index()
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out
