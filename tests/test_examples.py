"""The bundled example data: reproducible from its generator, checksums valid (decoys invalid), the CSV
a real Belgian Excel export, the planted person in four sources, and small enough to commit."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import phonenumbers
import pytest
from stdnum import iban as std_iban
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.be import vat as be_vat
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import btw as nl_btw

from pii_scan.models.entities import CATEGORY_OF

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT_OUTPUTS = ("export_leden.csv", "weblog.jsonl", ".ground_truth.json")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((EXAMPLES / ".ground_truth.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    subprocess.run(
        [sys.executable, str(EXAMPLES / "generate.py"), "--out", str(out)], check=True, timeout=120
    )
    return out


def ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def valid_nn(value: str) -> bool:
    return be_nn.is_valid(value) or be_bis.is_valid(value)


def e164(value: str) -> str:
    parsed = phonenumbers.parse(value, "BE")
    assert phonenumbers.is_valid_number(parsed), value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# --- reproducible ---------------------------------------------------------------------------------------


def test_regeneration_gives_the_same_files(regenerated: Path, truth: dict) -> None:
    import faker

    committed = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if _is_output(p))
    fresh = sorted(p.relative_to(regenerated).as_posix() for p in regenerated.rglob("*") if p.is_file())
    assert fresh == committed
    if truth["generator"]["faker"] != faker.VERSION:  # other names and addresses: only the shape compares
        pytest.skip(f"content comparison needs Faker {truth['generator']['faker']} (have {faker.VERSION})")
    for name in committed:
        old, new = (EXAMPLES / name).read_bytes(), (regenerated / name).read_bytes()
        if name.endswith(".sqlite"):
            assert _dump(EXAMPLES / name) == _dump(regenerated / name)
            if old[96:100] == new[96:100]:  # same SQLite library version: same bytes
                assert old == new, name
        elif name.endswith(".xlsx"):
            assert _cells(EXAMPLES / name) == _cells(regenerated / name)
            if truth["generator"]["openpyxl"] == openpyxl.__version__:  # its XML differs between versions
                assert old == new, name
        elif name == ".ground_truth.json":
            a, b = json.loads(old), json.loads(new)
            a.pop("generator"), b.pop("generator")
            assert a == b
        else:
            assert old == new, name


def test_generator_is_deterministic_between_runs(regenerated: Path, tmp_path: Path, truth: dict) -> None:
    import faker

    if truth["generator"]["faker"] == faker.VERSION:
        pytest.skip("the comparison with the committed files already shows it byte for byte")
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, str(EXAMPLES / "generate.py"), "--out", str(again)], check=True, timeout=120
    )
    for name in ("hr.xlsx", "crm.sqlite", "export_leden.csv", "weblog.jsonl"):
        assert (again / name).read_bytes() == (regenerated / name).read_bytes(), name


def _is_output(p: Path) -> bool:
    rel = p.relative_to(EXAMPLES).as_posix()
    return (
        p.is_file()
        and not rel.startswith("gen/")
        and rel not in ("generate.py", "README.md", "pii-scan.toml")
    )


def _dump(path: Path) -> list[str]:
    with ro(path) as conn:
        return list(conn.iterdump())


def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def test_committed_examples_are_small() -> None:
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert total < 2 * 1024 * 1024


# --- identifiers ----------------------------------------------------------------------------------------

VALIDATORS = {
    "BE_NATIONAL_NUMBER": valid_nn,
    "IBAN_CODE": std_iban.is_valid,
    "BE_ENTERPRISE_NUMBER": be_vat.is_valid,
    "NL_BSN": nl_bsn.is_valid,
}


@pytest.mark.parametrize("who", ["planted_person", "lookalike"])
def test_people_identifiers_have_valid_checksums(truth: dict, who: str) -> None:
    person = truth[who]
    assert be_nn.is_valid(person["national_number"])
    assert be_nn.get_birth_date(person["national_number"]).isoformat() == person["birth_date"]
    assert std_iban.is_valid(person["iban"])
    assert e164(person["phone_e164"]) == person["phone_e164"]
    for variant in person["variants"]["phone"]:
        assert e164(variant) == person["phone_e164"]
    for variant in person["variants"]["national_number"]:
        assert be_nn.compact(variant) == person["national_number"]
    assert {v.lower() for v in person["variants"]["email"]} == {person["email"]}


def test_letter_spans_match_the_text_and_validate(truth: dict) -> None:
    assert len(truth["letters"]) == 4
    assert {v["language"] for v in truth["letters"].values()} == {"nl", "fr"}
    kinds = set()
    for name, letter in truth["letters"].items():
        text = (EXAMPLES / name).read_text("utf-8")
        for span in letter["entities"] + letter["decoys"]:
            assert text[span["start"] : span["end"]] == span["text"], (name, span)
        for span in letter["entities"]:
            kinds.add(span["type"])
            check = VALIDATORS.get(span["type"])
            if check:
                assert check(span["text"]), (name, span)
            if span["type"] == "PHONE_NUMBER":
                assert e164(span["text"]) == span["value"]
    assert {
        "BE_NATIONAL_NUMBER",
        "IBAN_CODE",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "STREET_ADDRESS",
        "BE_ENTERPRISE_NUMBER",
        "DATE_OF_BIRTH",
        "DATE_TIME",
        "HEALTH",
        "FAMILY_RELATION",
        "PERSON",
    } <= kinds
    texts = [s["text"] for v in truth["letters"].values() for s in v["entities"]]
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", t) for t in texts)  # 85.07.30-033.28
    assert any(re.fullmatch(r"BE\d\d( \d{4}){3}", t) for t in texts)  # IBAN in groups of four
    assert any(re.fullmatch(r"02/\d{3}\.\d\d\.\d\d", t) for t in texts)  # 02/274.48.00
    assert any(re.fullmatch(r"BE [01]\d{3}\.\d{3}\.\d{3}", t) for t in texts)  # BE 0460.190.566
    assert any(
        re.fullmatch(
            r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|"
            r"oktober|november|december) \d{4}",
            t,
        )
        for t in texts
    )
    assert any(
        re.search(
            r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
            r"novembre|décembre) \d{4}",
            t,
        )
        for t in texts
    )


def test_ground_truth_uses_the_project_entity_names(truth: dict) -> None:
    spans = [s for v in truth["letters"].values() for s in v["entities"] + v["decoys"]]
    spans += [s for note in truth["crm_notes"] for s in note["entities"]]
    assert spans and {s["type"] for s in spans} <= set(CATEGORY_OF)


def test_decoys_fail_their_checksums(truth: dict) -> None:
    decoys = [d for letter in truth["letters"].values() for d in letter["decoys"]]
    assert {d["type"] for d in decoys} == {"BE_NATIONAL_NUMBER", "IBAN_CODE"}
    for d in decoys:
        assert not VALIDATORS[d["type"]](d["text"]), d
        if d["type"] == "BE_NATIONAL_NUMBER":  # shaped like the real thing
            assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", d["text"])
        else:
            assert re.fullmatch(r"BE\d\d( \d{4}){3}", d["text"])


def test_crm_identifiers_validate() -> None:
    with ro(EXAMPLES / "crm.sqlite") as conn:
        numbers = [r[0] for r in conn.execute("SELECT national_number FROM customers")]
        assert numbers and all(valid_nn(n) for n in numbers)
        assert any(be_bis.is_valid(n) and not be_nn.is_valid(n) for n in numbers)
        # births from 2000 on: the check digits are computed over "2" + the first nine digits
        young = [n for n in numbers if be_nn.is_valid(n) and (be_nn.get_birth_year(n) or 0) >= 2000]
        assert young
        for birth, number in conn.execute("SELECT birth_date, national_number FROM customers"):
            if be_nn.is_valid(number):
                assert be_nn.get_birth_date(number).isoformat() == birth
        for (account,) in conn.execute("SELECT DISTINCT iban FROM payments"):
            assert std_iban.is_valid(account), account
        countries = {r[0] for r in conn.execute("SELECT DISTINCT substr(iban, 1, 2) FROM payments")}
        assert {"BE", "NL", "FR"} <= countries
        for enterprise, vat in conn.execute("SELECT enterprise_number, vat FROM companies"):
            assert enterprise is None or be_vat.is_valid(enterprise)
            assert be_vat.is_valid(vat) or nl_btw.is_valid(vat)
        phones = [r[0] for r in conn.execute("SELECT phone FROM customers WHERE phone IS NOT NULL")]
        assert all(e164(p) for p in phones)
        assert any(p.startswith("+32 ") for p in phones) and any(
            re.fullmatch(r"0\d{1,2}/[\d.]+", p) for p in phones
        )


def test_crm_notes_ground_truth(truth: dict) -> None:
    with ro(EXAMPLES / "crm.sqlite") as conn:
        notes = dict(conn.execute("SELECT id, note FROM support_tickets"))
        languages = dict(
            conn.execute(
                "SELECT t.id, c.language FROM support_tickets t JOIN customers c ON c.id = t.customer_id"
            )
        )
    assert len(truth["crm_notes"]) >= 20
    kinds = set()
    for entry in truth["crm_notes"]:
        note, tid = notes[entry["key"]["id"]], entry["key"]["id"]
        assert entry["language"] == languages[tid]
        for span in entry["entities"]:
            kinds.add(span["type"])
            assert note[span["start"] : span["end"]] == span["text"]
            check = VALIDATORS.get(span["type"])
            assert check is None or check(span["text"]), span
    assert {"HEALTH", "FAMILY_RELATION", "BE_NATIONAL_NUMBER", "IBAN_CODE", "PHONE_NUMBER", "NL_BSN"} <= kinds
    assert set(languages.values()) == {"nl", "fr"}


def test_crm_declares_foreign_keys_and_retention_cases(truth: dict) -> None:
    with ro(EXAMPLES / "crm.sqlite") as conn:
        fks = {
            t: {(r[2], r[3]) for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
            for t in ("contracts", "payments", "support_tickets")
        }
        assert fks == {
            "contracts": {("customers", "customer_id")},
            "payments": {("contracts", "contract_id")},
            "support_tickets": {("customers", "customer_id"), ("employees", "employee_id")},
        }
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        cutoff = truth["retention"]["cutoff"]
        expired = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM customers WHERE relationship_ended_on < ? ORDER BY id", (cutoff,)
            )
        ]
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in truth["counts"]["crm.sqlite"]
        }
    assert expired == truth["retention"]["expired_customer_ids"] and len(expired) >= 10
    assert counts == truth["counts"]["crm.sqlite"]


# --- file formats ---------------------------------------------------------------------------------------


def test_csv_is_a_belgian_excel_export(truth: dict) -> None:
    raw = (EXAMPLES / "export_leden.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "\r\n" in text and not raw.startswith(b"\xef\xbb\xbf")
    assert all(ch in text for ch in "éèçë")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:9] == [
        "Naam",
        "Voornaam",
        "Straat",
        "Postcode",
        "Gemeente",
        "Telefoon",
        "E-mail",
        "Rijksregisternummer",
        "Lidnummer",
    ]
    body = rows[1:]
    assert len(body) == truth["counts"]["export_leden.csv"] >= 50
    assert all(len(r) == len(rows[0]) for r in body)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r[9]) for r in body)
    assert all(re.fullmatch(r"\d+,\d\d", r[11]) for r in body)
    assert all(valid_nn(r[7]) for r in body)


def test_weblog_is_nested_json_lines(truth: dict) -> None:
    lines = (EXAMPLES / "weblog.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == truth["counts"]["weblog.jsonl"] >= 250
    records = [json.loads(line) for line in lines]
    assert all(set(r) == {"ts", "user", "client", "request", "status"} for r in records)
    assert all(
        set(r["client"]) == {"ip", "user_agent"} and set(r["user"]) == {"username", "email"} for r in records
    )
    ips = {r["client"]["ip"] for r in records}
    assert any(":" in ip for ip in ips) and any("." in ip for ip in ips)


def test_hr_workbook_title_rows_formulas_and_dates(truth: dict) -> None:
    wb = openpyxl.load_workbook(EXAMPLES / "hr.xlsx", data_only=True)
    assert wb.sheetnames == ["Personeel", "Absences"]
    staff = wb["Personeel"]
    assert "vertrouwelijk" in staff["A1"].value and staff["A2"].value is None
    header = [c.value for c in staff[3]]
    assert header[:4] == ["Voornaam", "Naam", "Rijksregisternummer", "Geboortedatum"]
    rows = [[c.value for c in row] for row in staff.iter_rows(min_row=4)]
    people, total = rows[:-1], rows[-1]
    assert len(people) == truth["counts"]["hr.xlsx"]["Personeel"]
    salary = header.index("Brutoloon")
    assert total[salary] == pytest.approx(sum(r[salary] for r in people))  # the formula's cached value
    assert all(valid_nn(r[2]) and r[3].year > 1900 for r in people)
    assert all(std_iban.is_valid(r[header.index("Rekeningnummer (IBAN)")]) for r in people)
    absences = wb["Absences"]
    assert [c.value for c in absences[1]][:5] == ["Nom", "Prénom", "Date début", "Date fin", "Motif"]
    days = [(r[3] - r[2]).days + 1 for r in absences.iter_rows(min_row=2, values_only=True)]
    assert days == [r[5] for r in absences.iter_rows(min_row=2, values_only=True)]
    formulas = openpyxl.load_workbook(EXAMPLES / "hr.xlsx")
    assert str(formulas["Personeel"].cell(len(rows) + 3, salary + 1).value).startswith("=SUM(")


# --- the planted person ---------------------------------------------------------------------------------


def test_planted_person_is_in_four_sources_under_other_spellings(truth: dict) -> None:
    p = truth["planted_person"]
    assert len(p["sources"]) == 4
    with ro(EXAMPLES / "crm.sqlite") as conn:
        row = conn.execute(
            "SELECT first_name, last_name, email, phone, national_number FROM customers WHERE id = ?",
            (p["customer_id"],),
        ).fetchone()
        tickets = conn.execute(
            "SELECT id, employee_id FROM support_tickets WHERE customer_id = ?", (p["customer_id"],)
        ).fetchall()
    assert (
        row[2] == p["email"]
        and be_nn.compact(row[4]) == p["national_number"]
        and e164(row[3]) == p["phone_e164"]
    )
    assert {("support_tickets", t[0]) for t in tickets} <= {
        (o["table"], o["key"]["id"]) for o in p["occurrences"] if o["source"] == "crm.sqlite"
    }
    assert {t[1] for t in tickets} == {tp["key"]["id"] for tp in p["third_party"]}

    csv_hit = next(o for o in p["occurrences"] if o["source"] == "export_leden.csv")
    line = (EXAMPLES / "export_leden.csv").read_bytes().decode("cp1252").split("\r\n")[csv_hit["line"] - 1]
    fields = line.split(";")
    assert be_nn.compact(fields[7]) == p["national_number"] and fields[6].lower() == p["email"]
    assert fields[6] != p["email"] and e164(fields[5]) == p["phone_e164"] and fields[5] != row[3]
    assert fields[1] != row[0] and _fold(fields[1]) == _fold(row[0])  # accent dropped in the export

    log = (EXAMPLES / "weblog.jsonl").read_text("utf-8").splitlines()
    log_lines = [o["line"] for o in p["occurrences"] if o["source"] == "weblog.jsonl"]
    assert log_lines and all(json.loads(log[n - 1])["user"]["email"] == p["email"] for n in log_lines)

    letter = next(s for s in p["sources"] if s.startswith("letters/"))
    text = (EXAMPLES / letter).read_text("utf-8")
    assert p["email"] in text and be_nn.format(p["national_number"]) in text
    assert any(
        e164(v) == p["phone_e164"] and v in text for v in p["variants"]["phone"] if v.startswith("0032")
    )
    assert len({e164(v) for v in p["variants"]["phone"]}) == 1 and len(p["variants"]["phone"]) >= 3


def test_lookalike_shares_a_similar_name_but_no_identifier(truth: dict) -> None:
    p, q = truth["planted_person"], truth["lookalike"]
    assert _fold(q["first_name"]) == _fold(p["first_name"]) and _fold(p["last_name"]).startswith(
        _fold(q["last_name"])
    )
    for key in ("national_number", "email", "phone_e164", "iban", "username", "birth_date"):
        assert p[key] != q[key], key
    all_text = "\n".join((EXAMPLES / s).read_text("utf-8") for s in p["sources"] if s.startswith("letters/"))
    assert q["email"] not in all_text and be_nn.format(q["national_number"]) not in all_text


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
