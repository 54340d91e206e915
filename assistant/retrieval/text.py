"""Tokenising for lexical search: Swedish Snowball stems, stop words, and an sv/en glossary.

English questions must find Swedish passages: the glossary adds the Swedish
words for common domain terms, and a few Swedish synonyms ("faktureras" /
"debitering") bridge the agreements' own varying wording.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from ..answering.language import detect_language
from .footnotes import MARKER
from .glossary import DOMAIN_GLOSSARY

_TOKEN = re.compile(r"[a-zåäöéü0-9]+(?:[-:][a-zåäöéü0-9]+)*")

STOPWORDS = frozenset(
    """
    och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan
    när vid eller nu under ska skall också hur vad vem vilka vilken vilket varför där detta dessa denna
    alla andra blir bli sin sitt sina mellan efter enligt samt över utan upp ut in man hos då än
    genom per inom ur dem deras the a an of to in for on and or is are was be by with what who which
    when how does do did its that this there their as at from about
    säger står handlar innebär betyder menas framgår anges nämns beskriver beskriv förklara berätta
    finns något några mig oss ni du dig tell say says mean means explain describe any some me us you
    mycket många ofta länge fall så får två tre idag nu jämför jämföra jämfört compare
    stor stort stora lång långt långa large long big
    between will would shall should can could may might must be been being have has had into onto under
    over after before during each all other whom whose where why not no yes much many often there here
    they them he she we our your his her than then also only both either neither such same get gets got
    någon något några nån nåt ingen inget inga vår våra vårt er era ert min mina mitt din dina ditt hon
    honom henne hennes hans dess vars medan tills innan eftersom fast ju väl dock även alltså ändå bara
    just ens själv själva båda både varken anyone anything someone something while until since
    vill ville velat hellre gärna kanske egentligen faktiskt alls hel hela helt want wants wanted rather
    actually really perhaps maybe
    """.split()
)
"""Function words: pronouns, determiners, conjunctions and particles, which name no topic. Not a
library list (stopwords-iso's Swedish one also drops words the agreements are about: "beslut",
"nummer", "senast", the numerals a count is asked by)."""

# English domain word -> Swedish words as written in the agreements.
GLOSSARY: dict[str, str] = {
    "invoice": "faktureras fakturering debitering debiteras",
    "invoiced": "faktureras fakturering debitering debiteras",
    "invoicing": "fakturering faktureras debitering",
    "billed": "debitering faktureras",
    "billing": "debitering fakturering",
    "municipality": "kommun kommunen",
    "municipalities": "kommuner kommunerna",
    "region": "region regionen",
    "cost": "kostnad kostnaden kostnader",
    "costs": "kostnader kostnaden",
    "pay": "betalar betalas kostnad",
    "pays": "betalar betalas kostnad",
    "split": "fördelas fördelning kostnadsfördelning",
    "share": "andel fördelas",
    "minimum": "minimidebiteringen",
    "annual": "per år årligen",
    "yearly": "per år årligen",
    "extended": "förlängning förlängas",
    "extension": "förlängning",
    "charge": "debitering kostnad",
    "users": "användare",
    "user": "användare",
    "source": "källa källan",
    "sources": "källa källor",
    "concurrent": "samtida inloggade",
    "support": "support användarstöd",
    "local": "lokal lokala",
    "responsible": "ansvarar ansvar",
    "responsibility": "ansvar ansvarar",
    "training": "utbildning",
    "education": "utbildning",
    "staff": "personal medarbetare",
    "employees": "personal medarbetare",
    "valid": "gäller giltighetstid",
    "validity": "giltighetstid gäller",
    "period": "period giltighetstid avtalstid",
    "term": "avtalstid giltighetstid",
    "contract": "avtal avtalet huvudavtalet",
    "agreement": "avtal avtalet överenskommelse överenskommelsen",
    "agreements": "avtal överenskommelser",
    "replaces": "ersätter",
    "replaced": "ersätter ersattes",
    "supplier": "leverantör leverantören",
    "vendor": "leverantör",
    "parties": "parter parterna",
    "signed": "underskrift signeras undertecknat",
    "signatures": "underskrifter underskrift",
    "signature": "underskrift",
    "termination": "uppsägning upphörande",
    "terminate": "uppsägning",
    "notice": "uppsägningstid",
    "dispute": "tvist tvister",
    "disputes": "tvister tvist",
    "budget": "budget budgeterat",
    "index": "index uppräknas lpi",
    "indexed": "uppräknas index",
    "adjusted": "uppräknas",
    "adjustment": "uppräkning uppräknas",
    "number": "nummer avtalsnummer antal antalet",
    "decommissioning": "avveckling",
    "contact": "kontaktperson",
    "owner": "systemägarskapet systemägare objektägare",
    "ownership": "systemägarskapet",
    "administrators": "administratörer systemadministratörer",
    "administrator": "administratör systemadministratörer",
    "permissions": "behörighet behörighetshantering",
    "access": "behörighet",
    "personal": "personuppgifter",
    "data": "personuppgifter uppgifter",
    "processor": "personuppgiftsbiträdesavtal",
    "goals": "mål",
    "goal": "mål",
    "management": "förvaltning förvaltningsstyrning",
    "manager": "förvaltningsledare",
    "governance": "styrning ledning förvaltningsstyrning",
    "steering": "styrgrupp objektstyrgrupp",
    "group": "grupp",
    "meeting": "möte mötet",
    "minutes": "protokoll",
    "next": "nästa",
    "switch": "ersättas bytet",
    "replace": "ersätter ersättas",
    "population": "befolkningsunderlag invånare",
    "inhabitants": "invånare",
    "inhabitant": "invånare",
    "threshold": "gränsbelopp",
    "procurement": "upphandling direktupphandling",
    "years": "år",
    "year": "år",
    "law": "lag lagen",
    "discharge": "utskrivning",
    "hospital": "sluten",
    "plan": "plan",
    "operation": "drift",
    "development": "vidareutveckling utveckling",
    "force": "force majeure kraft",
    "changes": "ändringshantering ändring",
    "change": "ändras ändring förändring",
    "based": "baseras baserat baserad",
    "using": "användandet användning",
    "use": "användandet användning använda",
    "changed": "ändrats ändrade förändrade",
    "chair": "ordförande",
    "chaired": "ordförande",
    "chairman": "ordförande",
    "chairperson": "ordförande",
    # the life of an agreement: signing, revising, renegotiating, escalating, procuring, appointing
    "sign": "underskrift signeras undertecknat signerade",
    "signing": "underskrift signeras signerade",
    "revise": "revideras revidering",
    "revised": "revideras reviderad revidering",
    "revision": "revidering revideras",
    "renegotiate": "förhandling omförhandling",
    "renegotiation": "omförhandling förhandling",
    "negotiate": "förhandling",
    "escalate": "eskaleras",
    "escalated": "eskaleras",
    "procure": "upphandla upphandling",
    "procured": "upphandlat upphandling",
    "appoint": "utser utses",
    "appoints": "utser utses",
    "appointed": "utses utsedd",
    "administer": "administrera administreras",
    "authenticity": "äktheten",
    "validate": "validera",
    "production": "produktionssättning",
    "representative": "representant ersättare",
    "deputy": "ersättare",
    "substitute": "ersättare",
    # care and public administration
    "self-care": "egenvård",
    "act": "lag lagen",
    "ordinance": "förordning",
    "regulation": "förordning",
    "grant": "statsbidrag bidrag",
    "grants": "statsbidrag bidrag",
    "funds": "medel",
    "county": "län länet länets",
    "mental": "psykisk",
    "health": "hälsa",
    "care": "vård omsorg",
    "coordinated": "samordnad",
    "planning": "planering",
    "version": "version",
    # meeting minutes: who presents an item, what was decided, who was there
    "presented": "föredragande föredrog presenterades",
    "presenter": "föredragande",
    "presenters": "föredragande",
    "item": "ärende punkt",
    "items": "ärenden punkter",
    "agenda": "dagordning ärenden",
    "decided": "beslutade beslut",
    "decision": "beslut beslutade",
    "decisions": "beslut",
    "present": "närvarande",
    "attended": "närvarande",
    "attendees": "närvarande",
    "tabled": "bordlagt bordlades",
    "postponed": "bordlagt bordlades",
    "state": "läge",
    "status": "läge",
    "implementation": "implementering införande",
}
GLOSSARY = {**DOMAIN_GLOSSARY, **GLOSSARY}  # the domain terms read off the documents; these entries win

# Swedish words that the agreements express with another word.
SYNONYMS: dict[str, str] = {
    "faktureras": "debitering debiteras",
    "fakturering": "debitering",
    "fakturera": "debitering",
    "faktureringen": "debitering",
    "debiteras": "faktureras fakturering",
    "fakturor": "debitering faktureras",
    "faktura": "debitering faktureras",
    "kostar": "kostnad",
    "betalar": "kostnad kostnaden betalas finansieras finansierar",
    "betala": "kostnad betalas finansieras finansierar",
    "giltig": "giltighetstid gäller",
    "gäller": "giltighetstid",
    "löper": "giltighetstid avtalstid",
    "support": "användarstöd",
    "undertecknat": "underskrift",
    "skrev": "underskrift signeras signering",
    "organisationsnummer": "org.nr",
    "organisationsnumret": "org.nr",
    "räknas": "uppräknas uppräkning",
    "räknar": "uppräknas uppräkning",
    "förlängas": "förlängning",
    "förlänga": "förlängning",
    "objektägare": "objektägare",
    "undertecknade": "underskrift",
    "signerade": "underskrift signering",
    "signerat": "underskrift signering",
    "signerades": "underskrift signering",
}

_ACRONYM_IT = re.compile(r"\bIT\b")
_stemmer = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The words of `text`, lower case; a footnote marker is no part of its word ("gränsbeloppet3")."""
    return _TOKEN.findall(MARKER.sub("", text.lower()))


# a numbered heading line, possibly wrapped onto a second line: "10. Förordning för ... vid\nrekvirering"
NUMBERED_HEADING = re.compile(r"(?m)^[ \t]*\d{1,2}(\.\d{1,2})*\.?[ \t]+[A-ZÅÄÖ][^\n]*(\n[a-zåäö(][^\n]*)?")
HEADING_CHARS = 120
"""A numbered line longer than this, or ending in a full stop, is a numbered sentence, not a heading."""


@lru_cache(maxsize=4096)
def numbered_headings(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, line) of the numbered headings in `text`, in reading order. Cached: the same
    passages come back for many questions, and every unit of one asks whether it is a heading."""
    out = []
    for m in NUMBERED_HEADING.finditer(text):
        line = m.group(0).strip()
        if len(line) <= HEADING_CHARS and not line.endswith("."):
            out.append((m.start(), line))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Stemmed content tokens of a passage."""
    out: list[str] = []
    for w in words(text):
        if w in STOPWORDS:
            continue
        out.append(stem(w))
        if "-" in w:  # "IT-stöd" is also found as "stöd"
            out.extend(stem(p) for p in w.split("-") if p and p not in STOPWORDS)
    return out


PARTICLES = frozenset("upp ut in fram bort ner ned ihop emot tillbaka igenom undan".split())
"""Swedish verb particles that are seldom prepositions: the particle verb "följa upp", "säga upp",
"ta fram" has its noun with the particle in front ("uppföljning", "uppsägning", "framtagande")."""


_OBJECT_PRONOUNS = frozenset("den det de dem han hon hen henne honom".split())


def _particle_of(ws: list[str], i: int) -> str | None:
    """The particle of the verb at `ws[i]`: right after it, or after an object pronoun ("tas den fram")."""
    for j in (i + 1, i + 2):
        if j < len(ws) and ws[j] in PARTICLES:
            return ws[j]
        if j < len(ws) and ws[j] not in _OBJECT_PRONOUNS:
            return None
    return None


def _verb_of_particle(ws: list[str], i: int) -> int | None:
    """The position of the verb the particle at `ws[i]` belongs to, or None when it stands alone."""
    for j in (i - 1, i - 2):
        if j < 0:
            return None
        if ws[j] not in STOPWORDS:
            return j if _particle_of(ws, j) == ws[i] else None
        if ws[j] not in _OBJECT_PRONOUNS:
            return None
    return None


def query_groups(text: str) -> list[frozenset[str]]:
    """One set of stemmed alternatives per content word of a question.

    A word counts as covered by a passage when any of its alternatives (its own
    stem, glossary translations, synonyms, and in an English question its Swedish spelling)
    occurs there.
    """
    groups: list[frozenset[str]] = []
    english = detect_language(text) == "en"
    ws = words(text)
    for i, w in enumerate(ws):
        if w in STOPWORDS or (w == "it" and not _ACRONYM_IT.search(text)):
            continue  # English "it" is a pronoun; "IT" ("IT-stöd", "IT services") is a domain word
        if not english and w in PARTICLES and _verb_of_particle(ws, i) is not None:
            continue  # "tas fram": the particle is part of its verb's group ("framtas"), no word of its own
        alts = {stem(w)}
        particle = _particle_of(ws, i) if not english else None
        if particle:
            alts.add(particle + stem(w))  # "följas upp" is also "uppfölj-": "uppföljningen"
        if "-" in w:
            alts.update(stem(p) for p in w.split("-") if p and p not in STOPWORDS)
        for extra in (GLOSSARY.get(w, ""), SYNONYMS.get(w, "")):
            alts.update(tokens(extra))
        if english and w not in GLOSSARY:
            alts.update(stem(c) for c in (cognate(w),) if c != w)
        group = frozenset(alts)
        if group not in groups:
            groups.append(group)
    return groups


# English spelling -> Swedish spelling of the same (Latin or Greek) word: "document" ~ "dokument",
# ("ck" is left alone: Swedish writes it too, "undertecknade")
# "reference" ~ "referens", "project" ~ "projekt", "physical" ~ "fysisk"; applied in this order
_COGNATE_RULES = (
    (re.compile(r"ical$"), "isk"),
    (re.compile(r"ity$"), "itet"),
    (re.compile(r"ch"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"qu"), "kv"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"(?<=[^aeiouy])y$"), "i"),
)


@lru_cache(maxsize=16384)
def cognate(word: str) -> str:
    """`word` spelt the Swedish way, for an English word the glossary does not hold. Swedish words
    are rarely changed (they seldom have c, ph, th or qu); an unchanged word adds nothing."""
    out = word
    for pattern, repl in _COGNATE_RULES:
        out = pattern.sub(repl, out)
    return out


def query_tokens(text: str) -> list[str]:
    """Stemmed tokens of a question, expanded with glossary and synonym words (for BM25)."""
    return [t for group in query_groups(text) for t in sorted(group)]
