"""Fast whole-value classification of short column values (no NLP).

Distinct values only; per recognizer one vectorized regex prefilter (pandas ``str.fullmatch``) and
the checksum/parse validation on the few candidates. The result is the share of non-empty values
that are wholly that entity, so discovery never runs spaCy on a column of identifiers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._once import once
from .recognizers._addresses import POSTAL_CODE_VALUE, is_postal_code, is_street_address
from .recognizers._checks import (
    BE_EID_CARD_VALUE,
    BE_ENTERPRISE_NUMBER_VALUE,
    BE_NATIONAL_NUMBER_VALUE,
    BE_PASSPORT_VALUE,
    CARD_VALUE,
    EMAIL_VALUE,
    FR_NIR_VALUE,
    IBAN_VALUE,
    NL_BSN_VALUE,
    NL_ID_DOCUMENT_VALUE,
    NL_VAT_VALUE,
    is_be_eid_card,
    is_be_enterprise_number,
    is_be_national_number,
    is_card,
    is_email,
    is_fr_nir,
    is_iban,
    is_nl_bsn,
    is_nl_id_document,
    is_nl_vat,
)
from .recognizers._dates import DATE_VALUE, parse_date
from .recognizers._lists import places
from .recognizers._mentions import family_in_value, sensitive_in_value
from .recognizers._names import is_name_value
from .recognizers._phones import PHONE_VALUE, parse_phone
from .recognizers._text import STRIP_CHARS, fold

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # a small column is counted in plain Python: pandas is imported only for a large one
    from pii_scan._lazy import lazy_module

    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["classify_values", "VALUE_CHECKS"]

_IPV4 = r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_IPV6 = r"(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}"
_URL = r"(?:https?://|www\.)[^\s]+|[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:be|nl|fr|lu|de|com|org|net|eu|io)(?:/[^\s]*)?"


def _ipv6(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


# (entity, whole-value prefilter regex (case-insensitive), validator on a candidate or None)
VALUE_CHECKS: list[tuple[str, str, Callable[[str], bool] | None]] = [
    ("BE_NATIONAL_NUMBER", BE_NATIONAL_NUMBER_VALUE, is_be_national_number),
    ("BE_ENTERPRISE_NUMBER", BE_ENTERPRISE_NUMBER_VALUE, is_be_enterprise_number),
    ("NL_BSN", NL_BSN_VALUE, is_nl_bsn),
    ("NL_VAT", NL_VAT_VALUE, is_nl_vat),
    ("BE_EID_CARD", BE_EID_CARD_VALUE, is_be_eid_card),
    ("FR_NIR", FR_NIR_VALUE, is_fr_nir),
    # Shapes without a checksum: weak (column_classifier.STRENGTH), they confirm a header only.
    ("NL_ID_DOCUMENT", NL_ID_DOCUMENT_VALUE, is_nl_id_document),
    ("BE_PASSPORT", BE_PASSPORT_VALUE, None),
    ("IBAN_CODE", IBAN_VALUE, is_iban),
    ("CREDIT_CARD", CARD_VALUE, is_card),
    ("PHONE_NUMBER", PHONE_VALUE, lambda v: parse_phone(v) is not None),
    ("EMAIL_ADDRESS", EMAIL_VALUE, is_email),
    ("IP_ADDRESS", _IPV4, None),
    ("IP_ADDRESS", _IPV6, _ipv6),
    ("URL", _URL, None),
    ("DATE_TIME", DATE_VALUE, lambda v: parse_date(v) is not None),
    ("POSTAL_CODE", POSTAL_CODE_VALUE, is_postal_code),
    # A house number, and a street word of two letters or more followed by white space (every
    # address pattern has one): ids, IBANs and e-mail addresses skip the backtracking address scan.
    ("STREET_ADDRESS", r"(?=.*\d)(?=.*\s).*[^\W\d_]{2}.*", is_street_address),
    ("PERSON", r"[^\d@/\\]{2,60}", is_name_value),
    ("LOCATION", r"[^\d@/\\]{2,40}", lambda v: fold(v) in places()),
]
# Per check: True when its pattern cannot match without a digit, False when it cannot match one,
# None otherwise (tests/test_value_checks_fast.py holds every pattern to its flag).
_NEEDS_DIGIT = frozenset(
    "BE_NATIONAL_NUMBER BE_ENTERPRISE_NUMBER NL_BSN NL_VAT BE_EID_CARD FR_NIR NL_ID_DOCUMENT BE_PASSPORT "
    "IBAN_CODE CREDIT_CARD POSTAL_CODE STREET_ADDRESS".split()
)
_DIGITS: tuple[bool | None, ...] = tuple(
    True
    if entity in _NEEDS_DIGIT or pattern == _IPV4
    else False
    if entity in ("PERSON", "LOCATION")
    else None
    for entity, pattern, _ in VALUE_CHECKS
)
_DIGIT = re.compile(r"\d")
# Free-text-ish kinds: the value mentions the term somewhere (a "diagnose" cell: "diabetes type 2").
_MENTION_PREFILTER = re.compile(r"[^\W\d_]{2,}")


SMALL_COLUMN = 5_000  # distinct values up to which the plain-regex loop is used
SMALL_INPUT = 20_000  # values up to which they are counted in plain Python


def _missing(value: object) -> bool:
    # what pandas' dropna() drops: None, NaN, pd.NA, NaT (pandas asked only for its own or numpy's
    # objects, so the text of a small file's column never imports it)
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, float):
        return value != value
    if type(value).__module__.split(".")[0] in ("pandas", "numpy"):
        return (
            value is pd.NA
            or value is pd.NaT
            or (isinstance(value, (np.floating, np.datetime64, np.timedelta64)) and bool(pd.isna(value)))
        )
    return False


@once
def _compiled() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for _, pattern, _ in VALUE_CHECKS)


def classify_values(values: Sequence[object]) -> dict[str, float]:
    """entity -> share of the non-empty values that are (wholly, modulo surrounding whitespace and
    punctuation) that entity, checksums validated. Sensitive and family terms count when mentioned.

    A value can count for several entities (a 9-digit number can pass both the BSN 11-proef and be
    a phone number); the caller weighs them. Entities with share 0 are left out."""
    values = list(values)
    if len(values) <= SMALL_INPUT:
        # A sample column of a small table: plain Python beats building pandas Series per column
        # (the same strings, counts and first-seen order as the pandas path below).
        tally = Counter(s for v in values if not _missing(v) and (s := str(v).strip(STRIP_CHARS)) != "")
        if not tally:
            return {}
        listed = list(tally)
        counts = list(tally.values())
        distinct = None
    else:
        series = pd.Series(values, dtype=object).dropna().astype(str).str.strip(STRIP_CHARS)
        series = series[series != ""]
        if series.empty:
            return {}
        counts = series.value_counts(sort=False)
        distinct = pd.Series(counts.index, dtype="string")
        listed = [str(v) for v in counts.index]  # validators take Python strings: no .iat per value
        counts = counts.to_numpy().tolist()
    total = float(sum(counts))
    shares: dict[str, float] = {}
    # A discovery sample has at most ~1,000 distinct values: there, precompiled regexes in a loop beat
    # pandas' per-call overhead (pandas 3 re-parses every pattern to pick an Arrow or Python engine).
    small = listed if len(listed) <= SMALL_COLUMN or distinct is None else None
    if small is not None:
        # Only the checks whose shape can match: most need a digit, names and places have none.
        with_digit = [i for i, v in enumerate(small) if _DIGIT.search(v) is not None]
        without = [i for i, v in enumerate(small) if _DIGIT.search(v) is None] if with_digit else None
        scope = {True: with_digit, False: without, None: None}
    for (entity, pattern, validator), rx, digit in zip(VALUE_CHECKS, _compiled(), _DIGITS, strict=True):
        if small is not None:
            among = scope[digit]
            if among is None:
                hits = [i for i, v in enumerate(small) if rx.fullmatch(v) is not None]
            else:
                hits = [i for i in among if rx.fullmatch(small[i]) is not None]
        else:
            assert distinct is not None
            mask = distinct.str.fullmatch(pattern, case=False).fillna(False).to_numpy(dtype=bool)
            hits = np.flatnonzero(mask).tolist()
        if validator is not None and hits:
            hits = [i for i in hits if validator(listed[i])]
        hit = float(sum(counts[i] for i in hits))
        if hit:
            shares[entity] = shares.get(entity, 0.0) + hit / total
    if small is not None:
        wordy = [i for i, v in enumerate(small) if _MENTION_PREFILTER.search(v) is not None]
    else:
        assert distinct is not None
        found = distinct.str.contains(_MENTION_PREFILTER.pattern).fillna(False).to_numpy(dtype=bool)
        wordy = np.flatnonzero(found).tolist()
    mention: dict[str, float] = {}
    for i in wordy:
        value = listed[i]
        kinds = sensitive_in_value(value)
        if family_in_value(value):
            kinds.add("FAMILY_RELATION")
        for kind in kinds:
            mention[kind] = mention.get(kind, 0.0) + float(counts[i]) / total
    shares.update(mention)
    return {k: round(min(v, 1.0), 4) for k, v in shares.items() if v > 0}
