"""Preparing the data before serving: ``python -m tools.prepare`` (``make prepare``; ``make run`` runs it first).

Reading and cleaning the IOM exports is the slow part of a server's first start.
This command does it once, ahead of time, and keeps the parsed frame in the disk
cache (:mod:`loaders.parsed_cache`: ``$MSDE_CACHE_DIR``, else ``~/.cache/msde``, a
folder only its owner can open), so a server started afterwards serves its
first page from the cache. The cache file is plain Arrow data: loading it runs
no code. It does nothing when the cache already holds the current data. A data file the reader cannot use is reported in the same plain
sentence the app shows, and the command still succeeds, so ``make run`` goes on
to serve the app, which shows the sentence on every page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loaders.errors import DataFileError
from loaders.parsed_cache import cache_dir, folder_problem, incident_inputs, is_cached, parsed_incidents
from loaders.paths import data_dir


def prepare(base: Path) -> str:
    """Make sure the disk cache holds the parsed incidents of ``base``; one sentence saying what was done."""
    started = time.perf_counter()
    try:
        if is_cached(base, incident_inputs(base)[1]):
            return f"The incident data in {base} is already prepared (cache in {cache_dir()})."
        frame = parsed_incidents(base)
    except DataFileError as error:
        return f"The incident data could not be prepared: {error.sentence()} The app will say so on every page."
    read = f"Read {len(frame):,} incidents in {time.perf_counter() - started:.1f} s"
    problem = folder_problem(cache_dir())
    if problem is not None:
        return (f"{read}, but the cache folder {cache_dir()} is not used because {problem}: each server start "
                "will read the exports again. Set MSDE_CACHE_DIR to a folder only this user can write to.")
    if not is_cached(base, incident_inputs(base)[1]):
        return (f"{read}, but the cache folder {cache_dir()} could not be written: each server start will read "
                "the exports again. Set MSDE_CACHE_DIR to a writable folder.")
    return (f"Prepared {len(frame):,} incidents from {base} in {time.perf_counter() - started:.1f} s (cached as plain "
            f"data, no code, in {cache_dir()}).")


def main() -> int:
    print(prepare(data_dir()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
