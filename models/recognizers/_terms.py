"""Compiles term lists into one accent-insensitive, word-bounded regex (shared by two recognizers)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._text import fold

__all__ = ["compile_terms"]


def compile_terms(terms: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for term in sorted({fold(t) for t in terms}, key=len, reverse=True):
        stem = term.rstrip("*")
        body = re.escape(stem).replace(r"\ ", r"\s+").replace(r"\?", ".")
        if term.endswith("*"):
            body += r"[\w\-]*"
        parts.append(body)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + r")(?![\w\-])")
