"""French NIR (numéro de sécurité sociale, INSEE number), validated with python-stdnum: 15 characters,
sex, year, month, department (2A/2B for Corsica), commune, serial and a two-digit key (97 minus the
number modulo 97). Compact or grouped as on the carte Vitale (``2 95 10 99 126 111 93``)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import FR_NIR_VALUE, is_fr_nir
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanFrNirRecognizer"]

# The notation: see _checks.FR_NIR_VALUE (groups optionally separated by one space, dot or dash).
_NIR = FR_NIR_VALUE


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
        return is_fr_nir(value)
