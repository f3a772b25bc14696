"""A small Sakila-like rental shop, built the same way on SQLite, PostgreSQL and MariaDB: stores managed
by staff, customers of a store, films, inventory items (of a store, added to stock by a member of
staff), rentals (customer, inventory item, staff who served) and payments (customer, staff who took it,
rental). Every inventory item is rented by several customers, so a walk that went through an item, a
store or a member of staff would reach other customers' rentals: the tests check that it does not.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

CUSTOMER_EMAIL = "Marie.Claes@example.be"  # customer 3
STAFF_EMAIL = "mike.hillyer@rentals.example"  # staff 1, manages store 1
SUBJECT = 3
N_CUSTOMERS = 6
N_RENTALS = 24


def _rows() -> dict[str, list[dict[str, Any]]]:
    customers = [
        {"customer_id": i, "store_id": 1 + i % 2, "first_name": f"First{i}", "last_name": f"Last{i}",
         "email": f"customer{i}@example.org"}
        for i in range(1, N_CUSTOMERS + 1)
    ]  # fmt: skip
    customers[SUBJECT - 1].update(first_name="Marie", last_name="Claes", email=CUSTOMER_EMAIL)
    inventory = [
        {"inventory_id": i, "film_id": 1 + i % 3, "store_id": 1 + i % 2, "added_by_staff_id": 1 + i % 2}
        for i in range(1, 7)
    ]
    rentals, payments = [], []
    for r in range(1, N_RENTALS + 1):
        customer = 1 + r % N_CUSTOMERS
        staff = 1 if r % 3 else 2
        rentals.append(
            {"rental_id": r, "customer_id": customer, "inventory_id": 1 + r % 5, "staff_id": staff}
        )
        payments.append(
            {"payment_id": 100 + r, "customer_id": customer, "staff_id": staff, "rental_id": r, "amount": r}
        )
    # another customer pays for one of the subject's rentals: that payment is the payer's, not hers
    mine = next(r["rental_id"] for r in rentals if r["customer_id"] == SUBJECT)
    payments.append({"payment_id": 300, "customer_id": 4, "staff_id": 2, "rental_id": mine, "amount": 3})
    # a payment without a rental (a fee): the customer's through payment.customer_id alone
    payments.append(
        {"payment_id": 200, "customer_id": SUBJECT, "staff_id": 1, "rental_id": None, "amount": 5}
    )
    return {
        "store": [{"store_id": 1, "manager_staff_id": None}, {"store_id": 2, "manager_staff_id": None}],
        "staff": [
            {
                "staff_id": 1,
                "first_name": "Mike",
                "last_name": "Hillyer",
                "email": STAFF_EMAIL,
                "store_id": 1,
            },
            {
                "staff_id": 2,
                "first_name": "Jon",
                "last_name": "Stephens",
                "email": "jon@rentals.example",
                "store_id": 2,
            },
        ],  # fmt: skip
        "customer": customers,
        "film": [{"film_id": i, "title": t} for i, t in enumerate(["ALIEN", "BEACH", "CLUE"], 1)],
        "inventory": inventory,
        "rental": rentals,
        "payment": payments,
    }


def expected() -> dict[str, Any]:
    """What a lookup must give, computed from the rows (not written by hand twice)."""
    rows = _rows()
    return {
        "rentals": sorted(r["rental_id"] for r in rows["rental"] if r["customer_id"] == SUBJECT),
        "payments": sorted(p["payment_id"] for p in rows["payment"] if p["customer_id"] == SUBJECT),
        "served_by": sorted({r["staff_id"] for r in rows["rental"] if r["customer_id"] == SUBJECT}),
        "staff_rentals": sorted(r["rental_id"] for r in rows["rental"] if r["staff_id"] == 1),
        "staff_payments": sorted(p["payment_id"] for p in rows["payment"] if p["staff_id"] == 1),
        "paid_by_other": sorted(
            p["payment_id"]
            for p in rows["payment"]
            if p["customer_id"] != SUBJECT
            and p["rental_id"] in {r["rental_id"] for r in rows["rental"] if r["customer_id"] == SUBJECT}
        ),  # fmt: skip
        "other_customer_emails": sorted(c["email"] for c in rows["customer"] if c["customer_id"] != SUBJECT),
    }


def build_rentals(url: str, schema: str | None = None) -> None:
    """Create and fill the schema (in ``schema`` when given: PostgreSQL)."""
    md = sa.MetaData(schema=schema)
    q = f"{schema}." if schema else ""

    def col(name: str, target: str | None = None, **kw: Any) -> sa.Column:
        fks = [sa.ForeignKey(q + target, use_alter=kw.pop("use_alter", False))] if target else []
        return sa.Column(name, sa.Integer, *fks, **kw)

    sa.Table("store", md, col("store_id", primary_key=True, autoincrement=False),
             col("manager_staff_id", "staff.staff_id", use_alter=True, nullable=True))  # fmt: skip
    sa.Table("staff", md, col("staff_id", primary_key=True, autoincrement=False),
             sa.Column("first_name", sa.String(45)), sa.Column("last_name", sa.String(45)),
             sa.Column("email", sa.String(100)), col("store_id", "store.store_id"))  # fmt: skip
    sa.Table("customer", md, col("customer_id", primary_key=True, autoincrement=False),
             col("store_id", "store.store_id"), sa.Column("first_name", sa.String(45)),
             sa.Column("last_name", sa.String(45)), sa.Column("email", sa.String(100)))  # fmt: skip
    sa.Table(
        "film", md, col("film_id", primary_key=True, autoincrement=False), sa.Column("title", sa.String(50))
    )
    sa.Table("inventory", md, col("inventory_id", primary_key=True, autoincrement=False),
             col("film_id", "film.film_id"), col("store_id", "store.store_id"),
             col("added_by_staff_id", "staff.staff_id"))  # fmt: skip
    sa.Table("rental", md, col("rental_id", primary_key=True, autoincrement=False),
             col("customer_id", "customer.customer_id"), col("inventory_id", "inventory.inventory_id"),
             col("staff_id", "staff.staff_id"))  # fmt: skip
    sa.Table("payment", md, col("payment_id", primary_key=True, autoincrement=False),
             col("customer_id", "customer.customer_id"), col("staff_id", "staff.staff_id"),
             col("rental_id", "rental.rental_id", nullable=True),
             sa.Column("amount", sa.Numeric(6, 2)))  # fmt: skip
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            if schema:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            md.create_all(conn)
            rows = _rows()
            for name in ("store", "staff", "customer", "film", "inventory", "rental", "payment"):
                conn.execute(md.tables[q + name].insert(), rows[name])
            store = md.tables[q + "store"]
            for sid in (1, 2):  # each store managed by its member of staff (circular link)
                conn.execute(store.update().where(store.c.store_id == sid).values(manager_staff_id=sid))
    finally:
        engine.dispose()


def fresh_database(env: str, build: Callable[[str], None] | None = None) -> Iterator[str]:
    """A fresh database named wipwalk_... on the server of ``env``, dropped afterwards."""
    url = os.environ.get(env)
    if not url:
        if os.environ.get("PII_SCAN_REQUIRE_DB") == "1":
            pytest.fail(f"{env} is not set")
        pytest.skip(f"{env} is not set (no database server configured)")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"wipwalk_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("PII_SCAN_REQUIRE_DB") == "1":
            raise
        pytest.skip(f"no database server answers at {make_url(url).render_as_string()}: {type(exc).__name__}")
    try:
        db = make_url(url).set(database=name).render_as_string(hide_password=False)
        if build is not None:
            build(db)
        yield db
    finally:
        with admin.connect() as conn:
            force = " WITH (FORCE)" if admin.dialect.name == "postgresql" else ""
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}{force}"))
        admin.dispose()
