"""Shared Streamlit UI pieces: the page shell, the global filters, chart frames.

Pages call :func:`ui.shell.render_shell` first; nothing else in the app
renders navigation, filters or the sources footer.
"""
