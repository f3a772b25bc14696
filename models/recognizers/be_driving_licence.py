"""Belgian driving-licence numbers (rijbewijsnummer / numéro de permis de conduire): ten digits, no
checksum. Ten digits are also phone and enterprise numbers, so a match is only reported with a
context word near, as Microsoft Purview requires; the column path leaves them to the header."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._context import PiiScanContextRecognizer

__all__ = ["PiiScanBeDrivingLicenceRecognizer"]


class PiiScanBeDrivingLicenceRecognizer(PiiScanContextRecognizer):
    ENTITY = "BE_DRIVING_LICENCE"
    PATTERNS = [Pattern("BE driving licence number", r"(?<![\w.\-/+])\d{10}(?![\w\-/]|\.\d)", 0.3)]
    CONTEXT = [
        "rijbewijs", "rijbewijsnummer", "rijbewijsnr", "nummer rijbewijs", "permis de conduire",
        "numero de permis", "permis", "driving licence", "driving license", "driver's license",
        "drivers license", "fuhrerschein",
    ]  # fmt: skip
    VALUE_REGEX = r"\d{10}"
