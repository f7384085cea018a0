"""Data loading for the Migrant Smuggling Data Explorer.

Each module here owns one data source: a pure reader (no Streamlit), pure
transforms that return new frames, and nothing that does I/O at import time.
The Streamlit-cached wrappers live together in :mod:`cache`.
"""
