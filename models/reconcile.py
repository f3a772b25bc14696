"""Reconcile a NER pipeline's entities with the pattern and list recognizers on the same text.

Three disagreements recur on Dutch letters and notes (measured with benchmarks/eval_ner.py):
- a place or person inside an organisation the model found ("Radio Brussel", "Club Brugge" as ORG)
  is not a place or person of its own: the model's reading of the whole name wins;
- the person spans themselves (titles and functions before a name, particles, clubs, buildings,
  initials) are settled first by models/_person_spans.py; its rules replaced an older one that cut
  every unknown word opening a sentence ("Burak Demir" -> "Demir"), which lost foreign first names;
- a person's name that is part of a street address ("J.C. Schoutelaan 1") is the address;
- a span that is a country's CLDR name ("Ivoorkust") is a place, not a person;
- a person the model found that is exactly a known place ("Rotterdam", "Gembloux") and holds no first
  name is that place (models/gazetteer.py);
- a place from the lists or the gazetteer inside a person the model found ("Ineke van Gent", "Marino
  Keulen") is part of the name;
- a lone capitalised word opening a sentence that is an ordinary Dutch word ("Sindsdien", "Gedrag") is
  no person, and no name holds a digit ("U2.1.2")."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from spacy.tokens import Doc

from ._person_spans import adjust_persons
from .gazetteer import common_words, known_places
from .recognizers._common import fold
from .recognizers._lists import first_names, last_names

__all__ = ["reconcile", "ALL_RULES", "RULES"]

# The rules below that earned their place by ablation (benchmarks/ablate_reconcile.py switches each
# off in turn through RULES; production always runs all of them).
ALL_RULES: frozenset[str] = frozenset({"functions", "particles", "clubs", "buildings", "initials", "titles",
                                       "agent_nouns", "org_nouns", "loc_persons", "compounds", "articles",
                                       "speakers"})  # fmt: skip
RULES: frozenset[str] = ALL_RULES

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])\s*[\"'(]?\s*$")


def _is_name_word(word: str) -> bool:
    w = fold(word.strip(".,;:()'\""))
    return w in first_names() or w in last_names() or (len(w) <= 3 and w.endswith("."))


def _ordinary_opening(text: str, r: RecognizerResult) -> bool:
    """A one-word span at a sentence start that is an ordinary word, not a name on the lists."""
    word = text[r.start : r.end]
    if " " in word or (r.entity_type == "LOCATION" and not _SENTENCE_START.search(text[: r.start])):
        return False
    # a person: wherever it stands, a capitalised ordinary word that no name list knows is no name
    # (headings such as "Gedrag", "Voorgeschiedenis"); a place only where a sentence opens
    return word.lower() in common_words() and not _is_name_word(word)


def _is_place(name: str) -> bool:
    words = name.split()
    return fold(name) in known_places() and not any(fold(w) in first_names() for w in words)


def _relabel(r: RecognizerResult, entity: str) -> RecognizerResult:
    return RecognizerResult(entity, r.start, r.end, r.score, r.analysis_explanation, r.recognition_metadata)


def _new_person(text: str, start: int, end: int) -> RecognizerResult:
    meta = {RecognizerResult.RECOGNIZER_NAME_KEY: "PiiScanReconcile"}
    return RecognizerResult("PERSON", start, end, 0.6, None, meta)  # type: ignore[arg-type]  # Presidio accepts None


def _recognizer(r: RecognizerResult) -> str:
    return str((r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _from_ner(r: RecognizerResult) -> bool:
    return _recognizer(r) == "SpacyRecognizer"


def reconcile(text: str, doc: Doc, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """``results`` of one text adjusted against ``doc.ents`` (see the module docstring)."""
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "MISC")]
    results, clubs = adjust_persons(text, results, RULES, lambda a, b: _new_person(text, a, b))
    orgs += clubs
    streets = [(r.start, r.end) for r in results if r.entity_type == "STREET_ADDRESS"]
    # a country's CLDR name is a place, whatever the model thought ("Ivoorkust" as PER)
    countries = {(r.start, r.end) for r in results if _recognizer(r) == "PiiScanTerritoryRecognizer"}
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
    out: list[RecognizerResult] = []
    for r in results:
        if r.entity_type in ("PERSON", "LOCATION"):
            if any(a <= r.start and r.end <= b for a, b in orgs):
                continue
            if r.entity_type == "PERSON" and any(c.isdigit() for c in text[r.start : r.end]):
                continue
            if _ordinary_opening(text, r):
                continue
            if r.entity_type == "LOCATION" and not _from_ner(r):
                if any(a <= r.start and r.end <= b and (a, b) != (r.start, r.end) for a, b in persons):
                    continue
            if r.entity_type == "PERSON" and _from_ner(r) and _is_place(text[r.start : r.end]):
                r = _relabel(r, "LOCATION")
            if r.entity_type == "PERSON" and any(a < r.end and r.start < b for a, b in streets):
                continue
            if r.entity_type == "PERSON" and (r.start, r.end) in countries:
                continue
        if not any((o.entity_type, o.start, o.end) == (r.entity_type, r.start, r.end) for o in out):
            out.append(r)
    return out
