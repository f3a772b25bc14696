"""What every file connector shares: table naming, existence checks, fingerprints, encoding detection
and the vectorized pandas filters used by ``select`` on files.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pii_scan.connectors.base import DEFAULT_CHUNK_ROWS, Connector, Filter
from pii_scan.errors import SourceCorrupt, SourceNotFound

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # imported on first use: a small file on the light path never needs them
    from pii_scan._lazy import lazy_module

    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["FileConnector", "detect_encoding", "filter_mask", "apply_filters", "as_text"]

# Enough text to judge the encoding without reading a large file whole.
_ENCODING_PROBE = 4 * 1024 * 1024


def detect_encoding(path: str, source: str, probe: int = _ENCODING_PROBE) -> str:
    """UTF-8 with BOM, UTF-8, else cp1252 (Belgian/Dutch Excel exports); anything else is corrupt.

    Only the first ``probe`` bytes are checked; a later bad byte is reported when it is read.
    """
    with open(path, "rb") as fh:
        head = fh.read(probe)
        at_end = not fh.read(1)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise SourceCorrupt(
            source, "wrong encoding: looks like UTF-16 or binary data, expected UTF-8 or cp1252"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=at_end)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as exc:
        raise SourceCorrupt(
            source, f"wrong encoding: neither UTF-8 nor cp1252 (byte 0x{head[exc.start]:02x} at {exc.start})"
        ) from None


def as_text(series: pd.Series) -> pd.Series:
    """A column as strings for matching: whole floats lose their ``.0``, missing values stay missing."""
    if pd.api.types.is_float_dtype(series.dtype):
        whole = series.dropna()
        if len(whole) and bool(np.all(np.mod(whole.to_numpy(), 1) == 0)):
            series = series.astype("Int64")
    return series.astype("string")


_NON_DIGITS = re.compile(r"\D")


def filter_mask(frame: pd.DataFrame, flt: Filter, source: str) -> pd.Series:
    """Boolean mask of the rows matching one filter, with vectorized string operations."""
    if flt.column not in frame.columns:
        raise SourceNotFound(source, f"no column {flt.column!r}")
    text = as_text(frame[flt.column])
    values = [v for v in flt.values if v != ""]
    if not values:
        return pd.Series(False, index=frame.index)
    if flt.op == "equals":
        mask = text.isin(values)
    elif flt.op == "equals_ci":
        mask = text.str.lower().isin([v.lower() for v in values])
    elif flt.op == "digits_suffix":
        digits = tuple(d for d in (_NON_DIGITS.sub("", v) for v in values) if d)
        stripped = text.str.replace(r"\D", "", regex=True)
        if not digits:
            return pd.Series(False, index=frame.index)
        mask = stripped.str.endswith(digits)
    elif flt.op == "contains_ci":
        lowered = text.str.lower()
        mask = pd.Series(False, index=frame.index)
        for v in values:
            mask |= lowered.str.contains(v.lower(), regex=False).fillna(False).astype(bool)
    else:
        raise ValueError(f"unknown filter op {flt.op!r}")
    return mask.fillna(False).astype(bool)


def apply_filters(frame: pd.DataFrame, filters: Sequence[Filter], source: str) -> pd.DataFrame:
    """Rows of ``frame`` matching any filter (OR)."""
    mask = pd.Series(False, index=frame.index)
    for flt in filters:
        mask |= filter_mask(frame, flt, source)
    return frame[mask]


class FileConnector(Connector):
    """A connector reading one file. Table names are relative to ``root`` when a directory is scanned.

    ``one_pass``: a subject search filters every row of a file, round after round, so the file is
    read once (in memory where it fits) and the catalogue, samples and every ``select`` answer from
    that read. A scan leaves it off: it samples and never reads a large file whole."""

    one_pass = False

    def __init__(self, location: str, root: str | None = None, **options: Any) -> None:
        super().__init__(location, **options)
        self.root = root
        if not os.path.isfile(location):
            raise SourceNotFound(location, "no such file")
        self._cache: dict[str, Any] = {}

    # Caches (open workbooks, parsed JSON) are per process: a pickled connector starts clean.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    @property
    def table_name(self) -> str:
        if self.root:
            rel = os.path.relpath(self.location, self.root)
            if not rel.startswith(".."):
                return rel.replace(os.sep, "/")
        return os.path.basename(self.location)

    def _check_table(self, table: str) -> None:
        if table != self.table_name:
            raise SourceNotFound(self.display_name, f"no table {table!r}")

    def fingerprint(self, table: str) -> dict[str, Any]:
        self._check_table(table)
        return file_fingerprint(self.location)

    def select(
        self, table: str, filters: Sequence[Filter], chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> Iterator[pd.DataFrame]:
        # Check the columns once up front so a wrong column fails even on an empty file.
        names = set(self.table(table).column_names)
        for flt in filters:
            if flt.column not in names:
                raise SourceNotFound(self.display_name, f"no column {flt.column!r} in {table!r}")
        cached = self._lookup_table(table)
        if cached is not None:  # read once, every round of a search answered on it
            from pii_scan.connectors.arrow_filter import select_rows

            hit = select_rows(cached, filters)
            if len(hit):
                yield hit
            return
        streamed = self._stream_select(table, filters)
        if streamed is not None:  # too large to hold: one vectorized pass, block by block
            if len(streamed):
                yield streamed
            return
        offset = 0
        for chunk in self.iter_rows(table, chunk_rows):
            # the index is the row's 0-based position in the file: a subject search names file rows
            # by position, never by their values
            chunk.index = pd.RangeIndex(offset, offset + len(chunk))
            offset += len(chunk)
            hit = apply_filters(chunk, filters, self.display_name)
            if len(hit):
                yield hit

    def _lookup_table(self, table: str) -> Any:
        """The whole table in memory for ``select`` (a pyarrow Table), or None to stream chunks."""
        return None

    def _stream_select(self, table: str, filters: Sequence[Filter]) -> pd.DataFrame | None:
        """Every row matching ``filters`` from one vectorized streaming pass, or None for chunks."""
        return None

    def close(self) -> None:
        self._cache.clear()


def file_fingerprint(path: str) -> dict[str, Any]:
    """Size, mtime and a streamed SHA-256 of the content."""
    st = os.stat(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest.hexdigest()}
