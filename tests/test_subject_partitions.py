"""PostgreSQL declarative partitions are one logical table under the parent's name (issue 10)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from click.testing import CliRunner

from pii_scan.cli import main

EMAIL = "lies.wouters@example.be"

_SCHEMA = [
    "CREATE TABLE customers (id int PRIMARY KEY, email text, full_name text)",
    "INSERT INTO customers VALUES (1, 'lies.wouters@example.be', 'Lies Wouters'), "
    "(2, 'tom.maes@example.be', 'Tom Maes')",
    "CREATE TABLE payments (payment_id int, customer_id int NOT NULL, amount numeric, paid_on date NOT NULL, "
    "PRIMARY KEY (payment_id, paid_on)) PARTITION BY RANGE (paid_on)",
    "CREATE TABLE payments_2024_01 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
    "CREATE TABLE payments_2024_02 PARTITION OF payments FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')",
    # sub-partitioned month: its leaves count as the parent too
    "CREATE TABLE payments_2024_03 PARTITION OF payments FOR VALUES FROM ('2024-03-01') TO ('2024-04-01') "
    "PARTITION BY RANGE (payment_id)",
    "CREATE TABLE payments_2024_03_small PARTITION OF payments_2024_03 FOR VALUES FROM (0) TO (7)",
    "CREATE TABLE payments_2024_03_large PARTITION OF payments_2024_03 FOR VALUES FROM (7) TO (1000000)",
    # the links are declared per partition, and the February partition declares none
    "ALTER TABLE payments_2024_01 ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
    "ALTER TABLE payments_2024_03_small ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
    "INSERT INTO payments VALUES (1, 1, 10, '2024-01-05'), (2, 2, 20, '2024-01-06'), "
    "(3, 1, 30, '2024-02-07'), (4, 1, 40, '2024-02-08'), (5, 2, 50, '2024-02-09'), "
    "(6, 1, 60, '2024-03-10'), (7, 1, 600, '2024-03-11')",
]


def test_partitions_are_read_as_the_parent_with_every_partitions_links(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for stmt in _SCHEMA:
            conn.execute(sa.text(stmt))
    engine.dispose()
    listed = CliRunner().invoke(main, ["sources", postgres_url, "--format", "json"])
    assert "payments_2024" not in listed.output, listed.output
    res = CliRunner().invoke(main, ["find", postgres_url, "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["complete"] is True
    linked = sorted(r["key"]["payment_id"] for r in out["records"] if r["table"] == "payments")
    assert linked == [1, 3, 4, 6, 7]  # all five of hers, in every month, none of Tom's
    assert {r["table"] for r in out["records"]} == {"customers", "payments"}
    assert out["links"] == ["payments.customer_id -> customers.id (declared)"]
