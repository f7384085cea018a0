"""Where the shipped data lives.

The data folder defaults to ``data/`` beside ``app.py``; the environment
variable ``MSDE_DATA_DIR`` points the whole app at another folder (used by the
tests for broken files and by ``bench/`` for generated, larger data).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DATA_DIR_ENV = "MSDE_DATA_DIR"


def data_dir() -> Path:
    """The data folder in force: ``$MSDE_DATA_DIR`` if set, else ``data/``."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else DEFAULT_DATA_DIR


def fatalities_dir(root: Path | None = None) -> Path:
    """The folder holding IOM Missing Migrants exports."""
    return (root or data_dir()) / "iom_mmp"


def countries_path(root: Path | None = None) -> Path:
    """The M49 country reference table."""
    return (root or data_dir()) / "reference" / "countrynames_m49.csv"


def country_aliases_path(root: Path | None = None) -> Path:
    """The table mapping IOM's country spellings to ISO3 codes."""
    return (root or data_dir()) / "reference" / "country_name_aliases.csv"
