"""examples/crm.sqlite: customers, companies, contracts, payments, employees and support tickets, with
declared foreign keys. Built in a temporary file with a fixed page size, VACUUM-ed, then moved in place."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

SCHEMA = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    national_number TEXT,
    birth_date DATE,
    street TEXT,
    house_number TEXT,
    postcode TEXT,
    city TEXT,
    language TEXT CHECK (language IN ('nl', 'fr')),
    customer_since DATE NOT NULL,
    relationship_ended_on DATE
);
CREATE INDEX ix_customers_email ON customers (email);
CREATE INDEX ix_customers_national_number ON customers (national_number);
CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    enterprise_number TEXT,
    vat TEXT,
    phone TEXT,
    website TEXT,
    city TEXT
);
CREATE TABLE employees (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT
);
CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    product TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE
);
CREATE INDEX ix_contracts_customer_id ON contracts (customer_id);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    iban TEXT NOT NULL,
    amount NUMERIC(10, 2) NOT NULL,
    paid_on DATE NOT NULL
);
CREATE INDEX ix_payments_contract_id ON payments (contract_id);
CREATE TABLE support_tickets (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    employee_id INTEGER REFERENCES employees (id),
    opened_on DATE NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    note TEXT
);
CREATE INDEX ix_support_tickets_customer_id ON support_tickets (customer_id);
CREATE INDEX ix_support_tickets_employee_id ON support_tickets (employee_id);
"""

COLUMNS = {
    "customers": (
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "national_number",
        "birth_date",
        "street",
        "house_number",
        "postcode",
        "city",
        "language",
        "customer_since",
        "relationship_ended_on",
    ),
    "companies": ("id", "name", "enterprise_number", "vat", "phone", "website", "city"),
    "employees": ("id", "first_name", "last_name", "email", "phone"),
    "contracts": ("id", "customer_id", "product", "start_date", "end_date"),
    "payments": ("id", "contract_id", "iban", "amount", "paid_on"),
    "support_tickets": ("id", "customer_id", "employee_id", "opened_on", "channel", "subject", "note"),
}


def write_crm(path: Path, tables: Mapping[str, Sequence[tuple]]) -> None:
    """Write the tables (rows as tuples in COLUMNS order) to ``path`` atomically and reproducibly."""
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")  # inserts below must respect the declared keys
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        for table, cols in COLUMNS.items():
            marks = ", ".join("?" for _ in cols)
            conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", tables[table])
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise AssertionError(f"foreign key violations: {problems[:3]}")
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.replace(tmp, path)
