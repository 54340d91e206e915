"""Avtalsassistenten's chat page. Start it with `make app` or `streamlit run app.py` (localhost only).

This file only renders; the page is built in `assistant.ui`, answers come from `Assistant.ask()`.
"""

from assistant.ui.main import render_app

render_app()
