"""Source quality and plausibility: IOM's source-quality scores, the reader's quality flags, and the cautions
shown under a figure (low-quality sources; implausible values)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from i18n import N_, _, format_integer, format_percent, ngettext, pgettext
from loaders.fatalities import (
    DEAD_MISSING_BOUND,
    FIRST_DATE,
    FLAG_BEYOND_BOUND,
    FLAG_COORDINATES,
    FLAG_DATE_OUTSIDE,
    FLAG_TEXT_CUT,
    FLAG_TOTAL_DIFFERS,
    LAST_DATE,
    MAX_TEXT_CHARS,
    SURVIVORS_BOUND,
)
from transforms.counting import event_codes, events_per_group
from transforms.geography import FLAG_COORDINATE_COUNTRY, LAND_TOLERANCE_KM, SEA_TOLERANCE_KM

#: The reader's flags that mark a value failing a plausibility check (pattern -> the words a caution uses).
#: Each is counted on Data and sources and cautioned under every figure whose rows include it.
IMPLAUSIBLE_KINDS = (
    (FLAG_TOTAL_DIFFERS, N_("a total that is not dead plus missing")),
    ("negative total", N_("a negative total")),
    ("negative dead", N_("a negative dead count")),
    ("negative missing", N_("a negative missing count")),
    ("negative survivors", N_("a negative survivors count")),
    ("negative females", N_("a negative females count")),
    ("negative males", N_("a negative males count")),
    ("negative children", N_("a negative children count")),
    (FLAG_BEYOND_BOUND, N_("a count beyond the plausibility bound, set aside")),
    (FLAG_COORDINATES, N_("coordinates off the globe, read as unknown")),
    (FLAG_DATE_OUTSIDE, N_("a date outside the plausible years, read as undated")),
    (FLAG_TEXT_CUT, N_("over-long text, cut")),
)

#: How the reader's quality flags are grouped for people (pattern -> label, a message whose placeholders
#: :func:`_flag_bounds` fills).
FLAG_KINDS = (
    ("no incident date", N_("Undated incident (kept; counted only over the whole period)")),
    ("negative missing", N_("Negative missing in source (kept as IOM's correction)")),
    ("negative dead", N_("Negative dead in source (kept as IOM's correction)")),
    ("negative total", N_("Negative total in source (kept as IOM published it)")),
    ("negative survivors", N_("Negative survivors in source (read as blank)")),
    ("negative females", N_("Negative females in source (read as blank)")),
    ("negative males", N_("Negative males in source (read as blank)")),
    ("negative children", N_("Negative children in source (read as blank)")),
    ("incident type", N_("Two incident types listed (read as split)")),
    (" lists ", N_("Several regions, sub-regions, countries or routes listed (first used)")),
    (FLAG_TOTAL_DIFFERS, N_("IOM total differs from dead + missing (IOM total kept)")),
    (FLAG_BEYOND_BOUND, N_("Count beyond the plausibility bound ({dead_missing_bound} dead, missing, total, "
                           "females, males or children; {survivors_bound} survivors): set aside, not counted")),
    (FLAG_COORDINATES, N_("Coordinates outside the range of latitude and longitude (position read as unknown)")),
    (FLAG_DATE_OUTSIDE, N_("Date outside {first_year} to {last_year} (read as undated)")),
    (FLAG_TEXT_CUT, N_("Text longer than {max_chars} characters (cut to that length)")),
    (FLAG_COORDINATE_COUNTRY, N_("Coordinates in another country than IOM's country of incident, beyond "
                                 "{land_km} km on land or {sea_km} km at sea (kept; for checking)")),
)


def _flag_bounds(integer=format_integer) -> dict[str, str]:
    """The figures the flag labels name (placeholders of :data:`FLAG_KINDS`), each count formatted by
    ``integer`` (the reader's locale by default)."""
    return {"dead_missing_bound": integer(DEAD_MISSING_BOUND), "survivors_bound": integer(SURVIVORS_BOUND),
            "first_year": str(FIRST_DATE.year), "last_year": str(LAST_DATE.year),
            "max_chars": integer(MAX_TEXT_CHARS), "land_km": integer(round(LAND_TOLERANCE_KM)),
            "sea_km": integer(round(SEA_TOLERANCE_KM))}


def _english_label(template: str) -> str:
    """A flag label as :func:`quality_flag_summary` writes it: in English, counts grouped as 1,000."""
    return template.format(**_flag_bounds("{:,}".format))


#: Each flag label as :func:`quality_flag_summary` writes it -> its message.
_LABEL_MESSAGES = {_english_label(template): template for _pattern, template in FLAG_KINDS}


def handling_label(handling: str) -> str:
    """A ``handling`` value of :func:`quality_flag_summary` in the reader's language (an unknown one as it is).

    The summary is worked out once per data version for every language, so it holds the English labels; a page
    translates them where it shows them, e.g. ``flags["handling"].map(handling_label)``."""
    message = _LABEL_MESSAGES.get(handling)
    return _(message, **_flag_bounds()) if message else handling


def quality_flag_summary(incidents: pd.DataFrame) -> pd.DataFrame:
    """How many rows carry each kind of quality flag: columns handling (the English label: see
    :func:`handling_label`), rows, dead_missing."""
    rows = []
    flags = incidents["quality_flags"].fillna("")
    for pattern, template in FLAG_KINDS:
        label = _english_label(template)
        mask = flags.str.contains(pattern, regex=False)
        rows.append({"handling": label, "rows": int(mask.sum()),
                     "dead_missing": int(incidents.loc[mask, "dead_missing"].fillna(0).sum())})
    return pd.DataFrame(rows)


def implausible_rows(incidents: pd.DataFrame) -> np.ndarray:
    """Row flags: which rows of ``incidents`` (column ``quality_flags``) carry a flag of :data:`IMPLAUSIBLE_KINDS`."""
    kinds, codes = _implausible_kinds(incidents)
    per_flag = kinds.any(axis=0)
    return np.append(per_flag, False)[codes]  # code -1 (no flag text) picks the appended False


#: Implausible records Data and sources lists by name (the counts above the list cover them all).
IMPLAUSIBLE_LISTED = 200


def implausible_records(incidents: pd.DataFrame, limit: int = IMPLAUSIBLE_LISTED) -> pd.DataFrame:
    """The first ``limit`` rows of ``incidents`` that carry an implausible-value flag, for people to look up:
    incident_id, date, source_file, dead_missing (as counted, people), quality_flags (what was found and done)."""
    rows = np.flatnonzero(implausible_rows(incidents))[:limit]
    picked = incidents.iloc[rows]
    return pd.DataFrame({column: picked[column].astype(object).to_numpy() if column != "dead_missing"
                         else picked[column].to_numpy(dtype=float, na_value=np.nan)
                         for column in ("incident_id", "date", "source_file", "dead_missing", "quality_flags")})


def _implausible_kinds(incidents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(kinds x distinct flag texts: whether the text holds each kind; each row's flag-text code, -1 for blank).
    Matched once per distinct text (the reader's categorical), not per row."""
    flags = incidents["quality_flags"]
    if isinstance(flags.dtype, pd.CategoricalDtype):
        codes, texts = flags.cat.codes.to_numpy().astype(np.int64), list(flags.cat.categories)
    else:
        codes, texts = pd.factorize(flags, use_na_sentinel=True)
    kinds = np.array([[isinstance(text, str) and pattern in text for text in texts]
                      for pattern, _ in IMPLAUSIBLE_KINDS], dtype=bool).reshape(len(IMPLAUSIBLE_KINDS), len(texts))
    return kinds, np.asarray(codes)


def implausible_note(incidents: pd.DataFrame) -> str | None:
    """A caution sentence when some rows of ``incidents`` hold a value that fails a plausibility check (see
    :data:`IMPLAUSIBLE_KINDS`), naming how many and of which kinds; else None."""
    if incidents.empty:
        return None
    kinds, codes = _implausible_kinds(incidents)
    per_text = np.bincount(codes[codes >= 0], minlength=kinds.shape[1])
    flagged = int(per_text[kinds.any(axis=0)].sum())
    if not flagged:
        return None
    counts = kinds.astype(np.int64) @ per_text
    # Translators: one item of a list of kinds of implausible values, with how many records hold it.
    listed = "; ".join(pgettext("list item with a count", "{item} ({count})", item=_(words),
                                count=format_integer(count))
                       for (_pattern, words), count in zip(IMPLAUSIBLE_KINDS, counts) if count)
    caution = ngettext("Caution: {count} record behind this figure holds implausible values in IOM's export: "
                       "{kinds}.",
                       "Caution: {count} records behind this figure hold implausible values in IOM's export: "
                       "{kinds}.", flagged, count=format_integer(flagged), kinds=listed)
    # Translators: "Data and sources" is the name of a page of the app.
    return " ".join((caution, _("Data and sources says how each kind is handled.")))


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
    return _("Caution: {share} of these dead and missing come from records IOM scores 1 or 2 for source quality "
             "(a single media report or unverified sources).", share=format_percent(share))


def caution_note(incidents: pd.DataFrame) -> str | None:
    """Every caution a figure of ``incidents`` needs, as one text (None when none applies): low-quality sources
    (:func:`low_quality_note`) and implausible values (:func:`implausible_note`). Pass it as ``note=`` to
    ``ui.figures.show_figure`` for charts of incident data."""
    notes = [note for note in (low_quality_note(incidents), implausible_note(incidents)) if note]
    return " ".join(notes) or None


def source_quality_profile(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing and incidents by IOM source quality (1-5, or "not scored" in the reader's language)."""
    events = event_codes(incidents)
    if len(incidents) and events.min() >= 0:
        # Over integer codes: the few distinct scores are turned to text, not every row (a groupby with nunique
        # over millions of rows is slow); rows in the order of their text, as groupby sorts them.
        codes, scores = pd.factorize(incidents["source_quality"], use_na_sentinel=True)
        names = list(pd.array(scores).astype("string")) + [_("not scored")]  # code -1 (no score) is the last name
        groups = np.where(codes < 0, len(scores), codes)
        people = np.bincount(groups, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                             minlength=len(names))
        counts = events_per_group(groups, events, len(names))
        present = np.flatnonzero(np.bincount(groups, minlength=len(names)))
        order = sorted(present.tolist(), key=names.__getitem__)
        return pd.DataFrame({"source_quality": pd.array([names[i] for i in order], dtype="string"),
                             "dead_missing": people[order].round().astype(int), "incidents": counts[order]})
    quality = incidents["source_quality"].astype("string").fillna(_("not scored"))
    grouped = incidents.groupby(quality).agg(dead_missing=("dead_missing", "sum"), incidents=("main_id", "nunique"))
    grouped.index.name = "source_quality"
    out = grouped.reset_index()
    out["dead_missing"] = out["dead_missing"].astype(int)
    return out


#: How many examples of the coordinate check Data and sources shows.
COORDINATE_EXAMPLES = 8


def coordinate_check(incidents: pd.DataFrame, limit: int = COORDINATE_EXAMPLES) -> tuple[int, int, pd.DataFrame]:
    """The rows whose point lies in another country than IOM's country of incident (the spatial step's
    ``coordinate_check``, :func:`transforms.geography.coordinate_disagrees`): (rows flagged, their dead and missing
    (people), up to ``limit`` examples). The examples are one row per pair of countries, the most frequent pairs
    first, so a reader sees the different kinds of disagreement: columns incident_id, date, location,
    country_of_incident, coord_country_iso3 (where the point lies, or the nearest coast at sea), sea_area, lat, lon.
    A frame the spatial step has not placed has no flagged row."""
    columns = ["incident_id", "date", "location", "country_of_incident", "coord_country_iso3", "sea_area", "lat",
               "lon"]
    if "coordinate_check" not in incidents.columns:
        return 0, 0, pd.DataFrame(columns=columns)
    flagged = incidents.loc[incidents["coordinate_check"].to_numpy(dtype=bool), columns + ["dead_missing",
                                                                                          "country_of_incident_iso3"]]
    if flagged.empty:
        return 0, 0, pd.DataFrame(columns=columns)
    pair = flagged["country_of_incident_iso3"].astype(str) + ">" + flagged["coord_country_iso3"].astype(str)
    order = pair.map(pair.value_counts()).to_numpy()
    ranked = flagged.assign(_pair=pair.to_numpy(), _size=order).sort_values(["_size", "_pair", "date"],
                                                                            ascending=[False, True, True],
                                                                            kind="stable")
    examples = ranked.drop_duplicates("_pair").head(limit)[columns]
    return (len(flagged), int(flagged["dead_missing"].fillna(0).sum()),
            examples.astype({"coord_country_iso3": "str", "sea_area": "str"}).reset_index(drop=True))
