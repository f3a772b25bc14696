"""What differs between SQL databases: opening read-only, system schemas, cheap row counts, sampling.

Every statement is built with SQLAlchemy Core and bound parameters.
"""

from __future__ import annotations

import math
import os
import sqlite3
import urllib.parse
from collections.abc import Callable
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from pii_scan.errors import ConnectionFailed, SourceNotFound, UnsupportedSource

__all__ = [
    "SYSTEM_SCHEMAS",
    "create_readonly_engine",
    "sqlite_path",
    "estimated_counts",
    "bounded_count",
    "sqlite_count",
    "sample_rows",
    "short_reason",
]

SYSTEM_SCHEMAS: dict[str, set[str]] = {
    "postgresql": {"information_schema", "pg_catalog", "pg_toast"},
    "mysql": {"information_schema", "mysql", "performance_schema", "sys"},
    "mariadb": {"information_schema", "mysql", "performance_schema", "sys"},
}
COUNT_LIMIT = 100_000  # an exact count stops here; beyond it the catalog estimate is used
EXACT_BELOW = 10_000  # catalog estimates under this are replaced by an exact (cheap) count

# Drivers we ship with (psycopg 3, PyMySQL) instead of SQLAlchemy's defaults (psycopg2, mysqlclient).
_DRIVERS = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
}


def sqlite_path(location: str) -> str | None:
    """The database file of a SQLite location (path or sqlite:/// URL), else None."""
    if "://" not in location:
        return location
    if location.startswith("sqlite"):
        db = make_url(location).database
        return db or None
    return None


def short_reason(exc: BaseException, password: str | None = None) -> str:
    """The driver's message cut to one short line, without the password."""
    orig = getattr(exc, "orig", None) or exc
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    text = str(args[1]) if len(args) >= 2 and isinstance(args[0], int) else str(orig)  # PyMySQL: (code, msg)
    line = next((s.strip() for s in text.splitlines() if s.strip()), type(orig).__name__)
    if password:
        line = line.replace(password, "***")
    return line[:200]


def create_readonly_engine(location: str, display: str) -> sa.Engine:
    """An engine whose every session is read-only (SQLite mode=ro, PG/MySQL read-only transactions)."""
    path = sqlite_path(location)
    if path is not None:
        if path == ":memory:" or not os.path.isfile(path):
            raise SourceNotFound(display, "no such SQLite database file")
        uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"

        def creator() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        return sa.create_engine("sqlite://", creator=creator, poolclass=NullPool, hide_parameters=True)
    try:
        url: URL = make_url(location)
    except sa.exc.ArgumentError:
        raise UnsupportedSource(display, "not a file, directory or database URL") from None
    url = url.set(drivername=_DRIVERS.get(url.drivername, url.drivername))
    backend = url.get_backend_name()
    connect_args: dict[str, Any] = {}
    if backend == "postgresql":
        connect_args = {"options": "-c default_transaction_read_only=on", "connect_timeout": 10}
    elif backend in ("mysql", "mariadb"):
        connect_args = {"connect_timeout": 10}
    try:
        # hide_parameters: a bound value (the subject's email in a lookup) never reaches an error text
        engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True, hide_parameters=True)
    except (sa.exc.NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise UnsupportedSource(display, f"no driver for {url.drivername!r}: {short_reason(exc)}") from None
    if backend in ("mysql", "mariadb"):

        @sa.event.listens_for(engine, "connect")
        def _read_only(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("SET SESSION TRANSACTION READ ONLY")
            cur.close()

    return engine


def connection_error(exc: sa.exc.DBAPIError, display: str, password: str | None) -> ConnectionFailed:
    return ConnectionFailed(display, f"cannot connect: {short_reason(exc, password)}")


def estimated_counts(conn: sa.Connection, schemas: list[str]) -> dict[tuple[str, str], int | None]:
    """Catalog row estimates per (schema, table); None where the catalog has no statistics."""
    backend = conn.dialect.name
    out: dict[tuple[str, str], int | None] = {}
    if backend == "postgresql":
        stmt = sa.text(
            "SELECT n.nspname, c.relname, c.reltuples, c.relpages FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname IN :schemas"
        ).bindparams(sa.bindparam("schemas", expanding=True))
        for schema, name, tuples, pages in conn.execute(stmt, {"schemas": schemas}):
            # -1: never analysed (PG 14+); 0 with 0 pages: unanalysed or empty
            out[(schema, name)] = None if tuples < 0 or (tuples == 0 and pages == 0) else int(tuples)
    elif backend in ("mysql", "mariadb"):
        stmt = sa.text(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA IN :schemas AND TABLE_TYPE = 'BASE TABLE'"
        ).bindparams(sa.bindparam("schemas", expanding=True))
        for schema, name, rows in conn.execute(stmt, {"schemas": schemas}):
            out[(schema, name)] = None if rows is None else int(rows)
    return out


# Declarative partitions (at any depth) and inheritance children (INHERITS, at any depth) -> the
# table at the top, which has no parent itself. Reading the top table reads its children's rows too.
_PARTITION_ROOTS = sa.text(
    "WITH RECURSIVE parts AS ("
    " SELECT i.inhrelid AS child, i.inhparent AS root, i.inhseqno AS seq FROM pg_inherits i"
    " UNION ALL SELECT p.child, i.inhparent, p.seq FROM parts p JOIN pg_inherits i ON i.inhrelid = p.root)"
    " SELECT cn.nspname, c.relname, rn.nspname, r.relname FROM parts p"
    " JOIN pg_class c ON c.oid = p.child JOIN pg_namespace cn ON cn.oid = c.relnamespace"
    " JOIN pg_class r ON r.oid = p.root JOIN pg_namespace rn ON rn.oid = r.relnamespace"
    " WHERE NOT EXISTS (SELECT 1 FROM pg_inherits t WHERE t.inhrelid = p.root)"
    " ORDER BY p.seq"
)


def partition_roots(conn: sa.Connection) -> dict[tuple[str, str], tuple[str, str]]:
    """PostgreSQL partitions and inheritance children (at any depth) -> the table they belong to;
    a child of several parents (multiple inheritance) belongs to its first."""
    if conn.dialect.name != "postgresql":
        return {}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for cs, cn, rs, rn in conn.execute(_PARTITION_ROOTS):
        out.setdefault((cs, cn), (rs, rn))
    return out


def sqlite_count(conn: sa.Connection, table: sa.TableClause) -> tuple[int, bool]:
    """SQLite rows: exact when the rowid span is under EXACT_BELOW, else the span as the estimate.

    ``max(rowid) - min(rowid) + 1`` reads two paths of the table's b-tree; ``count(*)`` reads every
    page (2.6 s for a cold 220 MB file). The span is at least the count (rowids are distinct), more
    where rows were deleted; keys that start high (Northwind's orders from 10248) do not inflate it."""
    rowid = sa.literal_column("_rowid_")
    try:
        # two scalar subqueries: SQLite answers a lone min() or max() by one b-tree descent each
        low, high = conn.execute(
            sa.select(
                sa.select(sa.func.min(rowid)).select_from(table).scalar_subquery(),
                sa.select(sa.func.max(rowid)).select_from(table).scalar_subquery(),
            )
        ).one()
    except sa.exc.DBAPIError:  # WITHOUT ROWID table (or a column shadowing _rowid_): count, bounded
        conn.rollback()
        return bounded_count(conn, table)
    if not isinstance(low, int) or not isinstance(high, int) or high - low + 1 < EXACT_BELOW:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()), True
    return high - low + 1, False


def bounded_count(conn: sa.Connection, table: sa.TableClause, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """count(*) stopping at ``limit`` rows: (count, exact)."""
    inner = sa.select(sa.literal(1).label("one")).select_from(table).limit(limit + 1).subquery()
    n = int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())
    return (limit, False) if n > limit else (n, True)


Rows = tuple[list[str], list[tuple[Any, ...]]]


def _fetch(conn: sa.Connection, stmt: sa.Select) -> Rows:
    result = conn.execute(stmt)
    return list(result.keys()), [tuple(r) for r in result]


def _by_keys(
    conn: sa.Connection,
    table: sa.TableClause,
    key: sa.ColumnElement,
    rows: int,
    n: int,
    rng: np.random.Generator,
) -> Rows | None:
    """Random key values between min and max (rowid or integer primary key): cheap index lookups."""
    # two queries: each is an index lookup, while min() and max() together scan (SQLite)
    lo = conn.execute(sa.select(sa.func.min(key)).select_from(table)).scalar()
    hi = conn.execute(sa.select(sa.func.max(key)).select_from(table)).scalar()
    if lo is None or hi is None:
        return None
    lo, hi = int(lo), int(hi)
    span = hi - lo + 1
    draws = min(span, math.ceil(n * 1.3 * span / max(rows, 1)) + 10)
    if draws > 50 * n:  # keys too sparse (many deletions): not worth it
        return None
    keys = np.sort(rng.choice(span, size=draws, replace=False) + lo).tolist()
    names: list[str] = []
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(keys), 900):  # stays under every driver's parameter limit
        names, got = _fetch(conn, sa.select(table).where(key.in_(keys[i : i + 900])))
        out.extend(got)
    return names, out


def sample_rows(
    conn: sa.Connection,
    table: sa.TableClause,
    kind: str,
    rows: int | None,
    primary_key: tuple[str, ...],
    int_key: bool,
    n: int,
    seed: int,
) -> Rows:
    """About n rows spread over the table; the caller trims to n at random."""
    backend = conn.dialect.name
    rng = np.random.default_rng(seed)
    everything = sa.select(table)
    if rows is not None and rows <= n:
        return _fetch(conn, everything.limit(n))
    if kind == "view" or rows is None:
        return _fetch(conn, everything.limit(n))
    if backend == "sqlite":
        # a column named rowid (or _rowid_, oid) hides the real rowid under that name: use a free alias
        names = {c.lower() for c in table.c.keys()}
        alias = next((a for a in ("rowid", "_rowid_", "oid") if a not in names), None)
        try:
            got = _by_keys(conn, table, sa.literal_column(alias), rows, n, rng) if alias else None
        except sa.exc.OperationalError:  # WITHOUT ROWID table
            got = None
        return got if got is not None else _fetch(conn, everything.limit(n))
    if backend == "postgresql":
        if rows <= 20 * n:
            # small table: a seeded random order is cheap and exact
            conn.execute(sa.select(sa.func.setseed((seed % 997) / 997)))
            return _fetch(conn, everything.order_by(sa.func.random()).limit(n))
        pct = min(100.0, 100.0 * 2 * n / rows)
        method: Callable[..., Any] = sa.func.bernoulli if rows <= 200_000 else sa.func.system
        sampled = table.tablesample(method(sa.literal_column(repr(pct))), seed=sa.literal_column(str(seed)))
        got = _fetch(conn, sa.select(sampled))
        return got if got[1] else _fetch(conn, everything.limit(n))
    if backend in ("mysql", "mariadb"):
        if int_key and len(primary_key) == 1:
            got = _by_keys(conn, table, table.c[primary_key[0]], rows, n, rng)
            if got is not None:
                return got
        # LIMIT from random offsets in ten strata: bounded reads, spread over the table
        order = [table.c[c] for c in primary_key]
        names: list[str] = []
        out: list[tuple[Any, ...]] = []
        per = math.ceil(n / 10)
        for i in range(10):
            lo = i * rows // 10
            offset = int(rng.integers(lo, max(lo + 1, (i + 1) * rows // 10 - per)))
            names, got_rows = _fetch(conn, everything.order_by(*order).limit(per).offset(offset))
            out.extend(got_rows)
        return names, out
    return _fetch(conn, everything.limit(n))
