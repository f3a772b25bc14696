"""JSON Lines files and workbooks are read once per subject search too: the records (rows) of the one
read are kept for the catalogue, the sample and every round. Compared with the route before (each
round read the file again) on the records found; no timings."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pii_scan.connectors.excel import XlsxConnector
from pii_scan.connectors.filebase import FileConnector
from pii_scan.connectors.jsonfile import JsonConnector
from pii_scan.subject import find_subject


def _people(n: int) -> list[dict[str, Any]]:
    rng = random.Random(8)
    out = []
    for i in range(n):
        out.append(
            {
                "klant_id": i,
                "naam": rng.choice(["Jan Peeters", "Zoë Lefèvre", "Marie Dubois"]),
                "email": rng.choice(["Jan.Peeters@example.be", "JAN.PEETERS@EXAMPLE.BE", f"u{i}@example.nl"]),
                "telefoon": rng.choice(["0470 12 34 56", "+32470123456", f"02 274 {i % 100:02d} 00", None]),
                "adres": {"stad": rng.choice(["Liège", "Gent"]), "postcode": 1000 + i % 9000},
            }
        )
    return out


def _records(path: Path, ids: dict[str, list[str]]) -> list[tuple[Any, ...]]:
    result = find_subject([str(path)], ids)
    assert result.complete, [s.to_dict() for s in result.sources]
    return sorted(
        (r.table, repr(r.key), r.relation, tuple(r.matched_on), r.confirm, repr(r.data), repr(r.shown_key))
        for r in result.records
    )


def _before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The route before: no connector holds what it read (a search cannot set one_pass)."""
    monkeypatch.setattr(FileConnector, "one_pass", property(lambda self: False, lambda self, v: None))


LOOKUPS = [{"email": ["jan.peeters@EXAMPLE.be"]}, {"phone": ["0470/12.34.56"]}, {"name": ["Zoë Lefèvre"]}]


def _count_calls(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(cls, name)

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def test_json_lines_read_once_and_found_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "klanten.jsonl"
    lines = [json.dumps(p, ensure_ascii=False) for p in _people(300)]
    lines[5] = "{not json"  # a broken line is skipped and named, as before
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    calls = _count_calls(monkeypatch, JsonConnector, "_iter_lines")
    now = []
    for ids in LOOKUPS:
        calls.clear()
        result = find_subject([str(path)], ids)
        assert len(calls) == 1  # catalogue, sample and every round from one read
        assert result.sources[0].status == "partial" and "line 6" in (result.sources[0].error or "")
        now.append(_records_of(result))
    conn = JsonConnector(str(path))
    conn.one_pass = True
    assert conn.tables()[0].row_count == 300  # lines read, the broken one included, as counted before
    _before(monkeypatch)
    assert [_records_of(find_subject([str(path)], ids)) for ids in LOOKUPS] == now
    assert all(now) and any(len(r) > 1 for r in now)


def _records_of(result: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (r.table, repr(r.key), r.relation, tuple(r.matched_on), r.confirm, repr(r.data), repr(r.shown_key))
        for r in result.records
    )


def test_workbook_read_once_and_found_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "klanten.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "klanten"
    ws.append(["Klantenlijst 2024"])  # a title row above the header
    ws.append([])
    people = _people(250)
    ws.append(["klant_id", "naam", "email", "telefoon", "stad"])
    for p in people:
        ws.append([p["klant_id"], p["naam"], p["email"], p["telefoon"], p["adres"]["stad"]])
    ws2 = wb.create_sheet("contacten")
    ws2.append(["naam", "email"])
    for p in people[:40]:
        ws2.append([p["naam"], p["email"]])
    wb.save(path)
    calls = _count_calls(monkeypatch, XlsxConnector, "_read_rows")
    now = []
    for ids in LOOKUPS:
        calls.clear()
        now.append(_records(path, ids))
        assert len(calls) == 2  # once per sheet
    conn = XlsxConnector(str(path))
    before = {t.name: (t.row_count, t.row_count_exact) for t in conn.tables()}
    conn = XlsxConnector(str(path))
    conn.one_pass = True
    assert {t.name: (t.row_count, t.row_count_exact) for t in conn.tables()} == before == {
        "klanten": (250, True),
        "contacten": (40, True),
    }
    _before(monkeypatch)
    calls.clear()
    assert [_records(path, ids) for ids in LOOKUPS] == now
    assert len(calls) > 2 * len(LOOKUPS)  # the route before read each sheet again and again
    assert all(now) and any(len(r) > 1 for r in now)
