"""Reader of UNHCR's published figures on sea journeys in the Bay of Bengal and Andaman Sea.

``data/sea_movements/unhcr_bay_of_bengal_sea_movements.csv`` holds one row per figure read in a cited source
(its sidecar says how it was compiled). :func:`read_unhcr_sea_movements` returns ``corridor``, ``period_start``
and ``period_end`` (Timestamps), ``figure`` ("attempted" or "dead_missing"), ``measure``
(:data:`ATTEMPTED` or :data:`DEAD_MISSING`), ``unit`` ("people"), ``value`` (float), ``qualifier``, ``who`` and
the source columns ``source_title``, ``source_publisher``, ``source_url``, ``source_date`` and ``where_stated``.
A file with a header and no row is read as an empty frame: the series then says it has no figure.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from i18n import N_
from loaders.errors import DataFileError
from loaders.tabular import require_columns

#: The measure of the people who set out (the denominator), and of the dead and missing UNHCR reports.
ATTEMPTED = "attempted sea journeys (UNHCR)"
DEAD_MISSING = "dead and missing (UNHCR)"
FIGURES = {"attempted": ATTEMPTED, "dead_missing": DEAD_MISSING}
SOURCE_COLUMNS = ("source_title", "source_publisher", "source_url", "source_date", "where_stated")
COLUMNS = ("corridor", "period_start", "period_end", "figure", "value", "qualifier", "who", *SOURCE_COLUMNS)


def sea_movements_path(root: Path) -> Path:
    """UNHCR's sea-movement figures in the data folder ``root``."""
    return Path(root) / "sea_movements" / "unhcr_bay_of_bengal_sea_movements.csv"


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    return (np.flatnonzero(np.asarray(mask)) + 2).tolist()


def read_unhcr_sea_movements(path: Path | str) -> pd.DataFrame:
    """Read the UNHCR figures (see the module docstring); DataFileError with a plain sentence for a bad file."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, N_("The data file {file} is missing."),
                            expected=N_("a file named {file} in the data folder"))
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, N_("The data file {file} cannot be read as a CSV table."),
                            expected=N_("a well-formed CSV table, every row with as many cells as the header")) from exc
    require_columns(raw, path, COLUMNS)
    text = {name: raw[name].fillna("").str.strip() for name in COLUMNS}
    start = pd.to_datetime(text["period_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(text["period_end"], format="%Y-%m-%d", errors="coerce")
    for column, parsed in (("period_start", start), ("period_end", end)):
        if parsed.isna().any():
            raise DataFileError(path, N_("The data file {file} holds dates that cannot be read in column "
                                         "“{column}”."), column=column, rows=_rows(parsed.isna()),
                                expected=N_("dates like 2024-05-01"))
    figure = text["figure"]
    if (~figure.isin(list(FIGURES))).any():
        raise DataFileError(path, N_("The data file {file} holds an unknown figure in column “{column}”."),
                            column="figure", rows=_rows(~figure.isin(list(FIGURES))),
                            expected=N_("attempted or dead_missing"))
    value = pd.to_numeric(text["value"], errors="coerce")
    bad = value.isna() | (value < 0) | (end < start)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not counts in column “{column}”."),
                            column="value", rows=_rows(bad), expected=N_("a whole number of zero or more on every row"))
    unsourced = np.zeros(len(raw), dtype=bool)
    for column in ("source_title", "source_publisher", "source_url", "source_date"):
        unsourced |= (text[column] == "").to_numpy()
    if unsourced.any():
        raise DataFileError(path, N_("The data file {file} has figures without their source."),
                            rows=_rows(unsourced), expected=N_("a title, publisher, address and date on every row"))
    out = pd.DataFrame({"corridor": text["corridor"], "period_start": start.astype("datetime64[ns]"),
                        "period_end": end.astype("datetime64[ns]"), "figure": figure,
                        "measure": figure.map(FIGURES), "unit": "people", "value": value.astype(float),
                        "qualifier": text["qualifier"], "who": text["who"],
                        **{name: text[name] for name in SOURCE_COLUMNS}})
    return out.sort_values(["corridor", "period_start", "figure"], kind="stable").reset_index(drop=True)
