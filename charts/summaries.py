"""One-sentence text summaries of chart data, for readers who cannot see the chart.

Pure functions of the same frames the charts draw. Every sentence is one message in the reader's language
(:mod:`i18n`), with numbers per locale; a summary of several sentences joins whole sentences with a space.
"""

from __future__ import annotations

import pandas as pd

from i18n import N_, _, country_name, format_integer, format_percent, ngettext

#: The "what" a ranking names -> (its summary sentence, the sentence when nothing is recorded). Callers pass the
#: English key ("route", "country of origin", "cause of death"); a translated one is recognised too.
RANKING_SENTENCES: dict[str, tuple[str, str]] = {
    # Translators: {value} is a route as IOM publishes it; {share} a percentage.
    "route": (N_("Top route: {value}, {dead_missing} dead and missing ({share} of the selection)."),
              N_("No route recorded for this selection.")),
    # Translators: {value} is a country's name; {share} a percentage.
    "country of origin": (N_("Top country of origin: {value}, {dead_missing} dead and missing ({share} of the "
                             "selection)."),
                          N_("No country of origin recorded for this selection.")),
    # Translators: {value} is a cause of death as IOM publishes it; {share} a percentage.
    "cause of death": (N_("Top cause of death: {value}, {dead_missing} dead and missing ({share} of the "
                          "selection)."),
                       N_("No cause of death recorded for this selection.")),
}
#: Rankings whose values are country names (shown by their names in the reader's language).
COUNTRY_RANKINGS = frozenset({"country of origin"})


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
    words = {"before": before["label"], "last": last["label"], "before_count": format_integer(a),
             "count": format_integer(b)}
    if b > a:
        # Translators: {before} and {last} are periods (a year, a month...), the counts are people.
        return _("Dead and missing rose from {before_count} in {before} to {count} in {last}.", **words)
    if b < a:
        return _("Dead and missing fell from {before_count} in {before} to {count} in {last}.", **words)
    return _("Dead and missing stayed at {count} in {before} and {last}.", **words)


def summarise_series(series: pd.DataFrame) -> str:
    """E.g. "Dead and missing rose from 8,747 in 2023 to 9,002 in 2024. 74,389 dead and missing over 13 years; ..."

    Needs columns label, dead_missing (NaN where no export covers the period).
    """
    covered = series.dropna(subset=["dead_missing"])
    total = int(covered["dead_missing"].sum())
    if covered.empty or total == 0:
        return _("No dead or missing recorded for this selection.")
    peak = covered.loc[covered["dead_missing"].idxmax()]
    sentences = []
    change = takeaway_change(series)
    if change:
        sentences.append(change)
    sentences.append(ngettext(
        "{total} dead and missing over {count} period shown; the highest was {peak} with {peak_count}.",
        "{total} dead and missing over {count} periods shown; the highest was {peak} with {peak_count}.",
        len(covered), total=format_integer(total), count=format_integer(len(covered)), peak=peak["label"],
        peak_count=format_integer(peak["dead_missing"])))
    partial = covered.loc[covered["coverage"] < 1, "label"].tolist() if "coverage" in covered else []
    if partial:
        sentences.append(ngettext("Partial period (hatched): {periods}.", "Partial periods (hatched): {periods}.",
                                  len(partial), periods=", ".join(map(str, partial[:4]))))
    gaps = len(series) - len(covered)
    if gaps:
        sentences.append(ngettext("{count} period with no IOM export is left blank.",
                                  "{count} periods with no IOM export are left blank.", gaps,
                                  count=format_integer(gaps)))
    return " ".join(sentences)


def _ranking_key(what: str) -> str | None:
    """The key of :data:`RANKING_SENTENCES` that ``what`` names (in English or in the reader's language)."""
    if what in RANKING_SENTENCES:
        return what
    return next((key for key in RANKING_SENTENCES if _(key) == what), None)


def summarise_ranking(ranking: pd.DataFrame, what: str) -> str:
    """E.g. "Top route: US-Mexico border crossing, 12,345 dead and missing (16.6% of the selection).".

    ``what`` names the ranked values: "route", "country of origin" or "cause of death" (another name is shown as
    given, through the catalogue). Needs columns value, dead_missing, share (0-1).
    """
    key = _ranking_key(what)
    name = country_name if key in COUNTRY_RANKINGS else str
    if ranking.empty:
        if key:
            return _(RANKING_SENTENCES[key][1])
        return _("No {what} recorded for this selection.", what=_(what))
    first = ranking.iloc[0]
    words = {"value": name(first["value"]), "dead_missing": format_integer(first["dead_missing"]),
             "share": format_percent(first["share"], 1)}
    if key:
        text = _(RANKING_SENTENCES[key][0], **words)
    else:
        text = _("Top {what}: {value}, {dead_missing} dead and missing ({share} of the selection).", what=_(what),
                 **words)
    others = ", ".join(f"{name(row.value)} ({format_integer(row.dead_missing)})"
                       for row in ranking.iloc[1:4].itertuples())
    if others:
        # Translators: {others} lists the next values with their dead and missing in brackets.
        text += " " + _("Next: {others}.", others=others)
    return text
