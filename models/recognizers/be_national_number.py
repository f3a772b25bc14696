"""Belgian national register numbers (rijksregisternummer / numéro de registre national, INSZ/NISS)
and BIS numbers, in every common notation, validated with python-stdnum (births from 2000 on too)."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.be import bis, nn

from ._common import PiiScanChecksumRecognizer, digits

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
    VALUE_REGEX = r"\d{2}[. \-]?\d{2}[. \-]?\d{2}[ .\-]?\d{3}[ .\-]?\d{2}"

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        number = digits(value)
        if len(number) != 11:
            return False
        return bool(nn.is_valid(number) or bis.is_valid(number))
