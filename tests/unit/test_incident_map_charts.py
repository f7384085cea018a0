"""Builders of the Incident map page: deck specs (plain-text tooltips, colours, view), the choropleth,
the monthly animation, the legend, the summaries, and empty states. Real data only."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from charts.incident_map import (
    DENSITY_CLASSES,
    POINT_COLOURS,
    POINT_TOOLTIP_FIELDS,
    SEVERAL_CAUSES_COLOUR,
    build_country_choropleth,
    build_density_deck,
    build_monthly_animation,
    build_points_deck,
    density_class,
    density_legend_html,
    map_ranges,
    point_tooltips,
    points_legend_html,
    summarise_countries,
    summarise_density,
    summarise_months,
    summarise_points,
)
from charts.layout import hex_to_rgb
from charts.maps import fit_view
from charts.style import CAUSE_COLOURS
from transforms.filters import apply_filters
from transforms.maps import (
    SEVERAL_CAUSES,
    cause_totals,
    dead_missing_by_country,
    dead_missing_without_country,
    density_cells,
    incident_points,
    monthly_cells,
)
from transforms.periods import month_range

SOURCE = "Source: IOM Missing Migrants Project (CC BY 4.0). Minimum estimates."
XSS = "<script>window.__xss=1</script>"
URLS = dict(countries_url="/app/static/geo/ne_110m_admin_0_countries.geojson", style_url="/app/static/blank-style.json")


@pytest.fixture(scope="module")
def south_east_asia(incidents, options):
    filters = replace(options.default(), period_from="2014-01", period_to="2016-12", subregions=("South-eastern Asia",))
    return apply_filters(incidents, filters, options)


def spec(deck) -> dict:
    return json.loads(deck.to_json())


def point_layers(deck) -> list[dict]:
    return [layer for layer in spec(deck)["layers"] if layer["id"].startswith("points-")]


def annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_point_tooltip_is_plain_text_and_keeps_markup_as_text(south_east_asia):
    edited = south_east_asia.astype({"location": "str"})  # plain text, so any value can be written
    edited.loc[edited.index[0], "location"] = XSS
    deck = build_points_deck(incident_points(edited), **URLS)
    # What Streamlit sends as the tooltip: deck.gl's text kind (shown with innerText), never html.
    assert set(deck._tooltip) == {"text", "style"}
    assert "html" not in deck._tooltip and "html" not in json.dumps(deck._tooltip)
    assert deck._tooltip["text"] == "{tip}"
    tips = [row["tip"] for layer in point_layers(deck) for row in layer["data"]]
    shown = [tip for tip in tips if XSS in tip]
    assert len(shown) == 1  # verbatim: not escaped to &lt;script&gt; (innerText would show the entities)
    assert "&lt;" not in shown[0]
    for label, _ in POINT_TOOLTIP_FIELDS:
        assert f"\n{label}: " in shown[0] or shown[0].startswith(f"{label}: ")


def test_tooltip_lines_in_order(south_east_asia):
    tip = point_tooltips(incident_points(south_east_asia)).iloc[0]
    assert [line.split(": ", 1)[0] for line in tip.split("\n")] == [label for label, _ in POINT_TOOLTIP_FIELDS]
    assert tip.startswith("Date: 31 Dec 2014\nPlace: Departed from Arakan, Myanmar.")  # the largest: 750 missing
    assert "\nMissing: 750\n" in tip


def test_points_coloured_by_cause_one_layer_each(incidents, south_east_asia):
    deck = build_points_deck(incident_points(south_east_asia), **URLS)
    layers = point_layers(deck)
    assert sum(len(layer["data"]) for layer in layers) == 45
    for layer in layers:
        group = layer["id"].removeprefix("points-")
        assert layer["getFillColor"][:3] == hex_to_rgb(POINT_COLOURS[group])
        assert layer["radiusUnits"] == "pixels"  # a literal, not the expression "@@=pixels"
        assert layer["pickable"] is True
    several = incidents[incidents["cause_of_death"].map(len) > 1]
    several_deck = build_points_deck(incident_points(several), **URLS)
    assert [layer["id"] for layer in point_layers(several_deck)] == [f"points-{SEVERAL_CAUSES}"]
    assert point_layers(several_deck)[0]["getFillColor"][:3] == hex_to_rgb(SEVERAL_CAUSES_COLOUR)
    assert SEVERAL_CAUSES_COLOUR not in CAUSE_COLOURS.values()


def test_point_sizes_follow_dead_and_missing(south_east_asia):
    layers = point_layers(build_points_deck(incident_points(south_east_asia), **URLS))
    rows = [row for layer in layers for row in layer["data"]]
    biggest = max(rows, key=lambda row: row["radius"])
    assert "Missing: 750" in biggest["tip"] and biggest["radius"] == 28.0
    assert min(row["radius"] for row in rows) >= 3


def test_the_view_fits_the_selection(south_east_asia):
    points = incident_points(south_east_asia)
    view = spec(build_points_deck(points, **URLS))["initialViewState"]
    expected = fit_view(points["lon"], points["lat"])
    assert (view["longitude"], view["latitude"], view["zoom"]) == (expected.longitude, expected.latitude, expected.zoom)
    assert 90 < view["longitude"] < 125 and -10 < view["latitude"] < 25  # South-east Asia


def test_base_map_is_local(south_east_asia):
    deck_spec = spec(build_points_deck(incident_points(south_east_asia), **URLS))
    assert deck_spec["mapStyle"] == "/app/static/blank-style.json"
    assert deck_spec["layers"][0]["data"] == "/app/static/geo/ne_110m_admin_0_countries.geojson"
    assert "http" not in json.dumps(deck_spec)


def test_density_deck_shades_cells_by_class(incidents):
    cells = density_cells(incidents, 2.0)
    deck = build_density_deck(cells, view_lon=incidents["lon"], view_lat=incidents["lat"], **URLS)
    assert deck._tooltip["text"] == "{tip}" and "html" not in deck._tooltip
    layers = spec(deck)["layers"][1:]
    assert {layer["@@type"] for layer in layers} == {"PolygonLayer"}
    assert sum(len(layer["data"]) for layer in layers) == len(cells)
    assert [layer["getFillColor"][:3] for layer in layers] == [hex_to_rgb(c) for _, _, c in DENSITY_CLASSES]
    top = layers[-1]["data"][0]  # the darkest class holds the deadliest cell
    assert top["tip"] == "Cell: 32°N to 34°N, 12°E to 14°E\nDead and missing: 9,208\nDead: 3,141\nMissing: 6,067\nIncidents: 689"
    assert cells.iloc[0]["dead_missing"] == 9208
    assert [density_class(v) for v in (-3, 0, 5, 10, 250, 999, 1000, 9208)] == [0, 0, 0, 1, 2, 2, 3, 3]
    assert len(deck.to_json()) < 450_000  # 916 cells of 2°


def test_legends_use_only_constant_labels():
    legend = points_legend_html(["Drowning", SEVERAL_CAUSES, XSS])
    assert "Drowning" in legend and "Several causes" in legend and "script" not in legend
    assert "Violence" not in legend  # only the groups present
    assert legend.count("border-radius:50%") == 2
    assert all(label in density_legend_html() for _, label, _ in DENSITY_CLASSES)


def test_choropleth_uses_iso3_and_local_topojson(incidents):
    countries = dead_missing_by_country(incidents, "incident")
    fig = build_country_choropleth(countries, by="incident", title="Dead and missing by country of incident",
                                   source=SOURCE)
    trace = fig.data[0]
    assert trace.type == "choropleth" and trace.locationmode == "ISO-3"
    assert trace.geojson is None  # shapes come from the served topojson, not inlined
    assert len(fig.to_json()) < 100_000
    assert sum(row[1] for row in trace.customdata) == countries["dead_missing"].sum()
    placed = incidents[incidents["country_of_incident_iso3"].notna()]
    assert sum(row[1] for row in trace.customdata) == int(placed["dead_missing"].sum())
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.title.text == "Dead and missing by country of incident"
    assert any("Minimum estimates" in a for a in annotations(fig))


def test_empty_choropleth_says_why(incidents):
    fig = build_country_choropleth(dead_missing_by_country(incidents.iloc[0:0], "origin"), by="origin",
                                   title="t", source=SOURCE)
    assert len(fig.data) == 0
    assert any("No dead or missing with a known country of origin" in a for a in annotations(fig))


def test_animation_has_a_frame_per_month(south_east_asia):
    months = month_range("2014-01", "2016-12")
    cells = monthly_cells(south_east_asia, months, 1.0)
    fig = build_monthly_animation(cells, months, gaps=["2016-12"], title="Month by month", source=SOURCE)
    assert [frame.name for frame in fig.frames] == list(months)
    assert sum(sum(row[0] for row in frame.data[0].customdata) if frame.data[0].customdata is not None else 0
               for frame in fig.frames) == cells["dead_missing"].sum()
    steps = fig.layout.sliders[0].steps
    assert steps[-1].label == "December 2016 (no IOM export covers this month)"
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    first_recorded = months.index(cells["month"].min())
    assert fig.layout.sliders[0].active == first_recorded > 0  # January 2014 has no record here
    assert len(fig.data[0].lon) == len(cells[cells["month"] == cells["month"].min()])
    sizerefs = {frame.data[0].marker.sizeref for frame in fig.frames}
    assert len(sizerefs) == 1  # one circle scale for every month
    assert len(fig.to_json()) < 500_000


def test_animation_of_the_whole_data_stays_small(incidents, options):
    months = options.months
    cells = monthly_cells(incidents, months, 5.0)
    fig = build_monthly_animation(cells, months, title="t", source=SOURCE)
    assert len(fig.frames) == len(months)
    assert len(fig.to_json()) < 1_000_000


def test_empty_animation_says_why(south_east_asia):
    empty = monthly_cells(south_east_asia.iloc[0:0], ("2015-01",), 1.0)
    fig = build_monthly_animation(empty, ("2015-01",), title="t", source=SOURCE)
    assert not fig.frames and any("No dated incident" in a for a in annotations(fig))


def test_map_ranges_frame_the_points_widely():
    lon_range, lat_range = map_ranges(pd.Series([100.0, 104.0]), pd.Series([0.0, 20.0]))
    assert lat_range == [-3.0, 23.0]
    assert lon_range[1] - lon_range[0] == pytest.approx(2.5 * 26)


def test_summaries(incidents, south_east_asia):
    points = incident_points(south_east_asia)
    assert summarise_points(points, cause_totals(points)) == (
        "45 incidents drawn, 1,937 dead and missing in all. The largest cause group is mixed or unknown, "
        "with 1,145 dead and missing (59%).")
    assert summarise_points(points.iloc[0:0], cause_totals(points.iloc[0:0])).startswith("No incident")
    cells = density_cells(incidents, 5.0)
    assert summarise_density(cells, 5.0).startswith(f"{len(cells):,} cells of 5° × 5°; the deadliest, around 32.5°N, 12.5°E")
    countries = dead_missing_by_country(south_east_asia, "incident")
    text = summarise_countries(countries, by="incident", selection_total=1937,
                               without_country=dead_missing_without_country(south_east_asia, "incident"))
    assert text.startswith("Myanmar has the most dead and missing by country of incident: 1,456 (75% of the selection)")
    months = month_range("2014-01", "2016-12")
    assert "the deadliest month was December 2014, with 750" in summarise_months(
        monthly_cells(south_east_asia, months, 1.0), months)
