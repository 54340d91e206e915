"""The Streamlit app's building blocks; `app.py` at the top level only calls `render_app()`.

Pure helpers (escaping, page images, uploads, index status) import no Streamlit, so they
are tested directly; the `view_*` modules draw with Streamlit and call them.
"""
