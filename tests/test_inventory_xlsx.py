"""The register's own .xlsx writer: what openpyxl (and so Excel/LibreOffice) reads back from it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from pii_scan.inventory.sheetml import BOLD, TITLE, WRAP, Workbook, column_letter


def _book() -> bytes:
    wb = Workbook()
    ws = wb.create_sheet("Bron 'A' & co")
    ws.cell(1, 1, "Source: a < b", TITLE)
    ws.cell(2, 1, "Note", BOLD)
    ws.cell(2, 2, "line one\nline two is longer", WRAP)
    ws.table(
        3,
        ("Column", "Count", "Share", "Flag", "Empty"),
        [("=SUM(A1:A2)", 3, 0.25, True, None), ("bel\x07l\x00", 10**12, -1.5, False, "")],
    )
    ws.fit_widths()
    ws.min_width(5, 30)
    wb.create_sheet("Leeg").table(1, ("A",), [])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_values_styles_panes_filters_and_widths_read_back():
    data = _book()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Bron 'A' & co", "Leeg"]
    ws = wb["Bron 'A' & co"]
    assert ws["A1"].value == "Source: a < b" and ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["B2"].value == "line one\nline two is longer" and ws["B2"].alignment.wrap_text
    assert [c.value for c in ws[3]] == ["Column", "Count", "Share", "Flag", "Empty"]
    assert ws["A3"].font.b and ws["A3"].fill.fgColor.rgb.endswith("DDE6F0")
    # a text that looks like a formula stays text; control characters are dropped
    assert [c.value for c in ws[4]] == ["=SUM(A1:A2)", 3, 0.25, True, None]
    assert ws["A4"].data_type == "s"
    assert [c.value for c in ws[5]] == ["bell", 10**12, -1.5, False, None]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:E5"
    # the longest line (+2), at least 8; a minimum where asked
    assert ws.column_dimensions["B"].width == len("line two is longer") + 2
    assert ws.column_dimensions["D"].width == 8 and ws.column_dimensions["E"].width == 30
    assert wb["Leeg"].auto_filter.ref == "A1:A2" and wb["Leeg"].freeze_panes == "A2"


def test_same_register_same_bytes():
    assert _book() == _book()  # fixed zip dates: an unchanged register can be recognised by its bytes


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
