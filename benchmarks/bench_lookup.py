# ruff: noqa: E501  (the table of timed cases reads best one case per line)
"""Subject lookup time on a large indexed SQL table and on a large CSV.

    python benchmarks/bench_lookup.py --rows 1000000 [--postgres URL] [--repeat 5]

Builds (once, under benchmarks/_data/, git-ignored) a ``people`` table with an index on ``email``
and ``customer_id``, and the same rows as CSV, then times:
- find_subject by --id (``equals``: index lookup),
- the email filter pushed down three ways: ``equals_ci`` as find uses it, ``equals`` on the spellings
  (as given / lower case: index friendly), and ``lower(col) IN`` (what defeats a plain index),
- find_subject by email and by phone (digits suffix: a scan in the database),
- the same lookups on the CSV (vectorized, chunk by chunk).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"


def person(i: int) -> tuple[int, str, str, str, str]:
    return (
        i,
        f"First{i}",
        f"Last{i}",
        f"First{i}.Last{i}@Example.be",
        f"0470 {i // 10000 % 100:02d} {i % 10000:04d}",
    )


def build_sqlite(rows: int) -> Path:
    path = DATA / f"people_{rows}.sqlite"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute(
        "CREATE TABLE people (customer_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT)"
    )
    con.executemany("INSERT INTO people VALUES (?,?,?,?,?)", (person(i) for i in range(rows)))
    con.execute("CREATE INDEX ix_people_email ON people (email)")
    con.commit()
    con.close()
    os.replace(tmp, path)
    return path


def build_csv(rows: int) -> Path:
    path = DATA / f"people_{rows}.csv"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("customer_id;first_name;last_name;email;phone\n")
        for i in range(rows):
            fh.write(";".join(map(str, person(i))) + "\n")
    os.replace(tmp, path)
    return path


def build_postgres(url: str, rows: int) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.begin() as conn:
        n = conn.execute(sa.text("SELECT to_regclass('people') IS NOT NULL")).scalar()
        if n and conn.execute(sa.text("SELECT count(*) FROM people")).scalar() == rows:
            return
        conn.execute(sa.text("DROP TABLE IF EXISTS people"))
        conn.execute(sa.text(
            "CREATE TABLE people (customer_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, "
            "email TEXT, phone TEXT)"
        ))  # fmt: skip
        raw = conn.connection.dbapi_connection
        with raw.cursor().copy("COPY people FROM STDIN") as cp:  # type: ignore[union-attr]
            for i in range(rows):
                cp.write_row(person(i))
        conn.execute(sa.text("CREATE INDEX ix_people_email ON people (email)"))
        conn.execute(sa.text("ANALYZE people"))
    eng.dispose()


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def bench_source(label: str, location: str, rows: int, repeat: int) -> None:
    from pii_scan.connectors.base import Filter
    from pii_scan.connectors.registry import open_source
    from pii_scan.subject import find_subject

    i = rows * 3 // 4
    _, _, _, email, phone = person(i)
    table = "people" if not location.endswith(".csv") else Path(location).name
    conn = open_source(location)[0]

    def count(filters: list[Filter]) -> int:
        return sum(len(df) for df in conn.select(table, filters))

    cases: list[tuple[str, Callable[[], object]]] = [
        ("select equals on key (indexed)", lambda: count([Filter("customer_id", "equals", (str(i),))])),
        ("select equals on email spellings (indexed)",
         lambda: count([Filter("email", "equals", (email, email.lower()))])),
        ("select equals_ci on email", lambda: count([Filter("email", "equals_ci", (email.lower(),))])),
        ("select digits_suffix on phone", lambda: count([Filter("phone", "digits_suffix", (phone[1:].replace(" ", ""),))])),
        ("find_subject --id", lambda: len(find_subject([location], {"id": [f"{table}.customer_id={i}"]}).records)),
        ("find_subject --email", lambda: len(find_subject([location], {"email": [email.upper()]}).records)),
        ("find_subject --phone", lambda: len(find_subject([location], {"phone": [phone.replace(" ", "")]}).records)),
    ]  # fmt: skip
    if location.endswith(".sqlite"):
        raw = sqlite3.connect(f"file:{location}?mode=ro", uri=True)
        cases.insert(2, ("raw SQL lower(email) IN (?) (no index)", lambda: raw.execute(
            "SELECT count(*) FROM people WHERE lower(email) IN (?)", (email.lower(),)).fetchone()[0]))  # fmt: skip
    print(f"\n{label}: {rows:,} rows ({location})")
    for name, fn in cases:
        ms, out = timed(fn, repeat)
        print(f"  {name:<45} {ms:10.1f} ms   -> {out}")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--csv-rows", type=int, default=None, help="rows of the CSV (default: --rows)")
    ap.add_argument("--postgres", default=os.environ.get("PII_SCAN_BENCH_POSTGRES_URL"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    db = build_sqlite(args.rows)
    csv_path = build_csv(args.csv_rows or args.rows)
    print(f"data ready in {time.perf_counter() - t0:.1f} s")
    bench_source("SQLite", str(db), args.rows, args.repeat)
    if args.postgres:
        build_postgres(args.postgres, args.rows)
        bench_source("PostgreSQL", args.postgres, args.rows, args.repeat)
    bench_source("CSV", str(csv_path), args.csv_rows or args.rows, max(1, args.repeat // 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
