"""Belgian passport numbers: two letters and six digits (EH123456). No checksum: only reported with a
context word near (paspoort, passeport, passport), as Microsoft Purview requires."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import BE_PASSPORT_VALUE
from ._context import PiiScanContextRecognizer

__all__ = ["PiiScanBePassportRecognizer"]


class PiiScanBePassportRecognizer(PiiScanContextRecognizer):
    ENTITY = "BE_PASSPORT"
    PATTERNS = [Pattern("BE passport number", r"(?<![\w\-])[A-Z]{2} ?\d{6}(?![\w\-])", 0.3)]
    CONTEXT = [
        "paspoort", "paspoortnummer", "paspoortnr", "reispas", "passeport", "numero de passeport",
        "n° de passeport", "passport", "passport number", "passport no",
    ]  # fmt: skip
    VALUE_REGEX = BE_PASSPORT_VALUE
