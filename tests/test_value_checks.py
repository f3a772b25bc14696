"""The plain value checks answer what python-stdnum answers (they only cache its registry lookups)."""

from __future__ import annotations

import random

from faker import Faker
from stdnum import iban

from pii_scan.models.recognizers._checks import is_iban


def test_is_iban_equals_stdnum_on_valid_and_corrupted_numbers() -> None:
    fake = Faker(["nl_BE", "nl_NL", "fr_FR", "de_DE", "en_GB", "es_ES", "it_IT", "pl_PL", "no_NO"])
    Faker.seed(5)
    rng = random.Random(5)
    valid = [fake.iban() for _ in range(600)]
    values = list(valid)
    for v in valid:
        i = rng.randrange(4, len(v))
        values.append(v[:i] + ("Z" if not v[i].isdigit() else str((int(v[i]) + 1) % 10)) + v[i + 1 :])
        values.append("BE" + v[2:])  # another country's rules on the same digits
        values.append(v[:4] + v[5:])  # one character short
        values.append(" ".join(v[j : j + 4] for j in range(0, len(v), 4)).lower())  # grouped, lower case
    values += ["BE83138811735115", "BE41091811735141", "GR1601101050000010547023795", "BE71 0961-2345.6769"]
    assert [is_iban(v) for v in values] == [bool(iban.is_valid(v)) for v in values]
    assert sum(map(is_iban, values)) >= len(valid)
