"""AppTests for the Country profile page: the ``profile`` URL control, its charts and figures, notices for
bad codes and filter conflicts, and a sentence (never an empty chart) for empty selections."""

from __future__ import annotations

from tests.pages.test_pages import open_chart_data, run_page, url

PAGE = "pages/5_Country_profile.py"


def figures(at) -> list[str]:
    """The headline values in page order."""
    return [m.value for m in at.metric]


def test_myanmar_profile_from_the_url():
    at = run_page(PAGE, profile="MMR")
    assert not at.exception
    # In or off Myanmar, then Myanmar nationals: dead and missing, incidents. 3,294 = 3,249 in the 2025 export + 45.
    assert figures(at) == ["2,544", "71", "3,294", "168"]
    assert any(m.value == "**Myanmar nationals, anywhere**" for m in at.markdown)
    assert len(at.get("plotly_chart")) == 6  # two trends, two "where", routes, sub-region share
    assert len(at.main.get("download_button")) == 0  # a chart's table and CSV are built when its expander opens
    at = open_chart_data(at)
    assert len(at.main.get("download_button")) == 6
    captions = " ".join(c.value for c in at.caption)
    assert "Minimum estimates" in captions and "2026 export" in captions
    assert "South-eastern Asia" in captions  # the sub-region summary
    assert at.selectbox(key="ctl_profile").value == "MMR"
    assert url(at, "profile") == ["MMR"]


def test_lower_case_code_is_accepted_and_written_back():
    at = run_page(PAGE, profile="mmr", **{"from": "2024-01", "to": "2024-12"})
    assert not at.exception
    assert url(at, "profile") == ["MMR"] and url(at, "from") == ["2024-01"]
    assert figures(at)[0] == "714"


def test_picking_a_country_updates_the_url():
    at = run_page(PAGE)
    assert not at.exception
    assert any("Pick a country" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0
    at.selectbox(key="ctl_profile").set_value("BGD").run()
    assert not at.exception
    assert url(at, "profile") == ["BGD"]
    assert any(m.value == "**Bangladesh nationals, anywhere**" for m in at.markdown) and len(figures(at)) == 4


def test_unknown_code_gives_a_notice_and_a_prompt():
    at = run_page(PAGE, profile="XYZ")
    assert not at.exception
    assert any("profile=XYZ" in w.value for w in at.warning)
    assert any("Pick a country" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0
    assert "XYZ" not in url(at, "profile")


def test_conflicting_country_filter_states_the_rule():
    at = run_page(PAGE, profile="MMR", country="Thailand")
    assert not at.exception
    assert any("country-of-incident filter does not include Myanmar" in i.value for i in at.info)
    assert any("No dead or missing recorded in or off Myanmar" in i.value for i in at.info)
    assert figures(at)[:2] == ["0", "0"]


def test_empty_selection_says_so():
    at = run_page(PAGE, profile="MMR", **{"from": "2025-08", "to": "2025-09"})  # months no IOM export covers
    assert not at.exception
    assert any("No incidents match these filters" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_profile_shows_the_country_gitoc_scores_with_their_source():
    from tests.pages.test_pages import run_page

    at = run_page("pages/5_Country_profile.py", profile="MMR")
    assert not at.exception
    scores = at.main.dataframe[-1].value
    assert "Human smuggling" in set(scores["indicator"]) and scores["score_2023"].notna().any()
    assert any("GI-TOC, Global Organized Crime Index" in c.value for c in at.main.caption)
