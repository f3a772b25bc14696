"""``pii-scan sources`` through click's CliRunner, and the library call behind it."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.sources import describe_sources


def make_sources(tmp_path):
    db = sqlite3.connect(tmp_path / "crm.db")
    db.executescript(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT);"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id));"
    )
    db.executemany("INSERT INTO customers(email) VALUES (?)", [(f"k{i}@example.be",) for i in range(12)])
    db.commit()
    db.close()
    (tmp_path / "export.csv").write_bytes("naam;gemeente\nJan;Liège\n".encode("cp1252"))
    return tmp_path


def test_library_listing(tmp_path):
    make_sources(tmp_path)
    listings, failures = describe_sources([str(tmp_path)])
    assert failures == []
    by_type = {entry["type"]: entry for entry in listings}
    tables = {t["name"]: t for t in by_type["sql"]["tables"]}
    assert tables["customers"]["row_count"] == 12 and tables["customers"]["primary_key"] == ["id"]
    assert tables["orders"]["foreign_keys"] == [
        {"columns": ["customer_id"], "ref_table": "customers", "ref_columns": ["id"]}
    ]
    assert by_type["csv"]["tables"][0]["columns"][1]["name"] == "gemeente"


def test_cli_table_and_json(tmp_path):
    make_sources(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["sources", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "customers" in result.output and "export.csv" in result.output and "12" in result.output
    result = runner.invoke(main, ["sources", "--format", "json", str(tmp_path / "crm.db")])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["failures"] == []
    assert [t["name"] for t in data["sources"][0]["tables"]] == ["customers", "orders"]


def test_cli_partial_failure_masks_password(tmp_path):
    make_sources(tmp_path)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    url = "postgresql://jan:s3cr3tpw@127.0.0.1:1/nothing"
    runner = CliRunner()
    result = runner.invoke(
        main, ["sources", "--format", "json", url, str(tmp_path), str(tmp_path / "nope.csv")]
    )
    assert result.exit_code == 1
    assert "s3cr3tpw" not in result.output and "s3cr3tpw" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, result.stderr
    assert any("postgresql://jan:***@127.0.0.1:1/nothing" in line for line in errors)
    assert any("broken.xlsx" in line and "unreadable workbook" in line for line in errors)
    assert any("nope.csv" in line for line in errors)
    data = json.loads(result.stdout)
    assert {s["type"] for s in data["sources"]} == {"sql", "csv"}  # the good sources are still listed
    assert len(data["failures"]) == 3


def test_help():
    result = CliRunner().invoke(main, ["sources", "--help"])
    assert result.exit_code == 0 and "--format" in result.output
