"""Dates as whole values, without Presidio: Dutch, French and English month names and numeric notations.

The date recognizer (``date.py``) finds these in text; the fast column path calls ``parse_date``."""

from __future__ import annotations

import datetime as dt
import re

from ._text import fold

__all__ = ["MONTHS", "DATE_PATTERNS", "DATE_VALUE", "parse_date", "to_date"]

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "januari jan janvier janv january",
        "februari feb febr fevrier fev fevr february",
        "maart mrt mars march mar",
        "april apr avril avr",
        "mei mai may",
        "juni jun juin june",
        "juli jul juillet juil july",
        "augustus aug aout august",
        "september sep sept septembre",
        "oktober okt octobre oct october",
        "november nov novembre",
        "december dec decembre",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _num

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d{2}|20\d{2}|'\d{2})"
# Matched against the folded (lower-case, accent-free) text, so one pattern covers "Février"/"fevrier".
_SEP = r"[\s.\-/]+"
DATE_PATTERNS = [
    # 14 mars 1987, 1er février 2020, 3 januari 2021, 15- jan 1928, 17-mei-2011, 3 jan. '21
    re.compile(rf"(?<![\w])(?P<d>{_DAY})(?:er|e|ste|de)?{_SEP}(?P<m>{_MONTH})\.?,?{_SEP}(?P<y>{_YEAR})(?![\w])"),
    # 2019 augustus 1, 2011-mei-17, 1928.jan.15
    re.compile(rf"(?<![\w])(?P<y>{_YEAR}){_SEP}(?P<m>{_MONTH})\.?{_SEP}(?P<d>{_DAY})(?![\w])"),
    # March 14, 1987
    re.compile(rf"(?<![\w])(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})(?![\w])"),
    # 24/07/1966, 6-7-1958, 30/5/22, 14.03.1987, 12-04-'02
    re.compile(r"(?<![\w/.\-])(?P<d>[12]\d|3[01]|0?[1-9])(?P<s>[/.\-])(?P<mn>1[0-2]|0?[1-9])(?P=s)(?P<y>\d{4}|'?\d{2})(?![\w/]|[.\-]\d)"),
    # 1987-03-14, 1958-7-6, 2022.1.8
    re.compile(r"(?<![\w/.\-])(?P<y>1[89]\d{2}|20\d{2})(?P<s>[.\-/])(?P<mn>1[0-2]|0?[1-9])(?P=s)(?P<d>[12]\d|3[01]|0?[1-9])(?![\w/\-]|\.\d)"),
]  # fmt: skip


# Every pattern separates day, month and year by one of these: without one, no pattern can match
# (national numbers, phone numbers and amounts are answered without the five patterns).
_SEPARATOR = re.compile(r"[\s./\-]")


def parse_date(text: str) -> dt.date | None:
    """The date a whole value denotes (any supported notation), or None."""
    folded = fold(text.strip())
    if _SEPARATOR.search(folded) is None:
        return None
    for pattern in DATE_PATTERNS:
        m = pattern.fullmatch(folded)
        if m:
            return to_date(m)
    return None


def to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = MONTHS[groups["m"]] if groups.get("m") else int(groups["mn"])
    year_s = groups["y"].lstrip("'")
    year = int(year_s)
    if len(year_s) == 2:
        year += 2000 if year <= dt.date.today().year % 100 + 1 else 1900
    if not 1850 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, int(groups["d"]))
    except ValueError:
        return None  # 31 februari


# Whole-value prefilter of the column path.
DATE_VALUE = r"[\w'./\- ,]{6,30}"
