"""Countries, continents and world regions by their CLDR names in Dutch, French and English (Babel),
as LOCATION: the NER pipeline misses some ("Congo-Kinshasa", "Ivoorkust"), and the name lists know
only Belgian and Dutch municipalities. Lower-case CLDR names ("wereld") are common words, not names."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .._once import once
from ._common import make_result

__all__ = ["PiiScanLocationSpans", "PiiScanTerritoryRecognizer", "territory_names"]

_LOCALES = ("nl", "fr", "en")


@once
def territory_names() -> frozenset[str]:
    from babel import Locale  # CLDR data ships inside Babel: nothing is downloaded

    names: set[str] = set()
    for loc in _LOCALES:
        for name in Locale(loc).territories.values():
            # "Macau SAR van China" and "(Verenigde Staten)" variants are no names one writes
            if name[:1].isupper() and "(" not in name and " SAR " not in name and len(name) > 3:
                names.add(name)
    return frozenset(names)


@once
def _pattern() -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(territory_names(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


class PiiScanLocationSpans(EntityRecognizer):
    """A LOCATION recognizer whose spans come from ``spans`` (shared by the territory and gazetteer
    recognizers)."""

    ENTITY = "LOCATION"
    SCORE = 0.7
    EXPLANATION = "place name"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY], name=type(self).__name__, supported_language=supported_language
        )

    def load(self) -> None:
        pass

    def spans(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities:
            return []
        return [make_result(self, self.ENTITY, a, b, self.SCORE, self.EXPLANATION)
                for a, b in self.spans(text, nlp_artifacts)]  # fmt: skip


class PiiScanTerritoryRecognizer(PiiScanLocationSpans):
    EXPLANATION = "CLDR territory name"

    def spans(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
        return [m.span() for m in _pattern().finditer(text)]
