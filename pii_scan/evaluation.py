"""Score discovery against a labels file (``dataset,file,table,column,category,subject,notes``).

``file`` is relative to ``root``; ``table`` is the SQL table or sheet name, or a description in
parentheses such as ``(csv)`` for a file's only table; a ``column`` in parentheses describes an
unnamed column (``(index, header blank/0)``), matched to a blank, numeric or ``Unnamed`` header.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pii_scan.connectors.registry import connector_for
from pii_scan.discovery import ScanOptions, scan_connector_table
from pii_scan.errors import SourceError
from pii_scan.models.entities import CATEGORIES
from pii_scan.results import FieldResult

__all__ = ["Label", "Scores", "read_labels", "score", "evaluate"]


@dataclass(frozen=True)
class Label:
    file: str
    table: str
    column: str
    category: str
    subject: str = ""
    dataset: str = ""


@dataclass
class Scores:
    per_category: dict[str, dict[str, float]]  # category -> precision, recall, f1, support, predicted
    macro_f1: float
    confusion: dict[str, dict[str, int]]  # truth -> predicted -> count
    subject_accuracy: float | None
    subject_total: int
    matched: int
    missing: list[Label] = field(default_factory=list)  # labels with no scanned column
    errors: list[tuple[Label, str, str]] = field(default_factory=list)  # (label, predicted, truth)
    decisions: list[tuple[float, bool, str]] = field(default_factory=list)  # (confidence, right, predicted)
    failures: list[str] = field(default_factory=list)  # one line per labelled file that could not be read

    def to_dict(self) -> dict[str, Any]:
        return {
            "per_category": self.per_category,
            "macro_f1": round(self.macro_f1, 4),
            "confusion": self.confusion,
            "subject_accuracy": None if self.subject_accuracy is None else round(self.subject_accuracy, 4),
            "subject_total": self.subject_total,
            "matched": self.matched,
            "missing": [f"{m.file}:{m.table}:{m.column}" for m in self.missing],
            "errors": [
                {"file": lb.file, "table": lb.table, "column": lb.column, "predicted": p, "truth": t}
                for lb, p, t in self.errors
            ],
            "failures": self.failures,
        }


LABEL_COLUMNS = ("file", "table", "column", "category")


def read_labels(path: str | os.PathLike[str]) -> list[Label]:
    """The labels; a file that is no UTF-8 CSV with the label columns is a ValueError naming it."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"{path}: not a UTF-8 CSV labels file ({type(exc).__name__})") from None
    missing = [c for c in LABEL_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{path}: labels file lacks the column(s) {', '.join(missing)}")
    out = []
    for i, r in enumerate(rows, start=2):
        cat = (r.get("category") or "").strip()
        if cat not in CATEGORIES:
            raise ValueError(f"{path}:{i}: unknown category {cat!r}")
        out.append(
            Label(
                file=(r["file"] or "").strip(),
                table=(r["table"] or "").strip(),
                column=(r["column"] or "").strip(),
                category=cat,
                subject=(r.get("subject") or "").strip(),
                dataset=(r.get("dataset") or "").strip(),
            )
        )
    return out


_UNNAMED = re.compile(r"^(?:|\d+|unnamed.*|index)$", re.IGNORECASE)


def _table_matches(label_table: str, scanned: str, n_tables: int) -> bool:
    if label_table.startswith("("):
        return n_tables == 1
    label, got = label_table.casefold(), scanned.casefold()
    return label == got or got.endswith("." + label)


def _column_matches(label_col: str, column: str | None) -> bool:
    if column is None:
        return False
    if label_col.startswith("(") and label_col.endswith(")"):
        return bool(_UNNAMED.match(column.strip()))
    return label_col.casefold() == column.casefold()


def _find(label: Label, results: Sequence[FieldResult], n_tables: int) -> FieldResult | None:
    for r in results:
        if _table_matches(label.table, r.table, n_tables) and _column_matches(label.column, r.column):
            return r
    return None


def score(labels: Sequence[Label], predictions: dict[int, FieldResult]) -> Scores:
    """Precision/recall/F1 per category over matched labels (``predictions`` by label index)."""
    confusion = {t: dict.fromkeys(CATEGORIES, 0) for t in CATEGORIES}
    errors, missing = [], []
    decisions: list[tuple[float, bool, str]] = []
    subj_ok = subj_n = 0
    for i, lb in enumerate(labels):
        pred = predictions.get(i)
        if pred is None:
            missing.append(lb)
            continue
        confusion[lb.category][pred.category] += 1
        decisions.append((pred.confidence, pred.category == lb.category, pred.category))
        if pred.category != lb.category:
            errors.append((lb, pred.category, lb.category))
        if lb.subject in ("person", "organisation") and lb.category != "none":
            subj_n += 1
            subj_ok += pred.subject == lb.subject
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for c in CATEGORIES:
        tp = confusion[c][c]
        support = sum(confusion[c].values())
        predicted = sum(confusion[t][c] for t in CATEGORIES)
        if support == 0 and predicted == 0:
            per[c] = {"precision": float("nan"), "recall": float("nan"), "f1": float("nan"), "support": 0}
            per[c]["predicted"] = 0
            continue  # a category absent from truth and predictions says nothing either way
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per[c] = {"precision": p, "recall": r, "f1": f1, "support": support, "predicted": predicted}
        f1s.append(f1)
    return Scores(
        per_category=per,
        macro_f1=sum(f1s) / len(f1s) if f1s else 0.0,
        confusion=confusion,
        subject_accuracy=subj_ok / subj_n if subj_n else None,
        subject_total=subj_n,
        matched=len(labels) - len(missing),
        missing=missing,
        errors=errors,
        decisions=decisions,
    )


def evaluate(
    labels_path: str | os.PathLike[str],
    root: str,
    options: ScanOptions | None = None,
    progress: bool = True,
) -> Scores:
    """Scan every labelled table under ``root`` and score the column categories."""
    options = options or ScanOptions()
    from pii_scan.console import track

    labels = read_labels(labels_path)
    by_file: dict[str, list[int]] = {}
    for i, lb in enumerate(labels):
        by_file.setdefault(lb.file, []).append(i)
    predictions: dict[int, FieldResult] = {}
    failures: list[SourceError] = []
    files = list(by_file.items())
    for file, idxs in track(files, "Evaluating", total=len(files)) if progress else files:
        path = os.path.join(root, file)
        if not os.path.exists(path):
            failures.append(SourceError(file, f"labelled file not found under {root}"))
            continue
        try:
            conn = connector_for(path, root=os.path.dirname(path))
        except SourceError as exc:  # one unreadable file: the others are still scored, its labels missing
            failures.append(exc)
            continue
        try:
            tables = conn.tables()
            wanted = {labels[i].table for i in idxs}
            results: list[FieldResult] = []
            for t in tables:
                if any(_table_matches(w, t.name, len(tables)) for w in wanted):
                    results.extend(scan_connector_table(conn, t.name, options))
            for i in idxs:
                hit = _find(labels[i], results, len(tables))
                if hit is not None:
                    predictions[i] = hit
        except SourceError as exc:
            failures.append(exc)
        finally:
            conn.close()
    scores = score(labels, predictions)
    scores.failures = [str(f) for f in failures]
    return scores
