"""Views (issue 10) are searched as the view they are: a row of a view that holds the subject's
identifier is a record of that view, but the walk never goes into or out of a view (its rows are its
tables' rows). ``[subject] search_views = false`` leaves views that store nothing out (named under
``views_not_searched``); a materialized view, a stored copy, is still searched."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.subject import find_subject

_spec = importlib.util.spec_from_file_location("rental_schema", Path(__file__).with_name("rental_schema.py"))
_helpers = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_helpers)  # type: ignore[union-attr]

EMAIL = "wout.jacobs@example.be"
_TABLES = [
    "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, full_name TEXT, email TEXT)",
    "INSERT INTO customers VALUES (1, 'Wout Jacobs', 'wout.jacobs@example.be'),"
    " (2, 'Ann Lee', 'ann@example.be')",
    "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, total NUMERIC)",
    "INSERT INTO orders VALUES (10, 1, 5), (11, 2, 6), (12, 1, 7)",
    # a view that looks like a child of customers (customer_id) and one that repeats the email
    "CREATE VIEW order_totals AS SELECT order_id, customer_id, total FROM orders",
    "CREATE VIEW mailing AS SELECT customer_id, email FROM customers",
]


def _records(out: dict) -> list[tuple[str, str, object]]:
    return sorted((r["table"], r["relation"], next(iter(r["key"].values()))) for r in out["records"])


def _sqlite(tmp_path: Path) -> Path:
    db = tmp_path / "shop.sqlite"
    con = sqlite3.connect(db)
    for stmt in _TABLES:  # no declared keys: links are inferred, and never to or from a view
        con.execute(stmt)
    con.commit()
    con.close()
    return db


def test_sqlite_views_are_searched_as_they_are_and_never_walked(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["find", str(_sqlite(tmp_path)), "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    got = sorted((r["table"], r["relation"]) for r in out["records"])
    # the view holding her email is a record of the view; order_totals is never reached as a child
    assert got == [("customers", "match"), ("mailing", "match"), ("orders", "linked"), ("orders", "linked")]
    assert out["links"] == ["orders.customer_id -> customers.customer_id (inferred)"]
    assert "views_not_searched" not in out["sources"][0]


def test_search_views_false_leaves_plain_views_out(tmp_path: Path) -> None:
    db = _sqlite(tmp_path)
    cfg = tmp_path / "pii-scan.toml"
    cfg.write_text(f'[[sources]]\nname = "shop"\nlocation = "{db}"\n[subject]\nsearch_views = false\n')
    res = CliRunner().invoke(main, ["find", "--config", str(cfg), "--email", EMAIL, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert _records(out) == [("customers", "match", 1), ("orders", "linked", 10), ("orders", "linked", 12)]
    assert out["sources"][0]["views_not_searched"] == ["mailing", "order_totals"]
    assert out["complete"] is True


def test_plain_view_is_searched_by_its_headers_not_sampled_nor_scanned_for_mentions(tmp_path: Path) -> None:
    # a view's free text and a column named for nothing are its tables' values: found there (the notes
    # table, sampled, mentions her), never by computing every row of the view
    db = _sqlite(tmp_path)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (note_id INTEGER PRIMARY KEY, body TEXT, contact TEXT)")
    con.execute(
        "INSERT INTO notes VALUES (1, 'Called back about the invoice, she asked to write to "
        "wout.jacobs@example.be from now on', 'wout.jacobs@example.be')"
    )
    con.execute("CREATE VIEW notes_v AS SELECT note_id, body, contact FROM notes")
    con.commit()
    con.close()
    result = find_subject([str(db)], {"email": [EMAIL]})
    tables = {r.table for r in result.records}
    assert "notes" in tables and "mailing" in tables
    assert "notes_v" not in tables
    assert result.complete


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    yield from _helpers.fresh_database("PII_SCAN_TEST_POSTGRES_URL")


def test_postgres_materialized_view_is_searched_as_it_is_and_not_walked(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        for stmt in _TABLES[:4]:
            conn.execute(sa.text(stmt))
        conn.execute(sa.text("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers"))
        conn.execute(sa.text("CREATE MATERIALIZED VIEW mailing AS SELECT customer_id, email FROM customers"))
        conn.execute(sa.text("CREATE VIEW order_totals AS SELECT order_id, customer_id, total FROM orders"))
    engine.dispose()
    result = find_subject([pg_url], {"email": [EMAIL]})
    assert result.complete, result.sources
    assert [s.views_not_searched for s in result.sources] == [[]]
    got = sorted((r.table, r.relation, next(iter(r.key.values()))) for r in result.records)
    assert got == [("customers", "match", 1), ("mailing", "match", 1), ("orders", "linked", 10),
                   ("orders", "linked", 12)]  # fmt: skip
    assert not [r for r in result.records if r.via and r.via[0]["table"] == "mailing"]
    from pii_scan.config import Config

    # without plain views: the materialized view (a stored copy) is still searched
    skip = find_subject([pg_url], {"email": [EMAIL]}, Config(path=None, search_views=False))
    assert sorted(r.table for r in skip.records) == ["customers", "mailing", "orders", "orders"]
    assert [s.views_not_searched for s in skip.sources] == [["order_totals"]]
