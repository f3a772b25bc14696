"""History of sweeps in a small SQLite database inside ``state_dir``.

The state holds what a sweep needs to skip unchanged tables and to report changes: per unit (one table
of one file or database) a keyed fingerprint, the table's shape and the masked discovery results. It
never holds a raw personal value: fingerprints are HMAC-SHA256 with a key kept OUTSIDE the state
directory (``PII_SCAN_KEY``, ``[inventory] key_file`` or ``~/.config/pii-scan/key``), so a copy of the
state alone cannot be used to confirm guesses about file contents.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import socket
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pii_scan.atomic import _alive
from pii_scan.connectors.walk import NOTES
from pii_scan.errors import ConfigError, OutputError
from pii_scan.escape import printable

__all__ = ["UnitRecord", "State", "load_key", "default_key_path", "keyed_hash"]

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sweeps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    version TEXT NOT NULL,
    full INTEGER NOT NULL,
    status TEXT NOT NULL,              -- running | ok | partial | interrupted (killed while running)
    units_scanned INTEGER DEFAULT 0,
    units_reused INTEGER DEFAULT 0,
    units_failed INTEGER DEFAULT 0,
    pid INTEGER,                       -- the process running it, and its host: a running row whose
    host TEXT                          -- process is gone was interrupted
);
CREATE TABLE IF NOT EXISTS sources (
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
    name TEXT NOT NULL,
    display TEXT NOT NULL,             -- path, or URL with the password masked
    status TEXT NOT NULL,              -- ok | partial | failed
    error TEXT,
    PRIMARY KEY (sweep_id, name)
);
CREATE TABLE IF NOT EXISTS units (
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
    source TEXT NOT NULL,
    file TEXT NOT NULL,                -- file relative to the source ('' for a database URL)
    tbl TEXT NOT NULL,
    kind TEXT,
    row_count INTEGER,
    row_count_exact INTEGER,
    n_columns INTEGER,
    file_fp TEXT,                      -- HMAC of the file's size/mtime/hash (files only)
    fp TEXT,                           -- HMAC of the table's fingerprint
    status TEXT NOT NULL,              -- scanned | reused | failed
    error TEXT,
    results TEXT NOT NULL DEFAULT '[]',-- JSON list of FieldResult.to_dict() (masked samples)
    PRIMARY KEY (sweep_id, source, file, tbl)
);
CREATE TABLE IF NOT EXISTS retention (
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
    finding TEXT NOT NULL              -- JSON of one retention finding (counts only)
);
"""


@dataclass
class UnitRecord:
    """One table of one source in one sweep (the row of ``units``)."""

    source: str
    file: str
    table: str
    kind: str | None = None
    row_count: int | None = None
    row_count_exact: bool = True
    n_columns: int | None = None
    file_fp: str | None = None
    fp: str | None = None
    status: str = "scanned"
    error: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.file, self.table)


# -- the key ----------------------------------------------------------------------------------------


def default_key_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "pii-scan" / "key"


def load_key(key_file: str | None, state_dir: str) -> bytes:
    """``$PII_SCAN_KEY``, else the key file (created with mode 0600 when missing)."""
    env = os.environ.get("PII_SCAN_KEY")
    if env:
        return env.encode("utf-8")
    path = Path(key_file) if key_file else default_key_path()
    state = os.path.join(os.path.abspath(state_dir), "")
    if os.path.join(os.path.abspath(path), "").startswith(state):
        raise ConfigError(f"{path}: the fingerprint key must not be inside the state directory {state_dir}")
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            pass  # another sweep created it at the same moment
        except OSError as exc:
            raise OutputError(f"{path}: cannot create the fingerprint key: {exc.strerror}") from None
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the fingerprint key: {exc.strerror}") from None
    if len(key) < 16:
        raise ConfigError(f"{path}: the fingerprint key is too short (at least 16 characters)")
    return key.encode("utf-8")


def keyed_hash(key: bytes, facts: Any) -> str:
    """HMAC-SHA256 of canonical JSON: equal facts give equal hashes, nothing can be read back."""
    payload = json.dumps(facts, sort_keys=True, default=str, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


# -- the database -----------------------------------------------------------------------------------


class State:
    def __init__(self, state_dir: str) -> None:
        try:
            os.makedirs(state_dir, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{state_dir}: cannot create the state directory: {exc.strerror}") from None
        self.path = os.path.join(state_dir, "state.sqlite")
        self.moved_aside: str | None = None
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:  # overwritten, truncated, not SQLite: start afresh
            self.moved_aside = self._move_aside(exc)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            # quick_check reads every page: a truncated file fails here, not halfway through a sweep
            problems = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(problems[0] if problems else "quick_check gave no answer")
            db.executescript(_SCHEMA)
            have = {r[1] for r in db.execute("PRAGMA table_info(sweeps)")}
            for column in ("pid INTEGER", "host TEXT"):  # a state written before these columns
                if column.split()[0] not in have:
                    db.execute(f"ALTER TABLE sweeps ADD COLUMN {column}")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self, exc: sqlite3.DatabaseError) -> str:
        """Rename the unreadable database (and its journal files) with a UTC timestamp; say so once."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = f"{self.path}.corrupt-{stamp}"
        if os.path.exists(aside):  # damaged twice within a second: keep both copies
            aside = f"{aside}-{os.getpid()}"
        try:
            os.replace(self.path, aside)
            for extra in ("-wal", "-shm", "-journal"):
                if os.path.exists(self.path + extra):
                    os.replace(self.path + extra, aside + extra)
        except OSError as err:
            msg = f"{self.path}: unreadable state and cannot move it aside: {err.strerror}"
            raise OutputError(msg) from None
        reason = " ".join(str(exc).split())
        NOTES.warning("%s: state database unreadable (%s): moved to %s; this sweep runs as a first sweep",
                      printable(self.path), reason, printable(os.path.basename(aside)))  # fmt: skip
        return aside

    def close(self) -> None:
        self.db.close()

    # sweeps ------------------------------------------------------------------------------------
    def begin(self, started_at: str, version: str, full: bool) -> int:
        cur = self.db.execute(
            "INSERT INTO sweeps (started_at, version, full, status, pid, host) "
            "VALUES (?, ?, ?, 'running', ?, ?)",
            (started_at, version, int(full), os.getpid(), socket.gethostname()),
        )
        self.db.commit()
        return int(cur.lastrowid or 0)

    def mark_interrupted(self, sweep_id: int) -> list[dict[str, Any]]:
        """Sweeps before ``sweep_id`` still marked running whose process is gone (killed, machine
        stopped): marked ``interrupted`` and returned. A running sweep of another host, or whose
        process lives, is left alone; one recorded without a process (older state) is interrupted."""
        host = socket.gethostname()
        rows = self.db.execute(
            "SELECT id, started_at, pid, host FROM sweeps WHERE status='running' AND id < ?", (sweep_id,)
        ).fetchall()
        gone = [
            {"id": sid, "started_at": started}
            for sid, started, pid, where in rows
            if pid is None or (where == host and not _alive(int(pid)))
        ]
        if gone:
            with self.db:
                self.db.executemany(
                    "UPDATE sweeps SET status='interrupted' WHERE id=? AND status='running'",
                    [(g["id"],) for g in gone],
                )
        return gone

    def previous(self, sweep_id: int) -> dict[str, Any] | None:
        """The last finished sweep before ``sweep_id``."""
        row = self.db.execute(
            "SELECT id, started_at, finished_at FROM sweeps WHERE id < ? AND status IN ('ok', 'partial') "
            "ORDER BY id DESC LIMIT 1",
            (sweep_id,),
        ).fetchone()
        return {"id": row[0], "started_at": row[1], "finished_at": row[2]} if row else None

    def finish(
        self,
        sweep_id: int,
        finished_at: str,
        status: str,
        sources: list[dict[str, Any]],
        units: list[UnitRecord],
        retention: list[dict[str, Any]],
    ) -> None:
        with self.db:  # one transaction: a sweep is stored whole or not at all
            self.db.executemany(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?)",
                [(sweep_id, s["name"], s["location"], s["status"], s.get("error")) for s in sources],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (sweep_id, u.source, u.file, u.table, u.kind, u.row_count, int(u.row_count_exact),
                     u.n_columns, u.file_fp, u.fp, u.status, u.error, json.dumps(u.results))
                    for u in units
                ],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO retention VALUES (?, ?)", [(sweep_id, json.dumps(r)) for r in retention]
            )
            counts = {s: sum(u.status == s for u in units) for s in ("scanned", "reused", "failed")}
            self.db.execute(
                "UPDATE sweeps SET finished_at=?, status=?, units_scanned=?, units_reused=?, units_failed=? "
                "WHERE id=?",
                (finished_at, status, counts["scanned"], counts["reused"], counts["failed"], sweep_id),
            )

    def abandon(self, sweep_id: int) -> None:
        with self.db:
            self.db.execute("DELETE FROM sweeps WHERE id=? AND status='running'", (sweep_id,))

    # reading -----------------------------------------------------------------------------------
    def units_of(self, sweep_id: int) -> list[UnitRecord]:
        rows = self.db.execute(
            "SELECT source, file, tbl, kind, row_count, row_count_exact, n_columns, file_fp, fp, status, "
            "error, results FROM units WHERE sweep_id=? ORDER BY source, file, tbl",
            (sweep_id,),
        ).fetchall()
        return [_unit(r) for r in rows]

    def sources_of(self, sweep_id: int) -> dict[str, str]:
        """Source name -> status in that sweep."""
        rows = self.db.execute("SELECT name, status FROM sources WHERE sweep_id=?", (sweep_id,))
        return dict(rows.fetchall())

    def latest_good_units(self, before: int) -> dict[tuple[str, str, str], UnitRecord]:
        """For every unit ever read successfully, its most recent good record (for reuse)."""
        rows = self.db.execute(
            "SELECT u.source, u.file, u.tbl, u.kind, u.row_count, u.row_count_exact, u.n_columns, u.file_fp, "
            "u.fp, u.status, u.error, u.results FROM units u JOIN ("
            "  SELECT source, file, tbl, MAX(sweep_id) AS sid FROM units"
            "  WHERE status != 'failed' AND sweep_id < ? GROUP BY source, file, tbl"
            ") last ON u.source = last.source AND u.file = last.file AND u.tbl = last.tbl "
            "AND u.sweep_id = last.sid",
            (before,),
        ).fetchall()
        return {(r[0], r[1], r[2]): _unit(r) for r in rows}

    def sweeps(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, started_at, finished_at, status, units_scanned, units_reused, units_failed "
            "FROM sweeps ORDER BY id"
        ).fetchall()
        keys = ("id", "started_at", "finished_at", "status", "units_scanned", "units_reused", "units_failed")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def _unit(r: tuple[Any, ...]) -> UnitRecord:
    return UnitRecord(
        source=r[0], file=r[1], table=r[2], kind=r[3], row_count=r[4], row_count_exact=bool(r[5]),
        n_columns=r[6], file_fp=r[7], fp=r[8], status=r[9], error=r[10], results=json.loads(r[11] or "[]"),
    )  # fmt: skip
