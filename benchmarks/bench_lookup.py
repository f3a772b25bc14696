# ruff: noqa: E501  (the table of timed cases reads best one case per line)
"""Subject lookup time on a large indexed SQL table and on a large CSV.

    python benchmarks/bench_lookup.py --rows 1000000 [--postgres URL] [--mysql URL] [--repeat 3] [--skip-csv]
    python benchmarks/bench_lookup.py --rows 1000000 --csv-only --repeat 5
    python benchmarks/bench_lookup.py --cli-db pagila.sqlite --cli-email MARY.SMITH@sakilacustomer.org --skip-synthetic

Builds (once, under benchmarks/_data/, git-ignored; in the servers as table ``people_v2``) a table
``people`` with an index on ``email`` (a plain, case-sensitive index), on ``email_ci`` (the same values
with a case-insensitive index: SQLite ``COLLATE NOCASE``, PostgreSQL an index on ``lower(email_ci)``,
MariaDB the default ``_ci`` collation) and on ``phone`` (stored in the national notation), and the
same rows as CSV, then times each filter as the SQL connector pushes it down, in the complete
(default) and the index-only mode (``exhaustive=False``), and find_subject by id, email and phone
(one round of identity expansion included). Each source's figures follow the time to merely read
its data (every row fetched; pyarrow's and pandas' CSV readers); each figure is the median wall and
CPU time. Complete lookups on SQL use column profiles (connectors/sql_profile.py), learned here in
memory: the "profile learned" rows are the first complete lookup of a column, which reads it once;
"no profile" rows are the scan or case walk that answers without one.
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
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"


TABLE = "people_v2"  # in the servers; v2: email_ci and an indexed phone column


def person(i: int) -> tuple[int, str, str, str, str, str]:
    email = f"First{i}.Last{i}@Example.be"
    n = f"{i % 1_000_000:06d}"
    return (i, f"First{i}", f"Last{i}", email, email, f"0470 {n[:2]} {n[2:4]} {n[4:]}")


COLUMNS = "customer_id;first_name;last_name;email;email_ci;phone"


def build_sqlite(rows: int) -> Path:
    path = DATA / f"people_v2_{rows}.sqlite"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute(
        "CREATE TABLE people (customer_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, "
        "email_ci TEXT COLLATE NOCASE, phone TEXT)"
    )
    con.executemany("INSERT INTO people VALUES (?,?,?,?,?,?)", (person(i) for i in range(rows)))
    for col in ("email", "email_ci", "phone"):
        con.execute(f"CREATE INDEX ix_people_{col} ON people ({col})")
    con.commit()
    con.close()
    os.replace(tmp, path)
    return path


def build_csv(rows: int) -> Path:
    path = DATA / f"people_v2_{rows}.csv"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(COLUMNS + "\n")
        for i in range(rows):
            fh.write(";".join(map(str, person(i))) + "\n")
    os.replace(tmp, path)
    return path


def _ready(conn: Any, rows: int) -> bool:
    import sqlalchemy as sa

    if not sa.inspect(conn).has_table(TABLE):
        return False
    return bool(conn.execute(sa.text(f"SELECT count(*) FROM {TABLE}")).scalar() == rows)


def build_postgres(url: str, rows: int) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.begin() as conn:
        if _ready(conn, rows):
            return
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(sa.text(
            f"CREATE TABLE {TABLE} (customer_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, "
            "email TEXT, email_ci TEXT, phone TEXT)"
        ))  # fmt: skip
        raw = conn.connection.dbapi_connection
        with raw.cursor().copy(f"COPY {TABLE} FROM STDIN") as cp:  # type: ignore[union-attr]
            for i in range(rows):
                cp.write_row(person(i))
        conn.execute(sa.text(f"CREATE INDEX ix_{TABLE}_email ON {TABLE} (email)"))
        conn.execute(sa.text(f"CREATE INDEX ix_{TABLE}_email_ci ON {TABLE} (lower(email_ci))"))
        conn.execute(sa.text(f"CREATE INDEX ix_{TABLE}_phone ON {TABLE} (phone)"))
        conn.execute(sa.text(f"ANALYZE {TABLE}"))
    eng.dispose()


def build_mysql(url: str, rows: int) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.begin() as conn:
        if _ready(conn, rows):
            return
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(sa.text(
            f"CREATE TABLE {TABLE} (customer_id INT PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40), "
            "email VARCHAR(120) COLLATE utf8mb4_bin, email_ci VARCHAR(120), phone VARCHAR(30)) "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
        ))  # fmt: skip
        stmt = sa.text(f"INSERT INTO {TABLE} VALUES (:a, :b, :c, :d, :e, :f)")
        for lo in range(0, rows, 20_000):
            conn.execute(
                stmt, [dict(zip("abcdef", person(i), strict=True)) for i in range(lo, min(rows, lo + 20_000))]
            )
        for col in ("email", "email_ci", "phone"):
            conn.execute(sa.text(f"CREATE INDEX ix_{TABLE}_{col} ON {TABLE} ({col})"))
        conn.execute(sa.text(f"ANALYZE TABLE {TABLE}"))
    eng.dispose()


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds of ``repeat`` calls, and the last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return statistics.median(walls), statistics.median(cpus), out


def raw_reads(location: str, table: str) -> list[tuple[str, Callable[[], object]]]:
    """The time to merely read the data, beside which each lookup figure stands."""
    if location.endswith(".csv"):
        import pandas as pd
        import pyarrow.csv as pcsv

        opts = pcsv.ParseOptions(delimiter=";")
        return [
            ("pyarrow.csv.read_csv", lambda: pcsv.read_csv(location, parse_options=opts).num_rows),
            ("pandas.read_csv", lambda: len(pd.read_csv(location, sep=";", dtype=str))),
        ]
    import sqlalchemy as sa

    url = location if "://" in location else f"sqlite:///{location}"

    def read_all() -> int:
        eng = sa.create_engine(url)
        with eng.connect() as conn:
            n = len(conn.execute(sa.text(f"SELECT * FROM {table}")).fetchall())
        eng.dispose()
        return n

    return [("SELECT * (every row fetched)", read_all)]


def bench_cli(db: str, email: str, repeat: int) -> None:
    """A complete lookup through the CLI, process start included (e.g. Chinook- or Pagila-sized)."""
    import subprocess

    exe = str(Path(sys.executable).with_name("pii-scan"))
    cmd = [exe, "find", db, "--email", email, "--format", "json"]

    def run() -> int:
        before = os.times()
        code = subprocess.run(cmd, capture_output=True, check=False).returncode
        after = os.times()
        cpu.append(
            (after.children_user + after.children_system - before.children_user - before.children_system)
            * 1000
        )
        return code

    cpu: list[float] = []
    ms, _, out = timed(run, repeat)
    print(
        f"\npii-scan find {db} --email ...: {ms:.0f} ms wall, {statistics.median(cpu):.0f} ms CPU per complete "
        f"lookup (process start included), exit {out}"
    )


def bench_source(label: str, location: str, rows: int, repeat: int, table: str) -> None:
    from pii_scan.connectors.base import Filter
    from pii_scan.connectors.registry import open_source
    from pii_scan.subject import find_subject
    from pii_scan.subject.identifiers import normalise_phone
    from pii_scan.subject.matching import phone_notations

    i = rows * 3 // 4
    _, _, _, email, _, phone = person(i)
    conn = open_source(location)[0]
    e164 = normalise_phone(phone) or ""

    def count(filters: list[Filter], exhaustive: bool = True, profiles: bool = True) -> int:
        conn.options["exhaustive"] = exhaustive
        conn.options["profiles"] = profiles
        if hasattr(conn, "_refs") and conn._refs:
            for ref in conn._refs.values():
                ref.profiles.clear()  # the connector's own memo: each call asks the profile cache
        return sum(len(df) for df in conn.select(table, filters))

    def find(kind: str, value: str, exhaustive: bool = True) -> int:
        result = find_subject([location], {kind: [value]}, exhaustive=exhaustive)
        return len(result.subject_records)

    ci = [Filter("email", "equals_ci", (email.lower(),))]
    sfx = [Filter("phone", "digits_suffix", (e164[3:],))]
    sql = hasattr(conn, "_profiled")
    first: list[tuple[str, Callable[[], object]]] = (
        [
            ("equals_ci, plain index, complete: profile learned", lambda: count(ci)),
            ("digits_suffix on phone: profile learned", lambda: count(sfx)),
        ]
        if sql
        else []
    )
    cases: list[tuple[str, Callable[[], object]]] = [
        ("select equals on key (indexed)", lambda: count([Filter("customer_id", "equals", (str(i),))])),
        ("equals_ci, plain index, complete, no profile", lambda: count(ci, profiles=False)),
        ("equals_ci, plain index, complete (profile)", lambda: count(ci)),
        ("equals_ci, plain index, index-only (spellings)", lambda: count(ci, exhaustive=False)),
        ("equals_ci on a case-insensitive index", lambda: count([Filter("email_ci", "equals_ci", (email.lower(),))])),
        ("digits_suffix on phone, no profile (scan)", lambda: count(sfx, profiles=False)),
        ("digits_suffix on phone (profile)", lambda: count(sfx)),
        ("equals on phone notations (indexed)", lambda: count([Filter("phone", "equals", tuple(sorted(phone_notations(e164))))])),
        ("find_subject --id", lambda: find("id", f"{table}.customer_id={i}")),
        ("find_subject --email, complete", lambda: find("email", email.upper())),
        ("find_subject --email, index-only", lambda: find("email", email.upper(), exhaustive=False)),
        ("find_subject --phone, complete", lambda: find("phone", phone.replace(" ", ""))),
        ("find_subject --phone, index-only", lambda: find("phone", phone.replace(" ", ""), exhaustive=False)),
    ]  # fmt: skip
    print(f"\n{label}: {rows:,} rows ({location}); median wall / CPU ms")
    for name, fn in raw_reads(location, table):
        ms, cpu, _ = timed(fn, max(1, repeat // 3))
        print(f"  {'raw read: ' + name:<50} {ms:10.1f} {cpu:10.1f}")
    if hasattr(conn, "lookup_plan"):
        for col in ("email", "email_ci"):
            print(f"  equals_ci on {col}: {conn.lookup_plan(table, col)}")
    from pii_scan.connectors import sql_profile

    # profiles learned in this run, in memory only (PII_SCAN_CACHE_DIR empty): the first complete
    # lookup of a column pays the one read that learns its profile, shown as "profile learned"
    sql_profile._MEMORY.clear()
    for name, fn in first + cases:
        ms, cpu, out = timed(fn, 1 if "learned" in name else repeat)
        print(f"  {name:<50} {ms:10.1f} {cpu:10.1f}   -> {out}")
    conn.close()


def bench_csv_ratio(location: str, rows: int, repeat: int) -> None:
    """find_subject on the CSV against pyarrow's plain read of it, run in turns (read, lookups, read,
    ...) so that load changes hit both alike: median wall and CPU seconds, and each lookup's ratio."""
    import pyarrow.csv as pcsv

    from pii_scan.subject import find_subject

    i = rows * 3 // 4
    _, _, _, email, _, _ = person(i)
    opts = pcsv.ParseOptions(delimiter=";")
    turns: list[tuple[str, Callable[[], object]]] = [
        ("raw read: pyarrow.csv.read_csv", lambda: pcsv.read_csv(location, parse_options=opts).num_rows),
        ("find_subject --email, complete", lambda: len(find_subject([location], {"email": [email.upper()]}).subject_records)),
        ("find_subject --id", lambda: len(find_subject([location], {"id": [f"{Path(location).name}.customer_id={i}"]}).subject_records)),
    ]  # fmt: skip
    walls: dict[str, list[float]] = {name: [] for name, _ in turns}
    cpus: dict[str, list[float]] = {name: [] for name, _ in turns}
    for _ in range(repeat):
        for name, fn in turns:
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            walls[name].append(time.perf_counter() - t0)
            cpus[name].append(time.process_time() - c0)
    base_wall, base_cpu = statistics.median(walls[turns[0][0]]), statistics.median(cpus[turns[0][0]])
    print(f"\nCSV side by side, {rows:,} rows, {repeat} turns (median s wall / CPU, x the pyarrow read):")
    for name, _ in turns:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"  {name:<40} {wall:7.2f} s / {cpu:6.2f} s CPU   x{wall / base_wall:4.2f} / x{cpu / base_cpu:4.2f} CPU")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--csv-rows", type=int, default=None, help="rows of the CSV (default: --rows)")
    ap.add_argument("--postgres", default=os.environ.get("PII_SCAN_BENCH_POSTGRES_URL"))
    ap.add_argument("--mysql", default=os.environ.get("PII_SCAN_BENCH_MYSQL_URL"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cli-db", help="a database for the whole-CLI lookup (e.g. pagila.sqlite)")
    ap.add_argument("--cli-email", help="the email to look up in --cli-db")
    ap.add_argument("--skip-synthetic", action="store_true", help="only the --cli-db figure")
    ap.add_argument("--skip-sqlite", action="store_true", help="no synthetic SQLite figures")
    ap.add_argument("--skip-csv", action="store_true", help="no CSV figures (file lookups)")
    ap.add_argument("--csv-only", action="store_true", help="only the CSV figures and the side-by-side turns")
    args = ap.parse_args(argv)
    if args.csv_only:
        rows = args.csv_rows or args.rows
        csv_path = build_csv(rows)
        bench_source("CSV", str(csv_path), rows, args.repeat, csv_path.name)
        bench_csv_ratio(str(csv_path), rows, max(3, args.repeat))
        return 0
    if args.cli_db:
        import tempfile

        # the CLI keeps column profiles on disk between processes: a fresh folder, learned by the first run
        os.environ["PII_SCAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-lookup-")
        bench_cli(args.cli_db, args.cli_email or "nobody@example.org", args.repeat)
        if args.skip_synthetic:
            return 0
    os.environ["PII_SCAN_CACHE_DIR"] = ""
    t0 = time.perf_counter()
    if not args.skip_sqlite:
        db = build_sqlite(args.rows)
        print(f"data ready in {time.perf_counter() - t0:.1f} s")
        bench_source("SQLite", str(db), args.rows, args.repeat, "people")
    if args.postgres:
        build_postgres(args.postgres, args.rows)
        bench_source("PostgreSQL", args.postgres, args.rows, args.repeat, TABLE)
    if args.mysql:
        build_mysql(args.mysql, args.rows)
        bench_source("MariaDB", args.mysql, args.rows, args.repeat, TABLE)
    if not args.skip_csv:
        csv_path = build_csv(args.csv_rows or args.rows)
        bench_source(
            "CSV", str(csv_path), args.csv_rows or args.rows, max(1, args.repeat // 3), csv_path.name
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
