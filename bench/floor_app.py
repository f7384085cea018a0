"""The floor of the browser-measured rerun (:mod:`bench.rerun`): an empty Streamlit script with one sidebar
selectbox. What a filter change costs a viewer when the app does nothing: Streamlit's own round trip (the
widget's message, a script run, the reply, the browser's handling of it). Served by its own ``streamlit run``.
"""

import streamlit as st

#: Plain names (not the app's): the floor draws nothing of the app.
st.sidebar.selectbox("Region", ["All", "Africa", "Americas", "Asia", "Europe", "Oceania"])
