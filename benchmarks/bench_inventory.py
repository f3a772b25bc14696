"""Inventory sweep timing: a folder of N small CSV files plus a SQLite database of T tables.

    python benchmarks/bench_inventory.py                 # 1000 files, 50 tables, workers 1 and 2
    python benchmarks/bench_inventory.py --files 200 --tables 10 --workers 2

Times the first sweep (everything sampled) and the incremental one (nothing changed: nothing sampled),
then one more after touching 1% of the files. Data goes to benchmarks/_data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["Jan", "Marie", "Luc", "Sofie", "Ahmed", "Nathalie", "Pieter", "Fatima", "Koen", "Élodie"]
LAST = ["Peeters", "Janssens", "Dubois", "Lambert", "Maes", "Claes", "Dupont", "Willems", "Leroy", "Goossens"]


def make_data(root: Path, n_files: int, n_tables: int, rows: int = 40, seed: int = 1) -> None:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    files = root / "drive"
    files.mkdir(parents=True)
    for i in range(n_files):
        lines = ["klantnr;voornaam;naam;email;telefoon;bedrag"]
        for r in range(rows):
            f, last = rng.choice(FIRST), rng.choice(LAST)
            lines.append(
                f"{i * rows + r};{f};{last};{f.lower()}.{last.lower()}{r}@voorbeeld.be;"
                f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)};"
                f"{rng.randint(1, 999)},{rng.randint(0, 99):02d}"
            )
        (files / f"export_{i:04d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = sqlite3.connect(root / "erp.sqlite")
    for t in range(n_tables):
        columns = "id INTEGER PRIMARY KEY, email TEXT, city TEXT, amount REAL, created DATE"
        db.execute(f"CREATE TABLE t{t:02d} ({columns})")
        db.executemany(
            f"INSERT INTO t{t:02d} (email, city, amount, created) VALUES (?, ?, ?, ?)",
            [
                (
                    f"user{t}_{r}@voorbeeld.be",
                    rng.choice(["Gent", "Namur", "Leuven"]),
                    rng.random() * 100,
                    f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                )
                for r in range(200)
            ],
        )
    db.commit()
    db.close()


def write_config(root: Path, workers: int) -> Path:
    cfg = root / f"pii-scan-w{workers}.toml"
    cfg.write_text(
        f'[inventory]\nstate_dir = ".state-w{workers}"\nout = "out-w{workers}"\nworkers = {workers}\n\n'
        '[[sources]]\nname = "drive"\nlocation = "drive"\n\n'
        '[[sources]]\nname = "erp"\nlocation = "erp.sqlite"\n\n'
        '[[retention]]\nsource = "erp"\ntable = "t00"\ncolumn = "created"\nmax_age = "10y"\n',
        encoding="utf-8",
    )
    return cfg


def _cpu() -> float:
    """CPU seconds of this process and its reaped children: on a busy machine the figure to compare
    (wall time depends on the load). The forkserver's pool workers are not its children: with
    workers > 1 this counts the parent only, so the per-unit cost is the workers=1 figure."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=50)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument(
        "--profile", action="store_true", help="cProfile (CPU time) each sweep of workers=1: top 25 functions"
    )
    ap.add_argument("--data", default=str(HERE / "_data" / "inventory"))
    args = ap.parse_args()
    os.environ.setdefault("PII_SCAN_KEY", "benchmark-key-not-secret-0123456789")
    from pii_scan.config import load_config
    from pii_scan.inventory import run_inventory

    root = Path(args.data)
    make_data(root, args.files, args.tables)
    print(
        f"{args.files} CSV files x 40 rows + SQLite with {args.tables} tables x 200 rows; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}; load {os.getloadavg()[0]:.1f}"
    )
    for workers in args.workers:
        cfg = load_config(write_config(root, workers))
        for label, touch in (
            ("first sweep", 0),
            ("incremental, no change", 0),
            ("incremental, 1% changed", 1),
        ):
            if touch:
                for i in range(0, args.files, 100):
                    p = root / "drive" / f"export_{i:04d}.csv"
                    p.write_text(
                        p.read_text(encoding="utf-8")
                        + "999999;Extra;Rij;extra@voorbeeld.be;0470 00 00 00;1,00\n"
                    )
            profiler = cProfile.Profile(time.process_time) if args.profile and workers == 1 else None
            t, cpu = time.perf_counter(), _cpu()
            if profiler is not None:
                profiler.enable()
            inv = run_inventory(cfg)
            if profiler is not None:
                profiler.disable()
            dt, cpu = time.perf_counter() - t, _cpu() - cpu
            s = inv.document["sweep"]
            units = s["units_scanned"] + s["units_reused"] + s["units_failed"]
            print(
                f"workers={workers}  {label:<24} {dt:7.1f} s wall {cpu:7.1f} s CPU "
                f"{1000 * cpu / max(units, 1):6.1f} ms CPU/unit   "
                f"sampled {s['units_scanned']:5d}, reused {s['units_reused']:5d}, "
                f"failed {s['units_failed']}, changes {len(inv.document['changes'])}",
                flush=True,
            )
            if profiler is not None:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        if workers == 1:  # in process: each language model loaded once for the whole sweep
            from pii_scan.models.nlp import loaded_pipelines

            print(f"workers=1  pipelines loaded in this process: {loaded_pipelines() or 'none'}")


if __name__ == "__main__":
    main()
