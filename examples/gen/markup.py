"""Planted spans: texts are written with ``[[TYPE|text]]`` marks, rendered to plain text plus the exact
offsets of every planted value, so the ground truth comes from the same strings that are written."""

from __future__ import annotations

import datetime as dt
import re

from stdnum import iban as std_iban
from stdnum.be import nn as be_nn
from stdnum.be import vat as be_vat

MARK = re.compile(r"\[\[([A-Z_:]+)\|(.*?)\]\]", re.S)

NL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: dt.date, language: str) -> str:
    """'3 januari 2021' / '14 mars 1987' ('1er' for the first day in French)."""
    months = NL_MONTHS if language == "nl" else FR_MONTHS
    d = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{d} {months[day.month - 1]} {day.year}"


def normalise(kind: str, text: str) -> str | None:
    """The compact value a finder should arrive at, for identifier types."""
    import phonenumbers

    if kind == "BE_NATIONAL_NUMBER":
        return be_nn.compact(text)
    if kind == "IBAN_CODE":
        return std_iban.compact(text)
    if kind == "BE_ENTERPRISE_NUMBER":
        return be_vat.compact(text)
    if kind == "PHONE_NUMBER":
        return phonenumbers.format_number(phonenumbers.parse(text, "BE"), phonenumbers.PhoneNumberFormat.E164)
    if kind == "EMAIL_ADDRESS":
        return text.lower()
    if kind == "NL_BSN":
        return "".join(c for c in text if c.isdigit())
    return None


def render(marked: str) -> tuple[str, list[dict]]:
    """Strip the marks; return the text and its spans (type, text, start, end, value, decoy)."""
    parts: list[str] = []
    spans: list[dict] = []
    pos = length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        parts.append(before)
        length += len(before)
        kind, text = m.group(1), m.group(2)
        decoy = kind.startswith("DECOY:")
        kind = kind.removeprefix("DECOY:")
        span = {"type": kind, "text": text, "start": length, "end": length + len(text)}
        if decoy:
            span["decoy"] = True
        else:
            value = normalise(kind, text)
            if value is not None:
                span["value"] = value
        spans.append(span)
        parts.append(text)
        length += len(text)
        pos = m.end()
    parts.append(marked[pos:])
    return "".join(parts), spans
