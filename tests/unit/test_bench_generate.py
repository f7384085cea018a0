"""The benchmark's generated dataset is labelled, has unique IDs and N times the rows, and loads like the real one;
the benchmark's websocket client can drive a real server; its worst-case search links are at the search limits."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pandas as pd
import pytest
import yaml

from bench.generate import GENERATOR, LABEL, generate, generated_rows
from loaders.fatalities import read_fatalities
from loaders.paths import REPO_ROOT
from loaders.sources import fatality_files
from loaders.tabular import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def small_source(tmp_path_factory) -> Path:
    """A data folder like data/ but holding the small real cuts of both IOM layouts."""
    import shutil

    source = tmp_path_factory.mktemp("source") / "data"
    shutil.copytree(REPO_ROOT / "data" / "reference", source / "reference")
    (source / "iom_mmp").mkdir()
    real = {s.path.stem: s.path for s in fatality_files(REPO_ROOT / "data")}
    for cut, real_stem in (("mmp_2025_cut.csv", "Missing_Migrants_Global_Figures_allData"),
                           ("mmp_2026_cut.csv", "MissingMigrants-Global-2026-05-06--19_42_11")):
        shutil.copy(FIXTURES / cut, source / "iom_mmp" / f"{real_stem}.csv")
        shutil.copy(real[real_stem].with_name(real_stem + ".meta.yml"), source / "iom_mmp" / f"{real_stem}.meta.yml")
    return source


def _real_rows(source: Path, name_lookup) -> int:
    return len(read_fatalities([s.path for s in fatality_files(source)], name_lookup))


@pytest.mark.parametrize("scale", [1, 3])
def test_generated_data_is_labelled_unique_and_n_times_the_rows(small_source, tmp_path, name_lookup, scale):
    folder = generate(scale, source=small_source, root=tmp_path / "GENERATED")
    assert not folder.resolve().is_relative_to(REPO_ROOT.resolve())
    sources = fatality_files(folder)
    assert len(sources) == 2
    for source in sources:
        assert source.path.name.startswith(f"GENERATED-x{scale}-")
        meta = yaml.safe_load(source.path.with_name(source.path.stem + ".meta.yml").read_text())
        assert meta["generated"] is True
        assert meta["generated_by"] == GENERATOR
        assert meta["title"].startswith(LABEL)
        assert meta["scale"] == scale
    incidents = read_fatalities([s.path for s in sources], name_lookup)
    real = _real_rows(small_source, name_lookup)
    assert len(incidents) == scale * real == generated_rows(folder)
    assert incidents["incident_id"].is_unique
    # Dates stay inside each real export's period: no row moves into the May-December 2025 gap.
    dated = incidents["date"].dropna()
    assert not ((dated >= "2025-05-01") & (dated < "2026-01-01")).any()


def test_generated_copies_jitter_dates_and_coordinates(small_source, tmp_path):
    folder = generate(2, source=small_source, root=tmp_path / "GENERATED")
    generated = read_table(next(p for p in (folder / "iom_mmp").glob("*allData.csv")))
    real = read_table(small_source / "iom_mmp" / "Missing_Migrants_Global_Figures_allData.csv")
    first_copy = generated.iloc[:len(real)]
    assert (first_copy["Coordinates"] != real["Coordinates"]).mean() > 0.9
    assert (first_copy["Incident ID"] == real["Incident ID"] + ".G0").all()
    dated = generated["Incident Date"].notna()
    years = pd.to_datetime(generated.loc[dated, "Incident Date"]).dt.year.astype(str)
    assert (generated.loc[dated, "Incident Year"] == years).all()


def test_reusing_an_identical_folder_does_not_regenerate(small_source, tmp_path):
    folder = generate(1, source=small_source, root=tmp_path / "GENERATED")
    stamp = (folder / "iom_mmp").stat().st_mtime_ns
    assert generate(1, source=small_source, root=tmp_path / "GENERATED") == folder
    assert (folder / "iom_mmp").stat().st_mtime_ns == stamp


def test_refuses_to_write_inside_the_repository(small_source):
    with pytest.raises(ValueError, match="inside the repository"):
        generate(1, source=small_source, root=REPO_ROOT / "bench" / "results")


@pytest.mark.skipif(os.environ.get("MSDE_SKIP_SERVER_TESTS") == "1", reason="server tests switched off")
def test_client_runs_a_page_on_a_real_server():
    """Smoke test: the websocket client gets a full Overview run (charts included) from `streamlit run`."""
    from bench.client import StreamlitClient
    from tests.browser.support import app_server

    async def visit(base: str):
        async with StreamlitClient(base, timeout=120) as client:
            first = await client.run(page_name="")
            again = await client.run()
            return first, again

    with app_server() as base:
        first, again = asyncio.run(visit(base))
    assert first.bytes > 0 and first.elements["plotly_chart"] >= 1
    assert "Period" in first.widgets
    assert again.bytes > 0


def test_a_reused_generated_folder_gets_the_current_other_data(small_source, tmp_path):
    """Reusing the generated exports still brings every other data folder up to date (added, changed, removed)."""
    import shutil

    source = tmp_path / "source"
    shutil.copytree(small_source, source)
    root = tmp_path / "GENERATED"
    folder = generate(1, source=source, root=root)
    exports = sorted(p.name for p in (folder / "iom_mmp").iterdir())
    assert (folder / "reference").is_dir()
    (source / "corridors").mkdir()
    (source / "corridors" / "corridors.csv").write_text("corridor\nCentral Mediterranean\n", encoding="utf-8")
    stale = next((source / "reference").iterdir())
    stale.unlink()
    again = generate(1, source=source, root=root)
    assert again == folder
    assert (folder / "corridors" / "corridors.csv").read_text(encoding="utf-8") == "corridor\nCentral Mediterranean\n"
    assert not (folder / "reference" / stale.name).exists()
    assert sorted(p.name for p in (folder / "iom_mmp").iterdir()) == exports  # the generated exports are kept


@pytest.mark.skipif(os.environ.get("MSDE_SKIP_SERVER_TESTS") == "1", reason="server tests switched off")
def test_client_refuses_a_run_that_shows_an_error_message(tmp_path):
    """A page showing st.error (here: its data folder missing) is a failed run, never a time to report."""
    import shutil

    from bench.client import RunError, StreamlitClient
    from tests.browser.support import app_server

    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("modus_operandi"))

    async def visit(base: str):
        async with StreamlitClient(base, timeout=120) as client:
            await client.run(page_name="Crime_markets")  # its data is there: a clean run
            with pytest.raises(RunError, match="st.error"):
                await client.run(page_name="Modus_operandi")

    with app_server(env={"MSDE_DATA_DIR": str(data)}) as base:
        asyncio.run(visit(base))


def test_the_worst_case_search_links_are_at_the_limits_and_never_repeat(incidents):
    """Each kind of link the benchmark times is what it says: at the limits, a new query every sample, and (but for
    "no row") its words found in many rows of the real table, none inside another, so every word is scanned."""
    from bench.run import SEARCH_KINDS, SEARCH_SAMPLES, search_query
    from transforms.incident_table import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, parse_search, search_mask, table_index

    view = table_index(incidents).view
    for kind in SEARCH_KINDS:
        queries = [search_query(kind, sample) for sample in range(SEARCH_SAMPLES)]
        searches = [parse_search(query) for query in queries]
        assert len({search.text for search in searches}) == SEARCH_SAMPLES, kind
        for search in searches:
            assert len(search.words) == MAX_SEARCH_WORDS and search.shortened == (kind == "over the limit")
            assert not any(a != b and a in b for a in search.words for b in search.words), kind
        if kind != "every row":
            assert all(len(search.text) >= MAX_SEARCH_CHARS - 1 for search in searches), kind
        rows = int(search_mask(view, searches[0].text).sum())
        each = [int(search_mask(view, word).sum()) for word in searches[0].words]
        if kind == "no row":
            assert rows == 0 and max(each) == 0
        else:
            assert rows > len(view) // 10 and min(each) >= rows, (kind, rows, each)
    assert len(search_query("over the limit", 0).split()) == 8000


def test_the_spatial_step_is_timed_on_generated_data(small_source, tmp_path):
    """bench/spatial.py places the generated rows in a child process and reports time, memory and flags."""
    import shutil

    from bench.spatial import describe, measure

    source = shutil.copytree(small_source, tmp_path / "source" / "data")  # the module's folder stays as it is
    shutil.copytree(REPO_ROOT / "data" / "geography", source / "geography")
    folder = generate(3, root=tmp_path / "generated", source=source)
    result = measure(folder)
    assert "error" not in result, result
    assert result["rows"] == generated_rows(folder) and result["located"] <= result["rows"]
    assert result["seconds"] > 0 and (result["peak_mb"] is None or result["peak_mb"] >= 0)
    assert "spatial step" in describe(result) and "GENERATED" not in describe(result)
