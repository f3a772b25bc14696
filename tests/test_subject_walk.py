"""The walk stops at shared entities (issue 10): on a Sakila-like rental shop in SQLite, PostgreSQL and
MariaDB, a customer gets their rentals and payments only, and a member of staff gets their own row,
with the rentals and payments they handled counted under ``third_party`` and never exported."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.subject import SubjectResult, find_subject

_spec = importlib.util.spec_from_file_location("rental_schema", Path(__file__).with_name("rental_schema.py"))
shop = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(shop)  # type: ignore[union-attr]
fresh_database = shop.fresh_database
EXPECTED = shop.expected()


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("walk") / "rentals.sqlite"
    shop.build_rentals(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="module")
def pg_db() -> Iterator[str]:
    yield from fresh_database("PII_SCAN_TEST_POSTGRES_URL", shop.build_rentals)


@pytest.fixture(scope="module")
def maria_db() -> Iterator[str]:
    yield from fresh_database("PII_SCAN_TEST_MYSQL_URL", shop.build_rentals)


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def db(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue({"sqlite": "sqlite_db", "postgresql": "pg_db", "mariadb": "maria_db"}[
        request.param]))  # fmt: skip


def _keys(result: SubjectResult, relation: str, table: str) -> list[Any]:
    return sorted(
        next(iter(r.key.values())) for r in result.records if r.relation == relation and r.table == table
    )


def test_a_customer_gets_their_rentals_and_payments_only(db: str) -> None:
    result = find_subject([db], {"email": [shop.CUSTOMER_EMAIL.lower()]})
    assert result.complete, result.sources
    assert _keys(result, "match", "customer") == [shop.SUBJECT]
    assert _keys(result, "linked", "rental") == EXPECTED["rentals"]
    assert _keys(result, "linked", "payment") == EXPECTED["payments"]
    assert _keys(result, "third_party", "staff") == EXPECTED["served_by"]  # who served them, key only
    assert {(r.relation, r.table) for r in result.records} == {
        ("match", "customer"),
        ("linked", "rental"),
        ("linked", "payment"),
        ("third_party", "staff"),
    }
    # a payment of her rental made by another customer is the payer's: counted, not hers
    (other,) = result.third_party
    assert (
        other["table"] == "payment" and [k["payment_id"] for k in other["keys"]] == EXPECTED["paid_by_other"]
    )
    assert "another person's row (payment.customer_id -> customer.customer_id" in other["reason"]
    for r in result.records:
        if r.table in ("rental", "payment"):
            assert r.data is not None and r.data["customer_id"] == shop.SUBJECT


def test_a_member_of_staff_gets_their_row_and_counts_of_what_they_handled(db: str) -> None:
    result = find_subject([db], {"email": [shop.STAFF_EMAIL]})
    assert result.complete, result.sources
    assert [(r.relation, r.table, r.key) for r in result.records] == [("match", "staff", {"staff_id": 1})]
    handled = {t["table"]: t for t in result.third_party}
    assert set(handled) == {"rental", "payment"}
    assert handled["rental"]["count"] == len(EXPECTED["staff_rentals"])
    assert sorted(k["rental_id"] for k in handled["rental"]["keys"]) == EXPECTED["staff_rentals"]
    assert sorted(k["payment_id"] for k in handled["payment"]["keys"]) == EXPECTED["staff_payments"]
    assert handled["rental"]["via"] == "rental.staff_id -> staff.staff_id (declared)"
    stops = {(s["table"], s["decision"]): s for s in result.stopped_at}
    assert set(stops) == {("store", "shared"), ("inventory", "shared"), ("rental", "handled"),
                          ("payment", "handled")}  # fmt: skip
    assert stops[("store", "shared")]["via"] == "store.manager_staff_id -> staff.staff_id (declared)"
    assert "people belong to it" in stops[("store", "shared")]["reason"]  # customer.store_id -> store
    assert "shared by" in stops[("inventory", "shared")]["reason"]  # fan-in: rented by several customers


def test_find_json_explains_the_stops_and_export_carries_no_handled_record(db: str, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["find", db, "--email", shop.STAFF_EMAIL, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {s["table"] for s in out["stopped_at"]} == {"store", "inventory", "rental", "payment"}
    assert all({"table", "via", "reason"} <= set(s) for s in out["stopped_at"])
    assert {t["table"]: t["count"] for t in out["third_party"]} == {
        "rental": len(EXPECTED["staff_rentals"]),
        "payment": len(EXPECTED["staff_payments"]),
    }
    pkg = tmp_path / "staff.zip"
    res = CliRunner().invoke(main, ["export", db, "--email", shop.STAFF_EMAIL, "--out", str(pkg)])
    assert res.exit_code == 0, res.output
    data = json.loads(zipfile.ZipFile(pkg).read("data.json"))
    tables = {t["table"]: len(t["records"]) for s in data["sources"] for t in s["tables"]}
    assert tables == {"staff": 1}


def test_a_customers_export_holds_no_other_customers_row(db: str, tmp_path: Path) -> None:
    pkg = tmp_path / "customer.zip"
    res = CliRunner().invoke(main, ["export", db, "--email", shop.CUSTOMER_EMAIL, "--out", str(pkg)])
    assert res.exit_code == 0, res.output
    zf = zipfile.ZipFile(pkg)
    text = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if not n.endswith(".pdf"))
    assert not [e for e in EXPECTED["other_customer_emails"] if e in text]
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["handled_records_left_out"] == 0  # she handled nothing: the payer's payment is not
    assert manifest["third_party_records_left_out"] == len(EXPECTED["served_by"]) + len(
        EXPECTED["paid_by_other"]
    )
    data = json.loads(zf.read("data.json"))
    tables = {t["table"]: t for s in data["sources"] for t in s["tables"]}
    assert {n: len(t["records"]) for n, t in tables.items()} == {
        "customer": 1,
        "rental": len(EXPECTED["rentals"]),
        "payment": len(EXPECTED["payments"]),
    }


def test_configured_shared_and_owned_tables_override_the_data(sqlite_db: str, tmp_path: Path) -> None:
    cfg = tmp_path / "pii-scan.toml"
    cfg.write_text(
        f'[[sources]]\nname = "shop"\nlocation = "{sqlite_db}"\n\n'
        '[subject]\nshared_tables = ["rental"]\nowned_tables = ["store"]\n',
        encoding="utf-8",
    )
    from pii_scan.config import load_config

    config = load_config(cfg)
    customer = find_subject([], {"email": [shop.CUSTOMER_EMAIL]}, config)
    assert _keys(customer, "linked", "rental") == []  # stopped by the configuration
    assert _keys(customer, "linked", "payment") == EXPECTED["payments"]  # payment.customer_id still holds
    stop = next(s for s in customer.stopped_at if s["table"] == "rental")
    assert stop["decision"] == "shared" and "shared_tables" in stop["reason"]
    staff = find_subject([], {"email": [shop.STAFF_EMAIL]}, config)
    assert _keys(staff, "linked", "store") == [1]  # the store he manages, as configured
    assert "store" not in {s["table"] for s in staff.stopped_at}


_WEBSHOP = [
    # "users" reads like staff to pii-scan, but here they are the shop's customers
    "CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT, email TEXT)",
    "CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, full_name TEXT, email TEXT)",
    "CREATE TABLE products (product_id INTEGER PRIMARY KEY, label TEXT,"
    " created_by INTEGER REFERENCES staff (staff_id))",
    "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id))",
    "CREATE TABLE order_lines (line_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (order_id),"
    " product_id INTEGER REFERENCES products (product_id))",
    "INSERT INTO users VALUES (1, 'Lies Aerts', 'lies@example.be'), (2, 'Tom Bos', 'tom@example.be')",
    "INSERT INTO staff VALUES (7, 'Kim Staes', 'kim@shop.example')",
    "INSERT INTO products VALUES (1, 'lamp', 7), (2, 'desk', 7), (3, 'chair', 7)",
    "INSERT INTO orders VALUES (10, 1), (11, 1), (12, 2), (13, 2)",
    # every order has several lines (products per order >= 2), every product is in several orders
    "INSERT INTO order_lines VALUES (100, 10, 1), (101, 10, 2), (102, 11, 2), (103, 11, 3),"
    " (104, 12, 1), (105, 12, 3), (106, 13, 1), (107, 13, 2)",
]


def test_fan_in_counts_only_peoples_rows(tmp_path: Path) -> None:
    """An order's lines reach several products, which says nothing about whose the order is; a
    product is in several people's orders, which makes it shared."""
    import sqlite3

    db = tmp_path / "webshop.sqlite"
    con = sqlite3.connect(db)
    for stmt in _WEBSHOP:
        con.execute(stmt)
    con.commit()
    con.close()
    user = find_subject([str(db)], {"email": ["lies@example.be"]})
    assert _keys(user, "linked", "orders") == [10, 11]
    assert _keys(user, "linked", "order_lines") == [100, 101, 102, 103]
    assert user.stopped_at == []
    staff = find_subject([str(db)], {"email": ["kim@shop.example"]})
    assert [(r.relation, r.table) for r in staff.records] == [("match", "staff")]
    (stop,) = staff.stopped_at
    assert (stop["table"], stop["decision"]) == ("products", "shared")
    assert "rows of orders" in stop["reason"], stop["reason"]
