"""Places by name from the gazetteer (GeoNames cities, ISO 3166-2 regions, municipalities; see
models/gazetteer.py), as LOCATION: the NER pipeline misses foreign cities ("Genua") and regions
("Vlaams Gewest") it never saw in training. Capitalised words only; a hit inside a name the pipeline
found (a person "Marino Keulen", an organisation "Spartak Moskou") is dropped by models/reconcile.py."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..gazetteer import place_spans
from ._common import make_result

__all__ = ["PiiScanPlaceGazetteerRecognizer"]


class PiiScanPlaceGazetteerRecognizer(EntityRecognizer):
    ENTITY = "LOCATION"
    SCORE = 0.6

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanPlaceGazetteerRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        return [
            make_result(self, self.ENTITY, a, b, self.SCORE, "gazetteer place name")
            for a, b in place_spans(nlp_artifacts.tokens)
        ]
