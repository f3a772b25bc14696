"""Workbooks: every sheet a table, header below title rows, formulas as values, dates as dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import openpyxl
import pandas as pd
import pytest

from pii_scan.connectors import Filter, connector_for
from pii_scan.connectors.sheets import find_header
from pii_scan.errors import SourceCorrupt, SourceNotFound


@pytest.fixture()
def workbook(tmp_path) -> str:
    wb = openpyxl.Workbook()
    staff = wb.active
    staff.title = "Personeel"
    staff.append(["Personeelslijst 2024 - vertrouwelijk"])
    staff.append([])
    staff.append(["Naam", "Voornaam", "Geboortedatum", "Salaris", "Jaarsalaris", "E-mail"])
    for i in range(1, 41):
        staff.append(
            [f"Peeters{i}", "Jan", dt.datetime(1980, 1, i % 28 + 1), 3000 + i, f"=D{i + 3}*12", f"j{i}@x.be"]
        )
    kids = wb.create_sheet("Kinderen")
    kids.append(["ouder", "kind", "geboren"])
    kids.append(["Peeters1", "Lotte", dt.date(2015, 5, 1)])
    kids.append(["Peeters2", "Emma", dt.date(2017, 9, 3)])
    path = tmp_path / "hr.xlsx"
    wb.save(path)
    _cache_formula_values(path)
    return str(path)


def _cache_formula_values(path) -> None:
    """openpyxl does not compute formulas; store the cached values Excel would have written."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n) for n in src.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode()
    # row r holds salary 3000 + (r - 3); its formula is D{r}*12
    sheet = re.sub(
        r"<f>D(\d+)\*12</f><v\s*/>", lambda m: f"<f>D{m[1]}*12</f><v>{(2997 + int(m[1])) * 12}</v>", sheet
    )
    items["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as out:
        for name, data in items.items():
            out.writestr(name, data)


def test_sheets_header_formulas_dates(workbook):
    conn = connector_for(workbook)
    tables = {t.name: t for t in conn.tables()}
    assert set(tables) == {"Personeel", "Kinderen"}
    staff = tables["Personeel"]
    assert staff.kind == "sheet"
    assert staff.column_names == ["Naam", "Voornaam", "Geboortedatum", "Salaris", "Jaarsalaris", "E-mail"]
    assert staff.row_count == 40 and staff.row_count_exact
    types = {c.name: c.type for c in staff.columns}
    assert types["Geboortedatum"] == "date" and types["Salaris"] == "integer"
    frame = pd.concat(conn.iter_rows("Personeel", chunk_rows=15))
    assert len(frame) == 40
    assert frame["Jaarsalaris"].iloc[0] == 3001 * 12  # the formula's cached value, not "=D4*12"
    assert frame["Geboortedatum"].iloc[0] == pd.Timestamp(1980, 1, 2)
    kids = conn.sample("Kinderen")
    assert kids["kind"].tolist() == ["Lotte", "Emma"] and pd.api.types.is_datetime64_any_dtype(
        kids["geboren"]
    )


def test_sample_select_unchanged(workbook):
    with open(workbook, "rb") as fh:
        before = hashlib.sha256(fh.read()).hexdigest(), os.stat(workbook).st_mtime_ns
    conn = connector_for(workbook)
    s = conn.sample("Personeel", n=10, seed=4)
    assert len(s) == 10 and s["Naam"].is_unique
    assert s.equals(conn.sample("Personeel", n=10, seed=4))
    hit = pd.concat(conn.select("Personeel", [Filter("E-mail", "equals_ci", ("j7@x.be",))]))
    assert hit["Naam"].tolist() == ["Peeters7"]
    with pytest.raises(SourceNotFound, match="no sheet"):
        conn.sample("Blad1")
    conn.fingerprint("Personeel")
    conn.close()
    with open(workbook, "rb") as fh:
        assert (hashlib.sha256(fh.read()).hexdigest(), os.stat(workbook).st_mtime_ns) == before


def test_header_detection_rules():
    rows = [("Klantenlijst",), (), ("id", "naam", "email", None), (1, "Jan", "j@x.be"), (2, "Piet", None)]
    assert find_header(rows) == (2, 3)
    assert find_header([(1, 2), (3, 4)])[0] == 0  # no text row: the first row
    assert find_header([("Overzicht", None, None, None), ("a", "b", "c", "d"), (1, 2, 3, 4)])[0] == 1


def test_corrupt_workbook_is_one_line(tmp_path):
    for name, data in (
        ("broken.xlsx", b"PK\x03\x04 not really"),
        ("plain.xlsx", b"hello"),
        ("old.xls", b"nope"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(SourceCorrupt) as err:
            connector_for(str(path)).tables()
        assert name in str(err.value) and "\n" not in str(err.value)


def test_xls_through_xlrd(tmp_path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) writes the legacy workbook")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Leden")
    sheet.write(0, 0, "Ledenlijst 1998")
    for j, name in enumerate(["naam", "lidnummer", "ingeschreven"]):
        sheet.write(2, j, name)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for i in range(5):
        sheet.write(3 + i, 0, f"Dubois{i}")
        sheet.write(3 + i, 1, 1000 + i)
        sheet.write(3 + i, 2, dt.datetime(1998, 3, i + 1), date_style)
    path = tmp_path / "leden.xls"
    book.save(str(path))
    conn = connector_for(str(path))
    info = conn.tables()[0]
    assert info.name == "Leden" and info.column_names == ["naam", "lidnummer", "ingeschreven"]
    assert info.row_count == 5
    frame = conn.sample("Leden")
    assert frame["lidnummer"].tolist() == [1000, 1001, 1002, 1003, 1004]
    assert frame["ingeschreven"].iloc[0] == pd.Timestamp(1998, 3, 1)
    hit = pd.concat(conn.select("Leden", [Filter("lidnummer", "equals", ("1003",))]))
    assert hit["naam"].tolist() == ["Dubois3"]


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_a_sheet_without_header_never_shows_its_first_row_as_column_names(tmp_path, suffix) -> None:
    rows = [["Jan", "Peeters", "jan.peeters@example.be", "0470 12 34 56"],
            ["An", "Claes", "an.claes@example.be", "0471 98 76 54"]]  # fmt: skip
    path = tmp_path / f"contacts.{suffix}"
    if suffix == "xlsx":
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    else:
        xlwt = pytest.importorskip("xlwt")
        book = xlwt.Workbook()
        sheet = book.add_sheet("Sheet1")
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                sheet.write(i, j, v)
        book.save(str(path))
    conn = connector_for(str(path))
    [info] = conn.tables()
    assert [c.name for c in info.columns] == ["column_1", "column_2", "column_3", "column_4"]
    assert info.row_count == 2
    frame = conn.sample(info.name, 10)
    assert sorted(frame["column_3"]) == ["an.claes@example.be", "jan.peeters@example.be"]
