"""Dutch VAT numbers (btw-identificatienummer, NL810585091B01), validated with python-stdnum."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import NL_VAT_VALUE, is_nl_vat
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanNlVatRecognizer"]


class PiiScanNlVatRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "NL_VAT"
    PATTERNS = [Pattern("NL VAT number", r"(?<!\w)NL[ .]?\d{9}[ .]?B[ .]?\d{2}(?!\w)", 0.5)]
    CONTEXT = ["btw", "btw-id", "btw-nummer", "btw-identificatienummer", "omzetbelasting", "vat", "tva"]
    VALUE_REGEX = NL_VAT_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_nl_vat(value)
