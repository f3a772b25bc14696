"""Presidio's email recognizer, checking domains against tldextract's bundled public-suffix snapshot.

Presidio's own validate_result calls ``tldextract.extract``, which downloads the suffix list on first
use; pii-scan must never touch the network, so this subclass uses an offline extractor."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import EmailRecognizer as _PresidioEmail

from ._checks import EMAIL_VALUE, is_email, offline_tld_extract

__all__ = ["PiiScanEmailRecognizer", "offline_tld_extract"]


class PiiScanEmailRecognizer(_PresidioEmail):
    VALUE_REGEX = EMAIL_VALUE
    CONTEXT = ["email", "e-mail", "mail", "e-mailadres", "emailadres", "courriel", "adresse e-mail"]

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(supported_language=supported_language, context=self.CONTEXT)

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_email(value)

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extract()(pattern_text).fqdn != ""
