"""The engine's own words around the quotes: the answer's lines, refusals, and the gap named.

Templates only: every name, amount or date in an answer comes from a quoted sentence
of the documents, never from here.
"""

from __future__ import annotations

import re

from .kinds import AskedFor, Kind

_GAP_NOUN = {
    Kind.NAME: ("inget namn", "no name"),
    Kind.PARTY: ("inte vem", "no party or person"),
    Kind.AMOUNT: ("inget belopp", "no amount"),
    Kind.SHARE: ("ingen andel", "no share"),
    Kind.DATE: ("inget datum", "no date"),
    Kind.DURATION: ("ingen tidsperiod", "no period of time"),
    Kind.COUNT: ("inget antal", "no number"),
    Kind.FREQUENCY: ("ingen frekvens", "no frequency"),
    Kind.PLACE: ("ingen plats", "no place"),
    Kind.CONTACT: ("inga kontaktuppgifter", "no contact details"),
    Kind.REASON: ("inget skäl", "no reason"),
}
# "Vem är X?" -> "vem som är X": a question whose word is its subject reads as an indirect question
_SUBJECT_WORD = re.compile(r"^(vem|vilka|who)\s+(.+)$", re.I)


def flat(text: str) -> str:
    """One line: the quote as shown in the answer (the citation keeps the page's line breaks)."""
    return " ".join(text.split())


def quote_line(n: int, quote: str, label: str) -> str:
    """«quote» [n] (where): the first line answers; further ones are bullets."""
    line = f"«{flat(quote)}» [{n}] ({label})"
    return line if n == 1 else f"- {line}"


def quoted_in_swedish(language: str) -> list[str]:
    return ["(Quoted in Swedish from the agreements.)"] if language == "en" else []


def gap_text(asked: AskedFor, question: str, language: str, quote: str) -> str:
    """A refusal that names what is missing and quotes what the documents do say, as [1].

    "Avtalen anger inte vem som är central systemförvaltare i <region>. Det de säger är:
    «Region <namn> utser central systemförvaltare.» [1]"
    """
    q = flat(question).rstrip(" ?")
    if asked.noun and asked.kind not in _GAP_NOUN:
        # "Med vilket index ...?": say that nothing names one
        if language == "en":
            return (
                f"The agreements say nothing about {asked.noun} that answers this. "
                f"What they say (in Swedish): «{flat(quote)}» [1]"
            )
        return (
            f"Avtalen säger inget om {asked.noun} som svarar på frågan. Det de säger är: «{flat(quote)}» [1]"
        )
    m = _SUBJECT_WORD.match(q)
    noun_sv, noun_en = _GAP_NOUN.get(asked.kind, ("inget svar", "no answer"))
    if language == "en":
        what = f"do not say {m.group(1).lower()} {m.group(2)}" if m else f"give {noun_en} for this question"
        return f"The agreements {what}. What they say (in Swedish): «{flat(quote)}» [1]"
    phrase = asked.phrase.lower()
    if (
        m
        and phrase.startswith(("vilka ", "vilken ", "vilket "))
        and len(phrase.split()) == 2
        and q.lower().startswith(phrase + " ")
    ):
        # "Vilka grupper ingår i ...?" -> "vilka grupper som ingår i ..."
        what = f"inte {phrase} som {q[len(phrase) + 1 :]}"
    elif m:
        what = f"inte {m.group(1).lower()} som {m.group(2)}"
    else:
        what = f"{noun_sv} som svarar på frågan"
    return f"Avtalen anger {what}. Det de säger är: «{flat(quote)}» [1]"


def gap_line(asked: AskedFor, region: str, language: str) -> str:
    """The missing part of a partial answer: a region asked about whose documents do not answer."""
    noun_sv, noun_en = _GAP_NOUN.get(asked.kind, ("inget svar", "no answer"))
    if language == "en":
        return f"The agreements for {region} give {noun_en} for this."
    return f"För {region} anger avtalen {noun_sv} för detta."


def refusal_text(language: str) -> str:
    if language == "en":
        return (
            "The agreements in the index do not answer this question. "
            "The closest passages are listed below so you can check for yourself."
        )
    return (
        "Det framgår inte av avtalen i underlaget. "
        "De avsnitt som ligger närmast visas nedan så att du kan kontrollera själv."
    )
