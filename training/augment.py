"""Entity substitution: copies of labelled training sentences with other people's names in them.

The treebank sentences name a few hundred distinct people, so a model trained on them alone learns
those names more than the contexts that make a word a name ("zei Verhofstadt", "minister X"). Each copy
keeps the sentence and puts a Faker name of the same shape into every PER span: a lone surname stays a
lone surname, an initial stays an initial, a particle stays a particle. Names come from Belgian, Dutch,
French and other European locales, as in Belgian newspapers. Seeded: the same seed gives the same copies.
"""

from __future__ import annotations

import random

from faker import Faker
from spacy.tokens import Doc, Span

# weights: Belgian and Dutch names first, then the foreign names newspapers carry
LOCALES = [("nl_BE", 4), ("nl_NL", 3), ("fr_BE", 3), ("fr_FR", 1), ("de_DE", 1), ("en_GB", 1),
           ("it_IT", 1), ("es_ES", 1), ("pl_PL", 1), ("tr_TR", 1)]  # fmt: skip
PARTICLES = {"van", "de", "der", "den", "da", "di", "du", "le", "la", "von", "ter", "ten", "vander", "vanden"}


class Namer:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.fakers = []
        for i, (loc, w) in enumerate(LOCALES):
            f = Faker(loc)
            f.seed_instance(seed + i)
            self.fakers += [f] * w

    def _fake(self) -> Faker:
        return self.rnd.choice(self.fakers)

    def like(self, words: list[str]) -> list[str]:
        """A name shaped like ``words`` (initials, particles and the number of words kept)."""
        fake = self._fake()
        out: list[str] = []
        for i, w in enumerate(words):
            last = i == len(words) - 1
            if w.lower() in PARTICLES:
                out.append(w)
            elif len(w) <= 3 and w.endswith("."):
                out.append(fake.first_name()[0] + ".")
            elif last:
                out.append(fake.last_name().split()[-1])
            else:
                out.append(fake.first_name().split()[0])
        return out


def substituted(doc: Doc, namer: Namer) -> Doc | None:
    """A copy of ``doc`` with every PER span renamed, or None when it has no PER span."""
    ents = list(doc.ents)
    if not any(e.label_ == "PER" for e in ents):
        return None
    words, spaces, new_ents = [], [], []
    i = 0
    for e in ents:
        words += [t.text for t in doc[i : e.start]]
        spaces += [bool(t.whitespace_) for t in doc[i : e.start]]
        if e.label_ == "PER":
            names = namer.like([t.text for t in e])
        else:
            names = [t.text for t in e]
        start = len(words)
        words += names
        spaces += [bool(t.whitespace_) for t in e]
        new_ents.append((start, len(words), e.label_))
        i = e.end
    words += [t.text for t in doc[i:]]
    spaces += [bool(t.whitespace_) for t in doc[i:]]
    out = Doc(doc.vocab, words=words, spaces=spaces)
    out.ents = [Span(out, a, b, label=lab) for a, b, lab in new_ents]
    return out


def augment(docs: list[Doc], copies: int, seed: int) -> list[Doc]:
    """``copies`` renamed copies of every doc that names a person."""
    namer = Namer(seed)
    out = []
    for d in docs:
        for _ in range(copies):
            c = substituted(d, namer)
            if c is not None:
                out.append(c)
    return out
