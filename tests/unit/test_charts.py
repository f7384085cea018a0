"""Chart builders: pure figures with titles, source lines, accessible summaries, and empty states."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from charts import layout as chart_layout
from charts import serialise, style
from charts.layout import _luminance, ink_on, inside_text
from charts.maps import build_cells_deck, fit_view
from charts.rankings import build_top_bars
from charts.style import OKABE_ITO, PARTIAL_PATTERN
from charts.summaries import summarise_ranking, summarise_series
from charts.time_series import build_dead_missing_over_time
from transforms.maps import map_cells
from transforms.periods import dead_missing_by_period, source_coverage, uncovered_months
from transforms.rankings import top_values

SOURCE = "Source: IOM Missing Migrants Project (CC BY 4.0). Minimum estimates."


def annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_time_series_draws_dead_and_missing_with_source_and_gap(incidents, options):
    gaps = uncovered_months(source_coverage(incidents))
    series = dead_missing_by_period(incidents, "month", options.months, gaps)
    fig = build_dead_missing_over_time(series, title="Dead and missing by month", source=SOURCE)
    assert [t.name for t in fig.data] == ["Dead", "Missing"]
    assert fig.layout.title.text == "Dead and missing by month"
    assert any("Minimum estimates" in a for a in annotations(fig))
    assert any("No IOM export" in a for a in annotations(fig))  # the 2025 gap is labelled
    assert sum(v for v in fig.data[0].y if v == v) == incidents.loc[incidents["date"].notna(), "dead"].sum()


def test_partial_periods_are_paler_and_hatched(incidents, options):
    series = dead_missing_by_period(incidents, "year", options.months, uncovered_months(source_coverage(incidents)))
    fig = build_dead_missing_over_time(series, title="t", source=SOURCE)
    opacity = dict(zip(series["label"], fig.data[0].marker.opacity))
    assert opacity["2024"] == 1.0 and opacity["2025"] < 1.0
    # Not by lightness alone (on the dark theme a paler bar reads darker): partial periods are hatched too.
    for trace in fig.data:
        hatch = dict(zip(series["label"], trace.marker.pattern.shape))
        assert hatch["2024"] == "" and hatch["2025"] == PARTIAL_PATTERN["shape"] != ""
        assert trace.marker.line.width > 0  # dead and missing segments are outlined
    assert "Partial period" in summarise_series(series)


def test_empty_time_series_says_so():
    empty = pd.DataFrame(columns=["period", "label", "dead", "missing", "dead_missing", "incidents", "covered", "coverage"])
    fig = build_dead_missing_over_time(empty, title="t", source=SOURCE)
    assert fig.data == ()
    assert any("No dead or missing" in a for a in annotations(fig))
    assert summarise_series(empty) == "No dead or missing recorded for this selection."


def test_top_bars_largest_on_top(incidents):
    ranking = top_values(incidents, "migration_route", n=5)
    fig = build_top_bars(ranking, title="Routes", source=SOURCE, empty_message="none")
    assert list(fig.data[0].y)[-1] == ranking.iloc[0]["value"]
    assert summarise_ranking(ranking, "route").startswith(f"Top route: {ranking.iloc[0]['value']}")
    empty = build_top_bars(ranking.head(0), title="Routes", source=SOURCE, empty_message="No route recorded.")
    assert "No route recorded." in annotations(empty)


def test_deck_is_offline_and_tooltips_are_plain_text(incidents):
    cells = map_cells(incidents, 2.0)
    deck = build_cells_deck(cells, countries_url="/app/static/geo/countries.geojson", style_url="/app/static/blank-style.json")
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "/app/static/blank-style.json"
    assert spec["layers"][0]["data"] == "/app/static/geo/countries.geojson"
    assert spec["layers"][0]["wrapLongitude"] is True
    assert "html" not in deck._tooltip and "text" in deck._tooltip
    assert "http" not in deck.to_json().replace("/app/static", "")


def test_view_fits_the_points():
    view = fit_view(pd.Series([95.0, 100.0]), pd.Series([10.0, 15.0]))
    assert 95 <= view.longitude <= 100 and view.zoom > 2
    assert fit_view(pd.Series([], dtype=float), pd.Series([], dtype=float)).zoom < 1


def test_the_test_suite_validates_every_figure_and_a_misspelt_property_fails():
    assert serialise.VALIDATE_FIGURES  # tests/conftest.py sets MSDE_VALIDATE_FIGURES=1 before charts is imported
    with pytest.raises(ValueError, match="colour"):
        serialise.figure([dict(type="bar", x=[1], y=[2], marker=dict(colour="red"))], {})
    with pytest.raises(ValueError, match="xaxes"):
        serialise.figure([], chart_layout.base_layout(title="t", source=SOURCE, xaxes=dict(dtick=1)))


def test_unvalidated_figures_serialise_as_validated_ones(incidents, options, monkeypatch):
    """The app builds figures unchecked for speed: what reaches the browser must not change."""
    gaps = uncovered_months(source_coverage(incidents))
    series = dead_missing_by_period(incidents, "month", options.months, gaps)
    ranking = top_values(incidents, "migration_route", n=5)

    def build():
        return [build_dead_missing_over_time(series, title="t", source=SOURCE),
                build_top_bars(ranking, title="Routes", source=SOURCE, empty_message="none"),
                chart_layout.presenter_style(build_top_bars(ranking, title="Routes", source=SOURCE, empty_message="none"))]

    checked = [json.loads(pio.to_json(fig, validate=False)) for fig in build()]
    monkeypatch.setattr(serialise, "VALIDATE_FIGURES", False)
    unchecked = [json.loads(pio.to_json(fig, validate=False)) for fig in build()]
    assert unchecked == checked


def test_base_layout_titles_sources_and_greys_every_axis():
    layout = chart_layout.base_layout(title="A title", source=SOURCE, height=500, xaxis2=dict(dtick=2),
                               legend=dict(orientation="v"), annotations=[dict(text="Panel")])
    fig = serialise.figure([], layout)
    assert fig.layout.title.text == "A title" and fig.layout.height == 500
    assert [a.text for a in fig.layout.annotations] == ["Panel", SOURCE]  # the source note comes last
    source = fig.layout.annotations[-1]
    assert source.yref == "paper" and source.yshift == -style.MARGIN["b"] + 2 and source.font.size == style.SOURCE_SIZE
    assert {fig.layout.xaxis.gridcolor, fig.layout.yaxis.gridcolor, fig.layout.xaxis2.gridcolor} == {style.GRID}
    assert fig.layout.xaxis2.dtick == 2 and fig.layout.legend.orientation == "v"
    blank = chart_layout.empty_figure("Nothing here", title="t", source=SOURCE)
    assert blank.layout.xaxis.visible is False and blank.layout.annotations[0].text == "Nothing here"
    assert blank.data == ()


def test_presenter_style_breaks_a_long_title_onto_two_lines_and_makes_room_for_it():
    """A title too long for a 1280-pixel projector (the Enforcement chart's was cut at the right edge) breaks after
    its colon, or else at a space; the top margin grows by the line it adds. Short titles, and titles without a
    space to break at (Thai), stay as they are."""
    long = "Offences of smuggling of migrants recorded by the police: Index (first reported year = 100)"
    fig = chart_layout.presenter_style(serialise.figure([], chart_layout.base_layout(title=long, source=SOURCE)))
    assert fig.layout.title.text == ("Offences of smuggling of migrants recorded by the police:<br>"
                                     "Index (first reported year = 100)")
    assert fig.layout.margin.t == chart_layout.PRESENTER_TOP_MARGIN + 40
    no_colon = "word " * 20
    text, lines = chart_layout.presenter_title(no_colon.strip())
    assert lines == 2 and all(len(part) <= chart_layout.PRESENTER_TITLE_CHARACTERS for part in text.split("<br>"))
    short = chart_layout.presenter_style(serialise.figure([], chart_layout.base_layout(title="Routes", source=SOURCE)))
    assert short.layout.title.text == "Routes" and short.layout.margin.t == chart_layout.PRESENTER_TOP_MARGIN
    thai = "ก" * 80
    assert chart_layout.presenter_title(thai) == (thai, 1)


def test_presenter_style_gives_every_bar_of_a_long_ranking_room_for_its_label():
    """25 horizontal bars get PRESENTER_BAR_ROW pixels each on a projector (plotly dropped every other label when
    they shared the usual height); a short ranking keeps the presenter height."""
    names = [f"Corridor {i}" for i in range(25)]
    long = serialise.figure([go.Bar(x=list(range(25)), y=names, orientation="h")],
                            chart_layout.base_layout(title="Ranking", source=SOURCE))
    tall = chart_layout.presenter_style(long)
    assert tall.layout.height >= 25 * chart_layout.PRESENTER_BAR_ROW + tall.layout.margin.t + tall.layout.margin.b
    short = serialise.figure([go.Bar(x=[1, 2], y=["a", "b"], orientation="h")],
                             chart_layout.base_layout(title="Ranking", source=SOURCE))
    assert chart_layout.presenter_style(short).layout.height == chart_layout.PRESENTER_HEIGHT


def test_presenter_style_keeps_a_side_legend_and_drops_the_source_note_to_the_taller_margin():
    """On a projector a vertical legend beside the plot stays top-aligned (lifted above the plot it ran over the
    title), a horizontal one moves above the plot, and the source note sits at the foot of the taller bottom margin
    (it overlapped the large rotated year labels)."""
    side = chart_layout.presenter_style(serialise.figure([], chart_layout.base_layout(title="t", source=SOURCE, height=400,
                                                                      legend=dict(orientation="v", y=1.0,
                                                                                  yanchor="top"))))
    assert side.layout.legend.y == 1.0 and side.layout.legend.yanchor == "top"
    assert side.layout.legend.font.size == chart_layout.PRESENTER_FONT_SIZE
    above = chart_layout.presenter_style(serialise.figure([], chart_layout.base_layout(title="t", source=SOURCE, height=400)))
    assert above.layout.legend.y == 1.02 and above.layout.legend.yanchor == "bottom"
    note = above.layout.annotations[-1]
    assert note.text.startswith("Source") and note.font.size == chart_layout.PRESENTER_SOURCE_SIZE
    assert note.yshift == -chart_layout.PRESENTER_BOTTOM_MARGIN + 2 == -above.layout.margin.b + 2


def test_chart_modules_import_no_streamlit_loaders_cache_or_ui():
    """charts/ draws figures from what it is given: it may read transforms/ for labels, never Streamlit, files,
    caches or the app shell; and every module says what it is responsible for."""
    folder = Path(style.__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} has no docstring"
        for node in ast.walk(tree):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                assert module.split(".")[0] not in ("streamlit", "loaders", "cache", "ui"), f"{path.name}: {module}"


def test_values_inside_bars_have_an_ink_of_4_5_to_1():
    """Each palette colour's ink (charts.style.INK_ON) and :func:`charts.layout.ink_on` for any other colour reach
    4.5:1 (WCAG 2.1 AA) against the bar; plotly's automatic white or grey does not."""
    def ratio(a: str, b: str) -> float:
        x, y = _luminance(a), _luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)

    for colour in [*OKABE_ITO.values(), "#a7b0b8", "#d5dade", "#6b4c9a", "#08306b"]:
        assert ratio(ink_on(colour), colour) >= 4.5, colour
    assert inside_text(["#0072B2", "#E69F00"]) == dict(color=["#ffffff", "#000000"])


def test_bars_with_values_inside_set_their_ink(incidents):
    ranking = top_values(incidents, "migration_route", n=5)
    fig = build_top_bars(ranking, title="Routes", source=SOURCE, empty_message="none")
    assert fig.data[0].insidetextfont.color == ink_on(fig.data[0].marker.color)
