"""Discovery end to end on real connectors and recognizers: small files made here, and the bundled
examples with their ground truth."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from pii_scan.discovery import ScanOptions, ScanReport, scan, scan_table
from pii_scan.models.entities import CATEGORIES, CATEGORY_OF
from pii_scan.results import FieldResult

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _by_column(fields: list[FieldResult]) -> dict[str | None, FieldResult]:
    return {f.column: f for f in fields}


@pytest.fixture()
def members_csv(tmp_path: Path) -> Path:
    """A Belgian member export: `;`-separated, cp1252, Dutch headers, valid checksums."""
    rows = ["Voornaam;Naam;Rijksregisternummer;Rekeningnummer;GSM;E-mail;Functie;Lid_id"]
    people = [
        ("Jan", "Peeters", "87.03.14-594.58", "BE35 0638 6917 8437", "0470 12 34 56", "jp@telenet.be"),
        ("Hélène", "Dubois", "47.09.08-578.38", "BE91 3635 0772 1076", "0485 98 76 54", "h.dubois@skynet.be"),
        ("Sofie", "Janssens", "54.11.06-323.29", "BE59 7350 7372 3826", "+32 477 80 47 79", "sj@proximus.be"),
    ]
    for i in range(120):
        first, last, nn, iban, gsm, mail = people[i % 3]
        rows.append(f"{first};{last};{nn};{iban};{gsm};{mail};bediende;{i + 1}")
    path = tmp_path / "leden.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    return path


def test_scan_table_classifies_a_belgian_export(members_csv: Path) -> None:
    fields = scan_table(str(members_csv), "leden.csv", ScanOptions(sample=50), root=str(members_csv.parent))
    cols = _by_column(fields)
    expected = {
        "Voornaam": "identification",
        "Naam": "identification",  # beside Voornaam, Naam is the family name
        "Rijksregisternummer": "identification",
        "Rekeningnummer": "financial",
        "GSM": "contact",
        "E-mail": "contact",
        "Functie": "none",
        "Lid_id": "none",  # a sequential key
    }
    assert {c: f.category for c, f in cols.items()} == expected
    assert {e.type for e in cols["Rijksregisternummer"].entities} >= {"BE_NATIONAL_NUMBER"}
    assert cols["Rekeningnummer"].entities[0].type == "IBAN_CODE"
    for f in fields:
        assert f.source == str(members_csv) and f.table == "leden.csv"
        assert f.rows_sampled <= 60  # a sample, not the whole file
        assert f.category in CATEGORIES and 0 <= f.confidence <= 1
        assert f.subject == "person" and f.kind == "value" and f.language is None
        # evidence never carries raw values
        assert not any(s in ("Peeters", "jp@telenet.be", "87.03.14-594.58") for s in f.evidence.samples)
    # one independent unit: plain picklable arguments and results
    assert pickle.loads(pickle.dumps(fields)) == fields
    json.dumps([f.to_dict() for f in fields])


def test_invalid_checksums_are_not_identifiers(tmp_path: Path) -> None:
    path = tmp_path / "decoys.csv"
    lines = ["code;ref"] + [f"87.03.14-594.{i:02d};BE35 0638 6917 84{i:02d}" for i in range(60, 90)]
    path.write_text("\n".join(lines), encoding="utf-8")
    fields = _by_column(scan_table(str(path), "decoys.csv", root=str(tmp_path)))
    for f in fields.values():
        assert not {e.type for e in f.entities} & {"BE_NATIONAL_NUMBER", "IBAN_CODE"}
        assert f.category == "none"


def test_organisation_table_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE bedrijven (id INTEGER PRIMARY KEY, naam, ondernemingsnummer, telefoon)")
    con.executemany(
        "INSERT INTO bedrijven (naam, ondernemingsnummer, telefoon) VALUES (?, ?, ?)",
        [("Calorix NV", "0460.190.566", "02/274.48.00"), ("Pirard SA", "BE0600618654", "02/663.40.53")] * 5,
    )
    con.commit()
    con.close()
    cols = _by_column(scan_table(str(db), "bedrijven"))
    assert cols["ondernemingsnummer"].category == "identification"
    assert cols["ondernemingsnummer"].subject == "organisation"
    assert (cols["telefoon"].category, cols["telefoon"].subject) == ("contact", "organisation")
    assert cols["naam"].category == "none"  # a company's name is no personal data


def test_scan_reports_failures_and_goes_on(members_csv: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is no workbook")
    report = scan([str(members_csv), str(tmp_path / "missing.csv"), str(broken)], ScanOptions(sample=20))
    assert isinstance(report, ScanReport)
    assert {f.table for f in report.fields} == {"leden.csv"}
    assert len(report.failures) == 2
    for failure in report.failures:
        assert "\n" not in failure.message and failure.source
    assert set(report.engines) >= {"nl", "fr"}


def test_document_gets_one_result(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Geachte heer,\n\nMijn rekeningnummer is BE35 0638 6917 8437 en u kunt mij bereiken op\n"
        "jan.peeters@telenet.be. Mijn zoon is sinds vorige maand ziek.\n\nMet vriendelijke groeten\n",
        encoding="utf-8",
    )
    [doc] = scan_table(str(letter), "brief.txt", ScanOptions(lang="nl"), root=str(tmp_path))
    assert (doc.column, doc.kind, doc.table) == (None, "document", "brief.txt")
    assert {"IBAN_CODE", "EMAIL_ADDRESS"} <= {e.type for e in doc.entities}
    assert {"financial", "contact"} <= set(doc.categories)
    assert doc.category == doc.categories[0]
    assert doc.language is not None and doc.language["detected"] == "nl" and "nl" in doc.language["engine"]
    assert all("BE35 0638" not in s for s in doc.evidence.samples)


# -- the bundled examples: planted identifiers and decoys (loads the French pipeline once) ---------


@pytest.fixture(scope="module")
def examples_report() -> ScanReport:
    if not (EXAMPLES / ".ground_truth.json").exists():
        pytest.skip("examples/ not generated")
    return scan([str(EXAMPLES / "letters"), str(EXAMPLES / "crm.sqlite")])


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))


def test_letters_every_planted_identifier_found_no_decoy(examples_report: ScanReport, truth: dict) -> None:
    docs = {f.table.rsplit("/", 1)[-1]: f for f in examples_report.fields if f.kind == "document"}
    assert len(docs) == len(truth["letters"])
    for name, planted in truth["letters"].items():
        doc = docs[name.rsplit("/", 1)[-1]]
        found = {e.type for e in doc.entities}
        for ent in planted["entities"]:
            assert ent["type"] in found, f"{name}: {ent['type']} not found"
            cat = CATEGORY_OF[ent["type"]]
            assert cat == "none" or cat in doc.categories
        for decoy in planted["decoys"]:  # invalid checksums: never an identifier
            assert decoy["type"] not in found, f"{name}: decoy reported as {decoy['type']}"
        assert doc.language and doc.language["detected"].split(":")[0] in ("nl", "fr", "mixed")


def test_crm_columns_and_mixed_language_notes(examples_report: ScanReport, truth: dict) -> None:
    cols = {(f.table, f.column): f for f in examples_report.fields if f.kind != "document"}
    expected = {
        ("customers", "first_name"): "identification",
        ("customers", "national_number"): "identification",
        ("customers", "birth_date"): "identification",
        ("customers", "email"): "contact",
        ("customers", "phone"): "contact",
        ("customers", "street"): "contact",
        ("payments", "iban"): "financial",
        ("payments", "amount"): "financial",
        ("companies", "enterprise_number"): "identification",
        ("contracts", "product"): "none",
    }
    for key, category in expected.items():
        assert cols[key].category == category, key
    assert cols[("companies", "phone")].subject == "organisation"
    assert cols[("customers", "phone")].subject == "person"
    note = cols[("support_tickets", "note")]
    assert note.kind == "free_text"
    planted = {e["type"] for n in truth["crm_notes"] for e in n["entities"]}
    found = {e.type for e in note.entities}
    assert planted <= found, planted - found
    assert {CATEGORY_OF[t] for t in planted} - {"none"} <= set(note.categories)
    assert note.category == "sensitive"  # health mentions make the column sensitive
    # Belgian notes mix Dutch and French: each language is served by its own engine
    assert note.language["detected"].startswith("mixed:")
    assert {"nl", "fr"} <= set(note.language["engine"])
    assert os.fspath(EXAMPLES / "crm.sqlite") == note.source


@pytest.mark.postgres
def test_scan_a_database_url(postgres_url: str) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(postgres_url)
    with eng.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE klanten (id serial PRIMARY KEY, voornaam text, email text, iban text)")
        )
        conn.execute(
            sa.text("INSERT INTO klanten (voornaam, email, iban) VALUES (:v, :e, :i)"),
            [{"v": f"Jan{i}", "e": f"jan{i}@telenet.be", "i": "BE35 0638 6917 8437"} for i in range(30)],
        )
    eng.dispose()
    report = scan([postgres_url])
    assert not report.failures
    cols = {f.column: f for f in report.fields if f.table == "klanten"}
    assert (cols["email"].category, cols["iban"].category, cols["id"].category) == (
        "contact",
        "financial",
        "none",
    )
    # the unit re-opens the source by URL on its own
    assert {f.column for f in scan_table(postgres_url, "klanten")} == set(cols)
    from pii_scan.masking import mask_url

    assert {f.source for f in report.fields} == {mask_url(postgres_url)}
