"""CSV/TSV files: delimiter and encoding detection, sampling by random byte offsets, chunked reading.

Values are read as text exactly as written (``0470...`` keeps its leading zero, ``NA`` stays a word);
column types are inferred from the first rows for display only.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Column, Filter, Part, PartHits, TableInfo
from pii_scan.connectors.csv_light import (
    LIGHT_FILE_BYTES,
    LightTable,
    detect_delimiter,
    infer_type,
    looks_like_value,
    read_light,
)
from pii_scan.connectors.csv_once import OnePassCsv
from pii_scan.connectors.csv_rows import BadLines, careful_records, line_list, long_line_numbers
from pii_scan.connectors.filebase import detect_encoding
from pii_scan.connectors.walk import NOTES
from pii_scan.errors import SourceCorrupt

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # imported on first use: a small file on the light path never needs them
    from pii_scan._lazy import lazy_module

    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["DelimitedConnector", "detect_delimiter"]

# Files up to this size are read whole for counting and sampling (fast with the C parser);
# larger ones are sampled at random byte offsets and their row count is estimated.
SMALL_FILE_BYTES = 4 * 1024 * 1024
_HEAD_BYTES = 256 * 1024
_TYPE_ROWS = 500
# Absurd shapes are refused before any parsing, so no file costs more than a bounded read of its
# header (a 600,000-column line took 85 s and then failed deep in pandas). The defaults are those of
# ``Limits`` (the configuration's [limits]); connector options override them.
MAX_COLUMNS = 10_000
MAX_LINE_BYTES = 10 * 1024 * 1024
_JUDGE_ROWS = 1000  # a file whose first records are at least half broken is not CSV
_SKIPPED = re.compile(r"Skipping line (\d+): (.*)")


def _infer_type(values: pd.Series) -> str:
    return infer_type([None if v is None or v != v else str(v) for v in values.tolist()])


class DelimitedConnector(OnePassCsv):
    """One CSV/TSV file = one table. Options: ``encoding``, ``delimiter`` override detection;
    ``max_columns``, ``max_line_bytes`` bound the header a file may have (else it is refused)."""

    source_type = "csv"

    # -- dialect --------------------------------------------------------------------------------
    def _dialect(self) -> tuple[str, str]:
        if "dialect" not in self._cache:
            enc = self.options.get("encoding") or detect_encoding(self.location, self.display_name)
            delim = self.options.get("delimiter")
            if not delim:
                with open(self.location, "rb") as fh:
                    head = fh.read(_HEAD_BYTES)
                cut = head.rfind(b"\n")
                if cut > 0 and len(head) == _HEAD_BYTES:
                    head = head[:cut]
                text = head.decode(enc, errors="replace")
                suffix = os.path.splitext(self.location)[1].lower()
                delim = detect_delimiter(text, "\t" if suffix in (".tsv", ".tab") else ",")
            self._cache["dialect"] = (enc, delim)
        return self._cache["dialect"]

    def _read_kwargs(self) -> dict[str, Any]:
        enc, delim = self._dialect()
        return {
            "sep": delim,
            "encoding": enc,
            "dtype": str,
            "keep_default_na": False,
            "na_values": [""],
            "engine": "c",
            **({"header": None, "names": self._cache["columns"]} if self._cache.get("headerless") else {}),
        }

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Parser and decoding errors become one-line SourceCorrupt errors naming the file."""
        try:
            yield
        except UnicodeDecodeError as exc:
            enc = self._dialect()[0]
            raise SourceCorrupt(
                self.display_name, f"wrong encoding: not valid {enc} ({exc.reason}); pass encoding=..."
            ) from None
        except (pd.errors.ParserError, csv.Error) as exc:
            raise SourceCorrupt(self.display_name, f"unreadable CSV: {str(exc).splitlines()[0]}") from None

    def _max_line_bytes(self) -> int:
        return int(self.options.get("max_line_bytes") or self.limits.max_line_bytes)

    def _max_columns(self) -> int:
        return int(self.options.get("max_columns") or self.limits.max_columns)

    def _check_shape(self) -> None:
        """Refuse a header line longer than ``max_line_bytes`` or wider than ``max_columns`` fields."""
        max_bytes, max_cols = self._max_line_bytes(), self._max_columns()
        with open(self.location, "rb") as fh:
            first = fh.readline(max_bytes + 1)
        if len(first.rstrip(b"\r\n")) > max_bytes:
            raise SourceCorrupt(self.display_name, f"refused: first line longer than {max_bytes:,} bytes")
        enc, delim = self._dialect()
        text = first.decode("utf-8" if enc == "utf-8-sig" else enc, errors="replace")
        try:  # a header with a quoted line break is cut here: counting its fields is still a bound
            width = max((len(r) for r in csv.reader(io.StringIO(text), delimiter=delim)), default=0)
        except csv.Error:
            width = text.count(delim) + 1
        if width > max_cols:
            raise SourceCorrupt(
                self.display_name, f"refused: {width:,} columns in the header (more than {max_cols:,})"
            )

    # -- catalogue ------------------------------------------------------------------------------
    def _head(self) -> pd.DataFrame:
        if "head" not in self._cache:
            self._check_shape()
            try:
                with self._errors():
                    columns = pd.read_csv(self.location, nrows=0, **self._read_kwargs()).columns
            except pd.errors.EmptyDataError:
                self._cache["head"] = pd.DataFrame()
                return self._cache["head"]
            if any(looks_like_value(str(c)) for c in columns):
                # the first line is data (an email, a phone as a "name"): never show it as names
                self._cache["headerless"] = True
                columns = pd.Index([f"column_{i + 1}" for i in range(len(columns))])
            self._cache["columns"] = [str(c) for c in columns]
            self._cache["wide_first_row"] = self._first_row_width() > len(columns)
            if (once := self._once()) is not None:  # a search reads the file whole: its first rows
                first = once.frame(slice(0, min(_TYPE_ROWS, once.table.num_rows)))
            else:
                first = next(self._frames(_TYPE_ROWS, nrows=_TYPE_ROWS), None)
            self._cache["head"] = first if first is not None else pd.DataFrame(columns=columns, dtype="str")
        return self._cache["head"]

    def _count(self) -> tuple[int, bool]:
        """Exact for small files; for large ones size / bytes-per-row of the head."""
        size = os.path.getsize(self.location)
        head = self._head()
        if head.columns.empty:
            return 0, True
        if (once := self._once()) is not None:
            return once.table.num_rows, True
        if size <= SMALL_FILE_BYTES:
            return sum(len(chunk) for chunk in self._frames(200_000)), True
        return max(1, round((size - self._data_start()) / self._bytes_per_row())), False

    def _bytes_per_row(self) -> float:
        if "bpr" not in self._cache:
            enc, delim = self._dialect()
            start = self._data_start()
            with open(self.location, "rb") as fh:
                fh.seek(start)
                block = fh.read(_HEAD_BYTES)
            block = block[: block.rfind(b"\n") + 1] or block
            rows = self._parse_block(block, self._head().columns.tolist())
            self._cache["bpr"] = len(block) / max(1, len(rows))
        return self._cache["bpr"]

    def _data_start(self) -> int:
        """Byte offset after the header line (0 when the first line is data)."""
        if self._cache.get("headerless"):
            return 0
        with open(self.location, "rb") as fh:
            first = fh.readline()
        return len(first)

    def _light(self) -> LightTable | None:
        """The whole small file parsed once with the csv module, where that gives read_csv's records
        (``csv_light``); else None and the pandas path reads it."""
        if "light" not in self._cache:
            light = None
            # a subject search (one_pass) reads the file once with pyarrow: everything from that read
            small = os.path.getsize(self.location) <= min(LIGHT_FILE_BYTES, SMALL_FILE_BYTES)
            if small and not self.one_pass:
                self._check_shape()  # the same refusals as the pandas path
                enc, delim = self._dialect()
                light = read_light(self.location, enc, delim, looks_like_value)
            self._cache["light"] = light
        return self._cache["light"]

    def tables(self) -> list[TableInfo]:
        if "tables" not in self._cache:
            light = self._light()
            if light is not None:
                types = [infer_type(light.column(i, _TYPE_ROWS)) for i in range(len(light.columns))]
                columns = tuple(Column(c, t) for c, t in zip(light.columns, types, strict=True))
                self._cache["tables"] = [TableInfo(self.table_name, "file", columns, len(light.rows), True)]
                return self._cache["tables"]
            head = self._head()
            count, exact = self._count()
            columns = tuple(Column(str(c), _infer_type(head[c])) for c in head.columns)
            self._cache["tables"] = [TableInfo(self.table_name, "file", columns, count, exact)]
        return self._cache["tables"]

    # -- reading --------------------------------------------------------------------------------
    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        self._check_table(table)
        if self._head().columns.empty:
            return
        if (once := self._once()) is not None:
            for lo in range(0, once.table.num_rows, chunk_rows):
                frame = once.frame(slice(lo, min(lo + chunk_rows, once.table.num_rows)))
                frame.index = pd.RangeIndex(lo, lo + len(frame))  # as pandas' chunked reader numbers them
                yield frame
            return
        yield from self._frames(chunk_rows)

    def parts(self, table: str, rows_per_part: int) -> list[Part] | None:
        """Byte ranges starting at records; see ``pii_scan.connectors.parts``."""
        from pii_scan.connectors.parts import delimited_parts

        return delimited_parts(self, table, rows_per_part)

    def select_part(
        self, table: str, filters: Sequence[Filter], part: Part, chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> PartHits:
        from pii_scan.connectors.parts import delimited_select_part

        self._check_table(table)
        return delimited_select_part(self, table, filters, part, chunk_rows)

    # -- rows that fail to parse --------------------------------------------------------------------
    def partial_reason(self) -> str | None:
        bad = sorted(self._cache.get("bad_lines", []))
        return f"{len(bad)} row(s) not parsed, skipped: {line_list(bad)}" if bad else None

    def _first_row_width(self) -> int:
        """Fields of the first data record. Wider than the header, pandas would take the leading
        fields as an index and shift every column: the careful reader reads such a file."""
        enc, delim = self._dialect()
        with open(self.location, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
        text = head.decode("utf-8" if enc == "utf-8-sig" else enc, errors="replace")
        try:
            records = [r for r in islice(csv.reader(io.StringIO(text, newline=""), delimiter=delim), 3) if r]
        except csv.Error:
            return 0
        return len(records[1]) if len(records) > 1 else 0

    def _needs_care(self) -> bool:
        """A first row wider than the header, or a line longer than ``max_line_bytes`` (only a file
        that large can hold one): the C parser would misread or hold it."""
        if self._cache.get("wide_first_row"):
            return True
        if "long" not in self._cache:
            limit = self._max_line_bytes()
            if os.path.getsize(self.location) <= limit:
                self._cache["long"] = False
            else:
                with open(self.location, "rb") as fh:
                    self._cache["long"] = bool(long_line_numbers(fh, limit))
        return self._cache["long"]

    def _frames(self, chunk_rows: int, nrows: int | None = None) -> Iterator[pd.DataFrame]:
        """Rows in chunks. The C parser first, skipping rows with too many fields; at an undecodable
        byte or a broken quote (or in a file with over-long lines) the careful reader takes over
        after the rows already given. Skipped rows are counted by line number (never their values)
        and named in one note after a whole pass."""
        bad = BadLines()
        given = 0
        if not self._needs_care():
            try:
                kwargs = {**self._read_kwargs(), "on_bad_lines": "warn", "nrows": nrows}
                with pd.read_csv(self.location, chunksize=chunk_rows, **kwargs) as reader:
                    while True:
                        with warnings.catch_warnings(record=True) as caught:
                            warnings.simplefilter("always", pd.errors.ParserWarning)
                            chunk = next(reader, None)
                        for w in caught:
                            for m in _SKIPPED.finditer(str(w.message)):
                                bad.add(int(m.group(1)), m.group(2))
                        if chunk is None:
                            break
                        self._judge(given + len(chunk), bad)
                        given += len(chunk)
                        yield chunk
                self._judge(given, bad, final=True)
                if nrows is None:
                    self._passed(bad)
                return
            except (UnicodeDecodeError, pd.errors.ParserError, csv.Error):
                pass  # the careful reader goes on from here
        yield from self._careful_frames(chunk_rows, nrows, skip=given)

    def _careful_frames(self, chunk_rows: int, nrows: int | None, skip: int) -> Iterator[pd.DataFrame]:
        enc, delim = self._dialect()
        columns = self._cache.get("columns") or self._head().columns.tolist()
        bad = BadLines()
        rows: list[list[str | None]] = []
        good = 0
        with open(self.location, "rb") as fh:
            for _, rec in careful_records(fh, enc, delim, len(columns), self._max_line_bytes(), bad):
                good += 1
                if good <= _JUDGE_ROWS or good % _JUDGE_ROWS == 0:
                    self._judge(good, bad)
                if good <= skip:
                    continue
                rows.append([v if v != "" else None for v in rec] + [None] * (len(columns) - len(rec)))
                if len(rows) >= chunk_rows or (nrows is not None and good >= nrows):
                    yield pd.DataFrame(rows, columns=columns, dtype="str")
                    rows = []
                    if nrows is not None and good >= nrows:
                        return
        self._judge(good, bad, final=True)
        if rows:
            yield pd.DataFrame(rows, columns=columns, dtype="str")
        if nrows is None:
            self._passed(bad)

    def _judge(self, good: int, bad: BadLines, final: bool = False) -> None:
        """Refuse a file whose first records are at least half broken: it is not CSV. Judged once,
        on the first 1,000 records (or all of a smaller file): damage late in a long file is only
        skipped, never a refusal after its rows were given."""
        if bad.judged or not (final or good + len(bad.lines) >= _JUDGE_ROWS):
            return
        bad.judged = True
        if good + len(bad.lines) >= _JUDGE_ROWS:  # a chunk may reach far past them: count by line
            early = sum(1 for n in bad.lines if n <= _JUDGE_ROWS + 1)
            good, broken = _JUDGE_ROWS - early, early
        else:
            broken = len(bad.lines)
        if broken and broken >= good:
            raise SourceCorrupt(
                self.display_name,
                f"unreadable CSV: {line_list(sorted(bad.lines))} ({bad.first_reason})",
            )

    def _passed(self, bad: BadLines) -> None:
        self._cache["bad_lines"] = list(bad.lines)
        if bad.lines and not self._cache.get("noted"):
            self._cache["noted"] = True  # once per file, not once per pass
            NOTES.warning("%s: %s", self.display_name, self.partial_reason())

    def sample_columns(self, table: str, n: int = 1000, seed: int = 0) -> tuple[dict[Any, list[Any]], int]:
        self._check_table(table)
        light = self._light()
        if light is None:
            return super().sample_columns(table, n, seed)
        rows = _subsample_rows(light.rows, n, seed)
        return {c: [r[i] for r in rows] for i, c in enumerate(light.columns)}, len(rows)

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        self._check_table(table)
        light = self._light()
        if light is not None:
            return pd.DataFrame(_subsample_rows(light.rows, n, seed), columns=light.columns, dtype="str")
        head = self._head()
        if head.columns.empty:
            return head
        size = os.path.getsize(self.location)
        rng = np.random.default_rng(seed)
        if (once := self._once()) is not None:  # drawn from the search's one read, as _subsample does
            rows = once.table.num_rows
            if rows <= n:
                return once.frame()
            return once.frame(np.sort(rng.choice(rows, size=n, replace=False)))
        if size <= SMALL_FILE_BYTES:
            parts = list(self._frames(DEFAULT_CHUNK_ROWS))
            frame = pd.concat(parts, ignore_index=True) if parts else head.iloc[:0]
            return _subsample(frame, n, rng)
        return self._sample_offsets(n, rng, head.columns.tolist())

    def _parse_block(self, block: bytes, columns: list[str]) -> list[list[str | None]]:
        """Whole records of a block that starts on a line boundary; rows of the wrong width (a resync
        that landed inside a quoted multi-line field) are dropped. Empty fields become None."""
        enc, delim = self._dialect()
        text = block.decode("utf-8" if enc == "utf-8-sig" else enc, errors="replace")
        rows: list[list[str | None]] = []
        try:
            for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
                if len(rec) == len(columns):
                    rows.append([v if v != "" else None for v in rec])
        except csv.Error:
            pass  # keep what parsed before the damage
        return rows

    def _sample_offsets(self, n: int, rng: np.random.Generator, columns: list[str]) -> pd.DataFrame:
        """Stratified sampling: one random byte offset per stratum, resync on a line boundary, parse."""
        start, size = self._data_start(), os.path.getsize(self.location)
        bpr = self._bytes_per_row()
        strata = max(1, min(100, math.ceil(n / 10)))
        per_block = math.ceil(n / strata * 1.2) + 1
        block_bytes = int(per_block * bpr * 1.5) + 4096
        span = (size - start) / strata
        if block_bytes * 2 > span:  # asking for a large share of the file: stream it instead
            return self._sample_stream(n, rng)
        parts: list[list[str | None]] = []
        with open(self.location, "rb") as fh:
            for i in range(strata):
                lo = start + int(i * span)
                fh.seek(int(rng.integers(lo, max(lo + 1, lo + int(span) - block_bytes))))
                block = fh.read(block_bytes)
                first_nl, last_nl = block.find(b"\n"), block.rfind(b"\n")
                if first_nl < 0 or last_nl <= first_nl:
                    continue
                parts.extend(self._parse_block(block[first_nl + 1 : last_nl + 1], columns)[:per_block])
        frame = pd.DataFrame(parts, columns=columns, dtype="str")
        return _subsample(frame, n, rng)

    def _sample_stream(self, n: int, rng: np.random.Generator) -> pd.DataFrame:
        """Bernoulli sample while streaming chunks: memory stays about n rows."""
        count, _ = self._count()
        p = min(1.0, 1.5 * n / max(1, count))
        parts = [c[rng.random(len(c)) < p] for c in self.iter_rows(self.table_name)]
        frame = pd.concat(parts, ignore_index=True) if parts else self._head().iloc[:0]
        return _subsample(frame, n, rng)


def _subsample(frame: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """At most n rows drawn at random, kept in file order."""
    if len(frame) <= n:
        return frame.reset_index(drop=True)
    keep = np.sort(rng.choice(len(frame), size=n, replace=False))
    return frame.iloc[keep].reset_index(drop=True)


def _subsample_rows(rows: list[list[str | None]], n: int, seed: int) -> list[list[str | None]]:
    """``_subsample`` on plain rows: the same draw, so both paths sample the same rows."""
    if len(rows) <= n:
        return rows
    keep = np.sort(np.random.default_rng(seed).choice(len(rows), size=n, replace=False))
    return [rows[i] for i in keep]
