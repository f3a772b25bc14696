"""Matching a municipality name after a postcode against the place list (shared by two recognizers)."""

from __future__ import annotations

import re

from ._lists import places
from ._text import fold

__all__ = ["CITY_WORDS", "city_length"]

# Up to four capitalised or upper-case words, hyphenated or not ("Sint-Pieters-Leeuw", "Den Haag").
CITY_WORDS = r"[A-ZÀ-Ý'][\w'’]*(?:[ \-][A-ZÀ-Ýa-z'][\w'’]*){0,3}"
_SPLIT = re.compile(r"[ \-]")


def city_length(candidate: str) -> int:
    """Length of the longest prefix of ``candidate`` that is a known municipality, 0 if none."""
    known = places()
    cuts = [m.start() for m in _SPLIT.finditer(candidate)] + [len(candidate)]
    for cut in reversed(cuts):
        if fold(candidate[:cut]).strip(" ,.") in known:
            return cut
    return 0
