"""A session's own incidents beside the public ones: which data a view shows, and the frame it is made from.

Pure: the session's state (ui/your_data.py) hands in the frames. Uploaded incidents come from
``loaders.uploads.read_upload`` in the public frame's columns, with their own Incident and Main IDs, so the two
can be put together without a clash; ``loaders.fatalities.combine_incidents`` rebuilds what the reader adds for
speed (categoricals, ``event_code``, ``month_key``, the tuple keys) over the whole, in date order.
"""

from __future__ import annotations

import pandas as pd

from i18n import N_
from loaders.fatalities import combine_incidents

#: Which incidents a session shows: the public data, its own uploaded incidents, or both.
SOURCES = ("public", "mine", "both")
SOURCE_LABELS = {"public": N_("Public data"), "mine": N_("My data"), "both": N_("Both")}


def incidents_in_force(public: pd.DataFrame | None, mine: pd.DataFrame | None, source: str) -> pd.DataFrame | None:
    """The incident frame a session shows for ``source`` (one of :data:`SOURCES`): None for the public data
    alone (the shared frame is used as it is), or when there is nothing of the session's own to show."""
    if source == "public" or mine is None or mine.empty:
        return None
    if source == "mine" or public is None:
        return combine_incidents([mine])
    return combine_incidents([public, mine])
