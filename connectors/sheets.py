"""Sheet helpers shared by the .xlsx and .xls connectors: finding the header row below title rows,
naming columns, turning rows into frames with readable column types.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from pii_scan.connectors.base import Column

__all__ = ["PROBE_ROWS", "find_header", "column_names", "rows_to_frame", "readable_type", "frame_columns"]

PROBE_ROWS = 30  # rows looked at to find the header


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _last_filled(row: Sequence[Any]) -> int:
    for j in range(len(row) - 1, -1, -1):
        if not _empty(row[j]):
            return j + 1
    return 0


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(index of the header row, table width) among the first rows of a sheet.

    The header is the first row whose filled cells are mostly text and fill at least half the
    table's width: title rows ("Personeelslijst 2024") above
    it fill fewer cells and are skipped.
    """
    filled = [[v for v in r if not _empty(v)] for r in rows]
    width = max((len(f) for f in filled), default=0)
    span = max((_last_filled(r) for r in rows), default=0)
    if width == 0:
        return 0, 0
    for i, cells in enumerate(filled):
        if not cells:
            continue
        texts = sum(isinstance(v, str) for v in cells)
        if texts / len(cells) >= 0.8 and len(cells) >= max(1, math.ceil(width / 2)):
            return i, max(_last_filled(rows[i]), span)
    first = next(i for i, f in enumerate(filled) if f)
    return first, span


def column_names(header: Sequence[Any], width: int) -> list[str]:
    """Header cells as names; empty ones become ``column_3``, duplicates get ``.1``, ``.2``."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for j in range(width):
        v = header[j] if j < len(header) else None
        name = f"column_{j + 1}" if _empty(v) else " ".join(str(v).split())
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def rows_to_frame(rows: Iterable[Sequence[Any]], names: list[str]) -> pd.DataFrame:
    """Rows cut/padded to the header width; completely empty rows are dropped."""
    width = len(names)
    data = []
    for r in rows:
        r = list(r[:width]) + [None] * (width - len(r))
        if any(not _empty(v) for v in r):
            data.append(r)
    return pd.DataFrame(data, columns=names)


def readable_type(series: pd.Series) -> str:
    t = series.dtype
    if pd.api.types.is_bool_dtype(t):
        return "boolean"
    if pd.api.types.is_integer_dtype(t):
        return "integer"
    if pd.api.types.is_float_dtype(t):
        return "decimal"
    if pd.api.types.is_datetime64_any_dtype(t):
        dates = series.dropna()
        return "date" if len(dates) and bool((dates == dates.dt.normalize()).all()) else "datetime"
    return "text"


def frame_columns(frame: pd.DataFrame) -> tuple[Column, ...]:
    return tuple(Column(str(c), readable_type(frame[c])) for c in frame.columns)
