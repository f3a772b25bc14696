"""Custom Presidio recognizers for Belgian, Dutch and French data (one per file) and the factory that
registers them for a language.

Presidio's built-in IbanRecognizer, PhoneRecognizer, CreditCardRecognizer and DateRecognizer are
replaced by the ones here (SEPA-wide IBAN with trimming, BE/NL/FR/LU/DE phone numbers, every-language
Luhn, Dutch/French month names), so no entity is reported twice. Email, IP and URL use Presidio's
predefined recognizers, registered for every language (email with an offline public-suffix list)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import IpRecognizer, UrlRecognizer

from .be_enterprise_number import BeEnterpriseNumberRecognizer
from .be_national_number import BeNationalNumberRecognizer
from .credit_card import CreditCardRecognizer
from .date import DateRecognizer
from .email_address import EmailRecognizer
from .family_relation import FamilyRelationRecognizer
from .iban import IbanRecognizer
from .nl_bsn import NlBsnRecognizer
from .nl_vat import NlVatRecognizer
from .person_names import NameListRecognizer
from .phone import PhoneRecognizer
from .postal_code import PostalCodeRecognizer
from .sensitive_terms import SensitiveTermsRecognizer
from .street_address import StreetAddressRecognizer

__all__ = [
    "CUSTOM_RECOGNIZERS",
    "recognizers_for",
    "BeEnterpriseNumberRecognizer",
    "BeNationalNumberRecognizer",
    "CreditCardRecognizer",
    "DateRecognizer",
    "EmailRecognizer",
    "FamilyRelationRecognizer",
    "IbanRecognizer",
    "NameListRecognizer",
    "NlBsnRecognizer",
    "NlVatRecognizer",
    "PhoneRecognizer",
    "PostalCodeRecognizer",
    "SensitiveTermsRecognizer",
    "StreetAddressRecognizer",
]

# Every custom recognizer class, registered for every language.
CUSTOM_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    BeNationalNumberRecognizer,
    BeEnterpriseNumberRecognizer,
    NlBsnRecognizer,
    NlVatRecognizer,
    IbanRecognizer,
    PhoneRecognizer,
    CreditCardRecognizer,
    EmailRecognizer,
    DateRecognizer,
    PostalCodeRecognizer,
    StreetAddressRecognizer,
    SensitiveTermsRecognizer,
    FamilyRelationRecognizer,
)


def recognizers_for(language: str, *, name_lists: bool) -> list[EntityRecognizer]:
    """All recognizers for one language; ``name_lists`` adds the dictionary PERSON/LOCATION fallback
    (for languages whose spaCy pipeline has no NER)."""
    recs: list[EntityRecognizer] = [cls(supported_language=language) for cls in CUSTOM_RECOGNIZERS]  # type: ignore[call-arg]
    recs.append(
        IpRecognizer(supported_language=language, context=["ip", "ip-adres", "adresse ip", "ip address"])
    )
    recs.append(
        UrlRecognizer(supported_language=language, context=["url", "website", "site", "webpagina", "lien"])
    )
    if name_lists:
        recs.append(NameListRecognizer(supported_language=language))
    return recs
