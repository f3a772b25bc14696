"""Row counts: estimated from what the database keeps where counting would read a large table, exact
where that is cheap or when asked (``--exact-counts``). ``row_count`` stays; ``row_count_exact`` says
which it is. PostgreSQL (reltuples) and MariaDB (TABLE_ROWS) are covered in their connector tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.sql import SqlConnector
from pii_scan.connectors.sql_dialects import EXACT_BELOW


def _db(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, note TEXT);"
        "CREATE TABLE small (id INTEGER PRIMARY KEY, note TEXT);"
        "CREATE TABLE keyed (code TEXT PRIMARY KEY, note TEXT) WITHOUT ROWID;"
    )
    db.executemany("INSERT INTO events(note) VALUES (?)", [(f"n{i}",) for i in range(rows)])
    db.executemany("INSERT INTO keyed VALUES (?, ?)", [(f"c{i:06d}", "x") for i in range(rows)])
    db.executemany("INSERT INTO small(note) VALUES (?)", [("x",)] * 25)
    db.execute("DELETE FROM events WHERE id BETWEEN 100 AND 199")  # max(rowid) does not see these
    db.commit()
    db.close()
    return path


def test_sqlite_large_table_is_estimated_small_one_counted(tmp_path: Path) -> None:
    rows = EXACT_BELOW + 2_000
    tables = {t.name: t for t in SqlConnector(str(_db(tmp_path, rows))).tables()}
    assert (tables["events"].row_count, tables["events"].row_count_exact) == (rows, False)
    assert (tables["small"].row_count, tables["small"].row_count_exact) == (25, True)
    # WITHOUT ROWID has no rowid to read: a bounded count, exact up to its limit.
    assert (tables["keyed"].row_count, tables["keyed"].row_count_exact) == (rows, True)


def test_exact_counts_option_and_switch(tmp_path: Path) -> None:
    rows = EXACT_BELOW + 2_000
    db = _db(tmp_path, rows)
    exact = {t.name: t for t in SqlConnector(str(db), exact_counts=True).tables()}
    assert (exact["events"].row_count, exact["events"].row_count_exact) == (rows - 100, True)

    runner = CliRunner()
    for args, expected in (([], (rows, False)), (["--exact-counts"], (rows - 100, True))):
        res = runner.invoke(main, ["sources", str(db), "--format", "json", *args])
        assert res.exit_code == 0, res.output
        [listing] = json.loads(res.output)["sources"]
        events = next(t for t in listing["tables"] if t["name"] == "events")
        assert (events["row_count"], events["row_count_exact"]) == expected
