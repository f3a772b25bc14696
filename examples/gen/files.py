"""Writers for the file sources: the cp1252 CSV export, the JSON Lines web log and the HR workbook.
Each writes to a temporary file next to the target and moves it in place."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

FIXED_ZIP_TIME = (2026, 1, 15, 9, 0, 0)
FIXED_PROPS_TIME = dt.datetime(2026, 1, 15, 9, 0, 0)


def _replace(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """';'-separated, cp1252, CRLF: what Excel with Belgian regional settings saves."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buf.getvalue().encode("cp1252"))  # strict: every value must be representable
    _replace(tmp, path)


def write_jsonl(path: Path, records: Sequence[dict]) -> None:
    lines = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    _replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    _replace(tmp, path)


def write_json(path: Path, data: object) -> None:
    write_text(path, json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n")


def write_hr_workbook(
    path: Path,
    title: str,
    staff_header: Sequence[str],
    staff: Sequence[Sequence],
    salary_col: str,
    absence_header: Sequence[str],
    absences: Sequence[Sequence],
) -> dict:
    """Two sheets: 'Personeel' (title row, blank row, header, data, a SUM total) and 'Absences' (a
    formula per row). openpyxl writes no cached formula results, so they are added to the sheet XML
    afterwards: a reader with data_only=True then sees the values, as with a file saved by Excel.
    Returns {sheet: {cell: cached value}} of the formula cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Personeel"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(list(staff_header))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    first = 4
    for row in staff:
        ws.append(list(row))
    last = first + len(staff) - 1
    total_row = last + 1
    sal_idx = staff_header.index("Brutoloon")
    ws.cell(total_row, sal_idx).value = "Totaal"
    ws[f"{salary_col}{total_row}"] = f"=SUM({salary_col}{first}:{salary_col}{last})"
    cached: dict[str, dict[str, object]] = {
        "Personeel": {f"{salary_col}{total_row}": round(sum(r[sal_idx] for r in staff), 2)},
        "Absences": {},
    }
    date_cols = [i + 1 for i, h in enumerate(staff_header) if h == "Geboortedatum"]
    for r in range(first, last + 1):
        for c in date_cols:
            ws.cell(r, c).number_format = "DD/MM/YYYY"
        ws.cell(r, sal_idx + 1).number_format = "#,##0.00"

    ab = wb.create_sheet("Absences")
    ab.append(list(absence_header))
    for cell in ab[1]:
        cell.font = Font(bold=True)
    for i, row in enumerate(absences, start=2):
        ab.append(list(row) + [f"=D{i}-C{i}+1"])
        ab.cell(i, 3).number_format = "DD/MM/YYYY"
        ab.cell(i, 4).number_format = "DD/MM/YYYY"
        cached["Absences"][f"F{i}"] = (row[3] - row[2]).days + 1

    props = wb.properties
    props.creator = props.lastModifiedBy = "Calorix HR"
    props.title = title
    props.created = props.modified = FIXED_PROPS_TIME
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    _normalise_xlsx(
        tmp, {"xl/worksheets/sheet1.xml": cached["Personeel"], "xl/worksheets/sheet2.xml": cached["Absences"]}
    )
    _replace(tmp, path)
    return cached


def _normalise_xlsx(path: Path, cached: dict[str, dict[str, object]]) -> None:
    """Rewrite the zip with fixed entry times and document dates (stable bytes) and cached formula values."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = FIXED_PROPS_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for name, data in entries:
        if name == "docProps/core.xml":
            text = data.decode("utf-8")
            text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
            data = text.encode("utf-8")
        elif name in cached:
            text = data.decode("utf-8")
            for ref, value in cached[name].items():
                pattern = rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(?:<v\s*/>|<v>[^<]*</v>)?'
                text, n = re.subn(pattern, rf"\g<1><f>\g<2></f><v>{value}</v>", text)
                if n != 1:
                    raise AssertionError(f"formula cell {ref} not found in {name}")
            data = text.encode("utf-8")
        out.append((name, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in out:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
