"""Sensitive-data terms (health, judicial, religion, ethnicity, politics, union, biometrics, sex life)
in Dutch, French and English: one entity per GDPR art. 9/10 kind, from the lists in models/terms.py."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .._once import once
from ..terms import AMBIGUOUS_TERMS, SENSITIVE_TERMS
from ._common import fold, make_result
from ._compounds import HEALTH_COMPOUND_PATTERN
from ._terms import compile_terms

__all__ = ["PiiScanSensitiveTermsRecognizer"]


def _with_compounds(entity: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    # Dutch health compounds (hartoperatie, hospitalisatiekosten): see _compounds.py.
    if entity != "HEALTH":
        return pattern
    return re.compile(pattern.pattern + "|" + HEALTH_COMPOUND_PATTERN)


@once
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        entity: _with_compounds(entity, compile_terms(terms)) for entity, terms in SENSITIVE_TERMS.items()
    }


@once
def _strict_patterns() -> dict[str, re.Pattern[str]]:
    return {
        entity: _with_compounds(entity, compile_terms(t for t in terms if t not in AMBIGUOUS_TERMS))
        for entity, terms in SENSITIVE_TERMS.items()
    }


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
        folded = fold(value)
        return {e for e, p in _strict_patterns().items() if p.search(folded)}

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        folded = fold(text)
        results = []
        for entity, pattern in _patterns().items():
            if entities and entity not in entities:
                continue
            for m in pattern.finditer(folded):
                why = f"{entity.lower()} term"
                results.append(make_result(self, entity, m.start(), m.end(), self.SCORE, why))
        return results
