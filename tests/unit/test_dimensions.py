"""The dimension table is the one source: filters, trends, comparison and maps derive from it; it matches the data."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

from loaders.fatalities import CAUSE_CATEGORIES, TUPLE_COLUMNS, UNKNOWN_CAUSE, present_cells
from transforms import comparison, hazards, maps, rankings, trends
from transforms.dimensions import (
    DIMENSION_TABLE,
    LIST_VALUED_COLUMNS,
    UNKNOWN_ORIGIN_ISO3,
    UNKNOWN_ORIGINS,
    dimension,
    dimensions,
)
from transforms.filters import FILTER_KEYS, MULTI_FILTERS, Filters

REPO = Path(__file__).resolve().parents[2]


def test_the_table_pins_todays_url_keys_columns_and_labels():
    # Page text and URLs read these: changing one changes the app.
    assert [(d.url_key, d.filter_field, d.column, d.label) for d in DIMENSION_TABLE] == [
        ("region", "regions", "region_of_incident", "region of incident"),
        ("subregion", "subregions", "unsd_subregion", "UNSD sub-region"),
        ("country", "countries", "country_of_incident", "country of incident"),
        ("origin", "origins", "country_of_origin", "country of origin"),
        ("route", "routes", "migration_route", "migration route"),
        ("place", "places", "sea_or_border", "sea area or border zone"),
        ("cause", "causes", "cause_of_death", "cause of death"),
        ("quality", "qualities", "source_quality_label", "source quality"),
    ]
    for attribute in ("url_key", "filter_field", "column", "label", "plural"):
        values = [getattr(d, attribute) for d in DIMENSION_TABLE]
        assert len(set(values)) == len(values), attribute


def test_lookups():
    for d in DIMENSION_TABLE:
        assert dimension(d.url_key) is d
    assert list(dimensions("route", "region")) == ["route", "region"]
    with pytest.raises(KeyError):
        dimension("nowhere")


def test_filters_are_derived_from_the_table():
    assert list(MULTI_FILTERS) == [d.filter_field for d in DIMENSION_TABLE]
    assert all(MULTI_FILTERS[d.filter_field] is d for d in DIMENSION_TABLE)
    assert FILTER_KEYS == ("from", "to", *(d.url_key for d in DIMENSION_TABLE))
    # The Filters dataclass has one field per dimension, in the table's order.
    assert tuple(f.name for f in dataclasses.fields(Filters)) == (
        "period_from", "period_to", *(d.filter_field for d in DIMENSION_TABLE))


def test_trends_splits_are_derived_from_the_table():
    assert list(trends.SPLITS) == ["none", "region", "subregion", "route", "place", "cause", "origin"]
    assert trends.SPLITS["none"] is None and trends.SPLIT_LABELS["none"] == "no split"
    for key in list(trends.SPLITS)[1:]:
        assert trends.SPLITS[key] == dimension(key).column
        assert trends.SPLIT_LABELS[key] == dimension(key).label
    assert trends.LIST_COLUMNS == LIST_VALUED_COLUMNS
    assert {trends.SPLITS[k] for k in trends.SPLITS if trends.SPLITS[k] in trends.LIST_COLUMNS} == {
        "cause_of_death", "country_of_origin"}


def test_comparison_dimensions_are_derived_from_the_table():
    assert list(comparison.DIMENSIONS) == ["region", "subregion", "route", "place"]
    for key, compared in comparison.DIMENSIONS.items():
        assert compared is dimension(key)
        assert comparison.DIMENSION_PLURALS[key] == compared.plural
        assert comparison.filter_label(key) == MULTI_FILTERS[compared.filter_field].label
    assert comparison.DIMENSION_PLURALS == {"region": "regions", "subregion": "sub-regions", "route": "routes",
                                            "place": "sea areas and border zones"}
    for _, preset_dimension, _ in comparison.PRESETS.values():
        assert preset_dimension in comparison.DIMENSIONS


def test_map_country_bases_are_country_dimensions():
    assert list(maps.COUNTRY_BASES) == ["incident", "origin"]
    assert maps.COUNTRY_BASES["incident"] is dimension("country")
    assert maps.COUNTRY_BASES["origin"] is dimension("origin")
    assert [(d.iso3_column, d.column) for d in maps.COUNTRY_BASES.values()] == [
        ("country_of_incident_iso3", "country_of_incident"), ("country_of_origin_iso3", "country_of_origin")]


def test_every_column_is_in_the_incident_frame(incidents, options):
    for d in DIMENSION_TABLE:
        assert d.column in incidents.columns, d.column
        assert d.iso3_column is None or d.iso3_column in incidents.columns, d.iso3_column
        assert options.values[d.filter_field], f"no value to filter {d.label} by"


def test_list_valued_dimensions_are_the_readers_tuple_columns(incidents):
    assert set(LIST_VALUED_COLUMNS) == set(TUPLE_COLUMNS) & {d.column for d in DIMENSION_TABLE}
    for d in DIMENSION_TABLE:
        for column in filter(None, (d.column, d.iso3_column)):  # a country's codes are listed as its names are
            tuples = [isinstance(cell, tuple) for cell in present_cells(incidents, column)]
            assert tuples and (all(tuples) if d.list_valued else not any(tuples)), column
            assert (column in TUPLE_COLUMNS) == d.list_valued, column


def test_unknown_values_have_one_definition(incidents):
    assert UNKNOWN_CAUSE in CAUSE_CATEGORIES
    assert comparison.UNKNOWN_CAUSE is maps.UNKNOWN_CAUSE is hazards.UNKNOWN_CAUSE is UNKNOWN_CAUSE
    assert comparison.UNKNOWN_ORIGINS is UNKNOWN_ORIGINS
    assert trends.UNKNOWN_VALUES[:len(UNKNOWN_ORIGINS)] == UNKNOWN_ORIGINS
    assert inspect.signature(rankings.top_values).parameters["exclude"].default is UNKNOWN_ORIGINS
    assert inspect.signature(rankings.unknown_share).parameters["unknown"].default is UNKNOWN_ORIGINS
    # They are values the data holds.
    origins = {v for cell in present_cells(incidents, "country_of_origin") for v in cell}
    assert set(UNKNOWN_ORIGINS) <= origins
    codes = {v for cell in present_cells(incidents, "country_of_origin_iso3") for v in cell}
    assert set(UNKNOWN_ORIGIN_ISO3) <= codes


def _string_constants(path: Path) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_labels_and_unknown_values_are_written_only_in_the_table():
    owners = {REPO / "transforms" / "dimensions.py", REPO / "loaders" / "fatalities.py"}
    written_once = ({d.label for d in DIMENSION_TABLE} | {d.help for d in DIMENSION_TABLE if d.help}
                    | {UNKNOWN_CAUSE, *UNKNOWN_ORIGINS})
    for folder in ("transforms", "ui"):
        for path in sorted((REPO / folder).glob("*.py")):
            if path not in owners:
                assert not written_once & _string_constants(path), path.name
