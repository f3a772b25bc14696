"""PostgreSQL connector against the real server (``postgres_url`` fixture: a fresh database)."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from pii_scan.connectors import Filter, open_source
from pii_scan.errors import ConnectionFailed, SourceNotFound

pytestmark = pytest.mark.postgres

SCHEMA = """
CREATE TABLE customers (
    id serial PRIMARY KEY, name varchar(80) NOT NULL, email text, phone text, birth_date date, score integer);
CREATE SCHEMA crm;
CREATE TABLE crm.tickets (
    id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), note text);
CREATE TABLE contracts (
    id integer PRIMARY KEY, customer_id integer REFERENCES customers(id),
    ticket_id integer REFERENCES crm.tickets(id), iban text);
CREATE TABLE big (id bigint PRIMARY KEY, v text);
CREATE VIEW crm.adults AS SELECT id, name FROM customers WHERE birth_date < '2006-01-01';
INSERT INTO customers (name, email, phone, birth_date, score)
    SELECT 'Klant ' || g, 'klant' || g || '@example.be', '+32 470 ' || lpad(g::text, 6, '0'),
           date '1950-01-01' + mod(g, 20000), g
    FROM generate_series(1, 20000) g;
INSERT INTO crm.tickets SELECT g, g, 'Opmerking over klant ' || g FROM generate_series(1, 300) g;
INSERT INTO contracts SELECT g, g, g, 'BE68 5390 0754 ' || lpad(g::text, 4, '0')
    FROM generate_series(1, 300) g;
INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 250000) g;
ANALYZE customers;
ANALYZE big;
"""


@pytest.fixture(scope="module")
def pg(postgres_url: str) -> str:
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(SCHEMA)
    admin.dispose()
    return postgres_url


def content(url: str) -> tuple:
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        out = tuple(
            conn.execute(
                sa.text(f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {t} t")
            ).one()
            for t in ("customers", "crm.tickets", "contracts")
        )
    eng.dispose()
    return out


def test_catalog_schemas_keys_counts(pg):
    conn = open_source(pg)[0]
    tables = {t.name: t for t in conn.tables()}
    assert {"customers", "contracts", "big", "crm.tickets", "crm.adults"} <= set(tables)
    assert not any(n.startswith(("pg_", "information_schema")) for n in tables)
    cust = tables["customers"]
    assert cust.primary_key == ("id",) and cust.schema == "public"
    types = {c.name: c.type for c in cust.columns}
    assert types["name"] == "VARCHAR(80)" and types["birth_date"] == "DATE"
    assert not [c for c in cust.columns if c.name == "name"][0].nullable
    assert cust.row_count == pytest.approx(20000, rel=0.05) and not cust.row_count_exact  # catalog estimate
    assert tables["contracts"].row_count == 300 and tables["contracts"].row_count_exact  # no stats: counted
    fks = {fk.ref_table: fk for fk in tables["contracts"].foreign_keys}
    assert fks["crm.tickets"].columns == ("ticket_id",) and fks["customers"].ref_columns == ("id",)
    assert tables["crm.tickets"].foreign_keys[0].ref_table == "customers"
    assert tables["crm.adults"].kind == "view"


def test_sample_methods(pg):
    conn = open_source(pg)[0]
    s = conn.sample("customers", n=100, seed=5)  # BERNOULLI
    assert 50 <= len(s) <= 100 and s["id"].is_unique
    assert s["id"].min() < 4000 and s["id"].max() > 16000
    assert s.equals(conn.sample("customers", n=100, seed=5))
    big = conn.sample("big", n=200, seed=1)  # SYSTEM on the large table
    assert 100 <= len(big) <= 200 and big["id"].max() > 125000
    assert len(conn.sample("crm.tickets", n=50, seed=2)) == 50  # small table: seeded random order
    assert conn.sample("crm.tickets", n=50, seed=2).equals(conn.sample("crm.tickets", n=50, seed=2))
    assert len(conn.sample("crm.adults", n=10)) == 10


def test_iter_rows_streams(pg):
    conn = open_source(pg)[0]
    sizes = [len(c) for c in conn.iter_rows("crm.tickets", chunk_rows=128)]
    assert sizes == [128, 128, 44]


def test_select_pushed_down(pg):
    conn = open_source(pg)[0]

    def ids(table: str, *filters: Filter) -> list[int]:
        frames = list(conn.select(table, list(filters)))
        return sorted(pd.concat(frames)["id"].tolist()) if frames else []

    assert ids("customers", Filter("email", "equals", ("klant77@example.be",))) == [77]
    assert ids("customers", Filter("name", "equals_ci", ("klant 78",))) == [78]
    assert ids("customers", Filter("phone", "digits_suffix", ("470000079",))) == [79]
    assert ids(
        "customers", Filter("score", "equals", ("80",)), Filter("id", "digits_suffix", ("19999",))
    ) == [
        80,
        19999,
    ]
    assert ids("customers", Filter("birth_date", "equals", ("1950-01-02",))) == [1]
    assert ids("crm.tickets", Filter("note", "contains_ci", ("KLANT 299",))) == [299]
    assert ids("contracts", Filter("iban", "digits_suffix", ("07540042",))) == [42]
    with pytest.raises(SourceNotFound):
        list(conn.select("customers", [Filter("nope", "equals", ("1",))]))


def test_read_only_and_unchanged(pg):
    before = content(pg)
    conn = open_source(pg)[0]
    conn.tables()
    conn.sample("customers", n=10)
    list(conn.iter_rows("contracts"))
    list(conn.select("customers", [Filter("name", "contains_ci", ("klant 1",))]))
    with pytest.raises(sa.exc.DBAPIError, match="read-only"):
        with conn.engine.begin() as c:
            c.execute(sa.text("UPDATE customers SET name = 'x' WHERE id = 1"))
    conn.close()
    assert content(pg) == before


def test_connection_errors_are_one_masked_line(pg):
    url = make_url(pg)
    cases = [
        url.set(port=1, password="geheim123"),  # refused
        url.set(database="does_not_exist_here", password="geheim123"),  # unknown database
        url.set(username="no_such_role_x", password="geheim123"),  # unknown role
    ]
    for bad in cases:
        text = bad.render_as_string(hide_password=False)
        with pytest.raises(ConnectionFailed) as err:
            open_source(text)[0].tables()
        msg = str(err.value)
        assert "geheim123" not in msg and ":***@" in msg and "\n" not in msg
        assert "Traceback" not in msg and len(msg) < 400
