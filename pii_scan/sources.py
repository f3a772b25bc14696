"""Library call behind ``pii-scan sources``: what tables each source holds, as plain dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pii_scan.connectors import open_source
from pii_scan.connectors.base import Connector, TableInfo
from pii_scan.errors import PiiScanError
from pii_scan.masking import mask_url
from pii_scan.results import SourceFailure

__all__ = ["describe_sources", "describe_connector", "table_dict"]


def table_dict(info: TableInfo) -> dict[str, Any]:
    """One table as plain JSON-able data (public: ``pii-scan sources --format json``)."""
    return {
        "name": info.name,
        "kind": info.kind,
        "schema": info.schema,
        "row_count": info.row_count,
        "row_count_exact": info.row_count_exact,
        "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable} for c in info.columns],
        "primary_key": list(info.primary_key),
        "foreign_keys": [
            {"columns": list(fk.columns), "ref_table": fk.ref_table, "ref_columns": list(fk.ref_columns)}
            for fk in info.foreign_keys
        ],
    }


def describe_connector(conn: Connector) -> dict[str, Any]:
    return {
        "source": conn.display_name,
        "type": conn.source_type,
        "tables": [table_dict(t) for t in conn.tables()],
    }


def _failure(source: str, err: BaseException) -> SourceFailure:
    if isinstance(err, PiiScanError):
        message = str(err)
    else:  # unexpected: keep it to one line, type first
        first = next((s for s in str(err).splitlines() if s.strip()), "")
        message = f"{source}: {type(err).__name__}: {first}"[:300]
    return SourceFailure(source=source, message=message, error=type(err).__name__)


def describe_sources(locations: Sequence[str]) -> tuple[list[dict[str, Any]], list[SourceFailure]]:
    """Listings of every source that could be read, and one failure per source (or file) that could not.

    A directory gives one listing per readable file; a broken file fails alone.
    """
    listings: list[dict[str, Any]] = []
    failures: list[SourceFailure] = []
    for location in locations:
        try:
            connectors = open_source(location)
        except Exception as err:  # noqa: BLE001 - every source fails on its own
            failures.append(_failure(mask_url(location), err))
            continue
        for conn in connectors:
            try:
                listings.append(describe_connector(conn))
            except Exception as err:  # noqa: BLE001
                failures.append(_failure(conn.display_name, err))
            finally:
                conn.close()
    return listings, failures
