"""Payment card numbers for every language (Presidio's is English-only): Luhn (python-stdnum) plus the
issuer prefix and the lengths that issuer uses, so other Luhn numbers are not cards.

French SIREN (9 digits) and SIRET (14 digits) numbers are Luhn-valid too; a 9-digit number is never
a card length, and 14 digits are left out on purpose: only old Diners Club cards had 14 digits (they
now issue 16), while every SIRET has 14, so a 14-digit Luhn number is far likelier a SIRET."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import CARD_ISSUERS, CARD_VALUE, card_issuer, is_card
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanCreditCardRecognizer", "CARD_ISSUERS", "card_issuer"]


class PiiScanCreditCardRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "CREDIT_CARD"
    # Visa 4, Mastercard 51-55/22-27, Amex 34/37, Diners 30/36/38, Discover/Maestro 6, JCB 35;
    # 13-19 digits, optionally grouped by spaces or dashes. is_valid_value checks prefix and length.
    PATTERNS = [
        Pattern(
            "card number",
            r"(?<![\w\-])(?:4|5[1-5]|2[2-7]|3[0-9]|6)\d{2,3}(?:[ \-]?\d{3,4}){2,3}"
            r"(?:[ \-]?\d{1,4})?(?![\w\-])",
            0.5,
        )
    ]
    CONTEXT = [
        "kredietkaart", "creditcard", "kaartnummer", "bankkaart", "visa", "mastercard", "amex",
        "carte de credit", "carte bancaire", "numero de carte", "credit card", "card number",
    ]  # fmt: skip
    VALUE_REGEX = CARD_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_card(value)
