"""One place for the look of every chart: palette, fonts, margins, template.

The palette is Okabe and Ito's colour-blind-safe set; causes of death keep the
same colour on every page. Every style number is a named constant.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"  # Streamlit's bundled font, then system fallbacks
FONT_SIZE = 14
TITLE_SIZE = 18
SOURCE_SIZE = 11
SOURCE_WRAP = 80  # characters per line of the source note (fits a half-width chart)
MARGIN = dict(l=10, r=10, t=60, b=96)  # the bottom holds the axis title, then the source note
FIGURE_HEIGHT = 380
LINE_WIDTH = 2.5

INK = "#1f2933"
MUTED = "#5f6b76"
GRID = "#e3e8ee"
TRANSPARENT = "rgba(0,0,0,0)"
GAP_FILL = "rgba(95, 107, 118, 0.12)"

# Okabe & Ito (2008), colour-blind safe.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7f7f7f",
}
SERIES_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                                          "sky_blue", "yellow", "grey")]

DEAD_MISSING_COLOUR = OKABE_ITO["blue"]
DEAD_COLOUR = OKABE_ITO["vermillion"]
MISSING_COLOUR = OKABE_ITO["sky_blue"]

#: One colour per IOM cause-of-death category, the same on every page.
CAUSE_COLOURS = {
    "Drowning": OKABE_ITO["blue"],
    "Vehicle accident / death linked to hazardous transport": OKABE_ITO["orange"],
    "Harsh environmental conditions / lack of adequate shelter, food, water": OKABE_ITO["yellow"],
    "Sickness / lack of access to adequate healthcare": OKABE_ITO["bluish_green"],
    "Violence": OKABE_ITO["vermillion"],
    "Accidental death": OKABE_ITO["reddish_purple"],
    "Mixed or unknown": OKABE_ITO["grey"],
}

#: Short labels for legends where the IOM category is long.
CAUSE_SHORT = {
    "Drowning": "Drowning",
    "Vehicle accident / death linked to hazardous transport": "Vehicle / hazardous transport",
    "Harsh environmental conditions / lack of adequate shelter, food, water": "Harsh environment",
    "Sickness / lack of access to adequate healthcare": "Sickness / no healthcare",
    "Violence": "Violence",
    "Accidental death": "Accidental death",
    "Mixed or unknown": "Mixed or unknown",
}

MINIMUM_ESTIMATE_CAVEAT = "Minimum estimates: many deaths on migration routes are never recorded."


def hex_to_rgb(colour: str) -> list[int]:
    """"#0072B2" -> [0, 114, 178] (for pydeck)."""
    colour = colour.lstrip("#")
    return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]


def apply_layout(fig: go.Figure, *, title: str, source: str, height: int = FIGURE_HEIGHT) -> go.Figure:
    """Title, fonts, margins and a source line under the plot (kept in PNG exports)."""
    fig.update_layout(
        # No template: resolving one costs ~12 ms a figure. Transparent backgrounds take the app's theme
        # (light or dark) on screen, and white in the HTML export.
        paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
        title=dict(text=title, font=dict(size=TITLE_SIZE), x=0, xanchor="left"),  # ink from the theme
        font=dict(family=FONT_FAMILY, size=FONT_SIZE),
        margin=MARGIN,
        height=height,
        hoverlabel=dict(font_size=FONT_SIZE),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )
    fig.add_annotation(text="<br>".join(textwrap.wrap(source, SOURCE_WRAP)), xref="paper", yref="paper", x=0, y=0,
                       yshift=-MARGIN["b"] + 2,
                       xanchor="left", yanchor="bottom", showarrow=False,
                       font=dict(size=SOURCE_SIZE, color=MUTED), align="left")
    fig.update_xaxes(gridcolor=GRID)
    fig.update_yaxes(gridcolor=GRID)
    return fig


def empty_figure(message: str, *, title: str = "", source: str = "") -> go.Figure:
    """A blank figure that says why it is blank, instead of an empty axis."""
    fig = go.Figure()
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=FONT_SIZE + 2, color=MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_layout(fig, title=title, source=source)


#: Presenter mode: sizes that read on a projector at 1280x720 and 1920x1080.
PRESENTER_FONT_SIZE = 22
PRESENTER_TITLE_SIZE = 30
PRESENTER_SOURCE_SIZE = 16
PRESENTER_LINE_WIDTH = 5
PRESENTER_HEIGHT = 560
PRESENTER_INK = "#000000"
PRESENTER_TOP_MARGIN = 120


def presenter_style(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with large type, thick lines and black ink, for a projector."""
    big = go.Figure(fig)
    big.update_layout(font=dict(size=PRESENTER_FONT_SIZE, color=PRESENTER_INK),
                      title_font=dict(size=PRESENTER_TITLE_SIZE, color=PRESENTER_INK),
                      height=max(PRESENTER_HEIGHT, int(fig.layout.height or 0)),
                      legend=dict(font=dict(size=PRESENTER_FONT_SIZE), y=1.02, yanchor="bottom"),
                      margin=dict(t=PRESENTER_TOP_MARGIN, b=MARGIN["b"] + 30))
    big.update_traces(selector=dict(type="scatter"), line=dict(width=PRESENTER_LINE_WIDTH))
    for annotation in big.layout.annotations:
        if annotation.font and annotation.font.size == SOURCE_SIZE:
            annotation.font.size = PRESENTER_SOURCE_SIZE
    big.update_xaxes(tickfont=dict(size=PRESENTER_FONT_SIZE), gridcolor="#bfc7cf")
    big.update_yaxes(tickfont=dict(size=PRESENTER_FONT_SIZE), gridcolor="#bfc7cf")
    return big
