"""Careful CSV reading: record by record, so one bad row costs one row, not the file.

The fast path (pandas' C parser) stops at the first undecodable byte or unclosed quote and has no
bound on a line's length. This reader is used instead when that happens (or when a file holds a line
longer than ``max_line_bytes``): it reads physical lines with a bounded ``readline``, decodes each on
its own and gives every record to ``csv`` separately. A record that fails (undecodable bytes, a line
too long, more fields than the header, a quote that never closes) is reported by its line number,
never its content, and the reader goes on with the next line.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import numpy as np
else:  # imported on first use: a small file on the light path never needs them
    from pii_scan._lazy import lazy_module

    np = lazy_module("numpy")


__all__ = ["BadLines", "careful_records", "long_line_numbers", "line_list"]

MAX_RECORD_LINES = 10_000  # a quoted field spanning more lines than this is taken as an unclosed quote
_SHOWN = 10


@dataclass
class BadLines:
    """Line numbers of the records skipped, and the reason of the first one."""

    lines: list[int] = field(default_factory=list)
    first_reason: str = ""
    judged: bool = False  # whether the file was judged on its first records (once per pass)

    def add(self, line: int, reason: str) -> None:
        if not self.lines:
            self.first_reason = reason
        self.lines.append(line)


def line_list(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:_SHOWN])
    more = f" and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def long_line_numbers(fh: BinaryIO, max_bytes: int, block: int = 8 << 20) -> list[int]:
    """1-based numbers of the lines longer than ``max_bytes`` (vectorised newline scan, ~1 s/GB)."""
    out: list[int] = []
    line, last_nl, base = 1, -1, 0  # last_nl: absolute offset of the last newline seen
    while chunk := fh.read(block):
        nl = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10) + base
        if len(nl):
            starts = np.concatenate(([last_nl + 1], nl[:-1] + 1))
            lengths = nl - starts  # without the newline itself
            for i in np.flatnonzero(lengths > max_bytes):
                out.append(line + int(i))
            line += len(nl)
            last_nl = int(nl[-1])
        base += len(chunk)
    if base - (last_nl + 1) > max_bytes:
        out.append(line)
    return out


def _physical_lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per physical line; None for a line longer than ``max_bytes``, which is
    read past in bounded pieces and never held whole."""
    number = 0
    while raw := fh.readline(max_bytes + 2):
        number += 1
        if len(raw.rstrip(b"\r\n")) > max_bytes:
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield number, None
        else:
            yield number, raw


def careful_records(
    fh: BinaryIO, encoding: str, delimiter: str, width: int, max_bytes: int, bad: BadLines
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of every record after the header; bad records go to ``bad``.

    Records with fewer fields than ``width`` are kept (pandas pads them), empty fields past it
    dropped; blank lines are skipped."""
    lines = _physical_lines(fh, max_bytes)
    queue: deque[tuple[int, str | None, str]] = deque()  # lines given back after a broken record
    pending: list[tuple[int, str]] = []
    pending_bytes = 0
    first_enc = encoding
    inner = "utf-8" if encoding.lower().replace("_", "-") == "utf-8-sig" else encoding

    def next_line() -> tuple[int, str | None, str] | None:
        """(number, text, reason): text None for a line that is too long or undecodable."""
        if queue:
            return queue.popleft()
        for number, raw in lines:
            if raw is None:
                return number, None, f"longer than {max_bytes:,} bytes"
            try:
                return number, raw.decode(first_enc if number == 1 else inner), ""
            except UnicodeDecodeError:
                return number, None, f"not valid {inner}"
        return None

    def broken(reason: str) -> None:
        nonlocal pending, pending_bytes
        bad.add(pending[0][0], reason)
        queue.extendleft(reversed([(n, t, "") for n, t in pending[1:]]))
        pending, pending_bytes = [], 0

    header_seen = False
    while True:
        item = next_line()
        if item is None:
            if not pending:
                return
            broken("a quote that never closes")  # at the end: the lines after it are records again
            continue
        number, text, reason = item
        if text is None:
            if pending:
                broken("a quoted field cut by a bad line")
            bad.add(number, reason)
            continue
        pending.append((number, text))
        pending_bytes += len(text)
        if len(pending) > 1 and '"' not in text:  # still inside a quoted field
            if len(pending) > MAX_RECORD_LINES or pending_bytes > max_bytes:
                broken("a quote that never closes")
            continue
        joined = "".join(t for _, t in pending)
        try:
            records = list(csv.reader(io.StringIO(joined, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):  # the quoted field goes on: read on
                if len(pending) > MAX_RECORD_LINES or pending_bytes > max_bytes:
                    broken("a quote that never closes")
                continue
            # stray quotes: read leniently, as the fast parser does
            records = list(csv.reader(io.StringIO(joined, newline=""), delimiter=delimiter))
        start = pending[0][0]
        pending, pending_bytes = [], 0
        for rec in records:
            if not rec:
                continue
            if not header_seen:
                header_seen = True
                continue
            if len(rec) > width:
                if any(rec[width:]):
                    bad.add(start, f"{len(rec)} fields, the header has {width}")
                    continue
                rec = rec[:width]  # trailing separators (spreadsheet exports): nothing lost
            yield start, rec
