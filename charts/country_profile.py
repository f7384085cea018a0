"""Figures and one-sentence summaries for the Country profile page.

Pure: takes the frames of :mod:`transforms.countries` and returns plotly
figures or plain sentences; no Streamlit, no I/O. The trend and ranking charts
reuse :mod:`charts.time_series` and :mod:`charts.rankings`; this module adds
the line chart of a country's share of its UN sub-region, and fits figures
into half-width columns (a shorter source line, with room below the axis).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.layout import base_layout, empty_figure, merge, wrap_lines
from charts.rankings import top_bars_with_axis
from charts.serialise import figure, figure_spec
from charts.style import DEAD_MISSING_COLOUR, LINE_WIDTH, OKABE_ITO, SOURCE_WRAP
from i18n import N_, _, format_integer, format_percent

MARKER_SIZE = 8
NATIONALS_COLOUR = OKABE_ITO["bluish_green"]
HALF_WIDTH_WRAP = 62  # characters per source line in a half-width column
HALF_WIDTH_BARS_WRAP = 44  # the same beside the long category labels of a bar ranking
HALF_WIDTH_TITLE_WRAP = 40  # characters per title line in a half-width column
HALF_WIDTH_MARGIN_TOP = 80
HALF_WIDTH_MARGIN_BOTTOM = 90
NO_SUBREGION_DATA = N_("No dead or missing recorded in {subregion} for this selection.")

#: Where nationals died, by the ranking's column: the summary sentence, written whole for each (its placeholders:
#: {country} the country, {first} the first place, {people} its dead and missing, {share} its share).
WHERE_SUMMARIES = {
    "country_of_incident": N_("The largest number of {country} nationals recorded dead or missing, by country of "
                              "incident: {first} ({people}, {share})."),
    "region_of_incident": N_("The largest number of {country} nationals recorded dead or missing, by region of "
                             "incident: {first} ({people}, {share})."),
}


def fit_half_width(fig: go.Figure, source: str, wrap: int = HALF_WIDTH_WRAP) -> go.Figure:
    """A copy of ``fig`` for a half-width column: title and source line (``wrap`` characters) wrapped shorter,
    with room for both."""
    spec = figure_spec(fig)
    layout = spec["layout"]
    full = "<br>".join(wrap_lines(source, SOURCE_WRAP))
    shift = -HALF_WIDTH_MARGIN_BOTTOM + 8  # as charts.layout.source_note places it, for the taller margin
    for note in layout.get("annotations", ()):
        if note.get("text") == full:
            note.update(text="<br>".join(wrap_lines(source, wrap)), yshift=shift)
    title = "<br>".join(wrap_lines(layout.get("title", {}).get("text") or "", HALF_WIDTH_TITLE_WRAP))
    merge(layout, dict(title=dict(text=title, y=1, yref="container", yanchor="top", pad=dict(t=12)),
                       margin=dict(t=HALF_WIDTH_MARGIN_TOP, b=HALF_WIDTH_MARGIN_BOTTOM)))
    return figure(spec["data"], layout, spec.get("frames"))


def build_profile_bars(ranking: pd.DataFrame, *, title: str, source: str, empty_message: str,
                       colour: str = DEAD_MISSING_COLOUR, half_width: bool = False) -> go.Figure:
    """:func:`charts.rankings.build_top_bars` with the unit in the title instead of an axis title.

    The axis title would sit on the source line; "(people)" goes into the title (``title`` already translated).
    Needs columns value, dead_missing (people), incidents, share (0-1).
    """
    # A full-width chart keeps an empty axis title (``title={}``); a half-width one has none (fit_half_width's
    # copy of the figure drops it).
    # Translators: a chart title ({title}, already translated) with its unit.
    fig = top_bars_with_axis(ranking, title=_("{title} (people)", title=title), source=source,
                             empty_message=empty_message,
                             colour=colour, xaxis={} if half_width else dict(title={}))
    return fit_half_width(fig, source, HALF_WIDTH_BARS_WRAP) if half_width else fig


def build_subregion_share(table: pd.DataFrame, *, country: str, subregion: str, title: str,
                          source: str) -> go.Figure:
    """Lines of the country's share (%) of its sub-region's dead and missing, per year.

    Needs the columns of :func:`transforms.countries.subregion_comparison`:
    year, in_country, in_subregion, share_in_country, nationals,
    subregion_nationals, share_nationals (0-1). Blank shares are gaps in the
    line, not zero. ``country`` and ``subregion`` are names as the reader sees them.
    """
    if table.empty or table[["share_in_country", "share_nationals"]].isna().all().all():
        return empty_figure(_(NO_SUBREGION_DATA, subregion=subregion), title=title, source=source)
    data = []
    hover = ("%{x}: %{y:.1%}<br>" + _("{count} of {total} dead and missing", count="%{customdata[0]:,.0f}",
                                      total="%{customdata[1]:,.0f}"))
    for share, numerator, denominator, name, colour in (
            ("share_in_country", "in_country", "in_subregion", _("Dead and missing in or off {country}",
                                                                 country=country), DEAD_MISSING_COLOUR),
            ("share_nationals", "nationals", "subregion_nationals", _("{country} nationals dead or missing",
                                                                      country=country), NATIONALS_COLOUR)):
        custom = table[[numerator, denominator]].fillna(0).to_numpy()
        data.append(dict(type="scatter", x=table["year"], y=table[share], name=name, mode="lines+markers",
                         connectgaps=False, line=dict(color=colour, width=LINE_WIDTH), marker=dict(size=MARKER_SIZE),
                         customdata=custom, hovertemplate=hover + "<extra>" + name + "</extra>"))
    return figure(data, base_layout(title=title, source=source,
                                    yaxis=dict(title=dict(text=_("Share of the sub-region (%)")), tickformat=".0%",
                                               range=[0, 1.05]),
                                    xaxis=dict(type="category")))


def summarise_subregion(table: pd.DataFrame, country: str, subregion: str) -> str:
    """E.g. "Myanmar: 34% of the dead and missing recorded in or off countries of South-eastern Asia
    (2014–2025); Myanmar nationals: 52% of the nationals recorded dead or missing of all countries of South-eastern
    Asia (2014–2026)."."""
    parts = []
    for numerator, denominator in (("in_country", "in_subregion"), ("nationals", "subregion_nationals")):
        rows = table.dropna(subset=[numerator, denominator])
        rows = rows[rows[denominator] > 0]
        if rows.empty:
            continue
        share = format_percent(rows[numerator].sum() / rows[denominator].sum())
        span = (str(rows["year"].iloc[0]) if len(rows) == 1
                else _("{first}–{last}", first=rows["year"].iloc[0], last=rows["year"].iloc[-1]))
        if numerator == "in_country":
            parts.append(_("{country}: {share} of the dead and missing recorded in or off countries of {subregion} "
                           "({years})", country=country, share=share, subregion=subregion, years=span))
        else:
            parts.append(_("{country} nationals: {share} of the nationals recorded dead or missing of all countries "
                           "of {subregion} ({years})", country=country, share=share, subregion=subregion, years=span))
    if not parts:
        return _(NO_SUBREGION_DATA, subregion=subregion)
    # Translators: joins the two halves of a summary (each a clause of its own) into one sentence.
    return _("{first}; {second}.", first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0] + "."


def summarise_where(ranking: pd.DataFrame, country: str, what: str) -> str:
    """E.g. "Most Myanmar nationals recorded dead or missing were in Thailand (1,234, 37.5%); next ...".

    ``what`` is the ranking's column (country_of_incident or region_of_incident); any other words are put into a
    general sentence."""
    if ranking.empty:
        return _("No {country} nationals recorded dead or missing for this selection.", country=country)
    first = ranking.iloc[0]
    values = {"country": country, "first": first["value"], "people": format_integer(int(first["dead_missing"])),
              "share": format_percent(first["share"], 1)}
    if what in WHERE_SUMMARIES:
        text = _(WHERE_SUMMARIES[what], **values)
    else:
        # Translators: {what} names what the ranking is by (e.g. "country of incident").
        text = _("The largest number of {country} nationals recorded dead or missing, by {what}: {first} "
                 "({people}, {share}).", what=what, **values)
    # Translators: one item of a list: a place and its dead and missing.
    others = ", ".join(_("{place} ({people})", place=row.value, people=format_integer(row.dead_missing))
                       for row in ranking.iloc[1:4].itertuples())
    # Translators: {others} is a comma-separated list of items such as "Thailand (1,234)".
    return text + (" " + _("Next: {others}.", others=others) if others else "")
