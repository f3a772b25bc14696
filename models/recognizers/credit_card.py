"""Payment card numbers for every language (Presidio's is English-only): Luhn (python-stdnum) plus the
issuer prefix and the lengths that issuer uses, so other Luhn numbers are not cards.

French SIREN (9 digits) and SIRET (14 digits) numbers are Luhn-valid too; a 9-digit number is never
a card length, and 14 digits are left out on purpose: only old Diners Club cards had 14 digits (they
now issue 16), while every SIRET has 14, so a 14-digit Luhn number is far likelier a SIRET."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum import luhn

from ._common import PiiScanChecksumRecognizer, digits

__all__ = ["PiiScanCreditCardRecognizer", "CARD_ISSUERS", "card_issuer"]

_16_19 = (16, 17, 18, 19)
# (issuer, lowest prefix, highest prefix, lengths): the ISO/IEC 7812 issuer ranges of the networks
# seen in Belgium, the Netherlands and France, first match wins (longest prefixes first).
CARD_ISSUERS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("Mastercard", "2221", "2720", (16,)),
    ("Diners Club", "3095", "3095", _16_19),
    ("JCB", "3528", "3589", _16_19),
    ("Discover", "6011", "6011", _16_19),
    ("Maestro", "6759", "6759", (13, 15, *_16_19)),
    ("Maestro", "6761", "6763", (13, 15, *_16_19)),
    ("Bancontact", "6703", "6703", (16, 17, 18, 19)),
    ("Diners Club", "300", "305", _16_19),
    ("Discover", "644", "649", _16_19),
    ("American Express", "34", "34", (15,)),
    ("American Express", "37", "37", (15,)),
    ("Diners Club", "36", "36", _16_19),
    ("Diners Club", "38", "39", _16_19),
    ("Mastercard", "51", "55", (16,)),
    ("UnionPay", "62", "62", _16_19),
    ("Discover", "65", "65", _16_19),
    ("Visa", "4", "4", (13, 16, 19)),
)


def card_issuer(number: str) -> str | None:
    """The issuer whose prefix range and lengths fit the digits ``number``, or None."""
    for issuer, low, high, lengths in CARD_ISSUERS:
        if low <= number[: len(low)] <= high and len(number) in lengths:
            return issuer
    return None


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
    VALUE_REGEX = r"(?:4|5[1-5]|2[2-7]|3[0-9]|6)\d{2,3}(?:[ \-]?\d{3,4}){2,3}(?:[ \-]?\d{1,4})?"

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        number = digits(value)
        return card_issuer(number) is not None and len(set(number)) > 1 and bool(luhn.is_valid(number))
