"""A second floor of the browser-measured rerun (:mod:`bench.rerun`): Streamlit drawing the app's sidebar, with none
of the app's code. What a filter change costs when a page shows only the elements every page of the app shows,
and nothing is worked out: the lowest a page of this app can go while Streamlit re-sends every element on each run.

The elements mirror, one for one and in order, what ``ui.shell.render_shell`` draws (as listed by AppTest on the
Country profile with no country chosen, 3 December 2026): the language menu, the app's name and its 15 page
links, *Your data* (a caption, a file uploader, a heading, a template menu and two download buttons), the
*Filters* (the period slider over 149 months, eight multiselects, two buttons), *Share and present* (a link, a
button, a download, a heading, a button) and *Sources and freshness* (three paragraphs and a caption); in the main
area a title and one sentence. Option lists have the sizes of the shipped data's, with placeholder names (no figure
is shown). ``?only=filters`` draws the title, the language menu and the filters alone.

Served by its own ``streamlit run``; each page link leads to this same script under another address.
"""

import streamlit as st

#: The five regions :mod:`bench.rerun` toggles come first; placeholder names fill the list to its shipped size.
REGIONS = ["Mediterranean", "Northern Africa", "North America", "Southern Asia", "Western Africa"]
#: (label, options) of the app's eight multiselects, with as many options as the shipped data gives each.
MULTISELECTS = [("Region of incident", REGIONS + [f"Region {n}" for n in range(11)]),
                ("UNSD sub-region", [f"Sub-region {n}" for n in range(22)]),
                ("Country of incident", [f"Country {n}" for n in range(190)]),
                ("Country of origin", [f"Country {n}" for n in range(190)]),
                ("Migration route", [f"Route {n}" for n in range(30)]),
                ("Sea area or border zone", [f"Area {n}" for n in range(60)]),
                ("Cause of death", [f"Cause {n}" for n in range(10)]),
                ("Source quality", [f"Quality {n}" for n in range(5)])]
MONTHS = [f"{year}-{month:02d}" for year in range(2014, 2027) for month in range(1, 13)][:149]
PAGE_COUNT = 15


def body() -> None:
    """Draw the sidebar and the title as the shell does."""
    only_filters = st.query_params.get("only") == "filters"
    st.title("Floor")
    with st.sidebar:
        st.selectbox("Language", ["English", "Français", "Español", "ไทย"])
        if not only_filters:
            st.html("<script>document.documentElement.lang = 'en';</script>", unsafe_allow_javascript=True)
            st.markdown("**Floor**")
            for page in PAGES:
                st.page_link(page)
            with st.expander("Your data"):
                st.caption("Your own records, in this session only.")
                st.file_uploader("CSV or Excel files", accept_multiple_files=True)
                st.markdown("**Templates**")
                st.selectbox("Template for", ["Incidents", "Crossings", "Document fraud"])
                st.download_button("Download the template (CSV)", b"column\n", file_name="template.csv")
                st.download_button("Download the template (Excel)", b"column\n", file_name="template.xlsx")
            st.divider()
            st.markdown("**Filters**")
        st.select_slider("Period", MONTHS, value=(MONTHS[0], MONTHS[-1]))
        for label, options in MULTISELECTS:
            st.multiselect(label, options, placeholder="All")
        left, right = st.columns(2)
        left.button("Asia-Pacific", width="stretch")
        right.button("Reset filters", width="stretch")
        if not only_filters:
            st.divider()
            with st.expander("Share and present"):
                st.markdown("**Link to this view**")
                st.code("/")
                st.button("Presenter mode", width="stretch")
                st.download_button("Download this view (HTML)", b"<html></html>", file_name="view.html")
                st.markdown("**Briefing**")
                st.button("Add this view", width="stretch")
            with st.expander("Sources and freshness"):
                for source in ("First source", "Second source", "Third source"):
                    st.markdown(f"**{source}**  \nCitation; exported, data to.")
                st.caption("All figures are minimum estimates.")
    st.markdown("Showing incidents from the whole period.")


PAGES = [st.Page(body, title=f"Page {n + 1}", url_path=f"page-{n + 1}", default=n == 0) for n in range(PAGE_COUNT)]
st.navigation(PAGES, position="hidden").run()
