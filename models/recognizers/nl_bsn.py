"""Dutch citizen service numbers (BSN, burgerservicenummer), validated with the 11-proef (stdnum).

Roughly one random 9-digit number in eleven passes the 11-proef, so a bare number only scores high
with a context word (BSN, burgerservicenummer, sofinummer) nearby."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.nl import bsn

from ._common import PiiScanChecksumRecognizer, digits

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
    VALUE_REGEX = r"\d{9}|(?:\d{4}[. \-]\d{2}|\d{3}[. \-]\d{3})[. \-]\d{3}"

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        number = digits(value)
        return len(number) == 9 and number != "000000000" and bool(bsn.is_valid(number))
