"""Belgian and Dutch postcodes with their municipality (1000 Brussel, 3500 Hasselt, B-4000 Liège,
1012 AB Amsterdam), Dutch postcodes on their own (1012 AB), and a bare Belgian postcode only with a
context word. Municipalities come from Faker's nl_BE/nl_NL city lists plus a short supplement."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, make_result
from ._places import CITY_WORDS, city_length

__all__ = ["PiiScanPostalCodeRecognizer"]

_WITH_CITY = re.compile(
    rf"(?<![\w\-/.])(?:(?:B|NL|L|F)-)?[1-9]\d{{3}}(?:\s?(?!SA|SD|SS)[A-Z]{{2}}(?!\w))?,?\s+(?P<city>{CITY_WORDS})"
)
_NL_ALONE = re.compile(r"(?<![\w\-/.])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
_BE_ALONE = re.compile(r"(?<![\w\-/.,])(?:B-)?[1-9]\d{3}(?![\w\-/]|[.,]\d)")
CONTEXT = ["postcode", "code postal", "postnummer", "cp", "zip", "postal code", "woonplaats", "gemeente"]


class PiiScanPostalCodeRecognizer(EntityRecognizer):
    ENTITY = "POSTAL_CODE"
    VALUE_REGEX = rf"(?:(?:B|NL|L|F)-)?[1-9]\d{{3}}(?:\s?[A-Z]{{2}})?(?:,?\s+{CITY_WORDS})?"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanPostalCodeRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        m = _WITH_CITY.fullmatch(value.strip())
        if m and city_length(m.group("city")) == len(m.group("city")):
            return True
        return _NL_ALONE.fullmatch(value.strip()) is not None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: list[tuple[int, int, float, str]] = []

        def free(s: int, e: int) -> bool:
            return not any(a < e and s < b for a, b, _, _ in found)

        for m in _WITH_CITY.finditer(text):
            n = city_length(m.group("city"))
            if n:
                found.append((m.start(), m.start("city") + n, 0.8, "postcode + municipality"))
        for m in _NL_ALONE.finditer(text):
            if free(m.start(), m.end()):
                ctx = context_near(text, m.start(), m.end(), CONTEXT, 30, 0)
                found.append((m.start(), m.end(), 0.8 if ctx else 0.5, "Dutch postcode"))
        for m in _BE_ALONE.finditer(text):
            if free(m.start(), m.end()) and context_near(text, m.start(), m.end(), CONTEXT, 20, 0):
                found.append((m.start(), m.end(), 0.6, "postcode with context"))
        return [make_result(self, self.ENTITY, s, e, score, why) for s, e, score, why in found]
