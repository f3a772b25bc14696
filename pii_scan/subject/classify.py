"""Field categories for the subject's package from discovery (``pii_scan.discovery``).

The search itself locates identifiers from headers and a small sample; that says nothing about a
free-text note that tells of a hospital stay. For the package, discovery classifies each table that
holds the subject's records, once per table and run (a sample: its cost does not grow with the table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pii_scan.connectors.base import Connector
from pii_scan.errors import PiiScanError

if TYPE_CHECKING:
    from pii_scan.subject.links import TableRef

__all__ = ["classify_tables", "merge_categories"]

Classified = dict[str, tuple[str, tuple[str, ...]]]  # column -> (main category, every category)


def classify_tables(
    connectors: Sequence[Connector], refs: set[TableRef], notes: list[str], sample: int = 1000
) -> dict[TableRef, Classified]:
    """Discovery's (category, categories) per column of each table in ``refs``; documents are left to
    the search (a line is classified by what it mentions, not by the whole letter)."""
    from pii_scan.discovery import ScanOptions, scan_connector_table

    options = ScanOptions(sample=sample)
    out: dict[TableRef, Classified] = {}
    for ref in sorted(refs, key=lambda r: (r.conn, r.name)):
        try:
            fields = scan_connector_table(connectors[ref.conn], ref.name, options)
        except Exception as exc:  # noqa: BLE001 - the records are there; only their labels are coarser
            msg = str(exc) if isinstance(exc, PiiScanError) else type(exc).__name__
            notes.append(f"{ref.name}: categories from column names only (discovery failed: {msg})")
            continue
        out[ref] = {
            f.column: (f.category, tuple(dict.fromkeys((f.category, *f.categories))))
            for f in fields
            if f.column is not None
        }
    return out


def merge_categories(
    located: Mapping[str, str], discovered: Classified | None
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Main category per column (discovery's; the search's where discovery saw nothing personal) and
    every category per column."""
    main = dict(located)
    every: dict[str, list[str]] = {}
    for col, (cat, cats) in (discovered or {}).items():
        if cat != "none" or main.get(col, "none") == "none":
            main[col] = cat
        every[col] = [c for c in dict.fromkeys((main[col], *cats)) if c != "none"] or ["none"]
    return main, every
