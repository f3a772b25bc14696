"""Phone numbers as whole values, without Presidio: the notation rules and phonenumbers' parsing.

The phone recognizer (``phone.py``) finds numbers in text; the fast column path calls ``parse_phone``."""

from __future__ import annotations

import re

import phonenumbers

from ._checksums import be_vat_valid
from ._dates import parse_date
from ._phone_parse import parse_number
from ._text import digits

__all__ = ["REGIONS", "PHONE_VALUE", "enough_digits", "parse_phone", "phone_notation"]

REGIONS = ("BE", "NL", "FR", "LU", "DE")
# Fewer national significant digits than this is a code, a year or an amount, not a phone number
# (BE landlines have 8, mobiles and NL/FR numbers 9). Luxembourg landlines are shorter, but are only
# accepted in international notation anyway.
MIN_NATIONAL_DIGITS = {"LU": 6}
_DOMESTIC_REGIONS = ("BE", "NL", "FR")  # the regions whose domestic notation is accepted
_MIN_DIGITS = 8
# One "." between digits and no other separator: a decimal amount (4.99, 123456.78, 0.9900000000).
# A phone written that way has an area code of 2-4 digits with trunk 0 and 6+ digits after the dot.
_ONE_DOT = re.compile(r"(\d+)\.(\d+)")
_AREA_DOT = re.compile(r"0\d{1,3}\.\d{6,8}")
# Enterprise numbers are written 0460.190.566 or bare; phones in 2-digit groups (0470 12 34 56).
_ENTERPRISE_SHAPE = re.compile(r"[01]\d{3}(?:[. ]?\d{3}){2}")


def _international(raw: str) -> bool:
    return raw.lstrip("( ").startswith(("+", "00"))


def phone_notation(raw: str, region: str) -> bool:
    """Whether ``raw`` is written the way a phone number of ``region`` is, before any parsing.

    Rejects what phonenumbers alone accepts on this data: dates (14.03.2021), times and decimal
    amounts (10:22, 12,50, 123456.78), numbers without trunk prefix (BSNs, years: 123456782,
    1987 2001) and Belgian enterprise numbers in their own notation (0460.190.566)."""
    raw = raw.strip()
    if ":" in raw or "," in raw:
        return False
    if _international(raw):
        return True
    # Luxembourg and German numbers vary in length and LU has no trunk prefix, so in domestic notation
    # almost any run of 5-11 digits is "valid" there: accept LU and DE only as +352/00352, +49/0049.
    if region not in _DOMESTIC_REGIONS or not raw.lstrip("( ").startswith("0"):
        return False
    if _ONE_DOT.fullmatch(raw) and not _AREA_DOT.fullmatch(raw):
        return False
    if _ENTERPRISE_SHAPE.fullmatch(raw) and _valid_enterprise(raw):
        return False
    return parse_date(raw) is None


def _valid_enterprise(raw: str) -> bool:
    return be_vat_valid(digits(raw))


# Free-phone and service numbers are shorter (NL 0800 5555) but their prefix is unmistakable.
_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


def enough_digits(num: phonenumbers.PhoneNumber, region: str) -> bool:
    n = len(str(num.national_number))
    if n >= MIN_NATIONAL_DIGITS.get(region, _MIN_DIGITS):
        return True
    return n >= 7 and phonenumbers.number_type(num) in _SERVICE_TYPES


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number a whole value denotes in one of REGIONS, or None (used by the fast column path)."""
    domestic: bool | None = None  # phone_notation answers the same for BE, NL and FR
    for region in REGIONS:
        if region in _DOMESTIC_REGIONS:
            if domestic is None:
                domestic = phone_notation(value, region)
            if not domestic:
                continue
        elif not phone_notation(value, region):
            continue
        num = parse_number(value, region)
        if num is None:
            return None
        if phonenumbers.is_valid_number(num):
            found = phonenumbers.region_code_for_number(num) or region
            return num if enough_digits(num, found) else None
        if _international(value):
            return None  # international notation: the region guess makes no difference
    return None


# Whole-value prefilter: international or trunk-0 notation, at least 8 digits and separators.
PHONE_VALUE = r"\(?(?:\+|0)[\d \-./()]{7,21}"
