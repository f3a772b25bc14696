"""Shared fixtures. Database tests take their server URL from the environment (set by .ci/run):

    PII_SCAN_TEST_POSTGRES_URL   e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test
    PII_SCAN_TEST_MYSQL_URL      e.g. mysql+pymysql://root@127.0.0.1:3306/test

Each test module gets a fresh, uniquely named database on that server, dropped afterwards, so runs
in parallel never see each other's tables. Without a URL or an answering server the tests skip with
the reason; with PII_SCAN_REQUIRE_DB=1 (CI) they fail instead, so CI cannot pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url


@pytest.fixture(autouse=True, scope="session")
def _profile_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Column profiles (connectors/sql_profile.py) of test databases go to a temporary folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PII_SCAN_CACHE_DIR", str(tmp_path_factory.mktemp("profile-cache")))
        yield


def _server_or_skip(env: str) -> str:
    url = os.environ.get(env)
    reason = None
    if not url:
        reason = f"{env} is not set (no database server configured)"
    else:
        try:
            eng = sa.create_engine(url)
            with eng.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            eng.dispose()
        except Exception as exc:  # noqa: BLE001 - any failure means: no server here
            reason = f"no database server answers at {make_url(url).render_as_string()}: {type(exc).__name__}"
    if reason:
        if os.environ.get("PII_SCAN_REQUIRE_DB") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return url  # type: ignore[return-value]


def _fresh_database(env: str) -> Iterator[str]:
    server = _server_or_skip(env)
    name = f"piiscan_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            if admin.dialect.name == "postgresql":
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (module scope)."""
    yield from _fresh_database("PII_SCAN_TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def mysql_url() -> Iterator[str]:
    """URL of a fresh, empty MariaDB/MySQL database (module scope)."""
    yield from _fresh_database("PII_SCAN_TEST_MYSQL_URL")


SHARED_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


@pytest.fixture(scope="session")
def shared_data() -> str:
    """../shared/data for opt-in evaluations (``-m eval``); skips when absent."""
    path = os.environ.get("PII_SCAN_SHARED_DATA", SHARED_DATA)
    if not os.path.isdir(path):
        pytest.skip(f"development data not found at {path}")
    return os.path.abspath(path)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches pii-scan keeps in the user's home (the engine comparison, models/choose.py) go to a
    temporary folder: tests never write to, nor depend on, the home folder."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(autouse=True)
def _default_limits() -> Iterator[None]:
    """A CLI command sets the configured [limits] for its thread; the next test starts from defaults."""
    from pii_scan.limits import LIMITS, Limits

    token = LIMITS.set(Limits())
    yield
    LIMITS.reset(token)
