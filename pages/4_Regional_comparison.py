"""Regional comparison: two to six regions, sub-regions or routes side by side on the same measures.

A thin page: the shell gives the incidents and global filters; the groups compared
replace the global filter on the same dimension (every other filter applies);
transforms/comparison.py aggregates; charts/comparison.py draws and summarises.
The comparison's choices (dimension, groups, base year) live in the URL.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from cache import load_comparison
from charts.comparison import (
    build_cause_mix,
    build_dead_missing_split,
    build_group_bars,
    build_indexed_lines,
    build_top_nationalities,
    build_yearly_small_multiples,
    summarise_causes,
    summarise_dead_missing,
    summarise_indexed,
    summarise_nationalities,
    summarise_profile_value,
    summarise_yearly,
)
from transforms.comparison import (
    DIMENSION_PLURALS,
    DIMENSIONS,
    MAX_GROUPS,
    MIN_GROUPS,
    PRESETS,
    base_year_options,
    comparison_filters,
    comparison_table,
    default_base_year,
    default_groups,
    filter_label,
    group_choices,
    indexed_to_base,
    parse_groups,
    preset_groups,
)
from transforms.exports import csv_with_header
from transforms.filters import apply_filters
from transforms.periods import month_range
from ui.callbacks import set_states
from ui.figures import show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import link_notice, page_control, url_values, write_query

GROUPS_KEY, CHANGED_KEY = "ctl_group", "_compare_dimension_changed"
OWNED = {"compare", "group", "base"}

with page_guard("Regional comparison"):
    shell = render_shell("Regional comparison")
    filters, options = shell.filters, shell.options


    dimension = page_control("compare", list(DIMENSIONS), "region")
    plural, label = DIMENSION_PLURALS[dimension], filter_label(dimension)
    # The compared groups replace the sidebar's filter on their dimension; with none set there, the shell's
    # selection is already the right one (filtering all the data again would cost as much as the shell did).
    eased = comparison_filters(filters, dimension)
    incidents = shell.selection if eased == filters else apply_filters(shell.incidents, eased, options)
    stop_if_no_incidents(incidents)
    group_notice = None  # about the link's groups, shown under the controls
    if GROUPS_KEY not in st.session_state:
        requested = url_values("group")
        if requested and not st.session_state.pop(CHANGED_KEY, False):
            groups, group_notice = parse_groups(requested, group_choices(options, dimension))
        else:
            groups = default_groups(incidents, dimension)
        st.session_state[GROUPS_KEY] = list(groups)

    presets = st.columns(len(PRESETS) + 1)
    presets[0].markdown("**Presets**")
    for column, key in zip(presets[1:], PRESETS):
        preset_dimension = PRESETS[key][1]
        column.button(PRESETS[key][0], on_click=set_states, use_container_width=True,
                      args=({"ctl_compare": preset_dimension,
                             GROUPS_KEY: list(preset_groups(key, group_choices(options, preset_dimension)))},),
                      help=f"Compare {DIMENSION_PLURALS[PRESETS[key][1]]}: {', '.join(PRESETS[key][2])}")
    left, right = st.columns([1, 3])
    left.radio("Compare", list(DIMENSIONS), key="ctl_compare", on_change=set_states,
               args=({CHANGED_KEY: True}, (GROUPS_KEY,)), horizontal=True,
               format_func={d: DIMENSION_PLURALS[d].capitalize() for d in DIMENSIONS}.get)
    right.multiselect(f"{plural.capitalize()} to compare ({MIN_GROUPS} to {MAX_GROUPS})", group_choices(options, dimension),
                      key=GROUPS_KEY, max_selections=MAX_GROUPS)
    groups = tuple(st.session_state[GROUPS_KEY])
    if group_notice:
        link_notice("group", group_notice)

    rule = f"On this page the {plural} you compare replace the sidebar's {label} filter; every other filter applies."
    set_aside = getattr(filters, DIMENSIONS[dimension].filter_field)
    if set_aside:
        st.info(f"The sidebar's {label} filter ({', '.join(set_aside)}) is not "
                f"applied here: the {plural} you compare replace it; every other filter applies.")
    if len(groups) < MIN_GROUPS:
        write_query({"compare": [dimension] if dimension != "region" else [], "group": list(groups)}, OWNED)
        st.info(f"Choose at least two {plural} to compare.")
        st.stop()

    # Worked out once per view (filters, dimension, groups) and shared: going back to a view costs nothing.
    compared = load_comparison(eased, dimension, groups, shell.gaps)
    months = month_range(filters.period_from, filters.period_to)
    yearly = compared.yearly
    years = base_year_options(yearly)
    default_base = str(default_base_year(yearly, years, months))
    base = int(page_control("base", [str(y) for y in years] or [default_base], default_base))
    write_query({"compare": [dimension] if dimension != "region" else [], "group": list(groups),
                 "base": [str(base)] if str(base) != default_base else []}, OWNED)

    choice_text = f"Comparing {plural}: {', '.join(groups)}. {rule}"
    description = f"{shell.description} {choice_text}"
    st.markdown(choice_text)
    if compared.empty:
        st.info(f"No incidents in these {plural} match the other filters. Widen the period or remove a filter.")
        st.stop()
    source = shell.source_line
    # Every chart's caption, description and caution (a partial, not a function defined here: a page-level
    # function would hold this page's namespace, filtered frames included, in a reference cycle).
    show = partial(show_figure, source_line=source, description=description, note=compared.note)

    show(build_yearly_small_multiples(yearly, groups, title="Dead and missing per year (people)", source=source),
         data=yearly, name="Comparison: dead and missing per year", summary=summarise_yearly(yearly, groups))

    indexed = indexed_to_base(yearly, base)
    if years:
        st.selectbox("Index base year (whole years only)", [str(y) for y in years], key="ctl_base")
        show(build_indexed_lines(indexed, groups, base_year=base, source=source,
                                 title=f"Dead and missing per year, indexed ({base} = 100)"),
             data=indexed, name="Comparison: dead and missing indexed", summary=summarise_indexed(indexed, groups, base))
    else:  # no chart indexed to a part-year: say why instead
        st.info("No indexed chart: no whole year in the selected period (with every month covered by IOM's exports) "
                "can serve as the index base. Widen the period to take in a whole year.")

    causes = compared.causes
    show(build_cause_mix(causes, groups, source=source, title="Cause of death (share of dead and missing)"),
         data=causes, name="Comparison: cause of death", summary=summarise_causes(causes, groups))

    profile = compared.profile
    left, right = st.columns(2)
    with left:
        show(build_dead_missing_split(profile, source=source, title="Dead versus missing (share)"),
             data=profile[["group", "dead", "missing", "dead_share", "missing_share"]],
             name="Comparison: dead versus missing", summary=summarise_dead_missing(profile))
    with right:
        show(build_group_bars(profile, groups, value="survivors_per_incident", number_format=".1f", source=source,
                              axis_title="Survivors recorded per incident", title="Survivors per incident (people)",
                              empty_message="No incidents recorded for the groups compared."),
             data=profile[["group", "incidents", "survivors", "survivors_per_incident"]],
             name="Comparison: survivors per incident",
             summary=summarise_profile_value(profile, "survivors_per_incident", "survivors recorded per incident",
                                             ",.1f"))
    show(build_group_bars(profile, groups, value="children_share_where_recorded", number_format=".0%", source=source,
                          axis_title="Children among the dead and missing, where recorded",
                          title="Share of children among the dead and missing, where recorded",
                          empty_message="No child count is recorded for the groups compared."),
         data=profile[["group", "incidents", "incidents_children_recorded", "victims_children_recorded", "children",
                       "children_share_where_recorded"]], name="Comparison: share of children where recorded",
         summary=summarise_profile_value(profile, "children_share_where_recorded", "share of children where recorded",
                                         ".0%"))
    st.caption("Where recorded: children ÷ dead and missing, counting only incidents with a child count. "
               + "; ".join(f"{r.group}: {r.incidents_children_recorded:,} of {r.incidents:,} incidents"
                           for r in profile.itertuples()) + ".")

    nationalities = compared.nationalities
    show(build_top_nationalities(nationalities, groups, source=source,
                                 title="Top countries of origin (share of each group's dead and missing)"),
         data=nationalities, name="Comparison: top countries of origin",
         summary=summarise_nationalities(nationalities, groups))

    st.subheader("Every compared number")
    table = comparison_table(profile, indexed, causes, nationalities)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download every compared number (CSV)", on_click="ignore", mime="text/csv",
                       file_name="regional-comparison.csv", key="dl-comparison-table",
                       # Built on click, not on every run (a partial: a page-level function would keep this namespace).
                       data=partial(csv_with_header, table, ["Regional comparison: every compared number", description,
                                                             source, f"Exported {date.today():%Y-%m-%d} from the Migrant "
                                                             "Smuggling Data Explorer."]))
