"""`pii-scan init` + `pii-scan inventory` on a copy of examples/: change detection, incremental sweeps,
--fail-on, and no raw personal value in any output or in the state.

The sweeps run once per module (the first one loads the NLP pipelines); CRM support tickets are left
out here to keep the default suite fast (the slow test in test_inventory_outputs.py sweeps everything).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan import discovery
from pii_scan.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

RETENTION_RULE = """
[[retention]]
source = "examples"
table = "customers"
column = "relationship_ended_on"
max_age = "10y"
note = "no longer than 10 years after the end of the customer relationship"
"""


def copy_examples(dest: Path) -> Path:
    shutil.copytree(
        EXAMPLES, dest / "examples", ignore=shutil.ignore_patterns("gen", "*.py", "inventory", ".*")
    )
    return dest / "examples"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


class Counter:
    """Counts the units discovery samples (sweeps with workers = 1 run in this process)."""

    def __init__(self, real):
        self.real = real
        self.calls: list[tuple[str, str]] = []

    def __call__(self, location, table, options=None, root=None):
        self.calls.append((Path(location).name, table))
        return self.real(location, table, options or discovery.ScanOptions(), root)


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """Sweep 1 (baseline), a change, sweep 2, no change, sweep 3. Returns what each saw."""
    base = tmp_path_factory.mktemp("inv")
    ex = copy_examples(base)
    mp = pytest.MonkeyPatch()
    mp.setenv("PII_SCAN_KEY", "inventory-test-key-0123456789")
    mp.setenv("XDG_CONFIG_HOME", str(base / "xdg"))
    counter = Counter(discovery.scan_table)
    mp.setattr(discovery, "scan_table", counter)
    try:
        config = base / "pii-scan.toml"
        code, out = invoke("init", "--out", str(config))
        assert code == 0, out
        # what a privacy officer would fill in: one worker (so this process sees every sample), and
        # the slow free-text table left out of this module's sweeps; plus a retention rule
        text = config.read_text(encoding="utf-8")
        assert "\nworkers = 1\n" in text  # the default: one worker, in this process
        text = text.replace(
            'exclude = ["README.md"', 'exclude = ["support_tickets", "README.md"'
        )
        config.write_text(text + RETENTION_RULE, encoding="utf-8")
        runs = []
        for step in ("first", "change", "same"):
            if step == "change":
                make_change(ex)
            counter.calls.clear()
            code, out = invoke("inventory", "--config", str(config))
            doc = json.loads((base / "inventory" / "inventory.json").read_text(encoding="utf-8"))
            runs.append({"code": code, "output": out, "doc": doc, "calls": list(counter.calls)})
        yield {"base": base, "examples": ex, "config": config, "runs": runs, "counter": counter}
    finally:
        mp.undo()


def make_change(ex: Path) -> None:
    """A new CSV with an email column, and a new column in the CRM's customers table."""
    lines = ["klant;email"] + [f"K{i:03d};klant{i}.test@voorbeeld.be" for i in range(40)]
    (ex / "nieuwe_klanten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = sqlite3.connect(ex / "crm.sqlite")
    db.execute("ALTER TABLE customers ADD COLUMN gsm TEXT")
    db.execute("UPDATE customers SET gsm = '+32 470 ' || substr('000000' || (id * 7919 % 1000000), -6)")
    db.commit()
    db.close()


def test_first_sweep_is_a_baseline_with_every_output(sweeps):
    first = sweeps["runs"][0]
    doc = first["doc"]
    assert first["code"] == 0, first["output"]
    assert doc["format"] == "pii-scan-inventory" and doc["format_version"] == 1
    assert doc["sweep"]["previous_sweep"] is None and doc["changes"] == []
    assert [s["name"] for s in doc["sources"]] == ["examples"] and doc["sources"][0]["status"] == "ok"
    tables = {(t["file"], t["name"]) for t in doc["sources"][0]["tables"]}
    assert ("crm.sqlite", "customers") in tables and ("hr.xlsx", "Personeel") in tables
    assert ("crm.sqlite", "support_tickets") not in tables and (
        ".ground_truth.json",
        ".ground_truth.json",
    ) not in tables
    assert doc["sweep"]["units_scanned"] == len(tables) == len(first["calls"])
    by_cat = doc["summary"]["by_category"]
    assert by_cat["identification"] > 0 and by_cat["contact"] > 0 and by_cat["financial"] > 0
    assert doc["summary"]["personal_fields"] == sum(by_cat.values())
    for name in ("inventory.json", "inventory.csv", "inventory.xlsx", "inventory.html"):
        assert (sweeps["base"] / "inventory" / name).stat().st_size > 1000
    assert (sweeps["base"] / ".pii-scan" / "state.sqlite").exists()


def test_second_sweep_reports_exactly_the_change_and_samples_only_changed_units(sweeps):
    second = sweeps["runs"][1]
    doc = second["doc"]
    assert second["code"] == 0, second["output"]
    # only the new file and the altered table were sampled again
    assert sorted(second["calls"]) == [
        ("crm.sqlite", "customers"),
        ("nieuwe_klanten.csv", "nieuwe_klanten.csv"),
    ]
    assert doc["sweep"]["units_scanned"] == 2
    changes = doc["changes"]
    assert {c["kind"] for c in changes} == {"table_added", "personal_field_added"}
    added = {(c["table"], c["column"]): c["after"] for c in changes if c["kind"] == "personal_field_added"}
    assert added[("crm.sqlite:customers", "gsm")] == "contact"
    assert added[("nieuwe_klanten.csv", "email")] == "contact"
    # nothing else: every change is about the new file or the new column
    for c in changes:
        assert c["table"] == "nieuwe_klanten.csv" or (c["table"], c["column"]) == (
            "crm.sqlite:customers",
            "gsm",
        ), c
    assert [c["table"] for c in changes if c["kind"] == "table_added"] == ["nieuwe_klanten.csv"]
    assert "new personal field examples › crm.sqlite:customers › gsm: contact" in second["output"]


def test_third_sweep_without_change_reports_none_and_samples_nothing(sweeps):
    third = sweeps["runs"][2]
    doc = third["doc"]
    assert third["code"] == 0
    assert third["calls"] == []  # scan_table was not called at all
    assert doc["changes"] == [] and doc["sweep"]["units_scanned"] == 0
    assert doc["sweep"]["units_reused"] == sum(len(s["tables"]) for s in doc["sources"])
    assert doc["sweep"]["previous_sweep"]["id"] == sweeps["runs"][1]["doc"]["sweep"]["id"]
    # reused results are the stored ones: same fields as the sweep that sampled them
    fields = [
        (t["name"], f["column"], f["category"]) for t in doc["sources"][0]["tables"] for f in t["fields"]
    ]
    before = sweeps["runs"][1]["doc"]
    assert fields == [
        (t["name"], f["column"], f["category"]) for t in before["sources"][0]["tables"] for f in t["fields"]
    ]


def test_retention_rule_counts_rows_past_the_limit(sweeps):
    doc = sweeps["runs"][2]["doc"]
    [finding] = doc["retention"]
    today = dt.date.today()
    try:
        cutoff = today.replace(year=today.year - 10)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - 10, day=28)
    db = sqlite3.connect(sweeps["examples"] / "crm.sqlite")
    ended = [r[0] for r in db.execute("SELECT relationship_ended_on FROM customers") if r[0]]
    expected = sum(dt.date.fromisoformat(d[:10]) < cutoff for d in ended)
    truth = json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))["retention"]
    assert expected >= len(truth["expired_customer_ids"]) > 0
    assert finding["status"] == "overdue" and finding["method"] == "sql"
    assert (finding["rows_expired"], finding["rows_dated"], finding["cutoff"]) == (
        expected,
        len(ended),
        str(cutoff),
    )
    table = next(t for t in doc["sources"][0]["tables"] if t["name"] == "customers")
    assert table["retention"] == [finding]  # in the register, next to the table


def test_fail_on_exit_codes(sweeps):
    config = str(sweeps["config"])
    assert invoke("inventory", "--config", config, "--fail-on", "new-personal")[0] == 0  # nothing new
    code, out = invoke("inventory", "--config", config, "--fail-on", "retention")
    assert code == 3 and "--fail-on met: retention" in out
    ex = sweeps["examples"]
    (ex / "medisch.csv").write_text(
        "dossier;diagnose\n1;diabetes type 2\n2;astma\n3;depressie\n", encoding="utf-8"
    )
    code, out = invoke(
        "inventory", "--config", config, "--fail-on", "new-sensitive", "--fail-on", "new-personal"
    )
    assert code == 3 and "new-sensitive" in out and "new-personal" in out
    (ex / "medisch.csv").unlink()
    code, out = invoke("inventory", "--config", config, "--fail-on", "new-sensitive")
    assert code == 0 and "table removed examples › medisch.csv" in out


def test_failing_source_is_reported_masked_and_others_go_on(tmp_path, monkeypatch):
    monkeypatch.setenv("PII_SCAN_KEY", "inventory-test-key-0123456789")
    monkeypatch.setenv("CRM_PW", "Sup3r-Secret")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "leden.csv").write_text(
        "naam;email\nJan;jan.peeters@voorbeeld.be\n", encoding="utf-8"
    )
    (tmp_path / "pii-scan.toml").write_text(
        '[inventory]\nworkers = 1\n\n[[sources]]\nname = "crm"\n'
        'location = "postgresql+psycopg://reader:${CRM_PW}@127.0.0.1:9/crm"\n\n'
        '[[sources]]\nname = "drive"\nlocation = "data"\n',
        encoding="utf-8",
    )
    code, out = invoke("inventory", "--config", str(tmp_path / "pii-scan.toml"))
    assert code == 1
    assert "Sup3r-Secret" not in out and "jan.peeters@voorbeeld.be" not in out
    error_lines = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "crm" in error_lines[0]
    doc = json.loads((tmp_path / "inventory" / "inventory.json").read_text(encoding="utf-8"))
    assert [(s["name"], s["status"]) for s in doc["sources"]] == [("crm", "failed"), ("drive", "ok")]
    assert doc["summary"]["by_category"]["contact"] >= 1
    assert "Sup3r-Secret" not in json.dumps(doc)


def test_no_config_or_no_sources_is_a_usage_error(tmp_path):
    code, out = invoke("inventory", "--config", str(tmp_path / "missing.toml"))
    assert code == 2 and "no such configuration file" in out
    (tmp_path / "empty.toml").write_text("[thresholds]\nsample = 10\n")
    code, out = invoke("inventory", "--config", str(tmp_path / "empty.toml"))
    assert code == 2 and "no sources configured" in out


# -- outputs: no raw values, workbook layout, HTML in a browser -------------------------------------

IDENTIFIER_TYPES = {"PERSON", "STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "BE_NATIONAL_NUMBER",
                    "IBAN_CODE", "IP_ADDRESS", "USERNAME", "DATE_OF_BIRTH"}  # fmt: skip


def raw_identifiers(examples: Path) -> set[str]:
    """Every planted identifier of ground_truth.json, and every CRM customer's email, phone and
    national number, as written in the sources (not the organisation's own contact data)."""
    truth = json.loads((EXAMPLES / ".ground_truth.json").read_text(encoding="utf-8"))
    found: set[str] = set()
    for who in ("planted_person", "lookalike"):
        p = truth[who]
        found |= {p["email"], p["national_number"], p["iban"], p["phone_e164"], p["name"], p["address"]}
        found |= set(p.get("ip_addresses", [])) | ({p["username"]} if p.get("username") else set())
        for variants in (p.get("variants") or {}).values():
            found |= set(variants)
        for occ in p["occurrences"]:
            found |= {str(v) for v in (occ.get("values") or {}).values()}
    notes = truth["crm_notes"] + [e for letter in truth["letters"].values() for e in [letter]]
    for item in notes:
        for e in item["entities"]:
            if e["type"] in IDENTIFIER_TYPES:
                found |= {e["text"], str(e.get("value") or e["text"])}
    db = sqlite3.connect(examples / "crm.sqlite")
    for row in db.execute("SELECT email, phone, national_number FROM customers"):
        found |= {v for v in row if v}
    found |= {r[0] for r in db.execute("SELECT iban FROM payments")}
    db.close()
    org = set(map(str, truth["organisation"].values()))
    return {v for v in found if len(v) >= 6 and v not in org}


def all_text_written(base: Path) -> str:
    """Everything the sweeps wrote: the four outputs (workbook cells, HTML unescaped) and the state."""
    import html as html_lib

    from openpyxl import load_workbook

    parts = []
    out = base / "inventory"
    parts.append((out / "inventory.json").read_text(encoding="utf-8"))
    parts.append((out / "inventory.csv").read_text(encoding="utf-8-sig"))
    parts.append(html_lib.unescape((out / "inventory.html").read_text(encoding="utf-8")))
    wb = load_workbook(out / "inventory.xlsx", read_only=True)
    for ws in wb.worksheets:
        parts += [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    wb.close()
    for path in (base / ".pii-scan").rglob("*"):
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
            if path.suffix == ".sqlite":
                db = sqlite3.connect(path)
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                    parts += [str(v) for row in db.execute(f"SELECT * FROM {name}") for v in row]
                db.close()
    return "\n".join(parts)


def test_no_raw_identifier_in_any_output_or_the_state(sweeps):
    identifiers = raw_identifiers(sweeps["examples"])
    assert len(identifiers) > 300  # the check is only as good as its list
    written = all_text_written(sweeps["base"]) + "\n".join(r["output"] for r in sweeps["runs"])
    assert "@" in written and "inventory-test-key" not in written  # sanity: text was read; no key stored
    leaked = sorted(v for v in identifiers if v in written)
    assert leaked == []
    # samples are present, masked: the register is still useful
    doc = sweeps["runs"][0]["doc"]
    samples = [
        s
        for src in doc["sources"]
        for t in src["tables"]
        for f in t["fields"]
        for s in f["evidence"]["samples"]
    ]
    assert samples and all("*" in s for s in samples)


def test_workbook_sheets_frozen_headers_and_filters(sweeps):
    from openpyxl import load_workbook

    wb = load_workbook(sweeps["base"] / "inventory" / "inventory.xlsx")
    categories = ["Identification", "Contact", "Family", "Connection", "Financial", "Sensitive"]
    assert wb.sheetnames == ["Summary", *categories, "examples", "Changes", "Retention"]
    src = wb["examples"]
    assert src.freeze_panes == "A4" and src.auto_filter.ref.startswith("A3:")
    assert [c.value for c in src[3]][:4] == ["File", "Table", "Column", "Category"]
    columns = {(r[1], r[2]) for r in src.iter_rows(min_row=4, values_only=True)}
    assert ("customers", "gsm") in columns and ("nieuwe_klanten.csv", "email") in columns
    contact = wb["Contact"]
    header_row = next(r for r in range(1, 20) if contact.cell(r, 1).value == "Source")
    assert contact.freeze_panes == f"A{header_row + 1}" and contact.auto_filter.ref.startswith(
        f"A{header_row}:"
    )
    assert all(row[4] == "contact" for row in contact.iter_rows(min_row=header_row + 1, values_only=True))
    assert wb["Retention"]["H2"].value > 0  # rows past the limit
    assert src.column_dimensions["C"].width > 8


def _png_size_and_rows(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct filtered scanlines) of a PNG, with the standard library only.
    A blank page compresses to a handful of distinct scanlines; a rendered register to hundreds."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels, depth = 8, b"", 0, 0, 4, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels * depth // 8
    rows = {raw[i : i + stride] for i in range(0, len(raw), stride)}
    return width, height, len(rows)


def test_html_renders_in_headless_chromium(sweeps, tmp_path):
    import os
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (CI installs Debian's chromium package)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = sweeps["base"] / "inventory" / "inventory.html"
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    png = tmp_path / "inventory.png"
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
           f"--screenshot={png}", "--window-size=1280,2000", page.as_uri()]  # fmt: skip
    subprocess.run(cmd, check=False, capture_output=True, timeout=120)
    assert png.exists(), "chromium wrote no screenshot"
    width, height, distinct_rows = _png_size_and_rows(png)
    assert (width, height) == (1280, 2000)
    assert png.stat().st_size > 20_000
    assert distinct_rows > 200, "the screenshot is (nearly) blank"
    shutil.copy(png, sweeps["base"] / "inventory-screenshot.png")  # kept for a look with -s / --basetemp


@pytest.mark.slow
def test_worker_processes_give_the_same_register(tmp_path, monkeypatch):
    monkeypatch.setenv("PII_SCAN_KEY", "inventory-test-key-0123456789")
    (tmp_path / "data").mkdir()
    for i in range(5):
        rows = "\n".join(f"{n};klant{n}@voorbeeld.be;0470 12 34 {n:02d}" for n in range(20))
        (tmp_path / "data" / f"f{i}.csv").write_text("nr;email;gsm\n" + rows + "\n", encoding="utf-8")
    results = []
    for workers in (1, 2):
        (tmp_path / "c.toml").write_text(
            f'[inventory]\nworkers = {workers}\nstate_dir = "s{workers}"\n\n'
            '[[sources]]\nname = "d"\nlocation = "data"\n',
            encoding="utf-8",
        )
        code, out = invoke(
            "inventory", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / f"o{workers}")
        )
        assert code == 0, out
        doc = json.loads((tmp_path / f"o{workers}" / "inventory.json").read_text(encoding="utf-8"))
        assert doc["sweep"]["units_scanned"] == 5
        results.append(
            [
                (t["name"], f["column"], f["category"])
                for t in doc["sources"][0]["tables"]
                for f in t["fields"]
            ]
        )
    assert results[0] == results[1] and ("f0.csv", "email", "contact") in results[0]
