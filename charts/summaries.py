"""One-sentence text summaries of chart data, for readers who cannot see the chart.

Pure functions of the same frames the charts draw.
"""

from __future__ import annotations

import pandas as pd


def summarise_series(series: pd.DataFrame) -> str:
    """E.g. "74,389 dead and missing over 13 years; the highest was 2024 with 9,002."

    Needs columns label, dead_missing (NaN where no export covers the period).
    """
    covered = series.dropna(subset=["dead_missing"])
    total = int(covered["dead_missing"].sum())
    if covered.empty or total == 0:
        return "No dead or missing recorded for this selection."
    peak = covered.loc[covered["dead_missing"].idxmax()]
    text = (f"{total:,} dead and missing over {len(covered)} periods shown; the highest was "
            f"{peak['label']} with {int(peak['dead_missing']):,}.")
    partial = covered.loc[covered["coverage"] < 1, "label"].tolist() if "coverage" in covered else []
    if partial:
        text += f" Partial period{'s' if len(partial) > 1 else ''} (paler): {', '.join(partial[:4])}."
    gaps = len(series) - len(covered)
    if gaps:
        text += f" {gaps} period{'s' if gaps > 1 else ''} with no IOM export {'are' if gaps > 1 else 'is'} left blank."
    return text


def summarise_ranking(ranking: pd.DataFrame, what: str) -> str:
    """E.g. "Top route: US-Mexico border crossing, 12,345 dead and missing (16.6% of the selection)."."""
    if ranking.empty:
        return f"No {what} recorded for this selection."
    first = ranking.iloc[0]
    others = ", ".join(f"{row.value} ({row.dead_missing:,})" for row in ranking.iloc[1:4].itertuples())
    text = f"Top {what}: {first['value']}, {int(first['dead_missing']):,} dead and missing ({first['share']:.1%} of the selection)."
    return text + (f" Next: {others}." if others else "")
