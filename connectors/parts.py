"""Large tables in parts, so that one table's full scan (a subject search's filters) spreads over
several workers (``Connector.parts`` / ``select_part``; ``pii_scan.chunks`` runs them).

SQL: ranges of an integer primary key (SQLite: of the rowid), split evenly between its minimum and
maximum (two index descents). A table without such a key stays whole: LIMIT/OFFSET without an order
is not a partition, and with one every part would sort the table.

Delimited files: byte ranges, each starting at a record: the first line start after the even split
point outside quotes (an even count of quote bytes since the header), so a quoted line break never
falls between two parts. The header line is read again before every part. Only files larger than
``arrow_filter.MAX_CACHED_BYTES`` are split: a smaller one is read once by pyarrow's threads and kept
for every round of the search, which parts (read once a round) cannot beat; a larger one is streamed
once a round (pyarrow, else pandas), as each part is. A part is reported unclean where it may not read as the
whole file would (a row skipped or refused): the caller then reads the table whole. Only
ASCII-compatible encodings are split (a quote or newline byte is then that character).
"""

from __future__ import annotations

import codecs
import io
import math
import os
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

import pandas as pd
import sqlalchemy as sa

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Filter, Part, PartHits
from pii_scan.connectors.filebase import apply_filters
from pii_scan.errors import SourceNotFound

if TYPE_CHECKING:
    from pii_scan.connectors.delimited import DelimitedConnector
    from pii_scan.connectors.sql import SqlConnector

__all__ = ["MAX_PARTS", "sql_parts", "sql_select_part", "delimited_parts", "delimited_select_part",
           "record_starts"]  # fmt: skip

MAX_PARTS = 64  # a table is at most this many tasks, however large
_BLOCK = 8 << 20
_ASCII_SAFE = {"ascii", "utf-8", "utf-8-sig", "latin-1", "iso8859-1", "cp1252", "iso8859-15"}


def _even_split(lo: int, hi: int, n: int) -> list[int]:
    """Up to n - 1 inner bounds splitting ``[lo, hi]`` evenly, each in ``(lo, hi]``."""
    return sorted({b for k in range(1, n) if lo < (b := lo + (hi - lo + 1) * k // n) <= hi})


def _count_parts(rows: int | None, rows_per_part: int) -> int:
    if rows is None or rows_per_part < 1 or rows <= rows_per_part:
        return 1
    return min(MAX_PARTS, math.ceil(rows / rows_per_part))


# -- SQL ----------------------------------------------------------------------------------------


def _sql_key(conn: SqlConnector, table: str) -> str | None:
    ref = conn._ref(table)
    pk = ref.info.primary_key
    if len(pk) == 1 and isinstance(ref.types.get(pk[0]), sa.Integer):
        return pk[0]
    if conn.engine.dialect.name == "sqlite":  # a column named rowid hides the real one: a free alias
        names = {c.lower() for c in ref.table.c.keys()}
        return next((a for a in ("rowid", "_rowid_", "oid") if a not in names), None)
    return None


def _key_column(conn: SqlConnector, table: str, key: str) -> Any:
    ref = conn._ref(table)
    return ref.table.c[key] if key in ref.table.c else sa.literal_column(key)


def sql_parts(conn: SqlConnector, table: str, rows_per_part: int) -> list[Part] | None:
    ref = conn._ref(table)
    n = _count_parts(ref.info.row_count, rows_per_part)
    if ref.info.kind != "table" or n < 2:
        return None
    key = _sql_key(conn, table)
    if key is None:
        return None
    col = _key_column(conn, table, key)
    try:
        with conn.connect() as c:
            lo, hi = c.execute(sa.select(sa.func.min(col), sa.func.max(col)).select_from(ref.table)).one()
    except sa.exc.OperationalError:  # a SQLite table WITHOUT ROWID
        return None
    if lo is None or hi is None:
        return None
    edges: list[int | None] = [None, *_even_split(int(lo), int(hi), n), None]
    if len(edges) < 3:
        return None
    return [Part("key", a, b, key) for a, b in zip(edges, edges[1:], strict=False)]


def sql_select_part(
    conn: SqlConnector, table: str, filters: Sequence[Filter], part: Part, chunk_rows: int
) -> PartHits:
    ref = conn._ref(table)
    clauses = [c for f in filters if (c := conn._predicate(ref, f)) is not None]
    if not clauses:
        return PartHits([])
    col = _key_column(conn, table, part.column)
    stmt = sa.select(ref.table).where(sa.or_(*clauses))
    if part.lo is not None:
        stmt = stmt.where(col >= part.lo)
    if part.hi is not None:
        stmt = stmt.where(col < part.hi)
    return PartHits(list(conn._stream(stmt, ref.info.column_names, chunk_rows)))


# -- delimited files ----------------------------------------------------------------------------


def record_starts(fh: BinaryIO, start: int, targets: Sequence[int], quote: bytes = b'"') -> list[int]:
    """For each target offset, the first line start at or after it that lies outside quotes (an even
    count of quote bytes since ``start``): a record start. Increasing; targets that fall before an
    earlier answer are dropped, and a line start at the end of the file is one too."""
    out: list[int] = []
    pending = iter(sorted(targets))
    target = next(pending, None)
    fh.seek(start)
    pos, quotes = start, 0  # pos: file offset of data[0]; quotes: quote bytes in [start, pos + i)
    while target is not None:
        data = fh.read(_BLOCK)
        if not data:
            break
        i = 0
        while target is not None:
            t = max(target - 1 - pos, i)  # the newline ending the line before ``target``, or later
            if t >= len(data):
                break
            quotes += data.count(quote, i, t)
            i = t
            found = False
            while (nl := data.find(b"\n", i)) >= 0:
                quotes += data.count(quote, i, nl)
                i = nl + 1
                if quotes % 2 == 0:
                    found = True
                    break
            if not found:
                break  # inside quotes up to the block's end: go on in the next one
            out.append(pos + i)
            while target is not None and target <= out[-1]:
                target = next(pending, None)
        quotes += data.count(quote, i)
        pos += len(data)
    return out


def _ascii_safe(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in _ASCII_SAFE
    except LookupError:
        return False


def delimited_parts(conn: DelimitedConnector, table: str, rows_per_part: int) -> list[Part] | None:
    from pii_scan.connectors import arrow_filter

    info = conn.table(table)
    n = _count_parts(info.row_count, rows_per_part)
    size = os.path.getsize(conn.location)
    if size <= arrow_filter.MAX_CACHED_BYTES:
        # read once by pyarrow's threads and kept for every round: parts would read it once a round
        return None
    if n < 2 or not info.columns or conn._needs_care() or not _ascii_safe(conn._dialect()[0]):
        return None
    start = conn._data_start()
    with open(conn.location, "rb") as fh:
        bounds = [b for b in record_starts(fh, start, _even_split(start, size - 1, n)) if start < b < size]
    if not bounds:
        return None
    edges: list[int | None] = [start, *bounds, None]
    return [Part("bytes", a, b) for a, b in zip(edges, edges[1:], strict=False)]


def delimited_select_part(
    conn: DelimitedConnector, table: str, filters: Sequence[Filter], part: Part, chunk_rows: int
) -> PartHits:
    """The part read as the whole file too large to keep is: streamed by pyarrow, else by pandas."""
    names = conn.table(table).column_names
    for flt in filters:
        if flt.column not in names:
            raise SourceNotFound(conn.display_name, f"no column {flt.column!r} in {table!r}")
    assert part.lo is not None
    with open(conn.location, "rb") as fh:
        text = fh.read(conn._data_start())  # the header again (and the BOM), as the whole file has it
        fh.seek(part.lo)
        text += fh.read(part.hi - part.lo) if part.hi is not None else fh.read()
    got = _arrow_part(conn, text, filters)
    return got if got is not None else _pandas_part(conn, text, filters, chunk_rows)


def _arrow_part(conn: DelimitedConnector, text: bytes, filters: Sequence[Filter]) -> PartHits | None:
    """The part streamed by pyarrow, as ``OnePassCsv._stream_select`` streams the whole file; None
    where pyarrow cannot read it as pandas would (the whole file then goes to pandas too)."""
    from pii_scan.connectors import arrow_filter as af

    plan = conn._arrow_plan()
    if plan is None:
        return None
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:  # pragma: no cover - pyarrow is a pandas 3 dependency
        return None
    enc, delim = conn._dialect()
    headerless = bool(conn._cache.get("headerless"))
    frames: list[pd.DataFrame] = []
    offset = 0
    try:
        reader = pcsv.open_csv(io.BytesIO(text), **af._options(plan[0], enc, delim, headerless, plan[1]))
        if reader.schema.names != plan[0]:
            return None
        for batch in reader:
            hit = af.select_rows(af.ArrowRows(pa.Table.from_batches([batch])), filters, offset)
            offset += batch.num_rows
            if len(hit):
                frames.append(hit)
    except af._errors():
        return None
    return PartHits(frames, offset)


def _pandas_part(
    conn: DelimitedConnector, text: bytes, filters: Sequence[Filter], chunk_rows: int
) -> PartHits:
    frames: list[pd.DataFrame] = []
    offset = 0
    kwargs: dict[str, Any] = {**conn._read_kwargs(), "on_bad_lines": "warn"}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            with pd.read_csv(
                io.BytesIO(text), chunksize=chunk_rows or DEFAULT_CHUNK_ROWS, **kwargs
            ) as reader:
                for chunk in reader:
                    chunk.index = pd.RangeIndex(offset, offset + len(chunk))
                    offset += len(chunk)
                    hit = apply_filters(chunk, filters, conn.display_name)
                    if len(hit):
                        frames.append(hit)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return PartHits([], 0, clean=False)
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        return PartHits([], 0, clean=False)  # a skipped row: its line numbers are the whole file's
    return PartHits(frames, offset)
