"""A source object that fails during a lookup makes the result and the package incomplete (issue 10)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main

EMAIL = "an.bosmans@example.be"


@pytest.fixture()
def broken_view_db(tmp_path: Path) -> str:
    """A database whose view points at a table that was dropped: every read of it fails."""
    path = tmp_path / "crm.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT)")
    con.execute("INSERT INTO customers VALUES (1, ?, 'An Bosmans'), (2, 'b@example.be', 'Bo Bo')", (EMAIL,))
    con.execute("CREATE TABLE legacy (email TEXT)")
    con.execute("CREATE VIEW contacts AS SELECT customers.email, legacy.email AS old FROM customers, legacy")
    con.execute("DROP TABLE legacy")
    con.commit()
    con.close()
    return str(path)


def test_a_broken_view_marks_the_search_incomplete_and_the_rest_is_searched(broken_view_db: str) -> None:
    res = CliRunner().invoke(main, ["find", broken_view_db, "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["complete"] is False
    assert [r["table"] for r in out["records"]] == ["customers"]  # the readable table still answers
    (src,) = out["sources"]
    assert src["failed_tables"] == ["contacts"] and "contacts" in src["error"]
    (line,) = res.stderr.splitlines()  # and one line on stderr says so, not only the JSON
    assert line.startswith(f"error: {src['source']}: ") and "contacts" in line


def test_a_broken_view_makes_the_package_incomplete_and_named(broken_view_db: str, tmp_path: Path) -> None:
    pkg = tmp_path / "p.zip"
    res = CliRunner().invoke(main, ["export", broken_view_db, "--email", EMAIL, "--out", str(pkg)])
    assert res.exit_code == 1, res.output
    manifest = json.loads(zipfile.ZipFile(pkg).read("manifest.json"))
    assert manifest["complete"] is False
    assert [s["failed_tables"] for s in manifest["sources"]] == [["contacts"]]


def test_a_broken_view_is_a_named_failure_of_a_scan(broken_view_db: str) -> None:
    from pii_scan.discovery import scan

    report = scan([broken_view_db])
    assert [(f.table, "legacy" in f.message) for f in report.failures] == [("contacts", True)]
    assert {f.table for f in report.fields} == {"customers"}


def test_an_unpopulated_materialized_view_makes_the_search_incomplete(postgres_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE customers (id int PRIMARY KEY, email text)"))
        conn.execute(sa.text("INSERT INTO customers VALUES (1, :e)"), {"e": EMAIL})
        conn.execute(sa.text("CREATE MATERIALIZED VIEW mailing AS SELECT email FROM customers WITH NO DATA"))
    engine.dispose()
    res = CliRunner().invoke(main, ["find", postgres_url, "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["complete"] is False
    assert [r["table"] for r in out["records"]] == ["customers"]
    assert out["sources"][0]["failed_tables"] == ["mailing"]
    assert "not been populated" in out["sources"][0]["error"]
    (line,) = res.stderr.splitlines()
    assert line.startswith("error: ") and "mailing" in line and "not been populated" in line
