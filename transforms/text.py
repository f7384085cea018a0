"""Text shown inside markdown as it is written: data text, and values a link or a visitor supplied.

Pure: no Streamlit. Streamlit renders ``st.markdown``, ``st.warning``, ``st.info``, ``st.caption`` and
similar as markdown, so a value put into one of their sentences could otherwise become a link, an image,
emphasis, a heading, LaTeX or a coloured label. :func:`escape_markdown` is for the app's own data (a
web address in a citation stays a clickable address); :func:`shown_value` is for anything that came from
outside, a link's query string or a search box: it also removes control characters, cuts the value short,
and breaks bare web and e-mail addresses, so such a value can never render as a link.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from i18n import _, format_integer, ngettext

#: Characters that start markdown syntax anywhere in a line (the app's own data text is escaped for these).
MARKDOWN_SPECIAL = re.compile(r"([\\$*_`~#<>\[\]|])")
#: For outside values, also ``: @ . & ! ( ) { } + ^`` (entities, images, Streamlit's ``:colour[...]`` labels).
OUTSIDE_SPECIAL = re.compile(r"([\\$*_`~#<>\[\]|:@.&!(){}+^])")
#: Escapes do not stop bare addresses: GitHub-flavoured markdown looks for ``https://``, ``www.`` and
#: ``name@host`` after reading escapes, as Streamlit does for ``:material/...:`` icons. An invisible word
#: joiner on each side of every ":", "@" and "." of an outside value breaks them, and a reader sees no change.
WORD_JOINER = "\N{WORD JOINER}"
BARE_LINK_MARK = re.compile(r"(\\[:@.])")
#: How many characters of an outside value a sentence shows, the ellipsis included.
SHOWN_CHARACTERS = 40
ELLIPSIS = "…"
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"  # stands for a control character in what is shown
#: Unicode categories never shown as they are: controls, format characters (bidirectional overrides,
#: zero-width characters), line and paragraph separators, private use and unpaired surrogates.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


def escape_markdown(text: object) -> str:
    """Text shown as it is in markdown (no LaTeX from "$", no emphasis from "*" or "_")."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def has_hidden_characters(text: str) -> bool:
    """True when ``text`` holds a control, format or other invisible character (see HIDDEN_CATEGORIES)."""
    if text.isascii():  # the usual case, checked in one pass in C
        return not text.isprintable()
    return any(unicodedata.category(character) in HIDDEN_CATEGORIES for character in text)


def visible(text: str) -> str:
    """``text`` with each control, format or other invisible character replaced by "�"."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(REPLACEMENT if unicodedata.category(character) in HIDDEN_CATEGORIES else character
                   for character in text)


def shorten(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[:limit - len(ELLIPSIS)] + ELLIPSIS


def shown_value(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value from outside the app (a link, a search box), ready to sit inside a markdown sentence.

    At most ``limit`` characters are shown (cut with "…"); control and invisible characters show as "�";
    every character that could start markdown is escaped and bare addresses are broken by invisible word
    joiners, so the value reads as written and never renders as a link, an icon, an image, emphasis or HTML. Only the first ``limit`` characters of a long value
    are looked at, so a megabyte costs no more than a word.
    """
    text = str(value)
    cut = text[:limit + 1]  # one more than shown, so shorten() knows it was cut
    escaped = OUTSIDE_SPECIAL.sub(r"\\\1", shorten(visible(cut), limit))
    return BARE_LINK_MARK.sub(WORD_JOINER + r"\1" + WORD_JOINER, escaped)


def file_slug(text: str, limit: int = 60) -> str:
    """``text`` made into a file name part: lower case, every run of characters that are not letters, marks or
    digits (in any script, so a Thai name keeps its letters and vowel signs) made one "-". May be empty: the
    caller falls back to an ASCII id. An ASCII ``text`` gives the ASCII slug the app has always used."""
    if text.isascii():
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit]
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else "-" for c in text.lower())
    return re.sub(r"-+", "-", kept).strip("-")[:limit].strip("-")


def join_values(values: Iterable[str]) -> str:
    """Values as a list inside a sentence, in the reader's language: "a", "a and b", "a, b and c",
    "a, b, c and 3 more"."""
    values = list(values)
    if len(values) <= 1:
        return "".join(values)
    if len(values) > 4:
        more = len(values) - 3
        # Translators: the end of a long list cut short: {values} are the first three, {count} how many are left out.
        return ngettext("{values} and {count} more", "{values} and {count} more", more,
                        values=", ".join(values[:3]), count=format_integer(more))
    # Translators: the end of a list of values: {values} are the first ones (comma-separated), {last} the last one.
    return _("{values} and {last}", values=", ".join(values[:-1]), last=values[-1])
