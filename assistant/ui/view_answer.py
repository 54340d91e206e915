"""Draw one answer: the text, its notes, the calculation, and numbered sources a reader can check.

Every string that came from a question or a document goes through `text.escape`,
table cells included (st.table renders them as Markdown); nothing here allows HTML.
"""

from __future__ import annotations

import streamlit as st

from ..errors import AssistantError
from ..settings import Settings
from ..types import Answer, Calculation, Citation
from . import calculation as calc_view
from .resources import corpus_file, page_image, pdf_bytes
from .text import answer_markdown, escape, inline, without_calculation_lines


def render_answer(answer: Answer, settings: Settings, key: str) -> None:
    """The whole answer block inside an assistant chat message; `key` keeps widget keys unique."""
    english = answer.language == "en"
    if answer.refused:
        st.warning(answer_markdown(answer.answer), icon=":material/search_off:")
    else:
        body = without_calculation_lines(answer.answer) if answer.calculation else answer.answer
        st.markdown(answer_markdown(body))
    for note in answer.notes:
        st.info(escape(note), icon=":material/info:")
    if answer.calculation is not None:
        render_calculation(answer.calculation, answer.citations, english)
    if answer.citations:
        st.markdown("**Sources**" if english else "**Källor**")
        render_sources(answer.citations, settings, f"{key}-c")
    if answer.refused and answer.closest:
        st.markdown(
            "**Closest passages, for you to check**"
            if english
            else "**Närmaste avsnitt – kontrollera själv**"
        )
        render_sources(answer.closest, settings, f"{key}-n")
    footer = [f"{'Answered by' if english else 'Svarat av'}: {engine_label(answer)}"]
    total = answer.timings_ms.get("total")
    if total is not None:
        footer.append(f"Svarstid {total:.0f} ms")
    st.caption(inline(" · ".join(footer)))


def engine_label(answer: Answer) -> str:
    """What wrote the answer, for a reader (the app also says a model's reply was checked)."""
    return answer.engine_label(checked_note=True)


def render_calculation(calc: Calculation, citations: tuple[Citation, ...], english: bool = False) -> None:
    """Result, inputs with sources, steps and assumptions; a table and bar chart when the split has rows."""
    with st.container(border=True):
        st.metric("Result" if english else "Resultat", calc_view.result_text(calc))
        rows = calc_view.input_rows(calc, citations)
        if rows:
            st.markdown("**Inputs**" if english else "**Indata och källor**")
            _table(["Uppgift", "Värde", "Källa"], [[r.name, r.value, r.source] for r in rows])
        if calc.rows:
            columns, table, amounts = calc_view.split_table(calc)
            st.markdown("**Per party**" if english else "**Fördelning per part**")
            _table(columns, table)
            if amounts:
                st.altair_chart(_bar_chart(amounts), width="stretch")
        st.markdown("**Steps**" if english else "**Beräkningssteg**")
        st.markdown("\n".join(f"{n}. {escape(step)}" for n, step in enumerate(calc.steps, start=1)))
        if calc.assumptions:
            st.markdown("**Assumptions**" if english else "**Antaganden**")
            st.markdown("\n".join(f"- {inline(a)}" for a in calc.assumptions))
        st.caption(f"Verktyg: {escape(calc.tool)}")


def _table(columns: list[str], rows: list[list[str]]) -> None:
    """A static table; st.table renders cells as Markdown, so each cell is escaped."""
    st.table({name: [inline(row[i]) for row in rows] for i, name in enumerate(columns)}, hide_index=True)


SWEDISH_NUMBERS = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}
}


def _bar_chart(amounts: dict[str, float]):
    """Horizontal bars, largest first, with Swedish number format and full party names."""
    import altair as alt

    data = [{"Part": party, "Belopp (kr)": amount} for party, amount in amounts.items()]
    return (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("Belopp (kr):Q", axis=alt.Axis(format=",d")),
            y=alt.Y("Part:N", sort="-x", axis=alt.Axis(labelLimit=240, title=None)),
            tooltip=[alt.Tooltip("Part:N"), alt.Tooltip("Belopp (kr):Q", format=",d")],
        )
        .properties(height=28 * len(data) + 40)
        .configure(locale=SWEDISH_NUMBERS)
    )


def _label(n: int, citation: Citation) -> str:
    title = citation.title or citation.document
    return inline(f"[{n}] {title} – s. {citation.page}")


def render_sources(citations: tuple[Citation, ...], settings: Settings, key: str) -> None:
    """One expander per citation: title, page, verbatim quote, highlighted page image, PDF download."""
    for n, citation in enumerate(citations, start=1):
        with st.expander(_label(n, citation)):
            if citation.note:
                st.warning(escape(citation.note), icon=":material/event_busy:")
            where = f"{citation.document}, sida {citation.page}"
            if citation.section:
                where += f", avsnitt ”{citation.section}”"
            st.caption(inline(where))
            st.markdown("> " + inline(f"«{citation.quote}»"))
            _page(citation, settings, f"{key}{n}")


def _page(citation: Citation, settings: Settings, key: str) -> None:
    path = corpus_file(settings, citation.document)
    if path is None:
        st.caption(inline(f"PDF-filen {citation.document} finns inte längre i {settings.corpus_dir}."))
        return
    try:
        image = page_image(path, citation.page, citation.quote)
    except AssistantError as exc:
        st.error(escape(exc.message))
        return
    caption = f"Sida {citation.page} av {image.page_count}" + (
        " – citatet är markerat" if image.highlighted else " – citatet kunde inte markeras på sidan"
    )
    st.image(image.png, caption=caption, width="stretch")
    st.download_button(
        f"Ladda ner PDF:en (citatet står på sidan {citation.page})",
        data=pdf_bytes(path),
        file_name=path.name,
        mime="application/pdf",
        key=f"dl-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
