"""JSON arrays and JSON Lines; nested objects are flattened to dotted column names.

JSON Lines are streamed line by line (bounded memory, sampled at random byte offsets when large).
A JSON array has to be parsed whole: there is no cheap way into the middle of one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Column, TableInfo
from pii_scan.connectors.filebase import FileConnector
from pii_scan.connectors.walk import NOTES
from pii_scan.errors import SourceCorrupt

__all__ = ["JsonConnector"]

_SMALL_LINES_FILE = 16 * 1024 * 1024
_HELD_BYTES = 128 * 1024 * 1024  # a search keeps the parsed records of a JSON Lines file up to this size
_TYPE_ROWS = 1000
_SHOWN_LINES = 10  # line numbers named in a note; the count covers the rest

_TOO_DEEP = "JSON nested too deeply (deeper than Python's recursion limit allows parsing)"


def _depth_over(value: Any, limit: int) -> bool:
    """Whether ``value`` nests objects/arrays deeper than ``limit`` levels (iterative: no recursion)."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        obj, depth = stack.pop()
        if depth > limit:
            return True
        children = obj.values() if isinstance(obj, dict) else obj
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _too_deep_message(limit: int) -> str:
    return f"JSON nested too deeply: more than {limit:,} levels (limits.json_max_depth)"


def _flatten(records: list[Any], source: str = "") -> pd.DataFrame:
    rows = [r if isinstance(r, dict) else {"value": r} for r in records]
    try:
        return pd.json_normalize(rows, sep=".") if rows else pd.DataFrame()
    except RecursionError:  # parsed, but nested too deep to flatten into columns
        raise SourceCorrupt(source, _TOO_DEEP) from None


def _line_list(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:_SHOWN_LINES])
    more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


class JsonConnector(FileConnector):
    """One JSON or JSON Lines file = one table."""

    source_type = "json"

    def _is_lines(self) -> bool:
        if "lines" not in self._cache:
            suffix = os.path.splitext(self.location)[1].lower()
            if suffix in (".jsonl", ".ndjson"):
                self._cache["lines"] = True
            else:
                with open(self.location, "rb") as fh:
                    head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
                # A .json file starting with an object on its own line is usually JSON Lines.
                first_line = head.split(b"\n", 1)[0].strip()
                self._cache["lines"] = head.startswith(b"{") and _parses(first_line)
        return self._cache["lines"]

    def _records(self) -> list[Any]:
        """The whole array (JSON) - cached, since it had to be parsed whole anyway."""
        if "records" not in self._cache:
            try:
                with open(self.location, encoding="utf-8-sig") as fh:
                    data = json.load(fh)
            except UnicodeDecodeError:
                raise SourceCorrupt(self.display_name, "wrong encoding: JSON must be UTF-8") from None
            except json.JSONDecodeError as exc:
                raise SourceCorrupt(
                    self.display_name, f"broken JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
                ) from None
            except RecursionError:
                raise SourceCorrupt(self.display_name, _TOO_DEEP) from None
            if isinstance(data, dict):
                # {"customers": [...]} -> the one list inside; any other object is one record
                lists = [v for v in data.values() if isinstance(v, list)]
                data = lists[0] if len(lists) == 1 else [data]
            if not isinstance(data, list):
                data = [data]
            if any(_depth_over(r, self.limits.json_max_depth) for r in data):
                raise SourceCorrupt(self.display_name, _too_deep_message(self.limits.json_max_depth))
            self._cache["records"] = data
        return self._cache["records"]

    @property
    def skipped_lines(self) -> list[int]:
        """Numbers of the lines skipped because they are not JSON (seen by the last full read)."""
        return list(self._cache.get("bad_lines", []))

    def partial_reason(self) -> str | None:
        bad = self.skipped_lines
        return f"{len(bad)} line(s) not JSON, skipped: {_line_list(bad)}" if bad else None

    def _iter_lines(self, chunk_rows: int) -> Iterator[list[Any]]:
        """Parsed lines in batches. A line that is not JSON is counted and skipped (its number is
        kept and named in one note, never its content); a file whose first lines are at least half
        broken is not JSON Lines and is refused."""
        batch: list[Any] = []
        bad: list[int] = []
        good = 0
        judged = False
        with open(self.location, "rb") as fh:
            max_bytes = self.limits.max_line_bytes
            for lineno, raw in enumerate(_bounded_lines(fh, max_bytes), start=1):
                if lineno == 1 and raw is not None:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                line = raw.strip() if raw is not None else None
                if line is None:  # longer than the bound: never held whole, counted as broken
                    if not bad:
                        first = f"longer than {max_bytes:,} bytes"
                    bad.append(lineno)
                    continue
                if not line:
                    continue
                try:
                    record = json.loads(line)
                    if _depth_over(record, self.limits.json_max_depth):
                        raise RecursionError
                    batch.append(record)
                    good += 1
                except UnicodeDecodeError:
                    raise SourceCorrupt(
                        self.display_name, f"wrong encoding at line {lineno}: JSON must be UTF-8"
                    ) from None
                except (json.JSONDecodeError, RecursionError) as exc:
                    if not bad:
                        first = exc.msg if isinstance(exc, json.JSONDecodeError) else (
                            _too_deep_message(self.limits.json_max_depth)
                        )
                    bad.append(lineno)
                if not judged and good + len(bad) >= _TYPE_ROWS:
                    judged = True
                    self._refuse_if_mostly_broken(good, bad, first if bad else "")
                if len(batch) >= chunk_rows:
                    yield batch
                    batch = []
        if not judged:
            self._refuse_if_mostly_broken(good, bad, first if bad else "")
        if batch:
            yield batch
        self._cache["bad_lines"] = bad
        if bad and not self._cache.get("noted"):
            self._cache["noted"] = True  # once per file, not once per pass
            note_skipped_lines(self.display_name, self.partial_reason() or "")

    def _refuse_if_mostly_broken(self, good: int, bad: list[int], first: str) -> None:
        if bad and len(bad) >= good:
            raise SourceCorrupt(self.display_name, f"broken JSON Lines at {_line_list(bad)}: {first}")

    def _once(self) -> list[Any] | None:
        """A search's (``one_pass``) read of a JSON Lines file: every record parsed once and kept
        for the catalogue, the sample and every round (each round parsed the file again before)."""
        if not self.one_pass or not self._is_lines() or os.path.getsize(self.location) > _HELD_BYTES:
            return None
        if "once" not in self._cache:
            self._cache["once"] = [r for batch in self._iter_lines(DEFAULT_CHUNK_ROWS) for r in batch]
        return self._cache["once"]

    def _head(self) -> pd.DataFrame:
        if "head" not in self._cache:
            if (once := self._once()) is not None:
                self._cache["head"] = _flatten(once[:_TYPE_ROWS], self.display_name)
            elif self._is_lines():
                first = next(self._iter_lines(_TYPE_ROWS), [])
                self._cache["head"] = _flatten(first, self.display_name)
            else:
                self._cache["head"] = _flatten(self._records()[:_TYPE_ROWS], self.display_name)
        return self._cache["head"]

    def tables(self) -> list[TableInfo]:
        if "tables" not in self._cache:
            head = self._head()
            if (once := self._once()) is not None:
                count = len(once) + len(self.skipped_lines)  # the lines read, parsed or not
            elif self._is_lines():
                with open(self.location, "rb") as fh:
                    lines = _bounded_lines(fh, self.limits.max_line_bytes)
                    count = sum(1 for line in lines if line is None or line.strip())
            else:
                count = len(self._records())
            columns = tuple(Column(str(c), str(head[c].dtype)) for c in head.columns)
            self._cache["tables"] = [TableInfo(self.table_name, "file", columns, count, True)]
        return self._cache["tables"]

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        self._check_table(table)
        if (once := self._once()) is not None:
            flat = self._cache.setdefault(("flat", chunk_rows), {})  # each round's chunks, flattened once
            for i in range(0, len(once), chunk_rows):
                if i not in flat:
                    flat[i] = _flatten(once[i : i + chunk_rows], self.display_name)
                yield flat[i].copy(deep=False)  # select renumbers a chunk's index in place
        elif self._is_lines():
            for batch in self._iter_lines(chunk_rows):
                yield _flatten(batch, self.display_name)
        else:
            records = self._records()
            for i in range(0, len(records), chunk_rows):
                yield _flatten(records[i : i + chunk_rows], self.display_name)

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        self._check_table(table)
        rng = np.random.default_rng(seed)
        if not self._is_lines():
            records = self._records()
            if len(records) > n:
                keep = np.sort(rng.choice(len(records), size=n, replace=False))
                records = [records[i] for i in keep]
            return _flatten(records, self.display_name)
        size = os.path.getsize(self.location)
        if (once := self._once()) is not None or size <= _SMALL_LINES_FILE:
            lines = once if once is not None else [r for b in self._iter_lines(DEFAULT_CHUNK_ROWS) for r in b]
            if len(lines) > n:
                lines = [lines[i] for i in np.sort(rng.choice(len(lines), size=n, replace=False))]
            return _flatten(lines, self.display_name)
        return _flatten(self._sample_offsets(n, rng, size), self.display_name)

    def _sample_offsets(self, n: int, rng: np.random.Generator, size: int) -> list[Any]:
        """One line after each of n sorted random byte offsets (a record per line)."""
        out: list[Any] = []
        seen: set[int] = set()
        with open(self.location, "rb") as fh:
            for offset in np.sort(rng.choice(size, size=min(n, size), replace=False)):
                fh.seek(int(offset))
                fh.readline()  # resync: skip the partial line
                if fh.tell() in seen:  # two offsets in one line: take it once
                    continue
                seen.add(fh.tell())
                line = fh.readline().strip()
                if line and _parses(line):
                    out.append(json.loads(line))
        return out


def _bounded_lines(fh: Any, max_bytes: int) -> Iterator[bytes | None]:
    """The file's lines; None for a line longer than ``max_bytes``, read past in bounded pieces."""
    while raw := fh.readline(max_bytes + 2):
        if len(raw.rstrip(b"\r\n")) > max_bytes:
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield None
        else:
            yield raw


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except (ValueError, RecursionError):
        return False


def note_skipped_lines(source: str, what: str) -> None:
    NOTES.warning("%s: %s", source, what)
