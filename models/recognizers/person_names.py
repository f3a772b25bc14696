"""Dictionary-based PERSON and LOCATION recognizer: the NER fallback for languages without a spaCy
pipeline that has NER (Dutch when nl_core_news_* is absent, English).

Names: a known first name followed by capitalised words (Jan Peeters, Anne-Marie van der Berghe),
initials or a title before a capitalised surname (J. Peeters, dhr. Janssens, Dr. Visser), a lone known
first name, or a known surname after a particle. Places: capitalised words that are a Belgian or Dutch
municipality. Lists come from Faker (see _lists.py)."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import make_result
from ._lists import first_names, last_names, places
from ._names import CANDIDATE as _CANDIDATE
from ._names import HOUSE_NUMBER as _HOUSE_NUMBER
from ._names import STREET_END as _STREET_END
from ._names import classify_name, is_name_value

__all__ = ["PiiScanNameListRecognizer", "is_name_value"]


class PiiScanNameListRecognizer(EntityRecognizer):
    ENTITIES = ["PERSON", "LOCATION"]

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=self.ENTITIES,
            name="PiiScanNameListRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        first_names(), last_names(), places()

    classify = staticmethod(classify_name)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        pos = 0
        while (m := _CANDIDATE.search(text, pos)) is not None:
            pos = m.end()
            title = m.group("title")
            body = m.group("body") + (" " + m.group("more") if m.group("more") else "")
            decided = self.classify(text, m.start(), title, body)
            end = m.end() if m.group("more") else m.end("body")
            if decided is None and m.group("more"):
                decided, end = self.classify(text, m.start(), title, m.group("body")), m.end("body")
            if decided is None:
                # "Brief van Pieter van Hasselt": the leading word spoiled the candidate; retry after it.
                gap = re.search(r"\s", text[m.start() : m.end()])
                if gap:
                    pos = m.start() + gap.end()
                continue
            entity, score = decided
            if _STREET_END.search(text, 0, end) and _HOUSE_NUMBER.match(text, end):
                continue
            start = m.start()
            if entity == "LOCATION_LAST_WORD":
                entity, start = "LOCATION", m.start("body") + m.group("body").rstrip().rfind(" ") + 1
            if entities and entity not in entities:
                continue
            results.append(make_result(self, entity, start, end, score, "name/place list (Faker)"))
        return results
