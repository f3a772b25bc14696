"""Payment cards are told by issuer prefix and length, not by Luhn alone: French SIREN/SIRET numbers
(Luhn-valid, 9 and 14 digits) are never cards, on the text path or the column path."""

from __future__ import annotations

from pathlib import Path

import pytest
from stdnum import luhn
from stdnum.fr import siren, siret

from pii_scan.discovery import scan_table
from pii_scan.models.analyzer import analyze_texts, classify_values
from pii_scan.models.recognizers import PiiScanCreditCardRecognizer
from pii_scan.models.recognizers.credit_card import card_issuer


def _sirets(first: str, count: int) -> list[str]:
    """Valid SIRETs whose SIREN starts with ``first`` (the digits card prefixes use: 3, 4, 5, 6)."""
    out = []
    for i in range(count):
        body = f"{first}{(i * 7919) % 10**7:07d}"
        number_siren = body + luhn.calc_check_digit(body)
        nic = f"{(i * 31) % 1000:03d}0"
        out.append(number_siren + nic + luhn.calc_check_digit(number_siren + nic))
    return out


SIRETS = ["44306184100047", "73282932000074"] + [s for d in "3456" for s in _sirets(d, 10)]


def _notations(number: str) -> list[str]:
    """compact, the INSEE grouping 443 061 841 00047, and groups of four (how a card is written)."""
    fours = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return [number, f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}", fours]


def test_the_generated_numbers_are_valid_sirets_and_luhn_valid() -> None:
    assert all(siret.is_valid(s) and luhn.is_valid(s) for s in SIRETS)
    assert all(siren.is_valid(s[:9]) for s in SIRETS)


@pytest.mark.parametrize("number", SIRETS[:2] + SIRETS[2::7])
def test_siret_and_siren_are_not_cards_in_sentences(number: str) -> None:
    values = _notations(number) + [number[:9], f"{number[:3]} {number[3:6]} {number[6:9]}"]
    for value in values:
        assert not PiiScanCreditCardRecognizer.is_valid_value(value)
    texts = [f"Numéro SIRET {v}, carte bancaire à renouveler." for v in values]
    texts += [f"Kaartnummer of SIRET: {v}" for v in values]
    for lang in ("fr", "nl"):
        for results in analyze_texts(texts, lang):
            assert "CREDIT_CARD" not in {r.entity_type for r in results}


def test_a_siret_column_is_not_a_card_column(tmp_path: Path) -> None:
    assert "CREDIT_CARD" not in classify_values(SIRETS)
    path = tmp_path / "fournisseurs.csv"
    rows = ["numero;siren"] + [f"{s};{s[:9]}" for s in SIRETS]
    path.write_text("\n".join(rows), encoding="utf-8")
    fields = {f.column: f for f in scan_table(str(path), "fournisseurs.csv", root=str(tmp_path))}
    for field in fields.values():
        assert "CREDIT_CARD" not in {e.type for e in field.entities}
        assert field.category != "financial"


CARDS = [
    ("4539148803436467", "Visa"),
    ("4222222222222", "Visa"),  # 13 digits
    ("5555555555554444", "Mastercard"),
    ("2223003122003222", "Mastercard"),
    ("378282246310005", "American Express"),
    ("3530111333300000", "JCB"),
    ("6011111111111117", "Discover"),
    ("6703444444444449", "Bancontact"),
    ("3056930009020004", "Diners Club"),  # 16-digit Diners
]


@pytest.mark.parametrize(("number", "issuer"), CARDS)
def test_real_card_numbers_still_found(number: str, issuer: str) -> None:
    assert luhn.is_valid(number) and card_issuer(number) == issuer
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    for value in (number, grouped, grouped.replace(" ", "-")):
        assert PiiScanCreditCardRecognizer.is_valid_value(value)
        text = f"Kaartnummer {value}"
        (results,) = analyze_texts([text], "nl")
        assert ("CREDIT_CARD", value) in {(r.entity_type, text[r.start : r.end]) for r in results}
    assert classify_values([number, grouped])["CREDIT_CARD"] == 1.0


@pytest.mark.parametrize(
    "number",
    [
        "30569309025904",  # 14-digit Diners-shaped: the SIRET length, not accepted
        "5105105105102",  # Mastercard prefix with 13 digits
        "37828224631003",  # Amex prefix with 14 digits
        "411111111111116",  # Visa prefix with 15 digits
        "9999999999999995",  # no issuer starts with 9
    ],
)
def test_luhn_valid_numbers_of_the_wrong_shape_are_not_cards(number: str) -> None:
    assert luhn.is_valid(number)
    assert card_issuer(number) is None
    assert not PiiScanCreditCardRecognizer.is_valid_value(number)
    (results,) = analyze_texts([f"Kaartnummer {number}"], "nl")
    assert "CREDIT_CARD" not in {r.entity_type for r in results}
