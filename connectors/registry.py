"""Explicit registry from source type to connector class, and resolution of a source location.

A location is a SQLAlchemy URL, a ``.sqlite``/``.db`` path (SQLite), a file, a directory (scanned
recursively) or a glob. One location can give several connectors (a directory of files).
"""

from __future__ import annotations

import glob
import importlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from pii_scan.connectors.base import Connector
from pii_scan.connectors.walk import FOLLOW_SYMLINKS, note_skipped, special_kind, suffix_in, walk_files
from pii_scan.errors import SourceNotFound, UnsupportedSource
from pii_scan.masking import mask_url

__all__ = ["REGISTRY", "EXTENSIONS", "connector_for", "open_source", "is_url"]



class _Registry(Mapping[str, type[Connector]]):
    """source type -> class, each connector module imported when its type is first asked for: a scan
    of CSV files never imports SQLAlchemy or openpyxl."""

    def __init__(self, classes: dict[str, str]) -> None:
        self._classes = classes

    def __getitem__(self, kind: str) -> type[Connector]:
        module, name = self._classes[kind].split(":")
        cls: type[Connector] = getattr(importlib.import_module(f"pii_scan.connectors.{module}"), name)
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


# source type -> class. Add a connector here and in EXTENSIONS; nothing is discovered implicitly.
REGISTRY: Mapping[str, type[Connector]] = _Registry(
    {
        "csv": "delimited:DelimitedConnector",
        "json": "jsonfile:JsonConnector",
        "parquet": "parquet:ParquetConnector",
        "text": "text:TextConnector",
        "xlsx": "excel:XlsxConnector",
        "xls": "excel:XlsConnector",
        "sql": "sql:SqlConnector",
    }
)

# file suffix -> source type
EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".sqlite": "sql",
    ".sqlite3": "sql",
    ".db": "sql",
}


def is_url(location: str) -> bool:
    return "://" in location and not os.path.exists(location)


def connector_for(path: str, root: str | None = None) -> Connector:
    """The connector for one file; ``root`` makes table names relative to a scanned directory."""
    suffix = Path(path).suffix.lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        raise UnsupportedSource(path, f"no connector reads {suffix or 'files without a suffix'!r} files")
    cls = REGISTRY[kind]
    if kind == "sql":
        return cls(path)
    return cls(path, root=root)


def open_source(location: str, *, follow_symlinks: bool | None = None) -> list[Connector]:
    """All connectors for a location. Raises SourceNotFound when nothing is there.

    A directory is walked with ``find -xdev`` rules (``walk_files``): regular files only, symlinks
    followed only when ``follow_symlinks`` (default: the ``--follow-symlinks`` option), each skipped
    entry named in a one-line note. A location that is itself a FIFO or device is refused."""
    follow = FOLLOW_SYMLINKS.get() if follow_symlinks is None else follow_symlinks
    if is_url(location):
        return [REGISTRY["sql"](location)]
    if os.path.isdir(location):
        found = [
            connector_for(path, root=location)
            for path in walk_files(location, suffix_in(EXTENSIONS), follow_symlinks=follow)
        ]
        if not found:
            raise SourceNotFound(location, "no readable files in this directory")
        return found
    if os.path.lexists(location):
        try:
            st = os.stat(location)
        except OSError:
            raise SourceNotFound(location, "dangling symlink or symlink loop") from None
        kind = special_kind(st.st_mode)
        if kind is not None:  # opening a FIFO would block forever
            raise UnsupportedSource(location, kind)
        return [connector_for(location)]
    matches = sorted(glob.glob(location, recursive=True))
    if matches:
        root = os.path.commonpath([os.path.dirname(m) for m in matches]) if len(matches) > 1 else None
        conns = []
        for m in matches:
            if os.path.islink(m) and not follow:
                if Path(m).suffix.lower() in EXTENSIONS:
                    note_skipped(m, "symlink (not followed; use --follow-symlinks)")
            elif os.path.isfile(m):  # a regular file (FIFOs and devices are not)
                conns.append(connector_for(m, root=root))
            elif not os.path.isdir(m) and Path(m).suffix.lower() in EXTENSIONS:
                try:
                    note_skipped(m, special_kind(os.stat(m).st_mode) or "not a regular file")
                except OSError:
                    note_skipped(m, "dangling symlink or symlink loop")
        return conns
    raise SourceNotFound(mask_url(location), "no such file, directory or database URL")
