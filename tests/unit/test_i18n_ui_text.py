"""Languages in the shell's pure pieces: column labels, stable keys and file names, the filters sentence, link
notices, summaries, source lines and the HTML export, in English (unchanged) and in French and Thai."""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from charts.export_html import build_view_html
from charts.summaries import summarise_ranking, summarise_series, takeaway_change
from i18n import register_country_codes, use_language
from i18n.columns import COLUMN_LABELS, column_label
from transforms.filters import describe
from transforms.link_values import ignored, options_hint
from transforms.text import WORD_JOINER, file_slug, join_values, shown_value
from ui.figures import _plain, _slug, data_key, element_slug, file_stem

NNBSP = "\u202f"  # French grouping: a narrow no-break space


def test_column_labels_translate_known_identifiers_and_keep_the_rest():
    assert column_label("dead_missing") == "dead and missing"
    assert column_label("country_of_origin") == "country of origin"
    assert column_label("Document fraud") == "Document fraud"  # a data value used as a column stays as published
    assert column_label(3) == "3"
    assert all(label and label == label.strip() for label in COLUMN_LABELS.values())


def test_element_keys_stay_as_they_were_in_english_and_are_never_empty_in_thai():
    for name in ("Dead and missing by year", "Top migration routes", "Dead and missing by map cell"):
        assert element_slug(name) == _slug(name)
    assert data_key("Top migration routes") == "data-top-migration-routes"
    thai, other = "ผู้เสียชีวิตและสูญหายตามปี", "ผู้เสียชีวิตและสูญหายตามเดือน"
    assert element_slug(thai) and element_slug(thai) != element_slug(other)
    assert element_slug("…") != element_slug("—") and element_slug("…").startswith("chart-")
    assert data_key(thai, "dead-and-missing-by-year") == "data-dead-and-missing-by-year"


def test_file_names_keep_unicode_letters_or_fall_back_to_an_ascii_id():
    assert file_stem("Top migration routes", "x") == "top-migration-routes"
    thai = file_stem("ผู้เสียชีวิตและสูญหาย ตามปี", "dead-and-missing-by-year")
    assert thai == "ผู้เสียชีวิตและสูญหาย-ตามปี"
    assert file_stem("…", "dead-and-missing-by-year") == "dead-and-missing-by-year"
    assert file_slug("Décès et disparitions par an") == "décès-et-disparitions-par-an"


def test_the_filters_sentence_in_english_is_unchanged_and_thai_months_and_french_names_follow(options):
    filters = replace(options.default(), period_from="2024-01", period_to="2024-12", subregions=("South-eastern Asia",))
    assert describe(filters, options) == ("Showing incidents from January 2024 to December 2024, "
                                          "UNSD sub-region South-eastern Asia.")
    assert describe(replace(filters, subregions=()), options).endswith(", all regions, routes and causes.")
    use_language("th")
    assert "มกราคม 2024" in describe(filters, options) and "ธันวาคม 2024" in describe(filters, options)
    register_country_codes({"Myanmar": "MM"})
    use_language("fr")
    assert "Myanmar (Birmanie)" in describe(replace(filters, origins=("Myanmar",)), options)
    assert "janvier 2024" in describe(filters, options)


def test_lists_and_link_notices_in_english_read_as_before():
    assert join_values(["a", "b", "c"]) == "a, b and c"
    assert join_values(list("abcdef")) == "a, b, c and 3 more"
    assert ignored("to", ["x"], "months are written like 2024-05") == \
        "Ignored “to=x” in the link: months are written like 2024-05."
    assert ignored("k", list("abcde"), "why").startswith("Ignored “k=a”, “k=b”, “k=c” and 2 more in the link")
    assert options_hint(list("abcdefghij")) == "choose one of a, b, c, d, e, f, g, h and 2 more"


def series() -> pd.DataFrame:
    return pd.DataFrame({"period": pd.to_datetime(["2023-01-01", "2024-01-01"]), "label": ["2023", "2024"],
                         "dead": [8000, 8500], "missing": [747, 502], "dead_missing": [8747, 9002],
                         "covered": [True, True], "coverage": [1.0, 1.0]})


def test_summaries_in_french_use_french_numbers():
    assert takeaway_change(series()) == "Dead and missing rose from 8,747 in 2023 to 9,002 in 2024."
    use_language("fr")
    assert f"8{NNBSP}747" in takeaway_change(series()) and f"17{NNBSP}749" in summarise_series(series())
    ranking = pd.DataFrame({"value": ["Myanmar", "Bangladesh"], "dead_missing": [1200, 800], "incidents": [3, 2],
                            "share": [0.6, 0.4]})
    register_country_codes({"Myanmar": "MM"})
    text = summarise_ranking(ranking, "country of origin")
    assert "Myanmar (Birmanie)" in text and f"1{NNBSP}200" in text and "60,0\xa0%" in text


def test_the_html_export_names_its_language_and_writes_the_date_per_locale():
    fig = go.Figure(go.Bar(x=["2023", "2024"], y=[8747, 9002]))
    use_language("th")
    text = build_view_html(title="แนวโน้ม", description="d", source_lines=["s"], figures=[("Bars", fig, "x")],
                           app_name="App")
    assert text.startswith("<!DOCTYPE html><html lang='th'>") and "<title>แนวโน้ม</title>" in text
    assert '"automargin":true' in text.replace(" ", "")


def test_the_html_export_is_written_in_the_language_it_was_asked_for_then_the_active_one_comes_back():
    from datetime import date

    from i18n import format_date, language

    fig = go.Figure(go.Bar(x=["2023", "2024"], y=[8747, 9002]))
    text = build_view_html(title="t", description="d", source_lines=["s"], figures=[("Bars", fig, "x")],
                           app_name="App", lang="fr")
    assert language() == "en" and text.startswith("<!DOCTYPE html><html lang='fr'>")
    use_language("fr")
    assert format_date(date.today()) in text


def test_a_presenter_headline_reads_the_summarys_escapes_and_holds_no_markup():
    """A summary is markdown: a value from outside in it is escaped by shown_value ("Mae\\_Sot"). The presenter
    headline shows it as written, without backslashes or character codes on screen (they showed as "&#95;"), and
    nothing in it can become emphasis, maths, a link or HTML."""
    value = "Mae_Sot [V](https://x.org) *a* <b> $2"  # short enough to be shown whole
    shown = _plain(f"Most recorded at {shown_value(value)}: 3 dead and missing.")
    assert "\\" not in shown and not set(shown) & set("*_[]()<>$`")
    assert html.unescape(shown).replace(WORD_JOINER, "") == f"Most recorded at {value}: 3 dead and missing."
    assert "&amp;#" not in shown  # a reference is written once, not escaped again into visible text


def test_the_period_sliders_months_follow_the_language_in_force():
    """The slider's month labels are worked out once per language and month: a label made in one language is
    never shown in another."""
    from ui.filters import _month_option

    assert _month_option("2024-03") == "Mar 2024"
    use_language("fr")
    assert _month_option("2024-03") == "mars 2024"
    use_language("th")
    assert _month_option("2024-03").endswith("2024") and "Mar" not in _month_option("2024-03")
    use_language("en")
    assert _month_option("2024-03") == "Mar 2024"
