"""The modus-operandi facts: reader, bad inputs, corridor-map coverage, citations kept, fees in their stated
currency, and the figure builders. Real shipped data only."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from charts.modus_operandi import (
    build_evidence_matrix,
    build_fee_ranges,
    fee_row_labels,
    summarise_fees,
    summarise_matrix,
)
from loaders.corridors import read_corridors
from loaders.errors import DataFileError
from loaders.metadata import read_sidecar
from loaders.modus_operandi import (
    ASPECTS,
    CITATION_COLUMNS,
    CORRIDOR_IDS,
    SOURCE_KINDS,
    UNSPECIFIED_DOLLAR,
    corridor_map_path,
    currency_of,
    facts_path,
    read_corridor_map,
    read_facts,
)
from tests.conftest import DATA
from transforms.modus_operandi import (
    attach_corridor_ids,
    by_aspect,
    citation,
    corridor_choices,
    corridor_label,
    evidence_matrix,
    facts_for,
    fee_ranges,
    keep_kinds,
    parse_kinds,
)

FACTS = facts_path(DATA)
MAP = corridor_map_path(DATA)
CATALOGUE = DATA / "corridors" / "corridors.csv"


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    with FACTS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def corridor_map() -> pd.DataFrame:
    return read_corridor_map(MAP)


@pytest.fixture(scope="module")
def facts(corridor_map) -> pd.DataFrame:
    return attach_corridor_ids(read_facts(FACTS), corridor_map)


def test_reader_keeps_every_row_and_parses_numbers(facts, raw_rows):
    assert len(facts) == len(raw_rows) == 189
    assert facts["fact_id"].tolist() == list(range(2, 191))
    for row, (_, fact) in zip(raw_rows, facts.iterrows()):
        for column in ("value_low", "value_high"):
            expected = float(row[column]) if row[column] else None
            assert (pd.isna(fact[column]) if expected is None else fact[column] == expected), (fact["fact_id"], column)
        assert fact["unit"] == (row["unit"] or None) if row["unit"] else pd.isna(fact["unit"])


def test_every_fact_keeps_its_citation_and_quote(facts, raw_rows):
    for column in CITATION_COLUMNS:
        assert facts[column].notna().all(), column
    for row, (_, fact) in zip(raw_rows, facts.iterrows()):
        assert fact["evidence_quote"] == row["evidence_quote"].strip()
        line = citation(fact)
        assert row["source_url"] in line and row["source_publisher"] in line and row["source_title"] in line
    assert set(facts["source_kind"]) <= set(SOURCE_KINDS)
    assert facts["source_kind"].value_counts().to_dict() == {"official": 29, "research": 11, "news": 103,
                                                             "secondary copy": 46}


def test_sidecar_states_provenance_licence_and_columns():
    meta = read_sidecar(FACTS)
    assert {"title", "producer", "licence", "copy_of", "columns"} <= set(meta)
    assert set(meta["columns"]) == {"corridor", "region", "aspect", "category", "value_text", "value_low",
                                    "value_high", "unit", "year_or_period", "source_title", "source_publisher",
                                    "source_url", "source_kind", "evidence_quote"}
    assert "never converted" in meta["transformation"]
    assert {"title", "licence", "columns"} <= set(read_sidecar(MAP))


def _broken(tmp_path, edit) -> object:
    path = tmp_path / "modus_operandi_facts.csv"
    shutil.copy(FACTS, path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("edit, words, column, rows", [
    (lambda rows: rows[4].__setitem__(5, "about 2,000"), "not numbers", "value_low", (5,)),
    (lambda rows: [rows[i].__setitem__(6, "n/a") for i in (3, 7)], "not numbers", "value_high", (4, 8)),
    (lambda rows: rows[10].__setitem__(11, ""), "without their source", "source_url", (11,)),
    (lambda rows: rows[2].__setitem__(13, ""), "without their source", "evidence_quote", (3,)),
    (lambda rows: rows[6].__setitem__(12, "blog"), "unknown source kind", "source_kind", (7,)),
])
def test_bad_values_name_the_column_and_rows(tmp_path, edit, words, column, rows):
    with pytest.raises(DataFileError) as caught:
        read_facts(_broken(tmp_path, edit))
    assert words in caught.value.sentence()
    assert caught.value.column == column and caught.value.rows == rows


def test_missing_empty_and_columnless_files(tmp_path):
    with pytest.raises(DataFileError, match="is missing"):
        read_facts(tmp_path / "nothing.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataFileError, match="is empty"):
        read_facts(tmp_path / "empty.csv")
    path = _broken(tmp_path, lambda rows: [row.pop(13) for row in rows])
    with pytest.raises(DataFileError, match="lacks a required column") as caught:
        read_facts(path)
    assert caught.value.column == "evidence_quote"


def test_every_facts_corridor_is_mapped_or_listed_as_fitting_none(facts, corridor_map):
    assert set(corridor_map["facts_corridor"]) == set(facts["corridor"])
    assert corridor_map["note"].notna().all()
    assert set(corridor_map["corridor_id"].dropna()) <= set(CORRIDOR_IDS)
    # Facts keep their own corridor name beside the id.
    assert facts["corridor"].notna().all()
    mapped = facts.dropna(subset=["corridor_id"])
    assert len(mapped) == 126 and facts["corridor_id"].isna().sum() == 63


def test_map_ids_exist_in_the_corridor_catalogue(corridor_map):
    catalogue = read_corridors(CATALOGUE)
    names = dict(zip(catalogue["id"], catalogue["name"]))
    assert set(corridor_map["corridor_id"].dropna()) <= set(names)
    assert corridor_label("darien", names) == f"{names['darien']} (catalogue corridor)"


def test_darien_categories_go_to_darien_and_the_rest_to_us_mexico(facts):
    combined = facts[facts["corridor"] == "Central America–US (incl. Darién)"]
    darien = combined["category"].str.startswith("Darién:")
    assert (combined.loc[darien, "corridor_id"] == "darien").all() and darien.sum() == 8
    assert (combined.loc[~darien, "corridor_id"] == "us_mexico").all()


def test_map_with_an_unknown_id_is_refused(tmp_path):
    path = tmp_path / "corridor_map.csv"
    path.write_text(MAP.read_text(encoding="utf-8").replace(",central_med,", ",central_mediterranean,", 1),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="corridor id the catalogue does not have") as caught:
        read_corridor_map(path)
    assert caught.value.column == "corridor_id"


def test_fee_ranges_keep_their_stated_currency_and_values(facts, raw_rows):
    fees = fee_ranges(facts)
    raw_fees = {i + 2: row for i, row in enumerate(raw_rows)
                if row["aspect"] == "fee" and (row["value_low"] or row["value_high"])}
    assert sorted(fees["fact_id"]) == sorted(raw_fees)
    for fee in fees.itertuples():
        row = raw_fees[fee.fact_id]
        assert fee.unit == row["unit"]
        first = row["unit"].split()[0]
        assert fee.currency == (UNSPECIFIED_DOLLAR if first == "$" else first)
        assert fee.unit.startswith(fee.currency) or fee.currency == UNSPECIFIED_DOLLAR
        # Never converted: the figures are the file's own.
        for column in ("value_low", "value_high"):
            value = getattr(fee, column)
            assert (pd.isna(value) and not row[column]) or value == float(row[column])
    assert fees["currency"].iloc[0] == "USD"  # the most used currency first
    assert set(fees["bound"]) == {"range", "single figure", "up to", "at least"}
    assert set(fees["currency"]) == {"USD", "EUR", "GBP", "THB", "LKR", "INR", "KES", UNSPECIFIED_DOLLAR}


def test_fee_chart_hover_carries_each_citation_and_unit(facts):
    fees = fee_ranges(facts)
    fig = build_fee_ranges(fees, title="Fees", source="Source: test")
    hovers = [text for trace in fig.data if trace.hovertext is not None for text in trace.hovertext]
    for fee in fees.itertuples():
        mine = [h for h in hovers if fee.unit in h and fee.citation.split(" http")[0][:40].replace("“", "") in
                h.replace("<br>", " ").replace("“", "")]
        assert mine, fee.fact_id
    assert fig.layout.xaxis.type == "log" and "not converted" in fig.layout.xaxis.title.text
    legend = {trace.name for trace in fig.data if trace.showlegend is not False}
    assert legend == set(fees["currency"])
    assert len(set(fee_row_labels(fees))) == len(fees)
    assert "currencies as stated" in summarise_fees(fees)


def test_currency_of():
    assert currency_of("EUR per person (to Belgrade)") == "EUR"
    assert currency_of("$ per crew member (as stated)") == UNSPECIFIED_DOLLAR
    assert currency_of("persons per boat") is None and currency_of(None) is None


def test_evidence_matrix_counts_every_fact_and_shows_gaps(facts, raw_rows):
    matrix = evidence_matrix(facts)
    assert matrix["facts"].sum() == len(facts)
    assert len(matrix) == facts["corridor"].nunique() * len(ASPECTS)
    assert (matrix["facts"] == 0).sum() > 0
    channel = matrix[(matrix["corridor"] == "English Channel") & (matrix["aspect"] == "fee")]
    assert channel["facts"].item() == sum(r["corridor"] == "English Channel" and r["aspect"] == "fee"
                                          for r in raw_rows) == 3
    fig = build_evidence_matrix(matrix, title="Evidence", source="Source: test")
    assert fig.data[0].type == "heatmap" and len(fig.data[0].y) == facts["corridor"].nunique()
    assert "hold at least one cited fact" in summarise_matrix(matrix)
    empty = build_evidence_matrix(evidence_matrix(facts.iloc[:0], ["English Channel"]), title="E", source="S")
    assert empty.layout.annotations[0].text == "No facts from these source kinds."


def test_choices_selection_and_kinds(facts):
    choices = corridor_choices(facts)
    assert choices[0] == "central_med" and "English Channel" in choices
    central = facts_for(facts, "central_med")
    assert set(central["corridor"]) == {"Central Mediterranean", "Türkiye–Italy (Ionian/Calabria sea route)",
                                        "South Asia–Libya–Italy (air then sea)"}
    assert len(facts_for(facts, "Central Mediterranean")) == 12
    trusted = keep_kinds(facts, ["official", "research"])
    assert len(trusted) == 40 and set(trusted["source_kind"]) == {"official", "research"}
    assert parse_kinds(["research", "blog", "official"]) == (["official", "research"],
                                                             "Ignored “kinds=blog” in the link: choose from "
                                                             "official, research, news, secondary copy.")
    groups = by_aspect(facts_for(facts, "central_med"))
    assert [a for a, _ in groups] == [a for a in ASPECTS if a in set(central["aspect"])]
    for _, part in groups:
        ranks = part["source_kind"].map({k: i for i, k in enumerate(SOURCE_KINDS)})
        assert ranks.is_monotonic_increasing


def test_empty_fee_selection_gives_an_annotated_figure(facts):
    fig = build_fee_ranges(fee_ranges(facts.iloc[:0]), title="Fees", source="S")
    assert fig.layout.annotations[0].text == "No fee with a figure among these facts."


def test_cached_facts_and_views_hold_what_the_pure_functions_give(monkeypatch, facts, tmp_path):
    """The facts are read once per file version; each corridor and kinds view is the pure functions' output."""
    from cache import load_facts, load_facts_view

    monkeypatch.setenv("MSDE_DATA_DIR", str(DATA))
    loaded = load_facts()
    assert loaded is load_facts()
    pd.testing.assert_frame_equal(loaded.facts, facts)
    assert loaded.meta["title"] == read_sidecar(FACTS)["title"]
    catalogue = read_corridors(CATALOGUE)
    assert dict(loaded.names) == dict(zip(catalogue["id"], catalogue["name"]))
    for choice, kinds in (("central_med", SOURCE_KINDS), ("darien", ("official", "research")), ("central_med", ())):
        view = load_facts_view(choice, kinds)
        kept = keep_kinds(facts, kinds)
        pd.testing.assert_frame_equal(view.chosen, facts_for(kept, choice))
        assert [aspect for aspect, _ in view.groups] == [aspect for aspect, _ in by_aspect(facts_for(kept, choice))]
        pd.testing.assert_frame_equal(view.matrix, evidence_matrix(kept, list(dict.fromkeys(facts["corridor"]))))
        pd.testing.assert_frame_equal(view.fees, fee_ranges(kept))
        assert list(view.wide["corridor"]) == list(dict.fromkeys(facts["corridor"]))
    # A changed file is read again.
    data = tmp_path / "data"
    shutil.copytree(DATA / "modus_operandi", data / "modus_operandi")
    shutil.copytree(DATA / "corridors", data / "corridors")
    monkeypatch.setenv("MSDE_DATA_DIR", str(data))
    first = load_facts()
    path = facts_path(data)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert len(load_facts().facts) == len(first.facts) - 1


def test_escape_markdown_shows_text_as_written():
    from transforms.text import escape_markdown

    assert escape_markdown("$5,000 *cash* via_hawala [sic] #1 <b>|") == \
        r"\$5,000 \*cash\* via\_hawala \[sic\] \#1 \<b\>\|"
    assert escape_markdown(None) == "None" and escape_markdown("a\\b") == "a\\\\b"
