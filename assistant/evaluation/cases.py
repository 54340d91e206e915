"""The known questions: load `evals/questions.yaml` into typed, validated cases.

The YAML is written by people who maintain the agreements, so every mistake
(an unknown field, a missing page list, a duplicate id) fails loudly with the
case id and what to fix, instead of silently skewing a metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..settings import PROJECT_ROOT

QUESTIONS_FILE = PROJECT_ROOT / "evals" / "questions.yaml"
CATEGORIES = (
    "fakta",
    "berakning",
    "korsdokument",
    "engelska",
    "vagran",
    "adversarial",
    "saknas",
    "lista",
    "parafras",
    "dialog",
)
REQUIRED = ("id", "category", "question", "gold", "must_contain", "refuse")
SPLITS = ("dev", "test")
"""`dev` is tuned on; `test` is frozen: never read while choosing thresholds, word lists or heuristics."""
OPTIONAL = ("split", "expected", "tolerance", "evidence", "pad", "must_not_contain", "note", "group")
DIALOGUE_CATEGORY = "dialog"
DIALOGUE_REQUIRED = ("id", "category", "split", "turns")
DIALOGUE_OPTIONAL = ("note",)
TURN_REQUIRED = ("question", "gold", "must_contain", "refuse")
TURN_OPTIONAL = ("expected", "tolerance", "evidence", "must_not_contain", "note")
GROUP_SAME = ("gold", "must_contain", "refuse", "expected", "split")
"""What every member of a paraphrase group must share: they ask the same thing."""

PAD_SENTENCE = (
    "Jag arbetar som förvaltningsledare och har läst igenom avtalen flera gånger, "
    "men vill vara säker på att jag har förstått rätt innan jag svarar min chef. "
)
"""Filler for `pad`: a realistic run-up to the actual question."""


@dataclass(frozen=True)
class Case:
    """One known question with what a correct answer must show."""

    id: str
    category: str
    question: str
    """The question as sent, `pad` filler already prepended."""
    gold: frozenset[tuple[str, int]]
    """(document file name, 1-based page) pairs that hold the answer."""
    must_contain: tuple[tuple[str, ...], ...]
    """Each item is a group of alternatives; the answer must contain one of each group."""
    refuse: bool
    expected: tuple[float, ...] = ()
    """Acceptable results of a calculation (usually one; two where a rounding rule is open)."""
    tolerance: float = 0.5
    evidence: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    note: str = ""
    split: str = "dev"
    """'dev' (tune on it) or 'test' (frozen; the CI gate reads it)."""
    group: str = ""
    """Paraphrase group id: members ask the same thing and must get the same verdict and first page."""
    dialogue: str = ""
    """Id of the dialogue this case is a turn of ('' for a stand-alone question)."""
    turn: int = 0
    """1-based position in its dialogue; later turns are asked with the earlier answers as history."""

    @property
    def gold_documents(self) -> frozenset[str]:
        return frozenset(doc for doc, _ in self.gold)


@dataclass(frozen=True)
class CaseFile:
    """All cases plus the document aliases they were written with."""

    documents: dict[str, str]
    cases: tuple[Case, ...] = field(default_factory=tuple)


def padded(question: str, pad: int) -> str:
    """Prefix `question` with `pad` characters of filler (whole sentences, cut to length)."""
    if pad <= 0:
        return question
    filler = (PAD_SENTENCE * (pad // len(PAD_SENTENCE) + 1))[:pad]
    return f"{filler.rstrip()} {question}"


def _fail(case_id: str, what: str) -> DataError:
    return DataError(
        f"evals/questions.yaml, case '{case_id}': {what}.",
        "Fix the case; the header of the file explains every field.",
    )


def _alternatives(case_id: str, items: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(items, list):
        raise _fail(case_id, "must_contain must be a list")
    groups: list[tuple[str, ...]] = []
    for item in items:
        options = item if isinstance(item, list) else [item]
        if not options or not all(isinstance(o, str | int | float) and str(o).strip() for o in options):
            raise _fail(case_id, f"must_contain item {item!r} must be a non-empty text or list of texts")
        groups.append(tuple(str(o) for o in options))
    return tuple(groups)


def _gold(case_id: str, raw: Any, documents: dict[str, str]) -> frozenset[tuple[str, int]]:
    if not isinstance(raw, dict):
        raise _fail(case_id, "gold must be a mapping like {vnl: [2]} (or {} for none)")
    pairs: set[tuple[str, int]] = set()
    for alias, pages in raw.items():
        if alias not in documents:
            raise _fail(case_id, f"unknown document alias '{alias}' (known: {', '.join(documents)})")
        if not isinstance(pages, list) or not pages or not all(isinstance(p, int) and p >= 1 for p in pages):
            raise _fail(case_id, f"gold pages for '{alias}' must be a list of 1-based page numbers")
        pairs.update((documents[alias], p) for p in pages)
    return frozenset(pairs)


def parse_case(raw: dict[str, Any], documents: dict[str, str]) -> Case:
    """Validate one YAML mapping (a stand-alone question) and build its Case."""
    case_id = str(raw.get("id", "?"))
    if "turns" in raw or raw.get("category") == DIALOGUE_CATEGORY:
        raise _fail(
            case_id, "a dialogue (category dialog, with turns:) is read by parse_entry, not parse_case"
        )
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise _fail(case_id, f"missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(case_id, f"unknown field(s) {', '.join(unknown)}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case_id):
        raise _fail(case_id, "id must be lower-case kebab-case")
    if raw["category"] not in CATEGORIES:
        raise _fail(case_id, f"category must be one of {', '.join(CATEGORIES)}")
    if raw.get("split", "dev") not in SPLITS:
        raise _fail(case_id, f"split must be one of {', '.join(SPLITS)}")
    if not isinstance(raw["refuse"], bool):
        raise _fail(case_id, "refuse must be true or false")
    if not isinstance(raw["question"], str):
        raise _fail(case_id, "question must be text (quote it if it looks like a number)")
    group = raw.get("group", "")
    if group and not (isinstance(group, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", group)):
        raise _fail(case_id, "group must be a lower-case kebab-case id shared by the paraphrases")
    if group and raw["category"] != "parafras":
        raise _fail(case_id, "only category parafras cases carry a group")
    if raw["category"] == "parafras" and not group:
        raise _fail(case_id, "a parafras case needs group: <id> naming its paraphrase group")
    evidence = raw.get("evidence", ())
    evidence = (evidence,) if isinstance(evidence, str) else tuple(str(e) for e in evidence)
    expected = raw.get("expected", [])
    expected = expected if isinstance(expected, list) else [expected]
    if not all(isinstance(e, int | float) and not isinstance(e, bool) for e in expected):
        raise _fail(case_id, "expected must be a number or a list of acceptable numbers")
    return Case(
        id=case_id,
        category=raw["category"],
        question=padded(raw["question"], int(raw.get("pad", 0))),
        gold=_gold(case_id, raw["gold"], documents),
        must_contain=_alternatives(case_id, raw["must_contain"]),
        refuse=raw["refuse"],
        expected=tuple(float(e) for e in expected),
        tolerance=float(raw.get("tolerance", 0.5)),
        evidence=evidence,
        must_not_contain=tuple(str(s) for s in raw.get("must_not_contain", ())),
        note=str(raw.get("note", "")),
        split=str(raw.get("split", "dev")),
        group=str(group or ""),
    )


def parse_dialogue(raw: dict[str, Any], documents: dict[str, str]) -> tuple[Case, ...]:
    """Validate a dialogue and build one Case per turn, ids '<dialogue>-<n>', in order.

    Each turn is scored on its own expectations; the runner asks them in order,
    every later turn with the answers to the earlier ones as history.
    """
    case_id = str(raw.get("id", "?"))
    missing = [k for k in DIALOGUE_REQUIRED if k not in raw]
    if missing:
        raise _fail(case_id, f"dialogue: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(DIALOGUE_REQUIRED) - set(DIALOGUE_OPTIONAL))
    if unknown:
        raise _fail(
            case_id,
            f"dialogue: unknown field(s) {', '.join(unknown)} (question, gold, expectations go in each turn)",
        )
    if raw["category"] != DIALOGUE_CATEGORY:
        raise _fail(case_id, f"a case with turns: must have category {DIALOGUE_CATEGORY}")
    turns = raw["turns"]
    if not isinstance(turns, list) or len(turns) < 2 or not all(isinstance(t, dict) for t in turns):
        raise _fail(
            case_id, "turns must be a list of at least two mappings {question, gold, must_contain, refuse}"
        )
    cases = []
    for n, turn in enumerate(turns, start=1):
        where = f"{case_id} turn {n}"
        missing = [k for k in TURN_REQUIRED if k not in turn]
        if missing:
            raise _fail(where, f"missing field(s) {', '.join(missing)}")
        unknown = sorted(set(turn) - set(TURN_REQUIRED) - set(TURN_OPTIONAL))
        if unknown:
            raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
        flat = {**turn, "id": f"{case_id}-{n}", "category": "fakta", "split": raw["split"]}
        try:
            case = parse_case(flat, documents)
        except DataError as exc:
            raise _fail(where, exc.message.split(": ", 1)[-1].rstrip(".")) from exc
        cases.append(replace(case, category=DIALOGUE_CATEGORY, dialogue=case_id, turn=n))
    return tuple(cases)


def parse_entry(raw: Any, documents: dict[str, str]) -> tuple[Case, ...]:
    """One entry of `cases:`: a question (one Case) or a dialogue (one Case per turn)."""
    if not isinstance(raw, dict):
        raise DataError(
            f"evals/questions.yaml: a case must be a mapping, got {raw!r}.", "See the file header."
        )
    if "turns" in raw or raw.get("category") == DIALOGUE_CATEGORY:
        return parse_dialogue(raw, documents)
    return (parse_case(raw, documents),)


def check_groups(cases: tuple[Case, ...]) -> None:
    """Every paraphrase group has at least three members that share gold, facts, verdict and split."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        if case.group:
            groups.setdefault(case.group, []).append(case)
    for name, members in groups.items():
        first = members[0]
        if len(members) < 3:
            raise _fail(first.id, f"paraphrase group '{name}' has {len(members)} member(s); it needs three")
        for other in members[1:]:
            for attr in GROUP_SAME:
                if getattr(other, attr) != getattr(first, attr):
                    raise _fail(
                        other.id,
                        f"its {attr} differs from '{first.id}' in paraphrase group '{name}' "
                        "(paraphrases ask the same thing)",
                    )


def complete_dialogues(selected: list[Case], everything: tuple[Case, ...]) -> list[Case]:
    """`selected` plus the earlier turns of every dialogue it cuts into, in file order.

    A later turn means nothing without the turns before it ("och 2027?").
    """
    wanted = {(c.dialogue, c.turn) for c in selected if c.dialogue}
    needed = {(d, t) for d, last in wanted for t in range(1, last + 1)}
    chosen = {c.id for c in selected}
    return [c for c in everything if c.id in chosen or (c.dialogue, c.turn) in needed]


def load_cases(path: Path = QUESTIONS_FILE) -> CaseFile:
    """Read and validate the question file; raises DataError naming the bad case."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Cannot read {path}: {exc}", "Check the path and the YAML syntax.") from exc
    if not isinstance(data, dict) or "cases" not in data or "documents" not in data:
        raise DataError(f"{path} needs top-level 'documents' and 'cases'.", "See the header of the file.")
    documents = {str(k): str(v) for k, v in data["documents"].items()}
    cases = tuple(case for raw in data["cases"] for case in parse_entry(raw, documents))
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise _fail(case.id, "duplicate id")
        seen.add(case.id)
    check_groups(cases)
    return CaseFile(documents=documents, cases=cases)
