"""python-stdnum's answers for the hottest checks, computed directly on a string of ASCII digits.

A column of national or enterprise numbers calls these once per distinct value; stdnum's ``validate``
goes through Unicode cleaning, exceptions and a birth-date decomposition (about 10 µs a call) to answer
a modulo-97 question. Anything but ASCII digits goes to stdnum itself, so the answers stay stdnum's
(tests/test_value_checks.py compares both on generated numbers)."""

from __future__ import annotations

import datetime

from stdnum.be import bis, nn, vat

__all__ = ["be_national_or_bis_valid", "be_vat_valid"]


def _ascii_digits(number: str) -> bool:
    return number.isascii() and number.isdigit()


def be_vat_valid(number: str) -> bool:
    """``stdnum.be.vat.is_valid`` on the digits of a value (nine digits: the old notation, 0 added)."""
    if not _ascii_digits(number):
        return bool(vat.is_valid(number))
    if len(number) == 9:
        number = "0" + number
    return (
        len(number) == 10
        and number[0] in "01"
        and int(number) > 0
        and (int(number[:-2]) + int(number[-2:])) % 97 == 0
    )


def be_national_or_bis_valid(number: str) -> bool:
    """``stdnum.be.nn.is_valid(number) or stdnum.be.bis.is_valid(number)`` on eleven digits.

    Both check the month (national number 0-12, BIS number 20-32 or 40-52, its remainder by 20 a
    month or 0) and 97 minus the first nine digits modulo 97, prefixed with 2 for births from 2000 on
    (only for birth years not in the future)."""
    if not _ascii_digits(number) or len(number) != 11:
        return bool(nn.is_valid(number) or bis.is_valid(number))
    month = int(number[2:4])
    if not (month <= 12 or 20 <= month <= 32 or 40 <= month <= 52) or int(number) <= 0:
        return False
    check = int(number[9:])
    if 97 - int(number[:9]) % 97 == check:
        return True
    return int(number[:2]) + 2000 <= datetime.date.today().year and 97 - int("2" + number[:9]) % 97 == check
