"""UNHCR's published figures on sea journeys (Bay of Bengal and Andaman Sea) as a denominator: dead and missing
per 1,000 attempted journeys, by UNHCR's own count of the dead and by IOM's, side by side.

Pure: frames in, new frames out. The figures come from :func:`loaders.sea_movements.read_unhcr_sea_movements`
(one row per figure: corridor, period_start, period_end, figure "attempted" or "dead_missing", value, qualifier
and its source). IOM's and UNHCR's counts of the dead differ (IOM records incidents one by one; UNHCR estimates
from survivors and partners): both ratios are shown, never one for the other, and never added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from i18n import _, format_integer

PER = 1000  # dead and missing per this many attempted journeys


def figures_for(figures: pd.DataFrame, corridor_id: str) -> pd.DataFrame:
    """The UNHCR figures of one corridor."""
    return figures.loc[(figures["corridor"] == corridor_id).to_numpy()].reset_index(drop=True)


def period_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """"2022" for a calendar year, "January 2018 – June 2019" style (numeric, "2018-01 – 2019-06") otherwise."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year:
        return str(start.year)
    return _("{start} to {end}", start=f"{start:%Y-%m}", end=f"{end:%Y-%m}")


def per_thousand_attempted(figures: pd.DataFrame, iom_deaths: pd.DataFrame | None) -> pd.DataFrame:
    """Dead and missing per 1,000 attempted journeys, per period UNHCR publishes an attempted figure for.

    ``figures``: one corridor's UNHCR figures. ``iom_deaths``: :func:`transforms.corridors.deaths_by_year`'s
    year, dead_missing, complete for the same corridor (or None without IOM data). Returns period, period_start,
    period_end, attempted, attempted_qualifier, unhcr_dead_missing, unhcr_qualifier, unhcr_per_thousand,
    iom_dead_missing, iom_per_thousand: UNHCR's ratio where UNHCR publishes both figures for the period; IOM's
    where the period is one calendar year IOM covers whole. Blank where a figure is missing (never zero).
    """
    columns = ["period", "period_start", "period_end", "attempted", "attempted_qualifier", "unhcr_dead_missing",
               "unhcr_qualifier", "unhcr_per_thousand", "iom_dead_missing", "iom_per_thousand"]
    attempted = figures[figures["figure"] == "attempted"]
    if attempted.empty:
        return pd.DataFrame(columns=columns)
    dead = figures[figures["figure"] == "dead_missing"][["period_start", "period_end", "value", "qualifier"]]
    out = attempted[["period_start", "period_end", "value", "qualifier"]].rename(
        columns={"value": "attempted", "qualifier": "attempted_qualifier"}).merge(
        dead.rename(columns={"value": "unhcr_dead_missing", "qualifier": "unhcr_qualifier"}),
        on=["period_start", "period_end"], how="left")
    out["unhcr_per_thousand"] = out["unhcr_dead_missing"] / out["attempted"].where(out["attempted"] > 0) * PER
    whole_year = ((out["period_start"].dt.month == 1) & (out["period_start"].dt.day == 1)
                  & (out["period_end"].dt.month == 12) & (out["period_end"].dt.day == 31)
                  & (out["period_start"].dt.year == out["period_end"].dt.year))
    iom = {} if iom_deaths is None else {int(y): float(d) for y, d, c in
                                          zip(iom_deaths["year"], iom_deaths["dead_missing"], iom_deaths["complete"])
                                          if c}
    out["iom_dead_missing"] = [iom.get(int(start.year), np.nan) if whole else np.nan
                               for start, whole in zip(out["period_start"], whole_year)]
    out["iom_per_thousand"] = out["iom_dead_missing"] / out["attempted"].where(out["attempted"] > 0) * PER
    out["period"] = [period_label(s, e) for s, e in zip(out["period_start"], out["period_end"])]
    out["unhcr_qualifier"] = out["unhcr_qualifier"].fillna("")
    return out[columns].sort_values("period_start").reset_index(drop=True)


def years_without_figures(figures: pd.DataFrame) -> list[int]:
    """Calendar years between the first and last UNHCR figure that no period with an attempted figure touches."""
    attempted = figures[figures["figure"] == "attempted"]
    if attempted.empty:
        return []
    touched = {year for s, e in zip(attempted["period_start"], attempted["period_end"])
               for year in range(s.year, e.year + 1)}
    return [y for y in range(min(touched), max(touched) + 1) if y not in touched]


def figure_sources(figures: pd.DataFrame) -> list[str]:
    """One line per figure: the period, what it counts and its value as published, then its source (title,
    publisher, date, address) and where in the source it is stated."""
    lines = []
    for row in figures.to_dict("records"):
        value = format_integer(round(row["value"]))
        shown = f"{row['qualifier']} {value}".strip() if row["qualifier"] else value
        # Translators: one cited figure: {period} e.g. "2022", {who} what it counts, {value} e.g. "more than 3,500",
        # then its source's title, publisher, date and address, and where in the source it is stated.
        lines.append(_("{period}: {who}: {value}. “{title}”, {publisher}, {date}, {url}. Where: {where}",
                       period=period_label(row["period_start"], row["period_end"]), who=row["who"], value=shown,
                       title=row["source_title"], publisher=row["source_publisher"], date=row["source_date"],
                       url=row["source_url"], where=row["where_stated"]))
    return lines
