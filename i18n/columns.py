"""Reader labels of the column identifiers that the data tables and downloads behind charts carry.

The frames pages hand to ``ui.figures.show_data`` keep their snake_case column identifiers (``dead_missing``,
``country_of_origin``): code computes with them. What a reader sees is a display copy whose headers are
:func:`column_label` of each identifier: the label of :data:`COLUMN_LABELS` in the active language, or the
identifier unchanged when it has none (data values used as columns, such as the modus-operandi categories, stay
as published). Nothing here imports Streamlit.
"""

from __future__ import annotations

from i18n import N_, _

#: Column identifier -> its reader label (marked for the catalogue, translated by :func:`column_label`).
COLUMN_LABELS: dict[str, str] = {
    "bound": N_("bound"),
    "boats": N_("boats"),
    "category": N_("category"),
    "cause": N_("cause"),
    "cause_group": N_("cause group"),
    "cause_of_death": N_("cause of death"),
    "change": N_("change"),
    "change_pct": N_("change (%)"),
    "children": N_("children"),
    "children_share_where_recorded": N_("share of children (where ages are recorded)"),
    "citation": N_("citation"),
    # Translators: a column of a data file, as the header of the table describing the file's columns.
    "column": N_("column"),
    "comparable": N_("comparable"),
    "complete": N_("complete"),
    "continent": N_("continent"),
    "corridor": N_("corridor"),
    "corridor_id": N_("corridor id"),
    "countries": N_("countries"),
    "country": N_("country"),
    "country_of_incident": N_("country of incident"),
    # Translators: the country whose polygon holds an incident's coordinates (at sea, the nearest coast's).
    "coord_country_iso3": N_("country of the coordinates"),
    "country_of_origin": N_("country of origin"),
    "coverage": N_("coverage (share of months with data)"),
    "covered": N_("covered by an export"),
    "crossing_series": N_("crossing series"),
    "crossing_share": N_("share of crossings"),
    "crossing_type": N_("type of crossing"),
    "crossings": N_("crossings"),
    "currency": N_("currency"),
    "date": N_("date"),
    "days_covered": N_("days covered"),
    "dead": N_("dead"),
    "dead_missing": N_("dead and missing"),
    "dead_share": N_("share dead"),
    "description": N_("description"),
    "detections": N_("detections"),
    # Translators: the eastern edge of a map cell or area (a longitude).
    "east": N_("east"),
    "end_date": N_("end date"),
    "fact_id": N_("fact id"),
    "first": N_("first incident"),
    "handling": N_("how it is handled"),
    "grain": N_("time grain"),
    "group": N_("group"),
    "id": N_("id"),
    "in_country": N_("in the country"),
    "in_subregion": N_("in the sub-region"),
    "incidents": N_("incidents"),
    "incident_id": N_("incident id"),
    "incidents_children_recorded": N_("incidents with children's ages recorded"),
    "information_source": N_("information source"),
    "iso3": N_("ISO3 code"),
    "label": N_("label"),
    "last": N_("last incident"),
    "lat": N_("latitude"),
    # Translators: the columns of the table comparing the old and the new rule of corridor membership.
    "old_incidents": N_("incidents, old rule"),
    "old_dead_missing": N_("dead and missing, old rule"),
    "new_incidents": N_("incidents, new rule"),
    "new_dead_missing": N_("dead and missing, new rule"),
    "both_incidents": N_("incidents under both"),
    "only_old_incidents": N_("incidents only under the old rule"),
    "only_old_dead_missing": N_("dead and missing only under the old rule"),
    "only_new_incidents": N_("incidents only under the new rule"),
    "only_new_dead_missing": N_("dead and missing only under the new rule"),
    "sea_area": N_("sea area"),
    "sea_or_border": N_("sea area or border zone"),
    "location": N_("location"),
    "lon": N_("longitude"),
    "mean_score": N_("mean score"),
    "meaning": N_("meaning"),
    "measure": N_("measure"),
    "migrants": N_("migrants"),
    "migrants_per_boat": N_("migrants per boat"),
    "migration_route": N_("migration route"),
    "missing": N_("missing"),
    "missing_share": N_("share missing"),
    "mode": N_("mode"),
    "month": N_("month"),
    "name": N_("name"),
    "nationality": N_("nationality"),
    "nationals": N_("nationals"),
    # Translators: the northern edge of a map cell or area (a latitude).
    "north": N_("north"),
    "note": N_("note"),
    "number": N_("number"),
    "partial": N_("partial"),
    "per_thousand": N_("per thousand"),
    "period": N_("period"),
    "publisher": N_("publisher"),
    "quality_flags": N_("quality flags"),
    "rank": N_("rank"),
    "region": N_("region"),
    "region_of_incident": N_("region of incident"),
    "rolling_12m": N_("rolling 12 months"),
    "rows": N_("rows"),
    "rolling_12m_year_earlier": N_("rolling 12 months, a year earlier"),
    "route": N_("route"),
    "route_total": N_("route total"),
    "score": N_("score"),
    "score_2021": N_("score 2021"),
    "score_2023": N_("score 2023"),
    # Translators: a share (a proportion of a total), as a table column header.
    "share": N_("share"),
    "share_in_country": N_("share in the country"),
    "share_nationals": N_("share of nationals"),
    "source_file": N_("source file"),
    "source_kind": N_("kind of source"),
    "source_publisher": N_("source publisher"),
    "source_quality": N_("source quality"),
    "source_title": N_("source title"),
    "source_url": N_("source address"),
    # Translators: the southern edge of a map cell or area (a latitude).
    "south": N_("south"),
    "subregion_nationals": N_("nationals in the sub-region"),
    "survivors": N_("survivors"),
    "survivors_per_incident": N_("survivors per incident"),
    "unit": N_("unit"),
    # Translators: the value being ranked or counted (a route, a country...), as a table column header.
    "value": N_("value"),
    "value_high": N_("high value"),
    "value_low": N_("low value"),
    "value_text": N_("value as published"),
    "victims_children_recorded": N_("victims with age recorded"),
    # Translators: the western edge of a map cell or area (a longitude).
    "west": N_("west"),
    "year": N_("year"),
    "year_earlier": N_("a year earlier"),
    "year_or_period": N_("year or period"),
}


def column_label(name: object) -> str:
    """The reader label of column identifier ``name`` in the active language, or ``name`` as it is (as text)."""
    label = COLUMN_LABELS.get(str(name))
    return _(label) if label is not None else str(name)
