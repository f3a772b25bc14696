"""Opening the sources of a subject search, and parsing the request's identifiers."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pii_scan.config import SourceConfig
from pii_scan.connectors.base import Connector
from pii_scan.errors import IdentifierError, PiiScanError
from pii_scan.masking import mask_url
from pii_scan.subject.identifiers import DEFAULT_REGION, Identifier, parse_identifier
from pii_scan.subject.records import SourceStatus

__all__ = ["parse_identifiers", "open_sources", "wanted"]


def parse_identifiers(
    given: Mapping[str, Iterable[str]] | Sequence[Identifier], region: str = DEFAULT_REGION
) -> list[Identifier]:
    """``{"email": ["a@b.be"], "phone": [...]}`` -> normalised identifiers (IdentifierError if malformed)."""
    if isinstance(given, Mapping):
        ids = [parse_identifier(kind, v, region) for kind, values in given.items() for v in values]
    else:
        ids = list(given)
    if not ids:
        raise IdentifierError("give at least one identifier (--email, --phone, --national-number, ...)")
    kinds = {i.kind for i in ids}
    if kinds == {"birth_date"}:
        raise IdentifierError("a birth date alone identifies nobody: give it with --name")
    return ids


def wanted(item: Any, table: str) -> bool:
    """A configured source's include/exclude globs on a table (plain locations take everything)."""
    return item.selects("", table) if isinstance(item, SourceConfig) else True


def _file_wanted(item: Any, loc: str, conn: Connector) -> bool:
    """Exclude globs of a configured directory source also apply to its files' paths."""
    if not isinstance(item, SourceConfig) or not os.path.isdir(loc):
        return True
    return item.selects(os.path.relpath(conn.location, loc).replace(os.sep, "/"))


def open_sources(locations: Sequence[Any]) -> tuple[list[Connector], dict[int, int], list[SourceStatus]]:
    from pii_scan.connectors.registry import open_source

    connectors: list[Connector] = []
    groups: dict[int, int] = {}
    failed: list[SourceStatus] = []
    for li, item in enumerate(locations):
        loc = str(getattr(item, "location", item))
        try:
            conns = open_source(loc)
        except Exception as exc:  # noqa: BLE001 - a missing source is reported, the others go on
            msg = str(exc) if isinstance(exc, PiiScanError) else f"{type(exc).__name__}: {exc}"
            failed.append(SourceStatus(mask_url(loc), "failed", " ".join(msg.split())))
            continue
        for c in conns:
            if not _file_wanted(item, loc, c):
                continue
            groups[len(connectors)] = li
            connectors.append(c)
    return connectors, groups, failed
