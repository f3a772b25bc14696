"""Reconcile a NER pipeline's entities with the pattern and list recognizers on the same text.

Three disagreements recur on Dutch letters and notes (measured with benchmarks/eval_ner.py):
- a place or person inside an organisation the model found ("Radio Brussel", "Club Brugge" as ORG)
  is not a place or person of its own: the model's reading of the whole name wins;
- at the start of a sentence the model takes the capitalised word before a name into it ("Trainer
  José Mourinho", "Aanvraag van Anna Visser"): leading words that are no known name, and particles
  left at the front, are cut off;
- a person's name that is part of a street address ("J.C. Schoutelaan 1") is the address;
- a span that is a country's CLDR name ("Ivoorkust") is a place, not a person."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from spacy.tokens import Doc

from .recognizers._common import fold
from .recognizers._lists import PARTICLES, first_names, last_names

__all__ = ["reconcile"]

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])\s*[\"'(]?\s*$")
_WORD = re.compile(r"\S+")


def _is_name_word(word: str) -> bool:
    w = fold(word.strip(".,;:()'\""))
    return w in first_names() or w in last_names() or (len(w) <= 3 and w.endswith("."))


def _trim_opening(text: str, r: RecognizerResult) -> RecognizerResult:
    if not _SENTENCE_START.search(text[: r.start]):
        return r
    words = list(_WORD.finditer(text, r.start, r.end))
    k = 0
    while k < len(words) - 1 and not _is_name_word(words[k].group()):
        k += 1
    while k < len(words) - 1 and words[k].group().lower() in PARTICLES:
        k += 1
    if k == 0 or k == len(words) - 1 and not _is_name_word(words[k].group()):
        return r  # nothing known to trim to: keep the model's span
    return RecognizerResult(r.entity_type, words[k].start(), r.end, r.score, r.analysis_explanation,
                            r.recognition_metadata)  # fmt: skip


def _recognizer(r: RecognizerResult) -> str:
    return str((r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _from_ner(r: RecognizerResult) -> bool:
    return _recognizer(r) == "SpacyRecognizer"


def reconcile(text: str, doc: Doc, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """``results`` of one text adjusted against ``doc.ents`` (see the module docstring)."""
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "MISC")]
    streets = [(r.start, r.end) for r in results if r.entity_type == "STREET_ADDRESS"]
    # a country's CLDR name is a place, whatever the model thought ("Ivoorkust" as PER)
    countries = {(r.start, r.end) for r in results if _recognizer(r) == "PiiScanTerritoryRecognizer"}
    out = []
    for r in results:
        if r.entity_type in ("PERSON", "LOCATION"):
            if any(a <= r.start and r.end <= b for a, b in orgs):
                continue
            if r.entity_type == "PERSON" and any(a < r.end and r.start < b for a, b in streets):
                continue
            if r.entity_type == "PERSON" and (r.start, r.end) in countries:
                continue
            if r.entity_type == "PERSON" and _from_ner(r):
                r = _trim_opening(text, r)
        out.append(r)
    return out
