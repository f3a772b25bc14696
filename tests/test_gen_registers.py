"""benchmarks/gen_registers.py: deterministic per seed, valid identifiers, labels that ``pii-scan eval``
reads, and header names of its own (none copied from examples/)."""

from __future__ import annotations

import csv
import importlib.util
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from stdnum import iban
from stdnum.be import bis, eid, nn, vat
from stdnum.nl import bsn, btw

from pii_scan.connectors.registry import connector_for
from pii_scan.evaluation import read_labels

_ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = _ROOT / "benchmarks" / "gen_registers.py"


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_registers", _SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_registers"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():  # type: ignore[no-untyped-def]
    return _module()


@pytest.fixture(scope="module")
def seed7(tmp_path_factory, gen) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("reg7")
    gen.generate(out, seed=7, rows=15)
    return out


def _table_values(root: Path) -> dict[tuple[str, str, str], list[str]]:
    """(file, table, column) -> values as text, read through pii-scan's own connectors."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for path in sorted(root.iterdir()):
        if path.name == "labels.csv":
            continue
        conn = connector_for(str(path), root=str(root))
        try:
            tables = conn.tables()
            for t in tables:
                frame = conn.sample(t.name, n=10_000)
                label_table = "(csv)" if path.suffix == ".csv" else t.name.split(".")[-1]
                for col in frame.columns:
                    vals = [str(v) for v in frame[col].tolist() if v is not None]
                    out[(path.name, label_table, str(col))] = [v for v in vals if v not in ("", "nan")]
        finally:
            conn.close()
    return out


def test_same_seed_same_registers(tmp_path: Path, gen, seed7: Path) -> None:  # type: ignore[no-untyped-def]
    gen.generate(tmp_path / "a", seed=7, rows=15)
    gen.generate(tmp_path / "b", seed=8, rows=15)
    same = (seed7 / "labels.csv").read_bytes()
    assert (tmp_path / "a" / "labels.csv").read_bytes() == same
    assert (tmp_path / "b" / "labels.csv").read_bytes() != same
    for name in os.listdir(seed7):
        if name.endswith(".csv"):
            assert (tmp_path / "a" / name).read_bytes() == (seed7 / name).read_bytes(), name
    assert _table_values(tmp_path / "a") == _table_values(seed7)  # workbooks and databases too


def test_formats_encodings_and_title_rows(seed7: Path) -> None:
    names = sorted(os.listdir(seed7))
    assert {Path(n).suffix for n in names} == {".csv", ".xlsx", ".sqlite"}
    member_csv = next(n for n in names if n.startswith("leden_be_fr"))
    raw = (seed7 / member_csv).read_bytes()
    header = raw.split(b"\r\n")[0]
    assert b";" in header
    header.decode("cp1252")  # cp1252, as Belgian Excel exports are
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # accents are there, and not UTF-8
    from openpyxl import load_workbook

    ws = load_workbook(seed7 / next(n for n in names if n.endswith(".xlsx"))).worksheets[0]
    assert ws.cell(1, 1).value and ws.cell(3, 1).value is None  # a title, then a blank row, then the header
    terse = []
    for n in names:
        if n.endswith(".sqlite"):
            con = sqlite3.connect(seed7 / n)
            for (t,) in con.execute("select name from sqlite_master where type='table'"):
                terse += [r[1] for r in con.execute(f'pragma table_info("{t}")') if len(r[1]) <= 4]
            con.close()
    assert len(terse) >= 10


_CHECKS = {
    "nn": lambda v: nn.is_valid(v) or bis.is_valid(v),
    "eid": eid.is_valid,
    "bsn": bsn.is_valid,
    "iban": iban.is_valid,
    "nl_btw": btw.is_valid,
    "kbo": lambda v: vat.is_valid(v.replace("BE", "")),
}


def test_identifiers_are_valid_in_several_notations(seed7: Path) -> None:
    values = _table_values(seed7)
    seen: dict[str, set[str]] = {k: set() for k in _CHECKS}
    with open(seed7 / "labels.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            check = _CHECKS.get(row["notes"])
            if check is None:
                continue
            vals = values[(row["file"], row["table"], row["column"])]
            assert vals, row
            bad = [v for v in vals if not check(v)]
            assert not bad, (row["column"], bad[:3])
            seen[row["notes"]].update("".join("9" if c.isdigit() else c for c in v)[:6] for v in vals)
    assert all(seen.values()), seen
    # Notations differ: compact and grouped IBANs, dotted and bare national numbers.
    assert len(seen["iban"]) >= 2 and len(seen["nn"]) >= 1 and len(seen["bsn"]) >= 2


def test_labels_are_read_by_eval_and_match_columns(seed7: Path) -> None:
    labels = read_labels(seed7 / "labels.csv")
    values = _table_values(seed7)
    assert {lb.category for lb in labels} == {
        "identification", "contact", "family", "connection", "financial", "sensitive", "none"
    }  # fmt: skip
    for lb in labels:
        assert (lb.file, lb.table, lb.column) in values, lb
    notes = {r["notes"] for r in csv.DictReader(open(seed7 / "labels.csv", encoding="utf-8"))}
    assert {"status_mv", "prog", "product", "language", "gender", "civil", "union", "remarks"} <= notes
    assert {"photo", "session", "cookie", "record", "course", "household", "card"} <= notes


def test_header_names_are_not_the_examples(tmp_path: Path, gen) -> None:  # type: ignore[no-untyped-def]
    examples: set[str] = set()
    ex = _ROOT / "examples"
    for name in ("export_leden.csv", "crm.sqlite", "hr.xlsx"):
        conn = connector_for(str(ex / name), root=str(ex))
        try:
            for t in conn.tables():
                examples |= {c.casefold() for c in t.column_names}
        finally:
            conn.close()
    assert len(examples) > 20
    generated: set[str] = set()
    for seed in (1, 2, 3):
        gen.generate(tmp_path / str(seed), seed=seed, rows=3)
        generated |= {lb.column.casefold() for lb in read_labels(tmp_path / str(seed) / "labels.csv")}
    assert not generated & examples
