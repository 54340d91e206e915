"""Runner, scoring, citation checks on a generated PDF, the gate, the baseline splitter and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation import gate, report
from assistant.evaluation.baselines import split_text
from assistant.evaluation.cases import Case, padded
from assistant.evaluation.evaluate import EvalRun, PageCache, SystemRun
from assistant.evaluation.runner import by_category, latency, run_system, summarize
from assistant.types import Answer, Calculation, Citation

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DOC = "avtal.pdf"
PAGE1 = "Minimidebiteringen är vid avtalets tecknande 2 408 080 kr per år."
PAGE2 = "Debitering av kommuner sker två gånger per år; i juni och december."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A two-page agreement PDF with a known fact on each page."""
    fpdf = pytest.importorskip("fpdf")
    if not FONT.is_file():
        pytest.skip("DejaVu Sans is not installed")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for text in (PAGE1, PAGE2):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(tmp_path / DOC))
    return tmp_path


def case(
    id: str, question: str = "q", *, gold=((DOC, 1),), facts=(), refuse=False, expected=(), category="fakta"
):
    return Case(
        id=id,
        category=category,
        question=question,
        gold=frozenset(gold),
        must_contain=tuple((f,) for f in facts),
        refuse=refuse,
        expected=expected,
    )


class FakeSystem:
    """Answers from a table; ranks pages from a table (a test double for the System seam)."""

    name = "fake"

    def __init__(self, answers: dict[str, Answer], ranked: dict[str, list[tuple[str, int]]]) -> None:
        self.answers, self.ranked = answers, ranked

    def ask(self, question: str) -> Answer:
        if question == "boom":
            raise RuntimeError("broken")
        return self.answers[question]

    def retrieve(self, question: str, k: int) -> list[tuple[str, int]]:
        return self.ranked.get(question, [])[:k]


def test_citation_validity_against_the_pdf(corpus: Path):
    pages = PageCache(corpus)
    assert pages(DOC, 1) and "2 408 080" in pages(DOC, 1)
    assert pages(DOC, 3) is None
    assert pages("missing.pdf", 1) is None


def test_scoring_and_summary(corpus: Path):
    calc = Calculation(tool="t", result=45103, unit="kr", inputs={}, steps=())
    good_quote = Citation(DOC, 1, "tecknande 2 408 080 kr")
    answers = {
        "min": Answer("min", "Minimidebiteringen är 2 408 080 kr [1].", False, (good_quote,)),
        "fakt": Answer(
            "fakt", "I juni [1].", False, (Citation(DOC, 1, "i juni och december"),)
        ),  # wrong page
        "calc": Answer("calc", "45 103 kr", False, (good_quote,), calculation=calc),
        "ref": Answer("ref", "Avtalen svarar inte på det.", True),
        "ref2": Answer("ref2", "Brasilien.", False),
    }
    ranked = {"min": [(DOC, 1)], "fakt": [(DOC, 1), (DOC, 2)], "calc": [("x.pdf", 1)]}
    cases = [
        case("min", "min", facts=["2 408 080"]),
        case("fakt", "fakt", gold=[(DOC, 2)], facts=["juni", "december"]),
        case("calc", "calc", facts=["45 103"], expected=(45102.0, 45103.0), category="berakning"),
        case("ref", "ref", gold=(), refuse=True, category="vagran"),
        case("ref2", "ref2", gold=(), refuse=True, category="vagran"),
        case("boom", "boom", facts=["x"]),
    ]
    results = run_system(FakeSystem(answers, ranked), cases, PageCache(corpus))
    by_id = {r.case.id: r for r in results}
    assert by_id["min"].correct
    assert by_id["fakt"].missing == ["december"] and by_id["fakt"].invalid_citations
    assert by_id["calc"].numeric_ok is True
    assert by_id["boom"].error.startswith("RuntimeError") and not by_id["boom"].correct
    assert any("answered, should refuse" in p for p in by_id["ref2"].problems())

    m = summarize(results)
    # retrieval over min, fakt, calc, boom (gold pages, non-empty questions)
    assert m["recall@1"] == pytest.approx(1 / 4)
    assert m["recall@5"] == pytest.approx(2 / 4)
    assert m["mrr"] == pytest.approx((1 + 0.5) / 4)
    assert m["facts"] == pytest.approx(2 / 4)  # min and calc; fakt misses a fact, boom has no answer
    assert m["numeric"] == 1.0
    assert m["citation_validity"] == pytest.approx(2 / 3)  # fakt quotes page 2's text as page 1
    assert m["citation_precision"] == pytest.approx(2 / 3)  # min p1 gold, fakt p1 not, calc p1 gold
    assert m["refusal_precision"] == 1.0
    assert m["refusal_recall"] == 0.5
    assert by_category(results) == {"fakta": pytest.approx(1 / 3), "berakning": 1.0, "vagran": 0.5}
    lat = latency(results, 2.0)
    assert lat["cold_start_s"] == 2.0 and lat["p50_ms"] is not None


def test_gate():
    thresholds = {"citation_validity": 1.0, "numeric": 1.0, "recall@5": 0.9}
    assert gate.check({"citation_validity": 1.0, "numeric": 1.0, "recall@5": 0.93}, thresholds) == []
    failures = gate.check({"citation_validity": 0.98, "numeric": None, "recall@5": 0.93}, thresholds)
    assert len(failures) == 2 and "citation_validity" in failures[0] and "numeric" in failures[1]


def test_shipped_thresholds_are_readable():
    floors = gate.load_thresholds()
    assert floors["citation_validity"] == 1.0 and floors["numeric"] == 1.0 and 0 <= floors["recall@5"] <= 1


def test_split_text_like_langchain():
    assert split_text("a b c d e f g h", 5, 2) == ["a b c", "c d e", "e f g", "g h"]
    text = "\n".join(f"Rad {i} " + "ord " * 30 for i in range(40))
    chunks = split_text(text)
    assert all(len(c) <= 1000 for c in chunks)
    assert all(c in text for c in chunks)  # verbatim windows, so a chunk is a valid quote
    assert chunks[0][-100:] in chunks[1]  # neighbouring chunks overlap


def test_padded_question():
    q = padded("När faktureras kommunerna?", 300)
    assert q.endswith("När faktureras kommunerna?") and 300 <= len(q) <= 330
    assert padded("x", 0) == "x"


def test_report_files(tmp_path: Path, corpus: Path):
    answers = {"min": Answer("min", "2 408 080 kr", False, (Citation(DOC, 1, "2 408 080 kr"),))}
    cases = [case("min", "min", facts=["2 408 080"]), case("miss", "min", facts=["juni"])]
    results = run_system(FakeSystem(answers, {"min": [(DOC, 1)]}), cases, PageCache(corpus))
    metrics = {**summarize(results), **latency(results, 1.5)}
    systems = [SystemRun(n, results, metrics, by_category(results)) for n in ("projekt", "bm25")]
    run = EvalRun(systems=systems, ingest_s=3.2, chunks=7, cases=2, seconds=9)
    table = report.text_table(run)
    assert "recall@5" in table and "projekt/bm25" in table and "1.00×" in table
    md, png = report.save(run, tmp_path / "out")
    text = md.read_text(encoding="utf-8")
    assert "| `miss` |" in text and "missing juni" in text
    assert png.stat().st_size > 10_000


def test_eval_subcommand_is_registered():
    from assistant.cli import build_parser

    args = build_parser().parse_args(["eval", "--gate", "--no-baselines", "--limit", "3"])
    assert args.gate and args.no_baselines and args.limit == 3 and callable(args.run)
