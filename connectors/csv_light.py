"""Small delimited files read whole with the standard ``csv`` module, no pandas.

For a file of a few kilobytes, building DataFrames costs far more than parsing: one parse here gives
the header, the exact row count, the display types and the sample. It is used only where its records
are those the pandas C parser gives (``DelimitedConnector`` reads with ``dtype=str``, ``""`` as
missing): the whole file decodes, every record is as wide as the header, header names are non-empty
and distinct, quotes are balanced. Any other file (ragged rows, a broken quote, a bad byte, one
column) goes the pandas way, with its warnings and careful reader.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

__all__ = [
    "LIGHT_FILE_BYTES",
    "LightTable",
    "read_light",
    "infer_type",
    "detect_delimiter",
    "looks_like_value",
]

DELIMITERS = (";", ",", "\t", "|")

# Files up to this size take the light path (a 1 MB CSV parses in a few tens of milliseconds).
LIGHT_FILE_BYTES = 1 << 20

_INT = re.compile(r"^[+-]?(0|[1-9]\d*)$")
_DEC = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$")


def detect_delimiter(text: str, default: str = ",") -> str:
    """The candidate giving the most consistent number of fields (>1) over the first records."""
    best, best_score = default, (0.0, 0)
    for delim in DELIMITERS:
        try:
            rows = [r for r in islice(csv.reader(io.StringIO(text), delimiter=delim), 200) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        mode = max(set(widths), key=widths.count)
        if mode < 2:
            continue
        consistency = round(widths.count(mode) / len(widths), 1)  # buckets: ties go to the wider split
        if (consistency, mode) > best_score:
            best, best_score = delim, (consistency, mode)
    return best


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_DIGIT_RUN = re.compile(r"^[+(]?\d[\d\s./()-]{5,}\d$")


def looks_like_value(cell: str) -> bool:
    """A header cell no header holds: an email address, or a number of 7 digits or more (phone,
    national number, account). Such a first line is data, and its cells personal values."""
    cell = cell.strip()
    return bool(_EMAIL.fullmatch(cell)) or (
        bool(_DIGIT_RUN.match(cell)) and sum(ch.isdigit() for ch in cell) >= 7
    )


@dataclass(frozen=True)
class LightTable:
    columns: list[str]
    rows: list[list[str | None]]  # data records, "" as None (what read_csv's na_values=[""] gives)
    headerless: bool = False

    def column(self, i: int, limit: int | None = None) -> list[str | None]:
        return [r[i] for r in (self.rows if limit is None else self.rows[:limit])]


def infer_type(values: Sequence[str | None]) -> str:
    """A readable type for display; leading-zero numbers (phones, postcodes) stay text."""
    texts = [s for v in values if v is not None and (s := v.strip()) != ""]
    if not texts:
        return "text"
    for name, pattern in (("integer", _INT), ("decimal", _DEC), ("date", _DATE)):
        if all(pattern.match(v) for v in texts):
            return name
    return "text"


def read_light(
    path: str, encoding: str, delimiter: str, is_value: Callable[[str], bool]
) -> LightTable | None:
    """The file as a LightTable, or None where the pandas path must read it. ``is_value`` says a
    header cell is data (an email, a long number): the first line is then a record."""
    with open(path, "rb") as fh:
        data = fh.read(LIGHT_FILE_BYTES + 1)
    if len(data) > LIGHT_FILE_BYTES:
        return None
    try:
        text = data.decode(encoding)  # utf-8-sig drops the BOM, as read_csv does
    except UnicodeDecodeError:
        return None
    if "\x00" in text or text.count('"') % 2:  # an unbalanced quote: the C parser's EOF handling
        return None
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
    except csv.Error:
        return None
    if not records:
        return None
    header = records[0]
    width = len(header)
    if width < 2 or any(len(r) != width for r in records):
        return None  # one column (blank lines count as rows there) or ragged rows: pandas decides
    headerless = any(is_value(c) for c in header)
    if headerless:
        columns = [f"column_{i + 1}" for i in range(width)]
        data_records = records
    else:
        if any(c == "" for c in header) or len(set(header)) != width:
            return None  # read_csv renames these ("Unnamed: 2", "naam.1")
        columns = list(header)
        data_records = records[1:]
    rows = [[v if v != "" else None for v in r] for r in data_records]
    return LightTable(columns, rows, headerless)
