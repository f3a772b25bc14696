"""Loaders are built once even when threads ask at the same time (a Dask threaded scheduler does)."""

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pii_scan.models._once import once


def test_once_builds_a_loader_once_across_threads():
    calls = []

    @once
    def load(lang):
        calls.append(lang)
        time.sleep(0.05)  # long enough for the other threads to arrive while it loads
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(load("nl"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["nl"] and len({id(r) for r in results}) == 1
    assert load("fr") is not results[0] and calls == ["nl", "fr"]


@pytest.mark.slow
def test_discovery_in_threads_from_a_cold_start():
    """Four threads scanning the examples in a fresh interpreter: no import deadlock, same results."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    script = textwrap.dedent(f"""
        from concurrent.futures import ThreadPoolExecutor
        from pii_scan.connectors import open_source
        from pii_scan.discovery import scan_table
        units = [(c.location, t.name, getattr(c, "root", None))
                 for c in open_source({str(examples)!r}) for t in c.tables()]
        run = lambda u: sorted((f.column or "", f.category) for f in scan_table(u[0], u[1], root=u[2]))
        with ThreadPoolExecutor(4) as ex:
            threaded = list(ex.map(run, units))
        assert threaded == [run(u) for u in units]
        print("ok", len(units))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok")
