"""Opt-in span-level evaluation on the deduce Dutch texts (``pytest -m eval``): guards the figures
reported from benchmarks/eval_spans.py against regressions."""

from __future__ import annotations

import importlib.util
import os

import pytest

pytestmark = pytest.mark.eval

_SCRIPT = os.path.join(os.path.dirname(__file__), "..", "benchmarks", "eval_spans.py")


def _eval_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("eval_spans", _SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deduce_span_scores(shared_data: str) -> None:
    path = os.path.join(shared_data, "text", "deduce_dutch_regression")
    if not os.path.isdir(path):
        pytest.skip(f"deduce texts not found at {path}")
    report = _eval_module().evaluate(path)
    # Floors a little under the measured figures (see the report of benchmarks/eval_spans.py).
    assert report["emailadres"]["recall"] >= 0.95
    assert report["telefoonnummer"]["recall"] >= 0.85 and report["telefoonnummer"]["precision"] >= 0.9
    assert report["datum"]["recall"] >= 0.85 and report["datum"]["precision"] >= 0.9
    assert report["url"]["recall"] >= 0.9
    assert report["persoon"]["recall"] >= 0.6
    assert report["locatie"]["recall"] >= 0.55
