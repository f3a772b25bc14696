"""Street addresses: Dutch/Flemish compound street names (Kerkstraat 12, Drukpersstraat 35 1000
BRUSSEL, Heidelberglaan 1 a, Grote Markt 7) and French ones (rue de la Loi 16, avenue Louise 54,
chaussée de Waterloo 100, 16 rue de la Paix), optionally followed by postcode and municipality."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._addresses import FR_TYPES, NL_SUFFIXES, STREET_ADDRESS_VALUE, address_spans, is_street_address
from ._common import make_result

__all__ = ["PiiScanStreetAddressRecognizer", "NL_SUFFIXES", "FR_TYPES"]


class PiiScanStreetAddressRecognizer(EntityRecognizer):
    ENTITY = "STREET_ADDRESS"
    SCORE = 0.65
    FULL_SCORE = 0.85
    VALUE_REGEX = STREET_ADDRESS_VALUE

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanStreetAddressRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @classmethod
    def spans(cls, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, has_postcode) of every address in ``text``."""
        return address_spans(text)

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_street_address(value)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for start, end, full in self.spans(text):
            score = self.FULL_SCORE if full else self.SCORE
            results.append(make_result(self, self.ENTITY, start, end, score, "street address"))
        return results
