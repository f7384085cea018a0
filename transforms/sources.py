"""Source lines: the attribution printed under every figure, built from the data files' sidecars."""

from __future__ import annotations

from typing import Any, Mapping

from loaders.sources import SourceFile


def _day(value: object) -> str:
    """"2025-04-29" (or a date) -> "29 April 2025"."""
    import pandas as pd

    return pd.Timestamp(str(value)).strftime("%-d %B %Y") if value else "date unknown"


def fatality_source_line(sources: list[SourceFile]) -> str:
    """The source line under every fatality chart, built from the sidecars.

    E.g. "Source: IOM Missing Migrants Project (CC BY 4.0), data to 29 April 2025 and to 3 May 2026 (partial)."
    """
    if not sources:
        return "Source: none loaded."
    producers = list(dict.fromkeys(s.producer for s in sources))
    licences = list(dict.fromkeys(s.licence for s in sources))
    spans = [f"data to {_day(s.meta.get('data_to'))}" for s in sources]
    return (f"Source: {', '.join(producers)} ({', '.join(licences)}), " + " and ".join(spans)
            + ". Minimum estimates.")


def flow_source_line(meta: Mapping[str, Any]) -> str:
    """The source line of a crossing series, from its sidecar: e.g. "Source: Frontex, via IOM GDI (licence not
    verified), data to April 2025."."""
    return f"Source: {meta['publisher']} ({meta['licence']}), data {meta.get('data_span', '')}".rstrip(", ") + "."
