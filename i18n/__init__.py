"""Languages: the one place the app translates text and formats numbers, dates and names for a reader.

Every string a person reads goes through this module:

- ``_("Dead and missing in {region}", region=...)`` translates a message and fills its *named* placeholders.
  A sentence is one message with placeholders, never fragments joined in code, so each language can order it.
- ``ngettext("{count} incident", "{count} incidents", n, count=format_integer(n))`` for counts.
- ``pgettext("chart axis", "Year")`` where one English word needs different translations by context.
- ``N_("...")`` marks a module-level constant for extraction without translating it; translate it where it is
  shown with ``_(CONSTANT)``.
- ``format_integer``, ``format_decimal``, ``format_percent``, ``format_date``, ``format_month``,
  ``month_name``: numbers, dates and months per locale (Babel, CLDR). Thai uses Thai month names and the
  Gregorian year (see :func:`format_month`).
- ``country_name`` and ``region_name``: names an authority publishes in each language: countries from CLDR's
  territory names (by ISO code), regions and sub-regions from CLDR's UN M49 names, and IOM's own groupings
  from the small table in :mod:`i18n.regions`. Free-text data values (locations, sources, quotes) are never
  passed through here: they stay as published.

The active language is an ambient value of the running script (a :class:`contextvars.ContextVar`; Streamlit
runs each session's script in its own thread). ``ui/language.py`` sets it at the start of every run, from the
link, the sidebar or the browser. Code that produces text inside a shared cache gets the language as part of
its cache key (``cache.py``). Nothing here imports Streamlit.

Catalogues are gettext ``.po`` files under ``locales/`` (``locales/<lang>/LC_MESSAGES/messages.po``), extracted
and compiled with Babel (``make translations``). When a compiled ``.mo`` is missing or older than its ``.po``,
the ``.po`` is read directly, so a fresh checkout still shows every language.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
import gettext as _gettext
import logging
import math
import re
import threading
from pathlib import Path
from typing import Any, Mapping

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import get_month_names
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent
from babel.support import Translations

LOGGER = logging.getLogger(__name__)

#: The languages offered, in menu order: code -> the language's own name.
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español", "th": "ไทย"}
#: The language of the source strings, and of a reader whose browser asks for none of the others.
DEFAULT_LANGUAGE = "en"
#: The translations that are drafts, open to review by native speakers (every one but the source language).
DRAFT_LANGUAGES = frozenset({"fr", "es", "th"})
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"

_language: contextvars.ContextVar[str] = contextvars.ContextVar("msde_language", default=DEFAULT_LANGUAGE)
_lock = threading.Lock()


# The active language -------------------------------------------------------------------------------------------

def use_language(code: str | None) -> str:
    """Make ``code`` the active language of this script run (an unknown code gives the default); return it."""
    chosen = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(chosen)
    return chosen


def language() -> str:
    """The active language's code ("en", "fr", "es" or "th")."""
    return _language.get()


def best_language(accepted: str | None) -> str | None:
    """The first offered language in a browser's preference (an ``Accept-Language`` header such as
    ``"th-TH,th;q=0.9,en;q=0.8"`` or a locale such as ``"fr-FR"``), or None when it names none of them."""
    if not accepted:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(str(accepted).split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        match = re.search(r"q\s*=\s*([^;\s]*)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:  # a malformed weight counts as "not wanted"
                weight = 0.0
        code = tag.strip().replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else None


# Catalogues ----------------------------------------------------------------------------------------------------

def _read_po(path: Path) -> _gettext.NullTranslations:
    """A catalogue read straight from its ``.po`` file (when it has not been compiled)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@functools.cache
def translations(code: str) -> _gettext.NullTranslations:
    """The catalogue of language ``code`` (the source language and an unknown code translate to themselves)."""
    if code == DEFAULT_LANGUAGE or code not in LANGUAGES:
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    with _lock:
        try:
            if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
                with mo.open("rb") as handle:
                    return Translations(fp=handle, domain=DOMAIN)
            if po.is_file():
                return _read_po(po)
        except Exception:  # a broken catalogue shows English, never a traceback; the log says why
            LOGGER.exception("The %s catalogue could not be read; showing English", code)
    LOGGER.warning("No catalogue for %s under %s; showing English", code, folder)
    return _gettext.NullTranslations()


def _fill(text: str, params: Mapping[str, Any]) -> str:
    """``text`` with its named placeholders filled; a translation that names a placeholder wrongly falls back to
    leaving the text unfilled rather than raising (a test checks every catalogue's placeholders)."""
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        LOGGER.warning("Placeholders do not match in %r", text)
        return text


def _(message: str, /, **params: Any) -> str:
    """``message`` in the active language, its named placeholders (``{name}``) filled from ``params``."""
    return _fill(translations(language()).gettext(message), params)


def gettext(message: str, /, **params: Any) -> str:
    """The same as :func:`_`."""
    return _(message, **params)


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The form of ``singular``/``plural`` for the number ``n`` in the active language (Thai has one form),
    placeholders filled from ``params``. Pass the number formatted, e.g. ``count=format_integer(n)``."""
    return _fill(translations(language()).ngettext(singular, plural, int(n)), params)


def pgettext(context: str, message: str, /, **params: Any) -> str:
    """``message`` as translated in ``context`` (for a word whose translation depends on where it stands)."""
    return _fill(translations(language()).pgettext(context, message), params)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (module-level constants)."""
    return message


def translated_in(code: str, message: str) -> str:
    """``message`` in language ``code`` whatever the active language (for tests and the language menu)."""
    return translations(code).gettext(message)


# Numbers and dates ---------------------------------------------------------------------------------------------

def locale() -> Locale:
    """The Babel locale of the active language."""
    return _babel_locale(language())


#: The CLDR locale each language is formatted in: English as the UN writes it (British: 3 March 2024).
BABEL_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es", "th": "th"}


@functools.cache
def _babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(BABEL_LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def territory_names(code: str) -> dict[str, str]:
    """CLDR's names of countries and territories in the language ``code`` (ISO alpha-2 code -> name), e.g.
    "SY" -> "Syria" in English, "Syrie" in French: the names people write, for reading them back."""
    return dict(_babel_locale(code).territories)


def _missing(value: Any) -> bool:
    try:
        return value is None or (isinstance(value, float) and math.isnan(value)) or bool(value != value)
    except (TypeError, ValueError):
        return False


def format_integer(value: Any) -> str:
    """A whole number with the locale's grouping: 12,345 (en), 12 345 (fr), 12.345 (es), 12,345 (th)."""
    if _missing(value):
        return "–"
    return _babel_format_decimal(int(round(float(value))), locale=locale())


def format_decimal(value: Any, digits: int = 1) -> str:
    """A number with ``digits`` decimals and the locale's separators."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _babel_format_decimal(float(value), format=pattern, locale=locale())


def format_percent(share: Any, digits: int = 0) -> str:
    """A share (0.25) as a percentage in the locale's form: 25% (en), 25 % (fr), 25 % (es), 25% (th)."""
    if _missing(share):
        return "–"
    pattern = locale().percent_formats[None].pattern.split(";")[0]
    if digits > 0:
        pattern = pattern.replace("0", "0." + "0" * digits, 1) if "0." not in pattern else pattern
    return _babel_format_percent(float(share), format=pattern, locale=locale())


def number_separators() -> str:
    """The decimal sign and the grouping sign of the active locale, as plotly's ``layout.separators`` wants them
    (".," in English and Thai, ",\u202f" in French, ",." in Spanish), so numbers plotly formats itself (hover
    values, axis ticks) follow the reader's locale too."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale()) + get_group_symbol(locale())


def format_date(value: _dt.date | _dt.datetime | Any, form: str = "long") -> str:
    """A date per locale: ``form`` is Babel's "short", "medium", "long" (3 March 2024; 3 mars 2024;
    3 de marzo de 2024; 3 มีนาคม 2024) or a CLDR pattern. The Gregorian year in every language."""
    if _missing(value):
        return "–"
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    text = _babel_format_date(value, format=form, locale=locale())
    return _gregorian(text, value.year) if language() == "th" else text


def _gregorian(text: str, year: int) -> str:
    """Thai CLDR date patterns already write the Gregorian year (Babel formats the Gregorian calendar); this
    guards against a Buddhist-era year (Gregorian + 543) ever appearing."""
    return text.replace(str(year + 543), str(year))


def month_name(month: int, width: str = "wide") -> str:
    """The name of month 1-12 in the active language ("wide": March, mars, marzo, มีนาคม; "abbreviated")."""
    return get_month_names(width, context="stand-alone", locale=locale())[int(month)]


def format_month(period: str | _dt.date, width: str = "abbreviated") -> str:
    """A month ("2024-03" or a date) as the locale writes a month and year: Mar 2024, mars 2024, mar 2024,
    มี.ค. 2024. Thai keeps the Gregorian year: the sources, the IOM data and the audiences of this app's
    international meetings all date events in it, and mixing it with the Buddhist era in one chart would mislead."""
    if isinstance(period, str):
        year, month = int(period[:4]), int(period[5:7])
    else:
        year, month = period.year, period.month
    return _("{month} {year}", month=month_name(month, width), year=year)


# Names -----------------------------------------------------------------------------------------------------------

_country_codes: dict[str, str] = {}


def register_country_codes(codes: Mapping[str, str]) -> None:
    """Teach :func:`country_name` the ISO alpha-2 code of each country name and ISO alpha-3 code used in the data
    (from the shipped M49 table; ``cache.py`` calls this once per data version)."""
    with _lock:
        _country_codes.update({str(k): str(v) for k, v in codes.items() if k and v})


def country_name(name_or_code: Any) -> str:
    """A country's name in the active language (CLDR), given its name as the data spells it or its ISO3 code;
    anything unknown (a free-text value, "Unknown", a region) is returned as it is."""
    if _missing(name_or_code):
        return ""
    text = str(name_or_code)
    if language() == DEFAULT_LANGUAGE:
        return text
    code = _country_codes.get(text)
    if code is None:
        return text
    return locale().territories.get(code, text)


def region_name(name: Any) -> str:
    """A region or sub-region name in the active language: UN M49 names from CLDR, IOM's own groupings from
    :data:`i18n.regions.IOM_REGIONS` through the catalogue; anything else as it is. A trailing " (P)" (IOM's mark
    for a presumed region of origin) is kept."""
    from i18n.regions import IOM_REGIONS, M49_CODES

    if _missing(name):
        return ""
    text = str(name)
    if language() == DEFAULT_LANGUAGE:
        return text
    base, marked = (text[:-4], True) if text.endswith(" (P)") else (text, False)
    if base in M49_CODES:
        shown = locale().territories.get(M49_CODES[base], base)
    elif base in IOM_REGIONS:
        shown = _(base)  # marked with N_ in i18n/regions.py (no context)
    else:
        return text
    return f"{shown} (P)" if marked else shown
