"""Swedish counties and municipalities: public reference data (SCB), shared by every module.

The router uses it to tell a Västernorrland party from a Stockholm municipality,
retrieval to boost the documents of the region a question names, and both to say
when a question is about a region no document in the corpus covers.
"""

from __future__ import annotations

import unicodedata

COUNTIES: dict[str, tuple[str, ...]] = {
    "Västernorrland": ("Ånge", "Timrå", "Härnösand", "Sundsvall", "Kramfors", "Sollefteå", "Örnsköldsvik"),
    "Stockholm": (
        "Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka", "Norrtälje",
        "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm", "Sundbyberg",
        "Södertälje", "Tyresö", "Täby", "Upplands-Bro", "Upplands Väsby", "Vallentuna", "Vaxholm", "Värmdö",
        "Österåker",
    ),
    "Västerbotten": (
        "Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå",
        "Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele",
    ),
    "Norrbotten": (
        "Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix", "Kiruna", "Luleå",
        "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå",
    ),
}  # fmt: skip
"""The municipalities of each county (SCB), by the county's short name."""

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
    """Lower case without diacritics: 'Örnsköldsvik' -> 'ornskoldsvik'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
