"""Belgian national register numbers (rijksregisternummer / numéro de registre national, INSZ/NISS)
and BIS numbers, in every common notation, validated with python-stdnum (births from 2000 on too)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import BE_NATIONAL_NUMBER_VALUE, is_be_national_number
from ._common import PiiScanChecksumRecognizer

__all__ = ["PiiScanBeNationalNumberRecognizer"]


class PiiScanBeNationalNumberRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "BE_NATIONAL_NUMBER"
    # 85073003328, 85.07.30-033.28, 850730 033 28, 85.07.30-033 28, 850730-033-28, 85-07-30-033-28
    PATTERNS = [
        Pattern(
            "BE national number",
            r"(?<![\w.\-])\d{2}[. \-]?\d{2}[. \-]?\d{2}[ .\-]?\d{3}[ .\-]?\d{2}(?![\w\-]|\.\d)",
            0.5,
        )
    ]
    CONTEXT = [
        "rijksregisternummer", "rijksregister", "rijksregisternr", "rrn", "insz", "inss", "niss",
        "identificatienummer", "numero national", "registre national", "numero de registre national",
        "national number", "national register", "ssin", "bisnummer", "numero bis",
    ]  # fmt: skip
    VALUE_REGEX = BE_NATIONAL_NUMBER_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_be_national_number(value)
