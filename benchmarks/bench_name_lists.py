"""Compare first/last-name list sources for the Dutch NER fallback: load time, memory, licence,
and PERSON accuracy on the deduce Dutch texts (overlap matching, see eval_spans.py).

    python benchmarks/bench_name_lists.py ../shared/data/text/deduce_dutch_regression \
        [--names-dataset-path DIR]

Faker (nl_NL, nl_BE, fr_BE, fr_FR, de_DE, en_GB; MIT) is what pii-scan ships. names-dataset (MIT,
a 55 MB wheel, NOT a dependency) is measured when DIR holds it unpacked (``pip download
names-dataset --no-deps`` and unzip the wheel there); its top names for BE, NL and FR are used.
Each source runs in its own subprocess so that load time and peak memory are its own.
Measured by the issue author, not here: deduce needs 151 s and 1.1 GB for its first start;
belgian-deduce is GPL-3.0-only (343 s first start) and so cannot be used by an MIT project."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

LICENCES = {"faker": "MIT", "names-dataset": "MIT (data scraped from a social network leak)"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_source(source: str, deduce: str, nd_path: str | None, top: int) -> dict[str, float]:
    from pii_scan.models.recognizers import _lists
    from pii_scan.models.recognizers._common import fold

    base = _rss_mb()
    t0 = time.perf_counter()
    if source == "faker":
        firsts, lasts = _lists.first_names(), _lists.last_names()
    else:
        sys.path.insert(0, nd_path or "")
        from names_dataset import NameDataset  # type: ignore[import-not-found]

        nd = NameDataset()
        firsts_l: set[str] = set()
        lasts_l: set[str] = set()
        for country in ("BE", "NL", "FR"):
            for g in nd.get_top_names(n=top, country_alpha2=country)[country].values():
                firsts_l.update(fold(n) for n in g)
            lasts_l.update(
                fold(n)
                for n in nd.get_top_names(n=top, use_first_names=False, country_alpha2=country)[country]
            )
        firsts, lasts = frozenset(firsts_l), frozenset(lasts_l)
        _lists.first_names = lambda: firsts  # type: ignore[assignment]
        _lists.last_names = lambda: lasts  # type: ignore[assignment]
        import pii_scan.models.recognizers._names as pn

        pn.first_names, pn.last_names = _lists.first_names, _lists.last_names  # type: ignore[assignment]
    load_s = time.perf_counter() - t0
    mem = _rss_mb() - base
    sys.path.insert(0, os.path.dirname(__file__))
    from eval_spans import evaluate  # type: ignore[import-not-found]

    t1 = time.perf_counter()
    report = evaluate(deduce)
    person = report["persoon"]
    return {
        "first_names": len(firsts),
        "last_names": len(lasts),
        "load_s": load_s,
        "mem_mb": mem,
        "eval_s": time.perf_counter() - t1,
        "precision": person["precision"],
        "recall": person["recall"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deduce", help="folder with the deduce *.json files")
    parser.add_argument("--names-dataset-path", help="folder with the unpacked names-dataset wheel")
    parser.add_argument("--top", type=int, default=5000, help="names-dataset: top N names per country")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_source(args.child, args.deduce, args.names_dataset_path, args.top)))
        return 0
    sources = ["faker"] + (["names-dataset"] if args.names_dataset_path else [])
    print(f"{'source':<15}{'first':>8}{'last':>8}{'load s':>8}{'mem MB':>8}{'P':>6}{'R':>6}  licence")
    for source in sources:
        cmd = [sys.executable, __file__, args.deduce, "--child", source, "--top", str(args.top)]
        if args.names_dataset_path:
            cmd += ["--names-dataset-path", args.names_dataset_path]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        print(
            f"{source:<15}{r['first_names']:>8}{r['last_names']:>8}{r['load_s']:>8.2f}{r['mem_mb']:>8.0f}"
            f"{r['precision']:>6.2f}{r['recall']:>6.2f}  {LICENCES[source]}"
        )
    print("deduce (issue author): first start 151 s, 1.1 GB; belgian-deduce: GPL-3.0-only, 343 s first start")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
