"""Which region a question is about: region and municipality names, with or without diacritics."""

from __future__ import annotations

import re
import unicodedata

# Municipalities of the regions the corpus covers (parties to its agreements).
MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    "Västernorrland": ("Ånge", "Timrå", "Härnösand", "Sundsvall", "Kramfors", "Sollefteå", "Örnsköldsvik"),
    "Västerbotten": (
        "Umeå",
        "Skellefteå",
        "Lycksele",
        "Dorotea",
        "Malå",
        "Nordmaling",
        "Norsjö",
        "Robertsfors",
        "Storuman",
        "Vindeln",
        "Vännäs",
        "Åsele",
        "Bjurholm",
        "Sorsele",
        "Vilhelmina",
    ),
    "Norrbotten": (
        "Luleå",
        "Piteå",
        "Boden",
        "Kiruna",
        "Gällivare",
        "Kalix",
        "Haparanda",
        "Älvsbyn",
        "Arvidsjaur",
        "Arjeplog",
        "Jokkmokk",
        "Pajala",
        "Överkalix",
        "Övertorneå",
    ),
    "Stockholm": (
        "Stockholm",
        "Solna",
        "Sundbyberg",
        "Huddinge",
        "Nacka",
        "Södertälje",
        "Botkyrka",
        "Haninge",
        "Järfälla",
        "Lidingö",
        "Norrtälje",
        "Sollentuna",
        "Täby",
        "Tyresö",
        "Upplands Väsby",
        "Upplands-Bro",
        "Vallentuna",
        "Vaxholm",
        "Värmdö",
        "Österåker",
        "Danderyd",
        "Ekerö",
        "Nykvarn",
        "Nynäshamn",
        "Salem",
        "Sigtuna",
        "Södermalm",
        "Storsthlm",
    ),
}

# Regions (and their big towns) that no document in the corpus covers.
OTHER_REGIONS: dict[str, tuple[str, ...]] = {
    "Skåne": ("Malmö", "Helsingborg", "Lund", "Kristianstad"),
    "Västra Götaland": ("Göteborg", "Borås", "Trollhättan", "Skövde"),
    "Uppsala": ("Enköping",),
    "Östergötland": ("Linköping", "Norrköping"),
    "Jönköping": ("Värnamo",),
    "Kronoberg": ("Växjö",),
    "Kalmar": ("Västervik",),
    "Gotland": ("Visby",),
    "Blekinge": ("Karlskrona",),
    "Halland": ("Halmstad", "Varberg"),
    "Värmland": ("Karlstad",),
    "Örebro": (),
    "Västmanland": ("Västerås",),
    "Dalarna": ("Falun", "Borlänge"),
    "Gävleborg": ("Gävle", "Hudiksvall"),
    "Jämtland": ("Östersund", "Härjedalen"),
    "Sörmland": ("Eskilstuna", "Nyköping"),
}


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Örnsköldsvik' -> 'ornskoldsvik'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pattern(names: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(fold(n)) for n in names}, key=len, reverse=True)
    # genitive -s and "kommun"/"läns"/"län" suffixes are fine; the name must start a word
    return re.compile(r"\b(" + "|".join(alts) + r")(?:s|ns)?\b")


def _index(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for region, towns in table.items():
        owner[fold(region)] = region
        for town in towns:
            owner.setdefault(fold(town), region)
    return _pattern(list(owner)), owner


_COVERED, _COVERED_OWNER = _index(MUNICIPALITIES)
_OTHER, _OTHER_OWNER = _index(OTHER_REGIONS)


def regions_named(question: str) -> list[str]:
    """Corpus regions the question names directly or through a municipality, in order."""
    seen: list[str] = []
    for m in _COVERED.finditer(fold(question)):
        region = _COVERED_OWNER[m.group(1)]
        if region not in seen:
            seen.append(region)
    return seen


def other_regions_named(question: str) -> list[str]:
    """Regions outside the corpus that the question names (e.g. 'Skåne', 'Göteborg')."""
    seen: list[str] = []
    for m in _OTHER.finditer(fold(question)):
        region = _OTHER_OWNER[m.group(1)]
        if region not in seen:
            seen.append(region)
    return seen
