"""The spatial step's time and peak memory on GENERATED data: ``python -m bench.spatial --scales 1,10,100``.

For each scale, the generated dataset of :mod:`bench.generate` (the real IOM rows replicated, coordinates jittered
by a few kilometres, every file labelled GENERATED) is read by the app's reader, then placed by
:func:`transforms.geography.place_incidents` (sea area, country, border zone, coordinate check) in a child process
of its own, so the measure is the step alone: the wall time of the step, and its peak resident memory above what
the process held before it (Linux: the kernel's high-water mark is reset through ``/proc/self/clear_refs`` just
before the step, then read from ``VmHWM``). ``bench.run`` runs :func:`measure` at each of its scales (``make
bench``); this command runs only this measure. Target: under a minute at 100x.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

#: The target: the spatial step at 100x takes less than this (seconds).
TARGET_SECONDS_100X = 60.0


def _status_kb(field: str) -> int | None:
    """A field of /proc/self/status in kB (VmRSS, VmHWM); None where there is no such file."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux); whether it could."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def step_in_this_process(data_dir: Path) -> dict:
    """Read the generated exports with the app's reader, then time the spatial step and its peak memory."""
    from loaders.countries import name_to_iso3, read_countries, read_country_aliases
    from loaders.fatalities import read_fatalities
    from loaders.geography import country_shapes_path, marine_areas_path, read_country_shapes, read_marine_areas
    from loaders.paths import countries_path, country_aliases_path
    from loaders.sources import fatality_files
    from transforms.geography import place_incidents

    lookup = name_to_iso3(read_countries(countries_path(data_dir)), read_country_aliases(country_aliases_path(data_dir)))
    incidents = read_fatalities([s.path for s in fatality_files(data_dir)], lookup)
    marine, countries = read_marine_areas(marine_areas_path(data_dir)), read_country_shapes(country_shapes_path(data_dir))
    import geopandas  # noqa: F401 - imported before the measure: a server imports it once

    gc.collect()
    before = _status_kb("VmRSS")
    peak_reset = _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    placed = place_incidents(incidents, marine, countries)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _status_kb("VmHWM")
    located = int(incidents["lon"].notna().sum())
    return {"rows": len(placed), "located": located, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_mb": round((peak - before) / 1024, 1) if (peak and before and peak_reset) else None,
            "flagged": int(placed["coordinate_check"].sum()),
            "distinct_points": len(incidents[["lon", "lat"]].dropna().drop_duplicates())}


def measure(data_dir: Path, timeout: float = 900.0) -> dict:
    """:func:`step_in_this_process` in a child process (a fresh interpreter: no memory of earlier scales)."""
    done = subprocess.run([sys.executable, "-m", "bench.spatial", "--child", str(data_dir)], capture_output=True,
                          text=True, timeout=timeout, cwd=Path(__file__).resolve().parent.parent, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe(result: dict) -> str:
    """One line for the benchmark's table."""
    if "error" in result:
        return f"spatial step: ERROR {result['error']}"
    return (f"spatial step (sea area, country, border zone, coordinate check; make prepare): {result['seconds']} s "
            f"({result.get('cpu_seconds', '-')} s of CPU) for "
            f"{result['located']:,} located rows ({result['distinct_points']:,} distinct points), peak "
            f"{result['peak_mb']} MB above the frame read; {result['flagged']:,} rows flagged")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the spatial step on GENERATED data.")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(step_in_this_process(Path(args.child))))
        return 0
    from bench.generate import LABEL, generate

    for scale in [int(s) for s in args.scales.split(",") if s.strip()]:
        result = measure(generate(scale))
        print(f"{LABEL} x{scale}: {describe(result)}", flush=True)
        if scale == 100 and "seconds" in result:
            verdict = "met" if result["seconds"] < TARGET_SECONDS_100X else "NOT MET"
            print(f"  target: under {TARGET_SECONDS_100X:.0f} s at x100: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
