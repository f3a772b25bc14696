"""Column profiles (``connectors/sql_profile.py``): a complete lookup served by the index from the
notations and letter cases the column was seen to hold finds exactly the rows the scan finds, and a
change of the data makes the profile learn again. Compared against the brute-force scan
(``profiles=False``) on random columns of mixed notations and cases, in SQLite, PostgreSQL and
MariaDB."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii_scan.connectors import Filter, open_source
from pii_scan.connectors import sql_profile as sp
from pii_scan.connectors.sql import SqlConnector

# shapes a phone column holds, each with its own leading digits (country code, trunk prefix)
NOTATIONS = [
    lambda n: f"0{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
    lambda n: f"+32 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
    lambda n: f"0032{n}",
    lambda n: f"0{n[:3]}/{n[3:5]}.{n[5:7]}.{n[7:]}",
    lambda n: f"+32({n[:3]}){n[3:]}",
    lambda n: f"0{n}",
    lambda n: f"tel. 0{n}",  # a letter among the digits: kept as a digest, found by scan
]
CASES = [
    str.lower,
    str.upper,
    str.title,
    lambda e: e,
    lambda e: e.split("@")[0].title() + "@" + e.split("@")[1],
    lambda e: e[:3].upper() + e[3:],  # an unusual case: kept as a digest, found by the walk
]


def _old(path: Path) -> None:
    """Date the file back: a database written within 2 s has no fingerprint (read by scan)."""
    past = time.time() - 60
    os.utime(path, (past, past))


def _build(path: Path, rows: list[tuple[int, str, str]]) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, phone TEXT, email TEXT)")
    con.executemany("INSERT INTO people VALUES (?, ?, ?)", rows)
    con.execute("CREATE INDEX ix_phone ON people (phone)")
    con.execute("CREATE INDEX ix_email ON people (email)")
    con.commit()
    con.close()
    _old(path)


def _compare(location: str, table: str, flt: Filter) -> tuple[list[int], list[int]]:
    fast = open_source(location)[0]
    slow = open_source(location)[0]
    slow.options["profiles"] = False  # the brute-force scan
    try:
        return _ids_t(fast, table, flt), _ids_t(slow, table, flt)
    finally:
        fast.close()
        slow.close()


def _ids_t(conn: Any, table: str, flt: Filter) -> list[int]:
    return sorted(int(i) for df in conn.select(table, [flt]) for i in df["id"])


@pytest.fixture(autouse=True)
def _fresh_memory() -> Iterator[None]:
    sp._MEMORY.clear()
    yield
    sp._MEMORY.clear()


def _random_rows(seed: int, n: int, kinds: list[int], usual: bool = False) -> list[tuple[int, str, str]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        nsn = "4" + "".join(rnd.choice("0123456789") for _ in range(8)) if rnd.random() < 0.8 else "470123456"
        email = f"jan.peeters{rnd.randrange(5)}@example.be"
        case = rnd.choice(CASES[:-1] if usual else CASES)
        out.append((i, NOTATIONS[rnd.choice(kinds)](nsn), case(email)))
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10**6),
    kinds=st.lists(st.integers(0, len(NOTATIONS) - 1), min_size=1, max_size=4, unique=True),
    min_group=st.sampled_from([1, 10]),
)
def test_profile_lookups_find_what_the_scan_finds(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, seed: int, kinds: list[int],
    min_group: int,
) -> None:  # fmt: skip
    monkeypatch.setattr(sp, "MIN_GROUP", min_group)
    db = tmp_path_factory.mktemp("prof") / "p.sqlite"
    rows = _random_rows(seed, 120, kinds)
    _build(db, rows)
    for digits in ("470123456", rows[7][1][-4:].replace(" ", "") or "1"):
        fast, slow = _compare(str(db), "people", Filter("phone", "digits_suffix", (digits,)))
        assert fast == slow
    for k in range(5):
        fast, slow = _compare(
            str(db), "people", Filter("email", "equals_ci", (f"jan.peeters{k}@example.be",))
        )
        assert fast == slow


def test_profile_serves_by_index_and_is_kept_without_personal_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PII_SCAN_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "p.sqlite"
    rows = _random_rows(3, 400, [0, 1], usual=True)
    _build(db, rows)
    conn = open_source(str(db))[0]
    assert isinstance(conn, SqlConnector)
    ref = conn._ref("people")
    prof = conn._profile(ref, "phone")
    assert prof is not None and prof.templates is not None
    assert set(prof.templates) == {"#### ## ## ##", "+## ### ## ## ##"}
    assert sp.notation_candidates(prof, ["470123456"]) == ["+32 470 12 34 56", "0470 12 34 56"]
    assert conn._profile(ref, "email") is not None and conn._profile(ref, "email").case_closed  # type: ignore[union-attr]
    conn.close()
    stored = "".join(p.read_text() for p in (tmp_path / "cache" / "profiles").iterdir())
    for _, phone, email in rows:  # shapes and shared leading digits only: no value, no number
        assert phone not in stored and phone.replace(" ", "")[-6:] not in stored and email not in stored
    # a fresh connector (another process) reads it from disk: no read of the column
    sp._MEMORY.clear()
    monkeypatch.setattr(sp, "learn", lambda *a, **k: pytest.fail("learned again"))
    again = open_source(str(db))[0]
    assert again._profile(again._ref("people"), "phone") == prof  # type: ignore[attr-defined]
    again.close()


def test_a_new_notation_written_later_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_SCAN_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "p.sqlite"
    _build(db, _random_rows(5, 200, [0]))
    flt = Filter("phone", "digits_suffix", ("470999888",))
    assert _compare(str(db), "people", flt) == ([], [])
    con = sqlite3.connect(db)
    con.execute("INSERT INTO people VALUES (9999, '+32-470-99-98-88', 'x@example.be')")
    con.commit()
    con.close()
    # just written: no fingerprint, read by scan; dated back: a changed fingerprint, learned again
    assert _compare(str(db), "people", flt) == ([9999], [9999])
    _old(db)
    assert _compare(str(db), "people", flt) == ([9999], [9999])


def test_odd_values_are_found_by_the_scan_and_only_theirs(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    rows = _random_rows(9, 100, [0], usual=True) + [(500, "tel. 0470 12 34 56", "JAN.peeters1@EXAMPLE.be")]
    _build(db, rows)
    conn = open_source(str(db))[0]
    ref = conn._ref("people")  # type: ignore[attr-defined]
    prof = conn._profile(ref, "phone")  # type: ignore[attr-defined]
    email = conn._profile(ref, "email")  # type: ignore[attr-defined]
    conn.close()
    # the odd value's number and email are searched by scan; any other one still by index
    assert sp.notation_candidates(prof, ["470123456"]) is None
    assert sp.notation_candidates(prof, ["470999888"]) == ["0470 99 98 88"]
    assert not sp.case_served(email, ["jan.peeters1@example.be"])
    assert sp.case_served(email, ["jan.peeters2@example.be"]) and not email.case_closed
    fast, slow = _compare(str(db), "people", Filter("phone", "digits_suffix", ("470123456",)))
    assert 500 in fast and fast == slow
    fast, slow = _compare(str(db), "people", Filter("email", "equals_ci", ("jan.peeters1@example.be",)))
    assert 500 in fast and fast == slow


def _server_rows(url: str, table: str, rows: list[tuple[int, str, str]]) -> None:
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        conn.execute(
            sa.text(f"CREATE TABLE {table} (id INT PRIMARY KEY, phone VARCHAR(40), email VARCHAR(80))")
        )
        conn.execute(
            sa.text(f"INSERT INTO {table} VALUES (:i, :p, :e)"),
            [{"i": i, "p": p, "e": e} for i, p, e in rows],
        )
        conn.execute(sa.text(f"CREATE INDEX ix_{table}_phone ON {table} (phone)"))
        conn.execute(sa.text(f"CREATE INDEX ix_{table}_email ON {table} (email)"))
    eng.dispose()


def _wait_for_fingerprint(url: str, table: str, before: str | None) -> None:
    """Until the server's statistics show the last write (PostgreSQL flushes them asynchronously)."""
    eng = sa.create_engine(url)
    tbl = sa.table(table)
    for _ in range(100):
        with eng.connect() as conn:
            if (fp := sp.fingerprint(conn, None, tbl)) is not None and fp != before:
                break
        time.sleep(0.2)
    eng.dispose()


@pytest.mark.parametrize("backend", ["postgres", "mysql"])
def test_servers_profile_lookups_match_the_scan(backend: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"{backend}_url")
    table = "prof_people"
    rows = _random_rows(11, 300, [0, 1, 3, 6])
    _server_rows(url, table, rows)
    _wait_for_fingerprint(url, table, None)
    for digits in ("470123456", "123"):
        fast, slow = _compare(url, table, Filter("phone", "digits_suffix", (digits,)))
        assert fast == slow
    fast, slow = _compare(url, table, Filter("email", "equals_ci", ("jan.peeters2@example.be",)))
    assert fast and fast == slow
    conn = open_source(url)[0]
    prof = conn._profile(conn._ref(table), "phone")  # type: ignore[attr-defined]
    conn.close()
    assert prof is not None and prof.templates is not None  # served from the profile, not the scan
    # a row in a new notation: once the statistics show it, the profile is learned again
    eng = sa.create_engine(url)
    with eng.connect() as c:
        before = sp.fingerprint(c, None, sa.table(table))
    with eng.begin() as c:
        c.execute(sa.text(f"INSERT INTO {table} VALUES (9999, '+32-470-99-98-88', 'x@example.be')"))
    eng.dispose()
    _wait_for_fingerprint(url, table, before)
    assert _compare(url, table, Filter("phone", "digits_suffix", ("470999888",))) == ([9999], [9999])
