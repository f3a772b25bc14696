"""Language of free text (nl, fr, en, de), offline with lingua; None when too short or ambiguous.

The detector is built once per process, restricted to the four languages that occur in Belgian and
Dutch data. Low-accuracy mode: measured 0.09 s / 27 MB to build versus 1.6 s / 162 MB for high
accuracy, about the same throughput (~10k texts/s), and 0.83 versus 0.87 of the short deduce Dutch
texts recognised as Dutch (the rest mostly None, i.e. undecided)"""

from __future__ import annotations

from collections.abc import Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from ._once import once

__all__ = ["detect_language", "detect_languages", "MIN_LETTERS"]

# Fewer letters than this cannot be told apart reliably ("ok", "Jan", "BE0460190566").
MIN_LETTERS = 12
_CODES = {Language.DUTCH: "nl", Language.FRENCH: "fr", Language.ENGLISH: "en", Language.GERMAN: "de"}


@once
def _detector(low_accuracy: bool = True) -> LanguageDetector:
    builder = LanguageDetectorBuilder.from_languages(*_CODES).with_minimum_relative_distance(0.1)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _long_enough(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= MIN_LETTERS


def detect_language(text: str | None) -> str | None:
    """ "nl", "fr", "en", "de", or None when the text is too short or the languages are too close."""
    if not text or not _long_enough(text):
        return None
    lang = _detector().detect_language_of(text)
    return _CODES.get(lang) if lang is not None else None


def detect_languages(texts: Sequence[str | None]) -> list[str | None]:
    """detect_language for many texts (distinct texts only, detected in parallel by lingua)."""
    distinct = [t for t in dict.fromkeys(t for t in texts if t) if _long_enough(t)]
    found = dict(zip(distinct, _detector().detect_languages_in_parallel_of(distinct), strict=False))
    langs = [found.get(t) if t is not None else None for t in texts]
    return [_CODES.get(lang) if lang is not None else None for lang in langs]
