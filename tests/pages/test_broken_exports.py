"""Every page with each IOM export broken in turn (missing, empty, a required column renamed, a word for a count,
binary garbage, another encoding), with none usable, and with implausible values: no exception, a warning naming
the file on every page, the other export's incidents still counted, pages without IOM data still drawn, implausible
values kept out of the totals and cautioned, and no folder shown anywhere."""

from __future__ import annotations

import re

import pytest

from loaders.paths import DATA_DIR_ENV
from tests.broken_exports import (
    BREAKAGES,
    EXPORT_2025,
    EXPORT_2026,
    EXPORTS,
    break_export,
    copy_data,
    export_dead_missing,
    make_implausible,
)
from tests.pages.test_pages import metrics, run_page
from ui.shell import NO_INCIDENT_DATA, PAGES

#: Every page of the app (None: the Overview, app.py).
EVERY_PAGE = [None if path == "app.py" else path for path in PAGES]
#: Pages that draw charts needing no IOM incident at all: they still draw them with no IOM export usable.
CHARTS_WITHOUT_IOM = {"pages/10_Modus_operandi.py": 2, "pages/11_Hazards.py": 2, "pages/12_Crime_markets.py": 2,
                      "pages/8_Corridor_profile.py": 1, "pages/13_Enforcement.py": 2, "pages/14_Travel_documents.py": 4}
#: Pages with no section that needs IOM incidents (so no sentence saying it cannot be drawn).
NEEDS_NO_INCIDENTS = {"pages/10_Modus_operandi.py", "pages/14_Travel_documents.py"}


def shown(texts) -> str:
    """Text as a reader sees it (markdown escapes and zero-width spaces removed)."""
    return re.sub(r"\\(.)", r"\1", " ".join(texts)).replace("\u200b", "")


def page_text(at) -> str:
    """Every sentence, label and notice of a page run (main area and sidebar)."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text")
    texts = [element.value for kind in kinds for element in at.get(kind)]
    texts += [element.label for element in at.get("expander")]
    return shown(str(text) for text in texts)


def run_every_page(data, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    for page in EVERY_PAGE:
        at = run_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        text = page_text(at)
        assert str(data) not in text and str(data.parent) not in text, page
        yield page, at


@pytest.mark.parametrize("broken, how", [(EXPORT_2025, "values"), (EXPORT_2026, "binary")])
def test_every_page_renders_with_one_export_broken_and_counts_the_other(tmp_path, monkeypatch, broken, how):
    data = copy_data(tmp_path)
    break_export(data / "iom_mmp" / broken, how)
    other = next(name for name in EXPORTS if name != broken)
    for page, at in run_every_page(data, monkeypatch):
        if page == "pages/1_Data_and_sources.py":  # it lists the file among those that cannot be used, once
            assert f"{broken} {BREAKAGES[how]}" in shown(e.value for e in at.error)
            assert broken not in shown(w.value for w in at.warning)
            continue
        warned = shown(w.value for w in at.warning)
        assert f"{broken} {BREAKAGES[how]}" in warned and "leaves out its incidents" in warned, page
        if page is None:
            assert metrics(at)["Dead and missing"] == f"{export_dead_missing(other):,}"


#: The breakages of each export no other page test shows (test_pages.py breaks the 2025 export's file as empty,
#: column and values; the tests above break it with values, the 2026 export with binary garbage, and both).
OTHER_BREAKAGES = [(EXPORT_2025, how) for how in ("missing", "binary", "latin1")] + [
    (EXPORT_2026, how) for how in ("missing", "empty", "column", "values", "latin1")]


@pytest.mark.parametrize("broken, how", OTHER_BREAKAGES)
def test_the_overview_names_each_broken_export_and_counts_the_other(tmp_path, monkeypatch, broken, how):
    """Each other breakage of each export, on the Overview: every page's shell is the same, so every page warns
    alike (shown above for one breakage each); each breakage of each export is read alike (test_incident_data)."""
    data = copy_data(tmp_path)
    break_export(data / "iom_mmp" / broken, how)
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page()
    assert not at.exception
    assert f"{broken} {BREAKAGES[how]}" in shown(w.value for w in at.warning)
    other = next(name for name in EXPORTS if name != broken)
    assert metrics(at)["Dead and missing"] == f"{export_dead_missing(other):,}"


def test_with_no_export_usable_every_page_renders_what_needs_no_iom_data(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    break_export(data / "iom_mmp" / EXPORT_2025, "latin1")
    break_export(data / "iom_mmp" / EXPORT_2026, "column")
    for page, at in run_every_page(data, monkeypatch):
        warned = shown(w.value for w in (*at.warning, *at.error))
        assert EXPORT_2025 in warned and EXPORT_2026 in warned, page
        assert not at.sidebar.get("multiselect"), page  # no filters without data
        charts = len(at.get("plotly_chart"))
        if page == "pages/1_Data_and_sources.py":
            errors = shown(e.value for e in at.error)
            assert f"{EXPORT_2025} is not UTF-8 text" in errors and f"{EXPORT_2026} lacks a required column" in errors
            assert "data/flows/" in " ".join(e.label for e in at.main.expander)
        elif page in CHARTS_WITHOUT_IOM:
            assert charts >= CHARTS_WITHOUT_IOM[page], page
            if page not in NEEDS_NO_INCIDENTS:  # the sections that need incidents say so, once each
                assert NO_INCIDENT_DATA in [i.value for i in at.info], page
        else:  # a page of IOM figures only: one sentence, nothing drawn
            assert [i.value for i in at.info] == [NO_INCIDENT_DATA] and charts == 0, page


def test_every_page_keeps_its_link_filters_while_no_export_is_usable(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    for name in EXPORTS:
        break_export(data / "iom_mmp" / name, "empty")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = run_page(region="Mediterranean")
    assert not at.exception and at.query_params.get("region") in ("Mediterranean", ["Mediterranean"])


def test_every_page_renders_an_export_with_implausible_values_undistorted_and_cautioned(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    set_aside = make_implausible(data / "iom_mmp" / EXPORT_2026)
    whole = export_dead_missing(EXPORT_2025) + export_dead_missing(EXPORT_2026)
    for page, at in run_every_page(data, monkeypatch):
        text = page_text(at)
        assert "Lampedusa " * 200 not in text and "1,000,000,000,000" not in text, page
        if page is None:
            assert metrics(at)["Dead and missing"] == f"{whole - set_aside:,}"
            caution = shown(w.value for w in at.warning)
            assert "a count beyond the plausibility bound, set aside" in caution
            assert "coordinates off the globe, read as unknown" in caution and "over-long text, cut" in caution
        if page == "pages/1_Data_and_sources.py":
            # Tables are shown with their columns' reader labels (i18n.columns).
            flagged = next(frame.value for frame in at.dataframe if "quality flags" in frame.value.columns)
            assert "beyond the plausibility bound" in " ".join(flagged["quality flags"].astype(str))
