"""One place for the look of every chart: palette, fonts, margins and sizes, as named constants.

The palette is Okabe and Ito's colour-blind-safe set; causes of death keep the
same colour on every page.
"""

from __future__ import annotations

from i18n import N_

#: Streamlit's bundled Source Sans (its family name since Streamlit 1.46), then Noto Sans Thai for Thai text (served
#: from static/fonts/, see .streamlit/config.toml), then system fallbacks (the HTML export and PNG files).
FONT_FAMILY = "'Source Sans', 'Noto Sans Thai', Arial, sans-serif"


FONT_SIZE = 14


TITLE_SIZE = 18


SOURCE_SIZE = 11


SOURCE_WRAP = 80  # characters per line of the source note (fits a half-width chart)


MARGIN = dict(l=10, r=10, t=60, b=96)  # the bottom holds the axis title, then the source note


FIGURE_HEIGHT = 380


LINE_WIDTH = 2.5


INK = "#1f2933"  # text on a fixed light ground: map labels and tooltips, the HTML export


#: Chart text on the app's own background, which is light or dark with the viewer's theme: the colour Streamlit's
#: plotly theme writes as its placeholder for its strongest text grey (GRAY_90 in
#: streamlit/elements/lib/streamlit_plotly_theme.py) and replaces in the browser with that grey of the theme shown
#: (about #31333f on light, #fafafa on dark). Outside Streamlit (HTML export, PNG) it is a near-black navy.
THEME_TEXT = "#000037"


#: Secondary text and reference lines (source notes, "no data" labels, baselines). No fixed grey reads at 4.5:1 on
#: both the white and the near-black background (the best manages 4.2:1), so they take the theme's text colour and
#: step back by their smaller size; Streamlit's own axis grey (#808495) is 3.7:1 on white and is overridden too.
MUTED = THEME_TEXT


GRID = "#e3e8ee"


TRANSPARENT = "rgba(0,0,0,0)"


GAP_FILL = "rgba(95, 107, 118, 0.12)"


BLACK = "#000000"


WHITE = "#ffffff"


OUTLINE = "white"  # the edge around markers and map shapes, setting them apart from their neighbours


# Okabe & Ito (2008), colour-blind safe.
OKABE_ITO = {
    "black": BLACK,
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7f7f7f",
}


#: The ink of a value printed inside a bar of each palette colour, 4.5:1 or more (black on all but blue and black:
#: plotly's own choice of white or grey gives 2.3 to 4.3:1 on orange, sky blue, bluish green, vermillion and
#: reddish purple). For ``insidetextfont=dict(color=INK_ON[colour])``.
INK_ON = {colour: (WHITE if colour in (OKABE_ITO["blue"], BLACK) else BLACK) for colour in OKABE_ITO.values()}


SERIES_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                                          "sky_blue", "yellow", "grey")]


DEAD_MISSING_COLOUR = OKABE_ITO["blue"]


DEAD_COLOUR = OKABE_ITO["vermillion"]


MISSING_COLOUR = OKABE_ITO["sky_blue"]


#: One colour per crossing mode of a corridor (sea, land, both, air), the same on every page.
MODE_COLOURS = {"sea": OKABE_ITO["blue"], "land": OKABE_ITO["orange"], "mixed": OKABE_ITO["reddish_purple"],
                "air": OKABE_ITO["bluish_green"]}


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


#: Short labels for legends where the IOM category is long (English: show them with ``_(CAUSE_SHORT[cause])``).
CAUSE_SHORT = {
    "Drowning": N_("Drowning"),
    "Vehicle accident / death linked to hazardous transport": N_("Vehicle / hazardous transport"),
    "Harsh environmental conditions / lack of adequate shelter, food, water": N_("Harsh environment"),
    "Sickness / lack of access to adequate healthcare": N_("Sickness / no healthcare"),
    "Violence": N_("Violence"),
    "Accidental death": N_("Accidental death"),
    "Mixed or unknown": N_("Mixed or unknown"),
}


#: The edge between the segments of a stacked bar (by cause, by group), so neighbours are told apart without their
#: colours: thin, in the theme's text ink (dark on the light theme, light on the dark one; see THEME_TEXT).
SEGMENT_LINE = dict(color=THEME_TEXT, width=0.6)


PARTIAL_OPACITY = 0.45  # bars of periods the data covers only in part are drawn this pale


#: A hatch for the bars of partial periods as well as :data:`PARTIAL_OPACITY`, so the difference does not rest on
#: lightness alone (on the dark theme those bars read darker, not paler). Per bar:
#: ``pattern=dict(PARTIAL_PATTERN, shape=[PARTIAL_PATTERN["shape"] if part else "" for part in partial])``.
PARTIAL_PATTERN = dict(shape="/", fillmode="overlay", size=6, solidity=0.3)


GAP_NOTE = N_("No IOM export covers this period")  # the band over periods with no data; shown with _(GAP_NOTE)


#: A vertical legend beside the plot, top-aligned (for long entry names).
LEGEND_RIGHT = dict(orientation="v", x=1.01, xanchor="left", y=1.0, yanchor="top")


#: :data:`LEGEND_RIGHT` with its entries in the order of the traces (plotly.js otherwise reverses them for
#: stacked bars).
LEGEND_RIGHT_IN_ORDER = dict(LEGEND_RIGHT, traceorder="normal")


# Maps -------------------------------------------------------------------------------------------

LAND = "#f4f4f1"  # land on the plotly geo maps


OCEAN = "#dde8f0"  # the blank-style.json background, so both kinds of map look alike


COUNTRY_LINES = "#a0aab4"  # country borders, on both kinds of map


COUNTRY_FILL = "#fafaf8"  # land on the pydeck maps


#: ColorBrewer's sequential blues, lightest first: counts shaded on maps. The ramp starts at Blues' fourth step:
#: its lighter ones (#deebf7 was 1.03:1 on OCEAN) hid the lowest counts against the sea and the pale land.
#: The lightest shade used is #9ecae1 on the choropleths (1.4:1 on OCEAN), #6baed6 on the density map (2:1).
MAP_BLUES = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08306b")


#: Countries shaded by a count or a score, on a continuous scale.
CHOROPLETH_SCALE = [[0.0, MAP_BLUES[0]], [0.35, MAP_BLUES[2]], [0.7, MAP_BLUES[3]], [1.0, MAP_BLUES[4]]]


CHOROPLETH_RESOLUTION = 50  # static/topojson/world_50m.json: includes Malta, Singapore and other small states


MAP_MARGIN = dict(MARGIN, l=0, r=0, t=50)  # plotly geo maps: the map spans the width; the bottom holds the source


#: deck.gl's plain-text tooltip style: our ink on white, readable over the pale map.
TOOLTIP_STYLE = {"backgroundColor": "white", "color": INK, "fontSize": "13px", "maxWidth": "360px",
                 "whiteSpace": "pre-wrap", "border": f"1px solid {GRID}"}
