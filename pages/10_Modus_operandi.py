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
from i18n import _, format_integer, ngettext
from loaders.errors import DataFileError
from transforms.modus_operandi import (
    SOURCE_KINDS,
    TRUSTED_KINDS,
    aspect_label,
    citation,
    corridor_choices,
    corridor_label,
    parse_kinds,
    source_kind_label,
)
from transforms.text import escape_markdown as md  # facts' text shown as written
from ui.callbacks import set_states
from ui.figures import show_figure
from ui.shell import page_guard, render_shell
from ui.url_state import link_notice, page_control, url_values, write_query

DEFAULT_CORRIDOR = "central_med"
KINDS_KEY = "ctl_kinds"


with page_guard("Modus operandi"):
    shell = render_shell("Modus operandi", needs_incidents=False)  # no incident data shown here
    try:
        loaded = load_facts()
    except DataFileError as error:
        st.error(error.markdown())
        st.stop()
    facts, names = loaded.facts, loaded.names
    source_line = _("Source: {title}; each fact names its own source (publisher, title, address).",
                    title=loaded.meta["title"])

    st.markdown(_("How smugglers move people, what they charge and what migrants risk, as reported by UN agencies, "
                  "Europol, researchers and the press. Every fact carries its source kind; open it for the citation "
                  "and the verbatim quote. The sidebar filters apply to incident data only, not to these facts."))

    choices = corridor_choices(facts)
    choice = page_control("corridor", choices, DEFAULT_CORRIDOR)
    if KINDS_KEY not in st.session_state:
        known, notice = parse_kinds(url_values("kinds"))
        st.session_state[KINDS_KEY] = known or list(SOURCE_KINDS)
        if notice:
            link_notice("kinds", notice)
    left, middle, right = st.columns([5, 5, 3], vertical_alignment="bottom")
    left.selectbox(_("Corridor"), choices, key="ctl_corridor",
                   format_func={c: corridor_label(c, names) for c in choices}.get,
                   help=_("A catalogue corridor gathers every fact mapped to it "
                          "(data/modus_operandi/corridor_map.csv); the other entries are the corridors as the "
                          "compilation names them."))
    middle.multiselect(_("Source kinds"), list(SOURCE_KINDS), key=KINDS_KEY, format_func=source_kind_label,
                       help=_("{official}: UN agencies and Europol; {research}: institutes and NGOs; {news}: a named "
                              "outlet; {secondary}: a mirror, repost or summary of a named source.",
                              official=source_kind_label("official"), research=source_kind_label("research"),
                              news=source_kind_label("news"), secondary=source_kind_label("secondary copy")))
    right.button(_("Official and research only"), key="btn_trusted_kinds", on_click=set_states,
                 args=({KINDS_KEY: list(TRUSTED_KINDS)},))
    kinds = [kind for kind in SOURCE_KINDS if kind in st.session_state[KINDS_KEY]]
    write_query({"corridor": [choice] if choice != DEFAULT_CORRIDOR else [],
                 "kinds": kinds if kinds != list(SOURCE_KINDS) else []}, {"corridor", "kinds"})
    view = load_facts_view(choice, tuple(kinds))
    kinds_sentence = (_("Facts from {kinds} sources.", kinds=", ".join(source_kind_label(kind) for kind in kinds))
                      if kinds else _("Facts from no sources."))

    # The chosen corridor's facts, by aspect.
    st.subheader(corridor_label(choice, names))
    chosen = view.chosen
    if chosen.empty:
        st.info(_("No fact from the chosen source kinds for this corridor. Add source kinds or pick another "
                  "corridor."))
    else:
        several = chosen["corridor"].nunique() > 1
        st.caption(" ".join((ngettext("{count} cited fact, grouped by aspect, most authoritative sources first.",
                                      "{count} cited facts, grouped by aspect, most authoritative sources first.",
                                      len(chosen), count=format_integer(len(chosen))), kinds_sentence)))
        for aspect, part in view.groups:
            st.markdown(f"##### {md(aspect_label(aspect))}")
            for fact in part.to_dict("records"):  # iterrows would make the whole part an object array per group
                # The fact's own text stays as published; only the line around it is ours.
                parts = dict(category=md(fact["category"]), text=md(fact["value_text"]),
                             period=md(fact["year_or_period"]), publisher=md(fact["source_publisher"]),
                             kind=md(source_kind_label(fact["source_kind"])))
                # Translators: one cited fact; keep the markdown (**bold**, *italic*, `code`).
                st.markdown(_("{corridor}: **{category}**: {text} ({period}). *{publisher}* · `{kind}`",
                              corridor=md(fact["corridor"]), **parts) if several else
                            _("**{category}**: {text} ({period}). *{publisher}* · `{kind}`", **parts))
                with st.expander(_("Source and quote")):
                    # Translators: "  \n" (two spaces, then a line break) ends a line in markdown: keep it.
                    st.markdown(_("{citation}  \nSource kind: {kind}  \nQuote: “{quote}”", citation=md(citation(fact)),
                                  kind=parts["kind"], quote=md(fact["evidence_quote"])))

    # Where evidence exists: corridor × aspect.
    st.subheader(_("Where evidence exists, and where it is missing"))
    st.markdown(" ".join((_("Number of cited facts for each corridor (as the compilation names it) and aspect."),
                          kinds_sentence,
                          _("A blank cell means no fact was found, not that the practice is absent."))))
    matrix, wide = view.matrix, view.wide
    matrix_title = _("Cited facts per corridor and aspect")
    show_figure(build_evidence_matrix(matrix, title=matrix_title, source=source_line),
                data=wide, name=matrix_title, summary=summarise_matrix(matrix),
                source_line=source_line, description=kinds_sentence)

    # Fees as stated.
    st.subheader(_("What smugglers charge, as stated"))
    st.markdown(" ".join((_("Each row is one cited fee, from its low to its high figure, in the currency and year "
                            "the source states."),
                          kinds_sentence,
                          # Translators: keep the markdown **bold**.
                          _("**Currencies are not converted**: compare rows of the same colour only. Hover a point "
                            "for the fact and its citation."))))
    fees = view.fees
    show_figure(build_fee_ranges(fees, title=_("Smuggling fees per person or journey, as stated by each source"),
                                 source=source_line),
                data=fees, name=_("Smuggling fees as stated"), summary=summarise_fees(fees), source_line=source_line,
                description=kinds_sentence)
    st.caption(_("A dot is a single figure; ◀ marks an “up to” figure, ▶ an “at least” figure. Many fees are one "
                 "migrant's account, not route averages (the fact's text says so)."))
