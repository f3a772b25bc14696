"""Dutch health compounds (hartoperatie, knieoperatie, longkanker, hospitalisatiekosten,
kankerbehandeling): Dutch writes compounds as one word, so a word-bounded term list misses them.

Only safe stems match inside a word, on folded (lower-case, accent-free) text:
- HEADS_ANY_PREFIX end a compound after any prefix: every ...ziekte, ...kanker, ...ontsteking or
  ...stoornis is a condition (beroepsziekte, borstkanker, longontsteking, eetstoornis);
- GENERIC_HEADS (operatie, behandeling, onderzoek, pijn, ...) are everyday words outside medicine
  (reddingsoperatie, coöperatie, marktonderzoek, klachtenbehandeling, "behandelingstermijn van uw
  dossier"), so they count only after a body part or medical stem (MEDICAL_PREFIXES);
- a word starting with hospitalisatie or a ziekenhuis stay/cost word (ziekenhuisopname, -kosten);
  "ziekenhuis" alone or "ziekenhuisnetwerk" names an institution, not a person's health.
Decided: "behandelingstermijn" (processing time of a file) is not health, nor is "operationeel"."""

from __future__ import annotations

__all__ = ["HEALTH_COMPOUND_PATTERN"]

HEADS_ANY_PREFIX = (
    "ziekte", "ziekten", "kanker", "tumor", "tumoren", "infarct", "ontsteking", "ontstekingen",
    "aandoening", "aandoeningen", "stoornis", "stoornissen", "therapie", "verlamming", "verslaving",
    "allergie", "depressie", "hernia", "fractuur", "transplantatie", "medicatie", "revalidatie",
    "diabetes", "epilepsie", "dementie", "handicap", "zwangerschap",
)  # fmt: skip
GENERIC_HEADS = (
    "operatie", "operaties", "behandeling", "behandelingen", "onderzoek", "onderzoeken", "ingreep",
    "ingrepen", "pijn", "pijnen", "klachten", "letsel", "letsels", "kwetsuur", "kwetsuren", "blessure",
    "breuk", "prothese", "problemen", "falen", "insufficientie", "bestraling",
)  # fmt: skip
MEDICAL_PREFIXES = (
    "hart", "knie", "heup", "rug", "oog", "ogen", "long", "lever", "nier", "darm", "maag", "borst",
    "schouder", "enkel", "pols", "elleboog", "nek", "hersen", "huid", "bloed", "bot", "spier", "pees",
    "tand", "kaak", "keel", "neus", "oor", "blaas", "prostaat", "baarmoeder", "galblaas", "schildklier",
    "wervel", "bekken", "kanker", "tumor", "chemo", "been", "voet", "hand", "spatader", "staar",
    "amandel", "bypass", "dialyse",
)  # fmt: skip
# What a ziekenhuis compound must continue with to be about a patient's stay.
_HOSPITAL_STAY = ("opname", "opnames", "verblijf", "kosten", "factuur", "facturen", "ontslag", "bezoek")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


# Linking sounds between compound parts: hart-s-, hersen-, ogen-, or a hyphen (knie-operatie).
_LINK = r"(?:s|e|en)?-?"
HEALTH_COMPOUND_PATTERN = (
    rf"(?<![\w\-])(?:"
    rf"[a-z]{{2,}}{_LINK}(?:{_alt(HEADS_ANY_PREFIX)})"
    rf"|(?:{_alt(MEDICAL_PREFIXES)}){_LINK}(?:{_alt(GENERIC_HEADS)})"
    rf"|hospitalisatie[a-z]*"
    rf"|ziekenhuis-?(?:{_alt(_HOSPITAL_STAY)})"
    rf")(?![\w\-])"
)
