"""A session's own incidents beside the public ones: which data a view shows, and the frame it is made from.

Pure: the session's state (ui/your_data.py) hands in the frames. Uploaded incidents come from
``loaders.uploads.read_upload`` in the public frame's columns, with their own Incident and Main IDs, so the two
can be put together without a clash; :func:`combine_incidents` rebuilds what the reader adds for speed
(categoricals, ``event_code``, ``month_key``, the tuple keys) over the whole, in date order, as
``loaders.fatalities.read_fatalities`` does for the public exports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from i18n import N_
from loaders.fatalities import CATEGORY_COLUMNS, KEY_SUFFIX, TUPLE_COLUMNS, month_keys, tuple_keys

#: Which incidents a session shows: the public data, its own uploaded incidents, or both.
SOURCES = ("public", "mine", "both")
SOURCE_LABELS = {"public": N_("Public data"), "mine": N_("My data"), "both": N_("Both")}


def combine_incidents(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One incident frame of ``frames`` (each in the canonical columns), in date order, its fast columns rebuilt.

    Columns one frame lacks are blank in the others' rows. Raises ValueError when no frame is given.
    """
    if not frames:
        raise ValueError("no incident frame to combine")
    merged = pd.concat([frame.drop(columns=[c for c in frame.columns if c.endswith(KEY_SUFFIX)] + ["event_code",
                                                                                                    "month_key"],
                                   errors="ignore")
                        for frame in frames], ignore_index=True)
    for column in CATEGORY_COLUMNS:  # categoricals of different categories concatenate to object: read them back
        if column in merged.columns:
            merged[column] = merged[column].astype("object")
    merged = merged.drop_duplicates("incident_id", keep="last")
    order = np.lexsort((pd.factorize(merged["incident_id"].astype(str), sort=True)[0],
                        np.where(merged["date"].isna().to_numpy(), np.iinfo(np.int64).max,
                                 merged["date"].to_numpy(dtype="datetime64[ns]").view(np.int64))))
    merged = merged.take(order).reset_index(drop=True)
    merged["event_code"] = pd.factorize(merged["main_id"])[0].astype(np.int32)
    for column in CATEGORY_COLUMNS:
        if column in merged.columns:
            merged[column] = merged[column].astype("category")
    merged["month_key"] = month_keys(merged["date"]).astype(np.int32)
    for column in TUPLE_COLUMNS:
        merged[column + KEY_SUFFIX] = tuple_keys(merged[column])
    return merged


def incidents_in_force(public: pd.DataFrame | None, mine: pd.DataFrame | None, source: str) -> pd.DataFrame | None:
    """The incident frame a session shows for ``source`` (one of :data:`SOURCES`): None for the public data
    alone (the shared frame is used as it is), or when there is nothing of the session's own to show."""
    if source == "public" or mine is None or mine.empty:
        return None
    if source == "mine" or public is None:
        return combine_incidents([mine])
    return combine_incidents([public, mine])
