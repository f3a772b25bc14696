"""Kill tests (issue 11): a sweep and an export killed with SIGKILL at random points (seeded) leave
the state database, the register and the export target each either valid or absent, never half
written; the next run completes and removes the leftovers.

Slow (each run starts Python and the recognizers): CI runs them with ``pytest -m slow``.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEED = 11
ITERATIONS = 4
PASSPHRASE = "kill-test-passphrase"
_CLI = "import sys; from pii_scan.cli import main; sys.argv[0] = 'pii-scan'; main()"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two small sources (a CSV and a SQLite database) and a configuration sweeping them."""
    root = tmp_path_factory.mktemp("kill")
    data = root / "data"
    data.mkdir()
    with open(data / "leden.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "naam", "voornaam", "email", "gsm", "gemeente"])
        for i in range(300):
            phone = f"+32 470 12 {i // 100:02d} {i % 100:02d}"
            w.writerow([i, f"Peeters{i}", "Jan", f"jan{i}@example.be", phone, "Gent"])
    db = sqlite3.connect(root / "crm.sqlite")
    db.executescript(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT);"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),"
        " total REAL);"
    )
    customers = [(i, f"Klant {i}", f"k{i}@example.be") for i in range(200)]
    db.executemany("INSERT INTO customers VALUES (?, ?, ?)", customers)
    db.executemany("INSERT INTO orders VALUES (?, ?, ?)", [(i, i % 200, i * 1.5) for i in range(600)])
    db.commit()
    db.close()
    (root / "pii-scan.toml").write_text(
        '[inventory]\nstate_dir = "state"\nout = "register"\n\n'
        f'[[sources]]\nname = "crm"\nlocation = "{root / "crm.sqlite"}"\n\n'
        f'[[sources]]\nname = "files"\nlocation = "{data}"\n',
        encoding="utf-8",
    )
    return root


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PII_SCAN_KEY="kill-test-fingerprint-key", PII_SCAN_EXPORT_PASSPHRASE=PASSPHRASE)
    env.pop("PII_SCAN_CONFIG", None)
    return env


def _start(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _CLI, "-q", *args], cwd=root, env=_env(root),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _timed_run(root: Path, *args: str) -> float:
    t0 = time.monotonic()
    proc = _start(root, *args)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - t0


def _kill_after(root: Path, delay: float, *args: str) -> int | None:
    proc = _start(root, *args)
    try:
        proc.wait(timeout=delay)  # finished before the kill: fine, the end state is checked too
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    if proc.stderr:
        proc.stderr.close()
    return proc.returncode


# -- what "valid or absent" means ---------------------------------------------------------------


def check_state(state_dir: Path) -> list[dict]:
    """The state database opens, passes integrity_check, and each sweep is stored whole: a finished
    sweep has all its units, a sweep still marked running (killed), or marked interrupted by a later
    sweep, has none."""
    path = state_dir / "state.sqlite"
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sweeps = db.execute(
            "SELECT id, status, units_scanned + units_reused + units_failed FROM sweeps"
        ).fetchall()
        out = []
        for sid, status, counted in sweeps:
            (units,) = db.execute("SELECT COUNT(*) FROM units WHERE sweep_id=?", (sid,)).fetchone()
            (sources,) = db.execute("SELECT COUNT(*) FROM sources WHERE sweep_id=?", (sid,)).fetchone()
            if status in ("running", "interrupted"):
                assert units == 0 and sources == 0, (sid, units, sources)
            else:
                assert units == counted and units > 0 and sources == 2, (sid, status, units, counted)
            out.append({"id": sid, "status": status})
        return out
    finally:
        db.close()


def check_register(out_dir: Path) -> None:
    """Each register file is absent or whole."""
    from openpyxl import load_workbook

    if (p := out_dir / "inventory.json").exists():
        doc = json.loads(p.read_text(encoding="utf-8"))
        assert {s["name"] for s in doc["sources"]} == {"crm", "files"}
    if (p := out_dir / "inventory.csv").exists():
        rows = list(csv.reader(p.open(encoding="utf-8", newline="")))
        assert rows and all(len(r) == len(rows[0]) for r in rows)
    if (p := out_dir / "inventory.xlsx").exists():
        load_workbook(p, read_only=True).close()
    if (p := out_dir / "inventory.html").exists():
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")


def check_zip(path: Path) -> None:
    import pyzipper

    if not path.exists():
        return
    with pyzipper.AESZipFile(path) as zf:
        zf.setpassword(PASSPHRASE.encode())
        assert zf.testzip() is None
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["complete"] is True


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.exists() else []


# -- the tests ----------------------------------------------------------------------------------


def test_sweep_killed_at_random_points_leaves_old_or_new_state(world: Path) -> None:
    args = ("inventory", "--config", "pii-scan.toml")
    duration = _timed_run(world, *args)  # a first, whole sweep: there is an old state to keep
    first = check_state(world / "state")
    assert [s["status"] for s in first] == ["ok"]
    rng = random.Random(SEED)
    for _ in range(ITERATIONS):
        delay = rng.uniform(0.1, duration * 1.1)
        _kill_after(world, delay, *args, "--full")
        sweeps = check_state(world / "state")
        done = [s for s in sweeps if s["status"] not in ("running", "interrupted")]
        assert done[:1] == first  # the old sweep is intact
        check_register(world / "register")
    _timed_run(world, *args)  # the next sweep works on what the killed ones left
    sweeps = check_state(world / "state")
    assert sweeps[-1]["status"] == "ok"
    assert "running" not in {s["status"] for s in sweeps}  # the killed ones are marked interrupted
    check_register(world / "register")
    assert _temporaries(world / "register") == []  # leftovers of the killed writes are gone


def test_export_killed_at_random_points_leaves_the_old_package_or_none(world: Path) -> None:
    target = world / "pkg.zip"
    args = ("export", str(world / "data"), "--email", "jan7@example.be", "--encrypt", "--out", str(target))
    rng = random.Random(SEED + 1)
    duration = None
    for i in range(ITERATIONS):
        if i == 2:  # from here on an older, whole package exists: it must survive the kills
            duration = _timed_run(world, *args)
            check_zip(target)
            before = target.read_bytes()
        delay = rng.uniform(0.1, (duration or 8.0) * 1.1)
        _kill_after(world, delay, *args)
        check_zip(target)
        if duration is not None:
            assert target.exists()
            with pyzipper_open(target) as zf:
                assert zf.namelist() == pyzipper_names(before)
    _timed_run(world, *args)
    check_zip(target)
    assert _temporaries(world) == []


def pyzipper_open(path: Path):
    import pyzipper

    zf = pyzipper.AESZipFile(path)
    zf.setpassword(PASSPHRASE.encode())
    return zf


def pyzipper_names(data: bytes) -> list[str]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()
