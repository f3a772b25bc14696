"""Street addresses: Dutch/Flemish compound street names (Kerkstraat 12, Drukpersstraat 35 1000
BRUSSEL, Heidelberglaan 1 a, Grote Markt 7) and French ones (rue de la Loi 16, avenue Louise 54,
chaussée de Waterloo 100, 16 rue de la Paix), optionally followed by postcode and municipality."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import make_result
from ._places import CITY_WORDS, city_length

__all__ = ["PiiScanStreetAddressRecognizer"]

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


class PiiScanStreetAddressRecognizer(EntityRecognizer):
    ENTITY = "STREET_ADDRESS"
    SCORE = 0.65
    FULL_SCORE = 0.85
    VALUE_REGEX = r".{4,120}"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanStreetAddressRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @classmethod
    def spans(cls, text: str) -> list[tuple[int, int, bool]]:
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

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        value = value.strip()
        return any(s == 0 and e >= len(value.rstrip(" .,")) for s, e, _ in cls.spans(value))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for start, end, full in self.spans(text):
            score = self.FULL_SCORE if full else self.SCORE
            results.append(make_result(self, self.ENTITY, start, end, score, "street address"))
        return results
