"""The question file: every case well-formed, every gold page real, every evidence on its page."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from assistant.errors import DataError
from assistant.evaluation.cases import CATEGORIES, QUESTIONS_FILE, load_cases, parse_case
from assistant.ingest.normalize import quote_in_text
from assistant.ingest.pdf import read_pdf
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
CASES = load_cases(QUESTIONS_FILE)


@cache
def pages(document: str) -> dict[int, str]:
    return {p.number: p.text for p in read_pdf(CORPUS / document)}


def test_enough_cases_in_every_category():
    counts = Counter(c.category for c in CASES.cases)
    assert len(CASES.cases) >= 80
    assert set(counts) == set(CATEGORIES)
    assert sum(c.refuse for c in CASES.cases) >= 10


def test_every_document_is_covered():
    shipped = {p.name for p in CORPUS.glob("*.pdf")}
    assert set(CASES.documents.values()) == shipped
    covered = {doc for c in CASES.cases for doc in c.gold_documents}
    assert covered == shipped


@pytest.mark.parametrize("case", CASES.cases, ids=lambda c: c.id)
def test_gold_pages_exist(case):
    for document, page in case.gold:
        assert page in pages(document), f"{document} has no page {page}"


@pytest.mark.parametrize("case", [c for c in CASES.cases if c.evidence], ids=lambda c: c.id)
def test_evidence_is_on_a_gold_page(case):
    for text in case.evidence:
        assert any(quote_in_text(text, pages(doc)[page]) for doc, page in case.gold), text


@pytest.mark.parametrize("case", CASES.cases, ids=lambda c: c.id)
def test_case_is_consistent(case):
    if case.refuse:
        assert not case.expected and not case.must_contain
    else:
        assert case.must_contain, "an answerable case names the facts a right answer holds"
        assert case.gold, "an answerable case names its gold pages"
    if case.category in ("fakta", "korsdokument") and case.gold:
        assert case.evidence, "fact cases prove their gold page with `evidence`"


def test_long_and_empty_questions_are_there():
    lengths = [len(c.question) for c in CASES.cases]
    assert min(lengths) == 0
    assert max(lengths) > 2000


def test_bad_cases_are_refused_with_their_id():
    docs = {"vnl": "v.pdf"}
    good = {
        "id": "x-1",
        "category": "fakta",
        "question": "?",
        "gold": {"vnl": [2]},
        "must_contain": ["a"],
        "refuse": False,
    }
    assert parse_case(good, docs).gold == frozenset({("v.pdf", 2)})
    for bad in (
        {**good, "gold": {"nope": [1]}},
        {**good, "gold": {"vnl": [0]}},
        {**good, "category": "other"},
        {**good, "refuse": "no"},
        {**good, "typo_field": 1},
        {k: v for k, v in good.items() if k != "must_contain"},
    ):
        with pytest.raises(DataError, match="x-1"):
            parse_case(bad, docs)


def test_duplicate_ids_are_refused(tmp_path: Path):
    case = "  - {id: a, category: fakta, question: q, gold: {}, must_contain: [x], refuse: false}\n"
    path = tmp_path / "q.yaml"
    path.write_text("documents: {}\ncases:\n" + case + case, encoding="utf-8")
    with pytest.raises(DataError, match="duplicate"):
        load_cases(path)
