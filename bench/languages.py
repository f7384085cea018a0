"""What a language costs a page run: the warm run time of four pages in English, French and Thai (Streamlit's
AppTest, in-process, on the shipped data; median of 5 runs after 2 warm-ups), and the cost of one translated
message with a placeholder. ``make bench`` runs it after :mod:`bench.run`; ``python -m bench.languages`` alone.

Prints numbers; asserts nothing (tests check behaviour, this measures).
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ("app.py", "pages/3_Trends.py", "pages/8_Corridor_profile.py", "pages/1_Data_and_sources.py")
LANGUAGES = ("en", "fr", "th")
WARM, RUNS = 2, 5


def page_ms(page: str, lang: str) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    if page != "app.py":
        at.switch_page(page)
    at.run()
    if at.exception:
        raise RuntimeError(f"{page} in {lang} failed: {at.exception[0].value}")
    times = []
    for _ in range(WARM + RUNS):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times[WARM:]) * 1000


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("MSDE_VALIDATE_FIGURES", "0")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print("\nLanguages: warm page run (AppTest, in-process, shipped data, median of 5)")
    print("| page | " + " | ".join(LANGUAGES) + " |")
    print("|---|" + "---|" * len(LANGUAGES))
    for page in PAGES:
        print(f"| {page} | " + " | ".join(f"{page_ms(page, lang):.0f} ms" for lang in LANGUAGES) + " |")
    import i18n

    i18n.use_language("fr")
    count = 100_000
    start = time.perf_counter()
    for _ in range(count):
        i18n._("{count} dead and missing", count="12")
    print(f"one translated message with a placeholder: {(time.perf_counter() - start) / count * 1e6:.2f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
