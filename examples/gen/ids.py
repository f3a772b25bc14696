"""Fictional identifiers with valid checksums, computed here and validated with python-stdnum.

Every function takes the caller's ``random.Random`` so the whole data set follows from one seed.
"""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.be import vat as be_vat
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import btw as nl_btw

# Belgian bank codes that stdnum's bank table knows (BNP Paribas Fortis, Belfius, ING, KBC, Argenta, Crelan).
BE_BANK_CODES = ("001", "063", "068", "310", "363", "735", "737", "973", "103", "143", "091", "652", "979")
NL_BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO")
FR_BANKS = ("30004", "30002", "20041", "10278", "30003")


def _nn_check(first9: str, year: int) -> str:
    # births from 2000 on: the check is computed over "2" + the nine digits
    base = int(("2" + first9) if year >= 2000 else first9)
    return f"{97 - base % 97:02d}"


def national_number(rng: random.Random, birth: dt.date, male: bool) -> str:
    """An 11-digit rijksregisternummer whose encoded birth date reads back as ``birth``."""
    while True:
        counter = rng.randrange(1, 998)
        if counter % 2 != (1 if male else 0):  # odd for men, even for women
            counter += 1 if counter < 997 else -1
        first9 = f"{birth:%y%m%d}{counter:03d}"
        number = first9 + _nn_check(first9, birth.year)
        # a 2000+ number whose check happens to fit 1900 too would read back with the wrong century
        if be_nn.is_valid(number) and be_nn.get_birth_date(number) == birth:
            return number


def bis_number(rng: random.Random, birth: dt.date, male: bool) -> str:
    """A BIS number (foreigners without a national number): month + 40 when sex is known."""
    while True:
        counter = rng.randrange(1, 998)
        if counter % 2 != (1 if male else 0):
            counter += 1 if counter < 997 else -1
        first9 = f"{birth:%y}{birth.month + 40:02d}{birth:%d}{counter:03d}"
        number = first9 + _nn_check(first9, birth.year)
        if be_bis.is_valid(number) and be_bis.get_birth_date(number) == birth:
            return number


def enterprise_number(rng: random.Random, first: str = "0") -> str:
    """A 10-digit KBO/BCE number (0xxx.xxx.xxx or 1xxx.xxx.xxx): 97 - first eight mod 97."""
    while True:
        head = first + f"{rng.randrange(2_000_000, 9_999_999):07d}"
        number = head + f"{97 - int(head) % 97:02d}"
        if be_vat.is_valid(number):
            return number


def _iban(country: str, bban: str) -> str:
    return country + std_iban.calc_check_digits(country + "00" + bban) + bban


def be_iban(rng: random.Random) -> str:
    while True:
        head = rng.choice(BE_BANK_CODES) + f"{rng.randrange(10_000_000):07d}"
        national = int(head) % 97 or 97  # Belgian account check: mod 97, 0 becomes 97
        number = _iban("BE", f"{head}{national:02d}")
        if std_iban.is_valid(number):
            return number


def nl_iban(rng: random.Random) -> str:
    while True:
        number = _iban("NL", rng.choice(NL_BANKS) + f"{rng.randrange(10**9, 10**10):010d}")
        if std_iban.is_valid(number):
            return number


def fr_iban(rng: random.Random) -> str:
    while True:
        bank, branch = rng.choice(FR_BANKS), f"{rng.randrange(100000):05d}"
        account = f"{rng.randrange(10**10, 10**11):011d}"
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97  # clé RIB
        number = _iban("FR", f"{bank}{branch}{account}{key:02d}")
        if std_iban.is_valid(number):
            return number


def bsn(rng: random.Random) -> str:
    while True:
        number = f"{rng.randrange(10_000_000, 999_999_999):09d}"
        if nl_bsn.is_valid(number):
            return number


def nl_vat(rng: random.Random) -> str:
    """A Dutch BTW-id of the old style: NL + a BSN-like number + B + two digits."""
    while True:
        number = f"NL{bsn(rng)}B{rng.randrange(1, 4):02d}"
        if nl_btw.is_valid(number):
            return number


# Belgian landline zones by postcode prefix; mobile ranges of the Belgian operators.
MOBILE_PREFIXES = (
    "470",
    "471",
    "472",
    "473",
    "474",
    "475",
    "476",
    "477",
    "478",
    "479",
    "483",
    "484",
    "485",
    "486",
    "487",
    "488",
    "489",
    "491",
    "492",
    "493",
    "494",
    "495",
    "496",
    "497",
    "498",
    "499",
)


def be_mobile(rng: random.Random) -> str:
    """National significant number of a Belgian mobile, e.g. '478216395'."""
    while True:
        nsn = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(1_000_000):06d}"
        if phonenumbers.is_valid_number(phonenumbers.parse("+32" + nsn)):
            return nsn


def be_landline(rng: random.Random, zone: str) -> str:
    """National significant number of a Belgian landline in a zone ('2', '9', '16', '81')."""
    while True:
        rest = 8 - len(zone)
        nsn = zone + str(rng.randrange(2, 10)) + f"{rng.randrange(10 ** (rest - 1)):0{rest - 1}d}"
        if phonenumbers.is_valid_number(phonenumbers.parse("+32" + nsn)):
            return nsn


def format_phone(nsn: str, style: str) -> str:
    """Belgian notations as people type them."""
    if len(nsn) == 9 and nsn.startswith("4"):  # mobile 4xx xx xx xx (Liège landlines are 4 + 7 digits)
        a, b, c, d = nsn[:3], nsn[3:5], nsn[5:7], nsn[7:]
        return {
            "spaced": f"0{a} {b} {c} {d}",
            "intl": f"+32 {a} {b} {c} {d}",
            "0032": f"0032{nsn}",
            "slash": f"0{a}/{b}.{c}.{d}",
            "e164": f"+32{nsn}",
            "compact": f"0{nsn}",
        }[style]
    zone = nsn[:1] if nsn[0] in "2349" else nsn[:2]
    rest = nsn[len(zone) :]
    parts = [rest[:3], rest[3:5], rest[5:]] if len(rest) == 7 else [rest[:2], rest[2:4], rest[4:]]
    return {
        "spaced": f"0{zone} {' '.join(parts)}",
        "intl": f"+32 {zone} {' '.join(parts)}",
        "0032": f"0032{nsn}",
        "slash": f"0{zone}/{'.'.join(parts)}",
        "e164": f"+32{nsn}",
        "compact": f"0{nsn}",
    }[style]


def group4(number: str) -> str:
    """IBAN in groups of four, as printed on letters and bank cards."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def enterprise_notation(number: str, style: str) -> str:
    n = number
    return {
        "dots": f"{n[:4]}.{n[4:7]}.{n[7:]}",
        "be_compact": f"BE{n}",
        "be_dots": f"BE {n[:4]}.{n[4:7]}.{n[7:]}",
        "spaced": f"{n[:4]} {n[4:7]} {n[7:]}",
        "be_spaced": f"BE {n[:4]} {n[4:7]} {n[7:]}",
    }[style]


def decoy_national_number(valid: str) -> str:
    """A typo of a valid number: same digits, check digits that fail for both centuries and as BIS."""
    for delta in range(1, 97):
        candidate = valid[:9] + f"{(int(valid[9:]) + delta) % 100:02d}"
        if not be_nn.is_valid(candidate) and not be_bis.is_valid(candidate):
            return candidate
    raise AssertionError("no decoy found")


def decoy_iban(valid: str) -> str:
    """A typo of a valid IBAN: the account unchanged, IBAN check digits wrong."""
    for delta in range(1, 97):
        candidate = valid[:2] + f"{(int(valid[2:4]) + delta) % 100:02d}" + valid[4:]
        if not std_iban.is_valid(candidate):
            return candidate
    raise AssertionError("no decoy found")
