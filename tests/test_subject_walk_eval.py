"""Opt-in evaluation of the walk on the real Pagila and Northwind (``pytest -m eval``): expected
figures come from SQL on the same database, not from the tool.

Pagila in PostgreSQL (partitioned payments, declared keys) is checked too when
``PII_SCAN_EVAL_PAGILA_URL`` names a database loaded from pagila-schema.sql and pagila-data.sql, and
in MariaDB when ``PII_SCAN_EVAL_PAGILA_MYSQL_URL`` names a copy of pagila.sqlite (no declared keys).
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter

import pytest
import sqlalchemy as sa

from pii_scan.subject import SubjectResult, find_subject

pytestmark = pytest.mark.eval


def _counts(result: SubjectResult) -> Counter[str]:
    return Counter(f"{r.relation}:{r.table}" for r in result.records if r.relation != "third_party")


def _staff_case(url: str, find_in: str) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        staff_id, email = conn.execute(
            sa.text("SELECT s.staff_id, s.email FROM staff s JOIN store t ON t.manager_staff_id = s.staff_id "
                    "ORDER BY (SELECT count(*) FROM rental r WHERE r.staff_id = s.staff_id) DESC LIMIT 1")
        ).one()  # fmt: skip
        rentals = {r for (r,) in conn.execute(sa.text("SELECT rental_id FROM rental WHERE staff_id = :s"),
                                              {"s": staff_id})}  # fmt: skip
        payments = conn.execute(sa.text("SELECT count(*) FROM payment WHERE staff_id = :s"), {"s": staff_id})
        n_payments = payments.scalar_one()
    engine.dispose()
    result = find_subject([find_in], {"email": [email]})
    assert result.complete, result.sources
    # the staff row (and their address as context); nothing through the store they manage
    assert _counts(result) == Counter({"match:staff": 1, "linked:address": 1})
    handled = {t["table"]: t for t in result.third_party}
    assert {int(k["rental_id"]) for k in handled["rental"]["keys"]} == rentals
    assert handled["payment"]["count"] == n_payments
    assert not [r for r in result.records if r.table in ("rental", "payment", "inventory")]


def _customer_case(find_in: str) -> None:
    result = find_subject([find_in], {"email": ["MARY.SMITH@sakilacustomer.org"]})
    assert result.complete, result.sources
    assert _counts(result) == Counter(
        {"match:customer": 1, "linked:address": 1, "linked:rental": 32, "linked:payment": 32}
    )
    assert all(r.data["customer_id"] == 1 for r in result.records if r.table in ("rental", "payment"))


def test_pagila_sqlite_staff_and_customer(shared_data: str) -> None:
    db = os.path.join(shared_data, "databases", "pagila", "pagila.sqlite")
    _staff_case(f"sqlite:///{db}", db)
    _customer_case(db)


@pytest.mark.parametrize("env", ["PII_SCAN_EVAL_PAGILA_URL", "PII_SCAN_EVAL_PAGILA_MYSQL_URL"])
def test_pagila_on_a_server_staff_and_customer(env: str) -> None:
    url = os.environ.get(env)
    if not url:
        pytest.skip(f"{env} is not set (a database loaded with Pagila)")
    _staff_case(url, url)
    _customer_case(url)


def test_northwind_employee_and_customer(shared_data: str) -> None:
    db = os.path.join(shared_data, "databases", "northwind", "northwind.sqlite")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    orders = {r for (r,) in con.execute("SELECT OrderID FROM Orders WHERE EmployeeID = 1")}
    territories = con.execute("SELECT count(*) FROM EmployeeTerritories WHERE EmployeeID = 1").fetchone()[0]
    con.close()
    employee = find_subject([db], {"id": ["Employees.EmployeeID=1"]})
    assert _counts(employee) == Counter({"match:Employees": 1, "linked:EmployeeTerritories": territories})
    (handled,) = employee.third_party
    assert handled["table"] == "Orders" and {k["OrderID"] for k in handled["keys"]} == orders
    customer = find_subject([db], {"id": ["Customers.CustomerID=MAISD"]})
    assert _counts(customer) == Counter(
        {"match:Customers": 1, "linked:Orders": 7, "linked:Order Details": 17}
    )
    assert customer.third_party == []
