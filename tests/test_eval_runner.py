"""Runner, scoring, citation checks on a generated PDF, the gate, the baseline splitter and the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import DataError
from assistant.evaluation import gate, report
from assistant.evaluation.baselines import split_text
from assistant.evaluation.cases import Case, padded
from assistant.evaluation.evaluate import EvalRun, PageCache, SystemRun
from assistant.evaluation.runner import CaseResult, run_system, score
from assistant.evaluation.summary import METRICS, by_category, by_split, latency, summarize
from assistant.evaluation.systems import accepts_history
from assistant.types import Answer, Calculation, Citation

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DOC = "avtal.pdf"
PAGE1 = "Minimidebiteringen är vid avtalets tecknande 2 408 080 kr per år."
PAGE2 = "Debitering av kommuner sker två gånger per år; i juni och december."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A two-page agreement PDF with a known fact on each page."""
    import fpdf  # a dev dependency: a missing install fails, never skips

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
    id: str,
    question: str = "q",
    *,
    gold=((DOC, 1),),
    facts=(),
    refuse=False,
    expected=(),
    category="fakta",
    split="dev",
    group="",
    dialogue="",
    turn=0,
):
    return Case(
        id=id,
        category=category,
        question=question,
        gold=frozenset(gold),
        must_contain=tuple((f,) for f in facts),
        refuse=refuse,
        expected=expected,
        split=split,
        group=group,
        dialogue=dialogue,
        turn=turn,
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


class HistorySystem(FakeSystem):
    """Records the history each question came with; says which stand-alone question it answered."""

    def __init__(self, answers, ranked) -> None:
        super().__init__(answers, ranked)
        self.histories: list[tuple[str, list[str]]] = []

    def ask(self, question: str, history=()) -> Answer:
        self.histories.append((question, [a.question for a in history]))
        answer = self.answers[question]
        return replace(answer, asked_as="Vad betalar Ånge 2027?") if history else answer


def test_dialogue_turns_are_asked_with_the_earlier_answers(corpus: Path):
    answers = {
        "Vad betalar Ånge 2026?": Answer("Vad betalar Ånge 2026?", "45 103 kr", False),
        "och 2027?": Answer("och 2027?", "45 103 kr", False),
        "lone": Answer("lone", "x", False),
    }
    ranked = {"Vad betalar Ånge 2027?": [(DOC, 1)], "och 2027?": [(DOC, 2)]}
    cases = [
        case("d-1", "Vad betalar Ånge 2026?", facts=["45 103"], category="dialog", dialogue="d", turn=1),
        case("d-2", "och 2027?", facts=["45 103"], category="dialog", dialogue="d", turn=2),
        case("lone", "lone", gold=(), facts=["x"]),
        case("e-1", "Vad betalar Ånge 2026?", category="dialog", dialogue="e", turn=1),
    ]
    system = HistorySystem(answers, ranked)
    results = run_system(system, cases, PageCache(corpus))
    assert system.histories == [
        ("Vad betalar Ånge 2026?", []),
        ("och 2027?", ["Vad betalar Ånge 2026?"]),
        ("lone", []),
        ("Vad betalar Ånge 2026?", []),  # a new dialogue starts without history
    ]
    assert results[1].ranked == [(DOC, 1)]  # retrieved with asked_as, not with "och 2027?"


def test_a_system_without_history_is_asked_the_turn_alone(corpus: Path):
    answers = {"a": Answer("a", "x", False), "b": Answer("b", "x", False)}
    cases = [
        case("d-1", "a", gold=(), facts=["x"], dialogue="d", turn=1),
        case("d-2", "b", gold=(), facts=["x"], dialogue="d", turn=2),
    ]
    results = run_system(FakeSystem(answers, {}), cases, PageCache(corpus))
    assert all(r.correct for r in results)


def test_accepts_history():
    assert accepts_history(HistorySystem({}, {}).ask)
    assert not accepts_history(FakeSystem({}, {}).ask)
    assert accepts_history(lambda question, **kwargs: None)
    assert not accepts_history(len)


def result(c: Case, refused: bool, page: int | None = 1, correct_facts: bool = True) -> CaseResult:
    citations = (Citation(DOC, page, "q"),) if page else ()
    text = " ".join(f for group in c.must_contain for f in group) if correct_facts else ""
    return score(
        CaseResult(case=c, answer=Answer(c.question, text, refused, citations)), lambda doc, page: "q"
    )


def test_issue11_metrics_on_hand_made_results():
    s1, s2, s3 = (case(f"s{i}", gold=(), refuse=True, category="saknas") for i in range(3))
    a1, a2 = case("a1", facts=["x"]), case("a2", facts=["x"], category="engelska")
    l1 = case("l1", facts=["x", "y"], category="lista")
    v1 = case("v1", gold=(), refuse=True, category="vagran")
    g = [case(f"g{i}", facts=["x"], category="parafras", group="g") for i in range(3)]
    h = [case(f"h{i}", facts=["x"], category="parafras", group="h") for i in range(3)]
    d = [case(f"d-{i}", facts=["x"], category="dialog", dialogue="d", turn=i) for i in (1, 2, 3)]
    results = [
        result(s1, True),
        result(s2, True),
        result(s3, False),  # an absent detail answered
        result(a1, True),  # an answerable case refused: costs absent-refusal precision
        result(a2, False),
        result(l1, False, correct_facts=False),
        result(v1, True),  # out of domain: not part of the absent-detail figures
        *(result(c, False) for c in g),  # same verdict, same first page
        result(h[0], False),
        result(h[1], False, page=2),  # another first page
        result(h[2], False),
        result(d[0], False),
        result(d[1], False),
        result(d[2], False, correct_facts=False),
    ]
    m = summarize(results)
    assert m["absent_refusal_recall"] == pytest.approx(2 / 3)
    assert m["absent_refusal_precision"] == pytest.approx(2 / 3)  # s1, s2 right; a1 wrong
    assert m["english"] == 1.0 and m["lists"] == 0.0
    assert m["paraphrase_consistency"] == 0.5
    assert m["followup"] == 0.5  # turn 2 right, turn 3 not; turn 1 is no follow-up
    assert m["dialogues"] == 0.0
    none = summarize([result(a1, False)])
    assert none["absent_refusal_recall"] is None and none["absent_refusal_precision"] is None
    assert none["paraphrase_consistency"] is None and none["followup"] is None


def test_metrics_per_split():
    dev, test = case("a", facts=["x"]), case("b", facts=["x"], split="test")
    splits = by_split([result(dev, False), result(test, True)])
    assert splits["dev"]["correct"] == 1.0 and splits["test"]["correct"] == 0.0
    assert by_category([result(dev, False), result(test, True)], "test") == {"fakta": 0.0}


def test_gate():
    thresholds = {"citation_validity": 1.0, "numeric": 1.0, "recall@5": 0.9}
    assert gate.check({"citation_validity": 1.0, "numeric": 1.0, "recall@5": 0.93}, thresholds) == []
    failures = gate.check({"citation_validity": 0.98, "numeric": None, "recall@5": 0.93}, thresholds)
    assert len(failures) == 2 and "citation_validity" in failures[0] and "numeric" in failures[1]


def test_shipped_thresholds_are_readable():
    floors = gate.load_thresholds()
    assert (
        floors["citation_validity"] == 1.0 and floors["numeric_given"] == 1.0 and 0 <= floors["recall@5"] <= 1
    )
    goals = gate.load_targets()
    assert set(goals) >= {"correct", "absent_refusal_recall", "paraphrase_consistency", "english", "followup"}
    assert set(goals) <= {key for key, _ in METRICS} and set(floors) <= {key for key, _ in METRICS}


def test_floors_and_targets_files(tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text("minimum:\n  recall@5: 0.9\n", encoding="utf-8")  # the file before floors/targets
    assert gate.load_thresholds(path) == {"recall@5": 0.9} and gate.load_targets(path) == {}
    path.write_text("floors:\n  numeric: 1.0\ntargets:\n  english: 0.9\n  followup: 0.9\n", encoding="utf-8")
    assert gate.load_thresholds(path) == {"numeric": 1.0}
    met, missing = gate.targets({"english": 0.95, "followup": None}, gate.load_targets(path))
    assert met.met and not missing.met and missing.value is None
    assert not gate.targets({"english": 0.85}, {"english": 0.9})[0].met
    for bad in ("targets:\n  english: 0.9\n", "floors: [1, 2]\n", "- a\n", "floors: {numeric: high}\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(DataError, match=r"t\.yaml"):
            gate.load_thresholds(path)


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
    systems = [
        SystemRun(n, results, metrics, by_category(results), splits=by_split(results))
        for n in ("projekt", "bm25")
    ]
    run = EvalRun(systems=systems, ingest_s=3.2, chunks=7, cases=2, seconds=9)
    goals, floors = {"correct": 0.9}, {"recall@5": 0.5}
    table = report.text_table(run, goals, floors)
    assert "recall@5" in table and "projekt/bm25" in table and "1.00×" in table
    assert "projekt dev" in table and "projekt test" in table and "ej uppfyllt" in table
    md, png = report.save(run, tmp_path / "out", goals, floors)
    text = md.read_text(encoding="utf-8")
    assert "| `miss` |" in text and "missing juni" in text
    assert "## Dev och test sida vid sida" in text and "| projekt dev | projekt test |" in text
    assert "| correct | mål | 90.0 % | – | ej uppfyllt |" in text  # both cases are dev: no test figure
    assert png.stat().st_size > 10_000


def test_eval_subcommand_is_registered():
    from assistant.cli import build_parser

    args = build_parser().parse_args(["eval", "--gate", "--no-baselines", "--limit", "3"])
    assert args.gate and args.no_baselines and args.limit == 3 and callable(args.run)
