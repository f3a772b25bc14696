"""Connector speed and memory: sampling must not grow with table size; chunked reading keeps memory flat.

    python benchmarks/bench_connectors.py                 # 10,000 and 1,000,000 rows
    python benchmarks/bench_connectors.py 5000 200000     # any sizes

Data (CSV and SQLite tables of ~15 columns) is generated once under benchmarks/_data/ (git-ignored).
tables() is timed on a fresh connector, sample() once the catalog is known (best of three).
Memory is the peak RSS of a fresh Python process (pandas' Arrow strings escape tracemalloc), next
to the peak of a process that only imports.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "_data")
SEED = 42


def make_frame(start: int, rows: int) -> pd.DataFrame:
    """Fictional customers: 15 columns of names, contacts, identifiers, dates and free text."""
    rng = np.random.default_rng(SEED + start)
    ids = np.arange(start, start + rows)
    first = np.array(["Jan", "Marie", "Pieter", "Sophie", "Luc", "Emma", "Noah", "Lotte", "Hélène", "Thomas"])
    last = np.array(["Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Claes", "Willems", "Goossens"])
    cities = np.array(["Gent", "Liège", "Antwerpen", "Namur", "Brugge", "Bruxelles", "Leuven", "Mons"])
    s = pd.Series(ids).astype(str)
    return pd.DataFrame(
        {
            "id": ids,
            "first_name": first[rng.integers(0, len(first), rows)],
            "last_name": last[rng.integers(0, len(last), rows)],
            "email": "klant" + s + "@example.be",
            "phone": "+32 470 " + s.str.zfill(6),
            "street": "Kerkstraat " + pd.Series(rng.integers(1, 300, rows)).astype(str),
            "postcode": rng.integers(1000, 9999, rows),
            "city": cities[rng.integers(0, len(cities), rows)],
            "birth_date": (
                pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 25000, rows), "D")
            ).strftime("%Y-%m-%d"),
            "national_number": "85.07.30-" + s.str[-3:].str.zfill(3) + ".33",
            "iban": "BE68 5390 " + s.str.zfill(8).str[:4] + " " + s.str.zfill(8).str[4:],
            "customer_since": rng.integers(1990, 2025, rows),
            "amount": np.round(rng.random(rows) * 1000, 2),
            "notes": np.where(rng.random(rows) < 0.2, "Belde over zijn factuur; terugbellen", ""),
            "status": np.where(rng.random(rows) < 0.9, "active", "closed"),
        }
    )


def ensure_data(rows: int) -> tuple[str, str]:
    os.makedirs(DATA, exist_ok=True)
    csv_path = os.path.join(DATA, f"customers_{rows}.csv")
    db_path = os.path.join(DATA, f"customers_{rows}.sqlite")
    step = 100_000
    if not os.path.exists(csv_path):
        tmp = csv_path + ".tmp"
        for start in range(0, rows, step):
            frame = make_frame(start, min(step, rows - start))
            frame.to_csv(tmp, sep=";", index=False, header=start == 0, mode="w" if start == 0 else "a")
        os.replace(tmp, csv_path)
    if not os.path.exists(db_path):
        tmp = db_path + ".tmp"
        if os.path.exists(tmp):
            os.remove(tmp)
        db = sqlite3.connect(tmp)
        for start in range(0, rows, step):
            make_frame(start, min(step, rows - start)).to_sql(
                "customers", db, if_exists="append", index=False
            )
        db.commit()
        db.close()
        os.replace(tmp, db_path)
    return csv_path, db_path


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def timings(path: str, n: int) -> tuple[float, float, int]:
    """(tables() on a fresh connector, sample(n) once the catalog is known, rows sampled)."""
    from pii_scan.connectors import connector_for

    t_tables = best_of(lambda: connector_for(path).tables())
    conn = connector_for(path)
    name = conn.tables()[0].name
    seeds = iter(range(100))
    t_sample = best_of(lambda: conn.sample(name, n=n, seed=next(seeds)))
    return t_tables, t_sample, len(conn.sample(name, n=n))


_MEMORY_CODE = """
import os, resource, sys
import pandas as pd
from pii_scan.connectors import connector_for
path, mode = sys.argv[1], sys.argv[2]
rows = 0
if mode == "chunks":
    for chunk in connector_for(path).iter_rows(os.path.basename(path), chunk_rows=50_000):
        rows += len(chunk)
elif mode == "whole":
    rows = len(pd.read_csv(path, sep=";", dtype=str, keep_default_na=False))
print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def peak_memory(path: str, mode: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_CODE, path, mode], capture_output=True, text=True, check=True
    )
    rows, growth = out.stdout.split()
    return int(rows), int(growth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 1_000_000], help="rows per table")
    parser.add_argument("-n", "--sample", type=int, default=1000, help="rows per sample")
    args = parser.parse_args()

    print(f"{'source':<8} {'rows':>10} {'file MB':>8} {'tables() s':>11} {'sample s':>9} {'sampled':>8}")
    for rows in args.sizes:
        csv_path, db_path = ensure_data(rows)
        for kind, path in (("csv", csv_path), ("sqlite", db_path)):
            t_tables, t_sample, got = timings(path, args.sample)
            mb = os.path.getsize(path) / 1e6
            print(f"{kind:<8} {rows:>10,} {mb:>8.1f} {t_tables:>11.3f} {t_sample:>9.3f} {got:>8}")

    biggest = ensure_data(max(args.sizes))[0]
    print(f"\npeak RSS of a fresh process reading {os.path.basename(biggest)}:")
    modes = (
        ("none", "imports only (baseline)"),
        ("chunks", "iter_rows(chunk_rows=50,000)"),
        ("whole", "pandas.read_csv, whole file"),
    )
    for mode, label in modes:
        rows, peak = peak_memory(biggest, mode)
        print(f"  {label:<30} {rows:>10,} rows  {peak / 1e6:>8.1f} MB")


if __name__ == "__main__":
    main()
