"""AppTests of the pages that show the spatial step: the "Sea area or border zone" filter in the sidebar and the
URL, Trends split by it, the Regional comparison of sea areas, the Incident table's column, the Incident map
coloured by sea area, the corridors' outlines (Routes map, Corridor profile) with the old-versus-new table, and
the coordinate check on Data and sources."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import run_page, url

ANDAMAN = {"place": ["Andaman Sea", "Bay of Bengal"], "from": "2014-01", "to": "2016-12"}


def decks(at: AppTest) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def layer_ids(at: AppTest) -> list[str]:
    return [layer.get("id") for deck in decks(at) for layer in deck["layers"]]


def all_text(at: AppTest) -> str:
    return " ".join(e.value for kind in (at.markdown, at.caption, at.info) for e in kind)


def test_the_filter_reads_the_url_and_is_written_back():
    at = run_page("pages/6_Incident_table.py", **ANDAMAN)
    assert not at.exception
    widget = at.sidebar.multiselect(key="w_places")
    assert widget.label == "Sea area or border zone" and widget.value == ["Andaman Sea", "Bay of Bengal"]
    assert "sea area or border zone Andaman Sea and Bay of Bengal" in all_text(at)
    assert url(at, "place") == ["Andaman Sea", "Bay of Bengal"]
    table = at.dataframe[0].value
    assert len(table) >= 5 and set(table["sea_or_border"]) == {"Andaman Sea", "Bay of Bengal"}


def test_an_unknown_place_in_a_link_is_named_and_dropped():
    at = run_page("pages/6_Incident_table.py", place=["Atlantis Sea", "MMR–THA"])
    assert not at.exception
    assert url(at, "place") == ["MMR–THA"]
    assert "Atlantis Sea" in " ".join(w.value for w in at.warning) + all_text(at)
    assert set(at.dataframe[0].value["sea_or_border"]) == {"MMR–THA"}


def test_choosing_a_place_in_the_sidebar_filters_and_goes_to_the_url():
    at = run_page("pages/6_Incident_table.py", **{"from": "2014-01", "to": "2016-12"})
    at.sidebar.multiselect(key="w_places").select("BGD–MMR").run()
    assert not at.exception
    assert url(at, "place") == ["BGD–MMR"]
    assert set(at.dataframe[0].value["sea_or_border"]) == {"BGD–MMR"}


def test_trends_split_by_sea_area_or_border_zone():
    at = run_page("pages/3_Trends.py", split="place", subregion="South-eastern Asia")
    assert not at.exception
    assert at.selectbox(key="ctl_split").value == "place" if at.selectbox else True
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace.get("name") for trace in spec["data"]}
    assert {"Andaman Sea", "Bay of Bengal"} <= names or any("Andaman Sea" in str(n) for n in names)


def test_regional_comparison_of_sea_areas_and_border_zones():
    at = run_page("pages/4_Regional_comparison.py", compare="place",
                  group=["Andaman Sea", "Bay of Bengal", "MMR–THA"])
    assert not at.exception
    assert at.radio(key="ctl_compare").value == "place"
    assert "Comparing sea areas and border zones: Andaman Sea, Bay of Bengal, MMR–THA border zone." in all_text(at)
    assert len(at.get("plotly_chart")) >= 1
    assert url(at, "compare") == ["place"]


def test_incident_map_colours_points_by_sea_area():
    at = run_page("pages/2_Incident_map.py", colour="sea", **ANDAMAN)
    assert not at.exception
    assert at.radio(key="ctl_colour").value == "sea"
    assert url(at, "colour") == ["sea"]
    ids = layer_ids(at)
    assert "places-0" in ids and not any(i.startswith("points-") for i in ids if i)
    legend = " ".join(m.value for m in at.markdown)
    assert "Andaman Sea" in legend and "Bay of Bengal" in legend
    tooltip_texts = " ".join(str(row) for deck in decks(at) for layer in deck["layers"]
                             for row in (layer.get("data") or []) if isinstance(layer.get("data"), list))
    assert "Sea area or border zone: Andaman Sea" in tooltip_texts
    at = run_page("pages/2_Incident_map.py", **ANDAMAN)  # the default: colour by cause of death
    assert any(i.startswith("points-") for i in layer_ids(at) if i) and url(at, "colour") == []


def test_routes_map_outlines_the_corridors_geography():
    at = run_page("pages/7_Routes_map.py")
    assert not at.exception
    deck = decks(at)[0]
    outlines = next(layer for layer in deck["layers"] if layer.get("id") == "corridor-geography")
    labels = {feature["properties"]["label"] for feature in outlines["data"]["features"]}
    assert {"Andaman Sea", "Bay of Bengal", "BGD–MMR border zone", "MMR–THA border zone", "Timor Sea"} <= labels
    at.toggle(key="ctl_outlines").set_value(False).run()
    assert "corridor-geography" not in layer_ids(at)


def test_corridor_profile_shows_its_shapes_and_the_old_and_new_rule():
    at = run_page("pages/8_Corridor_profile.py", corridor="bay_of_bengal_andaman")
    assert not at.exception
    text = all_text(at)
    assert "where IOM gives no route, those matching this app's rule: no IOM route and a point in" in text or \
        "matching this app's rule" in text
    assert "Andaman Sea" in text and "Bangladesh" in text
    assert "The rule used until December 2026" in text and "this rule attributes 102" in text
    outline = next(deck for deck in decks(at) if any(layer.get("id") == "corridor-geography"
                                                     for layer in deck["layers"]))
    kinds = {f["properties"]["kind"] for layer in outline["layers"] if layer.get("id") == "corridor-geography"
             for f in layer["data"]["features"]}
    assert kinds == {"sea", "zone"}
    tables = [frame.value for frame in at.dataframe]
    assert any("incidents only under the new rule" in table.columns and len(table) == 18 for table in tables)


def test_data_and_sources_counts_the_coordinate_check_with_examples():
    at = run_page("pages/1_Data_and_sources.py")
    assert not at.exception
    assert "Coordinates that disagree with the country of incident" in [h.value for h in at.subheader]
    text = all_text(at)
    assert "incidents (" in text and "have coordinates in another country than IOM's country of incident" in text
    examples = next(frame.value for frame in at.dataframe if "country of the coordinates" in frame.value.columns)
    assert 3 <= len(examples) <= 8 and examples["country of incident"].nunique() >= 3
    flags = next(frame.value for frame in at.dataframe if "how it is handled" in frame.value.columns)
    row = flags[flags["how it is handled"].str.startswith("Coordinates in another country")]
    assert len(row) == 1 and int(row["rows"].iloc[0]) > 300
