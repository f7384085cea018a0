"""One self-contained HTML file for the current view: interactive charts, filters and sources.

Pure: no Streamlit, no I/O. plotly.js is inlined once, so the file opens from
an email attachment with no network. Map figures (plotly geo) are left out:
their base map would have to be fetched. The file's text is in the reader's language and ``<html lang>`` names
it. Every cartesian axis of an exported figure gets ``automargin``: on screen Streamlit's plotly theme sets it,
but the file draws the figures with no template, and the app's narrow left margin (``charts.style.MARGIN``) would
then put the y-axis title over the tick labels. The Thai font the app ships (Noto Sans Thai) is embedded, when the
caller passes its files, as ``@font-face`` rules limited to the Thai block, so Thai text reads on a machine with no
Thai font; the page's and the figures' font stacks fall back to it.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from charts.style import FONT_FAMILY, INK, MUTED
from i18n import _, format_date, language, use_language

#: The family name of the embedded Thai font, as the figures' font stack (``charts.style.FONT_FAMILY``) names it.
THAI_FAMILY = "Noto Sans Thai"
#: The characters the embedded Thai font is used for: the Thai block, the zero-width (non-)joiners and the dotted
#: circle (Latin text keeps its own font).
THAI_RANGE = "U+0E01-0E5B, U+200C-200D, U+25CC"
#: The page's fonts: the Thai face first (its unicode-range leaves every other character to the next ones; placed
#: after Arial, Chromium drew some Thai runs in Arial's empty boxes even once the face had loaded).
PAGE_STYLE = (f"body{{font-family:'{THAI_FAMILY}',Arial,Helvetica,sans-serif;max-width:1100px;margin:2em auto;"
              "padding:0 1em;"
              f"color:{INK}}}h1{{font-size:1.8em}}p.meta{{color:{MUTED}}}figure{{margin:2em 0}}"
              "figcaption{color:#333;font-size:1.05em}")
#: The layout keys of cartesian axes (xaxis, xaxis2, yaxis, yaxis3, ...).
AXIS_KEY = re.compile(r"[xy]axis[0-9]*")


def is_geo(fig: go.Figure) -> bool:
    """True for figures drawn on a plotly geo base map (which would need fetching)."""
    return any(getattr(trace, "type", "") in ("choropleth", "scattergeo") for trace in fig.data)


def exported_spec(fig: go.Figure) -> dict[str, Any]:
    """``fig`` as the plain dict the file draws: every cartesian axis with ``automargin`` on (unless the figure
    says otherwise), so tick labels and axis titles get the room they need and never overlap; a font stack that
    falls back to the embedded Noto Sans Thai for Thai text."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    font = dict(layout.get("font") or {})
    family = font.get("family") or FONT_FAMILY
    font["family"] = family if THAI_FAMILY in family else f"{family}, '{THAI_FAMILY}'"
    layout["font"] = font
    axes = [key for key in layout if AXIS_KEY.fullmatch(key)] or ["xaxis", "yaxis"]
    for key in {*axes, "xaxis", "yaxis"}:
        axis = layout.get(key)
        axis = dict(axis) if isinstance(axis, dict) else {}
        axis.setdefault("automargin", True)
        layout[key] = axis
    return spec


def font_faces(fonts: Mapping[int, bytes] | None) -> str:
    """CSS ``@font-face`` rules embedding the Thai font, one per weight (``fonts``: weight -> woff2 bytes), as
    base64 data, for the Thai block only; "" for none."""
    return "".join(
        f"@font-face{{font-family:'{THAI_FAMILY}';font-style:normal;font-weight:{int(weight)};font-display:block;"
        f"src:url(data:font/woff2;base64,{base64.b64encode(data).decode('ascii')}) format('woff2');"
        f"unicode-range:{THAI_RANGE}}}"
        for weight, data in sorted((fonts or {}).items()))


def build_view_html(*, title: str, description: str, source_lines: list[str],
                    figures: list[tuple[str, go.Figure, str]], app_name: str, lang: str | None = None,
                    fonts: Mapping[int, bytes] | None = None) -> str:
    """The HTML document: title, the filters sentence, each (name, figure, summary), then sources.

    ``lang``: the language of the text (the active language by default), written to ``<html lang>``. The file is
    built when the reader clicks, outside the page's script run, so the page passes the language it was drawn in;
    it is made the active one while the file is written, then the previous one comes back. ``fonts``: Noto Sans
    Thai's files (weight -> woff2 bytes, ``cache.load_thai_fonts``), embedded in the file.
    """
    previous = language()
    code = use_language(lang or previous)
    try:
        return _document(title=title, description=description, source_lines=source_lines, figures=figures,
                         app_name=app_name, code=code, faces=font_faces(fonts))
    finally:
        use_language(previous)


def _document(*, title: str, description: str, source_lines: list[str], figures: list[tuple[str, go.Figure, str]],
              app_name: str, code: str, faces: str = "") -> str:
    code = html.escape(code, quote=True)
    parts = [f"<!DOCTYPE html><html lang='{code}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{faces}{PAGE_STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p>{html.escape(description)}</p>",
             "<p class='meta'>" + html.escape(_("Exported {date} from the {app}.", date=format_date(date.today()),
                                                  app=app_name)) + "</p>"]
    left_out = []
    for name, fig, summary in figures:
        if is_geo(fig):
            left_out.append(name)
            continue
        chart = pio.to_html(exported_spec(fig), full_html=False, include_plotlyjs=False,
                            config={"displaylogo": False})
        parts.append(f"<figure>{chart}<figcaption>{html.escape(summary)}</figcaption></figure>")
    if left_out:
        # Translators: {maps} lists the names of the maps left out of the file.
        parts.append("<p class='meta'>" + html.escape(_("Maps left out of this offline file (they need a base "
                                                        "map): {maps}.", maps=", ".join(left_out))) + "</p>")
    parts.append("<h2>" + html.escape(_("Sources")) + "</h2><ul>"
                 + "".join(f"<li>{html.escape(line)}</li>" for line in source_lines) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)
