"""SQL databases through SQLAlchemy: SQLite files, PostgreSQL, MariaDB/MySQL. Read-only sessions.

Tables of the default schema keep their bare name; others are ``schema.table``. Keys come from the
catalog; row counts are exact where cheap and catalog estimates otherwise.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.engine.reflection import ObjectKind

from pii_scan.connectors import sql_dialects as dialects
from pii_scan.connectors import sql_lookup as lookup
from pii_scan.connectors import sql_profile
from pii_scan.connectors.base import (
    DEFAULT_CHUNK_ROWS,
    Column,
    Connector,
    Filter,
    ForeignKey,
    Part,
    PartHits,
    TableInfo,
)
from pii_scan.connectors.walk import EXACT_COUNTS
from pii_scan.errors import SourceCorrupt, SourceError, SourceNotFound
from pii_scan.masking import mask_url

__all__ = ["SqlConnector"]

_PUNCTUATION = (" ", ".", "/", "-", "(", ")", "+")  # removed before matching digits_suffix


@dataclass
class _Ref:
    info: TableInfo
    table: sa.TableClause
    types: dict[str, Any]
    ci: dict[str, lookup.CiColumn] | None = None  # how equals_ci runs per text column (read once)
    profiles: dict[str, sql_profile.ColumnProfile | None] = dataclasses.field(default_factory=dict)


class SqlConnector(Connector):
    """A database by SQLAlchemy URL, or a ``.sqlite``/``.db`` file path (opened read-only).

    Option ``exact_counts`` (default: the ``--exact-counts`` switch, off): row counts by ``count(*)``
    everywhere; otherwise PostgreSQL's ``reltuples`` and MariaDB's ``TABLE_ROWS`` serve large tables and
    SQLite's ``max(rowid)`` (a b-tree descent, where ``count(*)`` reads the whole table), with
    ``row_count_exact`` false.
    Option ``exhaustive`` (default True): filters are complete, even where only a scan can answer
    them (``lower(col)`` on a column no index serves case-insensitively, digit suffixes, substrings).
    With ``exhaustive=False`` only what an index can serve is pushed down: ``equals``, and
    ``equals_ci`` as the spellings a value is usually stored in; scan-only filters are skipped.
    """

    source_type = "sql"

    def __init__(self, location: str, **options: Any) -> None:
        super().__init__(location, **options)
        self._engine: sa.Engine | None = None
        self._refs: dict[str, _Ref] | None = None
        self.broken: dict[str, str] = {}  # object -> why its definition cannot be read
        # views that store nothing (not materialized): a query over tables that are read themselves
        self.plain_views: set[str] = set()

    def __getstate__(self) -> dict[str, Any]:  # engines do not travel between processes
        return {**self.__dict__, "_engine": None, "_refs": None}

    @property
    def exhaustive(self) -> bool:
        return bool(self.options.get("exhaustive", True))

    @property
    def exact_counts(self) -> bool:
        """Count every table's rows exactly (``--exact-counts``) instead of reading the catalog's
        estimate where counting would read a large table."""
        option = self.options.get("exact_counts")
        return EXACT_COUNTS.get() if option is None else bool(option)

    @property
    def display_name(self) -> str:
        return mask_url(self.location) if "://" in self.location else self.location

    @property
    def _password(self) -> str | None:
        try:
            return make_url(self.location).password if "://" in self.location else None
        except sa.exc.ArgumentError:
            return None

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = dialects.create_readonly_engine(self.location, self.display_name)
        return self._engine

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A read-only connection; driver errors become one-line pii-scan errors."""
        try:
            conn = self.engine.connect()
        except sa.exc.DBAPIError as exc:
            raise dialects.connection_error(exc, self.display_name, self._password) from None
        try:
            with conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            reason = dialects.short_reason(exc, self._password)
            if "not a database" in reason or "malformed" in reason:
                raise SourceCorrupt(self.display_name, f"not a readable database: {reason}") from None
            raise SourceError(self.display_name, f"query failed: {reason}") from None

    # -- catalogue ------------------------------------------------------------------------------
    def _catalog(self) -> dict[str, _Ref]:
        if self._refs is None:
            with self.connect() as conn:
                self._refs = self._reflect(conn)
        return self._refs

    def _schemas(self, insp: sa.Inspector) -> tuple[str | None, list[str]]:
        default = insp.default_schema_name
        backend = self.engine.dialect.name
        if backend == "sqlite":
            return default, [default or "main"]
        if backend in ("mysql", "mariadb") and make_url(self.location).database:
            return default, [default] if default else []  # a MySQL "schema" is a database: the one named
        system = dialects.SYSTEM_SCHEMAS.get(backend, set())
        names = [s for s in insp.get_schema_names() if s not in system and not s.startswith("pg_")]
        return default, names

    def _qualify(self, schema: str | None, name: str, default: str | None) -> str:
        return name if schema is None or schema == default else f"{schema}.{name}"

    def _reflect(self, conn: sa.Connection) -> dict[str, _Ref]:
        insp = sa.inspect(conn)
        default, schemas = self._schemas(insp)
        backend = conn.dialect.name
        estimates = dialects.estimated_counts(conn, schemas) if backend != "sqlite" else {}
        refs: dict[str, _Ref] = {}
        # a partitioned table (or one with INHERITS children) is one logical table under the parent's
        # name: its partitions and children are not listed, and a link declared on any is the parent's
        roots = dialects.partition_roots(conn)
        partition_fks: dict[str, list[ForeignKey]] = {}
        for schema in schemas:
            arg = None if schema == default else schema
            views = set(insp.get_view_names(schema=arg))
            self.plain_views |= {self._qualify(schema, v, default) for v in views}
            if backend == "postgresql":
                views |= set(insp.get_materialized_view_names(schema=arg))
            try:
                cols = insp.get_multi_columns(schema=arg, kind=ObjectKind.ANY)
                pks = insp.get_multi_pk_constraint(schema=arg, kind=ObjectKind.ANY)
                fks = insp.get_multi_foreign_keys(schema=arg, kind=ObjectKind.ANY)
            except sa.exc.DBAPIError:  # one broken object (a view on a dropped table): read one by one
                conn.rollback()
                cols, pks, fks = self._reflect_each(conn, insp, schema, arg, views, default)
            if backend in ("mysql", "mariadb"):
                _unescape_backticks(cols, pks, fks)
            for (_s, name), columns in sorted(cols.items(), key=lambda kv: kv[0][1]):
                qname = self._qualify(schema, name, default)
                kind: Literal["view", "table"] = "view" if name in views else "table"
                types = {c["name"]: c["type"] for c in columns}
                table = sa.table(name, *[sa.column(c["name"], c["type"]) for c in columns], schema=arg)
                pk_info: Any = pks.get((arg, name)) or {}
                pk = tuple(pk_info.get("constrained_columns") or ())
                foreign = tuple(
                    ForeignKey(  # referred_schema None: the default schema (search path)
                        tuple(fk["constrained_columns"]),
                        self._qualify(
                            *roots.get(
                                (fk.get("referred_schema") or default or "", fk["referred_table"]),
                                (fk.get("referred_schema") or default, fk["referred_table"]),
                            ),
                            default,
                        ),
                        tuple(fk["referred_columns"]),
                    )
                    for fk in fks.get((arg, name), [])
                )
                if (schema, name) in roots:
                    parent = self._qualify(*roots[(schema, name)], default)
                    partition_fks.setdefault(parent, []).extend(foreign)
                    continue
                count, exact = self._count(conn, table, kind, estimates.get((schema, name)))
                info = TableInfo(
                    qname,
                    kind,
                    tuple(
                        Column(c["name"], self._type_name(c["type"]), bool(c.get("nullable", True)))
                        for c in columns
                    ),
                    count,
                    exact,
                    pk,
                    foreign,
                    schema,
                )
                refs[qname] = _Ref(info, table, types)
        for qname, extra in partition_fks.items():
            if (ref := refs.get(qname)) is not None:
                # an inheritance child may add columns: its links on them are not the parent's
                have = set(ref.info.column_names)
                extra = [fk for fk in extra if set(fk.columns) <= have]
                merged = tuple(dict.fromkeys(ref.info.foreign_keys + tuple(extra)))
                ref.info = dataclasses.replace(ref.info, foreign_keys=merged)
        return refs

    def _reflect_each(
        self, conn: sa.Connection, insp: sa.Inspector, schema: str | None, arg: str | None,
        views: set[str], default: str | None,
    ) -> tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]:
        """Columns and keys object by object; an object that cannot be read is kept in ``broken``."""
        cols: dict[Any, Any] = {}
        pks: dict[Any, Any] = {}
        fks: dict[Any, Any] = {}
        for name in sorted(set(insp.get_table_names(schema=arg)) | views):
            try:
                cols[(arg, name)] = insp.get_columns(name, schema=arg)
                pks[(arg, name)] = insp.get_pk_constraint(name, schema=arg)
                fks[(arg, name)] = insp.get_foreign_keys(name, schema=arg)
            except sa.exc.DBAPIError as exc:
                conn.rollback()
                cols.pop((arg, name), None)
                self.broken[self._qualify(schema, name, default)] = dialects.short_reason(exc, self._password)
        return cols, pks, fks

    def unreadable(self) -> dict[str, str]:
        self._catalog()
        return dict(self.broken)

    def _type_name(self, type_: Any) -> str:
        try:
            return str(type_.compile(dialect=self.engine.dialect))
        except Exception:  # noqa: BLE001 - exotic types: their class name is readable enough
            return type(type_).__name__

    def _count(
        self, conn: sa.Connection, table: sa.TableClause, kind: str, estimate: int | None
    ) -> tuple[int | None, bool]:
        if kind == "view":
            return None, False  # counting a view may run an expensive query
        if self.exact_counts:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()), True
        if conn.dialect.name == "sqlite":
            return dialects.sqlite_count(conn, table)
        if estimate is None or estimate < dialects.EXACT_BELOW:
            return dialects.bounded_count(conn, table)
        return estimate, False

    def tables(self) -> list[TableInfo]:
        return [r.info for r in self._catalog().values()]

    def _ref(self, table: str) -> _Ref:
        ref = self._catalog().get(table)
        if ref is None:
            raise SourceNotFound(self.display_name, f"no table {table!r}")
        return ref

    # -- reading --------------------------------------------------------------------------------
    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        ref = self._ref(table)
        int_key = len(ref.info.primary_key) == 1 and isinstance(
            ref.types.get(ref.info.primary_key[0]), sa.Integer
        )
        with self.connect() as conn:
            names, rows = dialects.sample_rows(
                conn, ref.table, ref.info.kind, ref.info.row_count, ref.info.primary_key, int_key, n, seed
            )
        if len(rows) > n:
            rng = np.random.default_rng(seed)
            rows = [rows[i] for i in np.sort(rng.choice(len(rows), size=n, replace=False))]
        return pd.DataFrame(rows, columns=names or ref.info.column_names)

    def _stream(self, stmt: sa.Select, columns: list[str], chunk_rows: int) -> Iterator[pd.DataFrame]:
        """Server-side cursor where the driver has one; chunks of ``chunk_rows`` rows."""
        with self.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=chunk_rows).execute(stmt)
            names = list(result.keys()) or columns
            for part in result.partitions(chunk_rows):
                yield pd.DataFrame([tuple(r) for r in part], columns=names)

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        ref = self._ref(table)
        yield from self._stream(sa.select(ref.table), ref.info.column_names, chunk_rows)

    def select(
        self, table: str, filters: Sequence[Filter], chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> Iterator[pd.DataFrame]:
        ref = self._ref(table)
        clauses = [c for f in filters if (c := self._predicate(ref, f)) is not None]
        if not clauses:
            return
        stmt = sa.select(ref.table).where(sa.or_(*clauses))
        yield from self._stream(stmt, ref.info.column_names, chunk_rows)

    def parts(self, table: str, rows_per_part: int) -> list[Part] | None:
        """Ranges of an integer primary key (SQLite: the rowid); see ``pii_scan.connectors.parts``."""
        from pii_scan.connectors.parts import sql_parts

        return sql_parts(self, table, rows_per_part)

    def select_part(
        self, table: str, filters: Sequence[Filter], part: Part, chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> PartHits:
        from pii_scan.connectors.parts import sql_select_part

        return sql_select_part(self, table, filters, part, chunk_rows)

    def row_position(self, table: str, key: dict[str, Any]) -> int | None:
        """Rows with a smaller single-column primary key, plus one: an index-served count."""
        ref = self._ref(table)
        if len(ref.info.primary_key) != 1 or set(key) != set(ref.info.primary_key):
            return None
        col = ref.table.c[ref.info.primary_key[0]]
        stmt = sa.select(sa.func.count()).select_from(ref.table).where(col < key[col.name])
        with self.connect() as conn:
            return int(conn.execute(stmt).scalar_one()) + 1

    def _ci(self, ref: _Ref) -> dict[str, lookup.CiColumn]:
        if ref.ci is None:
            with self.connect() as conn:
                ref.ci = lookup.ci_columns(conn, ref.table.schema, ref.table.name, ref.types)
        return ref.ci

    def _profile(self, ref: _Ref, column: str) -> sql_profile.ColumnProfile | None:
        """The column's notation and case profile (see :mod:`sql_profile`), once per connector."""
        if column not in ref.profiles:
            path = dialects.sqlite_path(self.location)
            source = os.path.abspath(path) if path else self.display_name
            with self.connect() as conn:
                ref.profiles[column] = sql_profile.cached_profile(conn, source, path, ref.table, column)
        return ref.profiles[column]

    def _profiled(self, ref: _Ref, column: str) -> sql_profile.ColumnProfile | None:
        """A profile where it makes a complete lookup index-served: an index answers ``col IN``."""
        if not self.exhaustive or not self.options.get("profiles", True):
            return None
        how = self._ci(ref).get(column)
        return self._profile(ref, column) if how is not None and how.eq_index else None

    def lookup_plan(self, table: str, column: str) -> str:
        """How ``equals_ci`` on ``column`` runs: index-served or a scan (for benchmarks and docs)."""
        how = self._ci(self._ref(table)).get(column)
        return how.describe() if how else "scan: not a text column"

    def _predicate(self, ref: _Ref, flt: Filter) -> sa.ColumnElement[bool] | None:
        """One filter as SQL with bound parameters; None when no value can match the column type."""
        if flt.column not in ref.types:
            raise SourceNotFound(self.display_name, f"no column {flt.column!r} in {ref.info.name!r}")
        col = ref.table.c[flt.column]
        type_ = ref.types[flt.column]
        is_text = isinstance(type_, sa.String)
        text = col if is_text else sa.cast(col, sa.String())
        values = [v for v in flt.values if v != ""]
        if not values:
            return None
        if flt.op == "equals":
            if isinstance(type_, sa.Integer):  # compare as numbers: keeps the index usable
                ints = [int(v) for v in values if v.strip().lstrip("+-").isdigit()]
                return col.in_(ints) if ints else None
            return text.in_(values)
        if flt.op == "equals_ci":
            how = self._ci(ref).get(flt.column) if is_text else None
            if how is None:
                return sa.func.lower(text).in_([v.lower() for v in values]) if self.exhaustive else None
            prof = self._profiled(ref, flt.column) if not how.indexed else None
            if prof is not None and sql_profile.case_served(prof, values):
                # no stored spelling of these values is unusual: their usual spellings, by index
                return lookup.ci_predicate(col, lookup.CiColumn("scan"), values, exhaustive=False)
            if how.walk and not how.indexed and self.exhaustive:
                # complete without a scan: the stored spellings, found on the plain index
                with self.connect() as conn:
                    spellings = lookup.case_walk(conn, ref.table, flt.column, values)
                if spellings is not None:
                    return col.in_(spellings) if spellings else None
            return lookup.ci_predicate(col, how, values, self.exhaustive)
        if not self.exhaustive:  # digit suffixes and substrings: only a scan answers them
            return None
        if flt.op == "digits_suffix":
            digits = ["".join(ch for ch in v if ch.isdigit()) for v in values]
            digits = [d for d in digits if d]
            if not digits:
                return None
            if is_text and (prof := self._profiled(ref, flt.column)) is not None:
                notations = sql_profile.notation_candidates(prof, digits)
                if notations is not None:  # the values of the column's shapes ending with the digits
                    return col.in_(notations) if notations else None
            stripped: Any = text
            for ch in _PUNCTUATION:
                stripped = sa.func.replace(stripped, ch, "")
            # The column's last character is the suffix's last digit or punctuation: a cheap test that
            # spares seven replace() calls on nine rows in ten (the scan reads the column all the same).
            backend = self.engine.dialect.name
            if backend in ("sqlite", "postgresql"):
                trimmed = sa.func.rtrim(text, "".join(_PUNCTUATION))
                # SQLite has no right(); PostgreSQL's substr() takes no negative start
                last: Any = sa.func.substr(trimmed, -1) if backend == "sqlite" else sa.func.right(trimmed, 1)
                return sa.or_(*[sa.and_(last == d[-1], stripped.like("%" + d)) for d in digits])
            tail = sa.func.right(text, 1)
            return sa.or_(
                *[sa.and_(tail.in_([d[-1], *_PUNCTUATION]), stripped.like("%" + d)) for d in digits]
            )
        if flt.op == "contains_ci":
            return sa.or_(
                *[sa.func.lower(text).like(f"%{_escape_like(v.lower())}%", escape="!") for v in values]
            )
        raise ValueError(f"unknown filter op {flt.op!r}")

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _escape_like(value: str) -> str:
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _unescape_backticks(cols: dict[Any, Any], pks: dict[Any, Any], fks: dict[Any, Any]) -> None:
    """SQLAlchemy reads MySQL/MariaDB column names from SHOW CREATE TABLE and leaves a backtick in a
    name doubled (``e``mail`` for ``e`mail``): every statement on that column then names a column
    that does not exist. Undo the doubling in the reflected names, in place."""

    def fix(names: Any) -> list[str]:
        return [n.replace("``", "`") for n in names or ()]

    for columns in cols.values():
        for c in columns:
            c["name"] = c["name"].replace("``", "`")
    for pk in pks.values():
        if pk:
            pk["constrained_columns"] = fix(pk.get("constrained_columns"))
    for keys in fks.values():
        for fk in keys:
            fk["constrained_columns"] = fix(fk.get("constrained_columns"))
            fk["referred_columns"] = fix(fk.get("referred_columns"))
