"""PostgreSQL inheritance children (INHERITS) are one logical table under the parent's name, like
declarative partitions, and a link declared on any child is the parent's (issue 10)."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from pii_scan.cli import main

_spec = importlib.util.spec_from_file_location("rental_schema", Path(__file__).with_name("rental_schema.py"))
_helpers = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_helpers)  # type: ignore[union-attr]

EMAIL = "nina.claes@example.be"
ARCHIVED = "old.contact@example.be"

_SCHEMA = [
    "CREATE TABLE contacts (id int PRIMARY KEY, email text, full_name text)",
    "CREATE TABLE contacts_archived (archived_on date) INHERITS (contacts)",
    "INSERT INTO contacts VALUES (1, 'nina.claes@example.be', 'Nina Claes'),"
    " (2, 'bo@example.be', 'Bo Wuyts')",
    "INSERT INTO contacts_archived VALUES (3, 'old.contact@example.be', 'Old Contact', '2020-01-01')",
    # the parent declares no link; the 2023 child does, on an inherited column
    "CREATE TABLE orders (order_id int PRIMARY KEY, customer_id int NOT NULL, total numeric)",
    "CREATE TABLE orders_2023 () INHERITS (orders)",
    "CREATE TABLE orders_2023_q4 (note text) INHERITS (orders_2023)",  # a grandchild
    "ALTER TABLE orders_2023 ADD FOREIGN KEY (customer_id) REFERENCES contacts (id)",
    "INSERT INTO orders VALUES (10, 1, 5), (11, 2, 6)",
    "INSERT INTO orders_2023 VALUES (20, 1, 7), (21, 2, 8)",
    "INSERT INTO orders_2023_q4 VALUES (30, 1, 9, 'gift')",
]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    yield from _helpers.fresh_database("PII_SCAN_TEST_POSTGRES_URL")


def test_inheritance_children_are_read_as_the_parent_with_their_links(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for stmt in _SCHEMA:
            conn.execute(sa.text(stmt))
    engine.dispose()
    listed = json.loads(CliRunner().invoke(main, ["sources", postgres_url, "--format", "json"]).output)
    names = json.dumps(listed)
    assert "contacts_archived" not in names and "orders_2023" not in names, names
    res = CliRunner().invoke(main, ["find", postgres_url, "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["complete"] is True
    assert out["links"] == ["orders.customer_id -> contacts.id (declared)"]
    assert [(r["table"], r["relation"], r["key"]) for r in out["records"] if r["table"] == "contacts"] == [
        ("contacts", "match", {"id": 1})
    ]
    orders = sorted(r["key"]["order_id"] for r in out["records"] if r["table"] == "orders")
    assert orders == [10, 20, 30]  # hers in the parent, the child and the grandchild; none of Bo's
    # a row stored in a child is found under the parent's name
    res = CliRunner().invoke(main, ["find", postgres_url, "--email", ARCHIVED, "--format", "json"])
    out = json.loads(res.stdout)
    assert [(r["table"], r["key"]) for r in out["records"]] == [("contacts", {"id": 3})]
