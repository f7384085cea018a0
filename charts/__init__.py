"""Pure figure builders: plain arguments in, a new plotly Figure or pydeck Deck out.

Nothing here imports Streamlit or reads files.
"""
