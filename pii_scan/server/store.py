"""The workplace's own database, ``state_dir/server.sqlite``: users, sessions, requests, decisions, audit.

Nothing raw is kept here. Passwords and API tokens are scrypt hashes, session ids SHA-256 hashes (random
256-bit values), a request's identifiers and requester are masked, records are named by a keyed hash
of their source/table/key (the inventory's fingerprint key, kept outside the state folder) and carry
masked values only. The raw identifiers and values live in the server's memory while it runs, and in
the subject's package, which is the one place raw values belong.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from typing import Any

from pii_scan.errors import PiiScanError

__all__ = ["Store", "hash_secret", "verify_secret", "ROLES", "LOCK_AFTER", "LOCK_SECONDS", "AuthError"]

ROLES = ("officer", "staff")
LOCK_AFTER = 5  # failed logins in a row before the account is locked
LOCK_SECONDS = 15 * 60
SESSION_SECONDS = 12 * 3600
# scrypt cost: 16 MiB, ~50 ms a check on one core; enough against offline guessing of a stolen file
_N, _R, _P = 2**14, 8, 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, pw_hash TEXT NOT NULL,
    failed INTEGER NOT NULL DEFAULT 0, locked_until REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name), hash TEXT NOT NULL, created_at TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, requester TEXT NOT NULL, identifiers TEXT NOT NULL,
    kind TEXT NOT NULL, received TEXT NOT NULL, due TEXT NOT NULL, status TEXT NOT NULL,
    state TEXT NOT NULL, progress TEXT NOT NULL DEFAULT '', error TEXT, counts TEXT NOT NULL DEFAULT '{}',
    records TEXT NOT NULL DEFAULT '[]', sources TEXT NOT NULL DEFAULT '[]', package TEXT,
    encrypted INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    request_id TEXT NOT NULL, rid TEXT NOT NULL, decision TEXT NOT NULL, reason TEXT NOT NULL,
    user TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (request_id, rid));
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    request_id TEXT, subject TEXT, detail TEXT);
"""

REQUEST_COLUMNS = (
    "id", "owner", "requester", "identifiers", "kind", "received", "due", "status", "state", "progress",
    "error", "counts", "records", "sources", "package", "encrypted", "created_at",
)  # fmt: skip
_JSON_COLUMNS = ("identifiers", "counts", "records", "sources")


class AuthError(PiiScanError):
    """Unknown user, wrong password or token, or a locked account (the message says which to staff)."""


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


_DUMMY = hash_secret("timing equaliser")  # an unknown user costs as much as a wrong password


class Store:
    """Thread-safe access to ``server.sqlite`` (one connection, one lock: the load is a few staff)."""

    def __init__(self, state_dir: str) -> None:
        os.makedirs(state_dir, mode=0o700, exist_ok=True)
        self.path = os.path.join(state_dir, "server.sqlite")
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        os.chmod(self.path, 0o600)
        self.db.executescript(_SCHEMA)
        self.db.commit()

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.lock, self.db:
            return self.db.execute(sql, args).fetchall()

    # users -------------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> None:
        if role not in ROLES:
            raise AuthError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise AuthError("a user name is letters, digits, '.', '-' and '_'")
        if len(password) < 10:
            raise AuthError("the password needs at least 10 characters")
        self._exec(
            "INSERT INTO users (name, role, pw_hash, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET role=excluded.role, pw_hash=excluded.pw_hash, failed=0, "
            "locked_until=0",
            (name, role, hash_secret(password), now_iso()),
        )

    def role(self, name: str) -> str | None:
        rows = self._exec("SELECT role FROM users WHERE name=?", (name,))
        return rows[0][0] if rows else None

    def users(self) -> list[dict[str, Any]]:
        rows = self._exec("SELECT name, role, created_at FROM users ORDER BY name")
        return [{"name": r[0], "role": r[1], "created_at": r[2]} for r in rows]

    def check_password(self, name: str, password: str) -> str:
        """The user's role, or AuthError; repeated failures lock the account for a while."""
        rows = self._exec("SELECT pw_hash, failed, locked_until, role FROM users WHERE name=?", (name,))
        if not rows:
            verify_secret(password, _DUMMY)
            raise AuthError("wrong user name or password")
        pw_hash, failed, locked_until, role = rows[0]
        if locked_until > time.time():
            raise AuthError("account locked after repeated failed logins; try again later")
        if not verify_secret(password, pw_hash):
            failed += 1
            until = time.time() + LOCK_SECONDS if failed >= LOCK_AFTER else 0
            self._exec("UPDATE users SET failed=?, locked_until=? WHERE name=?", (failed, until, name))
            raise AuthError("wrong user name or password")
        self._exec("UPDATE users SET failed=0, locked_until=0 WHERE name=?", (name,))
        return str(role)

    def new_token(self, name: str) -> str:
        if self.role(name) is None:
            raise AuthError(f"no user named {name!r} (add one with 'pii-scan user add')")
        tid, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        self._exec("INSERT INTO tokens VALUES (?, ?, ?, ?)", (tid, name, hash_secret(secret), now_iso()))
        return f"pst_{tid}_{secret}"

    def check_token(self, token: str) -> tuple[str, str] | None:
        """(user, role) of a valid API token."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "pst":
            return None
        rows = self._exec(
            "SELECT t.hash, u.name, u.role FROM tokens t JOIN users u ON u.name=t.user WHERE t.id=?",
            (parts[1],),
        )
        if not rows:
            verify_secret(parts[2], _DUMMY)
            return None
        return (rows[0][1], rows[0][2]) if verify_secret(parts[2], rows[0][0]) else None

    # sessions ----------------------------------------------------------------------------------
    def new_session(self, user: str) -> tuple[str, str]:
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._exec("DELETE FROM sessions WHERE expires < ?", (time.time(),))
        self._exec(
            "INSERT INTO sessions VALUES (?, ?, ?, ?)",
            (_sha(sid), user, csrf, time.time() + SESSION_SECONDS),
        )
        return sid, csrf

    def session(self, sid: str) -> tuple[str, str, str] | None:
        """(user, role, csrf token) of a live session."""
        rows = self._exec(
            "SELECT s.user, u.role, s.csrf FROM sessions s JOIN users u ON u.name=s.user "
            "WHERE s.id_hash=? AND s.expires > ?",
            (_sha(sid), time.time()),
        )
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    def end_session(self, sid: str) -> None:
        self._exec("DELETE FROM sessions WHERE id_hash=?", (_sha(sid),))

    # requests ----------------------------------------------------------------------------------
    def add_request(self, row: dict[str, Any]) -> None:
        values = tuple(
            json.dumps(row.get(c)) if c in _JSON_COLUMNS else row.get(c) for c in REQUEST_COLUMNS
        )
        marks = ", ".join("?" for _ in REQUEST_COLUMNS)
        self._exec(f"INSERT INTO requests ({', '.join(REQUEST_COLUMNS)}) VALUES ({marks})", values)

    def update_request(self, rid: str, **fields: Any) -> None:
        bad = set(fields) - set(REQUEST_COLUMNS)
        if bad:
            raise ValueError(f"unknown request fields {sorted(bad)}")
        sets = ", ".join(f"{k}=?" for k in fields)
        values = tuple(json.dumps(v) if k in _JSON_COLUMNS else v for k, v in fields.items())
        self._exec(f"UPDATE requests SET {sets} WHERE id=?", (*values, rid))

    def request(self, rid: str) -> dict[str, Any] | None:
        rows = self._exec(f"SELECT {', '.join(REQUEST_COLUMNS)} FROM requests WHERE id=?", (rid,))
        return _request(rows[0]) if rows else None

    def requests(self, owner: str | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE owner=?", (owner,)) if owner is not None else ("", ())
        rows = self._exec(
            f"SELECT {', '.join(REQUEST_COLUMNS)} FROM requests {where} ORDER BY due, created_at", args
        )
        return [_request(r) for r in rows]

    def decide(self, request_id: str, rid: str, decision: str, reason: str, user: str) -> None:
        self._exec(
            "INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
            (request_id, rid, decision, reason, user, now_iso()),
        )

    def decisions(self, request_id: str) -> dict[str, dict[str, str]]:
        rows = self._exec(
            "SELECT rid, decision, reason, user, at FROM decisions WHERE request_id=?", (request_id,)
        )
        return {r[0]: {"decision": r[1], "reason": r[2], "user": r[3], "at": r[4]} for r in rows}

    # audit -------------------------------------------------------------------------------------
    def audit(
        self, user: str, action: str, request_id: str | None = None, subject: str = "", detail: str = ""
    ) -> None:
        self._exec(
            "INSERT INTO audit (at, user, action, request_id, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (now_iso(), user, action, request_id, subject, detail),
        )

    def audit_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, at, user, action, request_id, subject, detail FROM audit ORDER BY id DESC"
        rows = self._exec(sql + (f" LIMIT {int(limit)}" if limit else ""))
        keys = ("id", "at", "user", "action", "request_id", "subject", "detail")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _request(row: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(REQUEST_COLUMNS, row, strict=True))
    for c in _JSON_COLUMNS:
        out[c] = json.loads(out[c]) if out[c] else None
    out["encrypted"] = bool(out["encrypted"])
    return out
