"""SQLite connector: catalog, sampling by rowid, streaming, pushed-down filters, read-only."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa

from pii_scan.connectors import Filter, connector_for, open_source
from pii_scan.connectors.sql import SqlConnector
from pii_scan.errors import SourceCorrupt, SourceNotFound


@pytest.fixture()
def crm(tmp_path) -> str:
    path = tmp_path / "crm.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, phone TEXT,
                                national_number TEXT);
        CREATE TABLE contracts (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
                                iban TEXT, amount NUMERIC);
        CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
        CREATE VIEW active AS SELECT id, name FROM customers WHERE id % 2 = 0;
        """
    )
    db.executemany(
        "INSERT INTO customers VALUES (?, ?, ?, ?, ?)",
        [
            (i, f"Klant {i}", f"klant{i}@example.be", f"+32 (0)470/{i:06d}", f"85.07.30-{i:03d}.{i % 97:02d}")
            for i in range(1, 3001)
        ],
    )
    db.executemany(
        "INSERT INTO contracts VALUES (?, ?, ?, ?)",
        [(i, i, f"BE68 5390 0754 {i:04d}", i) for i in range(1, 501)],
    )
    db.executemany("INSERT INTO tags VALUES (?, ?)", [(f"t{i}", f"Label {i}") for i in range(50)])
    db.commit()
    db.close()
    return str(path)


def snapshot(path: str) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest(), os.stat(path).st_mtime_ns


def test_catalog(crm):
    conn = connector_for(crm)
    assert isinstance(conn, SqlConnector)
    tables = {t.name: t for t in conn.tables()}
    assert set(tables) == {"customers", "contracts", "tags", "active"}
    assert tables["customers"].row_count == 3000 and tables["customers"].row_count_exact
    assert tables["customers"].primary_key == ("id",)
    fk = tables["contracts"].foreign_keys[0]
    assert (fk.columns, fk.ref_table, fk.ref_columns) == (("customer_id",), "customers", ("id",))
    assert tables["active"].kind == "view"
    assert [c.type for c in tables["contracts"].columns][:2] == ["INTEGER", "INTEGER"]


def test_sample_spread_deterministic_and_fallbacks(crm):
    conn = open_source(crm)[0]
    a = conn.sample("customers", n=100, seed=7)
    assert len(a) == 100 and a["id"].is_unique
    assert a["id"].min() < 300 and a["id"].max() > 2700  # random rowids, not the first rows
    assert a.equals(conn.sample("customers", n=100, seed=7))
    assert not a.equals(conn.sample("customers", n=100, seed=8))
    assert len(conn.sample("tags", n=10)) == 10  # WITHOUT ROWID: LIMIT fallback
    assert len(conn.sample("active", n=10)) == 10  # view
    assert len(conn.sample("contracts", n=1000)) == 500  # small table: everything


def test_iter_rows_chunks(crm):
    conn = connector_for(crm)
    chunks = list(conn.iter_rows("customers", chunk_rows=700))
    assert [len(c) for c in chunks] == [700, 700, 700, 700, 200]
    assert list(chunks[0].columns) == ["id", "name", "email", "phone", "national_number"]


def test_select_pushed_down(crm):
    conn = connector_for(crm)

    def ids(*filters: Filter, table: str = "customers") -> list[int]:
        frames = list(conn.select(table, list(filters), chunk_rows=50))
        return sorted(pd.concat(frames)["id"].tolist()) if frames else []

    assert ids(Filter("email", "equals", ("klant12@example.be",))) == [12]
    assert ids(Filter("email", "equals_ci", ("KLANT13@EXAMPLE.BE".lower(),))) == [13]
    assert ids(Filter("phone", "digits_suffix", ("470000014",))) == [14]
    assert ids(Filter("national_number", "digits_suffix", ("850730015",))) == []
    assert ids(Filter("national_number", "digits_suffix", ("3001515",))) == [15]
    assert ids(Filter("name", "contains_ci", ("klant 1234",))) == [1234]
    assert ids(Filter("name", "contains_ci", ("100%",))) == []  # % is escaped, not a wildcard
    assert ids(Filter("id", "equals", ("16", "not-a-number"))) == [16]
    assert ids(Filter("id", "digits_suffix", ("2999",))) == [2999]  # integer column cast to text
    assert ids(Filter("email", "equals", ("klant1@example.be",)), Filter("id", "equals", ("2",))) == [1, 2]
    assert ids(Filter("iban", "digits_suffix", ("07540042",)), table="contracts") == [42]
    with pytest.raises(SourceNotFound, match="no column"):
        list(conn.select("customers", [Filter("nope", "equals", ("1",))]))
    with pytest.raises(SourceNotFound, match="no table"):
        conn.sample("nope")


def test_source_never_changes_and_writes_fail(crm):
    before = snapshot(crm)
    conn = connector_for(crm)
    conn.tables()
    conn.sample("customers", n=10)
    list(conn.iter_rows("customers"))
    list(conn.select("customers", [Filter("name", "contains_ci", ("klant",))]))
    conn.fingerprint("customers")
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        with conn.engine.begin() as c:
            c.execute(sa.text("DELETE FROM customers"))
    conn.close()
    assert snapshot(crm) == before
    assert not os.path.exists(crm + "-journal") and not os.path.exists(crm + "-wal")


def test_sqlite_url_and_errors(crm, tmp_path):
    conn = open_source(f"sqlite:///{crm}")[0]
    assert "customers" in [t.name for t in conn.tables()]
    with pytest.raises(SourceNotFound):
        open_source(f"sqlite:///{tmp_path}/missing.db")[0].tables()
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(SourceCorrupt, match="not a readable database") as err:
        connector_for(str(bad)).tables()
    assert "\n" not in str(err.value)


def test_fingerprint_follows_changes(crm):
    fp = connector_for(crm).fingerprint("customers")
    assert fp["row_count"] == 3000 and ["email", "TEXT"] in fp["columns"]
    db = sqlite3.connect(crm)
    db.execute("DELETE FROM customers WHERE id = 1")
    db.commit()
    db.close()
    assert connector_for(crm).fingerprint("customers")["row_count"] == 2999
