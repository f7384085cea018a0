"""The global filter widgets in the sidebar, kept in session state and mirrored to the URL.

The canonical filters live in ``st.session_state["filters"]`` (a
:class:`transforms.filters.Filters`), which survives page changes. Widgets take
their initial value from it and report changes back through ``on_change``
callbacks; the app never writes a widget's own key, it deletes it when a
button (a preset, a reset) changes the filters, so the widget starts again
from the canonical value.

Labels and help texts are shown in the reader's language; the options stay the data's values (the URL's and the
filters'), shown through ``format_func``: country names per locale (:func:`i18n.country_name`), regions and
sub-regions by :func:`i18n.region_name`, months per locale.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import streamlit as st

from i18n import _, country_name, format_month, language, region_name
from transforms.dimensions import ASIA_PACIFIC_LABEL, ASIA_PACIFIC_SUBREGIONS
from transforms.filters import FILTER_KEYS, MULTI_FILTERS, FilterOptions, Filters, parse_query, to_query
from transforms.geography import place_name
from ui.url_state import current_query, first_run, write_query

STATE_KEY = "filters"
#: How each multi-valued filter's options are shown (the values themselves never change); others as they are.
OPTION_NAMES = {"regions": region_name, "subregions": region_name, "countries": country_name, "origins": country_name,
                "places": place_name}
#: Notices about the link waiting to be shown under the page title: parameter -> sentence, one per parameter.
NOTICES_KEY = "_notices"


def _as_is(value: object) -> str:
    return str(value)


@functools.lru_cache(maxsize=4096)
def _month_label(code: str, month: str) -> str:
    """``month`` as the period slider shows it in language ``code`` (the one in force when it is asked for)."""
    return format_month(month)


def _month_option(month: str) -> str:
    # Streamlit formats every option of the slider on every run (about 300 calls): each label is worked out once
    # per language and month.
    return _month_label(language(), month)


def _widget_key(attr: str) -> str:
    return f"w_{attr}"


def _set(**changes: object) -> None:
    st.session_state[STATE_KEY] = replace(st.session_state[STATE_KEY], **changes)


def _on_period() -> None:
    start, end = st.session_state[_widget_key("period")]
    _set(period_from=start, period_to=end)


def _on_multi(attr: str) -> None:
    _set(**{attr: tuple(st.session_state[_widget_key(attr)])})


def _forget_widgets(*attrs: str) -> None:
    for attr in attrs:
        st.session_state.pop(_widget_key(attr), None)


def _asia_pacific(options: FilterOptions) -> None:
    available = set(options.values.get("subregions", ()))
    _set(subregions=tuple(s for s in ASIA_PACIFIC_SUBREGIONS if s in available), regions=())
    _forget_widgets("subregions", "regions")


def _reset(options: FilterOptions) -> None:
    st.session_state[STATE_KEY] = options.default()
    _forget_widgets("period", *MULTI_FILTERS)


def add_notices(notices: dict[str, str]) -> None:
    """Keep ``notices`` (parameter -> sentence) for the shell to show; a parameter's first notice wins."""
    pending = st.session_state.setdefault(NOTICES_KEY, {})
    for key, sentence in notices.items():
        pending.setdefault(key, sentence)


def current_filters(options: FilterOptions) -> Filters:
    """The session's filters: read from the URL on the first run, then from session state."""
    if first_run() or STATE_KEY not in st.session_state:
        filters, notices = parse_query(current_query(), options)
        st.session_state[STATE_KEY] = filters
        add_notices(notices)
    return st.session_state[STATE_KEY]


def render_filters(options: FilterOptions) -> Filters:
    """Draw the filter widgets (in the current container) and return the filters in force."""
    filters = current_filters(options)
    st.select_slider(_("Period"), options=list(options.months), key=_widget_key("period"),
                     value=(filters.period_from, filters.period_to),
                     format_func=_month_option, on_change=_on_period,
                     help=_("From and to, by month. Incidents without a date count only when the whole period is "
                            "chosen."))
    for attr, dimension in MULTI_FILTERS.items():
        label = _(dimension.label)
        st.multiselect(label[:1].upper() + label[1:], options=list(options.values.get(attr, ())),
                       default=list(getattr(filters, attr)), help=_(dimension.help) if dimension.help else None,
                       format_func=OPTION_NAMES.get(attr, _as_is),
                       key=_widget_key(attr), on_change=_on_multi, args=(attr,), placeholder=_("All"))
    left, right = st.columns(2)
    left.button(_(ASIA_PACIFIC_LABEL), on_click=_asia_pacific, args=(options,), use_container_width=True,
                help=_("Southern, South-eastern and Eastern Asia, and Oceania (UN M49 sub-regions)"))
    right.button(_("Reset filters"), on_click=_reset, args=(options,), use_container_width=True)
    filters = st.session_state[STATE_KEY]
    write_query(to_query(filters, options), set(FILTER_KEYS))
    return filters
