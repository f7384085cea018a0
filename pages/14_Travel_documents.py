"""Travel documents: inadequately documented air arrivals to the UK by nationality (Home Office), the Asia-Pacific
share, sex and age; the cited document-fraud practices grouped by corridor; and where users' own document-fraud
detections will appear.

A thin page. ``loaders/travel_documents.py`` reads the Home Office table, ``transforms/travel_documents.py``
shapes it, ``charts/travel_documents.py`` draws. The sidebar's sub-region filter (the Asia-Pacific preset
included) narrows the nationalities of the first chart and of sex and age; the share is always of all arrivals.
"""

from __future__ import annotations

import streamlit as st

from cache import load_countries, load_facts, load_home_office_irregular
from charts.country_profile import fit_half_width
from charts.travel_documents import build_asia_pacific_share, build_groups, build_nationalities_over_time
from i18n import _, format_integer, format_percent, ngettext, region_name
from transforms.dimensions import ASIA_PACIFIC_SUBREGIONS
from transforms.enforcement import scope_subregions
from transforms.modus_operandi import citation
from transforms.text import escape_markdown as md  # facts' text shown as written
from transforms.text import join_values
from transforms.travel_documents import (
    air_arrivals,
    asia_pacific_nationalities,
    asia_pacific_share,
    by_group,
    document_fraud_by_corridor,
    fraud_corridor_count,
    in_subregions,
    top_nationalities_by_year,
    year_range,
)
from ui.figures import show_figure
from ui.shell import data_or_stop, page_guard, render_shell
from ui.your_data import render_fraud_views

with page_guard("Travel documents"):
    shell = render_shell("Travel documents", needs_incidents=False)  # nothing here needs IOM incidents
    detections, meta = data_or_stop(load_home_office_irregular)
    reference = data_or_stop(load_countries)
    filters, options = shell.filters, shell.options
    subregions = scope_subregions(filters.subregions, options.values.get("subregions", ())) if filters else ()
    air = air_arrivals(detections)
    chosen = in_subregions(air, reference, subregions)
    first, last = year_range(air) or (0, 0)
    source = _("Source: {publisher}; licence {licence}.", publisher=meta["publisher"], licence=meta["licence"])
    scope = (_("Asia-Pacific nationalities (UN M49 Southern, South-eastern and Eastern Asia and Oceania), as "
               "chosen in the sidebar.") if set(subregions) == set(ASIA_PACIFIC_SUBREGIONS)
             else _("Nationalities of the sub-regions chosen in the sidebar ({subregions}).",
                    subregions=join_values(region_name(s) for s in subregions)) if subregions
             else _("Every nationality."))

    st.markdown(_("People the UK Home Office detected arriving at UK airports without adequate documents "
                  "(“inadequately documented air arrivals”), by nationality, {first}–{last}. It is the only "
                  "published, nationality-level series here on arrivals with improper documents.",
                  first=first, last=last))
    st.warning(_("This is not a count of fraudulent documents: the Home Office does not say whether documents "
                 "were forged, fraudulently obtained or missing."))
    st.caption(scope)

    st.subheader(_("Top nationalities"))
    top = top_nationalities_by_year(chosen)
    show_figure(build_nationalities_over_time(top, source=source,
                                              title=_("Inadequately documented air arrivals to the UK, by "
                                                      "nationality")),
                data=top, name=_("Inadequately documented air arrivals by nationality"),
                key="air-arrivals-by-nationality", source_line=source, description=scope,
                summary=ngettext("{count} person detected in {first}–{last} among these nationalities; the chart "
                                 "names the ten largest over the whole period.",
                                 "{count} people detected in {first}–{last} among these nationalities; the chart "
                                 "names the ten largest over the whole period.", int(chosen["value"].sum()),
                                 count=format_integer(int(chosen["value"].sum())), first=first, last=last))

    st.subheader(_("The Asia-Pacific share"))
    share = asia_pacific_share(air, reference)
    leaders = asia_pacific_nationalities(air, reference).head(5)
    show_figure(build_asia_pacific_share(share, source=source,
                                         title=_("Asia-Pacific nationalities among inadequately documented air "
                                                 "arrivals")),
                data=share, name=_("Asia-Pacific share of inadequately documented air arrivals"),
                key="air-arrivals-asia-pacific-share", source_line=source, description=_("Every nationality."),
                summary=_("Largest Asia-Pacific nationalities over {first}–{last}: {leaders}.", first=first,
                          last=last, leaders=join_values(_("{nationality} ({share})", nationality=name,
                                                           share=format_percent(part))
                                                         for name, part in zip(leaders["nationality"],
                                                                               leaders["share"]))))
    st.caption(_("Shares in brackets are of all people detected. Asia-Pacific is the UN M49 sub-regions Southern, South-eastern and Eastern Asia and Oceania, as "
                 "everywhere in this app: Southern Asia includes Iran and Afghanistan, whose nationals are many of "
                 "these arrivals. Stateless people, refugees and unknown nationalities count in the total only."))

    st.subheader(_("Sex and age"))
    left, right = st.columns(2)
    for column, place, heading, key in (("sex", left, _("By sex"), "air-arrivals-by-sex"),
                                        ("age_group", right, _("By age group"), "air-arrivals-by-age")):
        with place:
            groups = by_group(chosen, column)
            show_figure(fit_half_width(build_groups(groups, source=source, title=heading), source),
                        data=groups, name=heading, key=key, source_line=source, description=scope,
                        summary=_("Shares of each year's people detected; “Unknown” and “Not currently recorded” "
                                  "are as the Home Office publishes them, in grey."))

    st.subheader(_("Cited document-fraud practices, by corridor"))
    facts = data_or_stop(load_facts).facts
    groups_by_corridor = document_fraud_by_corridor(facts)
    corridors_count, facts_count = fraud_corridor_count(groups_by_corridor)
    st.markdown(_("{facts} practices of document fraud cited in the modus-operandi facts, on {corridors} "
                  "corridors as the compilation names them. Each is one source's statement, not a measured trend; "
                  "open a corridor for the practices and their sources.", facts=format_integer(facts_count),
                  corridors=format_integer(corridors_count)))
    for corridor, part in groups_by_corridor:
        with st.expander(_("{corridor} ({count})", corridor=md(corridor), count=format_integer(len(part)))):
            for fact in part.to_dict("records"):
                st.markdown(_("**{category}**: {statement}  \n{citation}", category=md(fact["category"]),
                              statement=md(fact["value_text"]), citation=md(citation(fact))))

    st.subheader(_("Your document-fraud detections"))
    render_fraud_views(description=shell.description)  # the session's own uploads only (Your data, in the sidebar)
