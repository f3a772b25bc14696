"""Street addresses and postcodes as spans and whole values, without Presidio.

The street-address and postcode recognizers wrap these for text; the fast column path calls
``is_street_address`` and ``is_postal_code``."""

from __future__ import annotations

import re

from ._places import CITY_WORDS, city_length

__all__ = [
    "NL_SUFFIXES",
    "FR_TYPES",
    "POSTAL_CODE_VALUE",
    "STREET_ADDRESS_VALUE",
    "address_spans",
    "is_postal_code",
    "is_street_address",
]

NL_SUFFIXES = (
    "straat", "laan", "plein", "steenweg", "weg", "dreef", "lei", "singel", "gracht", "kade", "dijk",
    "baan", "pad", "hof", "markt", "park", "plantsoen", "wal", "kaai", "vest", "dam", "boulevard",
    "steeg", "veld", "berg", "hoek", "ring", "dries", "kouter", "akker", "wijk", "erf", "heide", "kaai",
    "straatje", "gang", "kant", "zijde", "dal", "meers", "beemd", "houtstraat", "burgwal", "rei",
    "bolwerk", "dyk", "str.", "str", "ln", "pln", "wg", "drf", "sngl", "gr", "hf", "prk", "pd", "plnts",
    "stg", "mrkt",
)  # fmt: skip
FR_TYPES = (
    "rue", "avenue", "av.", "chaussée", "chaussee", "chée", "boulevard", "bd", "bld", "place", "quai",
    "chemin", "allée", "allee", "impasse", "square", "drève", "dreve", "route", "rond-point", "clos",
    "sentier", "galerie", "parvis", "cours", "voie", "venelle", "ruelle", "cité", "cite",
)  # fmt: skip
_NL_PREFIX = (
    r"(?:(?:Grote|Kleine|Lange|Korte|Oude|Nieuwe|Hoge|Lage|Sint|Onze-Lieve-Vrouw|Koning|Koningin|Prins|"
    r"Burgemeester|Dokter|Pastoor|Generaal|Graaf|Van|de|den|der|GROTE|KLEINE|LANGE|KORTE|OUDE|NIEUWE|SINT)\s+){0,3}"
)
_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w]))?(?:\s?[-/]\s?\d{1,4})?(?:,?\s?(?:bus|bte|boîte|b\.)\s?\d{1,4})?"
_PARTICLE = r"(?i:de\s+la|de\s+l'|de|du|des|d'|la|le|les|l'|aux|au|sur|en)"
_NAME_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
_SUFFIX = "|".join(re.escape(s) for s in sorted(NL_SUFFIXES, key=len, reverse=True))
_FR_TYPE = "|".join(re.escape(t) for t in sorted(FR_TYPES, key=len, reverse=True))
_FR_NAME = rf"(?:{_PARTICLE}\s*)?{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s*)?{_NAME_WORD}){{0,3}}"

_PATTERNS = [
    # Kerkstraat 12, DRUKPERSSTRAAT 35, Grote Markt 7, Sint-Jansplein 3 bus 2
    re.compile(rf"(?<![\w\-]){_NL_PREFIX}(?=[A-Z])[\w'\-]*(?i:{_SUFFIX})(?![\w\-])\s+{_NUMBER}(?![\w])"),
    # rue de la Loi 16, avenue Louise 54, chaussée de Waterloo 100
    re.compile(rf"(?<![\w\-])(?i:{_FR_TYPE})\s+{_FR_NAME},?\s+{_NUMBER}(?![\w])"),
    # 16 rue de la Paix, 16 bis, avenue Foch
    re.compile(rf"(?<![\w\-])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:{_FR_TYPE})\s+{_FR_NAME}"),
]
_TAIL = re.compile(
    rf",?\s+(?:(?:B|NL|L|F)-)?[1-9]\d{{3}}(?:\s?[A-Z]{{2}}(?!\w))?(?:\s+(?P<city>{CITY_WORDS}))?"
)

STREET_ADDRESS_VALUE = r".{4,120}"


def address_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, has_postcode) of every address in ``text``."""
    out: list[tuple[int, int, bool]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in out):
                continue
            end, full = m.end(), False
            tail = _TAIL.match(text, end)
            if tail:
                full = True
                city = tail.group("city")
                end = tail.start("city") + city_length(city) if city and city_length(city) else tail.end()
                if city and not city_length(city):
                    end = tail.start("city")
                end = len(text[:end].rstrip(" ,"))
            out.append((m.start(), end, full))
    return out


def is_street_address(value: str) -> bool:
    value = value.strip()
    return any(s == 0 and e >= len(value.rstrip(" .,")) for s, e, _ in address_spans(value))


# Postcodes
WITH_CITY = re.compile(
    rf"(?<![\w\-/.])(?:(?:B|NL|L|F)-)?[1-9]\d{{3}}(?:\s?(?!SA|SD|SS)[A-Z]{{2}}(?!\w))?,?\s+(?P<city>{CITY_WORDS})"
)
NL_ALONE = re.compile(r"(?<![\w\-/.])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
BE_ALONE = re.compile(r"(?<![\w\-/.,])(?:B-)?[1-9]\d{3}(?![\w\-/]|[.,]\d)")

POSTAL_CODE_VALUE = rf"(?:(?:B|NL|L|F)-)?[1-9]\d{{3}}(?:\s?[A-Z]{{2}})?(?:,?\s+{CITY_WORDS})?"


def is_postal_code(value: str) -> bool:
    """A Belgian/Dutch postcode, alone (Dutch form) or with a known municipality after it."""
    m = WITH_CITY.fullmatch(value.strip())
    if m and city_length(m.group("city")) == len(m.group("city")):
        return True
    return NL_ALONE.fullmatch(value.strip()) is not None
