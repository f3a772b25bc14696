"""A small, fast ``.xlsx`` writer for the register: plain values, five cell styles, frozen header rows,
auto filters and column widths, nothing else.

openpyxl builds a cell object per value and serialises each through an XML tree: 3.9 s CPU for the
130,000 cells of a 1,000-file register (2.9 s in its write-only mode). Here a cell is one formatted
string: about a tenth of that. Strings are inline (no shared-string table), so a sheet is written on
its own, and a string is never read as a formula (openpyxl takes ``=...`` for one). The zip entries
carry a fixed date: the same register gives the same bytes.
"""

from __future__ import annotations

import math
import re
import zipfile
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Workbook", "Sheet", "NORMAL", "BOLD", "TITLE", "HEAD", "WRAP", "column_letter"]

NORMAL, BOLD, TITLE, HEAD, WRAP = range(5)  # indices into cellXfs below

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 has no place for these control characters (openpyxl refuses them): dropped.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FONT = '<font>{}<sz val="{}"/><name val="Calibri"/><family val="2"/></font>'
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_NS}">'
    f'<fonts count="3">{_FONT.format("", 11)}{_FONT.format("<b/>", 11)}{_FONT.format("<b/>", 14)}</fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/><bgColor indexed="64"/></patternFill>'
    "</fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def column_letter(i: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while i:
        i, rest = divmod(i - 1, 26)
        out = chr(65 + rest) + out
    return out


class Sheet:
    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: dict[int, dict[int, tuple[Any, int]]] = {}
        self.fit = 0  # auto widths up to this (0: none)
        self.minimum: dict[int, float] = {}  # column -> at least this wide
        self.frozen: int | None = None  # first row below the frozen ones
        self.filter: str | None = None

    def cell(self, row: int, col: int, value: Any, style: int = NORMAL) -> None:
        self.rows.setdefault(row, {})[col] = (value, style)

    def style_row(self, row: int, style: int) -> None:
        cells = self.rows.get(row, {})
        for col, (value, _) in cells.items():
            cells[col] = (value, style)

    def table(self, header_row: int, headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """A header row (bold, filled), the rows below it, frozen above them, an auto filter over all."""
        self.rows[header_row] = {c: (h, HEAD) for c, h in enumerate(headers, 1)}
        for r, row in enumerate(rows, header_row + 1):
            self.rows[r] = {c: (v, NORMAL) for c, v in enumerate(row, 1)}
        self.frozen = header_row + 1
        last = header_row + max(len(rows), 1)
        self.filter = f"A{header_row}:{column_letter(len(headers))}{last}"

    def fit_widths(self, maximum: int = 60) -> None:
        """Each column as wide as its longest line (+2), at least 8, at most ``maximum`` (measured
        while the sheet is written: one pass over the cells)."""
        self.fit = maximum

    def min_width(self, col: int, width: float) -> None:
        self.minimum[col] = width

    def xml(self) -> str:
        cells_xml: list[str] = []
        widths: dict[int, float] = {}
        fit = self.fit
        width = max((max(cells) for cells in self.rows.values() if cells), default=0)
        letters = [""] + [column_letter(i) for i in range(1, width + 1)]
        for r in sorted(self.rows):
            cells_xml.append(f'<row r="{r}">')
            for c, (value, style) in sorted(self.rows[r].items()):
                if value is None:
                    continue
                ref = f"{letters[c]}{r}"
                raw = value if type(value) is str else str(value)
                if fit:
                    n = max(len(line) for line in raw.splitlines()) if "\n" in raw else len(raw)
                    widths[c] = max(widths.get(c, 8), min(n + 2, fit))
                if raw == "":
                    continue  # as openpyxl: an empty string is no cell
                if type(value) is str:
                    text = value if value.isprintable() else _ILLEGAL.sub("", value)
                    if "&" in text or "<" in text or ">" in text:
                        text = escape(text)
                    cells_xml.append(f'<c r="{ref}"{_S[style]} t="inlineStr"><is><t xml:space="preserve">')
                    cells_xml.append(text)
                    cells_xml.append("</t></is></c>")
                else:
                    cells_xml.append(_cell(ref, value, style))
            cells_xml.append("</row>")
        for c, w in self.minimum.items():
            widths[c] = max(widths.get(c, 0), w)
        parts = [f'{_XML}<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0">']
        if self.frozen and self.frozen > 1:
            top = f"A{self.frozen}"
            parts.append(
                f'<pane ySplit="{self.frozen - 1}" topLeftCell="{top}" activePane="bottomLeft" '
                'state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            )
        parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            parts.append("<cols>")
            parts.extend(
                f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in sorted(widths.items())
            )
            parts.append("</cols>")
        parts.append("<sheetData>")
        parts.extend(cells_xml)
        parts.append("</sheetData>")
        if self.filter:
            parts.append(f'<autoFilter ref="{self.filter}"/>')
        parts.append("</worksheet>")
        return "".join(parts)


_S = ["", ' s="1"', ' s="2"', ' s="3"', ' s="4"']


def _cell(ref: str, value: Any, style: int) -> str:
    """A cell of any other type (numbers, booleans; anything else as its text)."""
    s = _S[style]
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    text = value if isinstance(value, str) else str(value)
    text = escape(_ILLEGAL.sub("", text))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def create_sheet(self, title: str) -> Sheet:
        self.sheets.append(Sheet(title))
        return self.sheets[-1]

    def save(self, fh: IO[bytes]) -> None:
        n = len(self.sheets)
        sheets = "".join(
            f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_absolute(s.title, s.filter))}</definedName>"
            for i, s in enumerate(self.sheets)
            if s.filter
        )
        workbook = (
            f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
        )
        sheet_rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        wb_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        )
        main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        types = (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + "</Types>"
        )
        root_rels = (
            f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        )
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in (
                ("[Content_Types].xml", types),
                ("_rels/.rels", root_rels),
                ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", wb_rels),
                ("xl/styles.xml", _STYLES),
            ):
                _put(zf, name, text)
            for i, s in enumerate(self.sheets, 1):
                _put(zf, f"xl/worksheets/sheet{i}.xml", s.xml())


_REF = re.compile(r"([A-Z]+)(\d+)")


def _absolute(title: str, ref: str | None) -> str:
    """'Sheet'!$A$3:$M$10 for the filter's defined name."""
    quoted = "'" + title.replace("'", "''") + "'"
    return quoted + "!" + _REF.sub(r"$\1$\2", ref or "A1")


def _put(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text.encode("utf-8"))
