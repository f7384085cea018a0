"""What reading an uploaded incident file costs (issue 18): 20,000 GENERATED incident rows (jittered copies of the
real rows, with their own IDs, by :func:`bench.generate.generate_file`) read by ``loaders.uploads.read_upload``
from bytes in memory, then put beside the public incidents by ``loaders.fatalities.combine_incidents``; wall and
CPU time (median of 5 runs after 1 warm-up) and the memory the two frames hold (pandas' deep size), which is
what one session with that upload keeps. ``make bench`` runs it after :mod:`bench.languages`;
``python -m bench.upload_read`` alone. The page itself (upload widget, Overview) is timed by :mod:`bench.uploads`.

Prints numbers; asserts nothing (tests check behaviour, this measures).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROWS = 20_000
WARM, RUNS = 1, 5
MB = 1024 * 1024


def generated_upload(rows: int = ROWS) -> bytes:
    """``rows`` GENERATED incident rows in the IOM 2025 layout, as the bytes of a CSV upload."""
    import pandas as pd

    from bench.generate import DEFAULT_SEED, generate_file
    from loaders.paths import fatalities_dir

    source = fatalities_dir(REPO / "data") / "Missing_Migrants_Global_Figures_allData.csv"
    with tempfile.TemporaryDirectory(prefix="msde-bench-GENERATED-upload-") as folder:
        target = Path(folder) / "GENERATED-x2-upload.csv"
        generate_file(source, target, 2, DEFAULT_SEED)
        frame = pd.read_csv(target, dtype=str, keep_default_na=False, nrows=rows)
    return frame.to_csv(index=False).encode("utf-8")


def main() -> int:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from loaders.countries import name_to_iso3, read_countries, read_country_aliases
    from loaders.fatalities import combine_incidents, read_fatalities
    from loaders.paths import countries_path, country_aliases_path
    from loaders.sources import fatality_files
    from loaders.uploads import read_upload

    data = generated_upload()
    countries = read_countries(countries_path(REPO / "data"))
    public = read_fatalities([s.path for s in fatality_files(REPO / "data")],
                             name_to_iso3(countries, read_country_aliases(country_aliases_path(REPO / "data"))))
    timings: dict[str, list[float]] = {"read wall": [], "read cpu": [], "combine wall": []}
    for run in range(WARM + RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        upload = read_upload("GENERATED-upload.csv", data, countries=countries)
        read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall = time.perf_counter()
        combined = combine_incidents([public, upload.frame])
        combine_wall = time.perf_counter() - wall
        if run >= WARM:
            timings["read wall"].append(read_wall)
            timings["read cpu"].append(read_cpu)
            timings["combine wall"].append(combine_wall)
    print(f"Upload of {len(upload.frame):,} GENERATED incident rows ({len(data) / MB:.1f} MB CSV), "
          f"median of {RUNS} runs:")
    for label, values in timings.items():
        print(f"  {label:<14} {statistics.median(values) * 1000:8.0f} ms")
    upload_mb = upload.frame.memory_usage(deep=True).sum() / MB
    combined_mb = combined.memory_usage(deep=True).sum() / MB
    print(f"  memory: uploaded frame {upload_mb:.1f} MB, public + uploaded frame {combined_mb:.1f} MB "
          f"(one session holding both: {upload_mb + combined_mb:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
