"""``match_word_prefixes`` reads a name through its bucketed index exactly as the plain loop over every
dictionary term reads it (the loop is kept here as the oracle)."""

from __future__ import annotations

import random

from pii_scan.models.concepts import _FUNCTION_WORDS, _content, _index, match_word_prefixes
from pii_scan.models.headers import normalise


def _loop(name: str) -> tuple[str, str] | None:
    parts = [p for p in normalise(name).split() if len(p) == 1 or p not in _FUNCTION_WORDS]
    if len(parts) < 2 or max(len(p) for p in parts) < 3:
        return None
    best = None
    for full, words, key, _lang, _weight in _index():
        content = _content(words)
        if len(content) != len(parts) or content == parts:
            continue
        if all(w.startswith(p) for p, w in zip(parts, content, strict=True)):
            if best is None or len(full) > best[0]:
                best = (len(full), key, " ".join(words))
    return None if best is None else (best[1], best[2])


def _names() -> list[str]:
    """Multi-word terms cut to prefixes of random lengths (a sample of 250), some with a typo."""
    rng = random.Random(8)
    out = ["Date de naiss.", "affiliationSynd", "geb dat", "kind t l", "lieu naiss", "x y", "tel nr klant"]
    for _full, words, *_ in _index():
        if len(words) < 2:
            continue
        cut = [w[: rng.randint(1, len(w))] for w in words]
        if rng.random() < 0.3:
            cut[rng.randrange(len(cut))] += rng.choice("aez")
        out.append(rng.choice([" ", "_", "-"]).join(cut))
    return out[:7] + rng.sample(out[7:], 250)  # the oracle loop costs ~15 ms a name


def test_bucketed_prefixes_equal_the_plain_loop() -> None:
    names = _names()
    got = []
    for name in names:
        h = match_word_prefixes(name)
        got.append(None if h is None else (h.concept, h.term))
    assert got == [_loop(n) for n in names]
    assert sum(g is not None for g in got) > len(names) // 4
