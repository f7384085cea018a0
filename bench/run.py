"""The benchmark: ``python -m bench.run`` (``make bench``) prints a table and writes bench/results/latest.json.

For each scale (1x, 10x, 100x the real rows, as a GENERATED dataset from
``bench.generate``), it starts a fresh ``streamlit run app.py`` pointed at the
generated folder and drives it with websocket clients (``bench.client``):

1. cold start: spawn to the end of the first Overview run, with a real client;
2. each page (``app.py`` and every ``pages/*.py`` present now): its first run on
   this server (page caches cold), then runs in new sessions (server warm,
   session and browser cache new: what a new visitor gets);
3. server memory (VmRSS) with 1, 10 and 50 sessions open on the heaviest page;
4. each page: warm reruns in one session (nothing changed) and reruns after a
   filter change (a new period window or sub-region each time, sent as the
   browser sends a widget change);
5. bytes: the binary websocket frames of each run (first visit: no cached
   messages; reruns: the client holds the browser's message cache);
6. the Incident table's worst-case search links (``--search-scales``, 1x by
   default): each a new session opening the page with a ``q=`` at the search
   limits, a different query every time (no view computed before is reused).

Each series stops after ``--reruns`` samples, or earlier once it has run
``--series-seconds`` and has ``--min-reruns`` samples (the table shows n).
The machine is shared and one server uses one core, so numbers are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote_plus

from bench.client import RunError, StreamlitClient, multiselect_state, select_slider_state
from bench.generate import LABEL, generate, generated_rows
from bench.server import Server, peak_rss_mb, prepare_data, rss_mb, start_server
from bench.spatial import TARGET_SECONDS_100X as SPATIAL_TARGET_S
from bench.spatial import describe as describe_spatial_step
from bench.spatial import measure as measure_spatial_step
from loaders.paths import DATA_DIR_ENV, REPO_ROOT
from transforms.incident_table import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS

RESULTS_DIR = REPO_ROOT / "bench" / "results"
MAIN_PAGE = "app.py"
PERIOD_LABEL = "Period"
SUBREGION_LABEL = "UNSD sub-region"
WINDOW_MONTHS = 24
MB = 1024 * 1024
#: Share of the time budget each scale gets (relative); 100x pays a long data load before anything else.
SCALE_WEIGHTS = {1: 1.0, 10: 1.3, 100: 2.5}

#: (what, scale -> limit or None, how to read it). Evaluated in ``targets``.
TARGETS = {
    "filter_change_ms": {1: 150, 100: 500},
    "page_bytes": {1: 2 * 1000 * 1000, 100: 3 * 1000 * 1000},
    "mb_per_session": 25,
    "cold_start_s": 5,
    "search_link_ms": {1: 1000},
}

#: The Incident table's URL name, and text found in many rows: the source address of about 2,700 of the real
#: incidents (the generated data copies every text cell, so N times as many at N x).
SEARCH_PAGE = "Incident_table"
MANY_ROWS_TEXT = "http://www.mixedmigration.org/4mi/"
#: Searches per kind of worst-case link (each a new session and a query never run before).
SEARCH_SAMPLES = 5
#: The kinds of worst-case search link: what each q= holds.
SEARCH_KINDS = {
    "many rows": f"{MAX_SEARCH_WORDS} distinct words of {(MAX_SEARCH_CHARS + 1) // MAX_SEARCH_WORDS - 1} "
                 "characters, each in the same many rows (parts of one common source address), none inside another",
    "every row": f"{MAX_SEARCH_WORDS} distinct single characters found in almost every row (the whole table shown)",
    "no row": f"{MAX_SEARCH_WORDS} distinct words of {(MAX_SEARCH_CHARS + 1) // MAX_SEARCH_WORDS - 1} "
              "letters found nowhere",
    "over the limit": "8,000 distinct words, the first ten those of \"many rows\" (the limit keeps those)",
}


@dataclass(frozen=True)
class Page:
    """A page of the app as the browser addresses it."""

    path: str  # relative to the repo: app.py or pages/N_Name.py
    url_name: str  # "" for the main page, else Streamlit's URL name (Data_and_sources)


def discover_pages() -> list[Page]:
    """``app.py`` and every ``pages/*.py`` that exists now, in Streamlit's order."""
    from streamlit.source_util import page_icon_and_name, page_sort_key

    pages = [Page(MAIN_PAGE, "")]
    folder = REPO_ROOT / "pages"
    for path in sorted(folder.glob("*.py"), key=page_sort_key) if folder.is_dir() else []:
        pages.append(Page(f"pages/{path.name}", page_icon_and_name(path)[1]))
    return pages


def summarise(samples: list[float]) -> dict:
    """Median, p95 (nearest rank), min, max and n of a list of seconds, in milliseconds."""
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1), "min_ms": round(ordered[0] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


@dataclass
class Budget:
    """When a series should stop: after ``reruns`` samples; after ``min_reruns`` once it has used its share of
    the time (``series_seconds``, or its part of the scale's budget); after one sample past the scale's deadline."""

    reruns: int
    min_reruns: int
    series_seconds: float
    deadline: float | None  # time.perf_counter() value, None for no limit

    def series_limit(self, series_left: int) -> float:
        """Seconds one of ``series_left`` remaining series may use."""
        if self.deadline is None:
            return self.series_seconds
        share = max(0.0, self.deadline - time.perf_counter()) / max(1, series_left)
        return min(self.series_seconds, share) if self.series_seconds else share

    def exhausted(self) -> bool:
        """True once the deadline has passed: series not yet started are skipped (and said so)."""
        return self.deadline is not None and time.perf_counter() > self.deadline

    def enough(self, samples: list, started: float, limit: float) -> bool:
        now = time.perf_counter()
        if len(samples) >= self.reruns:
            return True
        if samples and self.deadline is not None and now > self.deadline:
            return True
        return len(samples) >= self.min_reruns and limit > 0 and now - started > limit


def filter_changes(client: StreamlitClient, index: int) -> list:
    """The widget change of the ``index``-th filter-change rerun: alternately a new 24-month period
    window over every sub-region (never the same window twice in a series; any sub-region chosen before is
    cleared in the same change) and a new single sub-region within that window."""
    period = client.widget(PERIOD_LABEL, "slider")
    months = len(period.proto.options)
    if index % 2 == 0 or SUBREGION_LABEL not in client.widgets:
        span = min(WINDOW_MONTHS, months - 1)
        room = max(1, months - span)
        start = (3 + 7 * (index // 2)) % room
        changes = [select_slider_state(period, start, start + span)]
        if SUBREGION_LABEL in client.widgets:
            changes.append(multiselect_state(client.widget(SUBREGION_LABEL, "multiselect"), []))
        return changes
    subregions = list(client.widget(SUBREGION_LABEL, "multiselect").proto.options)
    return [multiselect_state(client.widget(SUBREGION_LABEL, "multiselect"),
                              [subregions[(index // 2) % len(subregions)]])]


async def wait_and_first_run(server: Server, timeout: float) -> tuple[float, float, StreamlitClient, object]:
    """Connect as soon as the server listens and run the Overview: (listening s, first render s, client, run)."""
    deadline = time.perf_counter() + timeout
    while True:
        client = StreamlitClient(server.base_url, timeout=timeout)
        try:
            await client.connect()
            break
        except (OSError, asyncio.TimeoutError, Exception):
            if not server.alive() or time.perf_counter() > deadline:
                raise RuntimeError(f"server did not start:\n{server.log_tail()}")
            await asyncio.sleep(0.05)
    listening = time.perf_counter() - server.spawned_at
    result = await client.run(page_name="")
    return listening, time.perf_counter() - server.spawned_at, client, result


def run_record(result) -> dict:
    return {"ms": round(result.seconds * 1000, 1), "bytes": result.bytes, "messages": result.messages,
            "element_bytes": dict(result.element_bytes),
            "references": result.references, "elements": dict(result.elements)}


async def bench_page_first(server: Server, page: Page, args) -> dict:
    """The page's first run on this server, in a new session with an empty message cache."""
    async with StreamlitClient(server.base_url, timeout=args.timeout) as client:
        result = await client.run(page_name=page.url_name)
        return run_record(result)


async def bench_new_sessions(server: Server, page: Page, args, budget: Budget, limit: float) -> dict:
    """Runs of the page in new sessions (server caches warm; session and browser cache new)."""
    times, sizes = [], []
    started = time.perf_counter()
    while not budget.enough(times, started, limit):
        async with StreamlitClient(server.base_url, timeout=args.timeout) as client:
            result = await client.run(page_name=page.url_name)
        times.append(result.seconds)
        sizes.append(result.bytes)
    return {**summarise(times), "bytes_median": int(statistics.median(sizes)), "bytes_max": max(sizes)}


async def bench_session_series(server: Server, page: Page, args, budget: Budget, limit: float) -> dict:
    """Warm reruns (nothing changed) and reruns after a filter change, in one session."""
    out: dict = {}
    async with StreamlitClient(server.base_url, timeout=args.timeout) as client:
        await client.run(page_name=page.url_name)
        times, sizes = [], []
        started = time.perf_counter()
        while not budget.enough(times, started, limit):
            result = await client.run()
            times.append(result.seconds)
            sizes.append(result.bytes)
        out["warm"] = {**summarise(times), "bytes_median": int(statistics.median(sizes)), "bytes_max": max(sizes)}
        if PERIOD_LABEL not in client.widgets:
            out["filter_change"] = {"n": 0, "skipped": f"no “{PERIOD_LABEL}” widget on this page"}
            return out
        times, sizes, seen = [], [], []
        started = time.perf_counter()
        while not budget.enough(times, started, limit):
            changes = filter_changes(client, len(times))
            result = await client.run(widget_states=changes)
            times.append(result.seconds)
            sizes.append(result.bytes)
            seen.append(result.query_string)
        if len(set(seen)) < len(seen):
            raise RunError("a filter change did not reach the URL: the change was not applied")
        has_subregion = SUBREGION_LABEL in client.widgets
        period = [t for i, t in enumerate(times) if i % 2 == 0 or not has_subregion]
        subregion = [t for i, t in enumerate(times) if i % 2 == 1 and has_subregion]
        out["filter_change"] = {**summarise(times), "bytes_median": int(statistics.median(sizes)),
                                "bytes_max": max(sizes), "example_query": seen[0],
                                "period_change_ms": summarise(period), "subregion_change_ms": summarise(subregion)}
    return out


def search_query(kind: str, sample: int) -> str:
    """The q= value of one worst-case search link of ``kind`` (:data:`SEARCH_KINDS`), different for every
    ``sample`` so that no view worked out before is reused."""
    import random

    rng = random.Random(f"{kind}-{sample}")
    length = (MAX_SEARCH_CHARS + 1) // MAX_SEARCH_WORDS - 1  # ten words and nine spaces fill the limit
    if kind in ("many rows", "over the limit"):
        windows = [MANY_ROWS_TEXT[i:i + length] for i in range(len(MANY_ROWS_TEXT) - length + 1)]
        words = rng.sample(windows, MAX_SEARCH_WORDS)
        if kind == "over the limit":
            words += [f"s{sample}w{i}" for i in range(8000 - MAX_SEARCH_WORDS)]
        return " ".join(words)
    if kind == "every row":
        return " ".join(rng.sample(list("|eaointrsl"), MAX_SEARCH_WORDS))
    return " ".join("".join(rng.choice("jqxz") for _ in range(length)) for _ in range(MAX_SEARCH_WORDS))


def _rows_shown(texts: list[str]) -> int | None:
    """The rows the Incident table says it shows ("**Showing 1 of 2 incidents** (3 rows ..."); 0 for "no
    incident matches"."""
    import re

    for text in texts:
        found = re.search(r"\*\*Showing [\d,]+ of [\d,]+ incidents\*\* \(([\d,]+) rows?", text)
        if found:
            return int(found.group(1).replace(",", ""))
        if text.startswith("No incident in this selection matches"):
            return 0
    return None


async def bench_search_links(server: Server, args, budget: Budget, limit: float) -> dict:
    """The Incident table opened by each kind of worst-case search link, each run in a new session (as someone
    following the link) with a query never run before."""
    out = {}
    for kind, what in SEARCH_KINDS.items():
        times, rows, sizes = [], [], []
        started = time.perf_counter()
        shortened = False
        while len(times) < SEARCH_SAMPLES and not (times and budget.enough(times, started, limit)):
            query = search_query(kind, len(times))
            async with StreamlitClient(server.base_url, timeout=args.timeout) as client:
                result = await client.run(page_name=SEARCH_PAGE, query_string="q=" + quote_plus(query))
            times.append(result.seconds)
            sizes.append(result.bytes)
            rows.append(_rows_shown(result.texts))
            shortened = shortened or any("too long" in text for text in result.texts)
        out[kind] = {**summarise(times), "what": what, "query_chars": len(search_query(kind, 0)),
                     "rows_shown": rows, "bytes_max": max(sizes), "shortened_notice": shortened}
    return out


async def bench_memory(server: Server, page: Page, counts: list[int], args, run_seconds: float,
                       limit: float | None) -> dict:
    """Server RSS with ``counts`` sessions open on ``page`` (sessions opened concurrently, cumulatively).

    Runs queue on the server's one core, so a step of n new sessions takes about n x ``run_seconds``; a step
    that would overrun ``limit`` seconds is skipped (and said so) rather than blowing the time budget.
    """
    clients: list[StreamlitClient] = []
    steps, skipped = [], []
    before = rss_mb(server.pid)
    started_phase = time.perf_counter()
    try:
        for count in sorted(set(counts)):
            estimate = (count - len(clients)) * run_seconds
            if clients and limit is not None and \
                    time.perf_counter() - started_phase + estimate > max(limit, args.memory_floor_seconds):
                skipped.append({"sessions": count, "reason": f"would take about {estimate:.0f} s, over the "
                                f"{max(limit, args.memory_floor_seconds):.0f} s allowed for the memory test "
                                "(raise --budget-minutes or --memory-floor-seconds)"})
                continue
            new = [StreamlitClient(server.base_url, timeout=args.timeout) for _ in range(count - len(clients))]

            async def visit(client: StreamlitClient) -> float:
                await client.connect()
                return (await client.run(page_name=page.url_name)).seconds

            started = time.perf_counter()
            latencies = await asyncio.gather(*(visit(c) for c in new))
            wall = time.perf_counter() - started
            clients.extend(new)
            await asyncio.sleep(args.settle_seconds)
            steps.append({"sessions": len(clients), "rss_mb": round(rss_mb(server.pid), 1),
                          "new_sessions": len(new), "wall_s": round(wall, 2),
                          "runs_per_s": round(len(new) / wall, 2) if wall else None,
                          "latency": summarise(list(latencies))})
    finally:
        for client in clients:
            await client.close()
    result = {"page": page.path, "rss_before_mb": round(before, 1) if before else None, "steps": steps,
              "skipped": skipped, "peak_rss_mb": round(peak_rss_mb(server.pid) or 0, 1)}
    if len(steps) >= 2:
        first, last = steps[0], steps[-1]
        result["mb_per_extra_session"] = round((last["rss_mb"] - first["rss_mb"])
                                               / (last["sessions"] - first["sessions"]), 2)
    return result


def validate(pages: list[Page], client_counts: dict[str, dict], data_dir: Path) -> dict:
    """Cross-check the websocket client against Streamlit's AppTest: same charts and tables per page."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # AppTest outside a server warns about a missing ScriptRunContext on every import
    os.environ[DATA_DIR_ENV] = str(data_dir)
    checked = {}
    for page in pages:
        at = AppTest.from_file(str(REPO_ROOT / MAIN_PAGE), default_timeout=600)
        if page.path != MAIN_PAGE:
            at.switch_page(page.path)
        at.run()
        expected = {kind: len(at.get(kind)) for kind in ("plotly_chart", "deck_gl_json_chart", "dataframe", "metric")}
        got = {kind: client_counts.get(page.path, {}).get(kind, 0) for kind in expected}
        checked[page.path] = {"apptest": expected, "client": got, "ok": expected == got and not at.exception}
    return checked


async def bench_scale(scale: int, pages: list[Page], args, log, deadline: float | None) -> dict:
    """Everything at one scale, on one fresh server; series shrink to fit before ``deadline``."""
    started = time.perf_counter()
    log(f"[x{scale}] generating data ...")
    data_dir = generate(scale)
    rows = generated_rows(data_dir)
    log(f"[x{scale}] {rows:,} GENERATED rows in {data_dir} ({time.perf_counter() - started:.0f} s)")
    out: dict = {"scale": scale, "label": f"{LABEL}: x{scale}", "generated": True, "rows": rows,
                 "data_dir": str(data_dir), "pages": {}, "errors": {}}
    # As `make run` does: prepare the data (an empty parsed-incident cache, so it reads and cleans the exports, as
    # after a data refresh), then start the server, which loads the prepared frame: the measured cold start.
    cache_dir = data_dir.parent / "parsed-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    out["prepare"] = prepare_data(data_dir, cache_dir, args.timeout)
    log(f"[x{scale}] data prepared (reads the exports once, make prepare) in {out['prepare']['seconds']:.2f} s: "
        f"{out['prepare']['message']}")
    out["spatial_step"] = measure_spatial_step(data_dir, args.timeout)  # the part of prepare that places incidents
    log(f"[x{scale}] {describe_spatial_step(out['spatial_step'])}")
    server = start_server(data_dir, RESULTS_DIR / f"server-GENERATED-x{scale}.log", cache_dir)
    try:
        listening, first_render, client, first = await wait_and_first_run(server, args.timeout)
        await client.close()
        out["cold_start"] = {"listening_s": round(listening, 2), "first_render_s": round(first_render, 2),
                             "rss_after_mb": round(rss_mb(server.pid), 1)}
        log(f"[x{scale}] cold start (server start to first page, data prepared) {first_render:.2f} s "
            f"(listening after {listening:.2f} s)")
        counts = {MAIN_PAGE: dict(first.elements)}
        for page in pages:
            out["pages"][page.path] = {"url_name": page.url_name}
        out["pages"][MAIN_PAGE]["first_run"] = run_record(first)
        # Time left after the cold start: 35% for first runs and new sessions, then 30% of what remains for
        # the memory test, the rest for the session series.
        first_end = time.perf_counter() + 0.35 * (deadline - time.perf_counter()) if deadline is not None else None
        budget = Budget(args.reruns, args.min_reruns, args.series_seconds, first_end)
        for index, page in enumerate(pages):
            try:
                if page.path != MAIN_PAGE:
                    record = await bench_page_first(server, page, args)
                    out["pages"][page.path]["first_run"] = record
                    counts[page.path] = record["elements"]
                if budget.exhausted():
                    out["pages"][page.path]["new_session"] = {"n": 0, "skipped": "time budget used up"}
                    continue
                out["pages"][page.path]["new_session"] = await bench_new_sessions(
                    server, page, args, budget, budget.series_limit(len(pages) - index))
                log(f"[x{scale}] {page.path}: first {out['pages'][page.path]['first_run']['ms']:.0f} ms, new session "
                    f"median {out['pages'][page.path]['new_session']['median_ms']:.0f} ms")
            except (RunError, asyncio.TimeoutError) as error:
                out["errors"][page.path] = str(error)
                log(f"[x{scale}] {page.path}: ERROR {error}")
        if scale in args.search_scales and any(p.url_name == SEARCH_PAGE for p in pages) \
                and SEARCH_PAGE not in {out["pages"][p]["url_name"] for p in out["errors"]}:
            log(f"[x{scale}] worst-case search links on the Incident table ...")
            try:
                out["search_links"] = await bench_search_links(
                    server, args, Budget(SEARCH_SAMPLES, args.min_reruns, args.series_seconds, deadline),
                    args.series_seconds)
                for kind, series in out["search_links"].items():
                    log(f"[x{scale}] search link, {kind}: median {series['median_ms']:.0f} ms, slowest "
                        f"{series['max_ms']:.0f} ms, rows shown {series['rows_shown']}")
            except (RunError, asyncio.TimeoutError) as error:
                out["errors"]["search links"] = str(error)
                log(f"[x{scale}] search links: ERROR {error}")
        if args.validate and scale == min(args.scales):
            log(f"[x{scale}] validating the client against AppTest ...")
            out["validation"] = validate([p for p in pages if p.path not in out["errors"]], counts, data_dir)
        # The heaviest page: slowest new-session median (or first run where the budget skipped new sessions).
        cost = {p: (r["new_session"]["median_ms"] if r.get("new_session", {}).get("n") else r["first_run"]["ms"])
                for p, r in out["pages"].items() if "first_run" in r and p not in out["errors"]}
        if cost and args.sessions:
            heaviest = max(cost, key=cost.get)
            log(f"[x{scale}] memory with {args.sessions} sessions on {heaviest} ...")
            out["memory"] = await bench_memory(
                server, next(p for p in pages if p.path == heaviest), args.sessions, args, cost[heaviest] / 1000,
                max(0.0, deadline - time.perf_counter()) * 0.3 if deadline is not None else None)
        budget = Budget(args.reruns, args.min_reruns, args.series_seconds, deadline)
        for index, page in enumerate(pages):
            if page.path in out["errors"]:
                continue
            if budget.exhausted():
                out["pages"][page.path]["warm"] = {"n": 0, "skipped": "time budget used up"}
                continue
            try:
                out["pages"][page.path].update(await bench_session_series(
                    server, page, args, budget, budget.series_limit(2 * (len(pages) - index))))
                record = out["pages"][page.path]
                log(f"[x{scale}] {page.path}: warm median {record['warm'].get('median_ms', float('nan')):.0f} ms, "
                    f"filter change median {record.get('filter_change', {}).get('median_ms', float('nan')):.0f} ms")
            except (RunError, KeyError, asyncio.TimeoutError) as error:
                out["errors"][page.path] = str(error)
                log(f"[x{scale}] {page.path}: ERROR {error}")
        out["rss_end_mb"] = round(rss_mb(server.pid), 1)
        out["peak_rss_mb"] = round(peak_rss_mb(server.pid), 1)
    finally:
        server.stop()
    out["wall_s"] = round(time.perf_counter() - started, 1)
    return out


# ---- targets and the printed table -------------------------------------------------------------------------------

def page_max_bytes(record: dict) -> int:
    """The most one run of this page sent (first visit or any rerun)."""
    values = [record.get("first_run", {}).get("bytes", 0)]
    for series in ("new_session", "warm", "filter_change"):
        values.append(record.get(series, {}).get("bytes_max", 0))
    return max(values)


def targets(results: dict) -> list[dict]:
    """Each target with its measured value and met / not met (or not measured)."""
    scales = {r["scale"]: r for r in results["scales"]}
    rows = []
    for scale, limit in TARGETS["filter_change_ms"].items():
        res = scales.get(scale)
        values = {p: r["filter_change"]["median_ms"] for p, r in (res or {}).get("pages", {}).items()
                  if r.get("filter_change", {}).get("n")}
        worst = max(values, key=values.get) if values else None
        rows.append({"target": f"warm rerun after a filter change, median < {limit} ms at x{scale}",
                     "measured": f"worst {values[worst]:.0f} ms ({worst})" if worst else "not measured",
                     "met": (values[worst] < limit) if worst else None})
        # The same limit on period changes alone (the heavier kind: every chart is recomputed).
        values = {p: r["filter_change"]["period_change_ms"]["median_ms"] for p, r in (res or {}).get("pages", {}).items()
                  if r.get("filter_change", {}).get("period_change_ms", {}).get("n")}
        worst = max(values, key=values.get) if values else None
        rows.append({"target": f"  same, period changes only, median < {limit} ms at x{scale}",
                     "measured": f"worst {values[worst]:.0f} ms ({worst})" if worst else "not measured",
                     "met": (values[worst] < limit) if worst else None})
    for scale, limit in TARGETS["page_bytes"].items():
        res = scales.get(scale)
        values = {p: page_max_bytes(r) for p, r in (res or {}).get("pages", {}).items() if "first_run" in r}
        worst = max(values, key=values.get) if values else None
        rows.append({"target": f"no page sends > {limit / 1e6:.0f} MB at x{scale}",
                     "measured": f"largest {values[worst] / 1e6:.2f} MB ({worst})" if worst else "not measured",
                     "met": (values[worst] <= limit) if worst else None})
    spatial = scales.get(100, {}).get("spatial_step", {})
    rows.append({"target": f"spatial step < {SPATIAL_TARGET_S:.0f} s at x100 (sea area, country, border zone)",
                 "measured": f"{spatial['seconds']} s" if "seconds" in spatial else "not measured",
                 "met": (spatial["seconds"] < SPATIAL_TARGET_S) if "seconds" in spatial else None})
    for scale, res in sorted(scales.items()):
        per = res.get("memory", {}).get("mb_per_extra_session")
        rows.append({"target": f"each extra session < {TARGETS['mb_per_session']} MB at x{scale}",
                     "measured": f"{per:.1f} MB per extra session" if per is not None else "not measured",
                     "met": (per < TARGETS["mb_per_session"]) if per is not None else None})
    for scale, limit in TARGETS["search_link_ms"].items():
        links = scales.get(scale, {}).get("search_links", {})
        slowest = max((k for k in links if links[k].get("n")), key=lambda k: links[k]["max_ms"], default=None)
        rows.append({"target": f"worst-case search link (Incident table, new session) < {limit / 1000:.0f} s at "
                               f"x{scale}, slowest run",
                     "measured": f"slowest {links[slowest]['max_ms']:.0f} ms ({slowest})" if slowest
                                 else "not measured",
                     "met": (links[slowest]["max_ms"] < limit) if slowest else None})
    for scale, res in sorted(scales.items()):
        cold = res.get("cold_start", {}).get("first_render_s")
        prepared = res.get("prepare", {}).get("seconds")
        rows.append({"target": f"cold start < {TARGETS['cold_start_s']} s at x{scale} (server start to first page, "
                               "data prepared as make run does)",
                     "measured": (f"{cold:.1f} s" if cold is not None else "not measured")
                                 + (f"; preparing the data took {prepared:.1f} s before it" if prepared else ""),
                     "met": (cold < TARGETS["cold_start_s"]) if cold is not None else None})
    return rows


def _ms(series: dict | None) -> str:
    if not series or not series.get("n"):
        return "skipped (budget)" if series and "budget" in series.get("skipped", "") else "-"
    return f"{series['median_ms']:.0f}/{series['p95_ms']:.0f} n={series['n']}"


def _kb(value: int | None) -> str:
    return f"{value / 1000:,.0f}" if value else "-"


def render_table(results: dict) -> str:
    lines = [f"Migrant Smuggling Data Explorer benchmark, {LABEL} data (not real incidents)",
             f"{results['started']}, {results['machine']['cpus']} CPUs, load average at start "
             f"{results['machine']['load_start']}, at end {results['machine'].get('load_end')}; "
             "shared machine, numbers are noisy.",
             f"Budget {results['config']['budget_minutes']} min, up to {results['config']['reruns']} samples per "
             "series (n shows how many fitted). Times in ms as median/p95 (first: one run); kB = 1000 bytes "
             "(first: empty browser cache; warm/filter: median, browser cache kept).", ""]
    header = (f"{'page':<34} {'first':>7} {'new session':>18} {'warm rerun':>18} {'filter change':>18} "
              f"{'kB first':>9} {'kB warm':>8} {'kB filter':>9}")
    for res in results["scales"]:
        cold = res.get("cold_start", {})
        prepared = res.get("prepare", {})
        lines.append(f"== GENERATED x{res['scale']}: {res['rows']:,} rows; data prepared in {prepared.get('seconds', '-')} s "
                     f"(make prepare: reads the exports once per data change; peak {prepared.get('peak_rss_mb', '-')} MB); "
                     f"cold start {cold.get('first_render_s', '-')} s (server start to first page; listening after "
                     f"{cold.get('listening_s', '-')} s); server RSS after first render "
                     f"{cold.get('rss_after_mb', '-')} MB, peak {res.get('peak_rss_mb', '-')} MB; {res['wall_s']} s ==")
        if res.get("spatial_step"):
            lines.append(describe_spatial_step(res["spatial_step"]))
        lines.append(header)
        for path, rec in res["pages"].items():
            first = rec.get("first_run", {})
            lines.append(f"{path:<34} {first.get('ms', 0):>7.0f} {_ms(rec.get('new_session')):>18} "
                         f"{_ms(rec.get('warm')):>18} {_ms(rec.get('filter_change')):>18} "
                         f"{_kb(first.get('bytes')):>9} {_kb(rec.get('warm', {}).get('bytes_median')):>8} "
                         f"{_kb(rec.get('filter_change', {}).get('bytes_median')):>9}")
        for path, error in res.get("errors", {}).items():
            lines.append(f"  ERROR {path}: {error[:200]}")
        memory = res.get("memory")
        if memory:
            steps = ", ".join(f"{s['sessions']} sessions {s['rss_mb']:.0f} MB" for s in memory["steps"])
            concurrency = ", ".join(f"{s['new_sessions']} opened at once: {s['runs_per_s']} runs/s, "
                                    f"median latency {s['latency'].get('median_ms', 0) / 1000:.1f} s"
                                    for s in memory["steps"] if s["new_sessions"] > 1)
            lines.append(f"memory on {memory['page']}: before {memory['rss_before_mb']} MB; {steps}; "
                         f"{memory.get('mb_per_extra_session', '-')} MB per extra session")
            if concurrency:
                lines.append(f"  throughput: {concurrency}")
            for skip in memory.get("skipped", []):
                lines.append(f"  {skip['sessions']} sessions not measured: {skip['reason']}")
        links = res.get("search_links")
        if links:
            lines.append("worst-case search links, Incident table, each a new session with a query never run "
                         "before (ms median/p95, slowest; rows shown):")
            for kind, series in links.items():
                shown = "/".join(f"{r:,}" if r is not None else "?" for r in series["rows_shown"])
                lines.append(f"  {kind:<15} {_ms(series):>18}, slowest {series.get('max_ms', 0):.0f}; rows {shown}; "
                             f"q= of {series['query_chars']:,} characters: {series['what']}"
                             + ("; shortened, with the notice" if series.get("shortened_notice") else ""))
        validation = res.get("validation")
        if validation:
            bad = [p for p, v in validation.items() if not v["ok"]]
            lines.append("client check against AppTest (charts, maps, tables, metrics per page): "
                         + ("all match" if not bad else "MISMATCH on " + ", ".join(bad)))
        lines.append("")
    for scale in results.get("skipped", []):
        lines.append(f"x{scale['scale']} skipped: {scale['reason']}")
    lines.append("Targets:")
    for row in results["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[row["met"]]
        lines.append(f"  [{verdict:^12}] {row['target']}: {row['measured']}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the app on GENERATED data (see bench/README.md).")
    parser.add_argument("--scales", default="1,10,100", help="row multipliers, e.g. 1,10,100")
    parser.add_argument("--reruns", type=int, default=20, help="samples per series (default 20)")
    parser.add_argument("--min-reruns", type=int, default=3, help="fewest samples when a series runs long")
    parser.add_argument("--series-seconds", type=float, default=40.0,
                        help="stop a series after this long once it has --min-reruns samples (0: no limit)")
    parser.add_argument("--budget-minutes", type=float, default=15.0,
                        help="whole-run time budget; series shrink (down to --min-reruns) to fit (0: no budget)")
    parser.add_argument("--sessions", default="1,10,50", help="session counts for the memory test ('' to skip)")
    parser.add_argument("--memory-floor-seconds", type=float, default=150.0,
                        help="the memory test may always use this long, whatever the budget says")
    parser.add_argument("--settle-seconds", type=float, default=2.0, help="wait before reading RSS")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed for one run")
    parser.add_argument("--pages", default="", help="only pages whose path contains one of these (comma-separated)")
    parser.add_argument("--search-scales", default="1",
                        help="scales at which to time the worst-case search links ('' to skip; default 1)")
    parser.add_argument("--no-validate", dest="validate", action="store_false",
                        help="skip the cross-check of the client against AppTest")
    parser.add_argument("--quick", action="store_true", help="x1 only, 5 reruns, sessions 1,5, 5-minute budget")
    parser.add_argument("--output", default=str(RESULTS_DIR / "latest.json"))
    args = parser.parse_args(argv)
    if args.quick:
        args.scales, args.reruns, args.min_reruns, args.sessions, args.budget_minutes = "1", 5, 3, "1,5", 5.0
    args.scales = [int(s) for s in str(args.scales).split(",") if s.strip()]
    args.sessions = [int(s) for s in str(args.sessions).split(",") if s.strip()]
    args.search_scales = [int(s) for s in str(args.search_scales).split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    pages = discover_pages()
    if args.pages:
        wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
        # The cold start always runs the Overview, so it stays in the selection.
        pages = [p for p in pages if p.path == MAIN_PAGE or any(w in p.path for w in wanted)]

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results = {"data": f"{LABEL}: generated by bench/generate.py from the real IOM files; not real incidents",
               "generated": True, "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "load_start": [round(x, 2) for x in os.getloadavg()]},
               "config": {k: v for k, v in vars(args).items()}, "pages": [p.path for p in pages],
               "scales": [], "skipped": []}
    log(f"pages: {', '.join(p.path for p in pages)}")
    end = time.perf_counter() + args.budget_minutes * 60 if args.budget_minutes else None
    weights = {scale: SCALE_WEIGHTS.get(scale, 1 + math.log10(scale)) for scale in args.scales}
    for position, scale in enumerate(args.scales):
        deadline = None
        if end is not None:
            share = weights[scale] / sum(weights[s] for s in args.scales[position:])
            deadline = time.perf_counter() + share * max(0.0, end - time.perf_counter())
        try:
            results["scales"].append(asyncio.run(bench_scale(scale, pages, args, log, deadline)))
            Path(args.output).with_suffix(".partial.json").write_text(json.dumps(results, indent=2, default=str))
        except Exception as error:  # one scale failing must not lose the others
            results["skipped"].append({"scale": scale, "reason": f"{type(error).__name__}: {error}"[:500]})
            log(f"[x{scale}] FAILED: {error}")
    results["machine"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = targets(results)
    table = render_table(results)
    results["table"] = table.splitlines()
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str))
    print(table)
    print(f"\nResults (GENERATED data): {output}")
    return 0 if results["scales"] else 1


if __name__ == "__main__":
    sys.exit(main())
