"""A filter change as a viewer feels it: the browser-measured rerun of every page against a floor.

``python -m bench.rerun`` (``make bench`` runs it after :mod:`bench.languages`) starts servers on 127.0.0.1: the
app (``streamlit run app.py`` on the shipped data, as ``make run`` serves it) and the floor (``bench/floor_app.py``:
an empty script with one sidebar selectbox, in its own ``streamlit run``). Headless Chromium (as the browser tests
drive it) opens each page (the Overview and every page of the navigation) and changes the sidebar's region filter
``--changes`` times (12), in ``--rounds`` new tabs (2, of 6 changes each); before each tab of a page, the floor's
selectbox is changed as often, so the floor is measured in the same run and under the same load as the pages.
Two more floors are measured the same way, before the pages (``bench/floor_sidebar.py``, its own ``streamlit run``):
Streamlit drawing the app's filters alone, and the app's whole sidebar (every element ``ui.shell`` draws, in
order), with none of the app's code: how far a page can fall while Streamlit re-sends every element on each run.
With ``--baseline FOLDER`` another checkout of the app (e.g. made by ``git archive <commit>``) is served too and
measured in turn with this one, tab by tab: a before/after on a shared, noisy machine.

What is timed, from the browser's own websocket log (Chrome DevTools Protocol ``Network.webSocketFrameSent`` and
``Network.webSocketFrameReceived``, whose timestamps the browser takes as frames leave and arrive): from the frame
carrying the widget change (the first ``BackMsg`` with ``rerun_script`` after the click) to the last message of
the rerun it causes, the ``ForwardMsg`` whose ``script_finished`` is FINISHED_SUCCESSFULLY (Streamlit sends
nothing of that run after it; it follows the run's last element). If a change causes more than one run (a run cut
short by another, or a second run asked for), the time runs to the ``script_finished`` after which no run is asked
for within ``SETTLE_MS``, and the runs are counted. Each change toggles one region, so that a page's 12 selections
are 12 different region sets (a Gray code: no view the server has worked out before). The table also gives the
ForwardMsgs of a run (median): every element is one, and each costs the server a little whatever it shows.

Prints the median and p90 per page in ms and as a ratio to the floor's median; writes bench/results/rerun.json.
Fails if any request leaves 127.0.0.1. Numbers are of a shared 2-core machine: noisy.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.message import DecodeError

from loaders.paths import REPO_ROOT

RESULTS_DIR = REPO_ROOT / "bench" / "results"
FLOOR_APP = REPO_ROOT / "bench" / "floor_app.py"
SIDEBAR_FLOOR_APP = REPO_ROOT / "bench" / "floor_sidebar.py"
#: Label -> query of the Streamlit-only floors (bench/floor_sidebar.py): the app's filters, then its whole sidebar,
#: drawn by Streamlit with none of the app's code.
STREAMLIT_FLOORS = {"Streamlit alone: the app's filters": "?only=filters",
                    "Streamlit alone: the app's sidebar": ""}
REGION_LABEL = "Region of incident"
FLOOR_LABEL = "Region"
#: The IOM regions the changes toggle: the five with the most dead and missing in the shipped data.
REGIONS = ("Mediterranean", "Northern Africa", "North America", "Southern Asia", "Western Africa")
#: The floor's selectbox options.
FLOOR_OPTIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
#: After a run ends, how long no new run may be asked for before the change counts as done.
SETTLE_MS = 400
CHANGE_TIMEOUT_S = 60


def gray_sets(count: int, names: tuple[str, ...] = REGIONS, start: int = 0) -> list[tuple[str, ...]]:
    """``count`` non-empty sets of a reflected Gray code over ``names``, from the ``start``-th: each differs from
    the one before by one name (one toggle, one widget change), and none repeats."""
    sets = []
    for index in range(1, 2 ** len(names)):
        code = index ^ (index >> 1)
        sets.append(tuple(name for bit, name in enumerate(names) if code >> bit & 1))
    return sets[start:start + count]


@dataclass
class FrameLog:
    """The websocket frames one tab sent and received, with the browser's timestamps (seconds)."""

    sent: list[float] = field(default_factory=list)  # rerun_script requests
    finished: list[tuple[float, int]] = field(default_factory=list)  # (time, ScriptFinishedStatus)
    received: list[float] = field(default_factory=list)  # every ForwardMsg

    def on_sent(self, event: dict) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        response = event.get("response", {})
        if response.get("opcode") != 2:
            return
        try:
            msg = BackMsg.FromString(base64.b64decode(response.get("payloadData", "")))
        except (DecodeError, ValueError):  # not a BackMsg we can read: not a rerun request
            return
        if msg.WhichOneof("type") == "rerun_script":
            self.sent.append(event["timestamp"])

    def on_received(self, event: dict) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        response = event.get("response", {})
        if response.get("opcode") != 2:
            return
        self.received.append(event["timestamp"])
        try:
            msg = ForwardMsg.FromString(base64.b64decode(response.get("payloadData", "")))
        except (DecodeError, ValueError):  # a large element frame cut short by the log: never a script_finished
            return
        if msg.WhichOneof("type") == "script_finished":
            self.finished.append((event["timestamp"], msg.script_finished))


def spawn(script: Path, port: int, log_path: Path, folder: Path = REPO_ROOT) -> subprocess.Popen:
    """``streamlit run script`` on 127.0.0.1:``port`` from ``folder`` (its .streamlit/config.toml applies)."""
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        return subprocess.Popen(command, cwd=folder, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(process: subprocess.Popen, base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server at {base} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {base} did not answer in {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_change(page, log: FrameLog, sent_before: int) -> tuple[float, int, int, int]:
    """Wait for the rerun(s) a change caused; return (seconds from its first rerun_script to the last
    script_finished, runs asked for, runs finished successfully, ForwardMsgs received in between)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    success = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    while time.monotonic() < deadline:
        page.wait_for_timeout(20)
        if len(log.sent) <= sent_before:
            continue
        start = log.sent[sent_before]
        last_sent = log.sent[-1]
        done = [(ts, status) for ts, status in log.finished if ts >= last_sent]
        if done and done[-1][1] == success:
            # Settled: no new run asked for during SETTLE_MS after the last one finished.
            count = len(log.sent)
            page.wait_for_timeout(SETTLE_MS)
            if len(log.sent) != count:
                continue
            runs = [ts for ts, status in log.finished if ts >= start and status == success]
            end = done[-1][0]
            messages = sum(1 for ts in log.received if start <= ts <= end)
            return end - start, len(log.sent) - sent_before, len(runs), messages
    raise TimeoutError("no rerun finished after the change")


def _open(browser, url: str):
    from tests.browser.support import is_local, wait_for_app

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log = FrameLog()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameSent", log.on_sent)
    cdp.on("Network.webSocketFrameReceived", log.on_received)
    page.goto(url)
    wait_for_app(page) if "floor" not in url else page.wait_for_selector(
        "[data-testid='stSidebar'] [data-testid='stSelectbox']", timeout=60000)
    page.wait_for_timeout(500)
    outside = [u for u in requests if not is_local(u)]
    if outside:
        raise RuntimeError(f"requests left the machine: {outside[:3]}")
    return context, page, log, requests


def measure_page(browser, url: str, changes: int, start: int = 0) -> dict:
    """Open ``url`` in a new tab and toggle one region of the sidebar's region filter ``changes`` times (the
    region sets of :func:`gray_sets` from the ``start``-th, so later rounds ask for views not seen before)."""
    from tests.browser.support import is_local

    context, page, log, requests = _open(browser, url)
    try:
        box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=REGION_LABEL)
        chosen: tuple[str, ...] = ()
        times, runs, finished, messages = [], [], [], []
        sets = gray_sets(changes, start=start)
        if start:  # reach the round's first set from none: untimed changes
            sets = [sets[0][:k] for k in range(1, len(sets[0]))] + sets
        for index, wanted in enumerate(sets):
            sent_before = len(log.sent)
            added = [name for name in wanted if name not in chosen]
            if added:
                box.locator("input").first.click()
                page.keyboard.type(added[0])
                page.get_by_role("option", name=added[0], exact=True).click()
            else:
                removed = next(name for name in chosen if name not in wanted)
                box.locator("[data-tag]").filter(has_text=removed).locator("[aria-label^='Remove']").first.click()
            seconds, asked, done, count = _wait_change(page, log, sent_before)
            page.keyboard.press("Escape")
            chosen = wanted
            if index >= len(sets) - changes:
                times.append(seconds)
                runs.append(asked)
                finished.append(done)
                messages.append(count)
            page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidget']\")",
                                   timeout=CHANGE_TIMEOUT_S * 1000)
        shown = sorted(box.locator("[data-tag]").all_inner_texts())
        if [s.strip() for s in shown] != sorted(chosen):
            raise RuntimeError(f"the filter shows {shown}, expected {sorted(chosen)}")
        if page.locator("[data-testid='stException']").count():
            raise RuntimeError("the page shows an exception")
        outside = [u for u in requests if not is_local(u)]
        if outside:
            raise RuntimeError(f"requests left the machine: {outside[:3]}")
        return {"samples_ms": [round(t * 1000, 1) for t in times], "runs_asked": runs, "runs_finished": finished,
                "messages": messages}
    finally:
        context.close()


def measure_floor(browser, url: str, changes: int) -> dict:
    """The floor: change the selectbox ``changes`` times, each to another value."""
    from tests.browser.support import is_local

    context, page, log, requests = _open(browser, url)
    try:
        box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
        times, runs, finished, messages = [], [], [], []
        for index in range(changes):
            wanted = FLOOR_OPTIONS[index % len(FLOOR_OPTIONS)]
            sent_before = len(log.sent)
            box.click()
            page.get_by_role("option", name=wanted, exact=True).click()
            seconds, asked, done, count = _wait_change(page, log, sent_before)
            times.append(seconds)
            runs.append(asked)
            finished.append(done)
            messages.append(count)
        outside = [u for u in requests if not is_local(u)]
        if outside:
            raise RuntimeError(f"requests left the machine: {outside[:3]}")
        return {"samples_ms": [round(t * 1000, 1) for t in times], "runs_asked": runs, "runs_finished": finished,
                "messages": messages}
    finally:
        context.close()


def summary(result: dict) -> dict:
    samples = sorted(result["samples_ms"])
    p90 = samples[min(len(samples) - 1, max(0, -(-9 * len(samples) // 10) - 1))]
    return {**result, "n": len(samples), "median_ms": round(statistics.median(samples), 1), "p90_ms": p90}


def page_urls(only: list[str] | None) -> list[tuple[str, str]]:
    """(label, URL path) of the Overview and every page in the navigation whose file exists."""
    from bench.run import discover_pages
    from ui.shell import PAGES

    found = []
    for page in discover_pages():
        label = PAGES.get(page.path, page.url_name)
        if only and label not in only and page.path not in only:
            continue
        found.append((label, "/" + page.url_name))
    return found


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from bench.server import free_port
    from tests.browser.support import launch_browser

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=12, help="region filter changes per page (median of these)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="split each page's changes into this many tabs, taken in turn with the floor (and the "
                             "baseline), so a change in the machine's load falls on all of them")
    parser.add_argument("--page", action="append", help="only this page (label or path); repeatable")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout of the app (e.g. from `git worktree add` or `git archive`), measured "
                             "in the same run, interleaved: a before/after on a shared machine")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "rerun.json")
    args = parser.parse_args(argv)
    if args.changes > 2 ** len(REGIONS) - 1:
        parser.error(f"at most {2 ** len(REGIONS) - 1} changes (distinct region sets)")
    if args.rounds < 1 or args.changes % args.rounds:
        parser.error("--changes must be a multiple of --rounds")
    per_round = args.changes // args.rounds
    pages = page_urls(args.page)
    folders = {"this checkout": REPO_ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    ports = {name: free_port() for name in folders}
    floor_port = free_port()
    servers = {name: spawn(folder / "app.py", ports[name], RESULTS_DIR / f"rerun-{ports[name]}.log", folder)
               for name, folder in folders.items()}
    floor = spawn(FLOOR_APP, floor_port, RESULTS_DIR / "rerun-floor.log")
    floor_url = f"http://127.0.0.1:{floor_port}/?floor=1"
    sidebar_port = free_port()
    sidebar_floor = spawn(SIDEBAR_FLOOR_APP, sidebar_port, RESULTS_DIR / "rerun-floor-sidebar.log")
    samples: dict[str, dict[str, dict]] = {name: {} for name in folders}
    floor_samples: dict = _no_samples()
    streamlit_samples: dict[str, dict] = {}
    try:
        for name, server in servers.items():
            wait_healthy(server, f"http://127.0.0.1:{ports[name]}")
        wait_healthy(floor, f"http://127.0.0.1:{floor_port}")
        wait_healthy(sidebar_floor, f"http://127.0.0.1:{sidebar_port}")
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            try:
                # Warm each server once (first script run, data loading, the browser's own caches) before timing.
                for url in [floor_url, f"http://127.0.0.1:{sidebar_port}/",
                            *(f"http://127.0.0.1:{port}/" for port in ports.values())]:
                    context, *_ = _open(browser, url)
                    context.close()
                # The Streamlit-only floors, each round after the floor, as the pages are measured.
                for round_index in range(args.rounds):
                    _extend(floor_samples, measure_floor(browser, floor_url, per_round))
                    for label, query in STREAMLIT_FLOORS.items():
                        result = measure_page(browser, f"http://127.0.0.1:{sidebar_port}/{query}", per_round,
                                              start=round_index * per_round)
                        _extend(streamlit_samples.setdefault(label, _no_samples()), result)
                for label, path in pages:
                    for round_index in range(args.rounds):
                        _extend(floor_samples, measure_floor(browser, floor_url, per_round))
                        # Each round in the other order (ABBA): neither checkout always comes right after the floor.
                        for name in (list(folders) if round_index % 2 == 0 else list(folders)[::-1]):
                            result = measure_page(browser, f"http://127.0.0.1:{ports[name]}{path}", per_round,
                                                  start=round_index * per_round)
                            _extend(samples[name].setdefault(label, _no_samples()), result)
                    print(f"  {label}: " + ", ".join(f"{name} {statistics.median(samples[name][label]['samples_ms']):.0f} ms"
                                                     for name in folders), file=sys.stderr, flush=True)
            finally:
                browser.close()
    finally:
        for server in servers.values():
            stop(server)
        stop(floor)
        stop(sidebar_floor)
    floor_row = summary(floor_samples)
    streamlit_rows = {label: summary(result) for label, result in streamlit_samples.items()}
    floor_ms = floor_row["median_ms"]
    rows = {name: {label: summary(result) for label, result in by_page.items()} for name, by_page in samples.items()}
    print(f"\nRerun after a region filter change, browser-measured: from the websocket frame carrying the change to "
          f"the script_finished message (headless Chromium, shipped data, median of {args.changes} changes per page "
          f"in {args.rounds} tabs; floor: an empty script with one sidebar selectbox, median of "
          f"{floor_row['n']} changes taken between the pages; \"Streamlit alone\": bench/floor_sidebar.py, the app's "
          f"filters or its whole sidebar drawn by Streamlit with none of the app's code)")
    names = list(folders)
    print("| page | " + " | ".join(f"{name}: median (p90) | ratio | messages" for name in names) + " |")
    print("|---|" + "---|---|---|" * len(names))
    print(f"| floor | {floor_ms:.0f} ms ({floor_row['p90_ms']:.0f}) | 1.0x | {statistics.median(floor_row['messages']):.0f}"
          + " | | | " * (len(names) - 1) + " |")
    for label, row in streamlit_rows.items():
        print(f"| {label} | {row['median_ms']:.0f} ms ({row['p90_ms']:.0f}) | {row['median_ms'] / floor_ms:.1f}x | "
              f"{statistics.median(row['messages']):.0f}" + " | | | " * (len(names) - 1) + " |")
    for label, _path in pages:
        cells = [f"{rows[name][label]['median_ms']:.0f} ms ({rows[name][label]['p90_ms']:.0f}) | "
                 f"{rows[name][label]['median_ms'] / floor_ms:.1f}x | {statistics.median(rows[name][label]['messages']):.0f}"
                 for name in names]
        print(f"| {label} | " + " | ".join(cells) + " |")
    several = {f"{name}: {label}" for name in names for label, row in rows[name].items() if max(row["runs_asked"]) > 1}
    if several:
        print(f"Changes that asked for more than one run: {', '.join(sorted(several))}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"floor": floor_row, "streamlit_floors": streamlit_rows, "changes": args.changes,
                                       "rounds": args.rounds,
                                       "folders": {name: str(folder) for name, folder in folders.items()},
                                       "pages": rows}, indent=1))
    return 0


#: What each measurement returns, a list per change.
SAMPLE_KEYS = ("samples_ms", "runs_asked", "runs_finished", "messages")


def _no_samples() -> dict[str, list]:
    return {key: [] for key in SAMPLE_KEYS}


def _extend(into: dict, result: dict) -> None:
    for key in SAMPLE_KEYS:
        into[key].extend(result[key])


if __name__ == "__main__":
    raise SystemExit(main())
