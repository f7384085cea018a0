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
from i18n import N_, _, format_date, format_integer
from transforms.comparison import (
    DIMENSION_TITLES,
    DIMENSIONS,
    MAX_GROUPS,
    MIN_GROUPS,
    PRESETS,
    base_year_options,
    comparison_filters,
    comparison_table,
    default_base_year,
    default_groups,
    dimension_message,
    displayed,
    group_choices,
    group_list,
    group_name,
    indexed_to_base,
    parse_groups,
    preset_groups,
    shown_comparison_table,
)
from transforms.exports import csv_with_header, download_name
from transforms.filters import apply_filters
from transforms.periods import month_range
from ui.callbacks import set_states
from ui.figures import show_figure
from ui.shell import page_guard, render_shell, stop_if_no_incidents
from ui.url_state import link_notice, page_control, url_values, write_query

GROUPS_KEY, CHANGED_KEY = "ctl_group", "_compare_dimension_changed"
OWNED = {"compare", "group", "base"}

with page_guard(_("Regional comparison")):
    shell = render_shell(_("Regional comparison"))
    filters, options = shell.filters, shell.options


    dimension = page_control("compare", list(DIMENSIONS), "region")
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
    presets[0].markdown(_("**Presets**"))
    for column, key in zip(presets[1:], PRESETS):
        preset_dimension = PRESETS[key][1]
        column.button(_(PRESETS[key][0]), key=f"preset-{key}", on_click=set_states, use_container_width=True,
                      args=({"ctl_compare": preset_dimension,
                             GROUPS_KEY: list(preset_groups(key, group_choices(options, preset_dimension)))},),
                      help=dimension_message("preset", preset_dimension,
                                             groups=group_list(preset_dimension, PRESETS[key][2])))
    left, right = st.columns([1, 3])
    # Translators: the label of the choice of what to compare (regions, sub-regions or routes).
    left.radio(_("Compare"), list(DIMENSIONS), key="ctl_compare", on_change=set_states,
               args=({CHANGED_KEY: True}, (GROUPS_KEY,)), horizontal=True,
               format_func={d: _(DIMENSION_TITLES[d]) for d in DIMENSIONS}.get)
    right.multiselect(dimension_message("picker", dimension, low=format_integer(MIN_GROUPS),
                                        high=format_integer(MAX_GROUPS)),
                      group_choices(options, dimension), key=GROUPS_KEY, max_selections=MAX_GROUPS,
                      format_func=partial(group_name, dimension))
    groups = tuple(st.session_state[GROUPS_KEY])
    if group_notice:
        link_notice("group", group_notice)

    rule = dimension_message("rule", dimension)
    set_aside = getattr(filters, DIMENSIONS[dimension].filter_field)
    if set_aside:
        st.info(dimension_message("set_aside", dimension, values=group_list(dimension, set_aside)))
    if len(groups) < MIN_GROUPS:
        write_query({"compare": [dimension] if dimension != "region" else [], "group": list(groups)}, OWNED)
        st.info(dimension_message("choose", dimension))
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

    choice_text = f"{dimension_message('comparing', dimension, groups=group_list(dimension, groups))} {rule}"
    description = f"{shell.description} {choice_text}"
    st.markdown(choice_text)
    if compared.empty:
        st.info(dimension_message("none", dimension))
        st.stop()
    # The groups' and countries' names in the reader's language, for the charts, summaries and table.
    compared, shown_groups = displayed(compared, dimension, groups)
    source = shell.source_line
    # Every chart's caption, description and caution (a partial, not a function defined here: a page-level
    # function would hold this page's namespace, filtered frames included, in a reference cycle).
    show = partial(show_figure, source_line=source, description=description, note=compared.note)

    yearly, groups = compared.yearly, shown_groups
    show(build_yearly_small_multiples(yearly, groups, title=_("Dead and missing per year (people)"), source=source),
         data=yearly, name=_("Comparison: dead and missing per year"), summary=summarise_yearly(yearly, groups))

    indexed = indexed_to_base(yearly, base)
    if years:
        st.selectbox(_("Index base year (whole years only)"), [str(y) for y in years], key="ctl_base")
        show(build_indexed_lines(indexed, groups, base_year=base, source=source,
                                 title=_("Dead and missing per year, indexed ({year} = 100)", year=str(base))),
             data=indexed, name=_("Comparison: dead and missing indexed"),
             summary=summarise_indexed(indexed, groups, base))
    else:  # no chart indexed to a part-year: say why instead
        st.info(_("No indexed chart: no whole year in the selected period (with every month covered by IOM's "
                  "exports) can serve as the index base. Widen the period to take in a whole year."))

    causes = compared.causes
    show(build_cause_mix(causes, groups, source=source, title=_("Cause of death (share of dead and missing)")),
         data=causes, name=_("Comparison: cause of death"), summary=summarise_causes(causes, groups))

    profile = compared.profile
    left, right = st.columns(2)
    with left:
        show(build_dead_missing_split(profile, source=source, title=_("Dead versus missing (share)")),
             data=profile[["group", "dead", "missing", "dead_share", "missing_share"]],
             name=_("Comparison: dead versus missing"), summary=summarise_dead_missing(profile))
    with right:
        show(build_group_bars(profile, groups, value="survivors_per_incident", number_format=".1f", source=source,
                              axis_title=_("Survivors recorded per incident"),
                              title=_("Survivors per incident (people)"),
                              empty_message=_("No incidents recorded for the groups compared.")),
             data=profile[["group", "incidents", "survivors", "survivors_per_incident"]],
             name=_("Comparison: survivors per incident"),
             summary=summarise_profile_value(profile, "survivors_per_incident", _("Survivors recorded per incident"),
                                             ",.1f"))
    show(build_group_bars(profile, groups, value="children_share_where_recorded", number_format=".0%", source=source,
                          axis_title=_("Children among the dead and missing, where recorded"),
                          title=_("Share of children among the dead and missing, where recorded"),
                          empty_message=_("No child count is recorded for the groups compared.")),
         data=profile[["group", "incidents", "incidents_children_recorded", "victims_children_recorded", "children",
                       "children_share_where_recorded"]], name=_("Comparison: share of children where recorded"),
         summary=summarise_profile_value(profile, "children_share_where_recorded",
                                         _("Share of children, where recorded"), ".0%"))
    # Translators: {groups} is a semicolon-separated list of items such as "Mediterranean: 120 of 3,000 incidents".
    st.caption(_("Where recorded: children ÷ dead and missing, counting only incidents with a child count. {groups}.",
                 groups="; ".join(_("{group}: {recorded} of {incidents} incidents", group=r.group,
                                    recorded=format_integer(r.incidents_children_recorded),
                                    incidents=format_integer(r.incidents)) for r in profile.itertuples())))

    nationalities = compared.nationalities
    show(build_top_nationalities(nationalities, groups, source=source,
                                 title=_("Top countries of origin (share of each group's dead and missing)")),
         data=nationalities, name=_("Comparison: top countries of origin"),
         summary=summarise_nationalities(nationalities, groups))

    st.subheader(_("Every compared number"))
    table = shown_comparison_table(comparison_table(profile, indexed, causes, nationalities))
    st.dataframe(table, hide_index=True, width="stretch")
    # The file name and header lines are made now, in the reader's language (the CSV itself is built on click).
    st.download_button(_("Download every compared number (CSV)"), on_click="ignore", mime="text/csv",
                       file_name=download_name(N_("regional-comparison"), "csv"),
                       key="dl-comparison-table",
                       # Built on click, not on every run (a partial: a page-level function would keep this namespace).
                       data=partial(csv_with_header, table, [
                           _("Regional comparison: every compared number"), description, source,
                           _("Exported {date} from the Migrant Smuggling Data Explorer.",
                             date=format_date(date.today(), "medium"))]))
