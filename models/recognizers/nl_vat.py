"""Dutch VAT numbers (btw-identificatienummer, NL810585091B01), validated with python-stdnum."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum.nl import btw

from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanNlVatRecognizer"]

_S = r"[ .\-]?"
# Nine digits compact (stdnum also accepts the leading zeros left out) or grouped 4-2-3 / 3-3-3 (as a
# BSN or RSIN is written), then B and two digits; the country code may be left out ("004495445B01").
_NINE = rf"(?:\d{{7,9}}|\d{{4}}{_S}\d{{2}}{_S}\d{{3}}|\d{{3}}{_S}\d{{3}}{_S}\d{{3}})"
_NL_VAT = rf"(?:NL{_S})?{_NINE}{_S}B{_S}\d{{2}}"


class PiiScanNlVatRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "NL_VAT"
    # NL810585091B01, NL 810585091 B01, NL8105.85.091.B01, NL-810585091-B01, nl810585091b01
    PATTERNS = [Pattern("NL VAT number", rf"(?<![\w.\-]){_NL_VAT}(?![\w\-]|\.\d)", 0.5)]
    CONTEXT = ["btw", "btw-id", "btw-nummer", "btw-identificatienummer", "omzetbelasting", "vat", "tva"]
    VALUE_REGEX = _NL_VAT

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        compact = re.sub(r"[ .\-]", "", value).upper()
        return len(compact) >= 10 and bool(btw.is_valid(compact))
