"""The fonts the app ships (static/fonts/, SIL OFL 1.1), read as bytes for the offline HTML export to embed.

Streamlit serves these files to the browser itself (``.streamlit/config.toml``); only the exported file, which
must open with no network, needs them inline. Pure and Streamlit-free.
"""

from __future__ import annotations

import logging
from pathlib import Path

from loaders.paths import REPO_ROOT

_log = logging.getLogger(__name__)

#: Noto Sans Thai, Thai subset: the weights the export draws (400 for body and chart text, 700 for its headings).
THAI_FONT_FILES = {400: "noto-sans-thai-thai-400-normal.woff2", 700: "noto-sans-thai-thai-700-normal.woff2"}


def thai_font_paths(root: Path | None = None) -> dict[int, Path]:
    """Weight -> the woff2 file of Noto Sans Thai at that weight, under ``root``/static/fonts (the repository's
    by default)."""
    folder = (root or REPO_ROOT) / "static" / "fonts"
    return {weight: folder / name for weight, name in THAI_FONT_FILES.items()}


def read_fonts(paths: dict[int, Path]) -> dict[int, bytes]:
    """Weight -> the font file's bytes. A missing or unreadable file is left out (and logged): the export is then
    drawn in the reader's own fonts, as before, rather than not made at all."""
    fonts = {}
    for weight, path in paths.items():
        try:
            fonts[weight] = path.read_bytes()
        except OSError as error:
            _log.warning("The font file %s cannot be read: %s", path.name, error)
    return fonts
