"""Benchmark harness for the Migrant Smuggling Data Explorer (issue "Performance").

``python -m bench.run`` (or ``make bench``) starts the real app with
``streamlit run`` on generated data at several scales, drives it with
lightweight websocket clients speaking Streamlit's protocol, and prints and
saves script-run times, bytes sent, server memory per session and cold-start
time. See ``bench/README.md``.
"""
