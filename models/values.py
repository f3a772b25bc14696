"""Fast whole-value classification of short column values (no NLP).

Distinct values only; per recognizer one vectorized regex prefilter (pandas ``str.fullmatch``) and
the checksum/parse validation on the few candidates. The result is the share of non-empty values
that are wholly that entity, so discovery never runs spaCy on a column of identifiers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ._once import once
from .recognizers import (
    PiiScanBeEidCardRecognizer,
    PiiScanBeEnterpriseNumberRecognizer,
    PiiScanBeNationalNumberRecognizer,
    PiiScanBePassportRecognizer,
    PiiScanCreditCardRecognizer,
    PiiScanDateRecognizer,
    PiiScanEmailRecognizer,
    PiiScanFamilyRelationRecognizer,
    PiiScanFrNirRecognizer,
    PiiScanIbanRecognizer,
    PiiScanNlBsnRecognizer,
    PiiScanNlIdDocumentRecognizer,
    PiiScanNlVatRecognizer,
    PiiScanPhoneRecognizer,
    PiiScanPostalCodeRecognizer,
    PiiScanSensitiveTermsRecognizer,
    PiiScanStreetAddressRecognizer,
)
from .recognizers._common import STRIP_CHARS, fold
from .recognizers._lists import places
from .recognizers.person_names import is_name_value

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
    (
        "BE_NATIONAL_NUMBER",
        PiiScanBeNationalNumberRecognizer.VALUE_REGEX,
        PiiScanBeNationalNumberRecognizer.is_valid_value,
    ),
    (
        "BE_ENTERPRISE_NUMBER",
        PiiScanBeEnterpriseNumberRecognizer.VALUE_REGEX,
        PiiScanBeEnterpriseNumberRecognizer.is_valid_value,
    ),
    ("NL_BSN", PiiScanNlBsnRecognizer.VALUE_REGEX, PiiScanNlBsnRecognizer.is_valid_value),
    ("NL_VAT", PiiScanNlVatRecognizer.VALUE_REGEX, PiiScanNlVatRecognizer.is_valid_value),
    ("BE_EID_CARD", PiiScanBeEidCardRecognizer.VALUE_REGEX, PiiScanBeEidCardRecognizer.is_valid_value),
    ("FR_NIR", PiiScanFrNirRecognizer.VALUE_REGEX, PiiScanFrNirRecognizer.is_valid_value),
    # Shapes without a checksum: weak (column_classifier.STRENGTH), they confirm a header only.
    (
        "NL_ID_DOCUMENT",
        PiiScanNlIdDocumentRecognizer.VALUE_REGEX,
        PiiScanNlIdDocumentRecognizer.is_valid_value,
    ),
    ("BE_PASSPORT", PiiScanBePassportRecognizer.VALUE_REGEX, None),
    ("IBAN_CODE", PiiScanIbanRecognizer.VALUE_REGEX, PiiScanIbanRecognizer.is_valid_value),
    ("CREDIT_CARD", PiiScanCreditCardRecognizer.VALUE_REGEX, PiiScanCreditCardRecognizer.is_valid_value),
    ("PHONE_NUMBER", PiiScanPhoneRecognizer.VALUE_REGEX, PiiScanPhoneRecognizer.is_valid_value),
    ("EMAIL_ADDRESS", PiiScanEmailRecognizer.VALUE_REGEX, PiiScanEmailRecognizer.is_valid_value),
    ("IP_ADDRESS", _IPV4, None),
    ("IP_ADDRESS", _IPV6, _ipv6),
    ("URL", _URL, None),
    ("DATE_TIME", PiiScanDateRecognizer.VALUE_REGEX, PiiScanDateRecognizer.is_valid_value),
    ("POSTAL_CODE", PiiScanPostalCodeRecognizer.VALUE_REGEX, PiiScanPostalCodeRecognizer.is_valid_value),
    ("STREET_ADDRESS", r".*\d.*", PiiScanStreetAddressRecognizer.is_valid_value),
    ("PERSON", r"[^\d@/\\]{2,60}", is_name_value),
    ("LOCATION", r"[^\d@/\\]{2,40}", lambda v: fold(v) in places()),
]
# Free-text-ish kinds: the value mentions the term somewhere (a "diagnose" cell: "diabetes type 2").
_MENTION_PREFILTER = re.compile(r"[^\W\d_]{2,}")


SMALL_COLUMN = 5_000  # distinct values up to which the plain-regex loop is used


@once
def _compiled() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for _, pattern, _ in VALUE_CHECKS)


def classify_values(values: Sequence[object]) -> dict[str, float]:
    """entity -> share of the non-empty values that are (wholly, modulo surrounding whitespace and
    punctuation) that entity, checksums validated. Sensitive and family terms count when mentioned.

    A value can count for several entities (a 9-digit number can pass both the BSN 11-proef and be
    a phone number); the caller weighs them. Entities with share 0 are left out."""
    series = pd.Series(list(values), dtype=object).dropna().astype(str).str.strip(STRIP_CHARS)
    series = series[series != ""]
    if series.empty:
        return {}
    counts = series.value_counts(sort=False)
    total = float(counts.sum())
    distinct = pd.Series(counts.index, dtype="string")
    weights = counts.to_numpy()
    shares: dict[str, float] = {}
    # A discovery sample has at most ~1,000 distinct values: there, precompiled regexes in a loop beat
    # pandas' per-call overhead (pandas 3 re-parses every pattern to pick an Arrow or Python engine).
    small = [str(v) for v in counts.index] if len(counts) <= SMALL_COLUMN else None
    for (entity, pattern, validator), rx in zip(VALUE_CHECKS, _compiled(), strict=True):
        if small is not None:
            mask = np.fromiter((rx.fullmatch(v) is not None for v in small), dtype=bool, count=len(small))
        else:
            mask = distinct.str.fullmatch(pattern, case=False).fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            continue
        if validator is not None:
            idx = np.flatnonzero(mask)
            ok = np.fromiter((validator(distinct.iat[i]) for i in idx), dtype=bool, count=len(idx))
            mask = np.zeros(len(distinct), dtype=bool)
            mask[idx[ok]] = True
        hit = float(weights[mask].sum())
        if hit:
            shares[entity] = shares.get(entity, 0.0) + hit / total
    if small is not None:
        wordy = np.fromiter(
            (_MENTION_PREFILTER.search(v) is not None for v in small), dtype=bool, count=len(small)
        )
    else:
        wordy = distinct.str.contains(_MENTION_PREFILTER.pattern).fillna(False).to_numpy(dtype=bool)
    mention: dict[str, float] = {}
    for i in np.flatnonzero(wordy):
        value = distinct.iat[i]
        kinds = PiiScanSensitiveTermsRecognizer.entities_in_value(value)
        if PiiScanFamilyRelationRecognizer.in_value(value):
            kinds.add("FAMILY_RELATION")
        for kind in kinds:
            mention[kind] = mention.get(kind, 0.0) + float(weights[i]) / total
    shares.update(mention)
    return {k: round(min(v, 1.0), 4) for k, v in shares.items() if v > 0}
