"""Belgian enterprise numbers (KBO/BCE) and VAT numbers, validated with python-stdnum (mod 97)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import BE_ENTERPRISE_NUMBER_VALUE, is_be_enterprise_number
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanBeEnterpriseNumberRecognizer"]


class PiiScanBeEnterpriseNumberRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "BE_ENTERPRISE_NUMBER"
    PATTERNS = [
        # BE0460190566, BE 0460 190 566, BE 0460.190.566, BE-0460-190-566, be0460190566,
        # BE460190566 (old 9-digit form)
        Pattern("BE VAT number", r"(?<!\w)BE[ .\-]?[01]?\d{3}[. \-]?\d{3}[. \-]?\d{3}(?![\w]|[.\-]\d)", 0.5),
        # 0460.190.566, 0460 190 566, 0460-190-566: this grouping is typical for enterprise numbers
        Pattern("BE enterprise number", r"(?<![\w.\-])[01]\d{3}[. \-]\d{3}[. \-]\d{3}(?![\w]|[.\-]\d)", 0.5),
        # 0460190566: ten bare digits are also a Belgian phone number; needs context
        Pattern("BE enterprise number (weak)", r"(?<![\w.])[01]\d{9}(?![\w]|\.\d)", 0.3),
    ]
    CONTEXT = [
        "ondernemingsnummer", "ondernemingsnr", "kbo", "btw", "btw-nummer", "btw nummer", "btw-nr",
        "numero d'entreprise", "numero entreprise", "bce", "tva", "numero de tva", "vat", "vat number",
        "enterprise number", "company number",
    ]  # fmt: skip
    VALUE_REGEX = BE_ENTERPRISE_NUMBER_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_be_enterprise_number(value)
