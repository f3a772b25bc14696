"""Family relations and household terms (mijn zoon, echtgenote, personen ten laste, kinderbijslag,
gezinssamenstelling, son épouse, mon fils, enfants à charge, ...) from models/terms.py, and a
possessive followed by a kinship noun (haar man, zijn vrouw, sa femme, ses enfants, mon père).

"man", "vrouw", "femme", "kinderen" alone are everyday words ("de man aan de balie"); after a
possessive they name a relative. Spouse words also name business partners or staff ("onze partners",
"uw partner in IT", "notre femme de ménage"), so they count only after a one-person possessive
(mijn, zijn, haar, son, sa, his, her) and not before "van/de/of ...". Dutch "zijn" is also a verb
("wij zijn partner van ..."), which that look-ahead catches too."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .._once import once
from ..terms import FAMILY_TERMS
from ._common import fold, make_result
from ._terms import compile_terms

__all__ = ["PiiScanFamilyRelationRecognizer"]


# One person's possessive (nl, fr, en), folded.
_ONE_OWNER = ("mijn", "m'n", "zijn", "z'n", "haar", "d'r", "mon", "ma", "son", "sa", "ton", "ta",
              "my", "his", "her")  # fmt: skip
_ANY_OWNER = _ONE_OWNER + ("jouw", "je", "uw", "hun", "onze", "ons", "mes", "ses", "tes", "votre", "vos",
                           "notre", "nos", "leur", "leurs", "your", "our", "their")  # fmt: skip
# Words between possessive and noun that keep the relation ("haar ex-man", "sa nouvelle compagne").
_ADJECTIVES = (
    "ex", "nieuwe", "overleden", "huidige", "vorige", "eerste", "tweede", "jongste", "oudste", "kleine",
    "minderjarige", "volwassen", "eigen", "toekomstige", "wettelijke", "wettige", "lieve",
    "nouveau", "nouvelle", "premier", "premiere", "ancien", "ancienne", "futur", "future", "defunt",
    "defunte", "feu", "propre", "jeune", "jeunes", "petit", "petite", "petits", "petites", "cher", "chere",
    "late", "new", "former", "first", "second", "eldest", "youngest", "own", "little",
)  # fmt: skip
_SPOUSE = ("man", "vrouw", "partner", "levenspartner", "vriendin", "wederhelft", "mari", "femme",
           "compagnon", "compagne", "partenaire", "concubin", "concubine")  # fmt: skip
_KIN = (
    "echtgenoot", "echtgenote", "eega", "verloofde", "kind", "kinderen", "kindje", "kindjes", "zoon",
    "zoontje", "zonen", "dochter", "dochters", "dochtertje", "baby", "ouders", "vader", "moeder", "papa",
    "mama", "pa", "broer", "broers", "broertje", "zus", "zussen", "zusje", "zuster", "grootouders",
    "opa", "oma", "kleinkind", "kleinkinderen", "schoonmoeder", "schoonvader", "schoonzoon",
    "schoondochter", "schoonouders", "stiefvader", "stiefmoeder", "stiefzoon", "stiefdochter", "oom",
    "tante", "neef", "nicht", "pleegkind", "pleegkinderen",
    "epoux", "epouse", "conjoint", "conjointe", "fiance", "fiancee", "enfant", "enfants", "fils", "fille",
    "filles", "bebe", "parents", "pere", "mere", "maman", "frere", "freres", "soeur", "soeurs",
    "grands-parents", "grand-pere", "grand-mere", "petit-fils", "petite-fille", "petits-enfants",
    "beau-pere", "belle-mere", "oncle", "neveu", "niece", "cousin", "cousine",
    "husband", "wife", "spouse", "fiancee", "child", "children", "kids", "son", "sons", "daughter",
    "daughters", "parents", "mother", "father", "mum", "mom", "dad", "brother", "sister",
    "grandmother", "grandfather", "grandchildren",
)  # fmt: skip
# "onze familie van producten", "notre famille de produits": checked like spouse words.
_HOUSEHOLD = ("gezin", "familie", "famille", "family")
# A spouse or household word followed by these is a role, not a relative ("partner van het project",
# "femme de ménage", "femme d'affaires").
_NOT_RELATIVE_AFTER = r"(?!\s+(?:(?:van|voor|in|bij|de|du|des|of|for|at)(?![\w\-])|d'))"


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _possessive_pattern() -> str:
    adj = rf"(?:(?:{_alt(_ADJECTIVES)})\s+|ex-)?"
    spouse = rf"(?:{_alt(_ONE_OWNER)})\s+{adj}(?:{_alt(_SPOUSE)}){_NOT_RELATIVE_AFTER}"
    kin = rf"(?:{_alt(_ANY_OWNER)})\s+{adj}(?:{_alt(_KIN)})"
    household = rf"(?:{_alt(_ANY_OWNER)})\s+(?:{_alt(_HOUSEHOLD)}){_NOT_RELATIVE_AFTER}"
    return rf"(?<![\w\-'])(?:{spouse}|{kin}|{household})(?![\w\-])"


@once
def _pattern() -> re.Pattern[str]:
    # The possessive form first: at one position it wins, so "haar echtgenoot" is one span.
    return re.compile(_possessive_pattern() + "|" + compile_terms(FAMILY_TERMS).pattern)


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
        return _pattern().search(fold(value)) is not None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in _pattern().finditer(fold(text)):
            results.append(make_result(self, self.ENTITY, m.start(), m.end(), self.SCORE, "family term"))
        return results
