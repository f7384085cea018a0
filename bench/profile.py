"""Where a page's script run spends its time: a sampling profile of one page, run in-process with AppTest.

``python -m bench.profile --page pages/2_Incident_map.py --scale 10 [--filter]`` loads the GENERATED data
of that scale (``bench.generate``), runs the page once to warm the caches, then runs it ``--runs`` more
times (with ``--filter``, each after a new 24-month period, as a user would) while a thread samples the
script thread's stack every few milliseconds. It prints, for the app's own functions (app.py, pages/, ui/,
loaders/, charts/), the share of samples in which each was on the stack (inclusive) and in which it was the
innermost app frame (its own code plus the library calls it makes directly), with estimated milliseconds
per run. Python-only sampling: time spent in C without the GIL still lands on the calling frame.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.generate import generate
from loaders.paths import DATA_DIR_ENV, REPO_ROOT

APP_PARTS = ("app.py", "cache.py", "pages", "ui", "loaders", "transforms", "charts")


def _app_frame(filename: str) -> str | None:
    path = Path(filename)
    try:
        relative = path.resolve().relative_to(REPO_ROOT)
    except ValueError:
        return None
    return str(relative) if relative.parts and relative.parts[0] in APP_PARTS else None


class Sampler(threading.Thread):
    """Samples every other thread's Python stack at ``interval`` seconds."""

    def __init__(self, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.samples = 0
        self.inclusive: Counter = Counter()
        self.innermost: Counter = Counter()
        self._stop_event = threading.Event()

    def run(self) -> None:
        own = threading.get_ident()
        main = threading.main_thread().ident
        while not self._stop_event.is_set():
            for ident, frame in sys._current_frames().items():
                if ident in (own, main):
                    continue
                seen, inner = set(), None
                while frame is not None:
                    where = _app_frame(frame.f_code.co_filename)
                    if where:
                        name = f"{where}:{frame.f_code.co_name}"
                        seen.add(name)
                        inner = inner or name
                    frame = frame.f_back
                if seen:
                    self.samples += 1
                    self.inclusive.update(seen)
                    self.innermost[inner] += 1
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def profile_page(page: str, data_dir: Path, runs: int, change_filter: bool, interval: float) -> dict:
    """Profile ``runs`` warm runs of ``page``; return run times and the sampled shares."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    from transforms.periods import month_range

    set_log_level("error")
    os.environ[DATA_DIR_ENV] = str(data_dir)
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=1800)
    if page != "app.py":
        at.switch_page(page)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} raised: {at.exception[0].message}")
    # The slider's options are display labels ("Apr 2014"); its values are month keys ("2014-04"), and a value
    # that is not one is dropped silently, so the keys come from the period the shell is showing.
    filters = at.session_state["filters"] if change_filter else None
    months = list(month_range(filters.period_from, filters.period_to)) if filters is not None else []
    sampler = Sampler(interval)
    sampler.start()
    times = []
    for index in range(runs):
        if months:
            start = (3 + 7 * index) % max(1, len(months) - 25)
            at.sidebar.select_slider(key="w_period").set_value((months[start], months[start + 24]))
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        if months and at.session_state["filters"].period_from != months[start]:
            raise RuntimeError("the period change did not reach the page's filters")
    sampler.stop()
    return {"first_s": first, "times_s": times, "samples": sampler.samples,
            "inclusive": sampler.inclusive, "innermost": sampler.innermost}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="app.py", help="app.py or pages/<file>.py")
    parser.add_argument("--scale", type=int, default=1, help="GENERATED data scale")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--filter", action="store_true", help="change the period before each run")
    parser.add_argument("--interval", type=float, default=0.005)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    result = profile_page(args.page, generate(args.scale), args.runs, args.filter, args.interval)
    per_run = sum(result["times_s"]) / len(result["times_s"]) * 1000
    total = max(1, result["samples"])
    print(f"{args.page} on GENERATED x{args.scale} data: first run {result['first_s']:.2f} s, then "
          f"{len(result['times_s'])} runs{' after a period change' if args.filter else ''}, mean {per_run:.0f} ms "
          f"({total} samples)")
    for title, counter in (("on the stack (inclusive)", result["inclusive"]),
                           ("innermost app frame (own code + direct library calls)", result["innermost"])):
        print(f"\n{title}:")
        for name, count in counter.most_common(args.top):
            print(f"  {count / total:6.1%}  ~{count / total * per_run:7.0f} ms/run  {name}")


if __name__ == "__main__":
    main()
