"""Dutch passport and identity-card numbers (paspoortnummer, documentnummer): nine characters, two
letters, six letters or digits, a final digit, never the letter O (python-stdnum's
``nl.identiteitskaartnummer``). No checksum: only reported with a context word near."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ._checks import NL_ID_DOCUMENT_VALUE, is_nl_id_document
from ._context import PiiScanContextRecognizer

__all__ = ["PiiScanNlIdDocumentRecognizer"]


class PiiScanNlIdDocumentRecognizer(PiiScanContextRecognizer):
    ENTITY = "NL_ID_DOCUMENT"
    # XR1001R58, XR 1001R5 8 (as printed), lower case. At least one digit besides the last, so that
    # ordinary words followed by a digit ("Paspoort2") are not taken for one.
    PATTERNS = [
        Pattern(
            "NL passport / ID card number",
            r"(?<![\w\-])[A-Z]{2} ?(?=[A-Z]*\d)[A-Z0-9]{4}[A-Z0-9]{2} ?\d(?![\w\-])",
            0.3,
        )
    ]
    CONTEXT = [
        "paspoort", "paspoortnummer", "paspoortnr", "identiteitskaart", "identiteitskaartnummer",
        "id-kaart", "idkaart", "documentnummer", "documentnr", "identiteitsbewijs", "id-bewijs",
        "reisdocument", "passport", "passport number", "identity card", "passeport",
    ]  # fmt: skip
    VALUE_REGEX = NL_ID_DOCUMENT_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_nl_id_document(value)
