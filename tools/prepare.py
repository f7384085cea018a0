"""Preparing the data before serving: ``python -m tools.prepare`` (``make prepare``; ``make run`` runs it first).

Reading and cleaning the IOM exports is the slow part of a server's first start.
This command does it once, ahead of time, and keeps the parsed frame in the disk
cache (:mod:`loaders.parsed_cache`), so a server started afterwards serves its
first page from the cache. It does nothing when the cache already holds the
current data. A data file the reader cannot use is reported in the same plain
sentence the app shows, and the command still succeeds, so ``make run`` goes on
to serve the app, which shows the sentence on every page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loaders.errors import DataFileError
from loaders.parsed_cache import cache_dir, incident_inputs, is_cached, parsed_incidents
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
    if not is_cached(base, incident_inputs(base)[1]):
        return (f"Read {len(frame):,} incidents in {time.perf_counter() - started:.1f} s, but the cache folder "
                f"{cache_dir()} could not be written: each server start will read the exports again. Set "
                "MSDE_CACHE_DIR to a writable folder.")
    return f"Prepared {len(frame):,} incidents from {base} in {time.perf_counter() - started:.1f} s (cache in {cache_dir()})."


def main() -> int:
    print(prepare(data_dir()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
