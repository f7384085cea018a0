"""Pure computations over the frames the readers return, grouped by subject: filters, periods, counting,
rankings, maps, trends, comparison, corridors, flows, hazards, countries, exports.

No function here reads a file, imports Streamlit or changes its input: each returns a new frame or value.
"""
