"""The events file: the shipped file is cited and figure-free, and bad files raise DataFileError."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from loaders.errors import DataFileError
from loaders.events import EVENT_COLUMNS, events_path, read_events
from loaders.metadata import read_sidecar
from transforms.context_events import events_in_view

REPO = Path(__file__).resolve().parents[2]
SHIPPED = events_path(REPO / "data")
HEADER = ",".join(EVENT_COLUMNS)
GOOD_ROW = ('2020-03-11,,COVID-19 border closures,"States restricted entry.",Global,Key Legal Considerations,'
            "UNHCR,https://reliefweb.int/report/world/key-legal-considerations")


@pytest.fixture(scope="module")
def events():
    return read_events(SHIPPED)


def test_shipped_events_have_a_sidecar_and_a_citation_on_every_row(events):
    meta = read_sidecar(SHIPPED)
    assert set(meta["columns"]) == set(EVENT_COLUMNS)
    assert events["source_url"].str.match(r"^https?://").all()
    assert (events["source_title"].str.len() > 5).all() and (events["source_publisher"].str.len() > 2).all()


def test_the_required_events_are_there(events):
    def on(day: str, words: str) -> bool:
        hit = events[events["label"].str.contains(words, case=False)]
        return any(row.date <= pd.Timestamp(day) <= (row.end_date if pd.notna(row.end_date) else row.date)
                   for row in hit.itertuples())

    assert on("2015-05-15", "Andaman Sea")
    assert on("2015-10-01", "Eastern Mediterranean")
    assert any(events["label"].str.contains("COVID-19") & (events["date"].dt.strftime("%Y-%m") == "2020-03"))


def test_no_casualty_or_flow_figure_in_the_text(events):
    """Only dates may carry digits: strip days, months and years, and no number is left."""
    dates = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                       r"December) \d{4}\b|\b(19|20)\d{2}\b|COVID-19")
    for text in pd.concat([events["label"], events["description"]]):
        assert not re.search(r"\d", dates.sub("", text)), text


def test_events_are_sorted_and_spans_are_ordered(events):
    assert events["date"].is_monotonic_increasing
    spans = events.dropna(subset=["end_date"])
    assert (spans["end_date"] >= spans["date"]).all()


def test_events_in_view_keeps_overlapping_spans_and_matching_places(events):
    view = events_in_view(events, "2015-06", "2015-08")
    assert list(view["label"]) == ["Eastern Mediterranean peak"]
    asia = events_in_view(events, "2014-01", "2026-05", ("South-eastern Asia",))
    assert set(asia["region"]) <= {"South-eastern Asia", "Global"} and "Andaman Sea crisis" in set(asia["label"])
    assert len(events_in_view(events, "2014-01", "2026-05")) == len(events)
    assert events_in_view(events, "2014-01", "2014-12").empty


@pytest.mark.parametrize("content, words", [
    (None, "is missing"),
    ("", "is empty"),
    ("date,label\n2020-03-11,x\n", "lacks a required column"),
    (HEADER + "\n" + GOOD_ROW.replace("2020-03-11", "11/03/2020", 1) + "\n", "dates that cannot be read"),
    (HEADER + "\n" + GOOD_ROW.replace("COVID-19 border closures", "", 1) + "\n", "blank cells"),
    (HEADER + "\n" + GOOD_ROW.replace("2020-03-11,,", "2020-03-11,2020-03-01,", 1) + "\n", "end before they start"),
    (HEADER + "\n" + GOOD_ROW.replace("https://", "www.", 1) + "\n", "not web addresses"),
])
def test_bad_files_raise_one_clear_error(tmp_path, content, words):
    path = tmp_path / "events.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=words) as raised:
        read_events(path)
    assert raised.value.sentence().endswith("reload the page.")


def test_a_good_minimal_file_reads(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "\n" + GOOD_ROW + "\n", encoding="utf-8")
    frame = read_events(path)
    assert len(frame) == 1 and pd.isna(frame.loc[0, "end_date"]) and frame.loc[0, "date"] == pd.Timestamp("2020-03-11")
