"""The ``[limits]`` of the configuration (issue 11): documented in the template with the code's
defaults, checked with errors naming the line, and applied to every connector a command makes,
also in worker processes (through the unit's plain arguments)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.config import load_config, template_text
from pii_scan.discovery import ScanOptions, scan_table
from pii_scan.errors import ConfigError, SourceCorrupt
from pii_scan.inventory.sweep import expand_sources
from pii_scan.limits import LIMIT_KEYS, Limits

WIDE = "a;b;c;d;e\n1;2;3;4;5\n"


def test_template_documents_every_limit_with_the_code_default(tmp_path: Path) -> None:
    text = template_text(examples_present=False)
    keys = "|".join(LIMIT_KEYS)
    documented = re.findall(rf"^# ({keys}) = ([\d_]+)$", text, flags=re.M)
    assert sorted(k for k, _ in documented) == sorted(LIMIT_KEYS)
    uncommented = re.sub(rf"^# (({keys}) = [\d_]+)$", r"\1", text, flags=re.M)
    path = tmp_path / "pii-scan.toml"
    path.write_text(uncommented, encoding="utf-8")
    assert load_config(path).limits == Limits()
    assert load_config(path).limits.as_dict() == {k: int(v.replace("_", "")) for k, v in documented}


@pytest.mark.parametrize(
    "body,message",
    [
        ("max_colums = 5", "unknown key 'max_colums' in [limits] (did you mean 'max_columns'?)"),
        ("max_columns = 0", "'max_columns' must be a whole number of 1 or more"),
        ('text_budget_bytes = "1MB"', "'text_budget_bytes' must be a whole number of 1 or more"),
        ("json_max_depth = true", "'json_max_depth' must be a whole number of 1 or more"),
    ],
)
def test_limit_errors_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "pii-scan.toml"
    path.write_text(f"[thresholds]\nsample = 10\n\n[limits]\nmax_line_bytes = 1000\n{body}\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value) == f"{path}:6: {message}"


def _config(tmp_path: Path, limits: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "wide.csv").write_text(WIDE)
    (data / "ok.csv").write_text("naam;email\nJan;jan@example.be\n")
    path = tmp_path / "pii-scan.toml"
    path.write_text(f'[limits]\n{limits}\n\n[[sources]]\nname = "files"\nlocation = "data"\n')
    return path


def test_configured_limits_reach_the_connectors_of_scan(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "max_columns = 4")
    res = CliRunner().invoke(main, ["scan", "--config", str(cfg), "--format", "json"])
    assert res.exit_code == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "wide.csv" in errors[0]
    assert "5 columns in the header (more than 4)" in errors[0]
    assert {f["table"] for f in json.loads(res.stdout)} == {"ok.csv"}  # the other file goes on
    # without the configuration the defaults apply again
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(tmp_path / "data")])
    assert res.exit_code == 0, res.output


def test_limits_travel_with_a_unit_to_a_worker(tmp_path: Path) -> None:
    cfg = load_config(_config(tmp_path, "max_columns = 4\ntext_budget_bytes = 2048"))
    outcomes = expand_sources(cfg, b"k" * 32, {}, True, {"sample": 100})
    failed = [u for o in outcomes for u in o.units if u.status == "failed"]
    assert [u.file for u in failed] == ["wide.csv"]
    (task,) = [t for o in outcomes for t in o.tasks]
    assert task.limits == {**Limits().as_dict(), "max_columns": 4, "text_budget_bytes": 2048}
    # a worker process has no configuration: the unit's options carry the bounds
    wide = str(tmp_path / "data" / "wide.csv")
    with pytest.raises(SourceCorrupt, match="more than 4"):
        scan_table(wide, "wide.csv", ScanOptions(sample=10, limits=task.limits))
    assert scan_table(wide, "wide.csv", ScanOptions(sample=10))  # defaults: 5 columns are fine


def test_find_uses_the_configured_text_budget_only_for_discovery(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "text_budget_bytes = 4096")
    doc = tmp_path / "data" / "notes.txt"
    doc.write_text("".join(f"regel {i} over de vergadering van het bestuur\n" for i in range(5000)))
    with open(doc, "a", encoding="utf-8") as fh:
        fh.write("Mail naar jan@example.be graag.\n")
    res = CliRunner().invoke(main, ["scan", "--config", str(cfg), "--format", "json"])
    (note,) = [f for f in json.loads(res.stdout) if f["table"] == "notes.txt"][0]["evidence"]["notes"]
    assert "budget of 4,096 bytes" in note
    args = ["find", "--config", str(cfg), "--email", "jan@example.be", "--format", "json"]
    res = CliRunner().invoke(main, args)
    lines = [r["key"] for r in json.loads(res.stdout)["records"] if r["table"] == "notes.txt"]
    assert lines == [{"line": 5001}]  # the search reads past the budget


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def test_json_deeper_than_the_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    from pii_scan.connectors.jsonfile import JsonConnector
    from pii_scan.limits import use_limits

    path = tmp_path / "deep.json"
    path.write_text(f'[{{"email": "a@example.be"}}, {_nested(60)}]')
    with use_limits(Limits(json_max_depth=50)):
        conn = JsonConnector(str(path))
    with pytest.raises(SourceCorrupt, match="nested too deeply: more than 50 levels"):
        conn.tables()
    assert JsonConnector(str(path)).tables()[0].row_count == 2  # the default bound lets 60 through


def test_jsonl_lines_too_deep_or_too_long_are_skipped_and_named(tmp_path: Path, caplog) -> None:
    from pii_scan.connectors.jsonfile import JsonConnector
    from pii_scan.limits import use_limits

    lines = [f'{{"email": "p{i}@example.be"}}' for i in range(1, 21)]
    lines[4] = _nested(60)
    lines[9] = '{"email": "' + "x" * 5000 + '@example.be"}'
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with use_limits(Limits(json_max_depth=50, max_line_bytes=1000)):
        conn = JsonConnector(str(path))
    info = conn.tables()[0]
    rows = [e for chunk in conn.iter_rows(info.name) for e in chunk["email"]]
    assert len(rows) == 18 and "p20@example.be" in rows
    assert conn.skipped_lines == [5, 10]
    assert "lines 5, 10" in caplog.text and "xxxx" not in caplog.text
