"""One self-contained HTML file for the current view: interactive charts, filters and sources.

Pure: no Streamlit, no I/O. plotly.js is inlined once, so the file opens from
an email attachment with no network. Map figures (plotly geo) are left out:
their base map would have to be fetched.
"""

from __future__ import annotations

import html
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from charts.style import INK, MUTED

PAGE_STYLE = ("body{font-family:Arial,Helvetica,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
              f"color:{INK}}}h1{{font-size:1.8em}}p.meta{{color:{MUTED}}}figure{{margin:2em 0}}"
              "figcaption{color:#333;font-size:1.05em}")


def is_geo(fig: go.Figure) -> bool:
    """True for figures drawn on a plotly geo base map (which would need fetching)."""
    return any(getattr(trace, "type", "") in ("choropleth", "scattergeo") for trace in fig.data)


def build_view_html(*, title: str, description: str, source_lines: list[str],
                    figures: list[tuple[str, go.Figure, str]], app_name: str) -> str:
    """The HTML document: title, the filters sentence, each (name, figure, summary), then sources."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{PAGE_STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p>{html.escape(description)}</p>",
             f"<p class='meta'>Exported {date.today():%d %B %Y} from the {html.escape(app_name)}.</p>"]
    left_out = []
    for name, fig, summary in figures:
        if is_geo(fig):
            left_out.append(name)
            continue
        chart = pio.to_html(fig, full_html=False, include_plotlyjs=False, config={"displaylogo": False})
        parts.append(f"<figure>{chart}<figcaption>{html.escape(summary)}</figcaption></figure>")
    if left_out:
        parts.append("<p class='meta'>Maps left out of this offline file (they need a base map): "
                     + html.escape(", ".join(left_out)) + ".</p>")
    parts.append("<h2>Sources</h2><ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in source_lines) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)
