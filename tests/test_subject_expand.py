"""Identity expansion: identifiers in the subject's certain records are searched again (one round),
never through an identifier another person also holds."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.subject import find_subject

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PHONE = "+32 483 16 92 78"


@pytest.fixture(scope="module")
def truth() -> dict:
    data = json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))
    return {"person": data["planted_person"], "lookalike": data["lookalike"]}


@pytest.fixture(scope="module")
def examples_without_links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example sources only: no config (so no declared links), no ground truth, no generator."""
    out = tmp_path_factory.mktemp("ex") / "examples"
    keep = ("crm.sqlite", "export_leden.csv", "hr.xlsx", "weblog.jsonl", "letters")
    out.mkdir()
    for name in keep:
        src = EXAMPLES / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        else:
            shutil.copy2(src, out / name)
    return out


def _weblog(result) -> list:
    return [r for r in result.subject_records if r.table == "weblog.jsonl"]


def test_phone_lookup_reaches_the_web_log_through_the_crm_email(examples_without_links: Path, truth) -> None:
    person, lookalike = truth["person"], truth["lookalike"]
    res = CliRunner().invoke(
        main, ["find", str(examples_without_links), "--phone", PHONE, "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    records = json.loads(res.output)["records"]
    web = [r for r in records if r["table"] == "weblog.jsonl"]
    expected = [o for o in person["occurrences"] if o["source"] == "weblog.jsonl"]
    assert len(web) == len(expected) > 0
    for r in web:
        assert r["relation"] == "match" and not r["confirm"]
        assert 0.9 <= r["confidence"] < 1.0
        assert r["matched_on"] == [f"email (from crm.sqlite customers id={person['customer_id']})"]
    # the lookalike (same first name, shorter surname) shares no identifier: never included
    crm_ids = {r["key"].get("id") for r in records if r["table"] == "customers"}
    assert crm_ids == {person["customer_id"]}
    result = find_subject([str(examples_without_links)], {"phone": [PHONE]})
    text = json.dumps([r.data for r in result.records if r.data], ensure_ascii=False).lower()
    assert lookalike["email"] not in text and person["email"] in text
    assert all(lookalike["national_number"] not in json.dumps(r.data) for r in _weblog(result))


def test_without_expansion_the_web_log_is_missed(examples_without_links: Path) -> None:
    assert _weblog(find_subject([str(examples_without_links)], {"phone": [PHONE]}, expand=0)) == []


@pytest.fixture()
def family(tmp_path: Path) -> str:
    """Jan and Marie share the family landline; each has their own email and portal logins."""
    path = tmp_path / "family.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT,
                                phone TEXT);
        INSERT INTO customers VALUES (1, 'Jan', 'Peeters', 'jan.peeters@example.be', '02 345 67 89');
        INSERT INTO customers VALUES (2, 'Marie', 'Peeters', 'marie.peeters@example.be', '+32 2 345 67 89');
        CREATE TABLE portal_logins (login_id INTEGER PRIMARY KEY, email TEXT, ip TEXT);
        INSERT INTO portal_logins VALUES (10, 'jan.peeters@example.be', '10.0.0.1');
        INSERT INTO portal_logins VALUES (11, 'marie.peeters@example.be', '10.0.0.2');
        CREATE TABLE call_log (call_id INTEGER PRIMARY KEY, phone TEXT, minutes INTEGER);
        INSERT INTO call_log VALUES (20, '023456789', 4);
        """
    )
    con.commit()
    con.close()
    return str(path)


def test_a_shared_landline_is_not_followed(family: str) -> None:
    result = find_subject([family], {"email": ["Jan.Peeters@example.be"]})
    keys = {(r.table, next(iter(r.key.values()))) for r in result.subject_records}
    assert ("customers", 1) in keys and ("portal_logins", 10) in keys
    assert ("customers", 2) not in keys and ("portal_logins", 11) not in keys
    assert ("call_log", 20) not in keys  # reached only through the shared number
    assert any("phone" in n and "another person" in n and "id=2" in n for n in result.notes), result.notes
    assert "345" not in " ".join(result.notes)  # the number itself is masked
    assert result.to_dict()["notes"] == result.notes


def test_expansion_only_from_certain_rows(family: str) -> None:
    # a name alone is a candidate: nothing is searched from it
    result = find_subject([family], {"name": ["Jan Peeters"]})
    assert not [r for r in result.records if any("(from " in m for m in r.matched_on)]
    # an identifier only Jan holds is followed from his row: the phone lookup finds both customers
    # (the shared number), so neither's email is searched
    both = find_subject([family], {"phone": ["02 345 67 89"]})
    assert {r.key["id"] for r in both.subject_records if r.table == "customers"} == {1, 2}
    assert not [r for r in both.records if r.table == "portal_logins"]
    assert any("may be different people" in n for n in both.notes)
