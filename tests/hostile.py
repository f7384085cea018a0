"""Hostile links and the checks every test of them shares: what a notice may not hold, and what no page may show.

Used by the unit tests of the parsers, the page AppTests, the browser tests and the fuzz test.
"""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import urlencode

from transforms.text import WORD_JOINER

PHISHING = "[Verify your account](https://example.org)"
#: A link whose text is the briefing's own "Previous view": the arrow key must not follow it.
FAKE_PREVIOUS = "[◀ Previous view](https://example.org/)"
#: What a Python traceback, an exception's name or a server path looks like: never on a page.
INTERNALS = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]*\", line \d+|site-packages|"
                       r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b|(?<![\w.])/(?:work|home|srv|usr|root|opt|var|tmp)/")


def could_become_markup(text: str) -> bool:
    """True when markdown would still find a link, an image, HTML, code or emphasis in ``text``: an unescaped
    syntax character, or, once escapes are read (as GitHub-flavoured markdown reads them before it looks for
    bare addresses), a bare web or e-mail address or a Streamlit icon code."""
    unescaped = re.search(r"(?<!\\)(?:\\\\)*[\[\]<>`*_~$]", text)
    read = re.sub(r"\\(.)", r"\1", text)  # escapes read; word joiners kept
    return bool(unescaped or re.search(r"https?://|www\.|\w@\w|:material/", read))


def echoes(text: str) -> list[str]:
    """The values a sentence quotes (between “ and ”): where the app puts what a link or a visitor gave."""
    return re.findall(r"“(.*?)”", text, re.DOTALL)


def rendered(markdown: str) -> str:
    """What a markdown sentence reads as: backslash escapes taken away, word joiners unseen."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def briefing_value(payload) -> str:
    """A ``brief`` value holding ``payload`` as it is (whatever it holds), as a link would carry it."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


#: (name, page path, query) for each hostile link of issue 15, as a visitor could open it cold.
LINKS = [
    ("month-with-newline", "/", {"to": "2020-01\n"}),
    ("unicode-digit-step", "/", {"brief": briefing_value([["app.py", "", "from=2024-01"],
                                                          ["pages/3_Trends.py", "", ""]]), "step": "²"}),
    ("fullwidth-month", "/Trends", {"from": "２０２０-０１"}),
    ("phishing-search", "/Incident_table", {"q": PHISHING}),
    ("phishing-filter", "/", {"region": PHISHING}),
    ("phishing-profile", "/Country_profile", {"profile": PHISHING}),
    ("html-control", "/Incident_map", {"view": "<img src=x onerror=alert(1)>"}),
    ("many-unknown-values", "/", {"cause": [f"Atlantis {i}" for i in range(200)]}),
    ("long-value", "/Modus_operandi", {"kinds": "x" * 5000}),
    ("control-characters", "/Regional_comparison", {"group": "Mediterranean\x00\x1b[31m", "compare": "region\r"}),
]


def query_string(query: dict) -> str:
    return urlencode(query, doseq=True)
