"""Source lines: the attribution printed under every figure, built from the data files' sidecars.

Each line is one sentence in the reader's language; producers, licences and a sidecar's own text (a crossing
series' span) stay as published, dates are written per locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from i18n import _, format_date
from loaders.sources import SourceFile
from transforms.text import join_values


def sidecar_day(value: object) -> str:
    """A sidecar's date ("2025-04-29", or a date) as the reader's language writes it ("29 April 2025"); "date
    unknown" when absent; any other text as it is."""
    import pandas as pd

    if not value:
        return _("date unknown")
    try:
        return format_date(pd.Timestamp(str(value)))
    except (ValueError, TypeError):
        return str(value)


def fatality_source_line(sources: list[SourceFile]) -> str:
    """The source line under every fatality chart, built from the sidecars.

    E.g. "Source: IOM Missing Migrants Project (CC BY 4.0), data to 29 April 2025 and 3 May 2026. Minimum
    estimates."
    """
    if not sources:
        return _("Source: none loaded.")
    producers = list(dict.fromkeys(s.producer for s in sources))
    licences = list(dict.fromkeys(s.licence for s in sources))
    dates = [sidecar_day(s.meta.get("data_to")) for s in sources]
    # Translators: {producers} and {licences} are as published (comma-separated); {dates} lists the dates the
    # data runs to (one per export).
    return _("Source: {producers} ({licences}), data to {dates}. Minimum estimates.",
             producers=", ".join(producers), licences=", ".join(licences), dates=join_values(dates))


def with_uploaded_source(source_line: str, source: str) -> str:
    """The source line of a view that shows a session's own uploaded incidents: ``source`` is "mine" (only the
    upload) or "both" (the public data's ``source_line`` and the upload)."""
    if source == "mine":
        return _("Source: your data (uploaded, not verified).")
    if source == "both":
        # Translators: {public_source} is the public data's whole source line, e.g. "Source: IOM Missing Migrants
        # Project (CC BY 4.0), data to 3 May 2026. Minimum estimates."
        return _("{public_source} Also your data (uploaded, not verified).", public_source=source_line)
    return source_line


def flow_source_line(meta: Mapping[str, Any]) -> str:
    """The source line of a crossing series, from its sidecar: e.g. "Source: Frontex, via IOM GDI (licence not
    verified), data April 2015 to April 2025." (the span as the sidecar writes it)."""
    span = str(meta.get("data_span", "") or "").strip()
    if not span:
        return _("Source: {publisher} ({licence}).", publisher=meta["publisher"], licence=meta["licence"])
    # Translators: {span} is the period the data covers, as the data's publisher writes it (in English).
    return _("Source: {publisher} ({licence}), data {span}.", publisher=meta["publisher"], licence=meta["licence"],
             span=span)
