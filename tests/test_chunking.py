import itertools

from assistant.ingest.chunking import chunk_pages
from assistant.ingest.manifest import DocumentInfo
from assistant.types import Page

INFO = DocumentInfo(file="d.pdf", title="Testavtal", region="Testregion", kind="avtal", date="2025-01-01")


def pages():
    body = " ".join(f"Mening nummer {i} handlar om kostnader och ansvar." for i in range(60))
    return [
        Page("d.pdf", 1, "Inledning\n" + body),
        Page("d.pdf", 2, "Kostnadsfördelning\nKostnaden fördelas lika.\n" + body),
    ]


def test_chunks_are_page_exact_slices_with_sections():
    chunks = chunk_pages(pages(), INFO, size=400, overlap=80)
    assert len(chunks) > 4
    by_page = {p.number: p.text for p in pages()}
    for c in chunks:
        assert c.text in by_page[c.page]  # never spans pages; quotable verbatim
        assert len(c.text) <= 400 or " " not in c.text[:400]
        assert c.title == "Testavtal" and c.region == "Testregion"
    assert chunks[0].section == "Inledning"
    assert any(c.page == 2 and c.section == "Kostnadsfördelning" for c in chunks)


def test_windows_overlap():
    chunks = [c for c in chunk_pages(pages(), INFO, size=400, overlap=120) if c.page == 1]
    for a, b in itertools.pairwise(chunks):
        assert a.text[-40:] in b.text or b.text[:40] in a.text


def test_ids_are_content_hashes():
    a = chunk_pages(pages(), INFO)
    b = chunk_pages(pages(), INFO)
    assert [c.id for c in a] == [c.id for c in b]
    edited = [pages()[0], Page("d.pdf", 2, "Kostnadsfördelning\nKostnaden fördelas olika.")]
    c = chunk_pages(edited, INFO)
    assert {x.id for x in a if x.page == 1} == {x.id for x in c if x.page == 1}
    assert not {x.id for x in a if x.page == 2} & {x.id for x in c if x.page == 2}


def test_a_window_never_ends_at_a_lead_in():
    """A lead-in ("... ansvarar gemensamt för:") stays in the window of the list it announces."""
    from assistant.ingest.chunking import _windows

    filler = "Detta är en mening som fyller ut sidan med vanlig text om avtalet. " * 8
    lead = "\nParterna ansvarar gemensamt för:\n"
    text = filler + lead + "• Att planen följs.\n• Att resurser avsätts.\n• Att utbildningen genomförs."
    for start, end in _windows(text, 600, 100):
        assert not text[start:end].rstrip().endswith(":")
    assert any(
        text[start:end].rstrip().endswith("genomförs.") and "gemensamt för:" in text[start:end]
        for start, end in _windows(text, 600, 100)
    )
