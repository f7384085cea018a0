"""Dated context events (crises, policy changes) drawn on the Trends page: the pure reader.

``read_events(path)`` reads ``data/events/events.csv`` (sidecar
``events.meta.yml``) with the same bad-file standard as every reader: a
missing, empty or malformed file, a missing column, an unreadable date, a
blank label or citation, or an end before its start raises
:class:`loaders.errors.DataFileError` naming the column and first rows.
The file holds dates, labels, descriptions and citations only, never figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.paths import data_dir
from loaders.tabular import read_table, require_columns

#: Columns of the events file; ``end_date`` may be blank (a one-day event) but must be present.
EVENT_COLUMNS = ("date", "end_date", "label", "description", "region", "source_title", "source_publisher",
                 "source_url")


#: Columns that must be filled on every row.
FILLED_COLUMNS = ("date", "label", "description", "region", "source_title", "source_publisher", "source_url")


#: What each filled column must hold on every row (as a sentence says it).
FILLED_EXPECTED = {
    "date": N_("a date on every row"),
    "label": N_("a label on every row"),
    "description": N_("a description on every row"),
    "region": N_("a region on every row"),
    "source_title": N_("a source title on every row"),
    "source_publisher": N_("a source publisher on every row"),
    "source_url": N_("a source URL on every row"),
}


#: ``region`` value of events that concern every region.
GLOBAL = "Global"


def events_path(root: Path | None = None) -> Path:
    """The events file in the data folder in force."""
    return (root or data_dir()) / "events" / "events.csv"


def _rows(mask: pd.Series) -> list[int]:
    """1-based file rows (the header is row 1) where ``mask`` is true."""
    return [int(i) + 2 for i in range(len(mask)) if bool(mask.iloc[i])]


def _dates(text: pd.Series, path: Path, column: str) -> pd.Series:
    parsed = pd.to_datetime(text.str.strip(), format="%Y-%m-%d", errors="coerce")
    bad = text.notna() & parsed.isna()
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds dates that cannot be read in column “{column}”."),
                            column=column, rows=_rows(bad), expected=N_("dates written like 2015-05-01"))
    return parsed.astype("datetime64[ns]")


def read_events(path: Path | str) -> pd.DataFrame:
    """Read the events file into columns date, end_date (NaT for one-day events), label, description,
    region, source_title, source_publisher, source_url, sorted by date.

    Raises DataFileError for any file that cannot be used as it is.
    """
    path = Path(path)
    raw = read_table(path)
    require_columns(raw, path, EVENT_COLUMNS)
    table = raw[list(EVENT_COLUMNS)].apply(lambda column: column.str.strip())
    for column in FILLED_COLUMNS:
        blank = table[column].isna() | (table[column] == "")
        if blank.any():
            raise DataFileError(path, N_("The data file {file} has blank cells in column “{column}”."),
                                column=column, rows=_rows(blank), expected=FILLED_EXPECTED[column])
    not_web = ~table["source_url"].str.match(r"^https?://\S+$")
    if not_web.any():
        raise DataFileError(path, N_("The data file {file} holds citations that are not web addresses in column "
                                     "“{column}”."), column="source_url",
                            rows=_rows(not_web), expected=N_("an address starting with http:// or https://"))
    out = table.copy()
    out["date"] = _dates(table["date"], path, "date")
    out["end_date"] = _dates(table["end_date"], path, "end_date")
    reversed_span = out["end_date"].notna() & (out["end_date"] < out["date"])
    if reversed_span.any():
        raise DataFileError(path, N_("The data file {file} has events that end before they start in column "
                                     "“{column}”."), column="end_date",
                            rows=_rows(reversed_span), expected=N_("an end date on or after the start date"))
    return out.sort_values("date", kind="stable").reset_index(drop=True)
