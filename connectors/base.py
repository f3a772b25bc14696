"""The one small interface every source sits behind.

A connector reads one source (a file, a workbook, a database) and exposes its tables. All inputs and
results are plain, picklable values (dataclasses of str/int/tuples, pandas DataFrames) so that a unit
of work (one table) can run in another process or on a Dask worker.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    import pandas as pd
else:  # imported on first use: a small file on the light path never needs them
    from pii_scan._lazy import lazy_module

    pd = lazy_module("pandas")


__all__ = [
    "Column",
    "ForeignKey",
    "TableInfo",
    "Filter",
    "Connector",
    "DEFAULT_CHUNK_ROWS",
    "Part",
    "PartHits",
]

DEFAULT_CHUNK_ROWS = 50_000

TableKind = Literal["table", "view", "sheet", "file", "document"]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a readable type name: "INTEGER", "VARCHAR(50)", "object", "datetime64[ns]", ...
    nullable: bool = True


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table point at ``ref_columns`` of ``ref_table`` (qualified name)."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    inferred: bool = False  # True when guessed from names and confirmed on values, not declared


@dataclass(frozen=True)
class TableInfo:
    """One table of a source: a SQL table or view, a workbook sheet, a data file, or a document.

    ``name`` is what users and outputs call it: the schema-qualified SQL name when the schema is not
    the default one, the sheet name for a workbook, the file name (relative to the scanned root)
    for other files. Documents have a single pseudo-column ``text``.
    """

    name: str
    kind: TableKind
    columns: tuple[Column, ...]
    row_count: int | None
    row_count_exact: bool = True
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    schema: str | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


FilterOp = Literal["equals", "equals_ci", "digits_suffix", "contains_ci"]


@dataclass(frozen=True)
class Filter:
    """Rows whose ``column`` matches one of ``values``; several filters on one call are OR-ed.

    - ``equals``: exact equality (SQL ``IN`` with bound parameters: index friendly).
    - ``equals_ci``: case-insensitive equality (values given lower-case).
    - ``digits_suffix``: the column's digits (all punctuation and spaces removed) end with one of the
      values (digit strings); for phone, national and account numbers stored in any notation.
    - ``contains_ci``: case-insensitive substring, for mentions in free text.

    Connectors push these down (SQL ``WHERE``) or apply them vectorized chunk by chunk; callers
    confirm candidates in Python with the exact normalisation.
    """

    column: str
    op: FilterOp
    values: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One chunk of a large table, as a connector splits it (``Connector.parts``): rows with
    ``lo <= column < hi`` of an integer key (``kind="key"``), or the records starting in bytes
    ``[lo, hi)`` of a file (``kind="bytes"``). ``None`` is an open end: the first and last parts
    also hold rows written after the split. Plain and picklable: it travels in a task."""

    kind: Literal["key", "bytes"]
    lo: int | None
    hi: int | None
    column: str = ""  # the key column (SQLite's rowid under a free alias); "" for bytes


@dataclass
class PartHits:
    """What ``select_part`` found: the matching rows (index: 0-based position within the part for
    files), the rows the part holds (files; 0 for databases) and whether the part was read exactly
    as the whole table would be (False: the caller searches the table unsplit instead)."""

    frames: list[pd.DataFrame]
    rows: int = 0
    clean: bool = True


class Connector(ABC):
    """Base class: one instance reads one source, read-only.

    Subclasses set ``source_type`` and are listed in ``pii_scan.connectors.registry.REGISTRY``.
    """

    source_type: ClassVar[str]

    def __init__(self, location: str, **options: Any) -> None:
        from pii_scan.limits import current_limits

        self.location = location
        self.options = options
        self.limits = current_limits()  # taken now: a pickled connector keeps its bounds

    # -- identity -------------------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        """The source as shown to people: the path, or the URL with its password masked."""
        return self.location

    # -- catalogue ------------------------------------------------------------------------------
    @abstractmethod
    def tables(self) -> list[TableInfo]:
        """Every table of the source, with columns, row counts and keys."""

    def table(self, name: str) -> TableInfo:
        for t in self.tables():
            if t.name == name:
                return t
        from pii_scan.errors import SourceNotFound

        raise SourceNotFound(self.display_name, f"no table {name!r}")

    # -- reading --------------------------------------------------------------------------------
    @abstractmethod
    def sample(self, table: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
        """About ``n`` rows spread over the table, without reading a large table whole."""

    def sample_columns(self, table: str, n: int = 1000, seed: int = 0) -> tuple[dict[Any, list[Any]], int]:
        """``sample`` as plain lists (column label -> values) and its row count: what discovery reads.
        A connector that can give them without a DataFrame (small CSV files) overrides this."""
        df = self.sample(table, n, seed)
        return {c: df[c].tolist() for c in df.columns}, len(df)

    @abstractmethod
    def iter_rows(self, table: str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """All rows, in chunks, with memory bounded by the chunk size."""

    @abstractmethod
    def select(
        self, table: str, filters: Sequence[Filter], chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> Iterator[pd.DataFrame]:
        """Rows matching any of ``filters``: pushed down to SQL, vectorized chunk by chunk for files."""

    def parts(self, table: str, rows_per_part: int) -> list[Part] | None:
        """The table in parts of about ``rows_per_part`` rows, or None: not worth it (a smaller
        table) or not supported by this connector (then the table is one unit)."""
        return None

    def select_part(
        self, table: str, filters: Sequence[Filter], part: Part, chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> PartHits:
        """``select`` on one part: the parts' hits together are the table's, in its order."""
        raise NotImplementedError(f"{self.source_type} tables are not split")

    def unreadable(self) -> dict[str, str]:
        """Objects of the source that exist but cannot be read (a broken view): name -> reason."""
        return {}

    def row_position(self, table: str, key: dict[str, Any]) -> int | None:
        """1-based position of the row with primary ``key`` in key order, where the source can say."""
        return None

    def read_document(self, table: str) -> str:
        """The whole text of a document table (text and Markdown files)."""
        raise NotImplementedError(f"{self.source_type} sources hold no documents")

    def iter_document(self, table: str, chunk_bytes: int = 1 << 20) -> Iterator[tuple[int, str]]:
        """A document in pieces of whole lines: (1-based number of the piece's first line, text).

        Memory stays about ``chunk_bytes``; the pieces joined give the whole text."""
        yield 1, self.read_document(table)

    def sample_document(self, table: str, budget_bytes: int) -> tuple[list[str], bool]:
        """Pieces of a document within ``budget_bytes`` (head and evenly spaced windows, cut on line
        boundaries), and whether they are the whole document."""
        text = self.read_document(table)
        return [text[:budget_bytes]], len(text) <= budget_bytes

    # -- change detection -----------------------------------------------------------------------
    def fingerprint(self, table: str) -> dict[str, Any]:
        """Cheap facts that change when the table changes (file size/mtime/hash; schema and row count).

        Used by incremental sweeps to skip unchanged tables. Never holds personal values.
        """
        info = self.table(table)
        return {
            "columns": [[c.name, c.type] for c in info.columns],
            "row_count": info.row_count,
        }

    def partial_reason(self) -> str | None:
        """Why the last read skipped part of the source (e.g. unparseable lines), else None."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and file handles."""

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class SourceSpec:
    """A configured or command-line source: a path, glob, directory or SQLAlchemy URL."""

    location: str
    name: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
