"""MariaDB/MySQL connector against the real server (``mysql_url`` fixture: a fresh database)."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from pii_scan.connectors import Filter, open_source
from pii_scan.errors import ConnectionFailed, SourceNotFound

pytestmark = pytest.mark.mysql

STATEMENTS = [
    "CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(80) NOT NULL, "
    "email VARCHAR(120), phone VARCHAR(40), birth_date DATE) ENGINE=InnoDB",
    "CREATE TABLE contracts (id INT PRIMARY KEY, customer_id INT, iban VARCHAR(40), "
    "FOREIGN KEY (customer_id) REFERENCES customers(id)) ENGINE=InnoDB",
    "CREATE TABLE weblog (ts DATETIME, username VARCHAR(40), ip VARCHAR(40)) ENGINE=InnoDB",  # no key
    "CREATE VIEW adults AS SELECT id, name FROM customers WHERE birth_date < '2006-01-01'",
]


@pytest.fixture(scope="module")
def my(mysql_url: str) -> str:
    admin = sa.create_engine(mysql_url)
    with admin.begin() as conn:
        for stmt in STATEMENTS:
            conn.exec_driver_sql(stmt)
        conn.execute(
            sa.text("INSERT INTO customers (name, email, phone, birth_date) VALUES (:n, :e, :p, :b)"),
            [
                {
                    "n": f"Klant {i}",
                    "e": f"klant{i}@example.be",
                    "p": f"+32 470 {i:06d}",
                    "b": f"19{50 + i % 50}-01-01",
                }
                for i in range(1, 20001)
            ],
        )
        conn.execute(
            sa.text("INSERT INTO contracts VALUES (:i, :i, :iban)"),
            [{"i": i, "iban": f"BE68 5390 0754 {i:04d}"} for i in range(1, 301)],
        )
        conn.execute(
            sa.text("INSERT INTO weblog VALUES ('2024-01-01 10:00:00', :u, :ip)"),
            [{"u": f"user{i}", "ip": f"10.0.{i // 250}.{i % 250}"} for i in range(15000)],
        )
        conn.exec_driver_sql("ANALYZE TABLE customers, contracts, weblog")
    admin.dispose()
    return mysql_url


def content(url: str) -> tuple:
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        out = tuple(
            conn.execute(sa.text(f"CHECKSUM TABLE {t}")).one()[1]
            for t in ("customers", "contracts", "weblog")
        )
    eng.dispose()
    return out


def test_catalog(my):
    conn = open_source(my)[0]
    tables = {t.name: t for t in conn.tables()}
    assert set(tables) == {"customers", "contracts", "weblog", "adults"}  # this database only, unqualified
    cust = tables["customers"]
    assert cust.primary_key == ("id",)
    assert {c.name: c.type for c in cust.columns}["email"] == "VARCHAR(120)"
    assert not cust.row_count_exact and cust.row_count == pytest.approx(20000, rel=0.5)  # InnoDB estimate
    assert tables["contracts"].row_count == 300 and tables["contracts"].row_count_exact
    fk = tables["contracts"].foreign_keys[0]
    assert (fk.columns, fk.ref_table, fk.ref_columns) == (("customer_id",), "customers", ("id",))
    assert tables["adults"].kind == "view"


def test_sample(my):
    conn = open_source(my)[0]
    s = conn.sample("customers", n=100, seed=3)  # random primary-key values
    assert len(s) == 100 and s["id"].is_unique
    assert s["id"].min() < 4000 and s["id"].max() > 16000
    assert s.equals(conn.sample("customers", n=100, seed=3))
    w = conn.sample("weblog", n=100, seed=3)  # no key: LIMIT from random offsets
    assert len(w) == 100 and w["username"].is_unique
    nums = w["username"].str.removeprefix("user").astype(int)
    assert nums.min() < 1500 and nums.max() > 10000  # strata follow the (estimated) count
    assert len(conn.sample("adults", n=5)) == 5


def test_iter_rows_and_select(my):
    conn = open_source(my)[0]
    assert [len(c) for c in conn.iter_rows("contracts", chunk_rows=128)] == [128, 128, 44]

    def ids(table: str, *filters: Filter) -> list[int]:
        frames = list(conn.select(table, list(filters)))
        return sorted(pd.concat(frames)["id"].tolist()) if frames else []

    assert ids("customers", Filter("email", "equals", ("klant77@example.be",))) == [77]
    assert ids("customers", Filter("name", "equals_ci", ("klant 78",))) == [78]
    assert ids("customers", Filter("phone", "digits_suffix", ("470000079",))) == [79]
    assert ids("customers", Filter("id", "digits_suffix", ("19999",))) == [19999]
    assert ids("customers", Filter("name", "contains_ci", ("KLANT 1999_",))) == []  # _ escaped
    assert ids("customers", Filter("name", "contains_ci", ("KLANT 19999",))) == [19999]
    assert ids("contracts", Filter("iban", "digits_suffix", ("07540042",))) == [42]
    with pytest.raises(SourceNotFound):
        list(conn.select("customers", [Filter("nope", "equals", ("1",))]))


def test_read_only_and_unchanged(my):
    before = content(my)
    conn = open_source(my)[0]
    conn.tables()
    conn.sample("customers", n=10)
    list(conn.iter_rows("weblog", chunk_rows=5000))
    list(conn.select("customers", [Filter("name", "contains_ci", ("klant 1",))]))
    with pytest.raises(sa.exc.DBAPIError, match="READ ONLY"):
        with conn.engine.begin() as c:
            c.execute(sa.text("UPDATE customers SET name = 'x' WHERE id = 1"))
    conn.close()
    assert content(my) == before


def test_connection_errors_are_one_masked_line(my):
    url = make_url(my)
    cases = [
        (url.set(password="wrongpassword9"), "Access denied"),  # bad password (root has none)
        (url.set(port=1, password="wrongpassword9"), "Can't connect"),  # refused
        (url.set(database="does_not_exist_here"), "Unknown database"),
    ]
    for bad, reason in cases:
        with pytest.raises(ConnectionFailed) as err:
            open_source(bad.render_as_string(hide_password=False))[0].tables()
        msg = str(err.value)
        assert msg.startswith(bad.render_as_string(hide_password=True))  # user:***@host when a password
        assert reason in msg and "wrongpassword9" not in msg and "\n" not in msg and len(msg) < 400
