"""The offline HTML export in a real browser: each chart's y-axis title sits beside its tick labels, never over
them, and no tick label is cut off at the left edge (bug seen on Trends, 2 December 2026: the exported figures had
no ``automargin``, so the narrow left margin put the title over the ticks). The file names its language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from charts.export_html import build_view_html
from ui.present import FIGURES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: Per chart: the y-axis title's box and the boxes of its tick labels (page pixels).
MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const title = plot.querySelector('.g-ytitle text');
  const ticks = [...plot.querySelectorAll('.yaxislayer-above .ytick text')].filter(t => t.textContent.trim());
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                   bottom: r.bottom}; };
  const plotBox = plot.getBoundingClientRect();
  return {title: title && title.textContent.trim() ? box(title) : null, ticks: ticks.map(box),
          plotLeft: plotBox.left};
})"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_exported_y_axis_titles_do_not_cover_the_tick_labels(browser, tmp_path, lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["grain"] = "year"
    at.switch_page("pages/3_Trends.py")
    at.run()
    assert not at.exception
    figures = list(at.session_state[FIGURES])
    assert figures, "Trends drew no figure"
    text = build_view_html(title="Trends", description="Showing incidents.", source_lines=["Source: IOM."],
                           figures=figures, app_name="Migrant Smuggling Data Explorer", lang=lang)
    assert text.startswith(f"<!DOCTYPE html><html lang='{lang}'>")
    exported = tmp_path / "trends.html"
    exported.write_text(text, encoding="utf-8")

    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    try:
        page = context.new_page()
        page.goto(exported.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        page.wait_for_timeout(500)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"export-trends-{lang}.png"), full_page=True)
        charts = page.evaluate(MEASURE)
    finally:
        context.close()

    measured = [chart for chart in charts if chart["title"] and chart["ticks"]]
    assert measured, "no exported chart has a y-axis title and tick labels to measure"
    for number, chart in enumerate(measured, start=1):
        title = chart["title"]
        for tick in chart["ticks"]:
            assert not overlaps(title, tick), f"chart {number}: the y-axis title {title} covers a tick label {tick}"
            assert tick["left"] >= chart["plotLeft"] - 0.5, f"chart {number}: a tick label is cut off: {tick}"
        assert title["right"] <= min(tick["left"] for tick in chart["ticks"]) + 0.5, f"chart {number}"
