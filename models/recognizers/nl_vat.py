"""Dutch VAT numbers (btw-identificatienummer, NL810585091B01), validated with python-stdnum."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import NL_VAT_VALUE, is_nl_vat
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanNlVatRecognizer"]

# The notations: see _checks.NL_VAT_VALUE (the country code may be left out, "004495445B01").
_NL_VAT = NL_VAT_VALUE


class PiiScanNlVatRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "NL_VAT"
    # NL810585091B01, NL 810585091 B01, NL8105.85.091.B01, NL-810585091-B01, nl810585091b01
    PATTERNS = [Pattern("NL VAT number", rf"(?<![\w.\-]){_NL_VAT}(?![\w\-]|\.\d)", 0.5)]
    CONTEXT = ["btw", "btw-id", "btw-nummer", "btw-identificatienummer", "omzetbelasting", "vat", "tva"]
    VALUE_REGEX = NL_VAT_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_nl_vat(value)
