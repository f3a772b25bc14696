"""Ablation of the reconcile rules (models/reconcile.py) on the Dutch text path.

    python benchmarks/ablate_reconcile.py PATH [PATH ...] [--rules a,b] [--limit N] [--cache DIR]

PATH as for eval_ner.py (markup:benchmarks/data/nl_news_eval, ud-dev:../shared/data, a deduce folder).
The pipeline and the recognizers run once per set; then reconcile runs again with every optional rule
on, and with each one off in turn (``reconcile.RULES``). Prints person and place exact-span F1 per
variant and set, and the CPU seconds reconcile took with all rules on.
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import re
import time
from pathlib import Path

from pii_scan.models import reconcile as rec
from pii_scan.models.analyzer import analyze_texts, resolve_overlaps

_spec = importlib.util.spec_from_file_location("eval_ner", Path(__file__).with_name("eval_ner.py"))
assert _spec and _spec.loader
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)
KIND = {"PERSON": "PER", "LOCATION": "LOC", "STREET_ADDRESS": "LOC"}


def capture(texts: list[str]) -> dict[str, tuple]:
    """text -> (doc, recognizer results before reconcile), from one run of the text path."""
    seen: dict[str, tuple] = {}
    original = rec.reconcile

    def spy(text, doc, results):  # type: ignore[no-untyped-def]
        seen[text] = (doc, list(results))
        return original(text, doc, results)

    rec.reconcile = spy
    try:
        analyze_texts(texts, "nl")
    finally:
        rec.reconcile = original
    return seen


def run(texts: list[str], seen: dict[str, tuple], rules: frozenset[str]) -> tuple[list, float]:
    rec.RULES = rules
    t0 = time.process_time()
    out = {}
    for text, (doc, results) in seen.items():
        out[text] = resolve_overlaps(rec.reconcile(text, doc, list(results)))
    cpu = time.process_time() - t0
    pred = [[(r.start, r.end, KIND[r.entity_type]) for r in out.get(t, ()) if r.entity_type in KIND]
            for t in texts]  # fmt: skip
    return pred, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--rules", default="", help="comma-separated subset to ablate (default: all)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", default="", help="folder to keep each set's pipeline output in (pickle)")
    a = ap.parse_args()
    all_rules = rec.ALL_RULES
    names = [r for r in (a.rules.split(",") if a.rules else sorted(all_rules)) if r]
    variants = [("all rules", all_rules), ("none of them", frozenset())]
    variants += [(f"- {n}", all_rules - {n}) for n in names]
    table: dict[str, list[str]] = {v: [] for v, _ in variants}
    heads = []
    for path in a.paths:
        data = ev.load(path)[: a.limit or None]
        texts, gold = [t for t, _ in data], [s for _, s in data]
        cached = Path(a.cache) / (re.sub(r"\W+", "_", path) + f"_{a.limit}.pickle") if a.cache else None
        if cached and cached.exists():
            seen = pickle.loads(cached.read_bytes())
        else:
            seen = capture(texts)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(seen))
        heads.append(path.split("/")[-1][:24])
        run(texts[:50], seen, all_rules)  # the word and place lists load on first use: not timed
        for label, rules in variants:
            pred, cpu = run(texts, seen, rules)
            s = ev.score(gold, pred, texts, ["PER", "LOC"])
            table[label].append(f"{s['PER']['exact_p']:.3f}/{s['PER']['exact_r']:.3f}/"
                                f"{s['PER']['exact_f']:.3f} {s['LOC']['exact_f']:.3f}")  # fmt: skip
            if label in ("all rules", "none of them"):
                print(f"{path}: {len(texts)} sentences, reconcile {cpu:.3f} s CPU with {label}")
    rec.RULES = all_rules
    print(f"{'variant':28} " + " ".join(f"{h + ' PER P/R/F LOC F':>32}" for h in heads))
    for label, cells in table.items():
        print(f"{label:28} " + " ".join(f"{c:>32}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
