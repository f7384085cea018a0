"""Preparing the data before serving: ``python -m tools.prepare`` (``make prepare``; ``make run`` runs it first).

Reading and cleaning the IOM exports, and placing every incident in a sea area, a
country and a border zone (the spatial step, :mod:`transforms.geography`), is the slow
part of a server's first start. This command does it once, ahead of time, and keeps the parsed frame in the disk
cache (:mod:`loaders.parsed_cache`: ``$MSDE_CACHE_DIR``, else ``~/.cache/msde``, a
folder only its owner can open), so a server started afterwards serves its
first page from the cache. The cache file is plain Arrow data: loading it runs
no code. It does nothing when the cache already holds the
current data. An export the reader cannot use is left out and reported in the
same plain sentence the app shows, and the command still succeeds, so ``make run``
goes on to serve the app, which names the file on every page. Messages name
files, never folders (the cache by its setting, such as ``$MSDE_CACHE_DIR``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loaders.geography import spatial_step
from loaders.parsed_cache import (
    CACHE_ENV,
    cache_dir,
    cache_location,
    folder_problem,
    incident_data,
    incident_inputs,
    is_cached,
)
from loaders.paths import data_dir
from loaders.sources import scan_fatality_files
from transforms.geography import place_incidents


def prepare(base: Path) -> str:
    """Make sure the disk cache holds the parsed incidents of ``base``; one sentence saying what was done."""
    started = time.perf_counter()
    step = spatial_step(base, place_incidents)
    if not scan_fatality_files(base)[1] and is_cached(base, incident_inputs(base, step)[1]):
        return "The incident data is already prepared."
    data = incident_data(base, step=step)
    problems = " ".join(error.sentence() for error in data.problems)
    if data.frame is None:
        return f"The incident data could not be prepared: {problems} The app will say so on every page."
    read = f"Read {len(data.frame):,} incidents in {time.perf_counter() - started:.1f} s"
    if data.problems:
        return (f"{read}, leaving out what cannot be used: {problems} Nothing is cached until every export can be "
                "read: until then each server start reads the exports again, and every page names the file.")
    problem = folder_problem(cache_dir())
    if problem is not None:
        return (f"{read}, but the cache folder ({cache_location()}) is not used because {problem}: each server "
                f"start will read the exports again. Set {CACHE_ENV} to a folder only this user can write to.")
    if not is_cached(base, incident_inputs(base, step)[1]):
        return (f"{read}, but the cache folder could not be written: each server start will read the exports "
                f"again. Set {CACHE_ENV} to a writable folder.")
    return (f"Prepared {len(data.frame):,} incidents in {time.perf_counter() - started:.1f} s (cached as plain "
            f"data, no code, in {cache_location()}).")


def main() -> int:
    print(prepare(data_dir()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
