"""Shared pytest fixtures: paths to the shipped data and to the small real fixtures; and each test's marker
(``unit``, ``pages`` or ``browser``, registered in pytest.ini) taken from the folder it lives in."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The parsed-incident disk cache of this test run starts empty and never touches the user's own cache;
# servers the browser tests start inherit it.
os.environ["MSDE_CACHE_DIR"] = tempfile.mkdtemp(prefix="msde-test-cache-")
# Every figure the tests build (page AppTests too: they run in-process) is checked by plotly, so a misspelt
# property fails a test; the app builds them unchecked (charts.serialise.VALIDATE_FIGURES). Set before charts is imported.
os.environ.setdefault("MSDE_VALIDATE_FIGURES", "1")

FIXTURES = REPO / "tests" / "fixtures"
DATA = REPO / "data"
#: The test folders, each the name of the marker its tests carry.
TEST_FOLDERS = ("unit", "pages", "browser")


def pytest_collection_modifyitems(config, items):
    """Mark every test by its folder: tests/unit/... is ``unit``, tests/pages/... ``pages``, tests/browser/...
    ``browser``; a test anywhere else is an error, so ``-m "not browser"`` can never pick up a stray one."""
    for item in items:
        folder = item.path.resolve().parent
        if folder.parent != REPO / "tests" or folder.name not in TEST_FOLDERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live in tests/unit, tests/pages or tests/browser")
        item.add_marker(getattr(pytest.mark, folder.name))


@pytest.fixture(scope="session")
def name_lookup():
    from loaders.countries import name_to_iso3, read_countries, read_country_aliases
    from loaders.paths import countries_path, country_aliases_path

    return name_to_iso3(read_countries(countries_path(DATA)), read_country_aliases(country_aliases_path(DATA)))


@pytest.fixture(scope="session")
def incidents(name_lookup):
    """The full shipped incident data, as the app loads it: read, then placed by the spatial step."""
    from loaders.fatalities import read_fatalities
    from loaders.geography import read_country_shapes, read_marine_areas
    from loaders.sources import fatality_files
    from transforms.geography import place_incidents

    read = read_fatalities([s.path for s in fatality_files(DATA)], name_lookup)
    return place_incidents(read, read_marine_areas(DATA / "geography" / "ne_50m_geography_marine_polys.geojson"),
                           read_country_shapes(DATA / "geography" / "ne_50m_admin_0_countries.geojson"))


@pytest.fixture(scope="session")
def options(incidents):
    from transforms.filters import filter_options

    return filter_options(incidents)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (the system one where found) for real-browser tests."""
    from playwright.sync_api import sync_playwright

    from tests.browser.support import launch_browser

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def data_version_looked_at_every_call(monkeypatch):
    """Tests replace data files and read them again at once: the cache looks at the data folder on every call
    (the app looks at most once a second, cache.VERSION_CHECK_SECONDS)."""
    import cache

    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """Every test starts and ends in English: a test that switches language (``i18n.use_language``) in this
    process cannot leak it into the next."""
    from i18n import DEFAULT_LANGUAGE, use_language

    use_language(DEFAULT_LANGUAGE)
    yield
    use_language(DEFAULT_LANGUAGE)
