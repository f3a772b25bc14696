"""Places by name from the gazetteer (GeoNames cities, ISO 3166-2 regions, municipalities; see
models/gazetteer.py), as LOCATION: the NER pipeline misses foreign cities ("Genua") and regions
("Vlaams Gewest") it never saw in training. Capitalised words only; a hit inside a name the pipeline
found (a person "Marino Keulen", an organisation "Spartak Moskou") is dropped by models/reconcile.py."""

from __future__ import annotations

from presidio_analyzer.nlp_engine import NlpArtifacts

from ..gazetteer import place_spans
from .territory import PiiScanLocationSpans

__all__ = ["PiiScanPlaceGazetteerRecognizer"]


class PiiScanPlaceGazetteerRecognizer(PiiScanLocationSpans):
    SCORE = 0.6
    EXPLANATION = "gazetteer place name"

    def spans(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        return place_spans(nlp_artifacts.tokens)
