"""The subject's package on the bundled examples: exactly the planted person's records, schema-valid
data.json, checksums, CSV with BOM, report in Dutch and French, encryption, incomplete packages."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import zipfile
from html import unescape
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.config import load_config
from pii_scan.errors import OutputError
from pii_scan.export import write_package
from pii_scan.subject import find_subject

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CONFIG = EXAMPLES / "pii-scan.toml"
pytestmark = pytest.mark.skipif(not CONFIG.exists(), reason="examples/ not generated")
SCHEMA = Path(__file__).resolve().parents[1] / "pii_scan" / "schemas" / "data.schema.json"


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))["planted_person"]


@pytest.fixture(scope="module")
def config():
    return load_config(CONFIG)


@pytest.fixture(scope="module")
def by_email(config, truth):
    return find_subject([], {"email": [truth["email"].upper()]}, config)


def _source_file(source: str) -> str:
    return os.path.relpath(source, EXAMPLES).replace(os.sep, "/")


def _occurrences(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in result.subject_records:
        name = _source_file(r.source)
        if name == "crm.sqlite":
            name = f"crm.sqlite:{r.table}"
        out[name] = out.get(name, 0) + 1
    return out


def _expected(truth) -> dict[str, int]:
    out: dict[str, int] = {}
    for occ in truth["occurrences"]:
        name = occ["source"] + (f":{occ['table']}" if occ["source"] == "crm.sqlite" else "")
        out[name] = out.get(name, 0) + 1
    return out


def test_planted_person_found_in_all_four_sources_from_one_email(by_email, truth) -> None:
    assert by_email.complete
    assert {_source_file(r.source) for r in by_email.subject_records} == set(truth["sources"])
    assert _occurrences(by_email) == _expected(truth)
    crm = {(r.table, r.key["id"]) for r in by_email.subject_records if r.source.endswith("crm.sqlite")}
    planted = {(o["table"], o["key"]["id"]) for o in truth["occurrences"] if o["source"] == "crm.sqlite"}
    assert crm == planted
    third = {(r.table, r.key["id"]) for r in by_email.records if r.relation == "third_party"}
    assert third == {(t["table"], t["key"]["id"]) for t in truth["third_party"]}


@pytest.mark.parametrize("phone", ["0483/16.92.78", "+32483169278"])
def test_found_from_a_differently_formatted_phone(config, truth, phone) -> None:
    result = find_subject([], {"phone": [phone]}, config)
    assert {_source_file(r.source) for r in result.subject_records} == set(truth["sources"])
    assert _occurrences(result) == _expected(truth)


@pytest.fixture(scope="module")
def package(by_email, config, tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path_factory.mktemp("pkg") / "subject.zip"
    write_package(by_email, out, config, lang="nl")
    with zipfile.ZipFile(out) as zf:
        return out, {n: zf.read(n) for n in zf.namelist()}


def test_package_holds_exactly_their_records_and_validates(package, truth, by_email) -> None:
    path, files = package
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not [p for p in os.listdir(path.parent) if p.endswith(".tmp")]
    data = json.loads(files["data.json"])
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    n = sum(len(t["records"]) for s in data["sources"] for t in s["tables"])
    assert n == len(truth["occurrences"]) == len(by_email.subject_records)
    tables = {t["table"] for s in data["sources"] for t in s["tables"]}
    assert "employees" not in tables  # third parties never enter the package
    customer = next(t for s in data["sources"] for t in s["tables"] if t["table"] == "customers")
    cats = {f["name"]: f["category"] for f in customer["fields"]}
    assert cats["email"] == "contact" and cats["national_number"] == "identification"
    text = files["data.json"].decode("utf-8")
    assert truth["email"] in text.lower()
    for employee_email in ("@calorix",):  # an employee's address must not leak in
        assert employee_email not in text.split('"source"')[0]


def test_manifest_checksums_counts_and_csv_bom(package, by_email) -> None:
    _, files = package
    manifest = json.loads(files["manifest.json"])
    assert manifest["complete"] is True
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert manifest["counts"]["records"] == len(by_email.subject_records)
    assert manifest["counts"]["per_category"]["contact"] >= 1
    assert all(s["status"] == "searched" for s in manifest["sources"])
    assert "helene" not in json.dumps(manifest["identifiers"]).lower()
    csvs = [n for n in files if n.startswith("csv/")]
    assert "csv/crm/customers.csv" in csvs  # the configured source name, never a path
    assert "csv/files/letters/fr_demande_acces_rgpd.csv" in csvs  # the folder inside the source kept
    assert manifest["csv"]["files"] == sorted(csvs) and manifest["csv"]["delimiter"] == ";"
    body = files["csv/crm/customers.csv"]
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.split(b"\r\n")[0].count(b";") >= 5  # nl: what Belgian Excel splits on
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 and rows[0]["first_name"] == "Hélène"


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nl", ["Uw persoonsgegevens", "Gegevensbeschermingsautoriteit", "Rechtsgrond", "Contactgegevens"]),
        (
            "fr",
            [
                "Vos données personnelles",
                "Autorité de protection des données",
                "Base juridique",
                "Coordonnées",
            ],
        ),
    ],
)
def test_report_renders_in_dutch_and_french(by_email, config, tmp_path, lang, words) -> None:
    out = tmp_path / "p.zip"
    write_package(by_email, out, config, lang=lang)
    html = unescape(zipfile.ZipFile(out).read("report.html").decode("utf-8"))
    assert f'<html lang="{lang}">' in html
    for w in words:
        assert w in html
    assert config.controller["dpo_email"] in html and config.controller["enterprise_number"] in html
    # the register's text in the reader's language, not the English one
    assert config.texts["register.financial.retention"][lang] in html
    assert config.register["financial"]["retention"] not in html
    assert 'id="incomplete"' not in html


def test_failed_source_makes_the_package_incomplete(tmp_path, truth) -> None:
    out = tmp_path / "p.zip"
    runner = CliRunner()
    res = runner.invoke(
        main,
        ["export", str(EXAMPLES / "crm.sqlite"), str(tmp_path / "missing.sqlite"),
         "--email", truth["email"], "--out", str(out), "--lang", "fr"],
    )  # fmt: skip
    assert res.exit_code == 1, res.output
    zf = zipfile.ZipFile(out)
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["complete"] is False
    failed = [s for s in manifest["sources"] if s["status"] == "failed"]
    assert len(failed) == 1 and "missing.sqlite" in failed[0]["source"] and failed[0]["error"]
    html = zf.read("report.html").decode("utf-8")
    assert 'id="incomplete"' in html and "INCOMPLET" in html
    assert json.loads(zf.read("data.json"))["complete"] is False


def test_encrypted_package_needs_the_passphrase(tmp_path, truth, monkeypatch) -> None:
    import pyzipper

    out = tmp_path / "p.zip"
    monkeypatch.setenv("PII_SCAN_EXPORT_PASSPHRASE", "correct horse battery")
    res = CliRunner().invoke(
        main,
        ["export", str(EXAMPLES / "crm.sqlite"), "--email", truth["email"], "--out", str(out), "--encrypt"],
    )
    assert res.exit_code == 0, res.output
    with pytest.raises(RuntimeError):
        zipfile.ZipFile(out).read("data.json")
    with pyzipper.AESZipFile(out) as zf:
        zf.setpassword(b"correct horse battery")
        assert truth["email"] in zf.read("data.json").decode("utf-8").lower()
    assert "correct horse" not in res.output


def test_no_partial_file_when_writing_fails(by_email, tmp_path) -> None:
    target = tmp_path / "is_a_dir.zip"
    target.mkdir()
    with pytest.raises(OutputError):
        write_package(by_email, target, None)
    assert sorted(os.listdir(tmp_path)) == ["is_a_dir.zip"]
    with pytest.raises(OutputError):
        write_package(by_email, tmp_path / "nope" / "p.zip", None)


def test_report_without_config_names_the_belgian_authority(by_email, tmp_path) -> None:
    out = tmp_path / "p.zip"
    write_package(by_email, out, None, lang="en")
    html = zipfile.ZipFile(out).read("report.html").decode("utf-8")
    assert "Autorité de protection des données" in html and "not stated in the register" in html


@pytest.mark.slow  # discovery runs the NER pipelines on the ticket notes (about 25 s)
def test_categories_come_from_discovery_on_the_tables_with_records(config, truth, tmp_path) -> None:
    # export (not find) classifies: a free-text ticket note about a hospital stay is health data
    out = tmp_path / "p.zip"
    args = ["export", "--config", str(CONFIG), "--email", truth["email"], "--out", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    zf = zipfile.ZipFile(out)
    data = json.loads(zf.read("data.json"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    tickets = next(t for s in data["sources"] for t in s["tables"] if t["table"] == "support_tickets")
    note = next(f for f in tickets["fields"] if f["name"] == "note")
    assert note["category"] == "sensitive" or "sensitive" in note["categories"]
    notes = [f for r in tickets["records"] for f in r["fields"] if f["name"] == "note"]
    assert notes and all("sensitive" in f["categories"] for f in notes)
    customer = next(t for s in data["sources"] for t in s["tables"] if t["table"] == "customers")
    assert {f["name"]: f["category"] for f in customer["fields"]}["email"] == "contact"
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["counts"]["per_category"]["sensitive"] >= 1
