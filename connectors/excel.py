"""Workbooks: every sheet is a table. ``.xlsx`` through openpyxl (read-only, formulas as their cached
values, dates as dates), legacy ``.xls`` through xlrd.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, TableInfo
from pii_scan.connectors.delimited import looks_like_value
from pii_scan.connectors.filebase import FileConnector
from pii_scan.connectors.sheets import PROBE_ROWS, column_names, find_header, frame_columns, rows_to_frame
from pii_scan.errors import SourceCorrupt, SourceNotFound

__all__ = ["XlsxConnector", "XlsConnector"]

# Workbooks up to this size get an exact row count (the sheet is streamed once); larger ones are
# estimated from the sheet's recorded dimension.
_EXACT_COUNT_BYTES = 2 * 1024 * 1024
_TYPE_ROWS = 200
_HELD_BYTES = 32 * 1024 * 1024  # a search keeps the rows of a workbook up to this size (xlsx expands ~10x)
_RATIO_FROM_BYTES = 64 * 1024 * 1024  # below this expanded size any ratio is fine (tiny workbooks)


def _xml_errors() -> tuple[type[BaseException], ...]:
    """What a damaged sheet raises while it is streamed (openpyxl parses with lxml when present)."""
    errors: tuple[type[BaseException], ...] = (
        zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, zlib.error, ParseError,
    )  # fmt: skip
    try:
        from lxml.etree import XMLSyntaxError

        errors += (XMLSyntaxError,)
    except ImportError:  # pragma: no cover - lxml is optional for openpyxl
        pass
    return errors


class _SheetConnector(FileConnector):
    """Shared logic; subclasses give sheet names, raw rows and the raw row count of a sheet."""

    def _sheet_names(self) -> list[str]:
        raise NotImplementedError

    def _raw_rows(self, sheet: str, start: int = 0) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def _raw_count(self, sheet: str) -> tuple[int, bool]:
        """Number of rows in the sheet (header and title rows included) and whether it is exact."""
        raise NotImplementedError

    def _layout(self, sheet: str) -> tuple[int, list[str]]:
        """(header row index, column names) of a sheet, found once."""
        layouts = self._cache.setdefault("layout", {})
        if sheet not in layouts:
            probe = list(islice(self._raw_rows(sheet), PROBE_ROWS))
            header, width = find_header(probe)
            if width > self.limits.max_columns:  # 16,384 columns took minutes to type and classify
                raise SourceCorrupt(
                    self.display_name,
                    f"refused: sheet {sheet!r} has {width:,} columns (more than {self.limits.max_columns:,})",
                )
            if probe and any(looks_like_value(str(v)) for v in probe[header] if v is not None):
                # the "header" holds an email or a phone: the sheet has no header, and those cells
                # are a person's values that must never be shown as column names (as for CSV)
                layouts[sheet] = (header - 1, [f"column_{j + 1}" for j in range(width)])
                return layouts[sheet]
            names = column_names(probe[header], width) if probe else []
            layouts[sheet] = (header, names)
        return layouts[sheet]

    def _check_table(self, table: str) -> None:
        self._sheet(table)

    def _sheet(self, table: str) -> str:
        if table not in self._sheet_names():
            raise SourceNotFound(self.display_name, f"no sheet {table!r}")
        return table

    def tables(self) -> list[TableInfo]:
        if "tables" not in self._cache:
            out = []
            for sheet in self._sheet_names():
                header, names = self._layout(sheet)
                head = rows_to_frame(islice(self._raw_rows(sheet, header + 1), _TYPE_ROWS), names)
                count, exact = self._row_count(sheet, header, names)
                out.append(TableInfo(sheet, "sheet", frame_columns(head), count, exact))
            self._cache["tables"] = out
        return self._cache["tables"]

    def _row_count(self, sheet: str, header: int, names: list[str]) -> tuple[int, bool]:
        small = os.path.getsize(self.location) <= _EXACT_COUNT_BYTES
        if self.one_pass and small:  # the rows a search holds anyway (their raw count comes with them)
            return sum(len(f) for f in self.iter_rows(sheet, DEFAULT_CHUNK_ROWS)), True
        raw, exact = self._raw_count(sheet)
        if exact or small:
            rows = sum(len(f) for f in self.iter_rows(sheet, DEFAULT_CHUNK_ROWS))
            return rows, True
        return max(0, raw - header - 1), False

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        sheet = self._sheet(table)
        if not self.one_pass or os.path.getsize(self.location) > _HELD_BYTES:
            yield from self._read_rows(sheet, chunk_rows)
            return
        # a search (one_pass) reads each sheet once; every round filters the rows kept
        held = self._cache.setdefault("held", {})
        if (sheet, chunk_rows) not in held:
            held[(sheet, chunk_rows)] = list(self._read_rows(sheet, chunk_rows))
        for frame in held[(sheet, chunk_rows)]:
            yield frame.copy(deep=False)  # select renumbers a chunk's index in place

    def _read_rows(self, sheet: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
        header, names = self._layout(sheet)
        if not names:
            return
        rows = self._raw_rows(sheet, header + 1)
        seen = 0
        while True:
            batch = list(islice(rows, chunk_rows))
            seen += len(batch)
            if not batch:
                break
            frame = rows_to_frame(batch, names)
            if len(frame):
                yield frame
        if os.path.getsize(self.location) <= _EXACT_COUNT_BYTES:  # the sheet's raw rows, counted in passing
            self._cache.setdefault("raw", {}).setdefault(sheet, (header + 1 + seen, True))

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        """Random rows picked while streaming the sheet once (an .xlsx cannot be entered midway)."""
        sheet = self._sheet(table)
        header, names = self._layout(sheet)
        raw, _ = self._raw_count(sheet)
        data_rows = max(0, raw - header - 1)
        rng = np.random.default_rng(seed)
        if data_rows <= n:
            frames = list(self.iter_rows(sheet))
            return pd.concat(frames, ignore_index=True) if frames else rows_to_frame([], names)
        wanted = set(int(i) for i in rng.choice(data_rows, size=n, replace=False))
        last = max(wanted)
        picked = (r for i, r in enumerate(islice(self._raw_rows(sheet, header + 1), last + 1)) if i in wanted)
        return rows_to_frame(picked, names)


class XlsxConnector(_SheetConnector):
    source_type = "xlsx"

    def _book(self) -> Any:
        if "book" not in self._cache:
            import openpyxl
            from openpyxl.utils.exceptions import InvalidFileException

            self._check_expansion()
            try:
                self._cache["book"] = openpyxl.load_workbook(self.location, read_only=True, data_only=True)
            except (InvalidFileException, *_xml_errors()) as exc:
                reason = (
                    "not a zip archive (encrypted, or not an .xlsx)"
                    if isinstance(exc, zipfile.BadZipFile)
                    else (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                )
                raise SourceCorrupt(self.display_name, f"unreadable workbook: {reason}") from None
        return self._cache["book"]

    def _check_expansion(self) -> None:
        """Refuse a zip bomb from the sizes its directory declares (reads stop at those sizes)."""
        try:
            with zipfile.ZipFile(self.location) as zf:
                expanded = sum(i.file_size for i in zf.infolist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return  # openpyxl says what is wrong with it
        size = max(1, os.path.getsize(self.location))
        limit, ratio = self.limits.max_unzipped_bytes, self.limits.max_unzip_ratio
        mib = expanded / 1024 / 1024
        if expanded > limit:
            raise SourceCorrupt(
                self.display_name, f"refused: expands to {mib:,.0f} MiB (more than limits.max_unzipped_bytes)"
            )
        if expanded > _RATIO_FROM_BYTES and expanded / size > ratio:
            raise SourceCorrupt(
                self.display_name,
                f"refused: expands to {mib:,.0f} MiB, {expanded / size:,.0f} times its size "
                f"(more than limits.max_unzip_ratio = {ratio})",
            )

    def _sheet_names(self) -> list[str]:
        return [ws.title for ws in self._book().worksheets]

    def _worksheet(self, sheet: str) -> Any:
        ws = self._book()[sheet]
        dims = self._cache.setdefault("dims", {})
        if sheet not in dims:
            # The recorded dimension is only a hint (some writers leave "A1"); remember it for
            # estimates, then drop it so that iteration reads every row that is really there.
            try:
                dims[sheet] = ws.max_row if ws.calculate_dimension() != "A1:A1" else None
            except ValueError:  # unsized sheet
                dims[sheet] = None
            ws.reset_dimensions()
        return ws

    def _raw_rows(self, sheet: str, start: int = 0) -> Iterator[Sequence[Any]]:
        try:
            ws = self._worksheet(sheet)
            yield from ws.iter_rows(min_row=start + 1, values_only=True)
        except _xml_errors() as exc:
            raise SourceCorrupt(
                self.display_name, f"unreadable sheet {sheet!r}: {type(exc).__name__}"
            ) from None

    def _raw_count(self, sheet: str) -> tuple[int, bool]:
        counts = self._cache.setdefault("raw", {})
        if sheet not in counts:
            self._worksheet(sheet)
            dim = self._cache["dims"].get(sheet)
            if dim and os.path.getsize(self.location) > _EXACT_COUNT_BYTES:
                counts[sheet] = (int(dim), False)
            else:
                counts[sheet] = (sum(1 for _ in self._raw_rows(sheet)), True)
        return counts[sheet]

    def close(self) -> None:
        book = self._cache.pop("book", None)
        if book is not None:
            book.close()
        super().close()


class XlsConnector(_SheetConnector):
    source_type = "xls"

    def _book(self) -> Any:
        if "book" not in self._cache:
            import xlrd

            try:
                self._cache["book"] = xlrd.open_workbook(self.location, on_demand=True)
            except (xlrd.XLRDError, AssertionError, OSError, IndexError, ValueError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise SourceCorrupt(self.display_name, f"unreadable .xls workbook: {reason}") from None
        return self._cache["book"]

    def _sheet_names(self) -> list[str]:
        return list(self._book().sheet_names())

    def _raw_rows(self, sheet: str, start: int = 0) -> Iterator[Sequence[Any]]:
        import xlrd

        book = self._book()
        sh = book.sheet_by_name(sheet)
        for r in range(start, sh.nrows):
            row = []
            for cell in sh.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
                    row.append(int(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(None)
                else:
                    row.append(cell.value)
            yield row

    def _raw_count(self, sheet: str) -> tuple[int, bool]:
        return self._book().sheet_by_name(sheet).nrows, True

    def close(self) -> None:
        book = self._cache.pop("book", None)
        if book is not None:
            book.release_resources()
        super().close()
