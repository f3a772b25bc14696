"""Inventory sweep in process, on a Dask LocalCluster of 1 worker and of 2 workers.

    python benchmarks/bench_cluster.py 1000 50          # FILES small CSV files + TABLES SQLite tables
    python benchmarks/bench_cluster.py 200 10 --runs local:2 tcp://host:8786

Every sweep samples everything (``full``). Times are wall clock from the call to the written register,
so a cluster's start-up and its workers' model loading are included; each worker's model load time
is printed too, and the CPU time of this process (the client, and a local cluster's scheduler) and of
the workers. The speed-up is local:2 against local:1; a pure CPU loop in 1 and 2 processes, before
and after, says what speed-up the machine allowed at the time (others may be using its cores), and
the CPU times give an estimate for two free cores that the load does not move. Data
goes to benchmarks/_data/cluster (git-ignored), made by bench_inventory.make_data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_ceiling(n: int = 10_000_000) -> float:
    """Speed-up two processes get on a pure CPU loop right now: the most local:2 can reach on a
    shared machine (1.0 when the other users leave no second core free)."""
    import multiprocessing

    start = time.perf_counter()
    _burn(n), _burn(n)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [n, n])
    return serial / (time.perf_counter() - start)


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
    print(f"pure CPU loop, 2 processes vs 1: {machine_ceiling():.2f}x (the machine allows)", flush=True)
    times: dict[str, float] = {}
    cpu: dict[str, tuple[float, float]] = {}  # spec -> (this process: client and scheduler, workers)
    for spec in args.runs:
        start, start_cpu = time.perf_counter(), time.process_time()
        inv = run_inventory(load_config(cfg), out_dir=str(args.data / f"out-{spec.replace(':', '')}"),
                            full=True, scheduler=spec)  # fmt: skip
        times[spec] = time.perf_counter() - start
        sweep = inv.document["sweep"]
        workers = sweep["executor"]["workers"]
        loads = ", ".join(f"{w['model_load_seconds']:.1f}" for w in workers)
        cpu[spec] = (time.process_time() - start_cpu, sum(w.get("cpu_seconds", 0.0) for w in workers))
        print(
            f"{spec:<12} {times[spec]:7.1f} s   {sweep['units_scanned']} units, "
            f"{sweep['units_failed']} failed; model load per worker: {loads} s; "
            f"CPU: client {cpu[spec][0]:.1f} s, workers {cpu[spec][1]:.1f} s",
            flush=True,
        )
    if "local:1" in times and "local:2" in times:
        print(f"speed-up local:2 vs local:1: {times['local:1'] / times['local:2']:.2f}x")
        # what two free cores would give if the client's CPU time were serial and the workers' split
        # evenly: a figure the machine's load does not move (CPU seconds, not wall clock)
        (c1, w1), (c2, w2) = cpu["local:1"], cpu["local:2"]
        print(f"CPU estimate for 2 free cores, (client + workers) / (client + workers / 2): "
              f"{(c1 + w1) / (c2 + w2 / 2):.2f}x")  # fmt: skip
    if "in-process" in times and "local:2" in times:
        print(f"speed-up local:2 vs in-process: {times['in-process'] / times['local:2']:.2f}x")
    print(f"pure CPU loop, 2 processes vs 1: {machine_ceiling():.2f}x (after); load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":  # Dask starts its workers with "spawn": they import this file
    main()
