"""Data loading for the Migrant Smuggling Data Explorer.

Readers only: each source module here owns one data source and its pure reader
(no Streamlit; parsing, types, validation, plain-sentence errors), and nothing does
I/O at import time; the rest is what the readers share (paths, tabular reading,
sidecars, errors, the disk cache of the parsed incidents). Computations over the
frames live in :mod:`transforms`; the Streamlit caches in :mod:`cache`.
"""
