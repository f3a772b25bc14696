"""Throughput of classify_values (the no-NLP whole-value path) on synthetic Belgian columns, and of
analyze_texts on the same values for comparison.

    python benchmarks/bench_values.py [N]      # N values per column, default 100000

Columns: national numbers, IBANs, phones, emails, names, free-form ids; values are generated
with Faker (nl_BE) and python-stdnum-valid checksums. Half the values repeat, as in real columns."""

from __future__ import annotations

import random
import sys
import time

from faker import Faker

from pii_scan.models.analyzer import analyze_texts, classify_values


def _columns(n: int) -> dict[str, list[str]]:
    fake = Faker("nl_BE")
    Faker.seed(1)
    rnd = random.Random(1)
    distinct = max(1, n // 2)

    def nn() -> str:
        yy, mm, dd = rnd.randint(40, 99), rnd.randint(1, 12), rnd.randint(1, 28)
        base = f"{yy:02d}{mm:02d}{dd:02d}{rnd.randint(1, 998):03d}"
        return base + f"{97 - int(base) % 97:02d}"

    gens = {
        "national_number": nn,
        "iban": fake.iban,
        "phone": fake.phone_number,
        "email": fake.email,
        "name": fake.name,
        "id": lambda: f"K{rnd.randint(0, 10**7):07d}",
    }
    cols = {}
    for name, gen in gens.items():
        pool = [gen() for _ in range(min(distinct, 20000))]
        cols[name] = [rnd.choice(pool) for _ in range(n)]
    return cols


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 100_000
    cols = _columns(n)
    classify_values(["warm-up 0470 12 34 56"])
    print(f"{'column':<16}{'values':>9}{'seconds':>9}{'values/s':>12}  shares")
    for name, values in cols.items():
        t0 = time.perf_counter()
        shares = classify_values(values)
        dt = time.perf_counter() - t0
        top = ", ".join(f"{k}={v:.2f}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1])[:2])
        print(f"{name:<16}{len(values):>9}{dt:>9.2f}{len(values) / dt:>12.0f}  {top}")
    sample = cols["phone"][:2000]
    t0 = time.perf_counter()
    analyze_texts(sample, "nl", use_ner=False)
    dt = time.perf_counter() - t0
    print(f"analyze_texts on {len(sample)} phone values (nl, no NER): {len(sample) / dt:.0f} values/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
