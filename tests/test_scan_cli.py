"""``pii-scan scan`` through click's CliRunner: formats, --out, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.results import FieldResult

KEYS = {"source", "table", "column", "category", "categories", "entities", "confidence", "evidence"}
KEYS |= {"rows_sampled", "language"}


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    path = tmp_path / "klanten.csv"
    rows = ["klantnr;voornaam;achternaam;email;iban;status"]
    rows += [f"{i};Jan{i % 3};Peeters;jan{i}@telenet.be;BE35 0638 6917 8437;actief" for i in range(1, 40)]
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def test_json_is_one_array_of_field_objects(export: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(export), "--format", "json", "--sample", "20"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list) and len(data) == 6
    for obj in data:
        assert KEYS <= set(obj)
        assert all(set(e) >= {"type", "score"} for e in obj["entities"])
        assert obj["rows_sampled"] <= 20
        FieldResult.from_dict(obj)  # round-trips
    cats = {o["column"]: o["category"] for o in data}
    assert cats["email"] == "contact" and cats["iban"] == "financial" and cats["status"] == "none"
    assert "jan1@telenet.be" not in result.output  # masked evidence only


def test_csv_and_table_formats(export: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["scan", str(export), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["column"]: r["category"] for r in rows}["voornaam"] == "identification"
    result = runner.invoke(main, ["scan", str(export)])
    assert result.exit_code == 0
    out = result.output
    assert "klanten.csv" in out and "financial" in out and "Language engines" in out
    # personal fields are listed before the non-personal ones
    assert out.index("iban") < out.index("status")


def test_out_writes_atomically_and_failures_exit_1(export: Path, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    missing = tmp_path / "nope.csv"
    args = ["scan", str(export), str(missing), "--format", "json", "--out", str(target)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1  # partial: one source failed, the other was scanned
    assert "nope.csv" in result.output and "Traceback" not in result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {o["table"] for o in data} == {"klanten.csv"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pii-scan-")] == []


def test_unwritable_out_is_one_line_error(export: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(export), "--out", str(tmp_path / "no" / "dir" / "x.json")])
    assert result.exit_code == 2
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_help() -> None:
    result = CliRunner().invoke(main, ["scan", "--help"])
    assert result.exit_code == 0 and "--sample" in result.output and "--lang" in result.output


def test_table_prints_bracketed_names_verbatim(tmp_path: Path) -> None:
    """Column names and values are data, never console markup (a '[/]' once crashed rich)."""
    path = tmp_path / "odd[x].csv"
    path.write_text("[/] e-mail;[bold]naam\njan@example.be;Jan\npiet@example.be;Piet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 0, result.output
    assert "[/] e-mail" in result.output and "[bold]naam" in result.output
