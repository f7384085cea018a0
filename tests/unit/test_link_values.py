"""Every parser of a link's values, fed hostile values: trailing newlines, Unicode digits, huge and many values,
control characters, markdown link text and HTML. Each value is dropped (or kept) whole, never raises, and the
notice names it escaped and cut short, one notice per parameter."""

from __future__ import annotations

import base64
import re

import pytest

from tests.hostile import PHISHING, briefing_value, could_become_markup, rendered
from transforms.comparison import MAX_GROUPS, parse_groups
from transforms.countries import parse_profile
from transforms.filters import parse_query
from transforms.link_values import (
    MAX_KEYS,
    MAX_VALUE_CHARACTERS,
    MAX_VALUES,
    clean_query,
    ignored,
    is_month,
    options_hint,
    whole_number,
)
from transforms.modus_operandi import parse_kinds
from transforms.text import SHOWN_CHARACTERS, escape_markdown, shown_value
from ui.briefing import MAX_VIEWS, View, decode_briefing, encode_briefing

MEGABYTE = "9" * 1_000_000
#: Values that look like a month, a number or a code to a lax check, and are not.
NOT_MONTHS = ["2020-01\n", "2020-01\r", " 2020-01", "2020-01 ", "2020-1", "２０２０-０１", "٢٠٢٠-٠١", "2020-0²",
              "2020-13", "2020-00", "20201-01", "2020_01", "2020-01\x00", "", MEGABYTE]
NOT_NUMBERS = ["²", "³", "２", "٣", "1\n", " 1", "1 ", "+1", "-1", "1.0", "1e3", "0x1", "", "1" * 50, "١"]


def unescaped_syntax(markdown: str) -> list[str]:
    """The markdown syntax characters in ``markdown`` that no backslash escapes (what could become a link)."""
    return [m.group(0)[-1] for m in re.finditer(r"(?<!\\)(?:\\\\)*[\[\]<>()`*_:@]", markdown)]


# --- shown_value: the one helper for echoed values ---

@pytest.mark.parametrize("value", [PHISHING, "<b>bold</b>", "<script>alert(1)</script>", "https://example.org/x",
                                   "www.example.org", "someone@example.org", "*emph* _it_ `code` ~~s~~",
                                   ":red[alert] :material/home: :smile:", "![img](x.png)", "$x^2$", "# heading",
                                   "a | b", "&lt;b&gt;", "\\[x](y)"])
def test_shown_value_never_leaves_markdown_syntax_unescaped(value):
    shown = shown_value(value)
    assert unescaped_syntax(shown) == [] and not could_become_markup(shown)
    assert rendered(shown) == value[:SHOWN_CHARACTERS] or rendered(shown).endswith("…")


def test_shown_value_cuts_long_values_and_makes_controls_visible():
    assert shown_value("a" * 39) == "a" * 39
    assert shown_value("a" * 40) == "a" * 40
    assert shown_value("a" * 41) == "a" * 39 + "…"
    assert shown_value(MEGABYTE) == "9" * 39 + "…"
    assert shown_value("2020-01\n") == "2020-01�"
    assert shown_value("a\x00b\x1b[31mc\u202ed\u200be") == "a�b�[31mc�d�e".replace("[", "\\[")
    assert "\n" not in shown_value("line one\nline two") and len(rendered(shown_value("\n" * 10_000))) == 40


def test_escape_markdown_keeps_addresses_clickable_but_not_syntax():
    """For the app's own data: emphasis, code and HTML are escaped; an address stays as written."""
    assert escape_markdown("See https://example.org *now*") == r"See https://example.org \*now\*"


# --- limits on a whole query string ---

def test_clean_query_keeps_ordinary_links_as_they_are():
    ordinary = {"from": ["2020-01"], "to": ["2024-12"], "subregion": ["South-eastern Asia", "Southern Asia"],
                "cause": ["Harsh environmental conditions / lack of adequate shelter, food, water"],
                "q": ["Andaman Sea"], "utm_source": ["newsletter"], "profile": ["MMR"]}
    assert clean_query(ordinary) == (ordinary, {})


def test_clean_query_drops_what_breaks_the_limits_with_one_notice_per_key():
    raw = {"to": ["2020-01\n"], "corridor": ["a" * 201], "region": [f"R{i}" for i in range(10_000)],
           "country": ["Italy", "bad\x00", "worse\x07"], "": ["x"], "ké": ["x"], "a" * 41: ["x"],
           "embed": ["true"], "EMBED_OPTIONS": ["x"], "empty": [""], "brief": ["A" * 100_001]}
    clean, notices = clean_query(raw)
    assert clean == {"region": [f"R{i}" for i in range(MAX_VALUES)], "country": ["Italy"]}
    assert set(notices) == {"to", "corridor", "region", "country", "brief", "(keys)"}
    assert "longer than 200 characters" in notices["corridor"] and "control characters" in notices["to"]
    assert "first 300 values" in notices["region"]
    assert notices["country"].count("“") == 2  # both bad values named in the key's one notice
    for notice in notices.values():
        assert len(notice) < 300 and not could_become_markup(notice)


def test_clean_query_keeps_at_most_max_keys():
    clean, notices = clean_query({f"k{i}": ["v"] for i in range(10_000)})
    assert len(clean) == MAX_KEYS and list(notices) == ["(keys)"]


# --- whole values: months, numbers ---

@pytest.mark.parametrize("value", NOT_MONTHS)
def test_is_month_refuses_anything_but_a_whole_ascii_month(value):
    assert not is_month(value)


def test_is_month_accepts_months():
    assert is_month("2020-01") and is_month("2026-12")


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_whole_number_refuses_unicode_digits_signs_and_padding(value):
    assert whole_number(value, 0, 10**60) is None


def test_whole_number_within_bounds():
    assert whole_number("3", 1, 3) == 3 and whole_number("4", 1, 3) is None and whole_number(None, 1, 3) is None


# --- the global filters ---

@pytest.mark.parametrize("value", NOT_MONTHS[:-2])
def test_parse_query_drops_malformed_months_with_one_notice(options, value):
    filters, notices = parse_query({"to": [value]}, options)
    assert filters == options.default() and list(notices) == ["to"]
    assert "months are written like 2024-05" in notices["to"] and "\n" not in notices["to"]


def test_parse_query_survives_a_megabyte_and_ten_thousand_values(options):
    filters, notices = parse_query({"from": [MEGABYTE], "region": [MEGABYTE] + ["Mediterranean"] * 9_999,
                                    "cause": [f"cause {i}" for i in range(10_000)]}, options)
    assert filters.period_from == options.months[0] and filters.regions == ("Mediterranean",)
    assert set(notices) == {"from", "region", "cause"}
    assert all(len(n) < 400 for n in notices.values())
    assert "and 297 more" in notices["cause"]  # the first MAX_VALUES read, three named


def test_parse_query_echoes_markdown_and_html_escaped(options):
    _, notices = parse_query({"region": [PHISHING, "<img src=x onerror=alert(1)>"]}, options)
    assert not could_become_markup(notices["region"])
    assert "[Verify your account](https" in rendered(notices["region"])  # reads as written


def test_parse_query_values_must_equal_an_option_exactly(options):
    for near in ("mediterranean", "Mediterranean ", " Mediterranean", "Mediterranean\n", "Ｍediterranean"):
        filters, notices = parse_query({"region": [near]}, options)
        assert filters.regions == () and "region" in notices
    filters, notices = parse_query({"country": ["Türkiye"]}, options)  # non-ASCII data values are fine
    assert filters.countries == ("Türkiye",) and notices == {}


# --- page parsers ---

@pytest.mark.parametrize("value", ["mmr\n", "MM²", "ＭＭＲ", "MMRX", "M\x00R", MEGABYTE, PHISHING, "<b>MMR</b>"])
def test_parse_profile_refuses_anything_but_three_ascii_letters(value):
    code, notice = parse_profile(value, {"MMR"})
    assert code is None and notice.startswith("Ignored “profile=")
    assert not could_become_markup(notice) and len(notice) < 250


def test_parse_kinds_one_notice_for_many_unknown_kinds():
    known, notice = parse_kinds(["official", *[f"kind{i}" for i in range(10_000)], PHISHING])
    assert known == ["official"] and notice.count("“") == 3 and f"and {MAX_VALUES - 4} more" in notice
    assert parse_kinds(["official\n"]) == ([], ignored("kinds", ["official\n"],
                                                          "choose from official, research, news, secondary copy"))


def test_parse_groups_one_notice_for_hostile_groups():
    available = ["Central Mediterranean", "Western Africa / Atlantic route to the Canary Islands"]
    kept, notice = parse_groups([available[0], "Central Mediterranean\n", PHISHING, *["x"] * 10_000], available)
    assert kept == (available[0],) and not could_become_markup(notice) and len(notice) < 300
    assert MAX_GROUPS == 6


def test_options_hint_names_a_few_options_escaped():
    assert options_hint(["a_b", "c"]) == r"choose one of a\_b, c"
    assert options_hint([str(i) for i in range(20)]).endswith("7 and 12 more")


# --- briefings ---

PAGES = {"app.py": "Overview", "pages/3_Trends.py": "Trends"}


brief = briefing_value


@pytest.mark.parametrize("text", [
    "", "!!!", "e30\n", "ZXhhbXBsZQ==", "²", MEGABYTE[:100_001],
    brief({"a": 1}), brief([]), brief([["app.py", "x"]]), brief([["app.py", "x", 1]]),
    brief([["app.py", "x", ""]] * (MAX_VIEWS + 1)), brief([["../secret.py", "x", ""]]),
    brief([["app.py", "x", "&".join(["a=1"] * 20_000)]]),
    base64.urlsafe_b64encode(b"[" * 50_000).decode().rstrip("="),  # JSON nested too deep to parse
    base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),  # not UTF-8
])
def test_hostile_briefings_are_refused_with_a_value_error(text):
    with pytest.raises(ValueError) as caught:
        decode_briefing(text, PAGES)
    assert len(str(caught.value)) < 120 and not could_become_markup(str(caught.value))


def test_a_briefing_view_is_held_to_the_link_limits_and_keeps_the_apps_label():
    text = brief([["app.py", PHISHING, "from=2024-01&embed=true&corridor=" + "a" * 300 + "&k%C3%A9=1&to=2024-12%0A"]])
    [view] = decode_briefing(text, PAGES)
    assert view == View("app.py", "Overview", {"from": ["2024-01"]})
    assert decode_briefing(encode_briefing([view]), PAGES) == [view]


def test_the_value_length_limit_is_above_every_option(options):
    longest = max(len(value) for values in options.values.values() for value in values)
    assert longest < MAX_VALUE_CHARACTERS
    assert max(len(values) for values in options.values.values()) < MAX_VALUES


def test_only_ui_url_state_reads_or_writes_the_query_string():
    """Every value of a link goes through ui/url_state.py, and so through the link limits."""
    import ast
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    scripts = [repo / "app.py", repo / "cache.py", *sorted((repo / "pages").glob("*.py")),
               *sorted((repo / "ui").glob("*.py")), *sorted((repo / "transforms").glob("*.py"))]
    found = [f"{path.relative_to(repo)}:{node.lineno}" for path in scripts
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr == "query_params"]
    assert found and all(place.startswith("ui/url_state.py:") for place in found), found
