"""The domestic short cut of phone parsing answers exactly what ``phonenumbers.parse`` answers, and
``parse_phone`` what its plain loop over the regions answers (the oracle below calls phonenumbers
directly). Generated Belgian, Dutch and French numbers in their notations, corrupted ones, and
hypothesis' strings of digits and separators."""

from __future__ import annotations

import random
import string

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii_scan.models.recognizers._phone_parse import _parse_domestic, parse_number
from pii_scan.models.recognizers._phones import (
    REGIONS,
    _international,
    enough_digits,
    parse_phone,
    phone_notation,
)

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PHONEISH = st.text(alphabet=string.digits + " -./()+", min_size=1, max_size=24)


def _oracle_parse(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


def _oracle_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """parse_phone as it was: phone_notation and phonenumbers.parse for each region in turn."""
    for region in REGIONS:
        if not phone_notation(value, region):
            continue
        num = _oracle_parse(value, region)
        if num is None:
            return None
        if phonenumbers.is_valid_number(num):
            found = phonenumbers.region_code_for_number(num) or region
            return num if enough_digits(num, found) else None
        if _international(value):
            return None
    return None


def _values(rng: random.Random, n: int) -> list[str]:
    seps = ["", " ", "-", ".", "/", " / ", "(", ")", " (0) "]
    heads = ["0", "0", "0", "00", "(0", "0032", "032", "031", "033", "+32 ", "", "1", "9"]
    out = ["0470 12 34 56", "02/511.22.33", "(02) 511 22 33", "0800 5555", "010-1234567", "06-12345678"]
    out += ["01 42 68 53 00", "0470123456", "03 231 11 11", "0900-1234", "0" * 10, "00", "0", "0-1"]
    for _ in range(n):
        value = rng.choice(heads)
        for _ in range(rng.randint(1, 5)):
            value += "".join(rng.choice(string.digits) for _ in range(rng.randint(1, 4))) + rng.choice(seps)
        out.append(value.strip() if rng.random() < 0.8 else value)
    return out


def test_domestic_parse_equals_phonenumbers() -> None:
    values = _values(random.Random(9), 6000)
    decided = 0
    for value in values:
        for region in REGIONS:
            assert parse_number(value, region) == _oracle_parse(value, region), (value, region)
            decided += _parse_domestic(value, region) is not False
    assert decided > len(values)  # the short cut decides most of them


def test_parse_phone_equals_the_plain_loop() -> None:
    values = _values(random.Random(10), 4000)
    got = [parse_phone(v) for v in values]
    assert got == [_oracle_phone(v) for v in values]
    assert sum(g is not None for g in got) > 200


@FAST
@given(PHONEISH, st.sampled_from(REGIONS))
def test_domestic_parse_equals_phonenumbers_on_any_string(value: str, region: str) -> None:
    assert parse_number(value, region) == _oracle_parse(value, region)


@FAST
@given(PHONEISH)
def test_parse_phone_equals_the_plain_loop_on_any_string(value: str) -> None:
    assert parse_phone(value) == _oracle_phone(value)
