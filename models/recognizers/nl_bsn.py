"""Dutch citizen service numbers (BSN, burgerservicenummer), validated with the 11-proef (stdnum).

Roughly one random 9-digit number in eleven passes the 11-proef, so a bare number only scores high
with a context word (BSN, burgerservicenummer, sofinummer) nearby."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import NL_BSN_VALUE, is_nl_bsn
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanNlBsnRecognizer"]


class PiiScanNlBsnRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "NL_BSN"
    # 123456782, 1234.56.782, 1234 56 782, 1234-56-782, 123.456.782, 123 456 782
    PATTERNS = [
        Pattern("NL BSN (weak)", r"(?<![\w.\-])\d{9}(?![\w\-]|\.\d)", 0.3),
        Pattern(
            "NL BSN grouped (weak)",
            r"(?<![\w.\-])(?:\d{4}[. \-]\d{2}|\d{3}[. \-]\d{3})[. \-]\d{3}(?![\w\-]|[.\-]\d)",
            0.3,
        ),
    ]
    CONTEXT = [
        "bsn", "burgerservicenummer", "burger service nummer", "sofinummer", "sofi-nummer", "sofinr",
        "citizen service number", "persoonsnummer",
    ]  # fmt: skip
    VALUE_REGEX = NL_BSN_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_nl_bsn(value)
