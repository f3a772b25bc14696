"""`pii-scan find` through click: JSON and table output, exit codes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main

_spec = importlib.util.spec_from_file_location("subject_schema", Path(__file__).parent / "subject_schema.py")
shop = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(shop)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "shop.sqlite"
    shop.build_shop(f"sqlite:///{path}")
    return str(path)


def test_find_json(db: str) -> None:
    res = CliRunner().invoke(main, ["find", db, "--phone", "0470 12 34 56", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["subject"]["identifiers"][0]["kind"] == "phone"
    rels = {(r["table"], r["relation"]) for r in out["records"]}
    assert rels == {("customers", "match"), ("invoices", "linked"), ("invoice_lines", "linked"),
                    ("employees", "third_party")}  # fmt: skip
    assert out["sources"] == [{"source": db, "status": "searched", "tables": 4}]
    assert "Dupont" not in res.output  # the JSON names records, it does not carry their values


def test_find_table_shows_rows_but_third_parties_by_key_only(db: str) -> None:
    res = CliRunner().invoke(main, ["find", db, "--name", "Marie Dupont", "--unmasked"])
    assert res.exit_code == 0, res.output
    assert "Dupont" in res.output and "CONFIRM" in res.output and "must be confirmed" in res.output
    assert "employee_id=1" in res.output and "Peeters" not in res.output


def test_find_exit_codes(db: str, tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["find", db, "--national-number", "85073003329"])
    assert bad.exit_code == 2 and "checksum" in bad.output and "Traceback" not in bad.output
    none = CliRunner().invoke(main, ["find", db])
    assert none.exit_code == 2
    partial = CliRunner().invoke(
        main, ["find", db, str(tmp_path / "gone.csv"), "--email", shop.SUBJECT_EMAIL]
    )
    assert partial.exit_code == 1 and "INCOMPLETE" in partial.output


def test_help() -> None:
    for cmd in ("find", "export"):
        res = CliRunner().invoke(main, [cmd, "--help"])
        assert res.exit_code == 0 and "--email" in res.output


def test_find_index_only_gives_the_same_records_for_an_exact_identifier(db: str) -> None:
    args = ["find", db, "--phone", "+32 470 12 34 56", "--format", "json"]
    full = json.loads(CliRunner().invoke(main, args).output)
    fast = CliRunner().invoke(main, [*args, "--index-only"])
    assert fast.exit_code == 0, fast.output
    key = lambda out: sorted((r["table"], r["relation"], json.dumps(r["key"])) for r in out["records"])  # noqa: E731
    assert key(json.loads(fast.output)) == key(full) and full["records"]


def test_find_table_shows_wide_records_as_field_value_cards() -> None:
    crm = str(Path(__file__).resolve().parents[1] / "examples" / "crm.sqlite")
    res = CliRunner().invoke(main, ["find", crm, "--id", "customers.id=42", "--max-depth", "0"])
    assert res.exit_code == 0, res.output
    # 15 columns would be unreadable side by side: one line per field, value in full
    lines = [ln for ln in res.output.splitlines() if "national_number" in ln]
    assert lines and any(ch.isdigit() for ch in lines[0])
    assert "customers · match" in res.output


def test_find_table_masks_values_by_default(db: str) -> None:
    res = CliRunner().invoke(main, ["find", db, "--email", shop.SUBJECT_EMAIL])
    assert res.exit_code == 0, res.output
    assert "dupont" not in res.output.lower()  # the console shows Du****, m***@domain
    assert "***@" in res.output and "Du***" in res.output
    shown = CliRunner().invoke(main, ["find", db, "--email", shop.SUBJECT_EMAIL, "--unmasked"])
    assert "Dupont" in shown.output  # only when the operator asks
