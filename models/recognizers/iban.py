"""IBAN for every SEPA country, with or without spaces in groups of four, validated with python-stdnum.

Replaces Presidio's built-in IbanRecognizer (the analyzer does not register that one), so there are
no duplicate IBAN_CODE results."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from stdnum import iban

from ._common import PiiScanChecksumRecognizer, make_result

__all__ = ["PiiScanIbanRecognizer", "SEPA_COUNTRIES"]

# SEPA members (EU, EEA, CH, GB, MC, SM, VA, AD, GI; French overseas territories use FR).
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO "
    "SE SI SK SM VA".split()
)

_IBAN = re.compile(r"(?<![\w])([A-Z]{2}\d{2})((?:[ ]?[A-Z0-9]{4}){2,7})((?:[ ]?[A-Z0-9]{1,3})?)(?![A-Z0-9])")
_GROUP = re.compile(r"[ ]?[A-Z0-9]{4}")


class PiiScanIbanRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = [Pattern("IBAN", _IBAN.pattern, 0.5)]
    CONTEXT = [
        "iban", "rekeningnummer", "rekening", "bankrekening", "compte", "numero de compte",
        "compte bancaire", "bank account", "account number",
    ]  # fmt: skip
    VALUE_REGEX = r"[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{1,4}){3,8}"

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        compact = value.replace(" ", "").upper()
        return compact[:2] in SEPA_COUNTRIES and bool(iban.is_valid(compact))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        # Own matching instead of Presidio's: a greedy match may swallow a following word of four
        # letters or digits ("BE68 5390 0754 7034 2025"), so try shorter group counts before giving up.
        results: list[RecognizerResult] = []
        for m in _IBAN.finditer(text):
            groups = [g.end() for g in _GROUP.finditer(text, m.start(2), m.end(2))]
            ends = ([m.end()] if m.group(3) else []) + groups[::-1]
            for end in ends:
                if self.is_valid_value(text[m.start() : end]):
                    # Not context-weighed: Presidio's enhancer may still note the context words.
                    results.append(
                        make_result(
                            self,
                            self.ENTITY,
                            m.start(),
                            end,
                            1.0,
                            None,
                            context_weighed=False,
                            pattern_name="IBAN",
                            pattern=_IBAN.pattern,
                            validation_result=True,
                        )
                    )
                    break
        return results
