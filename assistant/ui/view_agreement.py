"""Sidebar panel: indexed documents the agreement registry knows too little about, and a form to fix that.

An uploaded PDF is indexed at once but has no region, validity or parties until
an agreement file declares them. This panel lists what is missing per document
and, when uploads are allowed, offers a small form (region, kind, name, validity
dates and the sentence that states them) that writes a minimal agreement file.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..agreements.write import KINDS, NewAgreement, missing_for, write_agreement
from ..errors import AssistantError
from ..service import Assistant
from ..settings import Settings
from .text import escape, inline
from .view_admin import Flash, _show_error

GUIDE = "docs/adding-an-agreement.md"


def render_missing(assistant: Assistant, settings: Settings, flash: Flash) -> None:
    registry = assistant.registry
    gaps = {doc: missing_for(registry, doc) for doc in assistant.documents}
    gaps = {doc: items for doc, items in gaps.items() if items}
    if not gaps:
        return
    st.subheader("Uppgifter som saknas")
    for doc, items in gaps.items():
        with st.expander(inline(doc)):
            st.markdown("\n".join(f"- {escape(item)}" for item in items))
            st.caption(f"Så lägger du till ett avtal: {GUIDE}")
            if settings.allow_upload and registry.for_document(doc) is None:
                _form(assistant, doc, flash)


def _form(assistant: Assistant, document: str, flash: Flash) -> None:
    regions = [r.name for r in assistant.registry.reference.regions]
    with st.form(key=f"agreement-{document}"):
        region = st.selectbox("Region", regions, key=f"region-{document}")
        kind = st.selectbox("Typ", KINDS, key=f"kind-{document}")
        name = st.text_input("Namn i svaren", placeholder="samverkansavtalet i …", key=f"name-{document}")
        start = st.date_input("Gäller från", value=date.today(), key=f"from-{document}")
        open_ended = st.checkbox("Gäller tills vidare", key=f"open-{document}")
        end = st.date_input("Gäller till", value=date.today(), key=f"to-{document}")
        page = st.number_input("Sida med giltighetstiden", min_value=1, value=1, key=f"page-{document}")
        quote = st.text_area(
            "Meningen som anger giltighetstiden (valfri, kopierad ordagrant)", key=f"quote-{document}"
        )
        if not st.form_submit_button("Spara"):
            return
    try:
        path = write_agreement(
            assistant.registry,
            NewAgreement(
                document=document,
                region=str(region),
                kind=str(kind),
                name=name.strip(),
                valid_from=start if isinstance(start, date) else date.today(),
                valid_to=None if open_ended else (end if isinstance(end, date) else None),
                page=int(page),
                quote=quote,
            ),
        )
        assistant.reload()
    except AssistantError as exc:
        _show_error(exc)
        return
    flash(
        "success",
        f"{document}: avtalsfilen {path.name} skrevs; parter och kostnader läggs till enligt {GUIDE}.",
    )
    st.rerun()
