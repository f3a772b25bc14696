"""A PostgreSQL connection killed mid-lookup (``pg_terminate_backend`` from a second connection)
gives one error line naming the source, the source marked failed, exit code 1, and no hang (issue 11).

Needs ``PII_SCAN_TEST_POSTGRES_URL``; skips with the reason otherwise (fails under CI's
``PII_SCAN_REQUIRE_DB=1``). The test's database is named ``wiprel_<random>`` and dropped afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.slow  # about 20 s: a fresh database and a find in a subprocess

ENV = "PII_SCAN_TEST_POSTGRES_URL"
_CLI = "import sys; from pii_scan.cli import main; sys.argv[0] = 'pii-scan'; main()"


def _server() -> str:
    url = os.environ.get(ENV)
    reason = f"{ENV} is not set (no PostgreSQL server configured)" if not url else None
    if url:
        try:
            eng = sa.create_engine(url)
            with eng.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            eng.dispose()
        except Exception as exc:  # noqa: BLE001 - any failure means: no server here
            where = make_url(url).render_as_string()
            reason = f"no PostgreSQL server answers at {where}: {type(exc).__name__}"
    if reason:
        if os.environ.get("PII_SCAN_REQUIRE_DB") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    assert url
    return url


@pytest.fixture()
def slow_db() -> Iterator[str]:
    """A database whose view takes a few seconds to search: every row it reads sleeps 5 ms."""
    server = _server()
    name = f"wiprel_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = make_url(server).set(database=name)
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE wiprel_base (id integer PRIMARY KEY, email text)"))
        conn.execute(
            sa.text(
                "INSERT INTO wiprel_base SELECT i, 'person' || i || '@example.be' "
                "FROM generate_series(1, 4000) AS i"
            )
        )
        conn.execute(
            sa.text(
                "CREATE VIEW wiprel_people AS SELECT id, email FROM wiprel_base "
                "WHERE pg_sleep(0.005) IS NOT NULL"
            )
        )
    eng.dispose()
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _terminate_lookup(url: str, timeout: float = 120.0) -> int:
    """Wait for the lookup on the slow view to run, then end its backend; its pid. Lookups read
    through a server-side cursor (the query text is a FETCH): a backend sleeping in ``pg_sleep`` is
    the one reading the view."""
    name = make_url(url).database
    eng = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + timeout
    try:
        with eng.connect() as conn:
            while time.monotonic() < deadline:
                pid = conn.execute(
                    sa.text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = :db AND state = 'active' "
                        "AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'"
                    ),
                    {"db": name},
                ).scalar()
                if pid is not None:
                    time.sleep(0.3)  # well inside the lookup (it takes about 20 s)
                    assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
                    return int(pid)
                time.sleep(0.05)
    finally:
        eng.dispose()
    raise AssertionError("the lookup on the slow view never started")


def test_connection_killed_mid_lookup_is_one_line_and_source_failed(slow_db: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _CLI, "-q", "find", slow_db, "--email", "person7@example.be", "--expand", "0",
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _terminate_lookup(slow_db)
        out, err = proc.communicate(timeout=120)  # no hang: the search ends once the backend is gone
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: "), err
    assert "wiprel_people" in errors[0] and "terminat" in errors[0].lower()
    assert "person7" not in err  # the identifier never reaches an error text
    result = json.loads(out)
    (source,) = result["sources"]
    assert source["status"] == "failed" and "wiprel_people" in source["error"]
    assert result["complete"] is False
    # the rest was searched: the subject's row in the base table is still found
    assert [r["table"] for r in result["records"]] == ["wiprel_base"]
