"""Dictionary-based PERSON and LOCATION recognizer: the NER fallback for languages without a spaCy
pipeline that has NER (Dutch when nl_core_news_* is absent, English).

Names: a known first name followed by capitalised words (Jan Peeters, Anne-Marie van der Berghe),
initials or a title before a capitalised surname (J. Peeters, dhr. Janssens, Dr. Visser), a lone known
first name, or a known surname after a particle. Places: capitalised words that are a Belgian or Dutch
municipality. Lists come from Faker (see _lists.py)."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import fold, make_result
from ._lists import PARTICLES, TITLES, first_names, last_names, places, stop_words

__all__ = ["PiiScanNameListRecognizer", "is_name_value"]

_CAP = r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ'’]+)*|[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})*"
_PART = "|".join(sorted((re.escape(p) for p in PARTICLES), key=len, reverse=True))
# J. / A.B.C. / Th. ; or one capital without a dot when a particle follows ("A de Jong").
_INITIALS = rf"(?:(?:[A-Z][a-z]?\.\s?){{1,6}}|[A-Z]\s+(?=(?i:{_PART})\s))"
_TITLE = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
_CANDIDATE = re.compile(
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
_STREET_END = re.compile(r"(?i:straat|laan|plein|steenweg|weg|dreef|singel|gracht|kade|markt|plantsoen)$")
_HOUSE_NUMBER = re.compile(r"\s+\d{1,4}(?!\d)")
_SENT_END = re.compile(r"(?:^|[.!?:;\n]\s*|\"\s*)$")
# Lower-case particles that open a name without a first name or initial before it. Dutch writes a
# particle lower-case only after a first name or initial ("Pieter van Hasselt", "J. de Vries") and
# capitalises it otherwise ("Van Dijk"), so a lower-case "van"/"de" at the start is a preposition or an
# article ("brief van Pieter", "de Vries" is read as "Vries"); "van der"/"v/d" are hardly ever that.
_OPENING_PARTICLES = frozenset({"van der", "vander", "van den", "vanden", "vd", "v.d.", "v/d", "van 't"})


class PiiScanNameListRecognizer(EntityRecognizer):
    ENTITIES = ["PERSON", "LOCATION"]

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=self.ENTITIES,
            name="PiiScanNameListRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        first_names(), last_names(), places()

    @staticmethod
    def classify(text: str, start: int, title: str | None, body: str) -> tuple[str, float] | None:
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

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        pos = 0
        while (m := _CANDIDATE.search(text, pos)) is not None:
            pos = m.end()
            title = m.group("title")
            body = m.group("body") + (" " + m.group("more") if m.group("more") else "")
            decided = self.classify(text, m.start(), title, body)
            end = m.end() if m.group("more") else m.end("body")
            if decided is None and m.group("more"):
                decided, end = self.classify(text, m.start(), title, m.group("body")), m.end("body")
            if decided is None:
                # "Brief van Pieter van Hasselt": the leading word spoiled the candidate; retry after it.
                gap = re.search(r"\s", text[m.start() : m.end()])
                if gap:
                    pos = m.start() + gap.end()
                continue
            entity, score = decided
            if _STREET_END.search(text, 0, end) and _HOUSE_NUMBER.match(text, end):
                continue
            start = m.start()
            if entity == "LOCATION_LAST_WORD":
                entity, start = "LOCATION", m.start("body") + m.group("body").rstrip().rfind(" ") + 1
            if entities and entity not in entities:
                continue
            results.append(make_result(self, entity, start, end, score, "name/place list (Faker)"))
        return results


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
    m = _CANDIDATE.fullmatch(value)
    if not m:
        return False
    body = m.group("body") + (" " + m.group("more") if m.group("more") else "")
    # A prefix that is not a sentence end: a lone surname in a name column counts.
    decided = PiiScanNameListRecognizer.classify("x " + value, 2, m.group("title"), body)
    return decided is not None and decided[0] == "PERSON"
