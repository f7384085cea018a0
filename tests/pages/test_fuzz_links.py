"""Fuzz test of links: hypothesis makes query strings (the app's keys with valid and random values, random keys,
control characters, Unicode, huge values, repeated keys) and every page runs them through AppTest. No exception
may escape, no unexpected error may reach the page guard, no traceback or server path may show, every echoed
value must be escaped, link notices stay within their cap, every run finishes within RUN_SECONDS, and the next
page of the same session works too.

Bounded for CI: FUZZ_EXAMPLES examples per page (13 pages). A longer local run:
``MSDE_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/pages/test_fuzz_links.py``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.hostile import FAKE_PREVIOUS, INTERNALS, PHISHING, briefing_value, could_become_markup, echoes, rendered
from transforms.filters import FILTER_KEYS
from transforms.link_values import MAX_NOTICES
from ui.briefing import SHELL_KEYS
from ui.shell import PAGE_FAILED, PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.fuzz

FUZZ_EXAMPLES = int(os.environ.get("MSDE_FUZZ_EXAMPLES", "20"))
#: The bound on one page run (AppTest stops and raises past it).
RUN_SECONDS = 30
#: Each key the app reads, with values it takes in ordinary links, so the fuzz reaches the code behind a valid
#: value as well as the notices for a bad one.
ORDINARY: dict[str, list[str]] = {
    "from": ["2014-01", "2020-06", "2024-01", "2026-05", "1999-12"], "to": ["2024-12", "2020-01", "2031-01"],
    "region": ["Mediterranean", "Northern Africa", "Southern Asia"],
    "subregion": ["South-eastern Asia", "Southern Asia"],
    "country": ["Myanmar", "Türkiye", "Italy"], "origin": ["Afghanistan", "Myanmar"],
    "route": ["Central Mediterranean", "Western Balkans"], "cause": ["Drowning", "Violence"],
    "quality": ["1", "3", "5"],
    "present": ["1", "0"], "step": ["1", "2", "3", "30"], "grain": ["month", "quarter", "year"],
    "view": ["points", "density"], "by": ["incident", "origin"], "months": ["on", "off"],
    "split": ["region", "subregion", "route", "cause", "origin", "none"], "display": ["stacked", "lines"],
    "measure": ["absolute", "share"], "events": ["on", "off"], "compare": ["region", "subregion", "route"],
    "group": ["Mediterranean", "Northern Africa", "Southern Asia", "Central Mediterranean"], "base": ["2020", "2024"],
    "profile": ["MMR", "mmr", "AFG", "ITA"], "q": ["Andaman", "Lampedusa boat", "Afghanistan"],
    "corridor": ["central_med", "bay_of_bengal", "Central Mediterranean"], "year": ["2023", "2024"],
    "kinds": ["official", "research", "news"], "boats": ["year", "month"], "indicator": ["Human smuggling"],
    "map": ["2023", "2021", "change"],
    "brief": [briefing_value([["app.py", "", "from=2024-01"], ["pages/3_Trends.py", "", "grain=year"]]),
              briefing_value([["pages/5_Country_profile.py", "", "profile=MMR&embed=true"]] * 3),
              briefing_value([["../secret.py", "", ""]]), briefing_value([[1, 2, 3]]), briefing_value("x" * 1000),
              "!!"],
}
KEYS = sorted({*FILTER_KEYS, *SHELL_KEYS, *ORDINARY})
#: Values that go wrong whatever the key.
HOSTILE = ["2020-01\n", "²", "２０２４-０１", "٣", "1\u0000", "\u202e", "\ufeff", PHISHING, FAKE_PREVIOUS,
           "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", ":material/home:", "www.example.org",
           "a@example.org", "$x^2$", "`code`", "**bold**", "# heading", "- item", "\r\n", "\t", "embed", "%00", "%0A",
           "..", "../../etc/passwd", "C:\\Windows", "𝟚𝟘𝟚𝟜-𝟘𝟙", "🙂", "ẑ̴̢̧a͜", " ", ""]

#: Ways a valid value goes wrong: a trailing newline or space, other digits (full-width, superscript,
#: Arabic-Indic), a control character, another case, doubled, cut short, wrapped in markdown or HTML.
MUTATIONS = [lambda v: v + "\n", lambda v: " " + v, lambda v: v + "\r\n", lambda v: v + "\x00",
             lambda v: v.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
             lambda v: v.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
             lambda v: v.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
             str.upper, str.lower, lambda v: v * 2, lambda v: v[:-1], lambda v: f"[{v}](https://example.org)",
             lambda v: f"<b>{v}</b>", lambda v: v + "\u202e", lambda v: v + "²"]

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)  # any code point: controls, surrogates out
#: Values past every length limit (Streamlit itself ignores a whole query string over 512Ki characters).
huge = st.builds(lambda character, length: character * length, st.sampled_from(["9", "a", "\n", "[", "é", "\u0301"]),
                 st.integers(150, 50_000))


def values_for(key: str) -> st.SearchStrategy[str]:
    """Values for ``key``: ordinary ones, ordinary ones gone wrong, hostile text, random text, huge values."""
    ordinary = st.sampled_from(ORDINARY.get(key, ["x"]))
    mutated = st.builds(lambda value, mutate: mutate(value), ordinary, st.sampled_from(MUTATIONS))
    return st.one_of(ordinary, mutated, mutated, st.sampled_from(HOSTILE), texts, huge)


def values_list(one: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """One value, a few, or (rarely) hundreds of the same short one: a key repeated in the query string (Streamlit
    itself ignores a whole query string of over 1,000 fields)."""
    return st.one_of(one.map(lambda v: [v]), one.map(lambda v: [v]), st.lists(one, min_size=2, max_size=6),
                     st.builds(lambda v, n: [v[:50]] * n, one, st.integers(100, 350)))


#: A query string: any of the app's keys (each present or not), plus up to three other keys, random or reserved.
queries = st.builds(
    lambda known, other: {**other, **known},
    st.fixed_dictionaries({}, optional={key: values_list(values_for(key)) for key in KEYS}),
    st.dictionaries(st.one_of(st.sampled_from(["embed", "EMBED_OPTIONS", ""]), texts.filter(bool)),
                    values_list(values_for("")), max_size=3))


def all_text(at: AppTest) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success", "code",
             "text", "exception")
    return [str(element.value) for kind in kinds for element in at.get(kind)]


def link_notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith(("Ignored", "Only", "“", "The period", "Other parts"))]


def assert_page_held(at: AppTest) -> None:
    """No exception escaped, none reached the page guard, no internals shown, every echo escaped, notices capped."""
    assert not at.exception, [e.value for e in at.exception]
    assert not any(e.value.startswith(PAGE_FAILED.split(":", 1)[0]) for e in at.error), "the page guard caught one"
    shown = all_text(at)
    assert not [t for t in shown if INTERNALS.search(rendered(t))], [t[:200] for t in shown if INTERNALS.search(t)]
    assert not [echo for t in shown for echo in echoes(t) if could_become_markup(echo)]
    assert len(link_notices(at)) <= MAX_NOTICES


@pytest.mark.parametrize("page", list(PAGES))
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(query=queries)
def test_no_link_breaks_a_page(page, query):
    at = AppTest.from_file(APP, default_timeout=RUN_SECONDS)
    for key, given_values in query.items():
        at.query_params[key] = given_values
    if page != "app.py":
        at.switch_page(page)
    started = time.monotonic()
    at.run()  # raises past RUN_SECONDS
    assert time.monotonic() - started < RUN_SECONDS
    assert_page_held(at)
    # The next page of the same session (as from the sidebar) works too.
    at.switch_page("pages/1_Data_and_sources.py" if page == "app.py" else "app.py").run()
    assert_page_held(at)
