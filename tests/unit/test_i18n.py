"""The language core (i18n): choosing a language from a browser's preference, formatting numbers, dates and
months per locale (Thai with Thai month names and the Gregorian year), country and region names from CLDR, and
translation with named placeholders that never raises on a bad catalogue entry."""

from __future__ import annotations

import datetime as dt
import gettext

import pytest

import i18n
from i18n import (
    best_language,
    country_name,
    format_date,
    format_decimal,
    format_integer,
    format_month,
    format_percent,
    month_name,
    region_name,
    use_language,
)


@pytest.mark.parametrize("header, expected", [
    ("th-TH,th;q=0.9,en;q=0.8", "th"),
    ("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4", "fr"),
    ("es-419", "es"),
    ("fr_CA", "fr"),
    ("en;q=0.2,es;q=0.9", "es"),
    ("de-DE,it", None),
    ("", None),
    (None, None),
    ("fr;q=0", None),
    ("th;q=abc,en", "en"),
])
def test_best_language_reads_a_browser_preference(header, expected):
    assert best_language(header) == expected


def test_unknown_language_falls_back_to_english():
    assert use_language("de") == "en"
    assert use_language("th") == "th"
    assert i18n.language() == "th"


@pytest.mark.parametrize("code, integer, percent, decimal", [
    ("en", "12,345", "25.3%", "1,234.5"),
    ("fr", "12\u202f345", "25,3\u00a0%", "1\u202f234,5"),
    ("es", "12.345", "25,3\u00a0%", "1.234,5"),
    ("th", "12,345", "25.3%", "1,234.5"),
])
def test_numbers_follow_the_locale(code, integer, percent, decimal):
    use_language(code)
    assert format_integer(12345) == integer
    assert format_percent(0.253, 1) == percent
    assert format_decimal(1234.5, 1) == decimal
    assert format_integer(float("nan")) == "–"


def test_thai_months_are_thai_and_the_year_gregorian():
    use_language("th")
    assert month_name(3) == "มีนาคม"
    assert format_month("2024-03") == "มี.ค. 2024"
    long = format_date(dt.date(2024, 3, 3))
    assert "มีนาคม" in long and "2024" in long and "2567" not in long


@pytest.mark.parametrize("code, month, date", [
    ("en", "Mar 2024", "3 March 2024"),
    ("fr", "mars 2024", "3 mars 2024"),
    ("es", "mar 2024", "3 de marzo de 2024"),
])
def test_months_and_dates_follow_the_locale(code, month, date):
    use_language(code)
    assert format_month("2024-03") == month
    assert format_date(dt.date(2024, 3, 3)) == date


def test_country_names_come_from_cldr_by_any_spelling_the_data_uses():
    i18n.register_country_codes({"Myanmar": "MM", "MMR": "MM", "Iran (Islamic Republic of)": "IR"})
    use_language("fr")
    assert country_name("Myanmar") == "Myanmar (Birmanie)"
    assert country_name("MMR") == "Myanmar (Birmanie)"
    assert country_name("Iran (Islamic Republic of)") == "Iran"
    assert country_name("Unknown") == "Unknown"  # not a country: as published
    assert country_name(None) == ""
    use_language("en")
    assert country_name("Iran (Islamic Republic of)") == "Iran (Islamic Republic of)"  # English: as published


def test_region_names_from_m49_and_iom_table():
    use_language("es")
    assert region_name("South-eastern Asia") == "Sudeste asiático"
    assert region_name("Eastern Africa (P)") == "África oriental (P)"
    assert region_name("Some free text") == "Some free text"
    use_language("en")
    assert region_name("South-eastern Asia") == "South-eastern Asia"


class _Shouting(gettext.NullTranslations):
    def gettext(self, message):
        return {"{count} dead and missing": "{count} MORTS ET DISPARUS", "Broken {name}": "Cassé {nom}"}.get(
            message, message)


def test_placeholders_are_filled_after_translation_and_a_bad_one_never_raises(monkeypatch):
    monkeypatch.setattr(i18n, "translations", lambda code: _Shouting())
    use_language("fr")
    assert i18n._("{count} dead and missing", count=format_integer(1200)) == "1\u202f200 MORTS ET DISPARUS"
    assert i18n._("Broken {name}", name="x") == "Cassé {nom}"  # a wrong placeholder shows, never raises


def test_every_language_has_a_catalogue_that_loads():
    for code in ("fr", "es", "th"):
        catalogue = i18n.translations(code)
        assert not type(catalogue) is gettext.NullTranslations, f"no catalogue for {code}"


def test_an_uncompiled_catalogue_is_read_from_its_po_file(tmp_path, monkeypatch):
    """A server started without `make translations` still shows the language: the .po is read directly."""
    import shutil

    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po", folder / "messages.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        use_language("fr")
        assert not (folder / "messages.mo").exists()
        assert i18n._("Overview") == "Vue d'ensemble"
    finally:
        i18n.translations.cache_clear()
