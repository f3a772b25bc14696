"""Case-insensitive lookups an index can serve, per database and column.

``lower(col) IN (...)`` is correct everywhere but defeats a plain index: on a million rows it is a scan.
Many columns can answer case-insensitively through an index instead:

- MariaDB/MySQL: a column with a ``_ci`` collation (the default) compares case-insensitively, so a
  plain ``col IN (...)`` is both complete and index-served.
- PostgreSQL: a ``citext`` column (``col IN (CAST(... AS citext))``), or an expression index on
  ``lower(col)`` (``lower(col) IN (...)`` then uses it).
- SQLite: ``col COLLATE NOCASE IN (...)`` is exactly as case-insensitive as ``lower()`` (ASCII
  folding, both); an index declared NOCASE (or on a NOCASE column) serves it; an index on
  ``lower(col)`` serves ``lower(col) IN``.

What a column supports is read from the catalog once per table (the caller caches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

__all__ = ["CiColumn", "ci_columns", "case_variants"]

CiHow = Literal["collation", "citext", "lower", "nocase", "scan"]


@dataclass(frozen=True)
class CiColumn:
    """How ``equals_ci`` runs on one column: ``how`` the predicate, ``indexed`` whether an index serves it."""

    how: CiHow
    indexed: bool = False

    def describe(self) -> str:
        if self.how == "scan":
            return "scan: lower(col) IN (...) on every row"
        served = "index-served" if self.indexed else "no usable index: scan of one column"
        return f"{self.how}: {served}"


class _Citext(sa.types.UserDefinedType[str]):
    """Bound values cast to citext, so ``citext = value`` compares case-insensitively."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "citext"


CITEXT = _Citext()


def case_variants(values: list[str]) -> list[str]:
    """The spellings a value is most often stored in: as given, lower, upper, capitalised, title case;
    for an email also the local part's spellings with the domain's (``Jan.Peeters@Example.be``)."""
    out: dict[str, None] = {}
    for v in values:
        forms = [v, v.lower(), v.upper(), v.capitalize(), v.title()]
        if "@" in v:
            local, _, domain = v.rpartition("@")
            locals_ = (local, local.lower(), local.title(), local.capitalize())
            domains = (domain, domain.lower(), domain.capitalize())
            forms += [f"{lp}@{dp}" for lp in locals_ for dp in domains]
        for f in forms:
            out.setdefault(f, None)
    return list(out)


def _lower_target(expr: str) -> str | None:
    """The column of an index expression ``lower(col)`` / ``lower((col)::text)``, else None."""
    # a quoted name may hold anything, with its double quotes doubled (``"we""ird (x)"``)
    m = re.match(r'^\s*lower\(\s*\(*\s*(?:"((?:[^"]|"")+)"|([^"():]+?))\s*\)*(?:::[\w ]+)?\s*\)', expr, re.I)
    if not m:
        return None
    return m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2)


def _sqlite(conn: sa.Connection, table: str, columns: list[str]) -> dict[str, CiColumn]:
    nocase_index: set[str] = set()
    lower_index: set[str] = set()
    # PRAGMA takes no bound parameters: every name goes through the dialect's own quoting (always
    # quoted, so a name holding quotes, a semicolon or spaces stays one identifier)
    quote = conn.dialect.identifier_preparer.quote_identifier
    for row in conn.exec_driver_sql(f"PRAGMA index_list({quote(table)})").fetchall():
        index = str(row[1])
        if row[4] if len(row) > 4 else 0:  # a partial index serves only its WHERE
            continue
        first = next((r for r in conn.exec_driver_sql(f"PRAGMA index_xinfo({quote(index)})") if r[5]), None)
        if first is None:
            continue
        if first[1] == -2:  # an expression: read it from the index's SQL
            sql = conn.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n"), {"n": index}
            ).scalar()
            inner = str(sql or "").split("(", 1)[-1]
            if (col := _lower_target(inner)) is not None:
                lower_index.add(col)
        elif first[2] is not None and str(first[4]).lower() == "nocase":
            nocase_index.add(str(first[2]))
    out = {}
    for col in columns:
        if col in lower_index:
            out[col] = CiColumn("lower", True)
        else:
            out[col] = CiColumn("nocase", col in nocase_index)
    return out


def _mysql(conn: sa.Connection, schema: str | None, table: str, columns: list[str]) -> dict[str, CiColumn]:
    where_schema = "TABLE_SCHEMA = :s" if schema else "TABLE_SCHEMA = DATABASE()"
    params = {"t": table, "s": schema}
    collations: dict[str, Any] = dict(
        conn.execute(
            sa.text(
                f"SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                f"WHERE {where_schema} AND TABLE_NAME = :t"
            ),
            params,
        ).fetchall()
    )
    indexed = {
        r[0]
        for r in conn.execute(
            sa.text(
                f"SELECT COLUMN_NAME FROM information_schema.STATISTICS "
                f"WHERE {where_schema} AND TABLE_NAME = :t AND SEQ_IN_INDEX = 1"
            ),
            params,
        )
    }
    out = {}
    for col in columns:
        coll = str(collations.get(col) or "").lower()
        out[col] = CiColumn("collation", col in indexed) if coll.endswith("_ci") else CiColumn("scan")
    return out


def _postgres(
    conn: sa.Connection, schema: str | None, table: str, columns: list[str], types: dict[str, Any]
) -> dict[str, CiColumn]:
    rows = conn.execute(
        sa.text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = :t "
            "AND schemaname = COALESCE(CAST(:s AS text), current_schema())"
        ),
        {"t": table, "s": schema},
    ).fetchall()
    lower_index: set[str] = set()
    plain_index: set[str] = set()
    for (definition,) in rows:
        if " WHERE " in definition:  # partial index: serves only its predicate
            continue
        m = re.search(r"USING \w+ \((.*)\)\s*$", definition)
        if not m:
            continue
        keys = m.group(1)
        if (col := _lower_target(keys)) is not None:
            lower_index.add(col)
        else:
            first = keys.split(",", 1)[0].strip().split(" ", 1)[0].strip('"')
            plain_index.add(first)
    out = {}
    for col in columns:
        type_name = type(types.get(col)).__name__.upper()
        if type_name == "CITEXT":
            out[col] = CiColumn("citext", col in plain_index)
        elif col in lower_index:
            out[col] = CiColumn("lower", True)
        else:
            out[col] = CiColumn("scan")
    return out


def ci_columns(
    conn: sa.Connection, schema: str | None, table: str, types: dict[str, Any]
) -> dict[str, CiColumn]:
    """How each text column of one table answers a case-insensitive lookup (one catalog read)."""
    columns = [c for c, t in types.items() if isinstance(t, sa.String) or type(t).__name__ == "CITEXT"]
    backend = conn.dialect.name
    if not columns:
        return {}
    if backend == "sqlite":
        return _sqlite(conn, table, columns)
    if backend in ("mysql", "mariadb"):
        return _mysql(conn, schema, table, columns)
    if backend == "postgresql":
        return _postgres(conn, schema, table, columns, types)
    return {c: CiColumn("scan") for c in columns}


def ci_predicate(
    col: sa.ColumnElement[Any], how: CiColumn, values: list[str], exhaustive: bool
) -> sa.ColumnElement[bool] | None:
    """The ``equals_ci`` predicate on a text column, the index-friendly form where there is one."""
    lowered = sorted({v.lower() for v in values})
    if how.how == "nocase" and not how.indexed and not exhaustive:
        how = CiColumn("scan")  # no NOCASE index: a plain index may still serve the usual spellings
    if how.how in ("collation", "nocase", "citext"):
        target: Any = sa.collate(col, "NOCASE") if how.how == "nocase" else col
        given = lowered if how.how == "nocase" else sorted(set(values) | set(lowered))
        if how.how == "citext":
            return col.in_([sa.cast(sa.literal(v), CITEXT) for v in given])
        return target.in_(given)
    if how.how == "lower":
        return sa.func.lower(col).in_(lowered)
    if exhaustive:  # complete: every spelling, at the price of reading the column in every row
        return sa.func.lower(col).in_(lowered)
    return col.in_(case_variants(sorted(set(values) | set(lowered))))
