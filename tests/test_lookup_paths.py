"""Complete lookups without reading every row where an index can answer: the SQLite case walk on a
plain index, and the digit-suffix prefilter. Each is checked against the plain scan it replaces, on
random spellings (no timings: benchmarks/bench_lookup.py measures them)."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from pii_scan.connectors.base import Filter
from pii_scan.connectors.sql import SqlConnector
from pii_scan.connectors.sql_lookup import case_walk


def _spellings(rng: random.Random, word: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in word)


def _db(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "people.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT)")
    con.executemany("INSERT INTO people(email, phone) VALUES (?, ?)", rows)
    con.execute("CREATE INDEX ix_email ON people (email)")  # plain, case-sensitive
    con.commit()
    con.close()
    return path


def test_case_walk_finds_exactly_the_stored_spellings(tmp_path: Path) -> None:
    rng = random.Random(7)
    target = "jan.peeters@example.be"
    stored = {_spellings(rng, target) for _ in range(12)} | {target.upper(), "Jan.Peeters@Example.be"}
    decoys = ["jan.peeters@example.bex", "jan.peeters@example.b", "jän.peeters@example.be", "x" + target]
    others = [_spellings(rng, f"user{i}.name@example.be") for i in range(300)]
    db = _db(tmp_path, [(e, "") for e in [*stored, *decoys, *others]])
    conn = SqlConnector(str(db))
    ref = conn._ref("people")
    with conn.connect() as c:
        found = case_walk(c, ref.table, "email", [target.upper()])
    assert found is not None and set(found) >= stored
    # The walk's result is then matched exactly: the rows are those lower() finds.
    assert "case walk" in conn.lookup_plan("people", "email")
    got = {r for df in conn.select("people", [Filter("email", "equals_ci", (target,))]) for r in df["email"]}
    with conn.connect() as c:
        scan = {
            r[0]
            for r in c.execute(sa.text("SELECT email FROM people WHERE lower(email) = :v"), {"v": target})
        }
    assert got == scan == stored
    conn.close()


def test_case_walk_agrees_with_lower_on_random_values(tmp_path: Path) -> None:
    rng = random.Random(11)
    words = ["ab", "aB", "Ab", "AB", "abc", "a-b", "ä", "Ä", "a", "b", "abd", "ABD", "zz", "Zz9", "9z"]
    rows = [("".join(rng.choice(words) for _ in range(rng.randint(1, 3))), "") for _ in range(400)]
    conn = SqlConnector(str(_db(tmp_path, rows)))
    stored = [e for e, _ in rows]
    for probe in rng.sample(stored, 40) + ["nothing", "AB-AB"]:
        value = probe.lower()  # as find passes it
        got = sorted(
            r for df in conn.select("people", [Filter("email", "equals_ci", (value,))]) for r in df["email"]
        )
        with conn.connect() as c:  # the oracle: SQLite's own case-insensitive equality, on every row
            scan = c.execute(sa.text("SELECT email FROM people WHERE lower(email) = lower(:v)"), {"v": value})
            assert got == sorted(r[0] for r in scan), probe
    conn.close()


def test_digit_suffix_prefilter_keeps_every_notation(tmp_path: Path) -> None:
    notations = [
        "0470 12 34 56", "0470/12.34.56", "+32 470 12 34 56", "0032-470-123456", "(0470) 123456.",
        "0470 12 34 5 6", "0470123456 ", "+32470123456)", "0470 12 34 57", "0470 12 34 65",
    ]  # fmt: skip
    conn = SqlConnector(str(_db(tmp_path, [("", n) for n in notations])))
    got = sorted(
        r
        for df in conn.select("people", [Filter("phone", "digits_suffix", ("470123456",))])
        for r in df["phone"]
    )
    assert got == sorted(n for n in notations if "".join(c for c in n if c.isdigit()).endswith("470123456"))
    conn.close()


def _both_paths(path: Path, filters: list[Filter]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from pii_scan.connectors.registry import connector_for

    conn = connector_for(str(path))
    table = conn.tables()[0].name
    assert conn._lookup_table(table) is not None  # the one-pass path is taken
    arrow = pd.concat(list(conn.select(table, filters)) or [pd.DataFrame()])
    conn._cache["arrow"] = None  # force the chunked pandas path
    chunked = pd.concat(list(conn.select(table, filters, chunk_rows=7)) or [pd.DataFrame()])
    conn.close()
    return arrow, chunked


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_one_pass_csv_lookup_equals_the_chunked_one(tmp_path: Path, encoding: str) -> None:
    rng = random.Random(3)
    rows = [["id", "naam", "email", "telefoon", "notitie"]]
    for i in range(60):
        rows.append(
            [
                str(i),
                rng.choice(["Jan Peeters", "Marie Dubois", "Zoë Lefèvre", ""]),
                _spellings(rng, rng.choice(["jan@example.be", "marie@example.fr", "x@y.nl"])),
                rng.choice(["0470 12 34 56", "+32 470 12 34 56", "02/274.48.00", ""]),
                rng.choice(["bel Jan terug", "line one\nline two; with semicolon", 'said "hi"', ""]),
            ]
        )
    path = tmp_path / "people.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    filters = [
        Filter("email", "equals_ci", ("jan@example.be",)),
        Filter("telefoon", "digits_suffix", ("470123456",)),
        Filter("notitie", "contains_ci", ("LINE TWO",)),
        Filter("naam", "equals", ("Zoë Lefèvre",)),
        Filter("id", "equals", ("7", "59")),
    ]
    for flt in [*[[f] for f in filters], filters]:
        arrow, chunked = _both_paths(path, flt)
        assert len(arrow) and list(arrow.index) == list(chunked.index)
        assert arrow.fillna("<NA>").astype(str).equals(chunked.fillna("<NA>").astype(str))
