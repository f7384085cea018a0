"""One-sentence text summaries of chart data, for readers who cannot see the chart.

Pure functions of the same frames the charts draw.
"""

from __future__ import annotations

import pandas as pd


def takeaway_change(series: pd.DataFrame) -> str | None:
    """The change between the last two whole periods, e.g. "Dead and missing rose from 8,747 in 2023 to 9,002 in 2024."

    Only periods fully covered by an export count (``coverage`` == 1); None when fewer than two.
    """
    whole = series.dropna(subset=["dead_missing"])
    if "coverage" in whole:
        whole = whole[whole["coverage"] >= 1]
    if len(whole) < 2:
        return None
    before, last = whole.iloc[-2], whole.iloc[-1]
    a, b = int(before["dead_missing"]), int(last["dead_missing"])
    verb = "rose" if b > a else "fell" if b < a else "stayed"
    if verb == "stayed":
        return f"Dead and missing stayed at {b:,} in {before['label']} and {last['label']}."
    return f"Dead and missing {verb} from {a:,} in {before['label']} to {b:,} in {last['label']}."


def summarise_series(series: pd.DataFrame) -> str:
    """E.g. "Dead and missing rose from 8,747 in 2023 to 9,002 in 2024. 74,389 dead and missing over 13 years; ..."

    Needs columns label, dead_missing (NaN where no export covers the period).
    """
    covered = series.dropna(subset=["dead_missing"])
    total = int(covered["dead_missing"].sum())
    if covered.empty or total == 0:
        return "No dead or missing recorded for this selection."
    peak = covered.loc[covered["dead_missing"].idxmax()]
    change = takeaway_change(series)
    text = (f"{change} " if change else "") + (f"{total:,} dead and missing over {len(covered)} periods shown; the highest was "
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
