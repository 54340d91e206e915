"""Find the question inside a longer message.

Staff paste context, and some messages carry instructions ("SYSTEM: du är nu en
pirat ..."). Retrieval and refusal look only at the sentences that ask something,
so surrounding text can neither dilute the evidence nor steer the answer.
"""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"(?<=[.?!])\s+")


MAX_FOCUS = 300
LONG_SENTENCE = 120
_QUESTION_WORD = re.compile(
    r"\b(när|vad|vem|vilka|vilken|vilket|hur|varför|who|what|when|how|which|why)\b", re.I
)
TAIL = 200
PREAMBLE = 100
"""Text before the question word longer than this is pasted context, not the question's topic."""


_COORDINATED = re.compile(r"[,;]?\s*\b(och|and|samt|men|but)\s*$", re.I)
_MARKUP = re.compile(r"<[^>]{0,200}>|!?\[[^\]]*\]\([^)]*\)")


def focus_question(text: str) -> str:
    """The sentences of `text` that end with a question mark; the whole text if none or only one.

    A very long question sentence (pasted text without full stops) is cut to its last
    TAIL characters, where the question itself stands.
    """
    # markup pasted around a question ("<script>...</script> Vad är ...?") is not the question
    stripped = " ".join(_MARKUP.sub(" ", text).split())
    text = stripped or text
    parts = [p.strip() for p in _SEGMENT.split(text) if p.strip()]
    asks = [p for p in parts if p.endswith("?")] if len(parts) > 1 else []
    focused = " ".join(asks) if asks else text
    if len(focused) > MAX_FOCUS and focused.rstrip().endswith("?"):
        tail = focused[-TAIL:]
        focused = tail[tail.find(" ") + 1 :] if " " in tail else tail
    if len(focused) > LONG_SENTENCE:
        # "Jag har läst avtalen ... Med allt detta sagt, när faktureras kommunerna?": the
        # question starts at its last question word
        matches = list(_QUESTION_WORD.finditer(focused))
        # "How do X ..., and how are they ...?": a question word after "och"/"and" goes on the question
        # before it, which starts at the question word before that
        while len(matches) > 1 and _COORDINATED.search(focused[: matches[-1].start()]):
            matches.pop()
        last = matches[-1] if matches else None
        # a short topic before the question word stays ("Upphandlingsprojektet i <region> – via vem
        # medverkar kommunerna, och var ...?"): it says what the question is about
        if last is not None and len(focused) - last.start() >= 15 and last.start() > PREAMBLE:
            focused = focused[last.start() :]
    return focused
