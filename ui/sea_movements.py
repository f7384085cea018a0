"""The Corridor profile's section on UNHCR's attempted sea journeys: the denominator of the Bay of Bengal and
Andaman Sea, with deaths per 1,000 attempted journeys by UNHCR's count of the dead and by IOM's, and every figure's
source one click away. Shown for a corridor UNHCR's figures measure; nothing for any other.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cache import load_sea_movements
from charts.sea_movements import build_per_thousand_attempted
from i18n import _, format_decimal, format_integer
from loaders.errors import DataFileError
from transforms.corridors import thousand
from transforms.sea_movements import figure_sources, figures_for, per_thousand_attempted, years_without_figures
from ui.figures import show_figure


def has_attempted_journeys(corridor_id: str) -> bool:
    """True when UNHCR's figures measure ``corridor_id`` (False when they cannot be read: the section says why)."""
    try:
        figures, _meta = load_sea_movements()
    except DataFileError:
        return False
    return not figures_for(figures, corridor_id).empty


def show_attempted_journeys(corridor_id: str, corridor_name: str, iom_deaths: pd.DataFrame | None,
                            iom_source_line: str, description: str) -> None:
    """Draw the section for ``corridor_id`` when UNHCR's figures measure it (``iom_deaths``:
    :func:`transforms.corridors.deaths_by_year` of the corridor, None without IOM data)."""
    try:
        figures, meta = load_sea_movements()
    except DataFileError as error:
        st.error(error.markdown())
        return
    mine = figures_for(figures, corridor_id)
    if mine.empty:
        return
    st.subheader(_("Attempted sea journeys (UNHCR) and deaths per {thousand}", thousand=thousand()))
    ratio = per_thousand_attempted(mine, iom_deaths)
    unhcr_line = _("Attempted journeys and UNHCR's dead and missing: UNHCR, as published in the statements and "
                   "reports listed under “Sources of UNHCR's figures”.")
    both = f"{unhcr_line} {iom_source_line}".strip()
    st.markdown(_("UNHCR publishes how many people set out by boat across the {corridor} and how many died or went "
                  "missing, for some years. Used as the denominator: dead and missing per {thousand} attempted "
                  "journeys. IOM's and UNHCR's counts of the dead differ (IOM records incidents one by one, UNHCR "
                  "estimates from survivors and partners), so both are shown where both exist, never added.",
                  corridor=corridor_name, thousand=thousand()))
    latest = ratio.dropna(subset=["unhcr_per_thousand"]).tail(1)
    summary = (_("In {period}, {ratio} dead and missing per {thousand} attempted journeys by UNHCR's count.",
                 period=latest["period"].iloc[0], ratio=format_decimal(latest["unhcr_per_thousand"].iloc[0], 1),
                 thousand=thousand()) if not latest.empty else _("No period has both UNHCR figures."))
    show_figure(build_per_thousand_attempted(ratio, thousand=thousand(), source=both,
                                             title=_("Dead and missing per {thousand} attempted sea journeys, "
                                                     "{corridor}", thousand=thousand(), corridor=corridor_name)),
                data=ratio, name=_("Deaths per 1000 attempted journeys {corridor_id}", corridor_id=corridor_id),
                key=f"deaths-per-attempted-{corridor_id}", summary=summary, source_line=both,
                description=description)
    missing = years_without_figures(mine)
    notes = [_("Figures marked “more than”, “nearly”, “at least” or “some” in the sources are used as published; "
               "the ratios are as approximate as they are. IOM's ratio is shown only for whole calendar years IOM "
               "covers.")]
    if missing:
        notes.append(_("No UNHCR figure was found for {years}.", years=", ".join(str(y) for y in missing)))
    st.caption(" ".join(notes))
    with st.expander(_("Sources of UNHCR's figures ({count})", count=format_integer(len(mine)))):
        st.markdown("\n".join(f"- {line}" for line in figure_sources(mine)))
        st.caption(_("Licence: {licence}", licence=meta.get("licence", "")))
