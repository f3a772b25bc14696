"""Identifiers of a subject request and their normalisation.

Every identifier is normalised once, when the request is parsed, and every candidate value found in a
source is normalised the same way before it is compared: matching is always ``normalise(cell) ==
identifier.value``, never a looser string comparison.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.nl import bsn as nl_bsn

from pii_scan.errors import IdentifierError
from pii_scan.masking import mask_email, mask_value
from pii_scan.models.recognizers._dates import MONTHS

__all__ = [
    "Identifier",
    "KINDS",
    "DEFAULT_REGION",
    "parse_identifier",
    "normalise_email",
    "normalise_phone",
    "normalise_national_number",
    "normalise_iban",
    "normalise_name",
    "name_tokens",
    "name_key",
    "parse_date",
    "digits",
]

DEFAULT_REGION = "BE"
KINDS = ("email", "phone", "national_number", "iban", "name", "birth_date", "id")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NON_DIGIT = re.compile(r"\D+")
# Name particles (nl/fr/de): "Van der Berg", "de la Fontaine", "d'Hondt"; they may be glued on.
PARTICLES = frozenset(
    "van von der den de het ten ter te op in t 's vande vander vanden".split()
    + "le la les du des d di da del della".split()
)



@dataclass(frozen=True)
class Identifier:
    """One identifier of the request. ``value`` is the normalised form compared against cells.

    For ``name``: value is the compact key (see :func:`name_key`) and ``tokens`` the normalised words;
    for ``phone``: E.164; for ``id``: ``table`` and ``column`` say where the value must be.
    """

    kind: str
    raw: str
    value: str
    tokens: tuple[str, ...] = ()
    table: str | None = None
    column: str | None = None
    region: str = DEFAULT_REGION

    @property
    def masked(self) -> str:
        if self.kind == "email":
            return mask_email(self.raw)
        if self.kind == "name":
            return " ".join(t[:1].upper() + "." for t in self.raw.split())
        if self.kind == "birth_date":
            return self.value[:4] + "-**-**"
        if self.kind == "id":
            return f"{self.table}.{self.column}={mask_value(self.raw)}"
        return mask_value(self.value)

    @property
    def label(self) -> str:
        """How a record says what it matched on: ``email``, ``phone``, ``id:customers.customer_id``."""
        return f"id:{self.table}.{self.column}" if self.kind == "id" else self.kind

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "masked": self.masked}


def digits(value: object) -> str:
    return _NON_DIGIT.sub("", str(value))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# -- email --------------------------------------------------------------------------------------
def normalise_email(value: object) -> str | None:
    text = str(value).strip().lower()
    if text.startswith("mailto:"):
        text = text[7:]
    return text if _EMAIL.match(text) else None


# -- phone --------------------------------------------------------------------------------------
def normalise_phone(value: object, region: str = DEFAULT_REGION) -> str | None:
    """E.164 of a phone number in any notation; None when it is not a possible number."""
    text = str(value).strip()
    if not text or sum(c.isdigit() for c in text) < 6:
        return None
    if text.endswith(".0") and text[:-2].isdigit():  # a number read from a spreadsheet as float
        text = text[:-2]
    if text.isdigit() and len(text) >= 10 and not text.startswith("0"):
        text = "+" + text  # 32470123456 stored as a number lost its '+'
    try:
        num = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    if num.italian_leading_zero and not phonenumbers.is_valid_number(num):
        return None  # "0000000": its E.164 would not parse back to itself (found by tests/test_fuzz.py)
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def phone_suffix(e164: str) -> str:
    """The national significant number: the digits every notation of the number ends with."""
    num = phonenumbers.parse(e164, None)
    return phonenumbers.national_significant_number(num)


# -- national numbers and IBANs -----------------------------------------------------------------
def normalise_national_number(value: object) -> str | None:
    """Digits of a valid Belgian national register / BIS number or Dutch BSN, else None."""
    d = digits(value)
    if len(d) == 11 and (be_nn.is_valid(d) or be_bis.is_valid(d)):
        return d
    if len(d) in (8, 9) and nl_bsn.is_valid(d.zfill(9)):
        return d.zfill(9)
    return None


def normalise_iban(value: object) -> str | None:
    text = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    if text.startswith("IBAN"):
        text = text[4:]
    return text if std_iban.is_valid(text) else None


def iban_bban_digits(iban: str) -> str:
    """Digits of the account part: also what a Belgian account number in old notation holds."""
    return digits(iban[4:])


# -- names --------------------------------------------------------------------------------------
def name_tokens(value: object) -> list[str]:
    """Lower-case words without accents or punctuation: "Van der Berg-Dupré" -> van der berg dupre."""
    text = strip_accents(str(value)).lower()
    text = re.sub(r"[’'`]", " ", text)
    return [t for t in re.split(r"[^0-9a-z]+", text) if t]


def name_key(value: object) -> str:
    """Compact key: "Van der Berg" == "van der berg" == "Vanderberg" -> "vanderberg"."""
    return "".join(name_tokens(value))


def normalise_name(value: object) -> str:
    return name_key(value)


def distinctive_tokens(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """Words of a name that are not particles, for pushing a name search down."""
    return [t for t in tokens if t not in PARTICLES and len(t) >= 2]


# -- dates --------------------------------------------------------------------------------------
def parse_date(value: object) -> dt.date | None:
    """dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO (with time), "14 mars 1987", "14 maart 1987"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = strip_accents(str(value)).strip().lower()
    if not text:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$", text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])  # European order: day first
    elif m := re.match(r"^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$", text):
        d, y = int(m[1]), int(m[3])
        mo = MONTHS.get(m[2]) or MONTHS.get(m[2][:3]) or 0
    elif m := re.match(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", text):
        d, y = int(m[2]), int(m[3])
        mo = MONTHS.get(m[1]) or MONTHS.get(m[1][:3]) or 0
    else:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


# -- request parsing ----------------------------------------------------------------------------
def parse_identifier(kind: str, raw: str, region: str = DEFAULT_REGION) -> Identifier:
    """Normalise one identifier of the request; a malformed one raises a one-line IdentifierError."""
    raw = str(raw).strip()
    if not raw:
        raise IdentifierError(f"empty {kind}")
    if kind == "email":
        value = normalise_email(raw)
        if value is None:
            raise IdentifierError(f"not an email address: {mask_value(raw)}")
        return Identifier(kind, raw, value)
    if kind == "phone":
        value = normalise_phone(raw, region)
        if value is None:
            raise IdentifierError(f"not a phone number: {mask_value(raw)}")
        num = phonenumbers.parse(value, None)
        return Identifier(kind, raw, value, region=phonenumbers.region_code_for_number(num) or region)
    if kind == "national_number":
        value = normalise_national_number(raw)
        if value is None:
            raise IdentifierError(
                f"not a valid national register, BIS or BSN number (checksum): {mask_value(raw)}"
            )
        return Identifier(kind, raw, value)
    if kind == "iban":
        value = normalise_iban(raw)
        if value is None:
            raise IdentifierError(f"not a valid IBAN (checksum): {mask_value(raw)}")
        return Identifier(kind, raw, value)
    if kind == "name":
        tokens = tuple(name_tokens(raw))
        if len(distinctive_tokens(tokens)) < 1 or len(tokens) < 2:
            raise IdentifierError(f"a name needs a first and a last name: {mask_value(raw)}")
        return Identifier(kind, raw, "".join(tokens), tokens=tokens)
    if kind == "birth_date":
        date = parse_date(raw)
        if date is None:
            raise IdentifierError(f"not a date (use dd/mm/yyyy or yyyy-mm-dd): {mask_value(raw)}")
        return Identifier(kind, raw, date.isoformat())
    if kind == "id":
        m = re.match(r"^([^=]+)\.([^.=]+)=(.+)$", raw)
        if not m:
            raise IdentifierError("--id must look like TABLE.COLUMN=VALUE")
        return Identifier(kind, m[3].strip(), m[3].strip(), table=m[1].strip(), column=m[2].strip())
    raise IdentifierError(f"unknown identifier kind {kind!r}")
