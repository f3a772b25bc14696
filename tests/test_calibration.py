"""Calibrated confidence: the isotonic fit, the bins, and the shipped table on real decisions."""

from __future__ import annotations

from pii_scan.models import calibration as cal
from pii_scan.models.column_classifier import decide, profile_values, table_context
from pii_scan.models.headers import match_header


def test_isotonic_fit_is_monotone_pools_ties_and_smooths() -> None:
    pairs = [(0.55, False)] + [(0.55, True)] * 18 + [(0.7, True)] * 3
    pairs += [(0.9, False), (0.9, True)] + [(1.0, True)] * 50
    knots = cal.fit_isotonic(pairs)
    ys = [y for _, y in knots]
    assert ys == sorted(ys)  # monotone
    assert knots[0][1] > 0.8  # one wrong among 19 equal scores is pooled with them, not a knot of its own
    assert all(0.0 < y < 1.0 for y in ys)  # smoothed: never certainty from a finite sample


def test_bins_report_share_correct() -> None:
    rows = cal.bin_table([(0.55, True), (0.58, False), (0.97, True), (1.0, True)])
    assert [(r["n"], r["correct"]) for r in rows] == [(2, 0.5), (2, 1.0)]
    assert abs(rows[0]["confidence"] - 0.565) < 1e-9


def test_shipped_table_maps_raw_scores_and_can_be_switched_off() -> None:
    tables = cal.load_tables()
    assert set(tables) == {"none", "personal"}
    ctx = table_context({c: match_header(c) for c in ("voornaam", "naam")}, row_count=10)
    args = ("naam", match_header("naam"), profile_values(["Peeters", "Maes", "Claes"]), {}, ctx)
    with cal.raw_confidence():
        raw = decide(*args).confidence
    calibrated = decide(*args).confidence
    assert calibrated == round(cal.calibrate(raw, decide(*args).category), 3)
    assert calibrated != raw
