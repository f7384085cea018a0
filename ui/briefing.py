"""Views and briefings as plain data: what a shareable link and a presenter's briefing hold.

Pure: no Streamlit. A *view* is a page plus its query string (global filters
and the page's own controls). A *briefing* is an ordered list of views,
carried in one URL parameter (``brief``) as compact URL-safe base64 JSON, so a
whole briefing can be shared as one link.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from i18n import _
from transforms.link_values import MAX_KEYS, MAX_VALUES, clean_query, value_length
from transforms.text import shown_value

#: URL keys owned by the share-and-present layer (never by a page).
PRESENT_KEY, BRIEF_KEY, STEP_KEY = "present", "brief", "step"
SHELL_KEYS = frozenset({PRESENT_KEY, BRIEF_KEY, STEP_KEY})
MAX_VIEWS = 30
#: A ``brief`` value: URL-safe base64 without padding, nothing else.
BRIEF_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
#: The most fields a view's query string may hold before it is refused outright.
MAX_QUERY_FIELDS = MAX_KEYS * MAX_VALUES


@dataclass(frozen=True)
class View:
    """One page with its query parameters (each key mapped to its list of values)."""

    page: str  # script path relative to app.py, e.g. "pages/3_Trends.py"
    label: str
    query: dict[str, list[str]] = field(default_factory=dict)

    def query_string(self) -> str:
        """The view's query string, without the share-and-present keys."""
        return urlencode([(k, v) for k, values in self.query.items() if k not in SHELL_KEYS for v in values])


def encode_briefing(views: list[View]) -> str:
    """The ``brief`` URL value for an ordered list of views."""
    payload = [[v.page, v.label, v.query_string()] for v in views[:MAX_VIEWS]]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_briefing(text: str, known_pages: dict[str, str]) -> list[View]:
    """Views from a ``brief`` URL value; raises ValueError for anything malformed or unknown.

    ``known_pages`` maps each page's script path to its label; a briefing
    naming another page is refused, so a link cannot point the app anywhere else.
    The value must be URL-safe base64 (matched whole) of at most ``value_length("brief")`` characters;
    each view's query string is held to the same link limits as the address bar
    (:func:`transforms.link_values.clean_query`), and its label is the app's own, never the link's.
    The error's message is a clause in the reader's language (the end of a notice).
    """
    if len(text) > value_length(BRIEF_KEY) or BRIEF_PATTERN.fullmatch(text) is None:
        raise ValueError(_("the briefing in this link cannot be read"))
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, RecursionError) as exc:  # bad base64, UTF-8 or JSON; JSON nested too deep
        raise ValueError(_("the briefing in this link cannot be read")) from exc
    if not isinstance(payload, list) or not payload or len(payload) > MAX_VIEWS:
        raise ValueError(_("the briefing in this link is empty or too long"))
    views = []
    for item in payload:
        if not (isinstance(item, list) and len(item) == 3 and all(isinstance(part, str) for part in item)):
            raise ValueError(_("the briefing in this link is malformed"))
        page, _label, query = item
        if page not in known_pages:
            raise ValueError(_("the briefing names an unknown page ({page})", page=shown_value(page)))
        try:
            fields = parse_qs(query, keep_blank_values=False, max_num_fields=MAX_QUERY_FIELDS)
        except ValueError as exc:
            raise ValueError(_("the briefing in this link is malformed")) from exc
        views.append(View(page=page, label=known_pages[page], query=clean_query(fields)[0]))
    return views


def step_query(views: list[View], step: int, presenting: bool) -> dict[str, list[str]]:
    """The query parameters that open step ``step`` (0-based) of a briefing."""
    view = views[step]
    query = {k: list(v) for k, v in view.query.items() if k not in SHELL_KEYS}
    query[BRIEF_KEY] = [encode_briefing(views)]
    query[STEP_KEY] = [str(step + 1)]
    if presenting:
        query[PRESENT_KEY] = ["1"]
    return query
