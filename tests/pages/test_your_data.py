"""AppTests of "Your data": a session's own uploaded files shown beside the public data on every fatalities page,
their source line, the data-source switch, crossings as denominators, the link flag, and "Remove my data".

AppTest cannot drive a file uploader, so each test puts files read by ``loaders.uploads.read_upload`` (exactly what
the uploader path does with the bytes) into the session's state; tests/browser/test_your_data.py uploads through a
real browser.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import metrics, run_page, url
from ui.your_data import NEW_CORRIDOR, STATE_KEY, Assignment, YourData

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
MARKER = "ZZ-UPLOAD-APPTEST-5521"
UPLOADED = "your data (uploaded, not verified)"


def _countries():
    from loaders.countries import read_countries
    from loaders.paths import countries_path, data_dir

    return read_countries(countries_path(data_dir()))


def incidents_csv(rows: int = 30) -> bytes:
    """Real IOM rows from South-eastern Asia, with their own IDs and the marker in the location (2025 layout)."""
    raw = pd.read_csv(REPO / "data/iom_mmp/Missing_Migrants_Global_Figures_allData.csv", dtype=str,
                      keep_default_na=False)
    part = raw[raw["UNSD Geographical Grouping"].str.contains("South-eastern Asia")].head(rows).copy()
    part["Incident ID"] = "MINE-" + part["Incident ID"]
    part["Main ID"] = "MINE-" + part["Main ID"]
    part["Location of Incident"] = MARKER + " " + part["Location of Incident"]
    return part.to_csv(index=False).encode()


def crossings_csv(measures=("persons", "persons", "persons")) -> bytes:
    return pd.DataFrame({"period": ["2022", "2023", "2024"], "grain": ["year"] * 3,
                         "place": [MARKER + " crossing"] * 3, "nationality": ["Myanmar"] * 3,
                         "measure": list(measures), "count": ["3000", "4500", "5200"]}).to_csv(index=False).encode()


def fraud_csv() -> bytes:
    return pd.DataFrame({
        "period": ["2024-01", "2024-02", "2024-02", "2024-03"], "grain": ["month"] * 4,
        "crossing_point": [MARKER + " Airport", "Suvarnabhumi", MARKER + " Airport", "Mae Sot"],
        "country_of_detection": ["Thailand"] * 4, "document_type": ["passport", "visa", "passport", "ID card"],
        "fraud_type": ["impostor", "counterfeit", "forged", "counterfeit"],
        "issuing_country": ["Malaysia", "Japan", "Singapore", "Myanmar"],
        "nationality": ["Myanmar", "China", "Viet Nam", "Myanmar"], "count": ["4", "2", "1", "3"]}
    ).to_csv(index=False).encode()


def read(name: str, data: bytes, kind: str | None = None):
    from loaders.uploads import read_upload

    return read_upload(name, data, kind=kind, countries=_countries())


@pytest.fixture(scope="module")
def uploads():
    return {"f-incidents": read("mine.csv", incidents_csv()), "f-crossings": read("crossings.csv", crossings_csv()),
            "f-fraud": read("fraud.csv", fraud_csv())}


def with_data(uploads, page: str | None = None, source: str | None = None, assignments=None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[STATE_KEY] = YourData(uploads=dict(uploads), assignments=dict(assignments or {}),
                                           source=source or "both")
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    """Every caption, markdown, notice and chart (its JSON: titles, source lines) of the run."""
    return " ".join([c.value for c in at.caption] + [m.value for m in at.markdown] + [str(e.value) for e in at.info]
                    + [str(e.value) for e in at.warning]
                    + [c.proto.spec.replace("\\u003cbr\\u003e", " ") for c in at.get("plotly_chart")])


def test_the_sidebar_offers_the_uploader_the_templates_and_the_promise():
    at = run_page()
    assert not at.exception
    assert "Your data" in [e.label for e in at.sidebar.expander]
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert "Download the template (CSV)" in labels and "Download the template (Excel)" in labels
    [chooser] = [s for s in at.sidebar.selectbox if s.label == "Template for"]
    assert chooser.options == ["Incidents", "Crossings or apprehensions", "Travel-document fraud detections"]
    assert "never saved on the server" in texts(at)
    assert not [r for r in at.sidebar.radio if r.label == "Incidents shown"]  # nothing uploaded: no switch
    assert UPLOADED not in texts(at)
    assert not url(at, "uploaded")


def test_uploaded_incidents_join_the_public_ones_on_the_overview(uploads):
    public = metrics(run_page())
    dead = int(uploads["f-incidents"].frame["dead_missing"].sum())
    both = with_data(uploads)
    assert not both.exception
    shown, before = (int(m["Dead and missing"].replace(",", "")) for m in (metrics(both), public))
    assert shown == before + dead
    assert UPLOADED in texts(both)
    assert url(both, "uploaded") == ["1"]  # the flag, never the data
    assert all(MARKER not in "".join(v) for v in both.query_params.values())
    mine = with_data(uploads, source="mine")
    assert int(metrics(mine)["Dead and missing"].replace(",", "")) == dead
    assert "Source: your data (uploaded, not verified)." in texts(mine)
    shown_public = with_data(uploads, source="public")
    assert metrics(shown_public)["Dead and missing"] == public["Dead and missing"]
    assert UPLOADED not in " ".join(c.value for c in shown_public.main.caption)
    assert not url(shown_public, "uploaded")


@pytest.mark.parametrize("page", ["pages/2_Incident_map.py", "pages/3_Trends.py", "pages/4_Regional_comparison.py",
                                  "pages/5_Country_profile.py", "pages/6_Incident_table.py"])
def test_every_fatalities_page_shows_the_uploaded_incidents_with_their_source(uploads, page):
    for source, line in (("mine", "Source: your data (uploaded, not verified)."),
                         ("both", "Also your data (uploaded, not verified).")):
        at = with_data(uploads, page=page, source=source, profile="MMR")
        assert not at.exception, at.exception
        assert not [e for e in at.error], [e.value for e in at.error]
        assert line in texts(at) or (source == "mine" and "Choose at least two" in texts(at)), (source, page)


def test_the_incident_table_finds_the_uploaded_rows(uploads):
    at = with_data(uploads, page="pages/6_Incident_table.py", source="both", q=MARKER)
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    assert frames and any(MARKER in " ".join(map(str, frame.astype(str).to_numpy().ravel())) for frame in frames)


def test_a_link_from_a_view_with_uploaded_data_opens_on_public_data_and_says_so():
    at = run_page(uploaded="1")
    assert not at.exception
    assert any("included the sender's own uploaded data" in w.value for w in at.warning)
    assert not url(at, "uploaded")
    assert UPLOADED not in texts(at)


def test_remove_my_data_forgets_everything_at_once(uploads):
    at = with_data(uploads)
    assert UPLOADED in texts(at)
    [button] = [b for b in at.sidebar.button if b.label == "Remove my data"]
    at = button.click().run()
    assert not at.exception
    state = at.session_state[STATE_KEY]
    assert not state.uploads and not state.assignments and state.generation == 1
    assert UPLOADED not in texts(at)
    assert not url(at, "uploaded")


def test_uploaded_crossings_give_deaths_per_thousand_on_their_corridor(uploads):
    at = with_data(uploads, page="pages/8_Corridor_profile.py", corridor="bay_of_bengal_andaman",
                   assignments={"f-crossings": Assignment(corridor_id="bay_of_bengal_andaman")})
    assert not at.exception
    assert "Deaths per 1,000 of your crossings" in [s.value for s in at.subheader]
    assert "Crossings: your data (uploaded, not verified)" in texts(at)
    other = with_data(uploads, page="pages/8_Corridor_profile.py", corridor="central_med",
                      assignments={"f-crossings": Assignment(corridor_id="bay_of_bengal_andaman")})
    assert "Deaths per 1,000 of your crossings" not in [s.value for s in other.subheader]


def test_a_new_corridor_the_user_names_is_compared(uploads):
    at = with_data(uploads, page="pages/9_Corridor_comparison.py",
                   assignments={"f-crossings": Assignment(corridor_id=NEW_CORRIDOR, name="Our sea route",
                                                          countries=("THA", "MYS", "MMR", "IDN"))})
    assert not at.exception
    assert "Your corridors" in [s.value for s in at.subheader]
    assert "Our sea route" in texts(at)


def test_crossings_of_unlike_measures_are_refused_with_a_sentence(uploads):
    mixed = dict(uploads)
    mixed["f-crossings"] = read("mixed.csv", crossings_csv(("persons", "detections", "persons")))
    at = with_data(mixed, page="pages/8_Corridor_profile.py", corridor="bay_of_bengal_andaman",
                   assignments={"f-crossings": Assignment(corridor_id="bay_of_bengal_andaman")})
    assert not at.exception
    assert any("unlike measures are never added" in w.value for w in at.warning)


def test_a_file_with_bad_rows_is_used_only_once_the_user_agrees(uploads):
    frame = pd.read_csv(io.StringIO(incidents_csv(5).decode()), dtype=str, keep_default_na=False)
    frame.loc[0, "Incident Date"] = "not a date"
    upload = read("some-bad.csv", frame.to_csv(index=False).encode())
    assert upload.dropped == 1
    at = with_data({"f-bad": upload})
    assert not at.exception
    assert any("4 of 5 rows can be used; 1 row is left out" in w.value for w in at.sidebar.warning)
    assert UPLOADED not in texts(at)  # not in use yet
    [agree] = [c for c in at.sidebar.checkbox if c.label == "Use the rows without problems"]
    at = agree.check().run()
    assert UPLOADED in texts(at)


def test_uploaded_document_fraud_detections_get_their_views_on_travel_documents(uploads):
    at = with_data(uploads, page="pages/14_Travel_documents.py")
    assert not at.exception
    shown = texts(at)
    assert "10 detections in your data." in shown
    assert ("7 of 10 detections were of a document issued by another country than the holder's declared "
            "nationality.") in shown
    assert f"Most detections at {MARKER} Airport (5)." in shown
    assert "Source: your data (uploaded, not verified), fraud.csv." in shown
    keys = {c.key for c in at.get("plotly_chart")}
    assert {"fig-fraud-over-time", "fig-fraud-by-type", "fig-fraud-issuing", "fig-fraud-points",
            "fig-fraud-flow"} <= keys
    [flow] = [c for c in at.get("plotly_chart") if c.key == "fig-fraud-flow"]
    assert '"sankey"' in flow.proto.spec.split('"layout"')[0]  # a Sankey trace
    assert not any("(a template is there)" in i.value for i in at.info)
    public = run_page()
    public.switch_page("pages/14_Travel_documents.py")
    public = public.run()
    assert any("(a template is there)" in i.value for i in public.info)
    assert "detections in your data" not in texts(public)


def test_your_data_speaks_the_readers_language(uploads):
    at = with_data(uploads, source="mine", lang="fr")
    assert not at.exception
    assert "Source : vos données (téléversées, non vérifiées)." in texts(at)
    assert "Vos données" in [e.label for e in at.sidebar.expander]
    th = with_data(uploads, page="pages/14_Travel_documents.py", lang="th")
    assert not th.exception
    assert "ข้อมูลของคุณ" in texts(th)


def test_uploaded_incidents_are_placed_like_the_public_ones_and_split_by_sea_area(uploads):
    import dataclasses

    from cache import place_session_incidents

    upload = uploads["f-incidents"]
    placed = dataclasses.replace(upload, frame=place_session_incidents(upload.frame))
    areas = set(placed.frame["sea_or_border"].dropna().astype(str))
    assert {"Andaman Sea", "Bay of Bengal"} <= areas  # real South-east Asian incidents, placed by the spatial step
    at = with_data({"f-incidents": placed}, page="pages/3_Trends.py", source="mine", split="place")
    assert not at.exception
    assert "Andaman Sea" in texts(at) and "Source: your data (uploaded, not verified)." in texts(at)


def test_a_download_of_only_your_data_says_so_and_names_no_public_licence(uploads):
    from datetime import date

    from transforms.exports import export_header

    header = export_header(description="d", search=None, sources=[], source_line="Source: your data (uploaded, "
                           "not verified).", shown_rows=30, shown_incidents=30, exported=date(2026, 12, 2))
    assert header[1] == "Source: your data (uploaded, not verified)."
    assert header[2] == "Licence: none stated (your own data, uploaded)."
    at = with_data(uploads, page="pages/6_Incident_table.py", source="mine")
    assert not at.exception
    footer = " ".join(m.value for m in at.sidebar.markdown)
    assert "IOM Missing Migrants Project (CC BY 4.0); exported" not in footer  # no public export behind this view
