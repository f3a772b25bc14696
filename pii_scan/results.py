"""Result records of discovery. ``FieldResult.to_dict()`` is the public JSON of ``pii-scan scan
--format json`` and of the inventory: other tools read it, so keys are only ever added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Entity", "Evidence", "FieldResult", "SourceFailure"]


@dataclass(frozen=True)
class Entity:
    type: str  # an entity name from models.entities
    score: float  # 0..1: share of sampled values it fired on, times the recognizer's score
    category: str = "none"


@dataclass(frozen=True)
class Evidence:
    header_rule: str | None = None  # e.g. "header 'geboortedatum' ~ birth_date (nl)"
    recognizers: dict[str, float] = field(default_factory=dict)  # recognizer/entity -> hit rate
    samples: tuple[str, ...] = ()  # masked sample values, never raw
    notes: tuple[str, ...] = ()  # e.g. "organisation's data: values are enterprise numbers"


@dataclass(frozen=True)
class FieldResult:
    """The classification of one column (or of one document when ``column`` is None)."""

    source: str  # path, or URL with password masked
    table: str
    column: str | None
    category: str  # main category: one of models.entities.CATEGORIES
    categories: tuple[str, ...]
    entities: tuple[Entity, ...]
    confidence: float
    evidence: Evidence
    rows_sampled: int
    language: dict[str, Any] | None = None  # {"detected": "nl", "engine": "..."} or None
    subject: str = "person"  # "person" | "organisation" | "unknown"
    kind: str = "value"  # "value" (short values), "free_text", "document"
    data_type: str | None = None  # the column's declared type

    @property
    def is_personal(self) -> bool:
        return self.category != "none"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["categories"] = list(self.categories)
        d["entities"] = [
            {"type": e.type, "score": round(e.score, 3), "category": e.category} for e in self.entities
        ]
        d["confidence"] = round(self.confidence, 3)
        d["evidence"]["samples"] = list(self.evidence.samples)
        d["evidence"]["notes"] = list(self.evidence.notes)
        d["evidence"]["recognizers"] = {k: round(v, 3) for k, v in self.evidence.recognizers.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FieldResult:
        ev = d.get("evidence") or {}
        return cls(
            source=d["source"],
            table=d["table"],
            column=d.get("column"),
            category=d["category"],
            categories=tuple(d.get("categories") or ()),
            entities=tuple(
                Entity(e["type"], e["score"], e.get("category", "none")) for e in d.get("entities") or ()
            ),
            confidence=d.get("confidence", 0.0),
            evidence=Evidence(
                header_rule=ev.get("header_rule"),
                recognizers=dict(ev.get("recognizers") or {}),
                samples=tuple(ev.get("samples") or ()),
                notes=tuple(ev.get("notes") or ()),
            ),
            rows_sampled=d.get("rows_sampled", 0),
            language=d.get("language"),
            subject=d.get("subject", "person"),
            kind=d.get("kind", "value"),
            data_type=d.get("data_type"),
        )


@dataclass(frozen=True)
class SourceFailure:
    """A source (or one table of it) that could not be processed; ``message`` is one masked line."""

    source: str
    message: str
    table: str | None = None
    error: str = "SourceError"
