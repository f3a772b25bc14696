"""Plain text and Markdown files: one ``document`` table with a single pseudo-column ``text``.

Cost is bounded per document: discovery reads a sample of at most ``limits.text_budget_bytes``
(the head and evenly spaced windows, cut on line boundaries), like a table sample; a subject
search streams the whole document in pieces of whole lines.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator

import pandas as pd

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Column, TableInfo
from pii_scan.connectors.filebase import FileConnector, detect_encoding
from pii_scan.errors import SourceCorrupt

__all__ = ["TextConnector", "DOCUMENT_CHUNK_BYTES", "SAMPLE_WINDOWS"]

DOCUMENT_CHUNK_BYTES = 1 << 20
SAMPLE_WINDOWS = 12  # windows after the head: spread enough to meet every part of a long file
_LONG_LINE_CHUNKS = 8  # a line longer than 8 chunks is cut (its number stays right)
_LINE_ENDS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _trim_window(block: bytes, at_start: bool, at_end: bool) -> bytes:
    """A window cut to whole lines (or whole words, in a file without line breaks)."""
    for sep in (b"\n", b" "):
        first = 0 if at_start else block.find(sep) + 1
        last = len(block) if at_end else block.rfind(sep) + 1
        if 0 < last - first and (first > 0 or at_start) and (last > 0 or at_end):
            return block[first:last]
    # no separator at all: drop UTF-8 continuation bytes at the edges (cp1252 has none to lose)
    start = 0
    while start < len(block) and 0x80 <= block[start] < 0xC0 and start < 4:
        start += 1
    return block[start:]


class TextConnector(FileConnector):
    """A letter, a note, a Markdown page: encoding detected, read within bounds."""

    source_type = "text"

    def tables(self) -> list[TableInfo]:
        return [TableInfo(self.table_name, "document", (Column("text", "text"),), 1, True)]

    def _encoding(self) -> str:
        if "encoding" not in self._cache:
            self._cache["encoding"] = self.options.get("encoding") or detect_encoding(
                self.location, self.display_name
            )
        return self._cache["encoding"]

    def _wrong_encoding(self, exc: UnicodeDecodeError, offset: int) -> SourceCorrupt:
        return SourceCorrupt(
            self.display_name,
            f"wrong encoding: not valid {self._encoding()} ({exc.reason} at byte {offset + exc.start:,})",
        )

    def read_document(self, table: str) -> str:
        self._check_table(table)
        return "".join(piece for _, piece in self.iter_document(table))

    def iter_document(
        self, table: str, chunk_bytes: int = DOCUMENT_CHUNK_BYTES
    ) -> Iterator[tuple[int, str]]:
        """The whole document in pieces of whole lines, decoded incrementally (memory ~ a piece)."""
        self._check_table(table)
        decoder = codecs.getincrementaldecoder(self._encoding())(errors="strict")
        line, pending, offset = 1, "", 0
        with open(self.location, "rb") as fh:
            while block := fh.read(chunk_bytes):
                try:
                    text = pending + decoder.decode(block)
                except UnicodeDecodeError as exc:
                    raise self._wrong_encoding(exc, offset) from None
                offset += len(block)
                cut = text.rfind("\n") + 1
                if cut == 0 and len(text) < _LONG_LINE_CHUNKS * chunk_bytes:
                    pending = text
                    continue
                piece, pending = (text[:cut], text[cut:]) if cut else (text, "")
                yield line, piece
                line += _lines_in(piece)
            try:
                tail = pending + decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                raise self._wrong_encoding(exc, offset) from None
        if tail:
            yield line, tail

    def sample_document(self, table: str, budget_bytes: int | None = None) -> tuple[list[str], bool]:
        """The head (a quarter of the budget) and ``SAMPLE_WINDOWS`` evenly spaced windows; the
        whole text when the file fits the budget. Undecodable bytes in a window become U+FFFD."""
        self._check_table(table)
        budget = int(budget_bytes or self.limits.text_budget_bytes)
        size = os.path.getsize(self.location)
        if size <= budget:
            return [self.read_document(table)], True
        enc = self._encoding()
        inner = "utf-8" if enc == "utf-8-sig" else enc
        head_bytes = budget // 4
        window = (budget - head_bytes) // SAMPLE_WINDOWS
        span = (size - head_bytes) / SAMPLE_WINDOWS
        pieces = []
        with open(self.location, "rb") as fh:
            head = _trim_window(fh.read(head_bytes), at_start=True, at_end=False)
            pieces.append(head.decode(enc, errors="replace"))
            for i in range(SAMPLE_WINDOWS):
                start = head_bytes + int(i * span + max(0.0, span - window) / 2)
                fh.seek(start)
                block = fh.read(window)
                at_end = start + len(block) >= size
                pieces.append(_trim_window(block, at_start=False, at_end=at_end).decode(inner, "replace"))
        return [p for p in pieces if p], False

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        pieces, _ = self.sample_document(table)
        return pd.DataFrame({"text": ["\n\n".join(pieces)]})

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        yield pd.DataFrame({"text": [self.read_document(table)]})


def _lines_in(piece: str) -> int:
    """Lines a piece moves the count on: ``str.splitlines`` breaks, less one if the piece was cut
    inside a line (the next piece goes on with it)."""
    n = len(piece.splitlines())
    return n if piece.endswith(_LINE_ENDS) else max(0, n - 1)
