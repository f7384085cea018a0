"""Modus operandi: cited facts on how smugglers move people, corridor by corridor.

A thin page. ``loaders/modus_operandi.py`` reads the compiled facts and
``transforms/modus_operandi.py`` maps their corridor names onto the corridor catalogue and
shapes each view (read once per data version, and each view worked out once, by
``cache.py``); ``charts/modus_operandi.py`` draws where evidence exists and the fees as
stated. The corridor (``?corridor=``, a catalogue id or a facts corridor name) and the
source kinds kept (``?kinds=official&kinds=research``) live in the URL.
"""

from __future__ import annotations

import streamlit as st

from cache import load_facts, load_facts_view
from charts.modus_operandi import build_evidence_matrix, build_fee_ranges, summarise_fees, summarise_matrix
from loaders.errors import DataFileError
from transforms.modus_operandi import (
    ASPECT_LABELS,
    SOURCE_KINDS,
    TRUSTED_KINDS,
    citation,
    corridor_choices,
    corridor_label,
    parse_kinds,
)
from transforms.modus_operandi import escape_markdown as md  # facts' text shown as written
from ui.callbacks import set_states
from ui.figures import show_figure
from ui.shell import render_shell
from ui.url_state import page_control, write_query

DEFAULT_CORRIDOR = "central_med"
KINDS_KEY = "ctl_kinds"


shell = render_shell("Modus operandi", needs_incidents=False)  # no incident data shown here
try:
    loaded = load_facts()
except DataFileError as error:
    st.error(error.markdown())
    st.stop()
facts, names = loaded.facts, loaded.names
source_line = f"Source: {loaded.meta['title']}; each fact names its own source (publisher, title, address)."

st.markdown("How smugglers move people, what they charge and what migrants risk, as reported by UN agencies, "
            "Europol, researchers and the press. Every fact carries its source kind; open it for the citation "
            "and the verbatim quote. The sidebar filters apply to incident data only, not to these facts.")

choices = corridor_choices(facts)
choice = page_control("corridor", choices, DEFAULT_CORRIDOR)
if KINDS_KEY not in st.session_state:
    known, notices = parse_kinds(st.query_params.get_all("kinds"))
    st.session_state[KINDS_KEY] = known or list(SOURCE_KINDS)
    for notice in notices:
        st.warning(notice)
left, middle, right = st.columns([5, 5, 3], vertical_alignment="bottom")
left.selectbox("Corridor", choices, key="ctl_corridor", format_func={c: corridor_label(c, names) for c in choices}.get,
               help="A catalogue corridor gathers every fact mapped to it (data/modus_operandi/corridor_map.csv); "
                    "the other entries are the corridors as the compilation names them.")
middle.multiselect("Source kinds", list(SOURCE_KINDS), key=KINDS_KEY,
                   help="official: UN agencies and Europol; research: institutes and NGOs; news: a named outlet; "
                        "secondary copy: a mirror, repost or summary of a named source.")
right.button("Official and research only", on_click=set_states, args=({KINDS_KEY: list(TRUSTED_KINDS)},))
kinds = [kind for kind in SOURCE_KINDS if kind in st.session_state[KINDS_KEY]]
write_query({"corridor": [choice] if choice != DEFAULT_CORRIDOR else [],
             "kinds": kinds if kinds != list(SOURCE_KINDS) else []}, {"corridor", "kinds"})
view = load_facts_view(choice, tuple(kinds))
kinds_sentence = f"Facts from {', '.join(kinds) if kinds else 'no'} sources."

# The chosen corridor's facts, by aspect.
st.subheader(corridor_label(choice, names))
chosen = view.chosen
if chosen.empty:
    st.info("No fact from the chosen source kinds for this corridor. Add source kinds or pick another corridor.")
else:
    several = chosen["corridor"].nunique() > 1
    st.caption(f"{len(chosen)} cited facts, grouped by aspect, most authoritative sources first. {kinds_sentence}")
    for aspect, part in view.groups:
        st.markdown(f"##### {ASPECT_LABELS.get(aspect, aspect)}")
        for fact in part.to_dict("records"):  # iterrows would make the whole part an object array per group
            where = f"{md(fact['corridor'])}: " if several else ""
            st.markdown(f"{where}**{md(fact['category'])}**: {md(fact['value_text'])} ({md(fact['year_or_period'])}). "
                        f"*{md(fact['source_publisher'])}* · `{fact['source_kind']}`")
            with st.expander("Source and quote"):
                st.markdown(f"{md(citation(fact))}  \nSource kind: {fact['source_kind']}  \n"
                            f"Quote: “{md(fact['evidence_quote'])}”")

# Where evidence exists: corridor × aspect.
st.subheader("Where evidence exists, and where it is missing")
st.markdown(f"Number of cited facts for each corridor (as the compilation names it) and aspect. {kinds_sentence} "
            "A blank cell means no fact was found, not that the practice is absent.")
matrix, wide = view.matrix, view.wide
show_figure(build_evidence_matrix(matrix, title="Cited facts per corridor and aspect", source=source_line),
            data=wide, name="Cited facts per corridor and aspect", summary=summarise_matrix(matrix),
            source_line=source_line, description=kinds_sentence)

# Fees as stated.
st.subheader("What smugglers charge, as stated")
st.markdown("Each row is one cited fee, from its low to its high figure, in the currency and year the source "
            f"states. {kinds_sentence} **Currencies are not converted**: compare rows of the same colour only. "
            "Hover a point for the fact and its citation.")
fees = view.fees
show_figure(build_fee_ranges(fees, title="Smuggling fees per person or journey, as stated by each source",
                             source=source_line),
            data=fees, name="Smuggling fees as stated", summary=summarise_fees(fees), source_line=source_line,
            description=kinds_sentence)
st.caption("A dot is a single figure; ◀ marks an “up to” figure, ▶ an “at least” figure. Many fees are one "
           "migrant's account, not route averages (the fact's text says so).")
