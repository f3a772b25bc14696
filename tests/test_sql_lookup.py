"""Case-insensitive lookups the database's indexes serve: the SQL the connector sends is EXPLAINed on
SQLite, PostgreSQL and MariaDB; every spelling is still found where completeness is asked for."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from pii_scan.connectors import Filter, open_source
from pii_scan.connectors.sql import SqlConnector
from pii_scan.connectors.sql_lookup import case_variants

ROWS = 3000
STORED = "ANNA.peeters@EXAMPLE.be"  # mixed case: none of the usual spellings


def _rows() -> list[tuple[int, str]]:
    return [(i, f"User{i}@Example.be") for i in range(ROWS)] + [(ROWS, STORED)]


def _captured(conn: SqlConnector, run: Callable[[], Any]) -> tuple[Any, list[tuple[str, Any]]]:
    """Run ``run`` and return its result and the SELECT statements with a WHERE it sent."""
    sent: list[tuple[str, Any]] = []

    def listen(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " WHERE " in statement.replace("\n", " "):
            sent.append((statement, params))

    sa.event.listen(conn.engine, "before_cursor_execute", listen)
    try:
        return run(), sent
    finally:
        sa.event.remove(conn.engine, "before_cursor_execute", listen)


def _found(conn: SqlConnector, table: str, flt: Filter) -> tuple[list[int], list[tuple[str, Any]]]:
    def run() -> list[int]:
        return sorted(int(v) for df in conn.select(table, [flt]) for v in df["id"])

    found, sent = _captured(conn, run)
    mine = [s for s in sent if table in s[0]]
    return found, mine


# -- SQLite --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ci") / "ci.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE nocase_col (id INTEGER PRIMARY KEY, email TEXT COLLATE NOCASE)")
    con.execute("CREATE TABLE lower_ix (id INTEGER PRIMARY KEY, email TEXT)")
    con.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, email TEXT, phone TEXT)")
    for t in ("nocase_col", "lower_ix"):
        con.executemany(f"INSERT INTO {t} VALUES (?, ?)", _rows())
    con.executemany("INSERT INTO plain VALUES (?, ?, '0470 12 34 56')", _rows())
    con.execute("CREATE INDEX ix_nocase ON nocase_col (email)")
    con.execute("CREATE INDEX ix_lower ON lower_ix (lower(email))")
    con.execute("CREATE INDEX ix_plain ON plain (email)")
    con.commit()
    con.close()
    return str(path)


def _sqlite_plan(path: str, sent: list[tuple[str, Any]]) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return " | ".join(str(r[-1]) for s, p in sent for r in con.execute("EXPLAIN QUERY PLAN " + s, p))
    finally:
        con.close()


@pytest.mark.parametrize("table", ["nocase_col", "lower_ix"])
def test_sqlite_case_insensitive_lookup_uses_the_index(sqlite_db: str, table: str) -> None:
    conn = open_source(sqlite_db)[0]
    assert isinstance(conn, SqlConnector)
    found, sent = _found(conn, table, Filter("email", "equals_ci", (STORED.lower(),)))
    assert found == [ROWS]
    plan = _sqlite_plan(sqlite_db, sent)
    assert "SEARCH" in plan and "INDEX" in plan and "SCAN" not in plan, plan
    assert "index-served" in conn.lookup_plan(table, "email")


def test_sqlite_plain_column_complete_by_default_index_only_on_request(sqlite_db: str) -> None:
    conn = open_source(sqlite_db)[0]
    assert isinstance(conn, SqlConnector)
    flt = Filter("email", "equals_ci", (STORED.lower(),))
    found, sent = _found(conn, "plain", flt)
    assert found == [ROWS]  # exhaustive: the mixed-case spelling is found, by reading the column
    assert "SCAN" in _sqlite_plan(sqlite_db, sent)
    conn.options["exhaustive"] = False
    found, sent = _found(conn, "plain", flt)
    assert found == []  # stored in an unusual mixed case
    assert "INDEX ix_plain" in _sqlite_plan(sqlite_db, sent)
    found, _ = _found(conn, "plain", Filter("email", "equals_ci", ("user7@example.be",)))
    assert found == [7]  # "User7@Example.be": capitalised local part and domain
    # digit suffixes only a scan answers: skipped when only index-served lookups are wanted
    assert _found(conn, "plain", Filter("phone", "digits_suffix", ("470123456",)))[0] == []
    conn.options["exhaustive"] = True
    assert len(_found(conn, "plain", Filter("phone", "digits_suffix", ("470123456",)))[0]) == ROWS + 1


def test_case_variants() -> None:
    got = case_variants(["jan.peeters@example.be"])
    assert {"jan.peeters@example.be", "JAN.PEETERS@EXAMPLE.BE", "Jan.Peeters@example.be"} <= set(got)
    assert len(got) == len(set(got))


# -- PostgreSQL ----------------------------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_citext_and_lower_index_are_index_served(postgres_url: str) -> None:
    eng = sa.create_engine(postgres_url)
    with eng.begin() as c:
        c.execute(sa.text("CREATE EXTENSION IF NOT EXISTS citext"))
        for t, typ in (("ci_text", "citext"), ("lower_ix", "varchar(120)"), ("plain", "text")):
            c.execute(sa.text(f"CREATE TABLE {t} (id integer PRIMARY KEY, email {typ})"))
            c.execute(sa.text(f"INSERT INTO {t} VALUES (:i, :e)"), [{"i": i, "e": e} for i, e in _rows()])
        c.execute(sa.text("CREATE INDEX ix_ci ON ci_text (email)"))
        c.execute(sa.text("CREATE INDEX ix_lower ON lower_ix (lower(email))"))
        c.execute(sa.text("CREATE INDEX ix_plain ON plain (email)"))
        c.execute(sa.text("ANALYZE"))
    conn = open_source(postgres_url)[0]
    assert isinstance(conn, SqlConnector)

    def plan(sent: list[tuple[str, Any]]) -> str:
        with eng.connect() as c:
            c.exec_driver_sql("SET enable_seqscan = off")  # an index that can serve is then used
            return " | ".join(str(r[0]) for s, p in sent for r in c.exec_driver_sql("EXPLAIN " + s, p))

    for table in ("ci_text", "lower_ix"):
        found, sent = _found(conn, table, Filter("email", "equals_ci", (STORED.lower(),)))
        assert found == [ROWS], table
        assert "Index" in plan(sent) and "Seq Scan" not in plan(sent), (table, plan(sent))
        assert "index-served" in conn.lookup_plan(table, "email")
    found, sent = _found(conn, "plain", Filter("email", "equals_ci", (STORED.lower(),)))
    assert found == [ROWS] and "Seq Scan" in plan(sent)
    conn.options["exhaustive"] = False
    found, sent = _found(conn, "plain", Filter("email", "equals_ci", ("user7@example.be",)))
    assert found == [7] and "Seq Scan" not in plan(sent)
    conn.close()
    eng.dispose()


# -- MariaDB -------------------------------------------------------------------------------------------
@pytest.mark.mysql
def test_mariadb_ci_collation_is_index_served(mysql_url: str) -> None:
    eng = sa.create_engine(mysql_url)
    with eng.begin() as c:
        c.execute(
            sa.text("CREATE TABLE ci_col (id int PRIMARY KEY, email varchar(120), INDEX ix_ci (email))")
        )
        binary = "varchar(120) COLLATE utf8mb4_bin"
        c.execute(sa.text(f"CREATE TABLE bin_col (id int PRIMARY KEY, email {binary}, INDEX ix_b (email))"))
        for t in ("ci_col", "bin_col"):
            c.execute(sa.text(f"INSERT INTO {t} VALUES (:i, :e)"), [{"i": i, "e": e} for i, e in _rows()])
    conn = open_source(mysql_url)[0]
    assert isinstance(conn, SqlConnector)

    def keys(sent: list[tuple[str, Any]]) -> list[Any]:
        with eng.connect() as c:
            return [
                r._mapping["possible_keys"] for s, p in sent for r in c.exec_driver_sql("EXPLAIN " + s, p)
            ]

    found, sent = _found(conn, "ci_col", Filter("email", "equals_ci", (STORED.lower(),)))
    assert found == [ROWS] and keys(sent) == ["ix_ci"]
    assert "index-served" in conn.lookup_plan("ci_col", "email")
    found, sent = _found(conn, "bin_col", Filter("email", "equals_ci", (STORED.lower(),)))
    assert found == [ROWS] and keys(sent) == [None]  # a case-sensitive collation: lower() scan
    conn.close()
    eng.dispose()
