"""Tell Swedish from English questions, cheaply and deterministically."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zåäöéü]+")
_SV = frozenset(
    "vad vem vilka vilken vilket när hur var varför är och för att som med på till av om det den de ska "
    "kommer betalar betala gäller kostar kostnad kostnaden kommunen kommunerna regionen avtalet "
    "överenskommelsen ansvarar ansvar faktureras mellan finns har hos inte eller samt än vårt vår år "
    "andel fördelas fördelningen".split()
)
_EN = frozenset(
    "what who which when how where why is are the and for to of in with does do pay pays paid cost costs "
    "municipality municipalities region agreement responsible invoiced between there has have not or "
    "than our year share split much many".split()
)


def detect_language(text: str) -> str:
    """'sv' or 'en'. Swedish wins ties and anything with å, ä or ö in a function word."""
    words = _WORD.findall(text.lower())
    sv = sum(w in _SV for w in words) + sum(any(c in w for c in "åäö") for w in words)
    en = sum(w in _EN for w in words)
    return "en" if en > sv else "sv"


# Function words and the agreements' own vocabulary in languages the assistant does not answer in.
# Words that are also Swedish or English ("die", "was", "den", "on", "man") are left out.
_OTHER = {
    "de": frozenset(
        "und der das ist sind wer wie wann warum welche welcher welches zahlt bezahlt bezahlen kostet "
        "kosten gemeinde gemeinden kommune kommunen vertrag vertrags vereinbarung nicht für ich wir sie "
        "auch eine einen einem dem von zu zum zur im jahr wieviel viel zwischen gilt verantwortlich".split()
    ),
    "fr": frozenset(
        "le la les est sont qui quand combien paie payé coûte commune communes accord convention pour "
        "dans une des du quel quelle quels que qu entre responsable année".split()
    ),
    "es": frozenset(
        "el los las es son quién quien cuándo cuando cuánto cuanto paga pagan cuesta municipio municipios "
        "acuerdo convenio para una del qué que entre responsable año".split()
    ),
    "fi": frozenset(
        "mitä mikä kuka milloin miksi paljonko maksaa maksavat kunta kunnan kunnat sopimus sopimuksen ja "
        "on ovat vuonna välillä vastaa".split()
    ),
}
_LETTER = re.compile(r"[^\W\d_]")
UNSUPPORTED = (
    "Jag svarar bara på frågor på svenska eller engelska. Ställ frågan på svenska, "
    "t.ex. 'När faktureras kommunerna?'. / I only answer questions in Swedish or English. "
    "Ask in English, e.g. 'When are the municipalities invoiced?'."
)


def unsupported_language_message(text: str) -> str | None:
    """The bilingual message naming the languages that work, when `text` is in another language.

    Another language wins when at least two of its words occur and it has more of them than
    Swedish or English has; a question written mostly outside the Latin script is another
    language too. Names and numbers count for no language, so a short Swedish question is
    never refused for them.
    """
    letters = _LETTER.findall(text)
    if letters and sum(not _latin(ch) for ch in letters) * 2 > len(letters):
        return UNSUPPORTED
    words = re.findall(r"[^\W\d_]+", text.lower())
    sv = sum(w in _SV for w in words)
    en = sum(w in _EN for w in words)
    other = max(sum(w in lexicon for w in words) for lexicon in _OTHER.values())
    return UNSUPPORTED if other >= 2 and other > sv and other > en else None


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"
