"""A subject search over one large SQLite table and one large CSV file, unsplit and in parts.

    python benchmarks/bench_parts.py 2000000              # ROWS in the table and in the file
    python benchmarks/bench_parts.py 500000 --parts 8 --runs local:1 local:2

The search (``find --email``) reads both whole: ``lower(email)`` and digit suffixes are scans. Each
run searches the two sources on ``--scheduler SPEC`` with ``[inventory] part_rows`` = ROWS / PARTS
(``pii_scan.chunks``): one task per part; ``unsplit`` is ``find`` without ``--scheduler``. A CSV
file is split only when too large to keep in memory (``arrow_filter.MAX_CACHED_BYTES``, 512 MB);
``--stream`` treats it so at any size.
The speed-up is local:2 against local:1; a pure CPU loop in 1 and 2 processes says what the
machine allowed at the time. Times include starting the cluster and the workers' model loading (as
a real run pays them). Data goes to benchmarks/_data/parts.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EMAIL = "jan.peeters@voorbeeld.be"


def make_data(root: Path, rows: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    db_path, csv_path = root / "shop.sqlite", root / "members.csv"
    if db_path.exists() and csv_path.exists() and (root / f".rows-{rows}").exists():
        return
    for p in root.iterdir():
        p.unlink()
    planted = {rows // 7, rows // 2, rows - 3}
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, phone TEXT, city TEXT)"
    )
    db.executemany(
        "INSERT INTO customers VALUES (?, ?, ?, ?, ?)",
        (
            (i, f"Klant {i}", EMAIL.upper() if i in planted else f"klant{i}@voorbeeld.be",
             f"04{70 + i % 30} {i % 100:02d} {i // 100 % 100:02d} {i // 10000 % 100:02d}",
             ("Gent", "Namur", "Leuven")[i % 3])
            for i in range(1, rows + 1)
        ),
    )  # fmt: skip
    db.commit()
    db.close()
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["naam", "email", "telefoon", "opmerking"])
        for i in range(rows):
            email = EMAIL if i in planted else f"lid{i}@voorbeeld.be"
            out.writerow(
                [f"Lid {i}", email, f"+32 470 {i:07d}", "belt terug" if i % 9 else 'zei "ja"\nen ging']
            )
    (root / f".rows-{rows}").touch()


def stream_files() -> None:
    from pii_scan.connectors import arrow_filter

    arrow_filter.MAX_CACHED_BYTES = 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=int, help="rows in the SQLite table and in the CSV file")
    ap.add_argument("--parts", type=int, default=4, help="parts per table (part_rows = rows / parts)")
    ap.add_argument("--runs", nargs="+", default=["unsplit", "local:1", "local:2"])
    ap.add_argument("--data", type=Path, default=HERE / "_data" / "parts")
    ap.add_argument("--stream", action="store_true", help="treat the CSV as too large to keep in memory")
    args = ap.parse_args()

    sys.path.insert(0, str(HERE))
    from bench_cluster import machine_ceiling

    from pii_scan.config import load_config
    from pii_scan.executors import make_executor
    from pii_scan.subject import find_subject, parse_identifiers
    from pii_scan.units import find_subject_on

    make_data(args.data, args.rows)
    cfg = args.data / "pii-scan.toml"
    cfg.write_text(
        f"[inventory]\npart_rows = {max(1, args.rows // args.parts)}\n\n"
        '[[sources]]\nname = "shop"\nlocation = "shop.sqlite"\n\n'
        '[[sources]]\nname = "members"\nlocation = "members.csv"\n',
        encoding="utf-8",
    )
    config = load_config(cfg)
    ids = parse_identifiers({"email": [EMAIL]})
    load = os.getloadavg()[0]
    print(f"{args.rows:,} rows a table, {args.parts} parts; {os.cpu_count()} cores; load {load:.1f}")
    print(f"pure CPU loop, 2 processes vs 1: {machine_ceiling():.2f}x (the machine allows)", flush=True)
    times: dict[str, float] = {}
    for spec in args.runs:
        start, start_cpu, workers_cpu = time.perf_counter(), time.process_time(), 0.0
        if args.stream:
            stream_files()
        if spec == "unsplit":  # find without --scheduler
            res = find_subject(config.sources, ids, config)
        else:
            with make_executor(spec) as ex:
                client = getattr(ex, "client", None) or (ex._ready() if hasattr(ex, "_ready") else None)
                if args.stream and client is not None:
                    client.run(stream_files)
                res = find_subject_on(ex, config.sources, ids, config)
                if client is not None:  # CPU seconds of each worker process, start-up included
                    workers_cpu = sum(client.run(time.process_time).values())
        times[spec] = time.perf_counter() - start
        matched = sum(r.relation == "match" for r in res.records)
        print(
            f"{spec:<12} {times[spec]:7.1f} s   {matched} records matched; CPU: this process "
            f"{time.process_time() - start_cpu:.1f} s, workers {workers_cpu:.1f} s",
            flush=True,
        )
    if "local:1" in times and "local:2" in times:
        print(f"speed-up local:2 vs local:1: {times['local:1'] / times['local:2']:.2f}x")
    print(f"pure CPU loop, 2 processes vs 1: {machine_ceiling():.2f}x (after); load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":  # Dask starts its workers with "spawn": they import this file
    main()
