"""Preparing the data before serving: ``python -m loaders.prepare`` (``make prepare``; ``make run`` runs it first).

Reading and cleaning the IOM exports is the slow part of a server's first start
(about 2 s for the shipped data, half a minute at 100 times the rows). This
command does it once, ahead of time, and keeps the parsed frame in the disk
cache (:mod:`loaders.parsed_cache`), so a server started afterwards serves its
first page from the cache in a second or two. It does nothing when the cache
already holds the current data; after a data refresh, it reads the new exports.

The server itself never depends on it: it reads the exports on its own whenever
the cache does not hold them (e.g. a file replaced while it runs). A data file
the reader cannot use is reported in the same plain sentence the app shows, and
the command still succeeds, so ``make run`` goes on to serve the app, which
shows the sentence on every page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from loaders.catalogue import fatality_files
from loaders.countries import name_to_iso3, read_countries, read_country_aliases
from loaders.errors import DataFileError
from loaders.fatalities import read_fatalities
from loaders.metadata import sidecar_path
from loaders.parsed_cache import cache_dir, is_cached, load_or_build
from loaders.paths import countries_path, country_aliases_path, data_dir


def incident_inputs(base: Path) -> tuple[list[Path], list[Path]]:
    """The IOM exports in ``base``, and every file the parsed incident frame depends on (the cache key)."""
    exports = [source.path for source in fatality_files(base)]
    inputs = [*exports, *(p for p in map(sidecar_path, exports) if p.exists()), countries_path(base),
              country_aliases_path(base)]
    return exports, inputs


def parsed_incidents(base: Path, countries: pd.DataFrame | None = None, background: bool = False) -> pd.DataFrame:
    """The cleaned incident frame of the data folder ``base``: from the disk cache, else read and cached.

    ``countries``: the country reference when the caller has it read already. ``background``: see
    :func:`loaders.parsed_cache.load_or_build`. Raises :class:`DataFileError` for a file the reader cannot use.
    """
    exports, inputs = incident_inputs(base)

    def read() -> pd.DataFrame:
        reference = countries if countries is not None else read_countries(countries_path(base))
        return read_fatalities(exports, name_to_iso3(reference, read_country_aliases(country_aliases_path(base))))

    return load_or_build(base, inputs, read, background=background)


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
