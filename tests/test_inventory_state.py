"""The sweep state: a sweep killed while running (its row still says ``running``, its process gone) is
marked ``interrupted`` by the next sweep and reported, never taken as the previous sweep; a sweep whose
process still runs is left alone. The register files are rewritten only when their bytes change."""

from __future__ import annotations

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


def test_unchanged_register_files_are_not_rewritten(config):
    run_inventory(config)
    run_inventory(config)  # units "reused" from here on
    out = Path(config.out_dir)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    os.utime(out / "inventory.csv", ns=(1, 1))  # mark the files: a rewrite would change the date
    os.utime(out / "inventory.json", ns=(1, 1))
    doc = run_inventory(config).document
    assert (out / "inventory.csv").stat().st_mtime_ns == 1  # same rows: the same bytes, not written
    assert (out / "inventory.json").stat().st_mtime_ns != 1  # a new sweep: new id and times
    written = json.loads((out / "inventory.json").read_text(encoding="utf-8"))
    assert written["sweep"]["id"] == doc["sweep"]["id"]
    assert set(before) == {p.name for p in out.iterdir()}
