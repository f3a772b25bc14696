"""Whole-value checks of the checksum identifiers, without Presidio: the notation each is written in
(``*_VALUE``, a whole-value regex) and the python-stdnum validation.

The recognizers (``be_national_number.py``, ``iban.py``, ...) wrap these for text; the fast column path
(``models/values.py``) calls them directly, so a scan of a table imports no Presidio or spaCy."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from stdnum import iban, luhn, numdb
from stdnum.be import eid
from stdnum.fr import nir
from stdnum.nl import bsn, btw, identiteitskaartnummer

from .._once import once
from ._checksums import be_national_or_bis_valid, be_vat_valid
from ._text import digits

if TYPE_CHECKING:
    import tldextract

__all__ = [
    "BE_NATIONAL_NUMBER_VALUE",
    "BE_ENTERPRISE_NUMBER_VALUE",
    "NL_BSN_VALUE",
    "NL_VAT_VALUE",
    "BE_EID_CARD_VALUE",
    "BE_PASSPORT_VALUE",
    "FR_NIR_VALUE",
    "NL_ID_DOCUMENT_VALUE",
    "IBAN_VALUE",
    "CARD_VALUE",
    "EMAIL_VALUE",
    "CARD_ISSUERS",
    "IBAN_HEAD",
    "IBAN_RUNS",
    "card_issuer",
    "compact_iban",
    "iban_countries",
    "is_be_national_number",
    "is_be_enterprise_number",
    "is_nl_bsn",
    "is_nl_vat",
    "is_be_eid_card",
    "is_fr_nir",
    "is_nl_id_document",
    "is_iban",
    "is_card",
    "is_email",
    "offline_tld_extract",
]

# 85073003328, 85.07.30-033.28, 850730 033 28, 85.07.30-033 28, 850730-033-28, 85-07-30-033-28
BE_NATIONAL_NUMBER_VALUE = r"\d{2}[. \-]?\d{2}[. \-]?\d{2}[ .\-]?\d{3}[ .\-]?\d{2}"
BE_ENTERPRISE_NUMBER_VALUE = r"(?:BE[ .\-]?)?[01]?\d{3}[. \-]?\d{3}[. \-]?\d{3}"
# 123456782, 1234.56.782, 1234 56 782, 1234-56-782, 123.456.782, 123 456 782
NL_BSN_VALUE = r"\d{9}|(?:\d{4}[. \-]\d{2}|\d{3}[. \-]\d{3})[. \-]\d{3}"
# Nine digits compact (stdnum also accepts the leading zeros left out) or grouped 4-2-3 / 3-3-3 (as a
# BSN or RSIN is written), then B and two digits; the country code may be left out ("004495445B01").
_S = r"[ .\-]?"
_NINE = rf"(?:\d{{7,9}}|\d{{4}}{_S}\d{{2}}{_S}\d{{3}}|\d{{3}}{_S}\d{{3}}{_S}\d{{3}})"
NL_VAT_VALUE = rf"(?:NL{_S})?{_NINE}{_S}B{_S}\d{{2}}"
BE_EID_CARD_VALUE = r"\d{3}[ .\-]?\d{7}[ .\-]?\d{2}"
# French NIR: sex 1/2 (7/8: temporary numbers), year, month (01-12, 20 and up when unknown),
# department, commune, serial, key; each group optionally separated by one space, dot or dash.
_MONTH = r"(?:0[1-9]|1[0-2]|[2-9]\d)"
FR_NIR_VALUE = rf"[1278]{_S}\d{{2}}{_S}{_MONTH}{_S}(?:\d{{2}}|2[AB]){_S}\d{{3}}{_S}\d{{3}}{_S}\d{{2}}"
# No checksum: shapes only (the column path needs the header as context)
NL_ID_DOCUMENT_VALUE = r"[A-Z]{2} ?(?=[A-Z]*\d)[A-Z0-9]{6} ?\d"
BE_PASSPORT_VALUE = r"[A-Z]{2} ?\d{6}"
CARD_VALUE = r"(?:4|5[1-5]|2[2-7]|3[0-9]|6)\d{2,3}(?:[ \-]?\d{3,4}){2,3}(?:[ \-]?\d{1,4})?"
EMAIL_VALUE = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"

# IBAN: country code and check digits, then the BBAN in runs of letters and digits, each run after the
# first preceded by one space, dot or dash. Runs of any length: besides groups of four, national
# notations survive in IBANs ("BE32 123-4567890-02", "NO 19 4920 06 96270", "ES72 2013-0692-81-
# 0201150993"). Separators are mandatory between runs, so the regex cannot backtrack exponentially.
# Case-insensitive: "be71 0961 2345 6769" is one too.
IBAN_HEAD = r"[A-Za-z]{2}[ .\-]?\d{2}"
IBAN_RUNS = r"[A-Za-z0-9]*(?:[ .\-][A-Za-z0-9]+){0,11}"
IBAN_VALUE = IBAN_HEAD + IBAN_RUNS
_IBAN_SEPARATORS = str.maketrans("", "", " .-")


def is_be_national_number(value: str) -> bool:
    """A Belgian national register or BIS number (births from 2000 on too)."""
    number = digits(value)
    return len(number) == 11 and be_national_or_bis_valid(number)


def is_be_enterprise_number(value: str) -> bool:
    number = digits(value)
    if len(number) == 9:
        number = "0" + number
    return len(number) == 10 and be_vat_valid(number)


def is_nl_bsn(value: str) -> bool:
    number = digits(value)
    return len(number) == 9 and number != "000000000" and bool(bsn.is_valid(number))


def is_nl_vat(value: str) -> bool:
    compact = re.sub(r"[ .\-]", "", value).upper()
    return len(compact) >= 10 and bool(btw.is_valid(compact))


def is_be_eid_card(value: str) -> bool:
    number = digits(value)
    return len(number) == 12 and len(set(number)) > 1 and bool(eid.is_valid(number))


def is_fr_nir(value: str) -> bool:
    compact = re.sub(r"[ .\-]", "", value).upper()
    return len(compact) == 15 and bool(nir.is_valid(compact))


def is_nl_id_document(value: str) -> bool:
    """The shape (case-insensitive) and stdnum's nl.identiteitskaartnummer rules."""
    if re.fullmatch(NL_ID_DOCUMENT_VALUE, value.strip(), re.IGNORECASE) is None:
        return False
    return bool(identiteitskaartnummer.is_valid(value.replace(" ", "").upper()))


@once
def iban_countries() -> frozenset[str]:
    """Every country in stdnum's IBAN registry (89 in python-stdnum 2.x, SEPA and beyond)."""
    return frozenset(str(prefix[1]) for prefix in numdb.get("iban").prefixes)


@cache
def _countries() -> frozenset[str]:
    return iban_countries()  # once per process, then without the loader lock's bookkeeping


def compact_iban(value: str) -> str:
    """BE71 0961-2345.6769 -> BE71096123456769 (stdnum's compact: no separators, upper case)."""
    return str(iban.compact(value))


# A..Z -> 10..35 (digits stay), upper case only: the compact form is upper case.
_AS_NUMBER = str.maketrans({chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)})


def _mod97(compact: str) -> bool:
    # ISO 7064 mod 97-10 on the rearranged number, letters as 10..35: what stdnum checks first.
    moved = compact[4:] + compact[:4]
    return int(moved.translate(_AS_NUMBER)) % 97 == 1


def is_iban(value: str) -> bool:
    """An IBAN of a stdnum country whose checksum, BBAN structure and country rules hold: what
    ``stdnum.iban.is_valid`` answers, with its per-call registry lookups (a linear search of the
    country table, and of the bank table for Belgium) done once per country or bank code."""
    compact = value.translate(_IBAN_SEPARATORS).strip().upper()
    if len(compact) < 5 or not (compact.isascii() and compact.isalnum()):
        return False
    country = compact[:2]
    if country not in _countries() or not _mod97(compact):
        return False
    structure = _bban_structure(country)
    if structure is None or not structure.match(compact[4:]):
        return False
    if country == "BE":  # stdnum.be.iban: national check digits and a known bank code
        check = int(compact[4:-2]) % 97 if compact[4:-2].isdigit() else -1
        return check >= 0 and compact[-2:] == f"{check or 97:02d}" and _be_bank_known(compact[4:7])
    module = _country_module(country)
    return module is None or bool(module.is_valid(compact))


# lru_cache, not once: called per value, and computing one twice is harmless
@cache
def _bban_structure(country: str) -> re.Pattern[str] | None:
    info = numdb.get("iban").info(country)
    props = info[0][1] if info else {}
    if not props:
        return None
    return iban._struct_to_re(props.get("bban", ""))


@cache
def _be_bank_known(code: str) -> bool:
    return bool(numdb.get("be/banks").info(code)[0][1])


@cache
def _country_module(country: str) -> Any:
    from stdnum.util import get_cc_module

    return get_cc_module(country.lower(), "iban")


# (issuer, lowest prefix, highest prefix, lengths): the ISO/IEC 7812 issuer ranges of the networks
# seen in Belgium, the Netherlands and France, first match wins (longest prefixes first).
_16_19 = (16, 17, 18, 19)
CARD_ISSUERS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("Mastercard", "2221", "2720", (16,)),
    ("Diners Club", "3095", "3095", _16_19),
    ("JCB", "3528", "3589", _16_19),
    ("Discover", "6011", "6011", _16_19),
    ("Maestro", "6759", "6759", (13, 15, *_16_19)),
    ("Maestro", "6761", "6763", (13, 15, *_16_19)),
    ("Bancontact", "6703", "6703", (16, 17, 18, 19)),
    ("Diners Club", "300", "305", _16_19),
    ("Discover", "644", "649", _16_19),
    ("American Express", "34", "34", (15,)),
    ("American Express", "37", "37", (15,)),
    ("Diners Club", "36", "36", _16_19),
    ("Diners Club", "38", "39", _16_19),
    ("Mastercard", "51", "55", (16,)),
    ("UnionPay", "62", "62", _16_19),
    ("Discover", "65", "65", _16_19),
    ("Visa", "4", "4", (13, 16, 19)),
)


def card_issuer(number: str) -> str | None:
    """The issuer whose prefix range and lengths fit the digits ``number``, or None."""
    for issuer, low, high, lengths in CARD_ISSUERS:
        if low <= number[: len(low)] <= high and len(number) in lengths:
            return issuer
    return None


def is_card(value: str) -> bool:
    number = digits(value)
    return card_issuer(number) is not None and len(set(number)) > 1 and bool(luhn.is_valid(number))


@once
def offline_tld_extract() -> tldextract.TLDExtract:
    import tldextract

    # No URLs to fetch and no cache dir: the snapshot shipped inside tldextract, silently.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def is_email(value: str) -> bool:
    """Whether the domain of an address ends in a public suffix (tldextract's bundled snapshot)."""
    return _public_suffix(value.rsplit("@", 1)[-1])


@lru_cache(maxsize=65_536)
def _public_suffix(domain: str) -> bool:
    # Per domain: a column of addresses has few (tldextract costs ~50 µs a call).
    return offline_tld_extract()(domain).suffix != ""
