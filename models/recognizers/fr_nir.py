"""French NIR (numéro de sécurité sociale, INSEE number), validated with python-stdnum: 15 characters,
sex, year, month, department (2A/2B for Corsica), commune, serial and a two-digit key (97 minus the
number modulo 97). Compact or grouped as on the carte Vitale (``2 95 10 99 126 111 93``)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum.fr import nir

from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanFrNirRecognizer"]

# sex 1/2 (7/8: temporary numbers), year, month (01-12, 20 and up when unknown), department, commune,
# serial, key; each group optionally separated by one space, dot or dash.
_S = r"[ .\-]?"
_MONTH = r"(?:0[1-9]|1[0-2]|[2-9]\d)"
_NIR = rf"[1278]{_S}\d{{2}}{_S}{_MONTH}{_S}(?:\d{{2}}|2[AB]){_S}\d{{3}}{_S}\d{{3}}{_S}\d{{2}}"


class PiiScanFrNirRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "FR_NIR"
    PATTERNS = [Pattern("FR NIR", rf"(?<![\w.\-]){_NIR}(?![\w\-]|\.\d)", 0.6)]
    CONTEXT = [
        "nir", "numero de securite sociale", "securite sociale", "secu", "numero insee", "insee",
        "carte vitale", "numero d'inscription au repertoire", "social security number",
    ]  # fmt: skip
    VALUE_REGEX = _NIR

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        compact = re.sub(r"[ .\-]", "", value).upper()
        return len(compact) == 15 and bool(nir.is_valid(compact))
