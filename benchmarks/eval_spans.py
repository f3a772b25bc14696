"""Span-level evaluation of analyze_texts on the deduce Dutch regression texts.

    python benchmarks/eval_spans.py ../shared/data/text/deduce_dutch_regression [--strict]

Each JSON file holds {"examples": [{"text", "annotations": [{"start_char", "end_char", "tag"}]}]}.
Deduce tags map to our entities (TAG_TO_ENTITIES). Matching is by character overlap: a gold span is
found when a predicted span of one of its mapped entities overlaps it by at least one character; a
predicted span is correct when it overlaps a gold span whose tag maps to its entity. ``--strict``
requires identical boundaries instead (after stripping surrounding spaces and punctuation).
Precision is computed only for our entities that some deduce tag maps to (deduce does not annotate
health terms, family relations, ...). Tags with no counterpart (ages, hospitals, generic ids) are
listed with their count as "not covered"."""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections import defaultdict

from pii_scan.models.analyzer import analyze_texts, engine_info

TAG_TO_ENTITIES: dict[str, set[str]] = {
    "persoon": {"PERSON"},
    "patient": {"PERSON"},
    "locatie": {"LOCATION", "STREET_ADDRESS", "POSTAL_CODE"},
    "telefoonnummer": {"PHONE_NUMBER"},
    "emailadres": {"EMAIL_ADDRESS"},
    "email": {"EMAIL_ADDRESS"},
    "url": {"URL", "EMAIL_ADDRESS"},
    "datum": {"DATE_TIME", "DATE_OF_BIRTH"},
    "bsn": {"NL_BSN"},
}
# Our entity -> the report row it is scored in.
ROW_OF = {
    "PERSON": "persoon",
    "LOCATION": "locatie",
    "STREET_ADDRESS": "locatie",
    "POSTAL_CODE": "locatie",
    "PHONE_NUMBER": "telefoonnummer",
    "EMAIL_ADDRESS": "emailadres",
    "URL": "url",
    "DATE_TIME": "datum",
    "DATE_OF_BIRTH": "datum",
    "NL_BSN": "bsn",
}
_PUNCT = " \t.,;:()[]'\""


def load(path: str) -> list[dict]:
    examples = []
    for file in sorted(glob.glob(os.path.join(path, "*.json"))):
        with open(file, encoding="utf-8") as fh:
            examples.extend(json.load(fh)["examples"])
    return examples


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT:
        end -= 1
    return start, end


def _match(a: tuple[int, int], b: tuple[int, int], strict: bool, text: str) -> bool:
    if strict:
        return _trim(text, *a) == _trim(text, *b)
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: str, strict: bool = False, language: str = "nl") -> dict[str, dict[str, float]]:
    examples = load(path)
    texts = [e["text"] for e in examples]
    t0 = time.perf_counter()
    predictions = analyze_texts(texts, language)
    seconds = time.perf_counter() - t0
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"tp_gold": 0, "gold": 0, "tp_pred": 0, "pred": 0}
    )
    uncovered: dict[str, int] = defaultdict(int)
    for ex, preds in zip(examples, predictions, strict=True):
        text = ex["text"]
        gold = [(a["tag"], (a["start_char"], a["end_char"])) for a in ex["annotations"]]
        for tag, span in gold:
            if tag not in TAG_TO_ENTITIES:
                uncovered[tag] += 1
                continue
            row = counts[tag if tag in ROW_OF.values() else ROW_OF[min(TAG_TO_ENTITIES[tag])]]
            row["gold"] += 1
            if any(
                p.entity_type in TAG_TO_ENTITIES[tag] and _match(span, (p.start, p.end), strict, text)
                for p in preds
            ):
                row["tp_gold"] += 1
        for p in preds:
            if p.entity_type not in ROW_OF:
                continue
            row = counts[ROW_OF[p.entity_type]]
            row["pred"] += 1
            if any(
                p.entity_type in TAG_TO_ENTITIES.get(tag, ()) and _match(span, (p.start, p.end), strict, text)
                for tag, span in gold
            ):
                row["tp_pred"] += 1
    report: dict[str, dict[str, float]] = {}
    for row, c in sorted(counts.items()):
        precision = c["tp_pred"] / c["pred"] if c["pred"] else float("nan")
        recall = c["tp_gold"] / c["gold"] if c["gold"] else float("nan")
        report[row] = {"precision": precision, "recall": recall, "gold": c["gold"], "predicted": c["pred"]}
    meta: dict[str, float] = {"texts": len(texts), "seconds": seconds}
    meta.update({f"uncovered:{k}": v for k, v in uncovered.items()})
    report["_meta"] = meta
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="folder with the deduce *.json files")
    parser.add_argument("--strict", action="store_true", help="exact span boundaries instead of overlap")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.path):
        print(f"no such folder: {args.path}", file=sys.stderr)
        return 2
    report = evaluate(args.path, args.strict)
    meta = report.pop("_meta")
    print(f"engine nl: {engine_info()['nl']}")
    matching = "strict" if args.strict else "overlap"
    print(f"{int(meta['texts'])} texts in {meta['seconds']:.2f} s; matching: {matching}")
    print(f"{'deduce tag':<16}{'precision':>10}{'recall':>8}{'gold':>6}{'pred':>6}")
    for row, r in report.items():
        print(
            f"{row:<16}{r['precision']:>10.2f}{r['recall']:>8.2f}{int(r['gold']):>6}{int(r['predicted']):>6}"
        )
    for key, value in meta.items():
        if key.startswith("uncovered:"):
            print(f"not covered: {key.split(':', 1)[1]} ({int(value)} spans)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
