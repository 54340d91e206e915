import numpy as np

from assistant.retrieval.bm25 import BM25
from assistant.retrieval.hybrid import IndexSnapshot, SearchFilter, search
from assistant.retrieval.langchain import HybridRetriever, from_document
from assistant.retrieval.text import query_groups, query_tokens, tokens
from assistant.testing import FakeEmbedder
from assistant.types import Chunk


def _chunk(i: int, text: str, region: str = "Västernorrland", doc: str | None = None) -> Chunk:
    return Chunk(id=f"c{i}", document=doc or f"d{i}.pdf", page=1, section="", text=text, region=region)


class _Planted(FakeEmbedder):
    """Dense side that ranks chunk 'c2' first whatever the query: lets fusion be observed."""

    def __init__(self, chunks: list[Chunk], favourite: int) -> None:
        self.vecs = np.eye(len(chunks), self.dim, dtype=np.float32)
        self.favourite = favourite

    def embed_query(self, text: str) -> np.ndarray:
        return self.vecs[self.favourite]


def test_swedish_stemming_and_glossary():
    assert tokens("kommunerna")[0] == tokens("kommuner")[0]
    assert set(tokens("debitering")) & set(query_tokens("When are the municipalities invoiced?"))
    groups = query_groups("När faktureras kommunerna?")
    assert any(set(tokens("debitering")) <= g for g in groups)


def test_bm25_ranks_matching_document_first():
    docs = [tokens("kostnaden fördelas mellan regionen och kommunerna"), tokens("utbildning av personal"), []]
    bm = BM25(docs)
    assert bm.top(tokens("utbildningen"), 3)[0][0] == 1
    assert bm.coverage(tokens("utbildning personal"), 1) == 1.0
    assert bm.unknown_share(tokens("fotboll")) == 1.0


def test_bm25_expansion_is_the_union_of_its_words_and_its_cache_is_bounded(monkeypatch):
    import assistant.retrieval.bm25 as bm25

    docs = [tokens("kostnadsfördelning förlängning"), tokens("regionen kommunerna utbildningen")]
    bm = BM25(docs)
    one, two = frozenset(tokens("förlängas")), frozenset(tokens("fördelning kommuner"))
    assert bm.expand(one | two) == bm.expand(one) | bm.expand(two)
    assert "kostnadsfördelning" in bm.expand(two) and "förlängning" in bm.expand(one)
    monkeypatch.setattr(bm25, "EXPANDED_CACHE", 3)
    for word in ("alfabet", "betalning", "cykelbana", "dagordning", "egenvård"):
        bm.expand(frozenset({word}))
    assert len(bm._expanded) <= 3


def test_fusion_keeps_both_lexical_and_dense_winners():
    chunks = [
        _chunk(0, "Debitering av kommuner sker i juni och december."),
        _chunk(1, "Parterna ansvarar för utbildning av personal."),
        _chunk(2, "Avveckling ska ske enligt regionens rutiner."),
        _chunk(3, "Kontaktperson utses av lokal systemrättsägare."),
    ]
    emb = _Planted(chunks, favourite=2)
    index = IndexSnapshot(chunks, emb.vecs, None, emb)
    hits = search(index, "När sker debitering av kommuner?", k=2)
    assert {h.chunk.id for h in hits} == {"c0", "c2"}
    assert hits[0].lexical == 1.0


def test_region_boost_and_filter():
    chunks = [
        _chunk(0, "Fakturering sker under oktober och november.", region="Stockholm"),
        _chunk(1, "Fakturering sker under oktober och november.", region="Västernorrland"),
    ]
    emb = FakeEmbedder()
    index = IndexSnapshot(chunks, emb.embed_passages([c.text for c in chunks]), None, emb)
    # the regions come from the parsed question ("... i Ånge?" names Västernorrland through Ånge)
    vn, sthlm = SearchFilter(regions=("Västernorrland",)), SearchFilter(regions=("Stockholm",))
    assert search(index, "När sker fakturering i Ånge?", k=2, flt=vn)[0].chunk.region == "Västernorrland"
    assert search(index, "När sker fakturering i Solna?", k=2, flt=sthlm)[0].chunk.region == "Stockholm"
    only = search(index, "fakturering", k=2, flt=SearchFilter(exclude=frozenset({"d0.pdf"})))
    assert [h.chunk.id for h in only] == ["c1"]


def test_langchain_retriever_round_trips_chunks():
    chunks = [_chunk(0, "Minimidebiteringen är 2 408 080 kr per år."), _chunk(1, "Utbildning.")]
    emb = FakeEmbedder()
    index = IndexSnapshot(chunks, emb.embed_passages([c.text for c in chunks]), None, emb)
    docs = HybridRetriever(index=index, k=1).invoke("minimidebiteringen")
    assert len(docs) == 1 and docs[0].metadata["page"] == 1
    assert from_document(docs[0]).chunk == chunks[0]


def test_a_question_comparing_regions_gets_passages_from_each():
    chunks = [
        _chunk(i, f"Kostnaden fördelas enligt regel {i} mellan region och kommuner.", "Stockholm")
        for i in range(6)
    ]
    chunks.append(
        _chunk(6, "Avgiftsreglering: kostnaden delas mellan regionen och kommunerna.", "Västernorrland")
    )
    emb = FakeEmbedder()
    index = IndexSnapshot(chunks, emb.embed_passages([c.text for c in chunks]), None, emb)
    question = "Hur fördelas kostnaden mellan region och kommuner i Stockholm och i Västernorrland?"
    both = SearchFilter(regions=("Västernorrland", "Stockholm"))
    assert {h.chunk.region for h in search(index, question, k=3, flt=both)} == {"Stockholm", "Västernorrland"}
    only_stockholm = search(index, "Hur fördelas kostnaden mellan region och kommuner i Stockholm?", k=3)
    assert {h.chunk.region for h in only_stockholm} == {"Stockholm"}
