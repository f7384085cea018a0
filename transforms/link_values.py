"""How the app reads a link's query string: limits, whole-value checks, and the one notice per parameter.

Pure: no Streamlit. A link may come from anyone, so every value is read strictly: a key is a short ASCII
word; a key holds at most :data:`MAX_VALUES` values, each at most :data:`MAX_VALUE_CHARACTERS` long (the
``brief`` and ``q`` keys have their own lengths); codes, months and numbers are matched whole and in
ASCII (``re.fullmatch`` with ``[0-9]``, never ``\\d`` or ``str.isdigit``, which accept "²" or "２");
values such as country names must equal a known option exactly. A value that fails is dropped and named
in at most one short notice per parameter, with the value escaped and cut short
(:func:`transforms.text.shown_value`). :func:`clean_query` applies the limits to a whole query string
before anything else reads it; the parsers of each key (``transforms.filters.parse_query``, the page
controls, the briefing) then check the values themselves. Notices are in the reader's language; an ``advice``
handed to :func:`ignored` is a clause the caller has translated.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from i18n import N_, _, format_integer, ngettext
from transforms.periods import MONTH_PATTERN
from transforms.text import has_hidden_characters, shown_value

#: A key the app keeps: a short ASCII word (letters, digits, "_", "-", ".").
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
#: Keys Streamlit reserves for itself (any case): never read nor written by the app.
RESERVED_KEYS = frozenset({"embed", "embed_options"})
#: At most this many distinct keys are kept; the app itself uses about twenty.
MAX_KEYS = 50
#: At most this many values per key: more than any filter has options (every country of the M49 table).
MAX_VALUES = 300
#: The longest value kept, unless :data:`VALUE_LENGTHS` says otherwise (the longest option, a cause of
#: death, has 70 characters).
MAX_VALUE_CHARACTERS = 200
#: Keys whose values may be longer: a briefing (``brief``: up to 30 views, each with its own filters) and the
#: Incident table's search (``q``), let through at any length the query string allows: the Incident table reads
#: it by its own rule (transforms.incident_table.parse_search), which keeps its first words within the limits.
VALUE_LENGTHS = {"brief": 100_000, "q": 300_000}
#: At most this many notices about one link are shown; the last says that more was ignored.
MAX_NOTICES = 5
#: The notice shown in place of any beyond :data:`MAX_NOTICES` (shown translated: ``_(MORE_IGNORED)``).
MORE_IGNORED = N_("Other parts of this link were ignored too.")
#: Key of the notice about malformed keys (never a key a link can use: it fails KEY_PATTERN).
MALFORMED = "(keys)"
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def value_length(key: str) -> int:
    """The longest value kept for ``key``."""
    return VALUE_LENGTHS.get(key, MAX_VALUE_CHARACTERS)


def is_key(key: str) -> bool:
    """True for a key the app keeps: KEY_PATTERN matched whole, not one of Streamlit's own."""
    return KEY_PATTERN.fullmatch(key) is not None and key.lower() not in RESERVED_KEYS


def clean_query(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The query string the app works with, and one notice per parameter that lost a value.

    Keys failing :func:`is_key` and keys beyond the first :data:`MAX_KEYS` are dropped (one notice for all
    of them); per key, empty values, values longer than :func:`value_length`, values holding control
    characters and values beyond the first :data:`MAX_VALUES` are dropped. Keys left with no value are
    dropped. ``raw`` maps each key to its list of values, as in the URL.
    """
    clean: dict[str, list[str]] = {}
    notices: dict[str, str] = {}
    malformed = 0
    for key, values in raw.items():
        if not is_key(key) or len(clean) >= MAX_KEYS:
            malformed += 1
            continue
        kept, dropped = [], []
        limit = value_length(key)
        for index, value in enumerate(values):
            if index >= MAX_VALUES:
                notices.setdefault(key, _("Only the first {count} values of “{key}” in the link were read; the "
                                          "others were ignored.", count=format_integer(MAX_VALUES),
                                          key=shown_value(key)))
                break
            if not value:
                continue
            if len(value) > limit or has_hidden_characters(value):
                dropped.append(value)
            else:
                kept.append(value)
        if dropped:
            too_long = len(dropped[0]) > limit
            advice = (ngettext("it is longer than {count} character", "it is longer than {count} characters", limit,
                               count=format_integer(limit)) if too_long else _("it holds control characters"))
            notices.setdefault(key, ignored(key, dropped, advice))
        if kept:
            clean[key] = kept
    if malformed:
        notices[MALFORMED] = _("Ignored parts of this link that the app does not use or cannot read.")
    return clean, notices


def ignored(key: str, values: Sequence[str], advice: str) -> str:
    """One notice naming the values of ``key`` that were dropped (the first three, then a count), and why.

    ``advice`` says what is wrong or what to do, as the end of the sentence (translated by the caller).
    """
    named = ", ".join(f"“{shown_value(key)}={shown_value(value)}”" for value in values[:3])
    if len(values) > 3:
        more = len(values) - 3
        # Translators: {values} lists up to three “key=value” pairs of a link; {advice} says why they were ignored.
        return ngettext("Ignored {values} and {count} more in the link: {advice}.",
                        "Ignored {values} and {count} more in the link: {advice}.", more,
                        values=named, count=format_integer(more), advice=advice)
    # Translators: {values} lists “key=value” pairs of a link; {advice} says why they were ignored.
    return _("Ignored {values} in the link: {advice}.", values=named, advice=advice)


def options_hint(options: Sequence[str], shown: int = 8) -> str:
    """"choose one of a, b, c" for a notice, naming at most ``shown`` options (escaped)."""
    named = ", ".join(shown_value(option) for option in options[:shown])
    if len(options) > shown:
        more = len(options) - shown
        return ngettext("choose one of {options} and {count} more", "choose one of {options} and {count} more",
                        more, options=named, count=format_integer(more))
    return _("choose one of {options}", options=named)


def whole_number(text: str | None, low: int, high: int) -> int | None:
    """``text`` as a whole number from ``low`` to ``high``, or None: ASCII digits only, matched whole."""
    if text is None or WHOLE_NUMBER.fullmatch(text) is None:
        return None
    number = int(text)
    return number if low <= number <= high else None


def is_month(text: str) -> bool:
    """True for a month written "YYYY-MM" (ASCII digits, matched whole, month 01 to 12)."""
    found = MONTH_PATTERN.fullmatch(text)
    return found is not None and 1 <= int(found.group(2)) <= 12


def last_value(values: Iterable[str]) -> str | None:
    """The last non-empty value (a key given twice: the later one wins, as in the browser's address bar)."""
    found = None
    for value in values:
        if value:
            found = value
    return found
