"""Plain text and Markdown files: one ``document`` table with a single pseudo-column ``text``."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Column, TableInfo
from pii_scan.connectors.filebase import FileConnector, detect_encoding
from pii_scan.errors import SourceCorrupt

__all__ = ["TextConnector"]


class TextConnector(FileConnector):
    """A letter, a note, a Markdown page: read whole (documents are small), encoding detected."""

    source_type = "text"

    def tables(self) -> list[TableInfo]:
        return [TableInfo(self.table_name, "document", (Column("text", "text"),), 1, True)]

    def read_document(self, table: str) -> str:
        self._check_table(table)
        if "text" not in self._cache:
            enc = self.options.get("encoding") or detect_encoding(self.location, self.display_name)
            try:
                with open(self.location, encoding=enc, newline="") as fh:
                    self._cache["text"] = fh.read()
            except UnicodeDecodeError as exc:
                raise SourceCorrupt(
                    self.display_name, f"wrong encoding: not valid {enc} ({exc.reason})"
                ) from None
        return self._cache["text"]

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        return pd.DataFrame({"text": [self.read_document(table)]})

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        yield pd.DataFrame({"text": [self.read_document(table)]})
