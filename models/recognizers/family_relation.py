"""Family relations and household terms (mijn zoon, echtgenote, personen ten laste, kinderbijslag,
gezinssamenstelling, son épouse, mon fils, enfants à charge, ...) from models/terms.py, and a
possessive followed by a kinship noun (haar man, zijn vrouw, sa femme, ses enfants, mon père).

"man", "vrouw", "femme", "kinderen" alone are everyday words ("de man aan de balie"); after a
possessive they name a relative. Spouse words also name business partners or staff ("onze partners",
"uw partner in IT", "notre femme de ménage"), so they count only after a one-person possessive
(mijn, zijn, haar, son, sa, his, her) and not before "van/de/of ...". Dutch "zijn" is also a verb
("wij zijn partner van ..."), which that look-ahead catches too."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import fold, make_result
from ._mentions import family_in_value, family_pattern

__all__ = ["PiiScanFamilyRelationRecognizer"]


class PiiScanFamilyRelationRecognizer(EntityRecognizer):
    ENTITY = "FAMILY_RELATION"
    SCORE = 0.6

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanFamilyRelationRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @staticmethod
    def in_value(value: str) -> bool:
        return family_in_value(value)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in family_pattern().finditer(fold(text)):
            results.append(make_result(self, self.ENTITY, m.start(), m.end(), self.SCORE, "family term"))
        return results
