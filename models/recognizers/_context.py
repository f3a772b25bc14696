"""Base class for identifiers without a checksum (Belgian passport and driving-licence numbers, Dutch
document numbers): their shape is shared by too many other codes, so a match only counts when a
context word is near, as Microsoft Purview's sensitive-information types require."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, mark_context

__all__ = ["PiiScanContextRecognizer"]


class PiiScanContextRecognizer(PatternRecognizer):
    """Subclasses set ENTITY, PATTERNS, CONTEXT and VALUE_REGEX (a whole-value shape, case-insensitive);
    ``is_valid_value`` checks the shape only: the column path needs the header as its context word."""

    ENTITY: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: list[str] = []
    VALUE_REGEX: str = ""
    CONTEXT_SCORE = 0.9

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return re.fullmatch(cls.VALUE_REGEX, value.strip(), re.IGNORECASE) is not None

    def validate_result(self, pattern_text: str) -> bool:
        return self.is_valid_value(pattern_text)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        kept = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            if context_near(text, r.start, r.end, self.CONTEXT):
                r.score = self.CONTEXT_SCORE
                kept.append(r)
        mark_context(kept)  # no context word, no result; Presidio's enhancer must not add one either
        return kept
