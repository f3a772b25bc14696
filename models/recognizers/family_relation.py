"""Family relations and household terms (mijn zoon, echtgenote, personen ten laste, kinderbijslag,
gezinssamenstelling, son épouse, mon fils, enfants à charge, ...) from models/terms.py."""

from __future__ import annotations

from functools import lru_cache

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ..terms import FAMILY_TERMS
from ._common import fold, mark_context
from ._terms import compile_terms

__all__ = ["FamilyRelationRecognizer"]


@lru_cache(maxsize=1)
def _pattern():  # type: ignore[no-untyped-def]
    return compile_terms(FAMILY_TERMS)


class FamilyRelationRecognizer(EntityRecognizer):
    ENTITY = "FAMILY_RELATION"
    SCORE = 0.6

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="FamilyRelationRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @staticmethod
    def in_value(value: str) -> bool:
        return _pattern().search(fold(value)) is not None

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = []
        for m in _pattern().finditer(fold(text)):
            r = RecognizerResult(
                self.ENTITY,
                m.start(),
                m.end(),
                self.SCORE,
                analysis_explanation=AnalysisExplanation(
                    self.name, self.SCORE, textual_explanation="family term"
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            mark_context([r])
            results.append(r)
        return results
