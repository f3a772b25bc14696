"""Phone numbers of Belgium, the Netherlands, France, Luxembourg and Germany in every common notation
(02/274.48.00, 0470 12 34 56, +32 470 12 34 56, 0032 470..., 06-12345678, 01 23 45 67 89, +352 ...).

phonenumbers' matcher decides, region by region, and only numbers it validates count. Presidio's
own PiiScanPhoneRecognizer scores 0.4 and never tries BE/NL numbering, so it is not registered."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, digits, make_result
from .date import parse_date

__all__ = ["PiiScanPhoneRecognizer", "REGIONS", "parse_phone", "phone_notation"]

REGIONS = ("BE", "NL", "FR", "LU", "DE")
_LENIENCY = phonenumbers.Leniency.VALID
# Fewer national significant digits than this is a code, a year or an amount, not a phone number
# (BE landlines have 8, mobiles and NL/FR numbers 9). Luxembourg landlines are shorter, but are only
# accepted in international notation anyway.
MIN_NATIONAL_DIGITS = {"LU": 6}
_MIN_DIGITS = 8
# One "." between digits and no other separator: a decimal amount (4.99, 123456.78, 0.9900000000).
# A phone written that way has an area code of 2-4 digits with trunk 0 and 6+ digits after the dot.
_ONE_DOT = re.compile(r"(\d+)\.(\d+)")
_AREA_DOT = re.compile(r"0\d{1,3}\.\d{6,8}")
# Enterprise numbers are written 0460.190.566 or bare; phones in 2-digit groups (0470 12 34 56).
_ENTERPRISE_SHAPE = re.compile(r"[01]\d{3}(?:[. ]?\d{3}){2}")


def _international(raw: str) -> bool:
    return raw.lstrip("( ").startswith(("+", "00"))


def phone_notation(raw: str, region: str) -> bool:
    """Whether ``raw`` is written the way a phone number of ``region`` is, before any parsing.

    Rejects what phonenumbers alone accepts on this data: dates (14.03.2021), times and decimal
    amounts (10:22, 12,50, 123456.78), numbers without trunk prefix (BSNs, years: 123456782,
    1987 2001) and Belgian enterprise numbers in their own notation (0460.190.566)."""
    raw = raw.strip()
    if ":" in raw or "," in raw:
        return False
    if _international(raw):
        return True
    # Luxembourg and German numbers vary in length and LU has no trunk prefix, so in domestic notation
    # almost any run of 5-11 digits is "valid" there: accept LU and DE only as +352/00352, +49/0049.
    if region not in ("BE", "NL", "FR") or not raw.lstrip("( ").startswith("0"):
        return False
    if _ONE_DOT.fullmatch(raw) and not _AREA_DOT.fullmatch(raw):
        return False
    if _ENTERPRISE_SHAPE.fullmatch(raw) and _valid_enterprise(raw):
        return False
    return parse_date(raw) is None


def _valid_enterprise(raw: str) -> bool:
    from stdnum.be import vat

    return bool(vat.is_valid(digits(raw)))


# Free-phone and service numbers are shorter (NL 0800 5555) but their prefix is unmistakable.
_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


def _enough_digits(num: phonenumbers.PhoneNumber, region: str) -> bool:
    n = len(str(num.national_number))
    if n >= MIN_NATIONAL_DIGITS.get(region, _MIN_DIGITS):
        return True
    return n >= 7 and phonenumbers.number_type(num) in _SERVICE_TYPES


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number a whole value denotes in one of REGIONS, or None (used by the fast column path)."""
    for region in REGIONS:
        if not phone_notation(value, region):
            continue
        try:
            num = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(num):
            found = phonenumbers.region_code_for_number(num) or region
            return num if _enough_digits(num, found) else None
        if _international(value):
            return None  # international notation: the region guess makes no difference
    return None


_GLUED = re.compile(r"[,.:]\d")
_GLUED_BEFORE = re.compile(r"\d[,.:]$")


class PiiScanPhoneRecognizer(EntityRecognizer):
    ENTITY = "PHONE_NUMBER"
    SCORE = 0.7
    CONTEXT_SCORE = 0.9
    CONTEXT = [
        "tel", "tel.", "telefoon", "telefoonnummer", "gsm", "mobiel", "mobile", "gsm-nummer", "fax",
        "telephone", "numero de telephone", "portable", "phone", "bel", "bellen", "appeler",
    ]  # fmt: skip
    # Prefilter: the matcher is slow, skip texts with too few digits to hold a phone number.
    _ENOUGH_DIGITS = re.compile(r"(?:\d\D{0,3}){7}")
    # Whole-value prefilter: international or trunk-0 notation, at least 8 digits and separators.
    VALUE_REGEX = r"\(?(?:\+|0)[\d \-./()]{7,21}"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PiiScanPhoneRecognizer",
            supported_language=supported_language,
            context=self.CONTEXT,
        )

    def load(self) -> None:
        pass

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return parse_phone(value) is not None

    @staticmethod
    def _acceptable(text: str, match: phonenumbers.PhoneNumberMatch, region: str) -> bool:
        # A decimal part or a time right after the span ("0470123456,50", "2021 10:22") means the
        # matcher cut a longer number.
        if _GLUED.match(text, match.end) or _GLUED_BEFORE.search(text, 0, match.start):
            return False
        found = phonenumbers.region_code_for_number(match.number) or region
        return phone_notation(match.raw_string, region) and _enough_digits(match.number, found)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self._ENOUGH_DIGITS.search(text):
            return []
        spans: dict[tuple[int, int], str] = {}
        for region in REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=_LENIENCY):
                key = (match.start, match.end)
                if not self._acceptable(text, match, region):
                    continue
                if key not in spans and not any(s <= match.start < e for s, e in spans):
                    spans[key] = region
        results = []
        for (start, end), region in sorted(spans.items()):
            ctx = context_near(text, start, end, self.CONTEXT, before=40, after=5)
            score = self.CONTEXT_SCORE if ctx else self.SCORE
            why = f"valid phone number (phonenumbers, region {region})"
            # Without a context word of ours, Presidio's enhancer may still weigh its own.
            results.append(make_result(self, self.ENTITY, start, end, score, why, context_weighed=ctx))
        return results
