"""A small shop database for the subject-access tests, built the same way on SQLite, PostgreSQL and
MariaDB: customers, employees, invoices (FK customer, FK support employee), invoice lines (FK invoice).
Customers also point at their account manager (an employee).
"""

from __future__ import annotations

import sqlalchemy as sa

SUBJECT_EMAIL = "Marie.Dupont@example.be"
SUBJECT_PHONE_STORED = "+32 470 12 34 56"
EMPLOYEE_EMAIL = "an.peeters@shop.example"


def build_shop(url: str, declare_fks: bool = True) -> dict[str, list[int]]:
    """Create and fill the schema; returns the ids the tests expect."""
    md = sa.MetaData()

    def fk(target: str) -> list[sa.ForeignKey]:
        return [sa.ForeignKey(target)] if declare_fks else []

    sa.Table(
        "employees",
        md,
        sa.Column("employee_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("first_name", sa.String(50)),
        sa.Column("last_name", sa.String(50)),
        sa.Column("email", sa.String(100), index=True),
    )
    sa.Table(
        "customers",
        md,
        sa.Column("customer_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("first_name", sa.String(50)),
        sa.Column("last_name", sa.String(50)),
        sa.Column("email", sa.String(100), index=True),
        sa.Column("phone", sa.String(30)),
        sa.Column("account_manager_id", sa.Integer, *fk("employees.employee_id")),
    )
    sa.Table(
        "invoices",
        md,
        sa.Column("invoice_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("customer_id", sa.Integer, *fk("customers.customer_id"), nullable=False),
        sa.Column("support_employee_id", sa.Integer, *fk("employees.employee_id")),
        sa.Column("total", sa.Numeric(10, 2)),
    )
    sa.Table(
        "invoice_lines",
        md,
        sa.Column("line_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("invoice_id", sa.Integer, *fk("invoices.invoice_id"), nullable=False),
        sa.Column("product", sa.String(50)),
        sa.Column("amount", sa.Numeric(10, 2)),
    )
    engine = sa.create_engine(url)
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            md.tables["employees"].insert(),
            [
                {"employee_id": 1, "first_name": "An", "last_name": "Peeters", "email": EMPLOYEE_EMAIL},
                {"employee_id": 2, "first_name": "Luc", "last_name": "Janssens", "email": "luc@shop.example"},
            ],
        )
        conn.execute(
            md.tables["customers"].insert(),
            [
                # the subject: stored with other case and phone notation than the request
                {"customer_id": 10, "first_name": "Marie", "last_name": "Dupont", "email": SUBJECT_EMAIL,
                 "phone": SUBJECT_PHONE_STORED, "account_manager_id": 1},
                {"customer_id": 11, "first_name": "Jan", "last_name": "Van der Berg",
                 "email": "jan@example.nl", "phone": "0032 471 00 00 00", "account_manager_id": 1},
                {"customer_id": 12, "first_name": "Marie", "last_name": "Dupond",
                 "email": "marie.dupond@example.be", "phone": "0470 12 34 57", "account_manager_id": 2},
            ],
        )  # fmt: skip
        conn.execute(
            md.tables["invoices"].insert(),
            [
                {"invoice_id": 100, "customer_id": 10, "support_employee_id": 1, "total": 10},
                {"invoice_id": 101, "customer_id": 10, "support_employee_id": 2, "total": 20},
                {"invoice_id": 102, "customer_id": 11, "support_employee_id": 1, "total": 30},
                {"invoice_id": 103, "customer_id": 12, "support_employee_id": 1, "total": 40},
            ],
        )
        conn.execute(
            md.tables["invoice_lines"].insert(),
            [
                {"line_id": 1000, "invoice_id": 100, "product": "chair", "amount": 5},
                {"line_id": 1001, "invoice_id": 100, "product": "table", "amount": 5},
                {"line_id": 1002, "invoice_id": 101, "product": "lamp", "amount": 20},
                {"line_id": 1003, "invoice_id": 102, "product": "desk", "amount": 30},
                {"line_id": 1004, "invoice_id": 103, "product": "desk", "amount": 40},
            ],
        )
    engine.dispose()
    return {"customer": [10], "invoices": [100, 101], "lines": [1000, 1001, 1002], "employees": [1, 2]}
