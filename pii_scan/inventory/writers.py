"""The register document (the content of ``inventory.json``) and its JSON and CSV files.

Every file is written atomically: to a temporary file in the output folder, then ``os.replace``, so a
reader (or a failed sweep) never sees half a register.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
from typing import IO, Any

from pii_scan import __version__
from pii_scan.atomic import write_atomic
from pii_scan.config import REGISTER_CATEGORIES, REGISTER_KEYS, Config
from pii_scan.errors import OutputError
from pii_scan.inventory.sweep import SourceOutcome

__all__ = ["build_document", "write_all", "FORMAT_VERSION", "CSV_COLUMNS"]

FORMAT_VERSION = 1

CSV_COLUMNS = (
    "source",
    "file",
    "table",
    "column",
    "category",
    "categories",
    "entities",
    "confidence",
    "subject",
    "kind",
    "data_type",
    "rows_sampled",
    "evidence",
    "samples",
    "table_rows",
    "unit_status",
    "purposes",
    "legal_basis",
    "recipients",
    "retention",
)


def build_document(
    config: Config,
    sweep: dict[str, Any],
    outcomes: list[SourceOutcome],
    retention: list[dict[str, Any]],
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    sources = []
    by_source: dict[str, dict[str, int]] = {}
    by_category = dict.fromkeys(REGISTER_CATEGORIES, 0)
    where: dict[str, set[str]] = {c: set() for c in REGISTER_CATEGORIES}
    n_tables = n_fields = 0
    for out in outcomes:
        counts = dict.fromkeys(REGISTER_CATEGORIES, 0)
        tables = []
        for u in sorted(out.units, key=lambda u: (u.file, u.table)):
            personal = [f for f in u.results if f.get("category", "none") != "none"]
            for f in personal:
                if f["category"] in counts:
                    counts[f["category"]] += 1
                    where[f["category"]].add(out.name)
            n_tables += u.status != "failed"
            n_fields += len(u.results)
            tables.append(
                {
                    "name": u.table,
                    "file": u.file,
                    "kind": u.kind,
                    "row_count": u.row_count,
                    "row_count_exact": u.row_count_exact,
                    "columns": u.n_columns,
                    "status": u.status,
                    "error": u.error,
                    "personal_fields": len(personal),
                    "categories": sorted({f["category"] for f in personal}),
                    "retention": [
                        r
                        for r in retention
                        if r["source"] == out.name and r["table"] in (u.table, u.file, f"{u.file}:{u.table}")
                    ],
                    "fields": u.results,
                }
            )
        for c, n in counts.items():
            by_category[c] += n
        by_source[out.name] = counts
        sources.append(
            {
                "name": out.name,
                "location": out.display,
                "status": out.status,
                "error": out.error,
                "tables": tables,
            }
        )
    register = []
    for c in REGISTER_CATEGORIES:
        entry = config.register.get(c, {})
        register.append(
            {
                "category": c,
                **{
                    k: entry.get(k, [] if k in ("purposes", "recipients", "data_subjects") else "")
                    for k in REGISTER_KEYS
                },
                "documented": bool(entry.get("purposes") and entry.get("legal_basis")),
                "personal_fields": by_category[c],
                "sources": sorted(where[c]),
            }
        )
    summary = {
        "sources": len(outcomes),
        "sources_failed": sum(o.status == "failed" for o in outcomes),
        "tables": n_tables,
        "fields": n_fields,
        "personal_fields": sum(by_category.values()),
        "sensitive_fields": by_category["sensitive"],
        "by_category": by_category,
        "by_source": by_source,
        "undocumented_categories": [
            r["category"] for r in register if r["personal_fields"] and not r["documented"]
        ],
        "retention_overdue_rows": sum(r.get("rows_expired", 0) for r in retention),
        "changes": len(changes),
    }
    return {
        "format": "pii-scan-inventory",
        "format_version": FORMAT_VERSION,
        "generated_at": sweep["finished_at"],
        "pii_scan_version": __version__,
        "config": config.path,
        "sweep": sweep,
        "controller": dict(config.controller),
        "summary": summary,
        "register": register,
        "sources": sources,
        "retention": retention,
        "changes": changes,
    }


# -- files ------------------------------------------------------------------------------------------


def write_all(document: dict[str, Any], out_dir: str) -> dict[str, str]:
    """Write the register files. ``inventory.json`` records every sweep; the CSV, workbook and page
    are rendered only when the register's content changed (``register_digest``): else they stay as
    the sweep that last changed it wrote them, its date and number on their first lines."""
    from pii_scan.inventory.html import render_html
    from pii_scan.inventory.xlsx import write_xlsx

    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder: {exc.strerror}") from None
    paths = {fmt: os.path.join(out_dir, f"inventory.{fmt}") for fmt in ("json", "csv", "xlsx", "html")}
    digest = register_digest(document)
    marker = os.path.join(out_dir, _DIGEST)
    views = ("csv", "xlsx", "html")
    current = _written_from(marker, digest, {fmt: paths[fmt] for fmt in views})
    # render everything first, so a rendering bug leaves the previous register whole
    # (one JSON string, then one write: json.dump writes each token separately, 10x slower here)
    rendered = {"json": json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")}
    if not current:
        text = io.StringIO()
        _write_csv(document, text)
        buf = io.BytesIO()
        write_xlsx(document, buf)
        rendered["csv"] = text.getvalue().encode("utf-8")
        rendered["xlsx"] = buf.getvalue()
        rendered["html"] = render_html(document).encode("utf-8")
        try:
            os.unlink(marker)  # files half rewritten (a killed sweep) must not pass for current
        except OSError:
            pass
    for fmt, data in rendered.items():
        if not _same_content(paths[fmt], data):  # an unchanged file keeps its date (and costs no write)
            write_atomic(paths[fmt], functools.partial(_put, data), binary=True)
    if not current:
        facts = {"digest": digest, "sizes": {fmt: len(rendered[fmt]) for fmt in views}}
        write_atomic(marker, functools.partial(_put, json.dumps(facts).encode("utf-8")), binary=True)
    return paths


_DIGEST = ".inventory.digest"  # which register content the CSV, workbook and page show


def register_digest(document: dict[str, Any]) -> str:
    """SHA-256 of the register's content: the document without the sweep's own facts (number, times,
    counts, where units ran), a table sampled again or reused counting alike."""
    content = {k: v for k, v in document.items() if k not in ("generated_at", "sweep")}
    content["sources"] = [
        {**src, "tables": [{**t, "status": _SAME.get(t["status"], t["status"])} for t in src["tables"]]}
        for src in document["sources"]
    ]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SAME = {"scanned": "read", "reused": "read"}


def _written_from(marker: str, digest: str, paths: dict[str, str]) -> bool:
    """Do the files show this content (the marker names it, each file has the size written then)?"""
    try:
        with open(marker, encoding="utf-8") as fh:
            facts = json.load(fh)
        return facts["digest"] == digest and all(
            os.path.getsize(path) == facts["sizes"][fmt] for fmt, path in paths.items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _put(data: bytes, fh: IO[bytes]) -> None:
    fh.write(data)


def _same_content(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def field_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per field (CSV, and the per-source sheets of the workbook)."""
    register = {r["category"]: r for r in document["register"]}
    rows = []
    for src in document["sources"]:
        for t in src["tables"]:
            for f in t["fields"]:
                reg = register.get(f.get("category", "none"), {})
                ev = f.get("evidence") or {}
                evidence = [ev["header_rule"]] if ev.get("header_rule") else []
                evidence += [f"{k} {v:.0%}" for k, v in (ev.get("recognizers") or {}).items()]
                rows.append(
                    {
                        "source": src["name"],
                        "file": t["file"],
                        "table": t["name"],
                        "column": f.get("column") or "",
                        "category": f.get("category", "none"),
                        "categories": ", ".join(f.get("categories") or []),
                        "entities": ", ".join(e["type"] for e in f.get("entities") or []),
                        "confidence": f.get("confidence", 0.0),
                        "subject": f.get("subject", ""),
                        "kind": f.get("kind", ""),
                        "data_type": f.get("data_type") or "",
                        "rows_sampled": f.get("rows_sampled", 0),
                        "evidence": "; ".join(evidence),
                        "samples": " | ".join(ev.get("samples") or []),
                        "table_rows": t["row_count"],
                        "unit_status": t["status"],
                        "purposes": "; ".join(reg.get("purposes") or []),
                        "legal_basis": reg.get("legal_basis", ""),
                        "recipients": "; ".join(reg.get("recipients") or []),
                        "retention": reg.get("retention", ""),
                    }
                )
    return rows


def _write_csv(document: dict[str, Any], fh: Any) -> None:
    fh.write("\ufeff")  # BOM: Excel then reads UTF-8 (accents in Dutch and French names) correctly
    writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(field_rows(document))
