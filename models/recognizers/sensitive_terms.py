"""Sensitive-data terms (health, judicial, religion, ethnicity, politics, union, biometrics, sex life)
in Dutch, French and English: one entity per GDPR art. 9/10 kind, from the lists in models/terms.py."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..terms import SENSITIVE_TERMS
from ._common import fold, make_result
from ._mentions import sensitive_in_value, sensitive_patterns

__all__ = ["PiiScanSensitiveTermsRecognizer"]


class PiiScanSensitiveTermsRecognizer(EntityRecognizer):
    SCORE = 0.6

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=list(SENSITIVE_TERMS),
            name="PiiScanSensitiveTermsRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @staticmethod
    def entities_in_value(value: str) -> set[str]:
        """Sensitive kinds a short cell value mentions (ambiguous words left out)."""
        return sensitive_in_value(value)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        folded = fold(text)
        results = []
        for entity, pattern in sensitive_patterns().items():
            if entities and entity not in entities:
                continue
            for m in pattern.finditer(folded):
                why = f"{entity.lower()} term"
                results.append(make_result(self, entity, m.start(), m.end(), self.SCORE, why))
        return results
