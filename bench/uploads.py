"""What a session's own upload costs: 20,000 GENERATED incident rows uploaded in a real browser, the time until the
Overview shows them, and the memory that one session's upload adds to the server.

The file is GENERATED FOR BENCHMARKING (bench/generate.py's jittered copies of the real IOM rows, each with its own
Incident ID, cut to 20,000 rows) and its name says so. Headless Chromium drives a live server (``streamlit run
app.py`` on the shipped data, 127.0.0.1 only): it opens the Overview, puts the file into the "Your data" uploader
and waits until the Overview's source line says "your data (uploaded, not verified)" and the run has ended. The
server's resident memory (VmRSS, after a collection settles) is read before the upload, with it, and after "Remove
my data". ``make bench`` runs it; ``python -m bench.uploads`` alone. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROWS = 20_000
RUNS = 3
LOADED_TEXT = "your data (uploaded, not verified)"


def generated_upload(folder: Path) -> Path:
    """A CSV of :data:`ROWS` GENERATED incident rows in IOM's layout (jittered copies of the largest real export)."""
    import pandas as pd

    from bench.generate import generate_file
    from loaders.paths import data_dir
    from loaders.sources import fatality_files

    source = max((s.path for s in fatality_files(data_dir())), key=lambda p: p.stat().st_size)
    whole = folder / "GENERATED-for-benchmarking-copies.csv"
    generate_file(source, whole, scale=2, seed=20261202)
    target = folder / f"GENERATED-FOR-BENCHMARKING-upload-{ROWS}-rows.csv"
    pd.read_csv(whole, dtype=str, keep_default_na=False, nrows=ROWS).to_csv(target, index=False)
    whole.unlink()
    return target


def settled_rss(pid: int) -> float:
    from bench.server import rss_mb

    time.sleep(2.0)
    return rss_mb(pid) or float("nan")


def upload_once(browser, base: str, upload: Path, pid: int) -> dict[str, float]:
    from tests.browser.support import wait_for_app

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    wait_for_app(page)
    before = settled_rss(pid)
    page.get_by_text("Your data", exact=True).first.click()
    started = time.perf_counter()
    page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(str(upload))
    page.get_by_text(LOADED_TEXT, exact=False).first.wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=120_000)
    seconds = time.perf_counter() - started
    with_upload = settled_rss(pid)
    page.get_by_role("button", name="Remove my data").click()
    page.wait_for_function("() => !document.body.innerText.includes('uploaded, not verified')", timeout=60_000)
    after = settled_rss(pid)
    context.close()
    return {"seconds": seconds, "before_mb": before, "with_mb": with_upload, "after_mb": after}


def main() -> int:
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from bench.server import start_server
    from loaders.paths import data_dir
    from tests.browser.support import launch_browser, wait_for_health

    with tempfile.TemporaryDirectory(prefix="msde-bench-GENERATED-upload-") as folder:
        upload = generated_upload(Path(folder))
        server = start_server(data_dir(), Path(folder) / "server.log")
        try:
            wait_for_health(server.base_url, timeout=120)
            with sync_playwright() as playwright:
                browser = launch_browser(playwright)
                runs = [upload_once(browser, server.base_url, upload, server.process.pid) for _ in range(RUNS)]
                browser.close()
        finally:
            server.process.terminate()
            server.process.wait(timeout=20)
    seconds = statistics.median(r["seconds"] for r in runs)
    added = statistics.median(r["with_mb"] - r["before_mb"] for r in runs)
    left = statistics.median(r["after_mb"] - r["before_mb"] for r in runs)
    print(f"\nYour data: {ROWS:,} GENERATED incident rows uploaded in headless Chromium (median of {RUNS})")
    print("| measure | value |")
    print("|---|---|")
    print(f"| upload to Overview shown | {seconds:.2f} s (target < 3 s) |")
    print(f"| server memory one session's upload adds | {added:.0f} MB |")
    print(f"| left after Remove my data | {left:.0f} MB |")
    print("runs: " + "; ".join(f"{r['seconds']:.2f} s, {r['before_mb']:.0f}→{r['with_mb']:.0f}→{r['after_mb']:.0f} MB"
                               for r in runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
