"""``phonenumbers.parse`` for a number in domestic notation, without its generic text handling.

A column of phone numbers is mostly written domestically: digits and separators, trunk prefix 0
("0470 12 34 56", "02/511.22.33"). For such a value ``phonenumbers.parse`` spends most of its ~40 µs on
what cannot apply: finding the number in text, extensions, vanity letters, the IDD and country-code
prefixes, normalising Unicode digits twice. Here that part is decided directly (the value is ASCII
digits and `` -./()`` only, its digits start with neither the region's international prefix nor its
country code), and the rest is phonenumbers' own steps: national prefix, possible lengths, leading
zeros. Anything else goes to ``phonenumbers.parse``; tests/test_phone_parse.py compares both on
generated values. Without the private helpers (another phonenumbers release) it always does."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

import phonenumbers

__all__ = ["parse_number"]

try:
    from phonenumbers.phonenumberutil import (
        ValidationResult,
        _maybe_strip_national_prefix_carrier_code,
        _set_italian_leading_zeros_for_phone_number,
        _test_number_length,
    )

    _KEEP_ORIGINAL = (
        ValidationResult.TOO_SHORT,
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        ValidationResult.INVALID_LENGTH,
    )
    _FAST = True
except ImportError:  # pragma: no cover - a phonenumbers without these helpers: the generic parse
    _FAST = False

_DOMESTIC = re.compile(r"[0-9 \-./()]+")
_SEPARATORS = str.maketrans("", "", " -./()")
_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' _MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN


@cache
def _region(region: str) -> tuple[Any, re.Pattern[str], str] | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or not metadata.international_prefix:
        return None
    return metadata, re.compile(metadata.international_prefix), str(metadata.country_code)


def parse_number(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """What ``phonenumbers.parse(value, region)`` returns, or None where it raises."""
    if _FAST:
        fast = _parse_domestic(value, region)
        if fast is not False:
            return fast
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


def _parse_domestic(value: str, region: str) -> phonenumbers.PhoneNumber | None | Literal[False]:
    """The parse of a domestic-notation value, None where phonenumbers raises, False: not decided here."""
    if len(value) > 250 or not value.isascii() or _DOMESTIC.fullmatch(value) is None:
        return False
    known = _region(region)
    if known is None:
        return False
    metadata, idd, country_code = known
    number = value.translate(_SEPARATORS)
    # Fewer than 3 digits: phonenumbers' viability rule; an IDD or the country code first: its
    # international branch. Both are left to phonenumbers.
    if len(number) < 3 or idd.match(number) or number.startswith(country_code):
        return False
    num = phonenumbers.PhoneNumber()
    num.country_code = metadata.country_code
    _, stripped, _ = _maybe_strip_national_prefix_carrier_code(number, metadata)
    if _test_number_length(stripped, metadata) not in _KEEP_ORIGINAL:
        number = stripped
    if not _MIN_NSN <= len(number) <= _MAX_NSN:
        return None
    _set_italian_leading_zeros_for_phone_number(number, num)
    num.national_number = int(number)
    return num
