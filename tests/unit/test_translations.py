"""The catalogues: every string of the source has a translation in French, Spanish and Thai, with the same named
placeholders, and no entry is left fuzzy; the template in the repository is the one the source gives today.

The source is read with Babel's own extractor and the keywords of ``make extract-messages``, so a string added
to the code without a translation fails here, naming it.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "locales"
#: What ``make extract-messages`` reads (the app's own code; not tests, tools or bench).
SOURCES = ("app.py", "cache.py", "i18n", "loaders", "transforms", "charts", "ui", "pages")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
TRANSLATED = ("fr", "es", "th")


def _source_messages() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> "file:line" of every message in the source."""
    found: dict[tuple[str | None, str], str] = {}
    for place in SOURCES:
        path = REPO / place
        if path.is_file():
            from babel.messages.extract import extract_from_file

            items = ((place, *item) for item in extract_from_file("python", path, keywords=KEYWORDS))
            items = ((f, line, msg, comments, ctx) for f, line, msg, comments, ctx in items)
        else:
            items = ((f"{place}/{name}", line, msg, comments, ctx) for name, line, msg, comments, ctx, *_ in
                     extract_from_dir(path, method_map=[("**.py", "python")], keywords=KEYWORDS))
        for file, line, message, _comments, context in items:
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault((context, msgid), f"{file}:{line}")
    return found


SOURCE = _source_messages()


def _catalogue(code: str):
    with (LOCALES / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def test_the_source_has_messages():
    assert len(SOURCE) > 300, "the extractor found too few messages: are the keywords right?"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_source_string_has_a_translation(code):
    catalogue = _catalogue(code)
    missing = []
    for (context, msgid), where in sorted(SOURCE.items(), key=lambda item: item[1]):
        entry = catalogue.get(msgid, context=context)
        strings = [] if entry is None else (list(entry.string) if isinstance(entry.string, tuple) else [entry.string])
        if entry is None or entry.fuzzy or not strings or not all(s.strip() for s in strings):
            missing.append(f"{where}: {msgid!r}" + (f" (context {context!r})" if context else ""))
    assert not missing, f"{len(missing)} strings lack a {code} translation:\n" + "\n".join(missing[:60])


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code):
    wrong = []
    for message in _catalogue(code):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for text in strings:
            if text and _placeholders(text) - wanted or (text and not message.pluralizable
                                                          and _placeholders(text) != wanted):
                wrong.append(f"{message.id!r} -> {text!r}")
    assert not wrong, f"{code}: placeholders differ:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("code", TRANSLATED)
def test_markdown_and_html_markers_survive(code):
    """A translation keeps the message's bold, links and line breaks, so the page still renders them."""
    wrong = []
    for message in _catalogue(code):
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        for marker in ("**", "](", "\n", "<br>", "  \n"):
            if message.id.count(marker) != message.string.count(marker):
                wrong.append(f"{marker!r} in {message.id!r} -> {message.string!r}")
    assert not wrong, f"{code}:\n" + "\n".join(wrong[:40])


def test_the_template_is_current():
    with (LOCALES / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    listed = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    new = sorted(where + f": {key[1]!r}" for key, where in SOURCE.items() if key not in listed)
    assert not new, "run `make extract-messages`; strings missing from locales/messages.pot:\n" + "\n".join(new[:40])


def test_glossary_lists_each_term_in_every_language():
    glossary = (LOCALES / "GLOSSARY.md").read_text(encoding="utf-8")
    for term in ("dead and missing", "minimum estimate", "smuggling of migrants", "detections", "encounters",
                 "corridor"):
        row = next((line for line in glossary.splitlines() if line.lower().startswith(f"| {term}")), None)
        assert row is not None, f"the glossary lacks {term!r}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) >= 4 and all(cells[:4]), f"{term!r}: a language is missing: {row}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_glossary_terms_are_used_as_the_glossary_says(code):
    """Where a message says "dead and missing" or "minimum estimate", its translation uses the glossary's term."""
    glossary = (LOCALES / "GLOSSARY.md").read_text(encoding="utf-8")
    column = {"fr": 1, "es": 2, "th": 3}[code]
    terms = {}
    for line in glossary.splitlines():
        if line.startswith("| ") and not line.startswith("| English") and not line.startswith("|--"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if cells[0] in ("dead and missing", "minimum estimate"):
                # the stem each translation must contain (the glossary's "check:" hint in the last column)
                hint = re.search(r"check: ([^;]+)", cells[-1])
                if hint:
                    terms[cells[0]] = [stem.strip() for stem in hint.group(1).split("/")][column - 1]
    wrong = []
    for message in _catalogue(code):
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        for term, stem in terms.items():
            if term in message.id.lower() and stem.lower() not in message.string.lower():
                wrong.append(f"{message.id!r} -> {message.string!r} (expected {stem!r})")
    assert not wrong, f"{code}:\n" + "\n".join(wrong[:30])


def test_no_message_hides_inside_an_f_string():
    """Babel's extractor cannot see a call inside an f-string (Python 3.11 reads it as one token): a literal
    message there is never extracted, so it would show in English in every language."""
    import ast

    hidden = []
    for place in SOURCES:
        path = REPO / place
        for file in ([path] if path.is_file() else sorted(path.rglob("*.py"))):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in KEYWORDS
                            and call.args and isinstance(call.args[0], ast.Constant)):
                        hidden.append(f"{file.relative_to(REPO)}:{call.lineno}")
    assert not hidden, "messages inside f-strings (move the call out):\n" + "\n".join(hidden)
