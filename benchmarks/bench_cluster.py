"""Inventory sweep in process, on a Dask LocalCluster of 1 worker and of 2 workers.

    python benchmarks/bench_cluster.py 1000 50          # FILES small CSV files + TABLES SQLite tables
    python benchmarks/bench_cluster.py 200 10 --runs local:2 tcp://host:8786

Every sweep samples everything (``full``). Times are wall clock from the call to the written register,
so a cluster's start-up and its workers' model loading are included; each worker's model load time
is printed too. The speed-up is local:2 against local:1. Data goes to benchmarks/_data/cluster
(git-ignored), made by bench_inventory.make_data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", type=int, help="small CSV files in the shared folder")
    ap.add_argument("tables", type=int, help="tables in the SQLite database")
    ap.add_argument("--runs", nargs="+", default=["in-process", "local:1", "local:2"])
    ap.add_argument("--data", type=Path, default=HERE / "_data" / "cluster")
    args = ap.parse_args()

    sys.path.insert(0, str(HERE))
    from bench_inventory import make_data

    from pii_scan.config import load_config
    from pii_scan.inventory import run_inventory

    make_data(args.data, args.files, args.tables)
    cfg = args.data / "pii-scan.toml"
    cfg.write_text(
        '[inventory]\nstate_dir = ".state"\n\n[[sources]]\nname = "drive"\nlocation = "drive"\n\n'
        '[[sources]]\nname = "erp"\nlocation = "erp.sqlite"\n',
        encoding="utf-8",
    )
    print(f"{args.files} files + {args.tables} tables; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    times: dict[str, float] = {}
    for spec in args.runs:
        start = time.perf_counter()
        inv = run_inventory(load_config(cfg), out_dir=str(args.data / f"out-{spec.replace(':', '')}"),
                            full=True, scheduler=spec)  # fmt: skip
        times[spec] = time.perf_counter() - start
        sweep = inv.document["sweep"]
        loads = ", ".join(f"{w['model_load_seconds']:.1f}" for w in sweep["executor"]["workers"])
        print(
            f"{spec:<12} {times[spec]:7.1f} s   {sweep['units_scanned']} units, "
            f"{sweep['units_failed']} failed; model load per worker: {loads} s",
            flush=True,
        )
    if "local:1" in times and "local:2" in times:
        print(f"speed-up local:2 vs local:1: {times['local:1'] / times['local:2']:.2f}x")
    if "in-process" in times and "local:2" in times:
        print(f"speed-up local:2 vs in-process: {times['in-process'] / times['local:2']:.2f}x")


if __name__ == "__main__":  # Dask starts its workers with "spawn": they import this file
    main()
