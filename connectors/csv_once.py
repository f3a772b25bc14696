"""The one-pass half of the CSV connector: a subject search (``one_pass``) reads the file once with
pyarrow (:mod:`pii_scan.connectors.arrow_filter`) and the catalogue, samples and selects answer from
that read; a file over the memory bound is filtered in one streaming pass per round. Where pyarrow
cannot read a file as pandas does, every method here gives None and the pandas reader goes on."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pii_scan.connectors.base import Filter
from pii_scan.connectors.filebase import FileConnector

if TYPE_CHECKING:  # annotations only
    import pandas as pd

__all__ = ["OnePassCsv"]


class OnePassCsv(FileConnector):
    """Base of ``DelimitedConnector``, which gives the dialect, the header and the line bounds."""

    def _dialect(self) -> tuple[str, str]:
        raise NotImplementedError

    def _head(self) -> pd.DataFrame:
        raise NotImplementedError

    def _needs_care(self) -> bool:
        raise NotImplementedError

    def _max_line_bytes(self) -> int:
        raise NotImplementedError

    def _arrow_plan(self) -> tuple[list[str], int] | None:
        """(columns, block size) where pyarrow may read this file as pandas would, else None. A
        record must fit in a block, so pyarrow refuses the lines the careful reader would skip; only
        a ``max_line_bytes`` below pyarrow's block needs the scan for long lines first."""
        from pii_scan.connectors import arrow_filter

        if "columns" not in self._cache:
            self._head()
        columns = self._cache.get("columns") or []
        if not columns or self._cache.get("wide_first_row"):
            return None
        limit = self._max_line_bytes()
        if limit < arrow_filter.MIN_BLOCK_BYTES and self._needs_care():
            return None
        return columns, max(limit, arrow_filter.MIN_BLOCK_BYTES)

    def _lookup_table(self, table: str) -> Any:
        from pii_scan.connectors import arrow_filter

        if "arrow" not in self._cache:
            self._cache["arrow"] = None
            plan = self._arrow_plan()
            if plan is not None and os.path.getsize(self.location) <= arrow_filter.MAX_CACHED_BYTES:
                enc, delim = self._dialect()
                headerless = bool(self._cache.get("headerless"))
                read = arrow_filter.read_table(self.location, plan[0], enc, delim, headerless, plan[1])
                self._cache["arrow"] = arrow_filter.ArrowRows(read) if read is not None else None
        return self._cache["arrow"]

    def _once(self) -> Any:
        """The file as read once for a search (``one_pass``), or None."""
        return self._lookup_table(self.table_name) if self.one_pass else None

    def _stream_select(self, table: str, filters: Sequence[Filter]) -> pd.DataFrame | None:
        from pii_scan.connectors import arrow_filter

        if os.path.getsize(self.location) <= arrow_filter.MAX_CACHED_BYTES or self._cache.get("no_stream"):
            return None  # held whole where it fits (_lookup_table); a failed stream is not tried again
        plan = self._arrow_plan()
        if plan is None:
            return None
        enc, delim = self._dialect()
        headerless = bool(self._cache.get("headerless"))
        hits = arrow_filter.stream_select(self.location, plan[0], enc, delim, filters, headerless, plan[1])
        self._cache["no_stream"] = hits is None
        return hits
