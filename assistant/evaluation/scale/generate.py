"""Synthetic agreement PDFs: Swedish clauses, parties, dates and tables of amounts.

Every document is different but reads like the real ones (a samverkansavtal
between a region and a municipality about one IT system), so chunking,
BM25 and embeddings see realistic text. Each document states one minimum
charge; `facts.jsonl` records it, so the benchmark can check that a question
about that document still finds it as the corpus grows.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = FONT.with_name("DejaVuSans-Bold.ttf")


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split("|"))


def _reference() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Region and municipality names from the corpus's reference lists (data, not code)."""
    from ...agreements.reference import load_reference
    from ...settings import PROJECT_ROOT

    ref = load_reference(PROJECT_ROOT / "corpus")
    return tuple(f"Region {r.name}" for r in ref.regions), tuple(m.name for m in ref.municipalities)


REGIONS, MUNICIPALITIES = _reference()
SYSTEMS = _words("Lifecare SP|Cosmic Link|Prator|Meddix Öppenvård|SAMSA|WebCare|Vårdsam")
SUPPLIERS = _words(
    "Nordvård IT AB|Cambio Healthcare Systems AB|CGI Sverige AB|Evry Healthcare AB|Nordic IT AB"
)
FIRST = _words("Anna|Lars|Maria|Johan|Karin|Erik|Eva|Per|Sara|Mikael|Lena|Anders")
LAST = _words("Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Lindqvist")
TITLES = _words("Regiondirektör|Socialchef|Förvaltningschef|Hälso- och sjukvårdsdirektör|Kommundirektör")
MONTHS = _words("januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december")

INTRO = (
    "Regionen och kommunen har ett gemensamt ansvar för planering och genomförande av vård, omsorg och "
    "stöd för patienter efter sjukhusvistelse.",
    "Övergången mellan olika vårdgivare ska ske utan olägenhet för patienten och patientens värdighet ska "
    "beaktas.",
    "Syftet med avtalet är att reglera hur förvaltningen, brukandet och utvecklingen av IT-stödet ska "
    "bedrivas.",
    "Utöver detta avtal finns andra dokument som påverkar användningen av systemet, till exempel lokala "
    "rutiner och riktlinjer för samverkan vid utskrivning från sluten hälso- och sjukvård.",
    "Parterna är överens om att informationsöverföringen ska vara säker, spårbar och följa gällande lagar.",
)
DUTIES = (
    "{region} åtar sig det centrala systemägarskapet med det ansvar som regleras i regionens "
    "systemförvaltningsmodell.",
    "{region} utser en central systemförvaltare som har huvudansvaret för att driva en aktiv "
    "systemförvaltning.",
    "Parterna ansvarar var för sig för att tillhandahålla lokal support genom egna lokala "
    "systemadministratörer.",
    "De lokala systemadministratörerna ansvarar för behörighetshantering och uppdatering av grunddata.",
    "Parterna ansvarar var för sig för kostnader för utbildning av personal inom den egna organisationen.",
    "Kostnader som tydligt kan hänföras till en enskild huvudman ska inte belasta den gemensamma kostnaden.",
    "Avveckling ska ske enligt regionens rutiner för avveckling av tjänst.",
    "Tvister ska i första hand lösas av närmaste chefer inom berörda verksamheter.",
)


@dataclass(frozen=True)
class Fact:
    """What one generated document states, for the benchmark's sanity questions."""

    file: str
    region: str
    municipality: str
    system: str
    minimum_charge: int


def kr(n: int) -> str:
    return f"{n:,}".replace(",", " ") + " kr"


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def document_text(rng: random.Random, n: int) -> tuple[Fact, list[tuple[str, list[str]]], list[list[str]]]:
    """One agreement: (fact, sections of paragraphs, cost table rows)."""
    region, kommun = rng.choice(REGIONS), rng.choice(MUNICIPALITIES)
    system, supplier = rng.choice(SYSTEMS), rng.choice(SUPPLIERS)
    start = rng.randint(2019, 2026)
    charge = rng.randrange(400_000, 4_000_000, 10)
    users, extra = rng.choice((100, 150, 200, 250)), rng.choice((20_000, 40_000, 60_000))
    first, second = sorted(rng.sample(MONTHS, 2), key=MONTHS.index)
    share = rng.choice((25, 40, 50, 60))
    org = f"232100-{rng.randint(1000, 9999)}", f"212000-{rng.randint(1000, 9999)}"
    number = f"{rng.randint(18, 26)}IU{rng.randint(100, 999)}"
    extend = rng.choice((1, 2, 3))
    period = f"från {_date(rng, start)} till {_date(rng, start + 3)}"
    signers = [
        f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(TITLES)}, {who}" for who in (region, kommun)
    ]
    fact = Fact(f"avtal-{n:05d}.pdf", region, kommun, system, charge)
    sections = [
        (f"Samverkansavtal om {system} mellan {region} och {kommun} kommun", []),
        ("Inledning", rng.sample(INTRO, 3)),
        (
            "Parter",
            [
                f"Mellan {region}, org.nr {org[0]}, och {kommun} kommun, org.nr {org[1]}, har detta "
                f"samverkansavtal om förvaltning och drift av {system} slutits.",
            ],
        ),
        (
            "Avtalstid",
            [
                f"Avtalet löper med samma giltighetstid som huvudavtalet med {supplier}, "
                f"avtalsnummer {number}, {period}, med möjlighet till förlängning med upp till {extend} år.",
            ],
        ),
        (
            "Avgiftsreglering",
            [
                f"Kostnaden för användandet av {system} baseras på avtalet med {supplier}. "
                f"Minimidebiteringen är vid avtalets tecknande {kr(charge)} per år.",
                f"Överstiger antalet samtida inloggade användare {users} tas en extra kostnad på {kr(extra)} "
                "per 10 användare.",
            ],
        ),
        (
            "Kostnadsfördelning",
            [
                f"Kostnaden fördelas med {100 - share} % till {region} och {share} % till {kommun} kommun "
                "enligt tabellen nedan. Beloppen räknas upp årligen enligt SKR:s prisindex.",
            ],
        ),
        ("Debitering", [f"Debitering sker två gånger per år; i {first} och {second}."]),
        ("Ansvar och behörighet", [d.format(region=region) for d in rng.sample(DUTIES, 5)]),
        ("Underskrifter", signers),
    ]
    rows = [["År", "Region", "Kommun", "Belopp"]]
    for year in range(start, start + 4):
        amount = round(charge * 1.03 ** (year - start))
        rows.append([str(year), f"{100 - share} %", f"{share} %", kr(amount)])
    return fact, sections, rows


def write_pdf(path: Path, sections: list[tuple[str, list[str]]], rows: list[list[str]]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.is_file() and FONT_BOLD.is_file():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.add_font("DejaVu", style="B", fname=str(FONT_BOLD))  # table headings are bold
        family = "DejaVu"
    else:  # core font: Latin-1 still carries å, ä and ö
        family = "Helvetica"
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for i, (heading, paragraphs) in enumerate(sections):
        pdf.set_font(family, size=14 if i == 0 else 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=10)
        for para in paragraphs:
            pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if heading == "Kostnadsfördelning":
            with pdf.table(col_widths=(20, 25, 25, 40), text_align="LEFT") as table:
                for row in rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        pdf.ln(3)
    pdf.output(str(path))


def generate(out_dir: Path, count: int, seed: int = 7) -> list[Fact]:
    """Write `count` PDFs (avtal-00000.pdf ...) and facts.jsonl into out_dir; reuses what is there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    facts_path = out_dir / "facts.jsonl"
    rng = random.Random(seed)
    facts = []
    for n in range(count):
        fact, sections, rows = document_text(rng, n)
        path = out_dir / fact.file
        if not path.is_file():
            write_pdf(path, sections, rows)
        facts.append(fact)
    facts_path.write_text("".join(json.dumps(asdict(f), ensure_ascii=False) + "\n" for f in facts), "utf-8")
    return facts


def load_facts(corpus_dir: Path) -> list[Fact]:
    lines = (corpus_dir / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [Fact(**json.loads(line)) for line in lines if line.strip()]
