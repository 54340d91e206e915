"""Recognise text that gives orders to an AI assistant ("ignorera alla tidigare instruktioner ...").

One definition for both places it matters: a question carrying such text gets a
note that it was ignored (numbers still come only from the tools), and a
document sentence carrying it is never quoted as an answer.
"""

from __future__ import annotations

import re

from ..agreements.reference import fold

_INSTRUCTIONS = re.compile(
    r"ignorera|ignore (all|any|previous|the)|tidigare instruktioner|previous instructions|"
    r"svara (alltid )?att|answer that|system ?prompt|systeminstruktion|du ar nu|"
    r"du ar en (ai|assistent|chatbot)|you are now|as an ai"
)


def gives_instructions(text: str) -> bool:
    """True when `text` addresses an assistant with instructions (case and diacritics ignored)."""
    return bool(_INSTRUCTIONS.search(fold(text)))
