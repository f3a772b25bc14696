"""Presidio's email recognizer, checking domains against tldextract's bundled public-suffix snapshot.

Presidio's own validate_result calls ``tldextract.extract``, which downloads the suffix list on first
use; pii-scan must never touch the network, so this subclass uses an offline extractor."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer as _PresidioEmail

from .._once import once

__all__ = ["PiiScanEmailRecognizer", "offline_tld_extract"]


@once
def offline_tld_extract() -> tldextract.TLDExtract:
    # No URLs to fetch and no cache dir: the snapshot shipped inside tldextract, silently.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class PiiScanEmailRecognizer(_PresidioEmail):
    VALUE_REGEX = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
    CONTEXT = ["email", "e-mail", "mail", "e-mailadres", "emailadres", "courriel", "adresse e-mail"]

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(supported_language=supported_language, context=self.CONTEXT)

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return offline_tld_extract()(value.rsplit("@", 1)[-1]).suffix != ""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extract()(pattern_text).fqdn != ""
