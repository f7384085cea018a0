"""The load test: ``python -m bench.load`` (``make bench``; ``make bench-load`` for a shorter run).

Four scenarios of an audience, each driven by websocket clients that speak Streamlit's protocol
(:mod:`bench.client`), every one through HAProxy (:class:`tools.serve.Cluster`), against 1 replica and against N
replicas (default: the number of cores) in the same run, on GENERATED data at 1x (:mod:`bench.generate`):

1. **A room opens the link**: 100 new sessions arriving evenly over 20 s, spread over the Overview, a briefing
   link and two heavy pages (Trends, Corridor profile). Each is timed from opening its websocket to the end of its
   first run (a complete first view: every element sent); errors; peak memory of the replicas together.
2. **40 at once**: 40 sessions opening the heaviest page (Corridor profile) in the same second.
3. **Working day**: 50 sessions for 3 minutes, each opening a page (one in five a briefing) and changing a filter
   every 5-15 s (a new period window, or a single sub-region). Rerun latency, errors, and the replicas' memory at
   the end against the memory after every session has opened.
4. **A replica dies**: scenario 3 again, and half-way through one replica is killed (SIGKILL). A session whose
   websocket drops reconnects through the proxy (which sends it to a live replica) and reopens its view from its
   URL (its page and query string: filters and briefing included), as Streamlit's frontend does. Counted:
   sessions hit, sessions that recover, and views that come back unchanged (the same texts and kinds of element as
   the last run before the drop: see :func:`view_of`). Only with 2 replicas or more.

Before the scenarios, each replica is warmed up: the scenarios' pages opened once on each, directly (the presenter
tried the link before the room opened it). Traffic goes to 127.0.0.1 only; every scenario is bounded in sessions and seconds. The clients run in this one
process (asyncio): on a 2-core machine they take CPU from the servers, so these are upper bounds on latency.
:func:`run_scenarios` is also used by ``tools/test_deploy.py`` against the compose stack.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Self
from urllib.parse import urlencode

from bench.client import StreamlitClient
from bench.run import RESULTS_DIR, filter_changes, summarise
from bench.server import peak_rss_mb, rss_mb

#: The pages of scenario 1 (URL names): the Overview, and the two heaviest to open (bench/README.md).
HEAVY_PAGES = ("Trends", "Corridor_profile")
#: The heaviest page to open in a new session (the benchmark's memory page).
HEAVIEST_PAGE = "Corridor_profile"
FIRST_QUERY = "from=2023-01&to=2024-12"
#: Element kinds that show nothing by themselves (an ``st.empty`` placeholder).
INVISIBLE = frozenset({"empty"})
#: The pages the sessions of the working day sit on.
DAY_PAGES = ("", "Trends", "Regional_comparison", "Corridor_profile", "Hazards", "Incident_map", "Data_and_sources")


def briefing_query() -> str:
    """A three-view briefing link at its second view (Trends of one sub-region)."""
    from ui.briefing import View, step_query

    views = [View("app.py", "Overview", {"from": ["2024-01"], "to": ["2024-12"]}),
             View("pages/3_Trends.py", "Trends", {"subregion": ["Southern Asia"]}),
             View("pages/1_Data_and_sources.py", "Data and sources", {})]
    return urlencode(step_query(views, 1, presenting=False), doseq=True)


@dataclass
class Target:
    """Where the sessions go: the proxy's URL, the replicas' PIDs (for memory) and how to kill one."""

    url: str
    replicas: int
    pids: Callable[[], list[int]]
    kill_one: Callable[[], None] | None = None
    label: str = ""
    replica_urls: list[str] = field(default_factory=list)  # each replica's own address, for the warm-up


async def warm_up(target: Target, timeout: float) -> None:
    """Open each page the scenarios start on once on each replica directly, as the presenter who tried the link
    before the room did: the scenarios then time a warm server (its shared caches filled), not a cold start."""
    views = [("", FIRST_QUERY), ("", briefing_query()), ("Trends", briefing_query())]
    views += [(page, FIRST_QUERY) for page in (*HEAVY_PAGES, HEAVIEST_PAGE, *DAY_PAGES)]
    for url in target.replica_urls:
        for page, query in dict.fromkeys(views):
            client, _, _ = await open_view(url, page, query, timeout)
            await client.close()


class Memory:
    """Samples the replicas' resident memory (sum of VmRSS) every 0.25 s while running."""

    def __init__(self, target: Target) -> None:
        self.target, self.peak, self._task = target, 0.0, None

    def now(self) -> float:
        return round(sum(rss_mb(pid) or 0 for pid in self.target.pids()), 1)

    def peak_hwm(self) -> float:
        return round(sum(peak_rss_mb(pid) or 0 for pid in self.target.pids()), 1)

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.now())
            await asyncio.sleep(0.25)

    def __enter__(self) -> Self:
        self.peak = self.now()
        self._task = asyncio.get_running_loop().create_task(self._sample())
        return self

    def __exit__(self, *exc: object) -> None:
        self._task.cancel()


def view_of(result) -> tuple:
    """What a viewer sees of a run, to compare a reopened view with the one before: every text (headings,
    markdown such as the filter summary and the briefing's "view 2 of 3", notices) and the kinds of element shown.

    Not the number of each kind: that counts the messages of a run, and a run may send one element twice (the
    share box is an ``st.empty`` filled again once the run has written the URL): two messages, one box. Nor an
    ``st.empty`` left unfilled, which shows nothing."""
    return tuple(result.texts), tuple(sorted(kind for kind, count in result.elements.items()
                                             if count and kind not in INVISIBLE))


def describe_difference(before: tuple, after: tuple) -> str:
    """The first text or element count that differs between two views, for the report."""
    for kind, old, new in (("text", before[0], after[0]), ("elements", before[1], after[1])):
        if old != new:
            gone = [t for t in old if t not in new][:1]
            added = [t for t in new if t not in old][:1]
            return f"{kind}: before {str(gone)[:160]}, after {str(added)[:160]}"
    return ""


async def open_view(url: str, page: str, query: str, timeout: float):
    """A new session opening ``page`` with ``query``; (client, first run, seconds from connect to its end)."""
    started = time.perf_counter()
    client = StreamlitClient(url, timeout=timeout)
    await client.connect()
    try:
        result = await client.run(page_name=page, query_string=query)
    except BaseException:
        await client.close()
        raise
    return client, result, time.perf_counter() - started


async def room(target: Target, sessions: int, over_s: float, timeout: float) -> dict:
    """Scenario 1: ``sessions`` new sessions arriving evenly over ``over_s`` seconds."""
    mix = [("", FIRST_QUERY), ("", briefing_query())] + [(page, FIRST_QUERY) for page in HEAVY_PAGES]
    times: list[float] = []
    errors: list[str] = []

    async def one(index: int) -> None:
        await asyncio.sleep(index * over_s / sessions)
        page, query = mix[index % len(mix)]
        try:
            client, _, seconds = await open_view(target.url, page, query, timeout)
            times.append(seconds)
            await client.close()
        except Exception as error:  # noqa: BLE001 - every failure is counted  # counted, never hidden
            errors.append(f"{page or 'Overview'}: {error!r}"[:200])

    with Memory(target) as memory:
        await asyncio.gather(*(one(i) for i in range(sessions)))
    return {"sessions": sessions, "over_s": over_s, "first_view": summarise(times), "errors": len(errors),
            "error_samples": errors[:5], "peak_rss_mb": memory.peak}


async def burst(target: Target, sessions: int, timeout: float) -> dict:
    """Scenario 2: ``sessions`` sessions opening the heaviest page at the same moment."""
    times: list[float] = []
    errors: list[str] = []

    async def one() -> None:
        try:
            client, _, seconds = await open_view(target.url, HEAVIEST_PAGE, FIRST_QUERY, timeout)
            times.append(seconds)
            await client.close()
        except Exception as error:  # noqa: BLE001 - every failure is counted
            errors.append(repr(error)[:200])

    with Memory(target) as memory:
        await asyncio.gather(*(one() for _ in range(sessions)))
    return {"sessions": sessions, "page": HEAVIEST_PAGE, "first_view": summarise(times), "errors": len(errors),
            "error_samples": errors[:5], "peak_rss_mb": memory.peak}


@dataclass
class Session:
    """One viewer of scenario 3/4: their page and query string (the URL), their last view."""

    page: str
    query: str
    client: StreamlitClient | None = None
    last_view: tuple | None = None
    changes: int = 0
    hit: bool = False
    recovered: bool = False
    unchanged: bool = False
    recovery_s: float | None = None
    difference: str = ""
    rerun_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def working_day(target: Target, sessions: int, seconds: float, timeout: float, *,
                      kill_at: float | None = None, seed: int = 20) -> dict:
    """Scenario 3 (and 4 with ``kill_at``: kill one replica that many seconds after warm-up)."""
    rng = random.Random(seed)
    pages = DAY_PAGES
    people = []
    for i in range(sessions):
        if i % 5 == 4:
            people.append(Session("Trends", briefing_query()))
        else:
            people.append(Session(pages[i % len(pages)], FIRST_QUERY))

    async def start(person: Session) -> None:
        try:
            person.client, result, _ = await open_view(target.url, person.page, person.query, timeout)
            person.last_view, person.query = view_of(result), result.query_string
        except Exception as error:  # noqa: BLE001 - every failure is counted
            person.errors.append(f"open: {error!r}"[:200])

    await asyncio.gather(*(start(p) for p in people))
    warm_rss = Memory(target).now()
    began = time.perf_counter()
    end = began + seconds
    killed_at: list[float] = []

    async def killer() -> None:
        await asyncio.sleep(kill_at)
        killed_at.append(time.perf_counter() - began)
        await asyncio.to_thread(target.kill_one)

    async def reopen(person: Session, cause: str) -> None:
        person.hit = True
        lost = time.perf_counter()
        if person.client is not None:
            with contextlib.suppress(Exception):  # the socket is already gone
                await person.client.close()
        for _ in range(10):  # as the frontend does: retry until a replica answers
            try:
                person.client, result, _ = await open_view(target.url, person.page, person.query, timeout)
            except Exception as error:  # noqa: BLE001 - every failure is counted
                person.errors.append(f"reconnect: {error!r}"[:200])
                await asyncio.sleep(0.5)
                continue
            person.recovered = True
            person.recovery_s = time.perf_counter() - lost
            person.unchanged = view_of(result) == person.last_view
            if not person.unchanged:
                person.difference = describe_difference(person.last_view, view_of(result))
            person.last_view = view_of(result)
            return
        person.errors.append(f"never recovered after {cause}")

    async def live(person: Session) -> None:
        while person.client is not None:
            wait = rng.uniform(5, 15)
            if time.perf_counter() + wait > end:
                return
            await asyncio.sleep(wait)
            try:
                changes = filter_changes(person.client, person.changes)
                result = await person.client.run(widget_states=changes)
            except Exception as error:  # noqa: BLE001 - every failure is counted
                if kill_at is None:
                    person.errors.append(f"rerun on {person.page or 'Overview'}?{person.query[:120]} after a run "
                                         f"showing {list(person.last_view[1]) if person.last_view else '?'}: "
                                         f"{error!r}"[:600])
                    return
                await reopen(person, repr(error)[:80])
                continue
            person.changes += 1
            person.rerun_s.append(result.seconds)
            person.last_view, person.query = view_of(result), result.query_string

    tasks = [live(p) for p in people if p.client is not None]
    with Memory(target) as memory:
        if kill_at is not None:
            tasks.append(killer())
        await asyncio.gather(*tasks)
        end_rss = memory.now()
    for person in people:
        if person.client is not None:
            await person.client.close()
    reruns = [s for p in people for s in p.rerun_s]
    errors = [e for p in people for e in p.errors]
    out = {"sessions": sessions, "seconds": seconds, "reruns": len(reruns), "rerun": summarise(reruns),
           "errors": len(errors), "error_samples": errors[:5], "rss_after_warmup_mb": warm_rss,
           "rss_end_mb": end_rss, "peak_rss_mb": memory.peak,
           "rss_change_pct": round(100 * (end_rss - warm_rss) / warm_rss, 1) if warm_rss else None}
    if kill_at is not None:
        hit = [p for p in people if p.hit]
        out.update({"killed_at_s": round(killed_at[0], 1) if killed_at else None, "sessions_hit": len(hit),
                    "recovered": sum(p.recovered for p in hit), "views_unchanged": sum(p.unchanged for p in hit),
                    "briefings_hit": sum(1 for p in hit if "brief=" in p.query),
                    "recovery": summarise([p.recovery_s for p in hit if p.recovery_s is not None]),
                    "changed_views": [f"{p.page or 'Overview'}?{p.query}: {p.difference}"[:400]
                                      for p in hit if p.recovered and not p.unchanged][:5]})
    return out


@dataclass
class Sizes:
    """How big each scenario is (the issue's figures by default; ``--quick`` shrinks them)."""

    room_sessions: int = 100
    room_over_s: float = 20
    burst_sessions: int = 40
    day_sessions: int = 50
    day_seconds: float = 180


QUICK = Sizes(room_sessions=40, room_over_s=10, burst_sessions=20, day_sessions=20, day_seconds=40)


async def run_scenarios(target: Target, sizes: Sizes, timeout: float, log=print) -> dict:
    """The four scenarios against ``target`` (the fourth only with 2 replicas or more)."""
    out = {"replicas": target.replicas, "label": target.label}
    if target.replica_urls:
        log(f"[{target.label}] warm-up: each scenario's pages opened once on each replica")
        await warm_up(target, timeout)
    log(f"[{target.label}] 1. a room opens the link: {sizes.room_sessions} sessions over {sizes.room_over_s:g} s")
    out["room"] = await room(target, sizes.room_sessions, sizes.room_over_s, timeout)
    log(f"[{target.label}] 2. {sizes.burst_sessions} at once on {HEAVIEST_PAGE}")
    out["burst"] = await burst(target, sizes.burst_sessions, timeout)
    log(f"[{target.label}] 3. working day: {sizes.day_sessions} sessions for {sizes.day_seconds:g} s")
    out["day"] = await working_day(target, sizes.day_sessions, sizes.day_seconds, timeout)
    if target.replicas >= 2 and target.kill_one is not None:
        log(f"[{target.label}] 4. a replica dies half-way through the working day")
        out["dies"] = await working_day(target, sizes.day_sessions, sizes.day_seconds, timeout,
                                        kill_at=sizes.day_seconds / 2)
    else:
        out["dies"] = {"skipped": "needs 2 replicas or more"}
    return out


TARGETS = {"room_p95_s": 3.0, "burst_median_s": 3.0, "day_rss_change_pct": 10.0}


def _s(series: dict, key: str) -> str:
    return f"{series[key] / 1000:.2f}" if series.get("n") else "-"


def render_table(results: list[dict], header: str) -> str:
    """The scenarios side by side, one column per replica count."""
    rows: list[tuple[str, list[str]]] = []

    def row(name: str, cell) -> None:
        values = []
        for r in results:
            try:
                values.append(cell(r))
            except (KeyError, TypeError):
                values.append("n/a")
        rows.append((name, values))

    row("1. room: first view, median / p95 s", lambda r: f"{_s(r['room']['first_view'], 'median_ms')} / "
        f"{_s(r['room']['first_view'], 'p95_ms')}")
    row("1. room: errors", lambda r: str(r["room"]["errors"]))
    row("1. room: peak memory, all replicas, MB", lambda r: f"{r['room']['peak_rss_mb']:.0f}")
    row("2. all at once on the heaviest page: median / p95 s", lambda r: f"{_s(r['burst']['first_view'], 'median_ms')} / "
        f"{_s(r['burst']['first_view'], 'p95_ms')}")
    row("2. all at once: sessions, errors", lambda r: f"{r['burst']['sessions']}, {r['burst']['errors']}")
    row("3. working day: rerun median / p95 s", lambda r: f"{_s(r['day']['rerun'], 'median_ms')} / "
        f"{_s(r['day']['rerun'], 'p95_ms')} (n={r['day']['reruns']})")
    row("3. working day: errors", lambda r: str(r["day"]["errors"]))
    row("3. working day: memory after warm-up -> end, MB", lambda r: f"{r['day']['rss_after_warmup_mb']:.0f} -> "
        f"{r['day']['rss_end_mb']:.0f} ({r['day']['rss_change_pct']:+.1f}%)")
    row("4. a replica dies: sessions hit / recovered / view unchanged",
        lambda r: f"{r['dies']['sessions_hit']} / {r['dies']['recovered']} / {r['dies']['views_unchanged']}"
        f" (briefings hit: {r['dies']['briefings_hit']})")
    row("4. a replica dies: recovery median / max s", lambda r: f"{_s(r['dies']['recovery'], 'median_ms')} / "
        f"{_s(r['dies']['recovery'], 'max_ms')}")
    row("4. a replica dies: errors, reruns median s", lambda r: f"{r['dies']['errors']}, "
        f"{_s(r['dies']['rerun'], 'median_ms')}")
    width = max(len(name) for name, _ in rows)
    columns = [f"{r['replicas']} replica{'s' if r['replicas'] > 1 else ''}" for r in results]
    cell_width = max(24, *(len(v) for _, values in rows for v in values))
    lines = [header, f"{'':{width}}  " + "  ".join(f"{c:>{cell_width}}" for c in columns)]
    lines += [f"{name:{width}}  " + "  ".join(f"{v:>{cell_width}}" for v in values) for name, values in rows]
    return "\n".join(lines)


def verdicts(result: dict) -> list[str]:
    """The issue's targets, for a run with 2 replicas or more."""
    out = []
    room_p95 = result["room"]["first_view"].get("p95_ms", float("inf")) / 1000
    out.append(f"[{'met' if room_p95 <= 3 and result['room']['errors'] == 0 else 'NOT MET'}] room: p95 first "
               f"view <= 3 s and 0 errors: {room_p95:.2f} s, {result['room']['errors']} errors")
    median = result["burst"]["first_view"].get("median_ms", float("inf")) / 1000
    out.append(f"[{'met' if median <= 3 else 'NOT MET'}] {result['burst']['sessions']} at once: median <= 3 s: "
               f"{median:.2f} s")
    day = result["day"]
    ok = day["errors"] == 0 and abs(day["rss_change_pct"] or 0) <= 10
    out.append(f"[{'met' if ok else 'NOT MET'}] working day: 0 errors, memory at the end within 10% of after "
               f"warm-up: {day['errors']} errors, {day['rss_change_pct']:+.1f}%")
    dies = result.get("dies", {})
    if "sessions_hit" in dies:
        ok = dies["sessions_hit"] > 0 and dies["recovered"] == dies["sessions_hit"] == dies["views_unchanged"]
        out.append(f"[{'met' if ok else 'NOT MET'}] a replica dies: every session recovers its view: "
                   f"{dies['recovered']} of {dies['sessions_hit']} recovered, {dies['views_unchanged']} unchanged")
    return out


def cluster_target(cluster, label: str) -> Target:
    def kill_one() -> None:
        cluster.members[-1].kill()

    return Target(cluster.url, len(cluster.members), lambda: [r.pid for r in cluster.members if r.alive()],
                  kill_one, label, [r.url for r in cluster.members])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", default=f"1,{max(2, os.cpu_count() or 1)}",
                        help="replica counts to compare, comma-separated (default %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smaller scenarios ({QUICK.room_sessions} sessions over {QUICK.room_over_s:g} s, "
                             f"{QUICK.burst_sessions} at once, {QUICK.day_sessions} for {QUICK.day_seconds:g} s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one run may take")
    parser.add_argument("--output", default=str(RESULTS_DIR / "load.json"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from bench.generate import LABEL, generate, generated_rows
    from bench.server import prepare_data
    from loaders.parsed_cache import CACHE_ENV
    from loaders.paths import DATA_DIR_ENV
    from tools.serve import Cluster

    args = parse_args(argv)
    sizes = QUICK if args.quick else Sizes()
    counts = [int(c) for c in args.replicas.split(",") if c]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    data_dir = generate(1)
    cache_dir = data_dir.parent / "parsed-cache-load"
    shutil.rmtree(cache_dir, ignore_errors=True)
    prepare_data(data_dir, cache_dir, args.timeout)
    env = {DATA_DIR_ENV: str(data_dir), CACHE_ENV: str(cache_dir), "MSDE_VALIDATE_FIGURES": "0"}
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    results = []
    for count in counts:
        label = f"{count} replica{'s' if count > 1 else ''}"
        with Cluster(replicas=count, host="127.0.0.1", env=env,
                     run_dir=RESULTS_DIR / f"serve-{count}") as cluster:
            results.append(asyncio.run(run_scenarios(cluster_target(cluster, label), sizes, args.timeout, log)))
    header = (f"Load test through HAProxy, {LABEL} data x1 ({generated_rows(data_dir):,} rows); "
              f"{started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average at start {load_start[0]:.2f}, "
              f"at end {os.getloadavg()[0]:.2f}; {'quick sizes' if args.quick else 'full sizes'}; times in s.")
    table = render_table(results, header)
    best = max(results, key=lambda r: r["replicas"])
    lines = [table, "", f"Targets ({best['replicas']} replicas):"] + ["  " + v for v in verdicts(best)]
    print("\n".join(lines))
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"started": started.isoformat(), "generated": True, "sizes": sizes.__dict__,
                                  "results": results, "table": lines}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
