"""The access report a data subject reads, and the package's CSV in the reader's convention, on a small
organisation made here: a SQLite accounting database and a folder of files with a letter in a
sub-folder, configured under two source names, with register texts per language and labels."""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.config import load_config
from pii_scan.errors import ConfigError
from pii_scan.export import write_package
from pii_scan.subject import find_subject

SCHEMA = Path(__file__).resolve().parents[1] / "pii_scan" / "schemas" / "data.schema.json"
EMAIL = "jan.peeters@voorbeeld.be"

CONFIG = """\
language = "en"

[controller]
name = "Voorbeeld NV"
enterprise_number = "BE 0123.456.749"
address.nl = "Kerkstraat 1, 9000 Gent"
address.fr = "Rue de l'Église 1, 9000 Gand"
address.en = "Kerkstraat 1, 9000 Ghent"
dpo_email = "dpo@voorbeeld.example"
supervisory_authority = "%(authority)s"

[[sources]]
name = "boekhouding"
location = "books.sqlite"

[[sources]]
name = "gedeelde-schijf"
location = "drive"
exclude = ["README.md"]

[register.contact]
purposes = {en = ["customer service"]}
legal_basis = "contract (art. 6(1)(b) GDPR)"
recipients.nl = ["drukkerij"]
recipients.fr = ["imprimerie"]
recipients.en = ["printing house"]
retention = {nl = "twee jaar", fr = "deux ans", en = "two years"}
origin = {nl = "uzelf", fr = "vous-même", en = "yourself"}
transfers = {nl = "naar de VS (mailingdienst)", fr = "vers les États-Unis", en = "to the US (mailing)"}
safeguards = {nl = "modelcontractbepalingen", fr = "clauses contractuelles types", en = "standard clauses"}
automated_decisions = {nl = "kredietscore", fr = "score de crédit", en = "credit score on sign-up"}

[register.financial]
purposes.nl = ["facturatie"]
purposes.fr = ["facturation"]
purposes.en = ["invoicing"]

[labels.sources]
boekhouding = {nl = "Boekhouding", fr = "Comptabilité", en = "Accounts"}

[labels.tables]
payments = {nl = "Betalingen", fr = "Paiements", en = "Payments"}

[labels.columns]
"payments:paid_on" = {nl = "Betaald op", fr = "Payé le", en = "Paid on"}
email = {nl = "E-mailadres", fr = "Adresse e-mail", en = "Email address"}
"""


def _make(tmp: Path, authority: str = "") -> Path:
    db = sqlite3.connect(tmp / "books.sqlite")
    db.executescript(
        """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT);
        CREATE TABLE payments (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id),
                               amount REAL, paid_on DATE);
        INSERT INTO customers VALUES (1, 'Jan Peeters', 'Jan.Peeters@voorbeeld.be'),
                                     (2, 'An Smet', 'an@x.be');
        INSERT INTO payments VALUES (10, 1, 35.5, '2024-03-14'), (11, 1, 12.25, '2025-01-02'),
                                    (12, 2, 99.0, '2024-05-05');
        """
    )
    db.commit()
    db.close()
    (tmp / "drive" / "letters").mkdir(parents=True)
    (tmp / "drive" / "README.md").write_text(f"Test data; contact {EMAIL}\n", encoding="utf-8")
    (tmp / "drive" / "letters" / "nl_brief.txt").write_text(
        f"Beste,\nIk vraag inzage in mijn gegevens. Mijn adres is {EMAIL}.\nJan\n", encoding="utf-8"
    )
    (tmp / "drive" / "leden.csv").write_text(
        f"Naam,E-mail,Lid sinds\nJan Peeters,{EMAIL},2019-06-01\nAn Smet,an@x.be,2020-01-01\n",
        encoding="utf-8",
    )
    path = tmp / "pii-scan.toml"
    path.write_text(CONFIG % {"authority": authority}, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> tuple[Path, object, object]:
    tmp = tmp_path_factory.mktemp("org")
    config = load_config(_make(tmp))
    result = find_subject([], {"email": [EMAIL]}, config)
    assert result.complete, result.sources
    return tmp, config, result


def _package(org, tmp_path: Path, lang: str, **kw) -> dict[str, bytes]:
    _, config, result = org
    out = tmp_path / f"p-{lang}.zip"
    write_package(result, out, config, lang=lang, **kw)
    with zipfile.ZipFile(out) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _html(files: dict[str, bytes]) -> str:
    return html.unescape(files["report.html"].decode("utf-8"))  # "d'entreprise", not "d&#39;entreprise"


# -- configuration: per-language texts ------------------------------------------------------------


def test_per_language_texts_dotted_and_table_forms_and_plain_form_kept(org) -> None:
    _, config, _ = org
    assert config.texts["register.contact.recipients"] == {
        "nl": ["drukkerij"], "fr": ["imprimerie"], "en": ["printing house"]
    }  # fmt: skip
    assert config.texts["register.financial.purposes"]["fr"] == ["facturation"]
    # the plain form (what the inventory reads) is the English text; plain strings stay as they were
    assert config.register["contact"]["retention"] == "two years"
    assert config.register["contact"]["legal_basis"] == "contract (art. 6(1)(b) GDPR)"
    assert config.controller["address"] == "Kerkstraat 1, 9000 Ghent"
    assert config.labels["columns"]["email"]["nl"] == "E-mailadres"


def test_init_template_asks_for_every_text_in_three_languages(tmp_path) -> None:
    from pii_scan.config import template_text

    path = tmp_path / "pii-scan.toml"
    path.write_text(template_text(False), encoding="utf-8")
    config = load_config(path)
    for key in ("purposes", "legal_basis", "recipients", "retention", "origin", "transfers"):
        assert set(config.texts[f"register.identification.{key}"]) == {"nl", "fr", "en"}


@pytest.mark.parametrize(
    "snippet, message",
    [
        ('[register.contact]\npurposes = {de = ["Kundendienst"]}\n', "unknown key 'de'"),
        ('language = "de"\n', "'language' is one of nl, fr, en"),
        ("[labels.colums]\nemail = 'E-mail'\n", "unknown key 'colums'"),
        ("[register.contact]\nretention.nl = 2\n", "must be a text"),
    ],
)
def test_bad_per_language_texts_are_errors_naming_the_line(tmp_path, snippet, message) -> None:
    path = tmp_path / "c.toml"
    path.write_text("# a comment\n" + snippet, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}:")


# -- the report ---------------------------------------------------------------------------------


def test_report_texts_in_the_readers_language_with_a_fallback_that_says_so(org, tmp_path) -> None:
    nl = _html(_package(org, tmp_path, "nl"))
    assert "drukkerij" in nl and "printing house" not in nl and "twee jaar" in nl
    # only English purposes: shown, and the report says so; a plain text is in the file's language
    assert "customer service" in nl
    assert "niet beschikbaar in het Nederlands; weergegeven in het Engels" in nl
    assert nl.count("niet beschikbaar in het Nederlands") == 2  # purposes and legal basis of contact
    fr = _html(_package(org, tmp_path, "fr"))
    assert "imprimerie" in fr and "non disponible en français ; affiché en anglais" in fr
    en = _html(_package(org, tmp_path, "en"))
    assert "not available in" not in en  # English texts exist, and the plain ones are English


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nl", ["Ondernemingsnummer", "rectificatie", "gegevenswissing", "beperking", "bezwaar",
                "Doorgifte buiten de EU/EER", "Waarborgen", "Geautomatiseerde besluitvorming",
                "Gegevensbeschermingsautoriteit", "Kerkstraat 1, 9000 Gent"]),
        ("fr", ["Numéro d'entreprise", "rectification", "effacement", "limitation", "opposition",
                "Transferts hors de l'UE/EEE", "Garanties", "Décision automatisée",
                "Autorité de protection des données", "Rue de la Presse 35, 1000 Bruxelles",
                "Rue de l'Église 1, 9000 Gand"]),
        ("en", ["Enterprise number", "rectification", "erasure", "restriction", "object",
                "Transfers outside the EU/EEA", "Safeguards", "Automated decision-making",
                "Belgian Data Protection Authority", "Kerkstraat 1, 9000 Ghent"]),
    ],
)  # fmt: skip
def test_report_has_every_article_15_item(org, tmp_path, lang, words) -> None:
    _, config, _ = org
    page = _html(_package(org, tmp_path, lang))
    for w in words:
        assert w in page, w
    assert "Voorbeeld NV" in page and "BE 0123.456.749" in page and "dpo@voorbeeld.example" in page
    assert config.texts["register.financial.purposes"][lang][0] in page
    assert config.texts["register.contact.recipients"][lang][0] in page
    for key in ("retention", "origin", "transfers", "safeguards", "automated_decisions"):
        assert config.texts[f"register.contact.{key}"][lang] in page
    for section in ("controller", "summary", "systems", "data", "processing", "automated", "rights",
                    "authority"):  # fmt: skip
        assert f'id="{section}"' in page


@pytest.mark.parametrize("authority", ["NL", "Autoriteit Persoonsgegevens"])
def test_dutch_authority_when_configured(tmp_path, authority) -> None:
    config = load_config(_make(tmp_path, authority=authority))
    result = find_subject([], {"email": [EMAIL]}, config)
    write_package(result, tmp_path / "p.zip", config, lang="nl")
    page = zipfile.ZipFile(tmp_path / "p.zip").read("report.html").decode("utf-8")
    assert "Autoriteit Persoonsgegevens" in page and "Gegevensbeschermingsautoriteit" not in page
    assert "Postbus 93374, 2509 AJ Den Haag" in page


def test_labels_dates_and_numbers_in_the_readers_language(org, tmp_path) -> None:
    nl = _html(_package(org, tmp_path, "nl"))
    assert "Boekhouding · Betalingen (2)" in nl and "Betaald op" in nl and "E-mailadres" in nl
    assert ">paid_on<" not in nl and ">email<" not in nl  # labelled columns never by their name
    assert "14 mrt 2024" in nl and "35,5" in nl and "2024-03-14" not in nl
    fr = _html(_package(org, tmp_path, "fr"))
    assert "Comptabilité · Paiements (2)" in fr and "Payé le" in fr and "14 mars 2024" in fr
    en = _html(_package(org, tmp_path, "en"))
    assert "Accounts · Payments (2)" in en and "14 Mar 2024" in en and "35.5" in en
    date_line = next(line for line in en.splitlines() if line.startswith('<p class="meta">Date:'))
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
    assert any(month in date_line for month in months)


def test_systems_by_their_configured_names_never_paths(org, tmp_path) -> None:
    tmp, _, _ = org
    files = _package(org, tmp_path, "nl")
    page = _html(files)
    assert str(tmp) not in page and "books.sqlite" not in page and "README" not in page
    before_files = page.split('id="files"')[0]  # the package's own file list names csv/ paths
    assert "gedeelde-schijf · nl_brief.txt" in page and "letters/nl_brief.txt" not in before_files
    assert "Boekhouding" in page and "gedeelde-schijf" in page
    manifest = json.loads(files["manifest.json"])
    assert {s["name"] for s in manifest["sources"]} == {"boekhouding", "gedeelde-schijf"}
    data = json.loads(files["data.json"])
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert {s["name"] for s in data["sources"]} == {"boekhouding", "gedeelde-schijf"}
    assert all(s["source"].startswith(str(tmp)) for s in data["sources"])  # the location: staff's key


def test_candidates_marked_or_left_out_with_only_certain(org, tmp_path) -> None:
    _, _, result = org
    letter = [r for r in result.subject_records if r.table.startswith("letters/")]
    assert letter and all(r.confirm for r in letter)  # a mention in free text: staff confirm
    files = _package(org, tmp_path, "nl")
    page = _html(files)
    badges = page.count('<span class="badge confirm">te bevestigen</span>')
    assert 'id="candidates"' in page and badges == 1 + len(letter)  # the notice, then each record
    assert json.loads(files["manifest.json"])["records_to_confirm"] == len(letter)
    certain = _package(org, tmp_path, "nl", only_certain=True)
    page = _html(certain)
    assert 'id="candidates"' not in page and "te bevestigen" not in page
    assert not [n for n in certain if n.startswith("csv/gedeelde-schijf/letters/")]
    manifest = json.loads(certain["manifest.json"])
    assert manifest["only_certain"] is True and manifest["candidates_left_out"] == len(letter)
    data = json.loads(certain["data.json"])
    assert not [r for s in data["sources"] for t in s["tables"] for r in t["records"] if r["confirm"]]


def test_cli_only_certain_and_lang(org, tmp_path) -> None:
    tmp, _, _ = org
    out = tmp_path / "cli.zip"
    args = ["export", "--config", str(tmp / "pii-scan.toml"), "--email", EMAIL, "--out", str(out),
            "--lang", "fr", "--only-certain"]  # fmt: skip
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    zf = zipfile.ZipFile(out)
    assert "à confirmer" not in zf.read("report.html").decode("utf-8")
    assert "csv/boekhouding/payments.csv" in zf.namelist()
    assert json.loads(zf.read("manifest.json"))["csv"]["delimiter"] == ";"


# -- CSV in the reader's convention -------------------------------------------------------------


@pytest.mark.parametrize("lang, sep, decimal", [("nl", ";", ","), ("fr", ";", ","), ("en", ",", ".")])
def test_csv_in_the_readers_convention(org, tmp_path, lang, sep, decimal) -> None:
    files = _package(org, tmp_path, lang)
    csvs = sorted(n for n in files if n.startswith("csv/"))
    assert csvs == [
        "csv/boekhouding/customers.csv",
        "csv/boekhouding/payments.csv",
        "csv/gedeelde-schijf/leden.csv",
        "csv/gedeelde-schijf/letters/nl_brief.csv",  # the folder inside the source kept
    ]
    body = files["csv/boekhouding/payments.csv"]
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows accents right
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=sep))
    assert rows[0] == ["id", "customer_id", "amount", "paid_on"]  # machine-readable: column names
    assert sorted(r[2] for r in rows[1:]) == sorted([f"12{decimal}25", f"35{decimal}5"])
    assert all(len(r) == 4 for r in rows)
    data = json.loads(files["data.json"])
    paths = {t["csv"] for s in data["sources"] for t in s["tables"]}
    assert paths == set(csvs)
    amounts = [f["value"] for s in data["sources"] for t in s["tables"] for r in t["records"]
               for f in r["fields"] if f["name"] == "amount"]  # fmt: skip
    assert sorted(amounts) == [12.25, 35.5]  # data.json keeps the stored numbers
    manifest = json.loads(files["manifest.json"])
    assert manifest["csv"]["delimiter"] == sep and manifest["csv"]["files"] == csvs


def test_records_handled_as_staff_are_counted_in_the_report_never_shown(tmp_path) -> None:
    schema = Path(__file__).with_name("rental_schema.py")
    spec = importlib.util.spec_from_file_location("rental_schema", schema)
    shop = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(shop)  # type: ignore[union-attr]
    db = tmp_path / "rentals.sqlite"
    shop.build_rentals(f"sqlite:///{db}")
    expected = shop.expected()
    handled = len(expected["staff_rentals"]) + len(expected["staff_payments"])
    result = find_subject([str(db)], {"email": [shop.STAFF_EMAIL]})
    write_package(result, tmp_path / "staff.zip", None, lang="nl")
    zf = zipfile.ZipFile(tmp_path / "staff.zip")
    assert json.loads(zf.read("manifest.json"))["handled_records_left_out"] == handled > 0
    page = html.unescape(zf.read("report.html").decode("utf-8"))
    assert f"{handled} record(s) die u als medewerker behandelde" in page
    assert "rentals.sqlite · staff (1)" in page and "· rental (" not in page and "· payment (" not in page
