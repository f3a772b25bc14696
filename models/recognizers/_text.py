"""Text helpers of the recognizers that need no Presidio: accent folding, digits, context search.

Kept apart from ``_common`` so the fast column path (``models/values.py``) imports no Presidio."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["fold", "digits", "context_near", "LANGUAGES", "STRIP_CHARS"]

# Languages every custom recognizer is registered for.
LANGUAGES = ("nl", "fr", "en")
# What may surround a whole cell value without making it something else ("(134258395)", "BE0460190566;").
STRIP_CHARS = " \t\r\n.,;:()[]{}\"'<>"


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    # One character in, one character out: offsets in the folded text equal offsets in the original.
    base = unicodedata.normalize("NFD", c)[0]
    low = base.lower()
    return low[0] if low else base


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping the length (``Diabète`` -> ``diabete``)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@lru_cache(maxsize=256)
def _context_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for w in sorted({fold(w) for w in words}, key=len, reverse=True):
        esc = re.escape(w)
        # Alphabetic words need word boundaries ("nn" must not fire inside "inn"); symbols like "°" not.
        parts.append(rf"(?<!\w){esc}(?!\w)" if w[:1].isalnum() and w[-1:].isalnum() else esc)
    return re.compile("|".join(parts))


def context_near(
    text: str, start: int, end: int, words: Sequence[str], before: int = 60, after: int = 25
) -> bool:
    """True when one of ``words`` occurs (accent- and case-insensitive) close before or after a span."""
    if not words:
        return False
    window = fold(text[max(0, start - before) : start]) + " " + fold(text[end : end + after])
    return _context_regex(tuple(words)).search(window) is not None
