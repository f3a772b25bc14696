"""Sensitive and family terms in text and short values, without Presidio.

The sensitive-terms and family-relation recognizers wrap these patterns for text; the fast column path
calls ``sensitive_in_value`` and ``family_in_value``."""

from __future__ import annotations

import re

from .._once import once
from ..terms import AMBIGUOUS_TERMS, FAMILY_TERMS, SENSITIVE_TERMS
from ._compounds import HEALTH_COMPOUND_PATTERN
from ._terms import compile_terms
from ._text import fold

__all__ = [
    "family_in_value",
    "family_pattern",
    "sensitive_in_value",
    "sensitive_patterns",
    "strict_sensitive_patterns",
]


def _with_compounds(entity: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    # Dutch health compounds (hartoperatie, hospitalisatiekosten): see _compounds.py.
    if entity != "HEALTH":
        return pattern
    return re.compile(pattern.pattern + "|" + HEALTH_COMPOUND_PATTERN)


@once
def sensitive_patterns() -> dict[str, re.Pattern[str]]:
    return {
        entity: _with_compounds(entity, compile_terms(terms)) for entity, terms in SENSITIVE_TERMS.items()
    }


@once
def strict_sensitive_patterns() -> dict[str, re.Pattern[str]]:
    return {
        entity: _with_compounds(entity, compile_terms(t for t in terms if t not in AMBIGUOUS_TERMS))
        for entity, terms in SENSITIVE_TERMS.items()
    }


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
def family_pattern() -> re.Pattern[str]:
    # The possessive form first: at one position it wins, so "haar echtgenoot" is one span.
    return re.compile(_possessive_pattern() + "|" + compile_terms(FAMILY_TERMS).pattern)


def sensitive_in_value(value: str) -> set[str]:
    """Sensitive kinds a short cell value mentions (ambiguous words left out)."""
    folded = fold(value)
    return {e for e, p in strict_sensitive_patterns().items() if p.search(folded)}


def family_in_value(value: str) -> bool:
    return family_pattern().search(fold(value)) is not None
