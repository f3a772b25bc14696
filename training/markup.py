"""Inline entity markup for text the project writes itself: ``[Jan Peeters|PER] woont in [Gent|LOC].``

One sentence per line; blank lines and lines starting with ``#`` are skipped. An entity is
``[surface text|LABEL]`` with LABEL one of PER, LOC, ORG, MISC. Brackets and ``|`` do not occur
otherwise. Used by training (generated Belgian news sentences) and by ``benchmarks/eval_ner.py
markup:PATH`` for the project's own evaluation sets.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["LABELS", "MarkupError", "parse_line", "read_markup"]

LABELS = frozenset({"PER", "LOC", "ORG", "MISC"})
_ENT = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)\]")

Span = tuple[int, int, str]


class MarkupError(ValueError):
    """A line that is not well-formed markup."""


def parse_line(line: str) -> tuple[str, list[Span]]:
    """Plain text and character spans ``(start, end, label)`` of one marked-up sentence."""
    out: list[str] = []
    spans: list[Span] = []
    pos = n = 0
    for m in _ENT.finditer(line):
        out.append(line[pos : m.start()])
        n += m.start() - pos
        surface, label = m.group(1), m.group(2)
        if label not in LABELS:
            raise MarkupError(f"unknown label {label!r}")
        if surface != surface.strip():
            raise MarkupError(f"entity {surface!r} has surrounding spaces")
        spans.append((n, n + len(surface), label))
        out.append(surface)
        n += len(surface)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if any(c in text for c in "[]|"):
        raise MarkupError("stray '[', ']' or '|'")
    return text, spans


def read_markup(path: str | Path) -> list[tuple[str, list[Span]]]:
    """Every sentence of a markup file (or of every ``*.txt`` file of a folder, sorted by name)."""
    p = Path(path)
    files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
    sents = []
    for f in files:
        for i, raw in enumerate(f.read_text(encoding="utf8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            try:
                sents.append(parse_line(line))
            except MarkupError as e:
                raise MarkupError(f"{f.name}:{i}: {e}") from None
    return sents
