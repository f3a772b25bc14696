"""Helpers shared by the recognizers: accent-insensitive context search and value normalisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._text import LANGUAGES, STRIP_CHARS, context_near, digits, fold

__all__ = [
    "fold",
    "digits",
    "context_near",
    "mark_context",
    "make_result",
    "LANGUAGES",
    "STRIP_CHARS",
    "PiiScanChecksumRecognizer",
]


def mark_context(results: Iterable[RecognizerResult]) -> None:
    """Tell Presidio's context enhancer that we already weighed the context (no double boost)."""
    for r in results:
        if r.recognition_metadata is None:
            r.recognition_metadata = {}
        r.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True


def make_result(
    recognizer: EntityRecognizer,
    entity: str,
    start: int,
    end: int,
    score: float,
    explanation: str | None,
    *,
    context_weighed: bool = True,
    pattern_name: str | None = None,
    pattern: str | None = None,
    validation_result: bool | None = None,
) -> RecognizerResult:
    """One way for our own ``analyze`` methods to build a result, with the metadata Presidio expects.

    ``context_weighed`` (default) applies :func:`mark_context`; pass False where Presidio's context
    enhancer should still be allowed to boost the score.
    """
    # Presidio hints these parameters as ``str = None`` (implicit Optional); pass only the ones we have,
    # leaving the rest at Presidio's None default.
    optional: dict[str, Any] = {
        "pattern_name": pattern_name,
        "pattern": pattern,
        "validation_result": validation_result,
        "textual_explanation": explanation,
    }
    given = {k: v for k, v in optional.items() if v is not None}
    # EntityRecognizer.__init__ declares ``name: str = None`` and then tests ``name is None``, so mypy
    # deems the branch that first assigns ``self.name`` unreachable and cannot infer its type.
    name: str = recognizer.name  # type: ignore[has-type]
    result = RecognizerResult(
        entity,
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(recognizer=name, original_score=score, **given),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
    if context_weighed:
        mark_context([result])
    return result


class PiiScanChecksumRecognizer(PatternRecognizer):
    """A PatternRecognizer whose matches only count when python-stdnum validates them.

    Subclasses set ENTITY, PATTERNS, CONTEXT, VALUE_REGEX (whole-value prefilter used by the fast column
    path) and implement ``is_valid_value``. Patterns whose name ends in "(weak)" are notations that too
    many other numbers share (a bare 9-digit BSN, a bare 10-digit enterprise number): they only reach a
    useful score when a context word is near.
    """

    ENTITY: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: list[str] = []
    VALUE_REGEX: str = ""
    WEAK_SCORE = 0.3
    CONTEXT_SCORE = 0.95

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=f"{type(self).__name__}",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )

    @classmethod
    def is_valid_value(cls, value: str) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def validate_result(self, pattern_text: str) -> bool:
        return self.is_valid_value(pattern_text)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for r in results:
            expl = r.analysis_explanation
            weak = bool(expl and expl.pattern_name and expl.pattern_name.endswith("(weak)"))
            if weak:
                if context_near(text, r.start, r.end, self.CONTEXT):
                    r.score = self.CONTEXT_SCORE
                    mark_context([r])
                else:
                    r.score = self.WEAK_SCORE
        return results
