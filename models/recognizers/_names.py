"""Person names as spans and whole values from the name and place lists, without Presidio.

The list recognizer (``person_names.py``) wraps ``classify_name`` for text; the fast column path calls
``is_name_value``."""

from __future__ import annotations

import re

from ._lists import PARTICLES, TITLES, first_names, last_names, places, stop_words
from ._text import fold

__all__ = ["CANDIDATE", "STREET_END", "HOUSE_NUMBER", "classify_name", "is_name_value"]

def _latin(pred: object) -> str:
    """Latin letters of Latin-1 and Latin Extended-A/B and Additional that satisfy ``pred`` (str.isupper
    or str.islower), as a character-class body: Turkish, Polish, Czech, Romanian names (Doğan, Wójcik,
    Łukasz, Čapek, Ştefan) have letters past ÿ."""
    chars = (chr(c) for r in ((0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r))
    return "".join(c for c in chars if pred(c) and c not in "×÷")  # type: ignore[operator]


_UP = "A-Z" + _latin(str.isupper)
_LO = "a-z" + _latin(str.islower)
_CAP = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}{_LO}][{_LO}'’]+)*|[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})*"
_PART = "|".join(sorted((re.escape(p) for p in PARTICLES), key=len, reverse=True))
# J. / A.B.C. / Th. ; or one capital without a dot when a particle follows ("A de Jong").
_INITIALS = rf"(?:(?:[A-Z][a-z]?\.\s?){{1,6}}|[A-Z]\s+(?=(?i:{_PART})\s))"
_TITLE = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
CANDIDATE = re.compile(
    rf"(?<![\w.])(?:(?P<title>(?i:{_TITLE}))\s+)?"
    rf"(?P<body>(?:{_INITIALS}|(?:{_CAP})\s+)?(?:(?i:{_PART})\s+){{0,3}}(?:{_CAP}|[A-Z](?![\w.])|[A-Z]{{2,}}))"
    rf"(?:\s+(?P<more>{_CAP}))?"
)
# Capitalised words that open sentences or headings and happen to be names or places.
_COMMON = frozenset(
    "geachte beste hallo dag mevrouw meneer heer datum onderwerp betreft adres telefoon email tel gsm "
    "straat nummer bijlage dossier patient patiente cliente client klant naam voornaam achternaam "
    "madame monsieur objet date nom prenom adresse merci bonjour cordialement groeten vriendelijke "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi vendredi "
    "samedi dimanche".split()
)
_INITIAL_WORD = re.compile(r"(?:[A-Z][a-z]?\.)+|[A-Z]")  # J. / A.B.C. / Th. / A
# A "name" ending in a street word and followed by a house number is an address (Prof. Dr. J.C.
# Schoutelaan 1, Burgemeester Jansenlaan 4).
STREET_END = re.compile(r"(?i:straat|laan|plein|steenweg|weg|dreef|singel|gracht|kade|markt|plantsoen)$")
HOUSE_NUMBER = re.compile(r"\s+\d{1,4}(?!\d)")
_SENT_END = re.compile(r"(?:^|[.!?:;\n]\s*|\"\s*)$")
# Lower-case particles that open a name without a first name or initial before it. Dutch writes a
# particle lower-case only after a first name or initial ("Pieter van Hasselt", "J. de Vries") and
# capitalises it otherwise ("Van Dijk"), so a lower-case "van"/"de" at the start is a preposition or an
# article ("brief van Pieter", "de Vries" is read as "Vries"); "van der"/"v/d" are hardly ever that.
_OPENING_PARTICLES = frozenset({"van der", "vander", "van den", "vanden", "vd", "v.d.", "v/d", "van 't"})


def classify_name(text: str, start: int, title: str | None, body: str) -> tuple[str, float] | None:
    """Entity and score for one candidate span, or None."""
    words = [w for w in re.split(r"\s+", body.strip()) if w]
    folded = [fold(w).rstrip(".") for w in words]
    core = [w for w in folded if w not in PARTICLES]
    has_particle = len(core) < len(folded)
    initials = [w for w in words if _INITIAL_WORD.fullmatch(w)]
    if not core or (not title and all(w in stop_words() or w in _COMMON for w in core)):
        return None
    sentence_start = _SENT_END.search(text[max(0, start - 3) : start]) is not None
    if has_particle and not title and not initials and " ".join(folded) in places():
        return "LOCATION", 0.6  # Den Haag, De Panne, Ter Apel: the particle is part of the place
    opens_with_initial = _INITIAL_WORD.fullmatch(words[0]) is not None
    if (
        has_particle
        and not title
        and not opens_with_initial
        and not _particle_fits(words, folded, sentence_start)
    ):
        return None  # the caller retries after the first word
    if _opening(folded) in _OPENING_PARTICLES and " ".join(folded) not in places():
        return "PERSON", 0.7  # "van der Sluis": a name even when "Sluis" is also a village
    if title:
        return "PERSON", 0.8
    if not initials and " ".join(core) in places():
        if not has_particle:
            return "LOCATION", 0.6
        if words[0].islower() and len(core) == 1:
            return "LOCATION_LAST_WORD", 0.6  # "van Hasselt naar Gent": a preposition, not a particle
    firsts = [w in first_names() for w in core]
    lasts = [w in last_names() for w in core]
    if len(core) >= 2 and firsts[0] and core[0] not in stop_words():
        return "PERSON", 0.85
    if initials and len(core) >= 1 and (lasts[-1] or has_particle or len(core[-1]) > 2):
        return "PERSON", 0.75
    if len(core) == 2 and firsts[1] and lasts[0] and not firsts[0]:
        return "PERSON", 0.7  # PEETERS Jan: surname first, as in Belgian registers
    if has_particle and lasts[-1]:
        return "PERSON", 0.7
    if len(core) >= 2 and lasts[-1] and core[0] not in stop_words() and not sentence_start:
        return "PERSON", 0.6
    if len(core) == 1 and core[0] not in stop_words() and core[0] not in _COMMON:
        if firsts[0]:
            return "PERSON", 0.55 if not sentence_start else 0.45
        if lasts[0] and not sentence_start:
            return "PERSON", 0.45
    return None


def _opening(folded: list[str]) -> str:
    return " ".join(folded[: next((i for i, w in enumerate(folded) if w not in PARTICLES), len(folded))])


def _particle_fits(words: list[str], folded: list[str], sentence_start: bool) -> bool:
    """Whether the particles of a candidate without title or initials sit inside a name: after a first
    name ("Pieter van Hasselt"), or opening it capitalised ("Van Dijk") or as "van der"."""
    lead = _opening(folded)
    if lead:
        return words[0][0].isupper() or lead in _OPENING_PARTICLES
    # A word before the particles: a first name, or a capitalised word mid-sentence (Dutch nouns are
    # lower-case there), not a capitalised sentence opener ("Brief van Pieter", "Dossier van Peeters").
    first = folded[0]
    if first in first_names():
        return True
    return not sentence_start and first not in stop_words() and first not in _COMMON


def is_name_value(value: str) -> bool:
    """Whether a whole cell value is a person's name (Jan Peeters, PEETERS Jan, dhr. J. Janssens, Marie)."""
    value = value.strip()
    m = CANDIDATE.fullmatch(value)
    if not m:
        return False
    body = m.group("body") + (" " + m.group("more") if m.group("more") else "")
    # A prefix that is not a sentence end: a lone surname in a name column counts.
    decided = classify_name("x " + value, 2, m.group("title"), body)
    return decided is not None and decided[0] == "PERSON"
