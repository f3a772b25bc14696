"""Reliability: special files, broken symlinks, one-line errors (issue 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.registry import open_source
from pii_scan.errors import SourceCorrupt, SourceNotFound
from pii_scan.escape import printable

CSV = "naam,email\nJan Peeters,jan.peeters@example.com\n"


@pytest.fixture()
def hostile_dir(tmp_path: Path) -> Path:
    d = tmp_path / "d"
    d.mkdir()
    (d / "good.csv").write_text(CSV)
    os.mkfifo(d / "pipe.csv")
    (d / "dangling.csv").symlink_to(d / "nowhere.csv")
    (d / "a.csv").symlink_to(d / "b.csv")
    (d / "b.csv").symlink_to(d / "a.csv")
    (d / "link.csv").symlink_to(d / "good.csv")
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)  # a directory loop when followed
    (d / "sub" / "inner.csv").write_text(CSV)
    return d


def _names(conns: list) -> list[str]:
    return [os.path.relpath(c.location, c.location.split("/d/")[0] + "/d") for c in conns]


def test_walk_skips_special_files_and_symlinks(hostile_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    conns = open_source(str(hostile_dir))
    assert _names(conns) == ["good.csv", "sub/inner.csv"]
    notes = [r.getMessage() for r in caplog.records]
    for name, reason in [
        ("pipe.csv", "FIFO"),
        ("dangling.csv", "dangling symlink"),
        ("a.csv", "symlink loop"),
        ("b.csv", "symlink loop"),
        ("link.csv", "not followed"),
        ("up", "not followed"),
    ]:
        assert any(name in n and reason in n for n in notes), (name, notes)


def test_follow_symlinks_detects_loops(hostile_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    conns = open_source(str(hostile_dir), follow_symlinks=True)
    assert _names(conns) == ["good.csv", "link.csv", "sub/inner.csv"]
    notes = [r.getMessage() for r in caplog.records]
    assert any("up" in n and "loop" in n for n in notes)
    assert any("pipe.csv" in n and "FIFO" in n for n in notes)


def test_scan_of_hostile_dir_is_not_partial(hostile_dir: Path) -> None:
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(hostile_dir)])
    assert res.exit_code == 0, res.output
    assert "good.csv" in res.stdout and "inner.csv" in res.stdout
    notes = [ln for ln in res.stderr.splitlines() if ln.startswith("note: skipped")]
    assert len(notes) == 6
    assert "Traceback" not in res.output


def test_scan_leaves_files_untouched(hostile_dir: Path) -> None:
    files = [hostile_dir / "good.csv", hostile_dir / "sub" / "inner.csv"]
    before = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    res = CliRunner().invoke(main, ["scan", "--follow-symlinks", str(hostile_dir)])
    assert res.exit_code == 0, res.output
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == before
    assert sorted(p.name for p in hostile_dir.iterdir()) == [
        "a.csv", "b.csv", "dangling.csv", "good.csv", "link.csv", "pipe.csv", "sub"
    ]  # fmt: skip


def test_follow_symlinks_option(hostile_dir: Path) -> None:
    res = CliRunner().invoke(main, ["sources", "--format", "json", "--follow-symlinks", str(hostile_dir)])
    assert res.exit_code == 0, res.output
    assert "link.csv" in res.stdout
    res = CliRunner().invoke(main, ["sources", "--format", "json", str(hostile_dir)])
    assert "link.csv" not in res.stdout  # the option does not stick to the next invocation


def test_fifo_given_as_source_fails_alone(hostile_dir: Path) -> None:
    res = CliRunner().invoke(main, ["sources", str(hostile_dir / "pipe.csv"), str(hostile_dir / "good.csv")])
    assert res.exit_code == 1  # a real source failed: partial
    assert "pipe.csv: a FIFO" in res.stderr
    assert "good.csv" in res.stdout


def test_dangling_symlink_given_as_source(tmp_path: Path) -> None:
    (tmp_path / "x.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(SourceNotFound, match="dangling"):
        open_source(str(tmp_path / "x.csv"))


def test_printable_escapes_control_characters() -> None:
    assert printable("a\nb\tc\x1bd") == "a\\nb\\tc\\x1bd"


def test_file_name_with_newline_stays_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad\nname.csv"
    bad.write_bytes(b"\xff\xfe\x00a\x00b")  # UTF-16: refused as corrupt
    res = CliRunner().invoke(main, ["sources", str(bad)])
    assert res.exit_code == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and "bad\\nname.csv" in errors[0], res.stderr


# -- JSON Lines and deep JSON ---------------------------------------------------------------------


def _jsonl(tmp_path: Path, bad_at: set[int], n: int = 100) -> Path:
    path = tmp_path / "log.jsonl"
    broken = '{"user": {"email": "geheim@example.com"'  # cut off: not JSON
    lines = [
        broken if i in bad_at else f'{{"user": {{"email": "p{i}@example.nl"}}}}' for i in range(1, n + 1)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_bad_line_is_skipped_and_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pii_scan.connectors.registry import connector_for

    conn = connector_for(str(_jsonl(tmp_path, {3, 57})))
    info = conn.tables()[0]
    rows = pd.concat(conn.iter_rows(info.name, chunk_rows=10))
    assert len(rows) == 98 and "p100@example.nl" in set(rows["user.email"])
    assert conn.skipped_lines == [3, 57]
    notes = [r.getMessage() for r in caplog.records if "not JSON" in r.getMessage()]
    assert len(notes) == 1 and "lines 3, 57" in notes[0]
    assert "geheim" not in notes[0]  # line numbers, never values
    assert len(conn.sample(info.name, n=10)) == 10


def test_jsonl_bad_line_scan_exit_zero(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(_jsonl(tmp_path, {50}))])
    assert res.exit_code == 0, res.output
    assert "user.email" in res.stdout
    assert "line 50" in res.stderr and "geheim" not in res.output


def test_jsonl_mostly_broken_is_refused(tmp_path: Path) -> None:
    from pii_scan.connectors.registry import connector_for

    with pytest.raises(SourceCorrupt, match="lines 1, 2, 3"):
        connector_for(str(_jsonl(tmp_path, {1, 2, 3, 4}, n=6))).tables()


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_nested_10000_levels_is_one_line_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"a":' * 10_000 + "1" + "}" * 10_000 + "\n")
    res = CliRunner().invoke(main, ["scan", str(path)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output and "RecursionError" not in res.output
    errors = [ln for ln in res.stderr.splitlines() if "error" in ln]
    assert len(errors) == 1 and "nested too deeply" in errors[0], res.stderr


def test_json_nested_deep_but_parseable_is_refused_cleanly(tmp_path: Path) -> None:
    from pii_scan.connectors.registry import connector_for

    # 995 levels parse, but flattening them into columns exceeds the recursion limit
    path = tmp_path / "deep.json"
    path.write_text("[" + '{"a":' * 995 + "1" + "}" * 995 + "]")
    with pytest.raises(SourceCorrupt, match="nested too deeply"):
        connector_for(str(path)).tables()


# -- corrupt state ---------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_state_is_moved_aside_and_sweep_runs_as_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    import json

    monkeypatch.setenv("PII_SCAN_KEY", "inventory-test-key-0123456789")
    data = tmp_path / "data"
    data.mkdir()
    for i in range(6):  # enough tables for a state of several pages (truncation hits real pages)
        (data / f"leden{i}.csv").write_text(f"naam;email\nJan Peeters;jan{i}@voorbeeld.be\n")
    config = tmp_path / "pii-scan.toml"
    config.write_text(
        '[inventory]\nworkers = 1\nstate_dir = "state"\n\n[[sources]]\nname = "drive"\nlocation = "data"\n'
    )
    args = ["inventory", "--config", str(config)]
    assert CliRunner().invoke(main, args).exit_code == 0
    db = tmp_path / "state" / "state.sqlite"
    if damage == "garbage":
        db.write_bytes(b"this is not a database\n" * 500)
    else:
        with open(db, "r+b") as fh:
            fh.truncate(db.stat().st_size // 2)
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and res.exception is None
    notes = [ln for ln in res.stderr.splitlines() if "state database unreadable" in ln]
    assert len(notes) == 1 and "moved to state.sqlite.corrupt-" in notes[0]
    aside = list((tmp_path / "state").glob("state.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 0  # kept for inspection, not deleted
    doc = json.loads((tmp_path / "inventory" / "inventory.json").read_text())
    assert doc["sweep"]["previous_sweep"] is None and doc["sweep"]["units_scanned"] == 6
    # the fresh state works: the next sweep reuses every unit
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0 and "6 unchanged" in res.output


# -- one line, always ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "{csv}", "--out", "{dir}"],  # --out is a directory
        ["inventory", "--out", "{csv}"],  # a file where a directory is expected
        ["scan", "--no-such-option"],
        ["scan", "{csv}", "--format", "yaml"],
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str]) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text(CSV)
    argv = [a.format(csv=csv, dir=tmp_path) for a in args]
    res = CliRunner().invoke(main, argv)
    assert res.exit_code == 2
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    assert "Usage:" not in res.output


def test_usage_error_with_newline_in_name_is_escaped(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["eval", str(tmp_path / "labels\nfile.csv")])
    assert res.exit_code == 2
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "labels\\nfile.csv" in lines[0], res.output


def test_output_error_with_newline_in_name_is_one_line(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text(CSV)
    res = CliRunner().invoke(main, ["scan", str(csv), "--out", str(tmp_path / "no\ndir" / "out.json")])
    assert res.exit_code == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "no\\ndir" in lines[0] and "cannot write" in lines[0], res.stderr


def test_help_and_version_still_work() -> None:
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    res = CliRunner().invoke(main, ["scan", "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output


# -- leftovers of a killed write -------------------------------------------------------------------

_SLOW_WRITER = """
import sys, time
from pii_scan.atomic import write_atomic

def write(fh):
    fh.write("half of it")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)

write_atomic(sys.argv[1], write)
"""


def _start_writer(target: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    return proc


def _temporaries(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def test_killed_write_leftover_is_removed_by_next_run(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text(CSV)
    target = tmp_path / "out.json"
    proc = _start_writer(target)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (left,) = _temporaries(target)
    assert f".out.json.{proc.pid}." in left.name  # one pattern: target, pid, random
    old = time.time() - 60
    os.utime(left, (old, old))  # written before the next run started
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pii_scan.cli import main; main()",
            "scan",
            str(csv),
            "--format",
            "json",
            "--out",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert _temporaries(target) == [] and target.exists()
    assert "temporary file of an interrupted write" in res.stderr


def test_live_writers_and_new_temporaries_are_kept(tmp_path: Path) -> None:
    from pii_scan.atomic import remove_stale_temporaries

    target = tmp_path / "out.json"
    proc = _start_writer(target)
    try:
        (live,) = _temporaries(target)
        os.utime(live, (0, 0))
        assert remove_stale_temporaries(str(target)) == []  # its process is alive
    finally:
        proc.kill()
        proc.wait()
    assert remove_stale_temporaries(str(target), started=0) == []  # not older than the run
    assert remove_stale_temporaries(str(target)) == [str(live)]
    other = tmp_path / ".other.json.1.abc.tmp"  # another target's temporary
    other.write_text("x")
    os.utime(other, (0, 0))
    assert remove_stale_temporaries(str(target)) == [] and other.exists()


def test_subject_search_over_jsonl_with_bad_line_is_partial(tmp_path: Path, monkeypatch) -> None:
    import json
    import zipfile

    from pii_scan.subject import find_subject

    path = _jsonl(tmp_path, {10}, n=30)
    result = find_subject([str(path)], {"email": ["p20@example.nl"]})
    assert [r.key for r in result.records] and not result.complete
    (status,) = result.sources
    assert status.status == "partial" and "line 10" in (status.error or "") and "geheim" not in status.error

    monkeypatch.setenv("PII_SCAN_EXPORT_PASSPHRASE", "unused-passphrase")
    out = tmp_path / "pkg.zip"
    res = CliRunner().invoke(main, ["export", str(path), "--email", "p20@example.nl", "--out", str(out)])
    assert res.exit_code == 1  # partial: the package says it is incomplete
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["complete"] is False
    assert [s["status"] for s in manifest["sources"]] == ["partial"]


def test_glob_skips_fifo_with_note(hostile_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    conns = open_source(str(hostile_dir / "*.csv"), follow_symlinks=True)
    assert sorted(os.path.basename(c.location) for c in conns) == ["good.csv", "link.csv"]
    notes = " | ".join(r.getMessage() for r in caplog.records)
    assert "pipe.csv: a FIFO" in notes and "dangling.csv" in notes and "a.csv" in notes
