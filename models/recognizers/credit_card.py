"""Payment card numbers (Luhn, via python-stdnum) for every language; Presidio's is English-only."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum import luhn

from ._common import PiiScanChecksumRecognizer, digits

__all__ = ["PiiScanCreditCardRecognizer"]


class PiiScanCreditCardRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "CREDIT_CARD"
    # Visa 4, Mastercard 51-55/22-27, Amex 34/37, Diners 30/36/38, Discover/Maestro 6, JCB 35;
    # 13-19 digits, optionally grouped by spaces or dashes.
    PATTERNS = [
        Pattern(
            "card number",
            r"(?<![\w\-])(?:4|5[1-5]|2[2-7]|3[0-8]|6)\d{2,3}(?:[ \-]?\d{3,4}){2,3}"
            r"(?:[ \-]?\d{1,4})?(?![\w\-])",
            0.5,
        )
    ]
    CONTEXT = [
        "kredietkaart", "creditcard", "kaartnummer", "bankkaart", "visa", "mastercard", "amex",
        "carte de credit", "carte bancaire", "numero de carte", "credit card", "card number",
    ]  # fmt: skip
    VALUE_REGEX = r"(?:4|5[1-5]|2[2-7]|3[0-8]|6)\d{2,3}(?:[ \-]?\d{3,4}){2,3}(?:[ \-]?\d{1,4})?"

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        number = digits(value)
        return 13 <= len(number) <= 19 and len(set(number)) > 1 and bool(luhn.is_valid(number))
