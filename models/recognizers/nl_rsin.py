"""Dutch RSIN (rechtspersonen en samenwerkingsverbanden informatienummer), the fiscal number of a legal
entity: nine digits under the same 11-proef as the BSN (python-stdnum's ``nl.bsn``).

A valid RSIN cannot be told from a BSN by its digits, so it is only reported with its own context
word near (RSIN, fiscaal nummer); without one, the BSN recognizer decides."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.nl import bsn

from ._common import digits
from ._context import PiiScanContextRecognizer

__all__ = ["PiiScanNlRsinRecognizer"]


class PiiScanNlRsinRecognizer(PiiScanContextRecognizer):
    ENTITY = "NL_RSIN"
    PATTERNS = [
        Pattern(
            "NL RSIN",
            r"(?<![\w.\-])(?:\d{9}|\d{4}[. \-]\d{2}[. \-]\d{3}|\d{3}[. \-]\d{3}[. \-]\d{3})(?![\w\-]|\.\d)",
            0.3,
        )
    ]
    CONTEXT = [
        "rsin", "rsin-nummer", "rsinnummer", "fiscaal nummer", "fiscaal nr", "fiscaalnummer",
        "rechtspersonen en samenwerkingsverbanden informatienummer",
    ]  # fmt: skip
    VALUE_REGEX = r"\d{9}|\d{4}[. \-]\d{2}[. \-]\d{3}|\d{3}[. \-]\d{3}[. \-]\d{3}"
    CONTEXT_SCORE = 0.9

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        number = digits(value)
        return len(number) == 9 and number != "000000000" and bool(bsn.is_valid(number))
