"""Case-insensitive lookups an index can serve, per database and column.

``lower(col) IN (...)`` is correct everywhere but defeats a plain index: on a million rows it is a scan.
Many columns can answer case-insensitively through an index instead:

- MariaDB/MySQL: a column with a ``_ci`` collation (the default) compares case-insensitively, so a
  plain ``col IN (...)`` is both complete and index-served.
- PostgreSQL: a ``citext`` column (``col IN (CAST(... AS citext))``), or an expression index on
  ``lower(col)`` (``lower(col) IN (...)`` then uses it).
- SQLite: ``col COLLATE NOCASE IN (...)`` is exactly as case-insensitive as ``lower()`` (ASCII
  folding, both); an index declared NOCASE (or on a NOCASE column) serves it; an index on
  ``lower(col)`` serves ``lower(col) IN``. A plain (BINARY) index serves it too, through
  ``case_walk``: the spellings a value is stored in are found by index seeks on prefixes, one ASCII
  letter's case at a time, instead of reading the column in every row.

What a column supports is read from the catalog once per table (the caller caches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

__all__ = ["CiColumn", "ci_columns", "case_variants", "case_walk"]

CiHow = Literal["collation", "citext", "lower", "nocase", "scan"]


@dataclass(frozen=True)
class CiColumn:
    """How ``equals_ci`` runs on one column: ``how`` the predicate, ``indexed`` whether an index serves it."""

    how: CiHow
    indexed: bool = False
    walk: bool = False  # SQLite: a plain (BINARY) index on the column: case_walk finds the spellings
    eq_index: bool = False  # an index serves ``col IN (...)`` (what a column profile turns lookups into)

    def describe(self) -> str:
        if self.how == "scan":
            return "scan: lower(col) IN (...) on every row"
        if self.walk and not self.indexed:
            return f"{self.how}: index-served (case walk on the column's plain index)"
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
    binary_index: set[str] = set()
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
        elif first[2] is not None and str(first[4]).lower() == "binary":
            binary_index.add(str(first[2]))
    out = {}
    for col in columns:
        eq = col in binary_index or col in nocase_index
        if col in lower_index:
            out[col] = CiColumn("lower", True, eq_index=eq)
        else:
            out[col] = CiColumn("nocase", col in nocase_index, walk=col in binary_index, eq_index=eq)
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
        ix = col in indexed
        out[col] = (
            CiColumn("collation", ix, eq_index=ix) if coll.endswith("_ci") else CiColumn("scan", eq_index=ix)
        )
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
        ix = col in plain_index
        if type_name == "CITEXT":
            out[col] = CiColumn("citext", ix, eq_index=ix)
        elif col in lower_index:
            out[col] = CiColumn("lower", True, eq_index=ix)
        else:
            out[col] = CiColumn("scan", eq_index=ix)
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


MAX_WALK_PREFIXES = 64  # live spellings per prefix length before the walk gives way to a scan


def _successor(prefix: str) -> str | None:
    """The least string above every string that starts with ``prefix`` (code point order)."""
    if not prefix or ord(prefix[-1]) >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def case_walk(conn: sa.Connection, table: sa.TableClause, column: str, values: list[str]) -> list[str] | None:
    """The stored spellings of ``values`` that equal them ASCII-case-insensitively (as SQLite's
    NOCASE and lower() compare), found on a plain index without reading the column in every row.

    Letter by letter, each live prefix is extended by both cases of the next ASCII letter, and only
    the extensions some row starts with stay live: one statement per letter, each a few index seeks
    (``col >= p AND col < successor(p) LIMIT 1``), since a BINARY index orders by code point. Exact and
    complete: a stored spelling equal under NOCASE starts with one of the live prefixes at every
    length. None when a value has too many stored spellings to walk (the caller scans instead)."""
    col = table.c[column]
    found: list[str] = []
    for value in dict.fromkeys(v.lower() for v in values):
        live = [""]
        for ch in value:
            options = (ch, ch.upper()) if "a" <= ch <= "z" else (ch,)
            candidates = [p + o for p in live for o in options]
            if len(options) == 1:
                live = candidates  # no case to tell apart: checked with the next letter
                continue
            if len(candidates) > MAX_WALK_PREFIXES:
                return None
            probes = []
            for i, cand in enumerate(candidates):
                upper = _successor(cand)
                if upper is None:
                    return None
                probes.append(
                    sa.select(sa.literal(i).label("i"))
                    .where(col >= cand, col < upper)
                    .limit(1)
                    .subquery()
                    .select()
                )
            hits = {int(r[0]) for r in conn.execute(sa.union_all(*probes))}
            live = [c for i, c in enumerate(candidates) if i in hits]
            if not live:
                break
        found.extend(live)
    return found
