"""Phone numbers of Belgium, the Netherlands, France, Luxembourg and Germany in every common notation
(02/274.48.00, 0470 12 34 56, +32 470 12 34 56, 0032 470..., 06-12345678, 01 23 45 67 89, +352 ...).

phonenumbers' matcher decides, region by region, and only numbers it validates count. Presidio's
own PhoneRecognizer scores 0.4 and never tries BE/NL numbering, so it is not registered."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ._common import context_near, mark_context

__all__ = ["PhoneRecognizer", "REGIONS", "parse_phone"]

REGIONS = ("BE", "NL", "FR", "LU", "DE")
_LENIENCY = phonenumbers.Leniency.VALID


def _plausible(raw: str, region: str) -> bool:
    # Luxembourg and German numbers vary in length and LU has no trunk prefix, so in domestic notation
    # almost any run of 5-11 digits is "valid" there (a Belgian national number, "0470 12 34"):
    # accept LU and DE only in international notation (+352, 00352, +49, 0049).
    return region in ("BE", "NL", "FR") or raw.lstrip("( ").startswith(("+", "00"))


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number a whole value denotes in one of REGIONS, or None (used by the fast column path)."""
    for region in REGIONS:
        if not _plausible(value, region):
            continue
        try:
            num = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(num):
            return num
        if value.lstrip().startswith(("+", "00")):
            return None  # international notation: the region guess makes no difference
    return None


class PhoneRecognizer(EntityRecognizer):
    ENTITY = "PHONE_NUMBER"
    SCORE = 0.7
    CONTEXT_SCORE = 0.9
    CONTEXT = [
        "tel", "tel.", "telefoon", "telefoonnummer", "gsm", "mobiel", "mobile", "gsm-nummer", "fax",
        "telephone", "numero de telephone", "portable", "phone", "bel", "bellen", "appeler",
    ]  # fmt: skip
    # Prefilter: the matcher is slow, skip texts with too few digits to hold a phone number.
    _ENOUGH_DIGITS = re.compile(r"(?:\d\D{0,3}){7}")
    VALUE_REGEX = r"(?:\+|00)?[\d \-./()]{8,22}"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name="PhoneRecognizer",
            supported_language=supported_language,
            context=self.CONTEXT,
        )

    def load(self) -> None:
        pass

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return parse_phone(value) is not None

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        if not self._ENOUGH_DIGITS.search(text):
            return []
        spans: dict[tuple[int, int], str] = {}
        for region in REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=_LENIENCY):
                key = (match.start, match.end)
                if not _plausible(match.raw_string, region):
                    continue
                if key not in spans and not any(s <= match.start < e for s, e in spans):
                    spans[key] = region
        results = []
        for (start, end), region in sorted(spans.items()):
            ctx = context_near(text, start, end, self.CONTEXT, before=40, after=5)
            score = self.CONTEXT_SCORE if ctx else self.SCORE
            expl = AnalysisExplanation(
                recognizer=self.name,
                original_score=score,
                textual_explanation=f"valid phone number (phonenumbers, region {region})",
            )
            r = RecognizerResult(
                self.ENTITY,
                start,
                end,
                score,
                analysis_explanation=expl,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            if ctx:
                mark_context([r])
            results.append(r)
        return results
