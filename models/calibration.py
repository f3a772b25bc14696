"""Calibrated confidence: a column's ``confidence`` is the share of such decisions that are right.

The column classifier's raw score combines evidence (name weight, value hit rates, shapes) by rules,
so its scale is not a probability. A monotone table, fitted by isotonic regression (pool adjacent
violators) on labelled development decisions, maps it onto the share correct; decisions that a
column is ``none`` and decisions that it is personal get a table each, as their raw scores come from
different rules. ``benchmarks/calibration.py`` fits the tables into ``data/calibration.json`` and
prints the share correct per confidence bin before and after.

Pure Python, no dependency: the table is a handful of (raw, calibrated) knots, linearly interpolated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources

from ._once import once

__all__ = ["calibrate", "fit_isotonic", "bin_table", "raw_confidence", "group_of", "load_tables"]

_state = {"enabled": True}


def group_of(category: str) -> str:
    return "none" if category == "none" else "personal"


@once
def load_tables() -> dict[str, list[tuple[float, float]]]:
    """group -> sorted (raw, calibrated) knots; empty when no table is shipped."""
    try:
        raw = resources.files("pii_scan.models").joinpath("data/calibration.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(raw)
    return {g: [(float(a), float(b)) for a, b in knots] for g, knots in data.get("tables", {}).items()}


def _interpolate(knots: Sequence[tuple[float, float]], x: float) -> float:
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in zip(knots, knots[1:], strict=False):
        if x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def calibrate(raw: float, category: str) -> float:
    """The calibrated confidence of a raw score for a decision of ``category``."""
    if not _state["enabled"]:
        return raw
    knots = load_tables().get(group_of(category))
    return _interpolate(knots, raw) if knots else raw


@contextmanager
def raw_confidence() -> Iterator[None]:
    """Within the block, decisions carry their raw scores (to fit or inspect the tables)."""
    before = _state["enabled"]
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = before


def fit_isotonic(pairs: Sequence[tuple[float, bool]], prior: float = 1.0) -> list[tuple[float, float]]:
    """(raw, correct) -> monotone knots (mean raw of a block, smoothed share correct of the block).

    Pool adjacent violators; each block's share is smoothed towards one half by ``prior`` pseudo
    decisions each way, so a block of three right decisions says 0.8, not 1.0."""
    grouped: dict[float, list[float]] = {}  # equal raw scores are one block from the start
    for raw, ok in pairs:
        g = grouped.setdefault(raw, [0.0, 0.0, 0.0])
        g[0] += raw
        g[1] += float(ok)
        g[2] += 1.0
    blocks: list[list[float]] = []  # [sum raw, sum correct, n]
    for raw in sorted(grouped):
        blocks.append(grouped[raw])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            for i in range(3):
                blocks[-1][i] += last[i]
    knots = [(s / n, (c + prior) / (n + 2 * prior)) for s, c, n in blocks]
    # Equal raw means can arise from pooled blocks; keep the knots strictly increasing in raw.
    out: list[tuple[float, float]] = []
    for x, y in knots:
        if out and x <= out[-1][0]:
            out[-1] = (out[-1][0], max(out[-1][1], y))
        else:
            out.append((round(x, 4), round(y, 4)))
    return out


def bin_table(
    pairs: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
) -> list[dict[str, float]]:
    """Per confidence bin: decisions, mean confidence, share correct, and their gap."""
    rows = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (hi == edges[-1] and c == hi)]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        share = sum(ok for _, ok in inside) / len(inside)
        rows.append({"low": lo, "high": hi, "n": len(inside), "confidence": mean, "correct": share,
                     "gap": abs(mean - share)})  # fmt: skip
    return rows
