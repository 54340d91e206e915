"""Writes assistant/retrieval/common_words.txt: the commonest words of Swedish and English with their
general-language frequency, from the wordfreq package (run once; the app reads the file, not wordfreq).

    pip install wordfreq && python scripts/common_words.py

A question word the agreements never use weighs as a missing topic by how rare it is in the language:
"semesterersättning" is a topic they lack, "keep", "now" or "way" is only how the question is put.
The table keeps words of Zipf frequency 4.0 and above (about once in 10 000 words or more); a word
not in it counts as rare.
"""

from __future__ import annotations

from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "assistant" / "retrieval" / "common_words.txt"
LANGUAGES = ("sv", "en")
FLOOR = 4.0

HEADER = """\
# Common words of Swedish and English: <language> <word> <Zipf frequency>, Zipf >= 4.0.
# Written by scripts/common_words.py from wordfreq 3 (https://github.com/rspeer/wordfreq), whose data is
# licensed CC BY-SA 4.0 (sources: Wikipedia, subtitles, news, books, web text, Twitter, Reddit);
# this derived table is shared under the same licence.
"""


def main() -> None:
    lines = [HEADER.rstrip("\n")]
    for lang in LANGUAGES:
        for word in wordfreq.iter_wordlist(lang):
            z = wordfreq.zipf_frequency(word, lang)
            if z < FLOOR:
                break
            if word.isalpha():
                lines.append(f"{lang} {word} {z:.2f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 1} words")


if __name__ == "__main__":
    main()
