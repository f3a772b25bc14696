"""Normalisation of a request's identifiers: one notation in, every notation matched."""

from __future__ import annotations

import datetime as dt

import pytest

from pii_scan.errors import IdentifierError
from pii_scan.subject.identifiers import name_key, normalise_phone, parse_date, parse_identifier


@pytest.mark.parametrize(
    "raw", ["0470 12 34 56", "+32 470 123456", "0032470123456", "0470/12.34.56", "32470123456"]
)
def test_phone_notations_are_one_number(raw: str) -> None:
    assert normalise_phone(raw) == "+32470123456"


@pytest.mark.parametrize("a, b", [("Van der Berg", "vanderberg"), ("Dupré", "DUPRE"), ("d'Hondt", "D Hondt")])
def test_name_keys_ignore_case_accents_and_particles(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "raw", ["14/03/1987", "1987-03-14", "14 mars 1987", "14 maart 1987", "14.03.1987", "March 14, 1987"]
)
def test_birth_dates_in_common_formats(raw: str) -> None:
    assert parse_date(raw) == dt.date(1987, 3, 14)


@pytest.mark.parametrize(
    "kind, raw, value",
    [
        ("email", " Jan.Peeters@Example.BE ", "jan.peeters@example.be"),
        ("national_number", "85.07.30-033.28", "85073003328"),
        ("iban", "be71 0961 2345 6769", "BE71096123456769"),
        ("name", "Hélène Dubois-Van den Bossche", "heleneduboisvandenbossche"),
    ],
)
def test_valid_identifiers_normalise(kind: str, raw: str, value: str) -> None:
    ident = parse_identifier(kind, raw)
    assert ident.value == value
    assert raw.strip() not in ident.masked


@pytest.mark.parametrize(
    "kind, raw",
    [
        ("national_number", "85.07.30-033.29"),  # checksum
        ("iban", "BE71 0961 2345 6760"),
        ("email", "not-an-email"),
        ("phone", "12"),
        ("name", "Cher"),
        ("birth_date", "31/02/1987"),
        ("id", "customers=3"),
    ],
)
def test_malformed_identifiers_raise_one_line_errors(kind: str, raw: str) -> None:
    with pytest.raises(IdentifierError) as err:
        parse_identifier(kind, raw)
    assert "\n" not in str(err.value)
