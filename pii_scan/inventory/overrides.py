"""The privacy officer's corrections of the register: a column's category, or "not personal".

Kept in ``state_dir/overrides.json`` (written atomically), made in ``pii-scan serve`` and applied by
every sweep, wherever it runs: the runner applies them to the discovery results on the client side,
after the executor, when it builds the document. An overridden field keeps what discovery said under
``override.was``, so removing an override (or a reused unit that was overridden before) restores it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterable
from typing import Any

from pii_scan.atomic import write_text_atomic
from pii_scan.config import REGISTER_CATEGORIES
from pii_scan.errors import ConfigError

__all__ = ["OVERRIDES_FILE", "CATEGORIES", "load_overrides", "set_override", "apply_overrides",
           "apply_to_fields"]  # fmt: skip

OVERRIDES_FILE = "overrides.json"
CATEGORIES = (*REGISTER_CATEGORIES, "none")  # "none": the officer says the column is not personal
_lock = threading.Lock()


def _path(state_dir: str) -> str:
    return os.path.join(state_dir, OVERRIDES_FILE)


def load_overrides(state_dir: str) -> list[dict[str, Any]]:
    """Every override: {source, file, table, column, category, reason, by, at}."""
    path = _path(state_dir)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the register overrides: {type(exc).__name__}") from None
    items = data.get("overrides") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: not a register overrides file (no 'overrides' list)")
    return [o for o in items if isinstance(o, dict)]


def set_override(
    state_dir: str, *, source: str, file: str, table: str, column: str, category: str, reason: str, by: str
) -> dict[str, Any]:
    """Add or replace the override of one column; ``category=""`` removes it. Returns the entry."""
    if category and category not in CATEGORIES:
        raise ConfigError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")
    if category and not reason.strip():
        raise ConfigError("an override needs a reason")
    at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    entry = {"source": source, "file": file, "table": table, "column": column, "category": category,
             "reason": " ".join(reason.split()), "by": by, "at": at}  # fmt: skip
    with _lock:
        os.makedirs(state_dir, mode=0o700, exist_ok=True)
        kept = [o for o in load_overrides(state_dir) if _where(o) != _where(entry)]
        if category:
            kept.append(entry)
        write_text_atomic(_path(state_dir), json.dumps({"overrides": kept}, indent=2, ensure_ascii=False))
    return entry


def _where(o: dict[str, Any]) -> tuple[str, str, str, str]:
    return (str(o.get("source")), str(o.get("file", "")), str(o.get("table")), str(o.get("column")))


def apply_to_fields(
    source: str, file: str, table: str, fields: Iterable[dict[str, Any]], overrides: list[dict[str, Any]]
) -> None:
    """Apply the overrides of one unit to its discovery results (FieldResult dicts), in place."""
    mine = {o["column"]: o for o in overrides if _where(o)[:3] == (source, file, table)}
    for f in fields:
        was = f.pop("override", None)
        if isinstance(was, dict) and "was" in was:  # undo an earlier application first
            f["category"], f["categories"] = was["was"], list(was.get("was_categories") or [])
        o = mine.get(f.get("column") or "")
        if o is None:
            continue
        before, before_all = f.get("category", "none"), list(f.get("categories") or [])
        f["category"] = o["category"]
        f["categories"] = [] if o["category"] == "none" else [o["category"]]
        f["override"] = {"category": o["category"], "reason": o["reason"], "by": o["by"], "at": o["at"],
                         "was": before, "was_categories": before_all}  # fmt: skip


def apply_overrides(outcomes: Iterable[Any], state_dir: str) -> int:
    """Apply ``overrides.json`` to every unit of a sweep's outcomes; returns how many fields changed."""
    overrides = load_overrides(state_dir)
    n = 0
    for out in outcomes:
        for u in out.units:
            apply_to_fields(out.name, u.file, u.table, u.results, overrides)
            n += sum("override" in f for f in u.results)
    return n
