"""Start-up cost of the CLI: median wall time of fresh ``pii-scan`` processes.

    python benchmarks/bench_startup.py [REPEAT]      # runs per command, default 10

Commands: ``--version``, ``--help`` and ``scan`` of a 3-row CSV without free text (written to a
temporary folder). Each run is a new process, as a user's shell starts it (hyperfine-like); the first
run of each command is a warm-up and not counted. ``python -X importtime -m pii_scan.cli --version``
shows where the import time goes."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SMALL_CSV = "id,country,amount\n1,BE,10.50\n2,NL,20.00\n3,FR,7.25\n"


def _command() -> list[str]:
    # The worktree's console script when it is next to this interpreter, else the module.
    script = os.path.join(os.path.dirname(sys.executable), "pii-scan")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "pii_scan.cli"]


def _median(args: list[str], repeat: int) -> float:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(repeat: int) -> None:
    base = _command()
    folder = tempfile.mkdtemp(prefix="pii-scan-bench-")
    try:
        csv_path = os.path.join(folder, "small.csv")
        with open(csv_path, "w", encoding="utf-8") as fh:
            fh.write(SMALL_CSV)
        cases = {
            "--version": ["--version"],
            "--help": ["--help"],
            "scan small.csv (3 rows)": ["-q", "scan", csv_path],
        }
        print(f"median of {repeat} runs (s)")
        for label, args in cases.items():
            print(f"{label:<26} {_median(base + args, repeat):.3f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
