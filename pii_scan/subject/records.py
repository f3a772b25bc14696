"""Result records of a subject search: plain, picklable dataclasses.

``SubjectResult.to_dict()`` is the public JSON of ``pii-scan find --format json``: keys are only ever
added, never renamed. Raw values (``data``) never appear in it; only the export carries them.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from typing import Any

from pii_scan.subject.identifiers import Identifier

__all__ = ["SubjectRecord", "SourceStatus", "SubjectResult", "plain", "CERTAIN", "CANDIDATE_NAME", "MENTION"]

CERTAIN = 1.0  # an exact identifier in a column that holds that identifier
NAME_AND_BIRTH_DATE = 0.95
CANDIDATE_NAME = 0.6  # the name alone: a namesake is possible, staff confirm
MENTION = 0.5  # the identifier appears in free text or a document: staff confirm
INFERRED_LINK_FACTOR = 0.95  # a guessed (but value-confirmed) link is slightly less sure than a declared one


def plain(value: Any) -> Any:
    """A JSON-friendly Python value (numpy scalars, decimals, dates, bytes, NaN)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (bytes, str)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@dataclass
class SubjectRecord:
    """One row (or one line of a document) that is the subject's, links to them, or is a third party's."""

    source: str
    table: str
    key: dict[str, Any]
    relation: str  # "match" | "linked" | "third_party"
    matched_on: list[str] = field(default_factory=list)
    via: list[dict[str, Any]] = field(default_factory=list)  # [{"table", "key", "link"}], first hop first
    confidence: float = CERTAIN
    confirm: bool = False  # a candidate: staff must confirm before it is given out
    context: bool = False  # a row the subject's row points at (their address), not a row about them
    inferred: bool = False  # reached through at least one inferred link
    data: dict[str, Any] | None = None  # raw values; never for third parties; never in find's JSON
    # the key as find shows it (JSON, terminal): a file row's position ({"row": 17}), a personal
    # primary key masked with its row position; None = ``key`` holds nothing personal
    shown_key: dict[str, Any] | None = None
    shown_via: list[dict[str, Any]] | None = None  # ``via`` with the keys as find shows them

    @property
    def public_key(self) -> dict[str, Any]:
        return self.key if self.shown_key is None else self.shown_key

    @property
    def ident(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return (self.source, self.table, tuple(sorted((k, str(v)) for k, v in self.key.items())))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "table": self.table,
            "key": {k: plain(v) for k, v in self.public_key.items()},
            "relation": self.relation,
            "matched_on": list(self.matched_on),
            "via": self.via if self.shown_via is None else self.shown_via,
            "confidence": round(self.confidence, 3),
            "confirm": self.confirm,
        }
        if self.context:
            d["context"] = True
        if self.inferred:
            d["inferred"] = True
        return d


@dataclass
class SourceStatus:
    source: str
    status: str  # "searched" | "partial" (read, but part skipped: see error) | "failed"
    error: str | None = None
    tables: int = 0
    failed_tables: list[str] = field(default_factory=list)  # objects that failed: the search is partial
    views_not_searched: list[str] = field(default_factory=list)  # plain views: their tables are searched

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "status": self.status, "tables": self.tables}
        if self.error:
            d["error"] = self.error
        if self.failed_tables:
            d["failed_tables"] = list(self.failed_tables)
        if self.views_not_searched:
            d["views_not_searched"] = list(self.views_not_searched)
        return d


@dataclass
class SubjectResult:
    identifiers: list[Identifier]
    records: list[SubjectRecord]
    sources: list[SourceStatus]
    # source -> table -> column -> personal-data category (from the header dictionary / recognizers)
    categories: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # the links used, readable, inferred ones marked
    notes: list[str] = field(default_factory=list)  # for staff: identifiers not followed and why (masked)
    # source -> table -> column -> every category discovery gave the field (main first); export only
    field_categories: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    # where the walk did not go on: [{"source", "table", "via", "reason", "decision"}]; decision is
    # "shared" (context many people's rows point at), "handled" (records staff handled), "person"
    stopped_at: list[dict[str, Any]] = field(default_factory=list)
    # other people's records reached by the walk, never exported: [{"source", "table", "via", "reason",
    # "decision", "count", "keys"}], keys as find shows them; decision "handled" (records the subject
    # handled as staff) or "other_person" (a row of theirs that also points at another customer)
    third_party: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(s.status == "searched" for s in self.sources)

    @property
    def subject_records(self) -> list[SubjectRecord]:
        """The records that are the subject's (match and linked); never third parties."""
        return [r for r in self.records if r.relation in ("match", "linked")]

    def subject_dict(self) -> dict[str, Any]:
        return {"identifiers": [i.to_dict() for i in self.identifiers]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject_dict(),
            "records": [r.to_dict() for r in self.records],
            "sources": [s.to_dict() for s in self.sources],
            "complete": self.complete,
            "links": list(self.links),
            "notes": list(self.notes),
            "stopped_at": [dict(s) for s in self.stopped_at],
            "third_party": [dict(t) for t in self.third_party],
        }
