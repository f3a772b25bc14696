"""The public JSON outputs match their shipped JSON Schemas: `pii-scan scan --format json` against
scan.schema.json and inventory.json against inventory.schema.json, on real runs over a copy of the
examples; and the schemas reject what they must (an unknown category, a missing key).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.models.entities import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "pii_scan" / "schemas"

RETENTION_RULE = """
[[retention]]
source = "examples"
table = "export_leden.csv"
column = "Lid sinds"
max_age = "10y"
"""


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def errors(v: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(doc)]


@pytest.fixture(scope="module")
def scan_output() -> list[dict[str, Any]]:
    code, out = invoke(
        "scan", str(EXAMPLES / "hr.xlsx"), str(EXAMPLES / "export_leden.csv"), "--format", "json"
    )
    assert code == 0, out
    return json.loads(out)


@pytest.fixture(scope="module")
def inventory_docs(tmp_path_factory) -> list[dict[str, Any]]:
    """Two sweeps of a small copy of the examples (baseline, then a new file) with a retention rule."""
    base = tmp_path_factory.mktemp("schemas")
    (base / "examples").mkdir()
    for name in ("export_leden.csv", "hr.xlsx"):
        shutil.copy2(EXAMPLES / name, base / "examples" / name)
    mp = pytest.MonkeyPatch()
    mp.setenv("PII_SCAN_KEY", "schema-test-key-0123456789")
    mp.setenv("XDG_CONFIG_HOME", str(base / "xdg"))
    try:
        config = base / "pii-scan.toml"
        code, out = invoke("init", "--out", str(config))
        assert code == 0, out
        config.write_text(config.read_text(encoding="utf-8") + RETENTION_RULE, encoding="utf-8")
        docs = []
        for step in ("baseline", "change"):
            if step == "change":  # a new file with personal data: the second sweep lists changes
                lines = ["klant;email"] + [f"K{i:03d};klant{i}.test@voorbeeld.be" for i in range(30)]
                (base / "examples" / "nieuwe_klanten.csv").write_text("\n".join(lines) + "\n", "utf-8")
            code, out = invoke("inventory", "--config", str(config))
            assert code == 0, out
            docs.append(json.loads((base / "inventory" / "inventory.json").read_text(encoding="utf-8")))
        return docs
    finally:
        mp.undo()


def test_scan_json_validates(scan_output):
    assert {f["table"] for f in scan_output} >= {"Personeel", "export_leden.csv"}
    assert errors(validator("scan"), scan_output) == []


def test_scan_schema_rejects_an_unknown_category_and_a_missing_key(scan_output):
    v = validator("scan")
    bad = copy.deepcopy(scan_output)
    bad[0]["category"] = "secret"
    assert any("secret" in e for e in errors(v, bad))
    bad = copy.deepcopy(scan_output)
    bad[-1]["entities"] = [{"type": "EMAIL_ADDRESS", "score": 0.9, "category": "secret"}]
    assert errors(v, bad)
    bad = copy.deepcopy(scan_output)
    del bad[0]["evidence"]["samples"]
    assert any("samples" in e for e in errors(v, bad))
    # keys may be added: a consumer's validation does not break when a new key appears
    added = copy.deepcopy(scan_output)
    added[0]["a_future_key"] = 1
    assert errors(v, added) == []


def test_inventory_json_validates(inventory_docs):
    v = validator("inventory")
    first, second = inventory_docs
    assert first["retention"] and first["retention"][0]["status"] in ("ok", "overdue")
    assert {c["kind"] for c in second["changes"]} >= {"table_added", "personal_field_added"}
    for doc in inventory_docs:
        assert errors(v, doc) == []


def test_inventory_schema_rejects_an_unknown_category(inventory_docs):
    v = validator("inventory")
    bad = copy.deepcopy(inventory_docs[0])
    bad["sources"][0]["tables"][0]["fields"][0]["category"] = "secret"
    assert any("secret" in e for e in errors(v, bad))
    bad = copy.deepcopy(inventory_docs[0])
    bad["summary"]["by_category"]["secret"] = 1
    assert errors(v, bad)
    bad = copy.deepcopy(inventory_docs[0])
    del bad["sweep"]
    assert any("sweep" in e for e in errors(v, bad))


def test_schemas_agree_with_the_code():
    scan = json.loads((SCHEMAS / "scan.schema.json").read_text(encoding="utf-8"))
    inventory = json.loads((SCHEMAS / "inventory.schema.json").read_text(encoding="utf-8"))
    # the inventory's copy of the field definition is the scan's, so the schema stands alone
    assert inventory["$defs"]["field"] == scan["$defs"]["field"]
    assert inventory["$defs"]["category"] == scan["$defs"]["category"]
    assert tuple(scan["$defs"]["category"]["enum"]) == CATEGORIES
