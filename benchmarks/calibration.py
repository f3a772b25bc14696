"""Is ``confidence`` the share of decisions that are right? Bin the labelled decisions and see.

    python benchmarks/calibration.py LABELS:ROOT [LABELS:ROOT ...] [--fit] [--check LABELS:ROOT ...]

    # the development decisions the shipped table was fitted on:
    python benchmarks/gen_registers.py /tmp/reg1 --seed 1   # and --seed 2, --seed 3
    python benchmarks/calibration.py ../shared/data/labels/column_labels.csv:../shared/data \\
        /tmp/reg1/labels.csv:/tmp/reg1 /tmp/reg2/labels.csv:/tmp/reg2 /tmp/reg3/labels.csv:/tmp/reg3 --fit

Every labelled column is discovered with raw scores (``raw_confidence``); the table shows, per
confidence bin, how many decisions fall in it, their mean confidence and the share correct, for the
raw scores and for the calibrated ones. ``--fit`` refits the isotonic tables on these decisions and
writes ``models/data/calibration.json``; ``--check`` scores other label sets with the shipped
tables (just fitted, with ``--fit``), out of sample.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from pii_scan.evaluation import evaluate
from pii_scan.models import calibration as cal

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE_PATH = os.path.join(HERE, "..", "models", "data", "calibration.json")


def _decisions(specs: Sequence[str]) -> list[tuple[float, bool, str]]:
    out: list[tuple[float, bool, str]] = []
    for spec in specs:
        labels, _, root = spec.rpartition(":")
        if not labels:
            raise SystemExit(f"{spec}: expected LABELS:ROOT")
        out.extend(evaluate(labels, root, progress=False).decisions)
    return out


def _print(title: str, pairs: Sequence[tuple[float, bool]]) -> float:
    rows = cal.bin_table(pairs)
    print(f"\n{title} ({len(pairs)} decisions)")
    print("| confidence | decisions | mean confidence | share correct | gap |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['low']:.2f}–{r['high']:.2f} | {r['n']:.0f} | {r['confidence']:.3f} | {r['correct']:.3f} "
              f"| {r['gap']:.3f} |")  # fmt: skip
    worst = max((r["gap"] for r in rows), default=0.0)
    print(f"largest gap: {worst:.3f}")
    return worst


def _apply(
    tables: dict[str, list[tuple[float, float]]], d: Sequence[tuple[float, bool, str]]
) -> list[tuple[float, bool]]:
    out = []
    for raw, ok, cat in d:
        knots = tables.get(cal.group_of(cat))
        out.append((cal._interpolate(knots, raw) if knots else raw, ok))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="LABELS:ROOT, the development decisions")
    parser.add_argument(
        "--fit", action="store_true", help="refit the tables and write models/data/calibration.json"
    )
    parser.add_argument("--check", nargs="*", default=[], help="LABELS:ROOT scored with the shipped tables")
    parser.add_argument("--save", help="also write the raw decisions (score, right, category) to this JSON")
    parser.add_argument("--load", help="read raw decisions saved by --save instead of scanning")
    args = parser.parse_args(argv)
    if args.load:
        with open(args.load, encoding="utf-8") as fh:
            saved = json.load(fh)
        dev = [tuple(d) for d in saved["dev"]]
        check_saved = [tuple(d) for d in saved["check"]]
    else:
        with cal.raw_confidence():
            dev = _decisions(args.sets)
            check_saved = _decisions(args.check)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            json.dump({"dev": dev, "check": check_saved}, fh)
    _print("raw scores, development decisions", [(c, ok) for c, ok, _ in dev])
    tables = cal.load_tables()
    if args.fit:
        tables = {
            g: cal.fit_isotonic([(c, ok) for c, ok, cat in dev if cal.group_of(cat) == g])
            for g in ("none", "personal")
        }
        with open(TABLE_PATH, "w", encoding="utf-8") as fh:
            note = "isotonic fit (benchmarks/calibration.py --fit) on: " + " ".join(os.path.basename(
                os.path.dirname(s.rpartition(":")[0])) or s for s in args.sets)  # fmt: skip
            json.dump({"note": note, "decisions": len(dev), "tables": tables}, fh, indent=1)
            fh.write("\n")
        print(f"\nwrote {os.path.relpath(TABLE_PATH)}")
    worst = _print("calibrated, development decisions", _apply(tables, dev))
    if check_saved:
        check = check_saved
        _print("raw scores, check sets", [(c, ok) for c, ok, _ in check])
        worst = max(worst, _print("calibrated, check sets (out of sample)", _apply(tables, check)))
    return 0 if worst <= 0.1 else 1


if __name__ == "__main__":
    sys.exit(main())
