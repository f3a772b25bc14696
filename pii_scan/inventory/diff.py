"""What changed since the previous sweep: sources, tables, personal columns, categories, row counts.

Tables of a source that failed in either sweep are not compared (a failure is not a removal).
"""

from __future__ import annotations

from typing import Any

from pii_scan.inventory.state import UnitRecord

__all__ = ["compare", "CHANGE_KINDS", "is_new_personal", "is_new_sensitive"]

CHANGE_KINDS = (
    "source_added",
    "source_removed",
    "table_added",
    "table_removed",
    "personal_field_added",
    "personal_field_removed",
    "category_changed",
    "row_count_changed",
)


def _label(file: str, table: str) -> str:
    return table if not file or file == table else f"{file}:{table}"


def _personal(unit: UnitRecord) -> dict[str, str]:
    """Column (or '' for a document) -> category, for personal fields only."""
    return {
        (f.get("column") or ""): f["category"] for f in unit.results if f.get("category", "none") != "none"
    }


def compare(
    before_sources: dict[str, str],
    before_units: list[UnitRecord],
    now_sources: dict[str, str],
    now_units: list[UnitRecord],
) -> list[dict[str, Any]]:
    """Change items, sorted: each has ``kind``, ``source``, ``table``, ``column``, ``before``, ``after``."""
    changes: list[dict[str, Any]] = []

    def add(
        kind: str, source: str, table: str | None = None, column: str | None = None, **extra: Any
    ) -> None:
        changes.append({"kind": kind, "source": source, "table": table, "column": column, **extra})

    for name in sorted(set(now_sources) - set(before_sources)):
        add("source_added", name)
    for name in sorted(set(before_sources) - set(now_sources)):
        add("source_removed", name)

    # only sources read in both sweeps (fully or partly) are compared table by table
    comparable = {
        n for n in now_sources if n in before_sources and "failed" not in (now_sources[n], before_sources[n])
    }
    new_source = set(now_sources) - set(before_sources)
    old = {u.key: u for u in before_units if u.status != "failed"}
    new = {u.key: u for u in now_units if u.status != "failed"}
    failed_now = {u.key for u in now_units if u.status == "failed"}

    for key in sorted(set(new) - set(old)):
        if key[0] not in comparable and key[0] not in new_source:
            continue
        unit = new[key]
        label = _label(unit.file, unit.table)
        personal = _personal(unit)
        add(
            "table_added",
            unit.source,
            label,
            None,
            after={"rows": unit.row_count, "personal_fields": len(personal)},
        )
        for column, category in sorted(personal.items()):
            add("personal_field_added", unit.source, label, column or None, before=None, after=category)
    for key in sorted(set(old) - set(new)):
        if key[0] not in comparable or key in failed_now:
            continue
        unit = old[key]
        add(
            "table_removed", unit.source, _label(unit.file, unit.table), None, before={"rows": unit.row_count}
        )
    for key in sorted(set(old) & set(new)):
        a, b = old[key], new[key]
        label = _label(b.file, b.table)
        pa, pb = _personal(a), _personal(b)
        for column in sorted(set(pb) - set(pa)):
            add("personal_field_added", b.source, label, column or None, before=None, after=pb[column])
        for column in sorted(set(pa) - set(pb)):
            add("personal_field_removed", b.source, label, column or None, before=pa[column], after=None)
        for column in sorted(set(pa) & set(pb)):
            if pa[column] != pb[column]:
                add("category_changed", b.source, label, column or None, before=pa[column], after=pb[column])
        if a.row_count is not None and b.row_count is not None and a.row_count != b.row_count:
            add("row_count_changed", b.source, label, None, before=a.row_count, after=b.row_count,
                delta=b.row_count - a.row_count)  # fmt: skip
    for c in changes:
        c["message"] = describe(c)
    return changes


def describe(c: dict[str, Any]) -> str:
    where = (
        c["source"]
        + (f" › {c['table']}" if c.get("table") else "")
        + (f" › {c['column']}" if c.get("column") else "")
    )
    kind = c["kind"]
    if kind == "table_added":
        return f"new table {where} ({c['after']['personal_fields']} personal fields)"
    if kind == "personal_field_added":
        return f"new personal field {where}: {c['after']}"
    if kind == "personal_field_removed":
        return f"no longer personal or gone: {where} (was {c['before']})"
    if kind == "category_changed":
        return f"category of {where} changed: {c['before']} → {c['after']}"
    if kind == "row_count_changed":
        sign = "+" if c["delta"] >= 0 else ""
        return f"{where}: {c['before']} → {c['after']} rows ({sign}{c['delta']})"
    return {
        "source_added": "new source",
        "source_removed": "source removed",
        "table_removed": "table removed",
    }[kind] + f" {where}"


def is_new_personal(c: dict[str, Any]) -> bool:
    return c["kind"] == "personal_field_added" or (
        c["kind"] == "category_changed" and c["before"] == "none"  # defensive; 'none' is not listed
    )


def is_new_sensitive(c: dict[str, Any]) -> bool:
    return c["kind"] in ("personal_field_added", "category_changed") and c.get("after") == "sensitive"
