"""Phone numbers of Belgium, the Netherlands, France, Luxembourg and Germany in every common notation
(02/274.48.00, 0470 12 34 56, +32 470 12 34 56, 0032 470..., 06-12345678, 01 23 45 67 89, +352 ...).

phonenumbers' matcher decides, region by region, and only numbers it validates count. Presidio's
own PiiScanPhoneRecognizer scores 0.4 and never tries BE/NL numbering, so it is not registered."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, make_result
from ._phones import PHONE_VALUE, REGIONS, parse_phone, phone_notation
from ._phones import enough_digits as _enough_digits

__all__ = ["PiiScanPhoneRecognizer", "REGIONS", "parse_phone", "phone_notation"]

_LENIENCY = phonenumbers.Leniency.VALID
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
    VALUE_REGEX = PHONE_VALUE

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
