"""Belgian and Dutch postcodes with their municipality (1000 Brussel, 3500 Hasselt, B-4000 Liège,
1012 AB Amsterdam), Dutch postcodes on their own (1012 AB), and a bare Belgian postcode only with a
context word. Municipalities come from Faker's nl_BE/nl_NL city lists plus a short supplement."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._addresses import BE_ALONE as _BE_ALONE
from ._addresses import NL_ALONE as _NL_ALONE
from ._addresses import POSTAL_CODE_VALUE, is_postal_code
from ._addresses import WITH_CITY as _WITH_CITY
from ._common import context_near, make_result
from ._places import city_length

__all__ = ["PiiScanPostalCodeRecognizer"]

CONTEXT = ["postcode", "code postal", "postnummer", "cp", "zip", "postal code", "woonplaats", "gemeente"]


class PiiScanPostalCodeRecognizer(EntityRecognizer):
    ENTITY = "POSTAL_CODE"
    VALUE_REGEX = POSTAL_CODE_VALUE

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
        return is_postal_code(value)

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
