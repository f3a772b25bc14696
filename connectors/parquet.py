"""Parquet files through pyarrow: row count from the footer, sampling by row groups, batched reading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Column, TableInfo
from pii_scan.connectors.filebase import FileConnector
from pii_scan.errors import SourceCorrupt

__all__ = ["ParquetConnector"]


class ParquetConnector(FileConnector):
    """One Parquet file = one table."""

    source_type = "parquet"

    def _file(self) -> pq.ParquetFile:
        if "file" not in self._cache:
            try:
                self._cache["file"] = pq.ParquetFile(self.location)
            except (pa.ArrowInvalid, OSError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise SourceCorrupt(self.display_name, f"unreadable Parquet file: {reason}") from None
        return self._cache["file"]

    def tables(self) -> list[TableInfo]:
        pf = self._file()
        schema = pf.schema_arrow
        columns = tuple(Column(f.name, str(f.type), f.nullable) for f in schema)
        return [TableInfo(self.table_name, "file", columns, pf.metadata.num_rows, True)]

    def _unreadable(self, exc: BaseException) -> SourceCorrupt:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return SourceCorrupt(self.display_name, f"unreadable Parquet data: {reason}")

    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        self._check_table(table)
        try:
            for batch in self._file().iter_batches(batch_size=chunk_rows):
                yield batch.to_pandas()
        except (pa.ArrowException, OSError) as exc:  # a damaged page behind a good footer
            raise self._unreadable(exc) from None

    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        """Whole row groups picked at random until about 2n rows, then n rows among them."""
        self._check_table(table)
        pf = self._file()
        rng = np.random.default_rng(seed)
        groups = list(rng.permutation(pf.num_row_groups))
        chosen: list[int] = []
        rows = 0
        for g in groups:
            chosen.append(int(g))
            rows += pf.metadata.row_group(int(g)).num_rows
            if rows >= 2 * n:
                break
        if not chosen:
            return pf.schema_arrow.empty_table().to_pandas()
        try:
            frame = pf.read_row_groups(sorted(chosen)).to_pandas()
        except (pa.ArrowException, OSError) as exc:
            raise self._unreadable(exc) from None
        if len(frame) > n:
            frame = frame.iloc[np.sort(rng.choice(len(frame), size=n, replace=False))]
        return frame.reset_index(drop=True)

    def close(self) -> None:
        pf: Any = self._cache.pop("file", None)
        if pf is not None:
            pf.close()
        super().close()
