"""Custom Presidio recognizers for Belgian, Dutch and French data (one per file) and the factory that
registers them for a language.

Presidio's built-in IbanRecognizer, PhoneRecognizer, CreditCardRecognizer and DateRecognizer are
replaced by the ones here (IBAN of every stdnum country in every notation, BE/NL/FR/LU/DE phone
numbers, every-language cards by issuer prefix and length, Dutch/French month names),
so no entity is reported twice. Email, IP and URL use Presidio's predefined recognizers, registered
for every language (email with an offline public-suffix list)."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

    from .be_driving_licence import PiiScanBeDrivingLicenceRecognizer
    from .be_eid_card import PiiScanBeEidCardRecognizer
    from .be_enterprise_number import PiiScanBeEnterpriseNumberRecognizer
    from .be_national_number import PiiScanBeNationalNumberRecognizer
    from .be_passport import PiiScanBePassportRecognizer
    from .credit_card import PiiScanCreditCardRecognizer
    from .date import PiiScanDateRecognizer
    from .email_address import PiiScanEmailRecognizer
    from .family_relation import PiiScanFamilyRelationRecognizer
    from .fr_nir import PiiScanFrNirRecognizer
    from .iban import PiiScanIbanRecognizer
    from .nl_bsn import PiiScanNlBsnRecognizer
    from .nl_id_document import PiiScanNlIdDocumentRecognizer
    from .nl_rsin import PiiScanNlRsinRecognizer
    from .nl_vat import PiiScanNlVatRecognizer
    from .person_names import PiiScanNameListRecognizer
    from .phone import PiiScanPhoneRecognizer
    from .place_gazetteer import PiiScanPlaceGazetteerRecognizer
    from .postal_code import PiiScanPostalCodeRecognizer
    from .sensitive_terms import PiiScanSensitiveTermsRecognizer
    from .street_address import PiiScanStreetAddressRecognizer
    from .territory import PiiScanTerritoryRecognizer

    CUSTOM_RECOGNIZERS: tuple[type[EntityRecognizer], ...]

__all__ = [
    "CUSTOM_RECOGNIZERS",
    "recognizers_for",
    "PiiScanBeDrivingLicenceRecognizer",
    "PiiScanBeEidCardRecognizer",
    "PiiScanBeEnterpriseNumberRecognizer",
    "PiiScanBeNationalNumberRecognizer",
    "PiiScanBePassportRecognizer",
    "PiiScanCreditCardRecognizer",
    "PiiScanDateRecognizer",
    "PiiScanEmailRecognizer",
    "PiiScanFamilyRelationRecognizer",
    "PiiScanFrNirRecognizer",
    "PiiScanIbanRecognizer",
    "PiiScanNameListRecognizer",
    "PiiScanNlBsnRecognizer",
    "PiiScanNlIdDocumentRecognizer",
    "PiiScanNlRsinRecognizer",
    "PiiScanNlVatRecognizer",
    "PiiScanPhoneRecognizer",
    "PiiScanPlaceGazetteerRecognizer",
    "PiiScanPostalCodeRecognizer",
    "PiiScanSensitiveTermsRecognizer",
    "PiiScanStreetAddressRecognizer",
    "PiiScanTerritoryRecognizer",
]

# The recognizer classes subclass Presidio's, so they are imported on first use only: the column
# path (models/values.py) reads the plain checks in _checks.py, _dates.py, ... and loads no Presidio.
_MODULE_OF = {
    "PiiScanBeDrivingLicenceRecognizer": "be_driving_licence",
    "PiiScanBeEidCardRecognizer": "be_eid_card",
    "PiiScanBeEnterpriseNumberRecognizer": "be_enterprise_number",
    "PiiScanBeNationalNumberRecognizer": "be_national_number",
    "PiiScanBePassportRecognizer": "be_passport",
    "PiiScanCreditCardRecognizer": "credit_card",
    "PiiScanDateRecognizer": "date",
    "PiiScanEmailRecognizer": "email_address",
    "PiiScanFamilyRelationRecognizer": "family_relation",
    "PiiScanFrNirRecognizer": "fr_nir",
    "PiiScanIbanRecognizer": "iban",
    "PiiScanNameListRecognizer": "person_names",
    "PiiScanNlBsnRecognizer": "nl_bsn",
    "PiiScanNlIdDocumentRecognizer": "nl_id_document",
    "PiiScanNlRsinRecognizer": "nl_rsin",
    "PiiScanNlVatRecognizer": "nl_vat",
    "PiiScanPhoneRecognizer": "phone",
    "PiiScanPlaceGazetteerRecognizer": "place_gazetteer",
    "PiiScanPostalCodeRecognizer": "postal_code",
    "PiiScanSensitiveTermsRecognizer": "sensitive_terms",
    "PiiScanStreetAddressRecognizer": "street_address",
    "PiiScanTerritoryRecognizer": "territory",
}
# Every custom recognizer class, registered for every language (by name, in this order).
_CUSTOM_NAMES = (
    "PiiScanBeNationalNumberRecognizer",
    "PiiScanBeEnterpriseNumberRecognizer",
    "PiiScanNlBsnRecognizer",
    "PiiScanNlVatRecognizer",
    "PiiScanBeEidCardRecognizer",
    "PiiScanNlRsinRecognizer",
    "PiiScanNlIdDocumentRecognizer",
    "PiiScanBePassportRecognizer",
    "PiiScanBeDrivingLicenceRecognizer",
    "PiiScanFrNirRecognizer",
    "PiiScanIbanRecognizer",
    "PiiScanPhoneRecognizer",
    "PiiScanCreditCardRecognizer",
    "PiiScanEmailRecognizer",
    "PiiScanDateRecognizer",
    "PiiScanPostalCodeRecognizer",
    "PiiScanStreetAddressRecognizer",
    "PiiScanSensitiveTermsRecognizer",
    "PiiScanFamilyRelationRecognizer",
)


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
    elif name == "CUSTOM_RECOGNIZERS":
        value = tuple(__getattr__(n) for n in _CUSTOM_NAMES)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def recognizers_for(language: str, *, name_lists: bool) -> list[EntityRecognizer]:
    """All recognizers for one language; ``name_lists`` adds the dictionary PERSON/LOCATION fallback
    (for languages whose spaCy pipeline has no NER)."""
    from presidio_analyzer.predefined_recognizers import IpRecognizer, UrlRecognizer

    from .person_names import PiiScanNameListRecognizer
    from .place_gazetteer import PiiScanPlaceGazetteerRecognizer
    from .territory import PiiScanTerritoryRecognizer

    custom: tuple[type[EntityRecognizer], ...] = __getattr__("CUSTOM_RECOGNIZERS")
    recs: list[EntityRecognizer] = [cls(supported_language=language) for cls in custom]  # type: ignore[call-arg]
    recs.append(
        IpRecognizer(supported_language=language, context=["ip", "ip-adres", "adresse ip", "ip address"])
    )
    recs.append(
        UrlRecognizer(supported_language=language, context=["url", "website", "site", "webpagina", "lien"])
    )
    if name_lists:
        recs.append(PiiScanNameListRecognizer(supported_language=language))
    if language in _languages("PII_SCAN_TERRITORY", TERRITORY_LANGUAGES):
        recs.append(PiiScanTerritoryRecognizer(supported_language=language))
    if language in _languages("PII_SCAN_GAZETTEER", GAZETTEER_LANGUAGES):
        recs.append(PiiScanPlaceGazetteerRecognizer(supported_language=language))
    return recs


def _languages(variable: str, default: frozenset[str]) -> frozenset[str]:
    # e.g. PII_SCAN_GAZETTEER="nl,fr" (or "") overrides the default, for measuring what a list earns
    env = os.environ.get(variable)
    return default if env is None else frozenset(filter(None, env.split(",")))


# Languages whose text gets the CLDR country/region names (benchmarks/eval_ner.py decides).
TERRITORY_LANGUAGES = frozenset({"nl"})
# Languages whose text gets the place gazetteer (GeoNames cities, ISO 3166-2 regions).
GAZETTEER_LANGUAGES = frozenset({"nl"})
