"""IOM Missing Migrants Project incidents: the pure reader.

``read_fatalities(paths, countries)`` reads one or more IOM exports (CSV or
XLSX, the 25-column 2025 layout, the 22-column 2026 layout, or a future one
whose columns can be matched by name), and returns one canonical tidy frame
with one row per Incident ID (a later file wins over an earlier one).

Quirks of the real files are handled on purpose and recorded per row in
``quality_flags`` (see ``data/iom_mmp/*.meta.yml``):

* negative counts: a negative *missing* is kept as IOM published it (it is
  IOM's own correction, and keeping it makes totals reconcile with IOM's); a
  negative survivors, females, males or children count is set to blank;
* implausible values (flagged, and counted and cautioned by ``transforms.quality``):
  a total that is not dead plus missing keeps IOM's total; a count beyond its
  plausibility bound (:data:`COUNT_BOUNDS`, either sign) is set aside (blank);
  coordinates outside the globe's range become an unknown position; a date
  outside :data:`FIRST_DATE` to :data:`LAST_DATE` is read as undated; a cell
  longer than :data:`MAX_TEXT_CHARS` is cut to that length;
* comma-joined multi-values: causes of death and countries/regions of origin
  become tuples; region, sub-region, country of incident and route keep their
  first categorised value and are flagged;
* undated rows keep a blank date and year;
* the "Uncategorized" UNSD sub-region (mostly incidents at sea) is kept;
* split and cumulative incidents are typed ``split`` / ``cumulative``.

Columns of the canonical frame, with units:

``main_id``, ``incident_id``, ``incident_type`` (incident | split | cumulative),
``date`` (day), ``year``, ``month`` (1-12), ``region_of_incident``,
``unsd_subregion``, ``country_of_incident``, ``country_of_incident_iso3``,
``country_of_origin`` (tuple of names), ``country_of_origin_iso3`` (tuple),
``region_of_origin`` (tuple), ``migration_route``, ``cause_of_death`` (tuple),
``dead``, ``missing``, ``dead_missing``, ``survivors``, ``females``, ``males``,
``children`` (people), ``lat``, ``lon`` (degrees WGS84), ``location``,
``information_source``, ``source_url``, ``source_quality`` (1-5, the best
score where several are given), ``source_quality_label`` (the same as text, for
filtering), ``source_file``, ``quality_flags``. Text columns are pandas
categoricals. Added for speed, not for display: ``event_code`` (an integer per
Main ID), ``month_key`` (year * 100 + month, -1 undated) and
``<tuple column>_key`` (the tuple's values joined, as a categorical).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from i18n import N_
from loaders.countries import resolve_iso3
from loaders.errors import DataFileError, short_name
from loaders.tabular import quoted, read_table

_log = logging.getLogger(__name__)

#: Canonical name -> the header spellings IOM has used for it.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "main_id": ("Main ID",),
    "incident_id": ("Incident ID",),
    "incident_type": ("Incident Type",),
    "region_of_incident": ("Region of Incident", "Region"),
    "date": ("Incident Date", "Reported Date"),
    "year": ("Incident Year", "Year", "Reported Year"),
    "month_name": ("Month", "Reported Month"),
    "dead": ("Number of Dead", "Number Dead"),
    "missing": ("Minimum Estimated Number of Missing",),
    "dead_missing": ("Total Number of Dead and Missing",),
    "survivors": ("Number of Survivors",),
    "females": ("Number of Females",),
    "males": ("Number of Males",),
    "children": ("Number of Children",),
    "country_of_origin": ("Country of Origin",),
    "region_of_origin": ("Region of Origin",),
    "cause_of_death": ("Cause of Death",),
    "country_of_incident": ("Country of Incident",),
    "migration_route": ("Migration Route", "Migration route"),
    "location": ("Location of Incident", "Location of death", "Location"),
    "coordinates": ("Coordinates",),
    "unsd_subregion": ("UNSD Geographical Grouping",),
    "information_source": ("Information Source",),
    "source_url": ("URL",),
    "source_quality": ("Source Quality",),
}

#: Columns without which a file cannot be used.
REQUIRED = ("incident_id", "date", "region_of_incident", "dead", "missing", "cause_of_death", "coordinates")

COUNT_COLUMNS = ("dead", "missing", "dead_missing", "survivors", "females", "males", "children")

#: Plausibility bound of the dead, the missing, their total, and the females, males and children among them, in
#: one IOM row (people). The largest in the shipped exports is 1,022 dead and missing (2015.MMP00108, the
#: shipwreck of 18 April 2015 south of Lampedusa, the deadliest IOM records: 750 dead, 272 missing); no boat
#: or truck known to have carried migrants held twice that. A count beyond it (either sign) is a typo or a
#: broken file, not an incident: it is set aside (read as blank, so no chart counts it) and flagged.
DEAD_MISSING_BOUND = 2_000
#: Plausibility bound of the survivors of one IOM row (people). The largest shipped is 1,950 (one rescue); a
#: large ship's rescue can exceed it, so the bound is five times that. Beyond it: set aside and flagged.
SURVIVORS_BOUND = 10_000
#: Each count column's plausibility bound (people), and its name in a quality flag.
COUNT_BOUNDS = {column: SURVIVORS_BOUND if column == "survivors" else DEAD_MISSING_BOUND for column in COUNT_COLUMNS}
COUNT_LABELS = {column: "total dead and missing" if column == "dead_missing" else column for column in COUNT_COLUMNS}
#: A whole number larger than this is held as this (an integer column cannot hold any size): far beyond every
#: bound, so it is set aside all the same.
COUNT_CEILING = 10 ** 15

#: Longest text kept in a cell (characters). The longest shipped cells are a list of source links (591
#: characters), an information source (504) and a location (478); a longer cell is cut to this length, ending
#: in "…", and flagged, so a runaway cell (a megabyte of text) never reaches a page.
MAX_TEXT_CHARS = 1_000

#: Plausible incident dates. The Missing Migrants Project records deaths from 1 January 2014 (the shipped exports
#: start on 6 January 2014); the far end only keeps a mistyped year (9999) from stretching every time axis and
#: period filter. A readable date outside is read as undated (counted only over the whole period) and flagged.
FIRST_DATE = pd.Timestamp("2014-01-01")
LAST_DATE = pd.Timestamp("2099-12-31")

#: Words of the quality flags that mark an implausible value (read by transforms.quality to count and caution).
FLAG_TOTAL_DIFFERS = "IOM total differs from dead + missing"
FLAG_BEYOND_BOUND = "beyond the plausibility bound"
FLAG_COORDINATES = "outside the range of latitude and longitude"
FLAG_TEXT_CUT = "cut to the length bound"
FLAG_DATE_OUTSIDE = "outside the plausible dates"

#: IOM's own cause-of-death category for an unknown cause; the transforms also count a blank cause under it.
UNKNOWN_CAUSE = "Mixed or unknown"

#: IOM cause-of-death categories. Only needed to split multi-valued cells,
#: because one category itself contains commas; unknown categories pass through.
CAUSE_CATEGORIES: tuple[str, ...] = (
    "Drowning",
    UNKNOWN_CAUSE,
    "Vehicle accident / death linked to hazardous transport",
    "Harsh environmental conditions / lack of adequate shelter, food, water",
    "Sickness / lack of access to adequate healthcare",
    "Violence",
    "Accidental death",
)

INCIDENT_TYPES = {"incident": "incident", "split incident": "split", "cumulative incident": "cumulative"}

UNCATEGORIZED = "Uncategorized"

CANONICAL_COLUMNS = (
    "main_id", "incident_id", "incident_type", "date", "year", "month",
    "region_of_incident", "unsd_subregion", "country_of_incident", "country_of_incident_iso3",
    "country_of_origin", "country_of_origin_iso3", "region_of_origin", "migration_route",
    "cause_of_death", *COUNT_COLUMNS, "lat", "lon", "location",
    "information_source", "source_url", "source_quality", "source_quality_label", "source_file", "quality_flags",
)


def map_unique(series: pd.Series, func) -> pd.Series:
    """``series.map(func)``, calling ``func`` once per distinct value (cells repeat a lot)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = [func(value) for value in uniques] + [func(None) if (codes < 0).any() else None]
    picked = np.empty(len(results), dtype=object)
    picked[:] = results
    return pd.Series(picked[codes], index=series.index)


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def match_columns(frame: pd.DataFrame, path: Path) -> dict[str, str]:
    """Map canonical names to the file's own headers, by name (case and spacing ignored).

    Extra columns are ignored; a missing required column raises DataFileError.
    """
    by_norm = {_norm(c): c for c in frame.columns}
    found: dict[str, str] = {}
    for canonical, spellings in COLUMN_ALIASES.items():
        for spelling in spellings:
            if _norm(spelling) in by_norm:
                found[canonical] = by_norm[_norm(spelling)]
                break
    for canonical in REQUIRED:
        if canonical not in found:
            raise DataFileError(path, N_("The data file {file} lacks a required column “{column}”."),
                                column=COLUMN_ALIASES[canonical][0],
                                # Translators: {columns} lists IOM's column headings, each in quotation marks.
                                expected=N_("an IOM Missing Migrants export with columns {columns}"),
                                params={"columns": quoted(COLUMN_ALIASES[c][0] for c in REQUIRED)})
    return found


def _offending_rows(mask: pd.Series) -> list[int]:
    """1-based file row numbers (header is row 1) where ``mask`` is true."""
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def _cast_all(cells: pa.Array, to: pa.DataType) -> np.ndarray | None:
    """Every cell of an Arrow text array read as ``to`` (spaces trimmed, blank cells NaN) as a float array,
    or None when any cell is not plainly such a number: the caller then reads it the slow way, which says
    which rows are wrong. Faster than ``pd.to_numeric`` on text."""
    try:
        values = pc.cast(pc.utf8_trim_whitespace(cells), to)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return values.to_numpy(zero_copy_only=False).astype(float)


def _arrow_text(text: pd.Series) -> pa.Array:
    return pa.array(text, type=pa.large_string(), from_pandas=True)


def read_counts(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each cell read as a number (NaN where blank or unreadable), and the rows that hold something other than a
    whole number (blank cells are fine)."""
    stripped = text.str.strip()
    numbers = pd.to_numeric(stripped, errors="coerce")
    bad = stripped.notna() & (numbers.isna() | (numbers.notna() & (numbers % 1 != 0)))
    return numbers, bad


def parse_counts(text: pd.Series, path: Path, column: str) -> pd.Series:
    """Whole-number counts; blank stays blank; anything else raises DataFileError."""
    fast = _cast_all(_arrow_text(text), pa.int64())
    if fast is not None:
        return pd.Series(fast, index=text.index).astype("Int64")
    numbers, bad = read_counts(text)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds values that are not whole numbers in column "
                                     "“{column}”."), column=column,
                            rows=_offending_rows(bad), expected=N_("a whole number of people or a blank cell"))
    # A whole number too large for an integer column is held as COUNT_CEILING: far beyond any plausibility bound,
    # so the caller sets it aside like any other implausible count.
    return numbers.clip(-COUNT_CEILING, COUNT_CEILING).astype("Int64")


def read_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each cell read as a date, in ISO (2014-01-06) or the IOM site's format (Thu, 01/01/2026 - 12:00), NaT where
    blank or unreadable; and the rows holding something that is not such a date (blank cells are fine)."""
    stripped = text.str.strip()
    # utc=True: a file mixing time-zone offsets is read (in UTC) instead of raising; plain dates are unchanged.
    parsed = pd.to_datetime(stripped, format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
    todo = stripped.notna() & parsed.isna()
    if todo.any():
        parsed.loc[todo] = pd.to_datetime(stripped[todo], format="%a, %m/%d/%Y - %H:%M", errors="coerce")
    return parsed, stripped.notna() & parsed.isna()


def parse_dates(text: pd.Series, path: Path, column: str) -> tuple[pd.Series, pd.Series]:
    """Incident dates in ISO (2014-01-06) or the IOM site's format (Thu, 01/01/2026 - 12:00).

    A readable date outside :data:`FIRST_DATE` to :data:`LAST_DATE` is returned blank (undated); the second
    series marks those rows. A cell that is not a date raises DataFileError.
    """
    parsed, bad = read_dates(text)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds dates that cannot be read in column “{column}”."),
                            column=column, rows=_offending_rows(bad),
                            # Translators: keep the two examples as they are: they are how IOM's files write dates.
                            expected=N_("dates like 2024-05-31 or “Fri, 05/31/2024 - 12:00”"))
    outside = parsed.notna() & ((parsed < FIRST_DATE) | (parsed > LAST_DATE))
    return parsed.mask(outside).dt.normalize().astype("datetime64[ns]"), outside


def parse_coordinates(text: pd.Series, path: Path, column: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Split IOM's "lat, lon" strings into two float columns (degrees).

    A pair outside the range of latitude (-90 to 90) and longitude (-180 to 180), or not finite, is read as an
    unknown position (both blank); the third series marks those rows. A cell that is not two numbers raises
    DataFileError.
    """
    lat, lon, bad = read_coordinates(text)
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds coordinates that cannot be read in column "
                                     "“{column}”."), column=column,
                            rows=_offending_rows(bad), expected=N_("“latitude, longitude” in degrees"))
    with np.errstate(invalid="ignore"):
        outside = text.notna() & ~((lat.abs() <= 90) & (lon.abs() <= 180))
    if outside.any():
        lat, lon = lat.mask(outside), lon.mask(outside)
    return lat, lon, outside


def read_coordinates(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """IOM's "lat, lon" cells as two float series (NaN where blank or unreadable), and the rows holding something
    other than two numbers joined by a comma (blank cells are fine)."""
    lat = lon = None
    parts = pc.split_pattern(_arrow_text(text), ",", max_splits=1)
    if pc.all(pc.equal(pc.list_value_length(parts), 2)).as_py() is not False:  # every filled cell has one comma
        first = _cast_all(pc.list_element(parts, 0), pa.float64())
        second = _cast_all(pc.list_element(parts, 1), pa.float64())
        if first is not None and second is not None:
            lat, lon = pd.Series(first, index=text.index), pd.Series(second, index=text.index)
    if lat is None:  # some cell is not "number, number": read the slow way, which finds the rows
        parts = text.str.split(",", n=1, expand=True).reindex(columns=[0, 1])
        lat = pd.to_numeric(parts[0].str.strip(), errors="coerce")
        lon = pd.to_numeric(parts[1].str.strip(), errors="coerce")
    lat, lon = lat.astype(float), lon.astype(float)
    return lat, lon, text.notna() & (lat.isna() | lon.isna())


def parse_source_quality(text: pd.Series, path: Path, column: str) -> pd.Series:
    """IOM's 1-5 source quality; "4,5" (several sources) becomes the best score, 5."""
    values = source_quality_scores(text)
    bad = values == -1
    if bad.any():
        raise DataFileError(path, N_("The data file {file} holds source-quality scores outside 1 to 5 in column "
                                     "“{column}”."), column=column,
                            rows=_offending_rows(bad), expected=N_("a score from 1 to 5, or several joined by commas"))
    return pd.Series(values, index=text.index).astype("Int64")


def source_quality_scores(text: pd.Series) -> pd.Series:
    """The best 1-5 score of each cell (float; NaN where blank, -1 where the cell is not scores from 1 to 5)."""
    def best(cell: object) -> float:
        if not isinstance(cell, str):
            return np.nan
        try:
            scores = [int(part) for part in cell.split(",") if part.strip()]
        except ValueError:
            return -1.0
        return float(max(scores)) if scores and all(1 <= s <= 5 for s in scores) else -1.0

    return map_unique(text, best).astype(float)


def split_protected(cell: object, protected: Sequence[str] = ()) -> tuple[str, ...]:
    """Split a comma-joined cell, keeping intact the known values that contain commas.

    "Drowning,Harsh environmental conditions / lack of adequate shelter, food, water"
    gives two causes, and "China, Hong Kong Special Administrative Region" one country.
    """
    if not isinstance(cell, str) or not cell.strip():
        return ()
    found: list[str] = []
    rest = cell
    for value in protected:
        if value in rest:
            found.append(value)
            rest = rest.replace(value, "")
    found.extend(part.strip() for part in rest.split(",") if part.strip())
    return tuple(dict.fromkeys(found))


def split_causes(cell: object) -> tuple[str, ...]:
    """Split a cause-of-death cell into IOM categories, in IOM's category order."""
    order = {c: i for i, c in enumerate(CAUSE_CATEGORIES)}
    causes = split_protected(cell, [c for c in CAUSE_CATEGORIES if "," in c])
    return tuple(sorted(causes, key=lambda c: (order.get(c, len(order)), c)))


def split_list(cell: object) -> tuple[str, ...]:
    """Split a comma-joined cell into a tuple of trimmed, distinct values."""
    if not isinstance(cell, str):
        return ()
    return tuple(dict.fromkeys(part.strip() for part in cell.split(",") if part.strip()))


def primary_value(cell: object, protected: Sequence[str] = ()) -> str | None:
    """The first categorised value of a comma-joined cell ("Uncategorized,Western Africa" -> Western Africa)."""
    values = split_protected(cell, protected)
    if not values:
        return None
    categorised = [v for v in values if v != UNCATEGORIZED]
    return categorised[0] if categorised else values[0]


def _incident_type(raw: pd.Series | None, main_id: pd.Series, incident_id: pd.Series) -> pd.Series:
    """Canonical incident type; where the file has no type column, split = Main ID shared by several rows."""
    if raw is None:
        shared = main_id.duplicated(keep=False) & main_id.notna()
        return pd.Series(np.where(shared, "split", "incident"), index=main_id.index)

    def canonical(cell: object) -> str:
        values = [INCIDENT_TYPES.get(v.casefold(), v.casefold()) for v in split_list(cell)]
        for kind in ("cumulative", "split"):
            if kind in values:
                return kind
        return values[0] if values else "incident"

    return map_unique(raw, canonical)


def cut_long_text(raw: pd.DataFrame, flags: list[list[str]]) -> None:
    """Cut every cell of ``raw`` (a text frame the caller owns) longer than :data:`MAX_TEXT_CHARS` to that length,
    ending in "…", and flag its row: an over-long cell never reaches a page, a filter list or a download."""
    for position, column in enumerate(raw.columns):
        cells = raw.iloc[:, position]
        lengths = pc.utf8_length(_arrow_text(cells)).to_numpy(zero_copy_only=False)
        with np.errstate(invalid="ignore"):
            long_cells = np.nan_to_num(lengths.astype(float), nan=0) > MAX_TEXT_CHARS
        if not long_cells.any():
            continue
        for i in np.flatnonzero(long_cells):
            flags[i].append(f"“{short_name(column, 40)}” text of {int(lengths[i]):,} characters {FLAG_TEXT_CUT} "
                            f"of {MAX_TEXT_CHARS:,}")
        raw.isetitem(position, cells.where(~long_cells, cells.str.slice(0, MAX_TEXT_CHARS - 1) + "…"))


def read_fatality_file(path: Path | str, name_lookup: dict[str, str]) -> pd.DataFrame:
    """Read one IOM export into the canonical frame (see the module docstring)."""
    path = Path(path)
    return clean_fatality_frame(read_table(path), path, name_lookup)


def clean_fatality_frame(raw: pd.DataFrame, path: Path | str, name_lookup: dict[str, str]) -> pd.DataFrame:
    """One IOM export already read as a text frame (every cell text, blank cells missing; ``raw`` is changed)
    cleaned into the canonical frame, without ``event_code`` and the other speed columns that
    :func:`finish_incidents` adds. ``path`` names the file in errors and in ``source_file`` (nothing is read
    from it). Raises DataFileError as :func:`read_fatality_file` does."""
    path = Path(path)
    cols = match_columns(raw, path)
    flags: list[list[str]] = [[] for _ in range(len(raw))]
    cut_long_text(raw, flags)

    def text(canonical: str) -> pd.Series | None:
        return raw[cols[canonical]].str.strip() if canonical in cols else None

    n = len(raw)
    blank = pd.Series([pd.NA] * n, index=raw.index, dtype="object")

    incident_id = text("incident_id")
    missing_id = incident_id.isna()
    if missing_id.any():
        raise DataFileError(path, N_("The data file {file} has rows without an incident ID in column “{column}”."),
                            column=cols["incident_id"], rows=_offending_rows(missing_id),
                            expected=N_("an ID such as 2024.MMP00001 on every row"))
    main_id = text("main_id") if "main_id" in cols else incident_id

    out = pd.DataFrame(index=raw.index)
    out["main_id"] = main_id.fillna(incident_id)
    out["incident_id"] = incident_id
    type_raw = text("incident_type")
    out["incident_type"] = _incident_type(type_raw, out["main_id"], incident_id)
    if type_raw is not None:
        for i in np.flatnonzero(type_raw.str.contains(",", na=False).to_numpy()):
            flags[i].append(f"incident type “{type_raw.iloc[i]}” read as {out['incident_type'].iloc[i]}")

    dates = text("date")
    out["date"], outside = parse_dates(dates, path, cols["date"])
    for i in np.flatnonzero(outside.to_numpy()):
        flags[i].append(f"date “{short_name(dates.iloc[i], 40)}” {FLAG_DATE_OUTSIDE} {FIRST_DATE:%Y} to "
                        f"{LAST_DATE:%Y}; read as undated")
    year_text = text("year")
    year_from_file = parse_counts(year_text, path, cols["year"]) if year_text is not None else blank.astype("Int64")
    # An undated row's year, when its file gives one, within the same span; blank where the date was set aside.
    year_from_file = year_from_file.where(year_from_file.between(FIRST_DATE.year, LAST_DATE.year) & ~outside)
    out["year"] = out["date"].dt.year.astype("Int64").fillna(year_from_file)
    out["month"] = out["date"].dt.month.astype("Int64")
    for i in np.flatnonzero(out["date"].isna().to_numpy()):
        flags[i].append("no incident date in source")

    comma_names = sorted((name for name in name_lookup if "," in name), key=len, reverse=True)
    for canonical in ("region_of_incident", "unsd_subregion", "country_of_incident", "migration_route"):
        values = text(canonical)
        if values is None:
            out[canonical] = blank.astype("str")
            continue
        protected = comma_names if canonical == "country_of_incident" else ()
        out[canonical] = map_unique(values, lambda cell: primary_value(cell, protected)).astype("str")
        several = map_unique(values, lambda cell: len(split_protected(cell, protected)) > 1).astype(bool)
        for i in np.flatnonzero(several.to_numpy()):
            flags[i].append(f"{canonical.replace('_', ' ')} lists “{values.iloc[i]}”; {out[canonical].iloc[i]} used")
    out["country_of_incident_iso3"] = map_unique(
        out["country_of_incident"], lambda name: name_lookup.get(name.strip()) if isinstance(name, str) else None
    ).astype("str")

    origins = text("country_of_origin")
    out["country_of_origin"] = map_unique(origins if origins is not None else blank,
        lambda cell: split_protected(cell, comma_names))
    out["country_of_origin_iso3"] = map_unique(out["country_of_origin"],
        lambda names: tuple(code for code in resolve_iso3(names, name_lookup) if code))
    origin_regions = text("region_of_origin")
    out["region_of_origin"] = map_unique(origin_regions if origin_regions is not None else blank, split_list)
    out["cause_of_death"] = map_unique(text("cause_of_death"), split_causes)

    for canonical in COUNT_COLUMNS:
        values = text(canonical)
        if values is None:
            out[canonical] = blank.astype("Int64")
            continue
        counts = parse_counts(values, path, cols[canonical])
        bound = COUNT_BOUNDS[canonical]
        beyond = ((counts > bound) | (counts < -bound)).fillna(False)  # not abs(): it overflows at the int64 floor
        for i in np.flatnonzero(beyond.to_numpy()):
            flags[i].append(f"{COUNT_LABELS[canonical]} of {counts.iloc[i]:,} {FLAG_BEYOND_BOUND} of {bound:,}: "
                            "set aside")
        out[canonical] = counts.mask(beyond)
    computed_total = out["dead"].fillna(0) + out["missing"].fillna(0)
    if "dead_missing" not in cols:
        out["dead_missing"] = computed_total
    else:
        differs = out["dead_missing"].notna() & (out["dead_missing"] != computed_total)
        for i in np.flatnonzero(differs.to_numpy()):
            flags[i].append(f"{FLAG_TOTAL_DIFFERS}; IOM total kept")
        for i in np.flatnonzero((out["dead_missing"] < 0).fillna(False).to_numpy()):
            flags[i].append(f"negative total ({out['dead_missing'].iloc[i]}) kept as IOM published it")
        out["dead_missing"] = out["dead_missing"].fillna(computed_total)
    for i in np.flatnonzero((out["missing"] < 0).fillna(False).to_numpy()):
        flags[i].append(f"negative missing ({out['missing'].iloc[i]}) kept as IOM's correction to the total")
    for i in np.flatnonzero((out["dead"] < 0).fillna(False).to_numpy()):
        flags[i].append(f"negative dead ({out['dead'].iloc[i]}) kept as IOM's correction to the total")
    for canonical in ("survivors", "females", "males", "children"):
        negative = (out[canonical] < 0).fillna(False)
        for i in np.flatnonzero(negative.to_numpy()):
            flags[i].append(f"negative {canonical} ({out[canonical].iloc[i]}) in source set to blank")
        out.loc[negative, canonical] = pd.NA

    coordinates = text("coordinates")
    out["lat"], out["lon"], outside = parse_coordinates(coordinates, path, cols["coordinates"])
    for i in np.flatnonzero(outside.to_numpy()):
        flags[i].append(f"coordinates “{short_name(coordinates.iloc[i], 40)}” {FLAG_COORDINATES}; position unknown")
    for canonical in ("location", "information_source", "source_url"):
        values = text(canonical)
        out[canonical] = (values if values is not None else blank).astype("str")
    quality = text("source_quality")
    out["source_quality"] = (parse_source_quality(quality, path, cols["source_quality"])
                             if quality is not None else blank.astype("Int64"))
    out["source_quality_label"] = out["source_quality"].astype("string").astype("str")
    out["source_file"] = path.name
    out["quality_flags"] = ["; ".join(f) for f in flags]
    return out[list(CANONICAL_COLUMNS)].reset_index(drop=True)


#: Every text column is held as a pandas categorical: comparing, grouping and taking rows then work on
#: integer codes instead of strings (faster for each cut of the frame a page makes). A cell
#: is read as before; to fill blanks or join text, convert with ``.astype("str")`` first.
CATEGORY_COLUMNS = ("main_id", "incident_id", "incident_type", "region_of_incident", "unsd_subregion",
                    "country_of_incident", "country_of_incident_iso3", "migration_route", "location",
                    "information_source", "source_url", "source_quality_label", "source_file", "quality_flags")


#: Columns holding tuples, each given a categorical companion ``<column>_key`` whose categories are the
#: distinct tuples joined by KEY_SEPARATOR: transforms read the tuples through its integer codes instead of
#: hashing a tuple per row (:func:`value_codes`).
TUPLE_COLUMNS = ("country_of_origin", "country_of_origin_iso3", "region_of_origin", "cause_of_death")
KEY_SUFFIX = "_key"
KEY_SEPARATOR = "\x1f"


def tuple_keys(cells: pd.Series) -> pd.Series:
    """A categorical of each tuple's values joined by KEY_SEPARATOR (blank cells stay blank)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    labels = [KEY_SEPARATOR.join(u) if isinstance(u, tuple) else str(u) for u in uniques]
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels), index=cells.index)


def month_keys(dates: pd.Series) -> np.ndarray:
    """Year * 100 + month for each date (202405 for May 2024), -1 where undated."""
    keys = (dates.dt.year * 100 + dates.dt.month).to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(keys), -1, keys).astype(np.int64)


def _decode(label: str) -> tuple[str, ...]:
    return tuple(label.split(KEY_SEPARATOR)) if label else ()


def value_codes(incidents: pd.DataFrame, column: str) -> tuple[np.ndarray, list]:
    """An integer per row (-1 for a blank cell) and the distinct values the integers stand for.

    Like ``pd.factorize(incidents[column])``, but read from the reader's
    categorical (``<column>_key`` for tuple columns, or the column itself)
    when there is one, so nothing is hashed row by row. The values may
    include some no row of ``incidents`` holds (see :func:`present_cells`).
    """
    key = column + KEY_SUFFIX
    if key in incidents.columns:
        keys = incidents[key]
        return keys.cat.codes.to_numpy().astype(np.int64), [_decode(c) for c in keys.cat.categories]
    series = incidents[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64), list(series.cat.categories)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def present_cells(incidents: pd.DataFrame, column: str) -> list:
    """The distinct non-blank cells some row of ``incidents`` holds in ``column`` (tuples for tuple columns)."""
    codes, cells = value_codes(incidents, column)
    present = np.bincount(codes[codes >= 0], minlength=len(cells)) > 0
    return [cell for cell, used in zip(cells, present) if used]


def _date_order(frame: pd.DataFrame) -> np.ndarray:
    """Row positions by date, then Incident ID, undated last: ``sort_values(["date", "incident_id"],
    na_position="last", kind="stable")``, with the IDs ranked once instead of compared as text."""
    id_rank = pd.factorize(frame["incident_id"], sort=True)[0]
    days = frame["date"].to_numpy(dtype="datetime64[ns]")
    day_key = np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64))
    return np.lexsort((id_rank, day_key))


def read_fatalities(paths: Sequence[Path | str], name_lookup: dict[str, str],
                    problems: list[DataFileError] | None = None) -> pd.DataFrame:
    """Read and merge IOM exports; one row per Incident ID, later files winning.

    ``paths`` should be ordered oldest export first. Adds ``event_code``, an
    integer per distinct Main ID, so counting incidents needs no string hashing;
    ``month_key`` (year * 100 + month, -1 when undated) for the period filter;
    and a ``<column>_key`` categorical beside each of :data:`TUPLE_COLUMNS`.

    Without ``problems``, the first unusable file raises its DataFileError. With a list, an unusable file is left
    out and its DataFileError appended there, and the others are read. Raises DataFileError when no file is given
    or none can be used.
    """
    if not paths:
        raise DataFileError(Path("iom_mmp"), N_("The data folder {file} holds no IOM export."),
                            expected=N_("at least one .csv or .xlsx export from the Missing Migrants Project"))
    frames = []
    for path in paths:
        try:
            frames.append(read_export(path, name_lookup))
        except DataFileError as error:
            if problems is None:
                raise
            problems.append(error)
    if not frames:
        raise problems[0]  # type: ignore[index]  # every file failed, so problems holds at least one
    return finish_incidents(pd.concat(frames, ignore_index=True))


def finish_incidents(merged: pd.DataFrame) -> pd.DataFrame:
    """Cleaned incident rows (of one or more files, oldest first) made into the canonical frame: one row per
    Incident ID (the last wins), in date order, with ``event_code``, text columns as categoricals,
    ``month_key`` and the ``<tuple column>_key`` categoricals. ``merged`` is changed: pass a frame you own."""
    merged = merged.drop_duplicates("incident_id", keep="last")
    merged = merged.take(_date_order(merged)).reset_index(drop=True)
    merged["event_code"] = pd.factorize(merged["main_id"])[0].astype(np.int32)
    for column in CATEGORY_COLUMNS:
        merged[column] = merged[column].astype("category")
    merged["month_key"] = month_keys(merged["date"]).astype(np.int32)
    for column in TUPLE_COLUMNS:
        merged[column + KEY_SUFFIX] = tuple_keys(merged[column])
    return merged


def combine_incidents(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Several canonical incident frames (the public one and uploaded ones, each as :func:`read_fatalities` or
    ``loaders.uploads.read_upload`` returns it) as one canonical frame every transform accepts: categoricals
    rebuilt over the union of their values, ``event_code`` and the key columns computed afresh, one row per
    Incident ID (a later frame wins), in date order. A column some frames lack is blank in their rows. The inputs
    are not changed."""
    parts = []
    # Categorical columns beyond the reader's own (added by a later step, e.g. spatial ones) stay categorical.
    other_categories = [c for frame in frames for c in frame.columns
                        if isinstance(frame[c].dtype, pd.CategoricalDtype) and c not in CATEGORY_COLUMNS
                        and not c.endswith(KEY_SUFFIX)]
    for frame in frames:
        part = frame.drop(columns=["event_code", "month_key", *(c + KEY_SUFFIX for c in TUPLE_COLUMNS)],
                          errors="ignore")
        parts.append(part.astype({c: object for c in (*CATEGORY_COLUMNS, *other_categories) if c in part.columns}))
    combined = finish_incidents(pd.concat(parts, ignore_index=True))
    for column in dict.fromkeys(other_categories):
        combined[column] = combined[column].astype("category")
    return combined


def read_export(path: Path | str, name_lookup: dict[str, str]) -> pd.DataFrame:
    """:func:`read_fatality_file`, with any failure it does not foresee turned into a DataFileError (logged on the
    server with its traceback): one hostile or broken export can never stop the others from being read."""
    try:
        return read_fatality_file(path, name_lookup)
    except DataFileError:
        raise
    except Exception as exc:  # a file the reader does not foresee; the traceback goes to the log
        _log.exception("IOM export %s could not be read", Path(path).name)
        raise DataFileError(path, N_("The data file {file} holds something the reader cannot use."),
                            expected=N_("an IOM Missing Migrants export as downloaded, unedited")) from exc
