"""The sweep state: a sweep killed while running (its row still says ``running``, its process gone) is
marked ``interrupted`` by the next sweep and reported, never taken as the previous sweep; a sweep whose
process still runs is left alone. The CSV, workbook and page are rendered only when the register
changes."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pii_scan.config import load_config
from pii_scan.inventory import run_inventory


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PII_SCAN_KEY", "inventory-test-key-0123456789")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "leden.csv").write_text(
        "naam;email\nJan Peeters;jan.peeters@voorbeeld.be\nMarie Dubois;marie@voorbeeld.be\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "pii-scan.toml"
    cfg.write_text(
        '[inventory]\nworkers = 1\nstate_dir = "state"\nout = "out"\n\n'
        '[[sources]]\nname = "drive"\nlocation = "data"\n',
        encoding="utf-8",
    )
    return load_config(cfg)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _statuses(state_dir: str) -> list[tuple[int, str]]:
    db = sqlite3.connect(os.path.join(state_dir, "state.sqlite"))
    try:
        return db.execute("SELECT id, status FROM sweeps ORDER BY id").fetchall()
    finally:
        db.close()


def _add_running(state_dir: str, pid: int | None, host: str) -> int:
    """The row a sweep leaves when it is killed after ``begin`` (no sources, no units)."""
    db = sqlite3.connect(os.path.join(state_dir, "state.sqlite"))
    try:
        cur = db.execute(
            "INSERT INTO sweeps (started_at, version, full, status, pid, host) "
            "VALUES ('2026-01-01T00:00:00Z', 'x', 0, 'running', ?, ?)",
            (pid, host),
        )
        db.commit()
        return int(cur.lastrowid or 0)
    finally:
        db.close()


def test_killed_sweep_is_marked_interrupted_and_reported(config, caplog):
    import socket

    first = run_inventory(config).document["sweep"]
    assert first["interrupted_sweeps"] == []
    host = socket.gethostname()
    killed = _add_running(config.state_dir, _dead_pid(), host)
    legacy = _add_running(config.state_dir, None, host)  # written before rows named their process
    alive = _add_running(config.state_dir, os.getpid(), host)  # this process: still running
    elsewhere = _add_running(config.state_dir, _dead_pid(), host + "-other")  # cannot be told
    with caplog.at_level(logging.WARNING, logger="pii_scan.notes"):
        sweep = run_inventory(config).document["sweep"]
    assert sweep["interrupted_sweeps"] == [killed, legacy]
    assert sweep["previous_sweep"]["id"] == first["id"]  # an interrupted sweep is nobody's baseline
    assert sweep["units_reused"] == 1 and sweep["units_scanned"] == 0
    assert sum("was interrupted" in r.getMessage() for r in caplog.records) == 2
    statuses = dict(_statuses(config.state_dir))
    assert statuses[killed] == statuses[legacy] == "interrupted"
    assert statuses[alive] == statuses[elsewhere] == "running"
    assert statuses[sweep["id"]] == "ok"
    # said once: the next sweep finds nothing new to mark
    assert run_inventory(config).document["sweep"]["interrupted_sweeps"] == []


def test_state_written_before_the_process_columns_is_upgraded(config):
    run_inventory(config)
    db = sqlite3.connect(os.path.join(config.state_dir, "state.sqlite"))
    db.executescript(  # the sweeps table as it was: no pid/host
        "CREATE TABLE old (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,"
        " version TEXT NOT NULL, full INTEGER NOT NULL, status TEXT NOT NULL,"
        " units_scanned INTEGER DEFAULT 0,"
        " units_reused INTEGER DEFAULT 0, units_failed INTEGER DEFAULT 0);"
        "INSERT INTO old SELECT id, started_at, finished_at, version, full, status, units_scanned,"
        " units_reused, units_failed FROM sweeps; DROP TABLE sweeps; ALTER TABLE old RENAME TO sweeps;"
        "INSERT INTO sweeps (started_at, version, full, status) "
        "VALUES ('2026-01-01T00:00:00Z', 'x', 0, 'running');"
    )
    db.commit()
    db.close()
    sweep = run_inventory(config).document["sweep"]
    assert len(sweep["interrupted_sweeps"]) == 1 and sweep["units_reused"] == 1


def test_register_views_rewritten_only_when_the_register_changes(config):
    run_inventory(config)
    out = Path(config.out_dir)
    views = ("inventory.csv", "inventory.xlsx", "inventory.html")
    for name in (*views, "inventory.json"):
        os.utime(out / name, ns=(1, 1))  # mark the files: a rewrite changes the date
    doc = run_inventory(config).document  # nothing changed (the unit is reused, not sampled)
    assert doc["sweep"]["units_reused"] == 1
    assert all((out / name).stat().st_mtime_ns == 1 for name in views)
    written = json.loads((out / "inventory.json").read_text(encoding="utf-8"))  # every sweep's record
    assert written["sweep"]["id"] == doc["sweep"]["id"] and written["sweep"]["units_reused"] == 1

    leden = Path(config.sources[0].location) / "leden.csv"
    leden.write_text(leden.read_text(encoding="utf-8") + "Luc Maes;luc@voorbeeld.be\n", encoding="utf-8")
    doc = run_inventory(config).document
    assert doc["sweep"]["units_scanned"] == 1
    assert all((out / name).stat().st_mtime_ns != 1 for name in views)
    rows = list(csv.DictReader(io.StringIO((out / "inventory.csv").read_text(encoding="utf-8-sig"))))
    assert {r["table_rows"] for r in rows} == {"3"}  # the new row count

    (out / "inventory.html").write_text("damaged", encoding="utf-8")  # not what was written: rendered again
    run_inventory(config)
    assert (out / "inventory.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
