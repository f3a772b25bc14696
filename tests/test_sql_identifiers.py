"""Hostile SQL identifiers: every statement quotes names by the dialect's own quoting (issue 11)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.sql import SqlConnector

TABLE = 'we"ird;tab\'le'
COLUMN = 'e"m;ai\'l x'
INDEX = "ix\"; DROP TABLE t; --'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@pytest.fixture()
def weird_db(tmp_path: Path) -> Path:
    path = tmp_path / "w.sqlite"
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE {_q(TABLE)} (id INTEGER PRIMARY KEY, {_q(COLUMN)} TEXT, naam TEXT)")
    con.execute(f"CREATE INDEX {_q(INDEX)} ON {_q(TABLE)} ({_q(COLUMN)} COLLATE NOCASE)")
    con.execute(f"CREATE INDEX {_q(INDEX + ' 2')} ON {_q(TABLE)} (naam)")
    con.executemany(
        f"INSERT INTO {_q(TABLE)} ({_q(COLUMN)}, naam) VALUES (?, ?)",
        [(f"jan{i}@example.be", f"Jan Peeters{i}") for i in range(50)],
    )
    con.commit()
    con.close()
    return path


def test_connector_reads_hostile_names(weird_db: Path) -> None:
    conn = SqlConnector(str(weird_db))
    (info,) = conn.tables()
    assert info.name == TABLE and info.row_count == 50
    assert COLUMN in info.column_names
    assert len(conn.sample(TABLE, n=10)) == 10
    # the index list and each index's columns are read through quoted PRAGMAs
    assert conn.lookup_plan(TABLE, COLUMN) == "nocase: index-served"
    conn.close()


def test_cli_over_hostile_names(weird_db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["sources", "--format", "json", str(weird_db)])
    assert res.exit_code == 0, res.output
    (table,) = json.loads(res.stdout)["sources"][0]["tables"]
    assert table["name"] == TABLE and table["row_count"] == 50
    res = runner.invoke(main, ["scan", "--format", "json", str(weird_db)])
    assert res.exit_code == 0, res.output
    assert {f["column"] for f in json.loads(res.stdout)} >= {COLUMN, "naam"}
    res = runner.invoke(main, ["find", "--format", "json", "--id", f"{TABLE}.id=3", str(weird_db)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["complete"] and [r["key"] for r in out["records"]] == [{"id": 3}]
    res = runner.invoke(main, ["find", "--format", "json", "--email", "JAN7@example.be", str(weird_db)])
    assert res.exit_code == 0, res.output
    assert [r["key"] for r in json.loads(res.stdout)["records"]] == [{"id": 8}]
    assert res.stderr == ""


def test_failing_statement_is_one_line_on_stderr(weird_db: Path) -> None:
    con = sqlite3.connect(weird_db)  # a view whose table is gone: every statement on it fails
    con.execute("CREATE TABLE gone (email TEXT)")
    con.execute('CREATE VIEW "v;iew" AS SELECT email FROM gone')
    con.execute("DROP TABLE gone")
    con.commit()
    con.close()
    res = CliRunner().invoke(main, ["find", "--format", "json", "--email", "jan7@example.be", str(weird_db)])
    assert res.exit_code == 1, res.output
    assert not json.loads(res.stdout)["complete"]
    errors = res.stderr.splitlines()
    assert len(errors) == 1, res.stderr
    assert errors[0].startswith(f"error: {weird_db}: ") and "v;iew" in errors[0]
    assert "Traceback" not in res.output


@pytest.mark.parametrize("server", ["postgres_url", "mysql_url"])
def test_server_reads_hostile_names(server: str, request: pytest.FixtureRequest) -> None:
    """PostgreSQL and MariaDB: catalog, counts, sampling, lookups and positions over hostile names."""
    import sqlalchemy as sa

    from pii_scan.connectors.base import Filter

    url: str = request.getfixturevalue(server)
    eng = sa.create_engine(url)
    q = eng.dialect.identifier_preparer.quote_identifier
    lowered = f"lower({q(COLUMN)})" if eng.dialect.name == "postgresql" else q(COLUMN)
    with eng.begin() as c:
        c.exec_driver_sql(f"CREATE TABLE {q(TABLE)} (id INTEGER PRIMARY KEY, {q(COLUMN)} VARCHAR(100))")
        c.exec_driver_sql(f"CREATE INDEX {q(INDEX)} ON {q(TABLE)} ({lowered})")
        c.execute(
            sa.text(f"INSERT INTO {q(TABLE)} VALUES (:i, :e)"),
            [{"i": i, "e": f"jan{i}@example.be"} for i in range(30)],
        )
    eng.dispose()
    conn = SqlConnector(url)
    (info,) = [t for t in conn.tables() if t.name == TABLE]
    assert info.row_count == 30
    assert len(conn.sample(TABLE, n=10)) == 10
    assert conn.lookup_plan(TABLE, COLUMN).endswith(": index-served")  # the index on a quoted name is read
    found = list(conn.select(TABLE, [Filter(COLUMN, "equals_ci", ("JAN3@example.be",))]))
    assert [int(i) for f in found for i in f["id"]] == [3]
    assert conn.row_position(TABLE, {"id": 5}) == 6
    conn.close()


def test_bound_values_never_reach_an_error_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from pii_scan.connectors.sql_dialects import create_readonly_engine

    db = tmp_path / "p.sqlite"
    sqlite3.connect(db).executescript("CREATE TABLE t (email TEXT);")
    engine = create_readonly_engine(str(db), "p.sqlite")
    with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as err:
        conn.execute(sa.text("SELECT * FROM missing WHERE email = :e"), {"e": "helene@example.be"})
    assert "helene@example.be" not in str(err.value)
