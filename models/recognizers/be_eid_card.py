"""Belgian eID card numbers (kaartnummer identiteitskaart / numéro de carte d'identité), validated
with python-stdnum: twelve digits, the last two the first ten modulo 97 (0 -> 97).

The card's own notation ``592-1234567-89`` (3-7-2, dashed, dotted or spaced) is specific enough on
its own once the checksum holds; twelve bare digits pass a mod-97 check once in 97 and share it with
Belgian structured payment references, so they need a context word."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import BE_EID_CARD_VALUE, is_be_eid_card
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanBeEidCardRecognizer"]


class PiiScanBeEidCardRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "BE_EID_CARD"
    PATTERNS = [
        Pattern("BE eID card number", r"(?<![\w.\-/+])\d{3}[ .\-]\d{7}[ .\-]\d{2}(?![\w\-/+]|\.\d)", 0.6),
        Pattern("BE eID card number (weak)", r"(?<![\w.\-/+])\d{12}(?![\w\-/+]|\.\d)", 0.3),
    ]
    CONTEXT = [
        "eid", "eid-kaart", "eid kaart", "identiteitskaart", "identiteitskaartnummer", "id-kaart",
        "kaartnummer eid", "elektronische identiteitskaart", "carte d'identite", "carte eid",
        "numero de carte", "carte d'identite electronique", "identity card", "id card", "card number",
    ]  # fmt: skip
    VALUE_REGEX = BE_EID_CARD_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_be_eid_card(value)
