"""`pii-scan init`: writes a template that loads, refuses to overwrite, enables the example source."""

from __future__ import annotations

import re

from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.config import load_config, template_text


def test_init_writes_a_template_that_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    cfg = load_config(tmp_path / "pii-scan.toml")
    assert cfg.sources == []  # no examples folder here: the example source stays commented out
    assert cfg.controller["supervisory_authority"].startswith("Gegevensbeschermingsautoriteit")
    assert set(cfg.register) == {"identification", "contact", "financial"}
    assert cfg.state_dir == str(tmp_path / ".pii-scan")


def test_init_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "conf.toml"
    out.write_text("# mine\n")
    result = CliRunner().invoke(main, ["init", "--out", str(out)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_text() == "# mine\n"
    result = CliRunner().invoke(main, ["init", "--out", str(out), "--force"])
    assert result.exit_code == 0
    assert "[controller]" in out.read_text()
    assert not [p for p in tmp_path.iterdir() if p.name != "conf.toml"]  # no temp file left behind


def test_example_source_enabled_when_examples_folder_is_next_to_it(tmp_path):
    (tmp_path / "examples").mkdir()
    result = CliRunner().invoke(main, ["init", "--out", str(tmp_path / "pii-scan.toml")])
    assert result.exit_code == 0
    cfg = load_config(tmp_path / "pii-scan.toml")
    assert [(s.name, s.location) for s in cfg.sources] == [("examples", str(tmp_path / "examples"))]


def test_template_filled_in_by_uncommenting_loads(tmp_path, monkeypatch):
    """The commented examples in the template are valid once a privacy officer uncomments them."""
    monkeypatch.setenv("CRM_DB_PASSWORD", "x")
    monkeypatch.setenv("ERP_DB_PASSWORD", "x")
    example_line = re.compile(r'^# (\[\[?[a-z.]+\]\]?|[a-z_]+ = (".*"|\[.*\]))$')
    text = "\n".join(
        line[2:] if example_line.match(line) else line
        for line in template_text(examples_present=False).splitlines()
    )
    (tmp_path / "pii-scan.toml").write_text(text, encoding="utf-8")
    cfg = load_config(tmp_path / "pii-scan.toml")
    assert [s.name for s in cfg.sources] == ["crm", "shared-drive", "examples"]
    assert cfg.sources[0].location.startswith("postgresql+psycopg://crm_reader:x@")
    assert [(lk.from_table, lk.to_source) for lk in cfg.links] == [
        ("orders.csv", None),
        ("weblog.jsonl", "crm"),
    ]
    assert cfg.retention[0].max_age == "10y" and cfg.retention[0].column == "relationship_ended_on"
    assert cfg.key_file == "/etc/pii-scan/key"
