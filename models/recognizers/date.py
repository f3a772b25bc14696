"""Dates with Dutch, French and English month names (14 mars 1987, 3 januari 2021, 1er février 2020)
and numeric dates (24/07/1966, 6-7-1958, 30.5.22, 1987-03-14). A date with birth context nearby
(geboren, geboortedatum, né le, date de naissance, °) is reported as DATE_OF_BIRTH instead.

Presidio's DateRecognizer knows only English month names, so it is not registered."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, fold, make_result
from ._dates import DATE_PATTERNS as _PATTERNS
from ._dates import DATE_VALUE, MONTHS, parse_date
from ._dates import to_date as _to_date

__all__ = ["PiiScanDateRecognizer", "MONTHS", "parse_date"]

BIRTH_CONTEXT = [
    "geboren", "geboortedatum", "geb.", "geb", "geboortedag", "°", "ne le", "nee le", "ne(e) le", "ne(e)",
    "date de naissance", "naissance", "born", "date of birth", "birth date", "dob", "birthday",
    "verjaardag",
]  # fmt: skip


# Where a clause ends for birth context: ";", a sentence end, a blank line, or a line break before a
# new "Label:" line. A single line break alone is a hard wrap ("née le\n14 mars 1987") and does not.
_CLAUSE_END = re.compile(r";|[.!?]\s+(?=[A-Z])|\n[ \t\r]*\n|\n(?=[^\n:]{1,30}:)")


class PiiScanDateRecognizer(EntityRecognizer):
    ENTITIES = ["DATE_TIME", "DATE_OF_BIRTH"]
    SCORE = 0.6
    BIRTH_SCORE = 0.85
    VALUE_REGEX = DATE_VALUE

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=self.ENTITIES,
            name="PiiScanDateRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return parse_date(value) is not None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        folded = fold(text)
        spans: list[re.Match[str]] = []
        for pattern in _PATTERNS:
            for m in pattern.finditer(folded):
                if not any(s.start() < m.end() and m.start() < s.end() for s in spans) and _to_date(m):
                    spans.append(m)
        spans.sort(key=lambda m: m.start())
        results = []
        prev_end = 0
        for m in spans:
            birth = self._birth_context(text, max(prev_end, m.start() - 35), m.start())
            prev_end = m.end()
            entity, score = ("DATE_OF_BIRTH", self.BIRTH_SCORE) if birth else ("DATE_TIME", self.SCORE)
            if entities and entity not in entities:
                continue
            why = "date" + (" with birth context" if birth else "")
            results.append(make_result(self, entity, m.start(), m.end(), score, why))
        return results

    @staticmethod
    def _birth_context(text: str, lo: int, hi: int) -> bool:
        # Birth words count only in the same clause, not across a sentence end or an earlier date.
        window = text[lo:hi]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        return context_near(window[cut:], len(window) - cut, len(window) - cut, BIRTH_CONTEXT, 35, 0)
