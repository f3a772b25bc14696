"""Discovery time per table against table size, and value-classification throughput.

    python benchmarks/bench_discovery.py [ROWS ...]        # default: 10000 100000 1000000
    python benchmarks/bench_discovery.py --values 20000     # only the throughput comparison

1. For each size, a 15-column Belgian customer table is generated once under benchmarks/_data/
   (git-ignored) as a CSV and as a SQLite table, and ``scan_table`` is timed on each. Discovery reads
   a sample (1,000 rows), so the time should stay about flat as the table grows.
2. ``classify_values`` (regex prefilter + checksums on distinct values) against Presidio's own
   ``BatchAnalyzerEngine`` (same analyzer and recognizers, no NER) on the same column values.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "_data")
FIRST = np.array("Jan Marie Luc Sofie Pieter Hélène Koen Nathalie Dirk Anne Bart Julie Tom Els Lotte".split())
LAST = np.array("Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters Dubois Lambert".split())
CITIES = np.array(["1000 Brussel", "2000 Antwerpen", "9000 Gent", "8500 Kortrijk", "4000 Liège"])
STREETS = np.array(["Kerkstraat", "Stationsstraat", "rue de la Station", "Dorpsstraat", "avenue Louise"])
NOTES = np.array(
    [
        "Klant belt terug over de factuur van vorige maand.",
        "Le client demande une copie de son contrat.",
        "Technieker langs geweest, ketel werkt weer normaal.",
        "Rappel envoyé, paiement reçu le lendemain.",
    ]
)


def _national_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    yy, mm, dd = rng.integers(40, 99, n), rng.integers(1, 13, n), rng.integers(1, 29, n)
    seq = rng.integers(1, 998, n)
    base = yy * 10**7 + mm * 10**5 + dd * 10**3 + seq
    check = 97 - base % 97
    return np.char.add(np.char.zfill(base.astype(str), 9), np.char.zfill(check.astype(str), 2))


def _ibans(rng: np.random.Generator, n: int) -> np.ndarray:
    """Belgian IBANs with valid bank (mod 97) and IBAN check digits (python-stdnum)."""
    from stdnum import iban

    banks = np.array([1, 63, 68, 363, 735])  # bank codes stdnum knows (the BBAN's first 3 digits)
    acct = banks[rng.integers(0, len(banks), n)] * 10**7 + rng.integers(0, 10**7, n)
    bban = np.char.zfill((acct * 100 + np.where(acct % 97 == 0, 97, acct % 97)).astype(str), 12)
    return np.array([f"BE{iban.calc_check_digits('BE00' + b)}{b}" for b in bban])


def _dates(rng: np.random.Generator, n: int, origin: str, days: int) -> np.ndarray:
    return pd.to_datetime(rng.integers(0, days, n), unit="D", origin=origin).strftime("%Y-%m-%d").to_numpy()


def _join(*parts: np.ndarray | str) -> np.ndarray:
    out = np.asarray(parts[0]).astype(str)
    for p in parts[1:]:
        out = np.char.add(out, np.asarray(p).astype(str))
    return out


def make_table(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first, last = FIRST[rng.integers(0, len(FIRST), rows)], LAST[rng.integers(0, len(LAST), rows)]
    ids = np.arange(1, rows + 1)
    return pd.DataFrame(
        {
            "klant_id": ids,
            "voornaam": first,
            "achternaam": last,
            "geboortedatum": _dates(rng, rows, "1940-01-01", 18000),
            "rijksregisternummer": _national_numbers(rng, rows),
            "email": _join(np.char.lower(first.astype(str)), ids, "@example.be"),
            "gsm": np.char.add("04", rng.integers(70000000, 99999999, rows).astype(str)),
            "straat": _join(STREETS[rng.integers(0, len(STREETS), rows)], " ", ids % 300 + 1),
            "gemeente": CITIES[rng.integers(0, len(CITIES), rows)],
            "iban": _ibans(rng, rows),
            "bedrag": np.round(rng.random(rows) * 500, 2),
            "status": np.array(["actief", "inactief"])[rng.integers(0, 2, rows)],
            "product": np.array(["ketel", "warmtepomp", "zonneboiler"])[rng.integers(0, 3, rows)],
            "aangemaakt_op": _dates(rng, rows, "2015-01-01", 3000),
            "opmerking": NOTES[rng.integers(0, len(NOTES), rows)],
        }
    )


def ensure_data(rows: int) -> tuple[str, str]:
    os.makedirs(DATA, exist_ok=True)
    csv_path = os.path.join(DATA, f"discovery_{rows}.csv")
    db_path = os.path.join(DATA, f"discovery_{rows}.sqlite")
    if os.path.exists(csv_path) and os.path.exists(db_path):
        return csv_path, db_path
    chunk = 200_000
    with sqlite3.connect(db_path + ".tmp") as con:
        for start in range(0, rows, chunk):
            df = make_table(min(chunk, rows - start), seed=start)
            df["klant_id"] += start
            df.to_csv(csv_path + ".tmp", sep=";", index=False, mode="a", header=start == 0)
            df.to_sql("klanten", con, index=False, if_exists="append")
    os.replace(csv_path + ".tmp", csv_path)
    os.replace(db_path + ".tmp", db_path)
    return csv_path, db_path


def bench_discovery(sizes: list[int]) -> None:
    from pii_scan.discovery import scan_table

    scan_table(*ensure_data(1000)[:1], "discovery_1000.csv", root=DATA)  # warm-up: models, lists
    print(f"{'rows':>10} {'CSV (s)':>9} {'SQLite (s)':>11} {'fields':>7}")
    for rows in sizes:
        csv_path, db_path = ensure_data(rows)
        t0 = time.perf_counter()
        fields = scan_table(csv_path, os.path.basename(csv_path), root=DATA)
        t1 = time.perf_counter()
        scan_table(db_path, "klanten")
        t2 = time.perf_counter()
        print(f"{rows:>10,} {t1 - t0:>9.2f} {t2 - t1:>11.2f} {len(fields):>7}", flush=True)


def bench_values(n: int) -> None:
    from presidio_analyzer import BatchAnalyzerEngine

    from pii_scan.models.analyzer import classify_values, get_analyzer

    df = make_table(n, seed=3)
    cols = ["rijksregisternummer", "iban", "gsm", "email", "voornaam"]
    values = [str(v) for c in cols for v in df[c].tolist()]
    batch = BatchAnalyzerEngine(analyzer_engine=get_analyzer())
    # Warm-up on a few values of each column, both sides: name lists, suffix list, recognizers load once
    warm = [str(v) for c in cols for v in make_table(20, seed=4)[c].tolist()]
    classify_values(warm)
    list(batch.analyze_iterator(warm, language="nl"))
    w0, c0 = time.perf_counter(), time.process_time()
    for c in cols:
        classify_values(df[c].astype(str).tolist())
    fast = (time.perf_counter() - w0, time.process_time() - c0)
    # Presidio is slow: time an evenly spread subset (every column), report per value
    subset = values[:: max(1, len(values) // 5000)][:5000]
    w0, c0 = time.perf_counter(), time.process_time()
    list(batch.analyze_iterator(subset, language="nl", batch_size=256))
    slow = (time.perf_counter() - w0, time.process_time() - c0)
    runs = (("classify_values", len(values), fast), ("BatchAnalyzerEngine", len(subset), slow))
    for name, count, (secs, cpu) in runs:
        print(
            f"{name + ':':21} {count / secs:>12,.0f} values/s ({count:,} values, {secs:.2f} s;"
            f" CPU {count / cpu:,.0f} values/s)"
        )
    ratio = (len(values) / fast[0]) / (len(subset) / slow[0])
    cpu_ratio = (len(values) / fast[1]) / (len(subset) / slow[1])
    print(f"classify_values is {ratio:.1f} times faster per value ({cpu_ratio:.1f} times in CPU time)")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--values", type=int, default=20_000, help="values per column for the throughput test")
    ap.add_argument("--skip-tables", action="store_true")
    ap.add_argument(
        "--versus-structured", metavar="ROOT", help="folder of labelled files (see versus_structured.py)"
    )
    ap.add_argument("--labels", help="labels CSV for --versus-structured")
    ap.add_argument("--sample", type=int, default=1000, help="rows sampled per table (--versus-structured)")
    ap.add_argument(
        "--structured-rows", type=int, default=1000, help="rows presidio-structured reads per table"
    )
    ap.add_argument("--structured-model", default=None, help="spaCy pipeline for presidio-structured")
    args = ap.parse_args(argv)
    if args.versus_structured:
        sys.path.insert(0, HERE)
        from versus_structured import versus_structured  # type: ignore[import-not-found]

        labels = args.labels or os.path.join(args.versus_structured, "labels", "column_labels.csv")
        r = versus_structured(
            args.versus_structured, labels, args.sample, args.structured_rows, args.structured_model
        )
        ours, theirs = r["pii_scan"], r["presidio_structured"]
        print(f"{r['columns']} labelled columns under {args.versus_structured}")
        print(f"  pii-scan            {ours['seconds']:8.1f} s   macro F1 {ours['macro_f1']:.3f}")
        print(
            f"  presidio-structured {theirs['seconds']:8.1f} s   macro F1 {theirs['macro_f1']:.3f}"
            f"   ({theirs['rows']} rows per table, spaCy {theirs['model']})"
        )
        print(f"  pii-scan is {r['speedup']:.1f} times faster")
        print(
            f"  CPU time: {ours['cpu_seconds']:.1f} s against {theirs['cpu_seconds']:.1f} s,"
            f" {r['cpu_speedup']:.1f} times"
        )
        return
    if not args.skip_tables and "--values" not in argv:
        bench_discovery(args.rows)
    bench_values(args.values)


if __name__ == "__main__":
    main(sys.argv[1:])
