"""``inventory.xlsx``: a Summary sheet, one sheet per category (the register entry, then its fields),
one sheet per source, then Changes and Retention. Header rows frozen, filters on, widths set."""

from __future__ import annotations

import re
from typing import IO, Any

from pii_scan.config import REGISTER_CATEGORIES
from pii_scan.inventory.sheetml import BOLD, TITLE, WRAP, Sheet, Workbook

__all__ = ["write_xlsx", "sheet_title"]

FIELD_HEADERS = (
    "Source",
    "File",
    "Table",
    "Column",
    "Category",
    "Entities",
    "Confidence",
    "Evidence",
    "Masked samples",
    "Rows in table",
)
SOURCE_HEADERS = (
    "File",
    "Table",
    "Column",
    "Category",
    "Entities",
    "Confidence",
    "Subject",
    "Kind",
    "Data type",
    "Evidence",
    "Masked samples",
    "Rows in table",
    "Status",
)


def sheet_title(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "sheet"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _field_tuple(f: dict[str, Any], src: str, t: dict[str, Any]) -> tuple[Any, ...]:
    ev = f.get("evidence") or {}
    evidence = [ev["header_rule"]] if ev.get("header_rule") else []
    evidence += [f"{k} {v:.0%}" for k, v in (ev.get("recognizers") or {}).items()]
    return (
        src,
        t["file"],
        t["name"],
        f.get("column") or "(document)",
        f.get("category"),
        ", ".join(e["type"] for e in f.get("entities") or []),
        f.get("confidence"),
        "; ".join(evidence),
        " | ".join(ev.get("samples") or []),
        t["row_count"],
    )


def write_xlsx(doc: dict[str, Any], fh: IO[bytes]) -> None:
    wb = Workbook()
    taken: set[str] = set()
    _summary(wb.create_sheet(sheet_title("Summary", taken)), doc)

    register = {r["category"]: r for r in doc["register"]}
    for category in REGISTER_CATEGORIES:
        ws = wb.create_sheet(sheet_title(category.capitalize(), taken))
        reg = register[category]
        ws.cell(1, 1, f"Category: {category}", TITLE)
        info = [
            ("Purposes", "; ".join(reg["purposes"])),
            ("Legal basis", reg["legal_basis"]),
            ("Recipients", "; ".join(reg["recipients"])),
            ("Retention", reg["retention"]),
            ("Origin", reg["origin"]),
            ("Data subjects", "; ".join(reg["data_subjects"])),
        ]
        for i, (label, value) in enumerate(info, 2):
            ws.cell(i, 1, label, BOLD)
            ws.cell(i, 2, value or "— not filled in (pii-scan.toml [register." + category + "])")
        rows = [
            _field_tuple(f, src["name"], t)
            for src in doc["sources"]
            for t in src["tables"]
            for f in t["fields"]
            if f.get("category") == category
        ]
        ws.table(len(info) + 3, FIELD_HEADERS, rows)
        ws.fit_widths()
        ws.min_width(2, 30)

    for src in doc["sources"]:
        ws = wb.create_sheet(sheet_title(src["name"], taken))
        ws.cell(1, 1, f"Source: {src['name']}  ·  {src['location']}  ·  {src['status']}", TITLE)
        if src["error"]:
            ws.cell(2, 1, src["error"])
        rows = []
        for t in src["tables"]:
            if not t["fields"]:
                rows.append(
                    (
                        t["file"],
                        t["name"],
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        t["row_count"],
                        t["status"] + (f": {t['error']}" if t["error"] else ""),
                    )
                )
            for f in t["fields"]:
                full = _field_tuple(f, src["name"], t)
                rows.append(
                    (
                        t["file"],
                        t["name"],
                        full[3],
                        full[4],
                        full[5],
                        full[6],
                        f.get("subject"),
                        f.get("kind"),
                        f.get("data_type"),
                        full[7],
                        full[8],
                        t["row_count"],
                        t["status"],
                    )
                )
        ws.table(3, SOURCE_HEADERS, rows)
        ws.fit_widths()

    ws = wb.create_sheet(sheet_title("Changes", taken))
    ws.table(
        1,
        ("Change", "Source", "Table", "Column", "Before", "After", "Description"),
        [
            (
                c["kind"],
                c["source"],
                c.get("table"),
                c.get("column"),
                _plain(c.get("before")),
                _plain(c.get("after")),
                c["message"],
            )
            for c in doc["changes"]
        ],
    )
    ws.fit_widths()
    ws = wb.create_sheet(sheet_title("Retention", taken))
    ws.table(
        1,
        (
            "Source",
            "Table",
            "Date column",
            "Maximum age",
            "Cut-off",
            "Rows",
            "Rows with a date",
            "Rows past the limit",
            "Unreadable dates",
            "Status",
            "Policy",
        ),
        [
            (
                r["source"],
                r["table"],
                r["column"],
                r["max_age"],
                r.get("cutoff"),
                r.get("rows"),
                r.get("rows_dated"),
                r.get("rows_expired"),
                r.get("rows_unparsed"),
                r["status"] + (f": {r['error']}" if r.get("error") else ""),
                r.get("note"),
            )
            for r in doc["retention"]
        ],
    )
    ws.fit_widths()
    wb.save(fh)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _summary(ws: Sheet, doc: dict[str, Any]) -> None:
    s, sweep = doc["summary"], doc["sweep"]
    ctrl = doc["controller"]
    ws.cell(1, 1, "Register of processing activities (GDPR art. 30) — pii-scan inventory", TITLE)
    facts = [
        ("Controller", ctrl.get("name") or "— not filled in"),
        ("Address", ctrl.get("address", "")),
        ("Data protection officer", " ".join(filter(None, [ctrl.get("dpo_name"), ctrl.get("dpo_email")]))),
        ("Supervisory authority", ctrl.get("supervisory_authority", "")),
        ("Generated at", doc["generated_at"]),
        ("pii-scan version", doc["pii_scan_version"]),
        (
            "Sweep",
            f"#{sweep['id']}: {sweep['units_scanned']} tables sampled, {sweep['units_reused']} unchanged, "
            f"{sweep['units_failed']} failed",
        ),
        ("Personal fields", s["personal_fields"]),
        ("Sensitive fields", s["sensitive_fields"]),
        (
            "Changes since previous sweep",
            s["changes"] if sweep["previous_sweep"] else "first sweep (baseline)",
        ),
        ("Rows past retention limits", s["retention_overdue_rows"]),
    ]
    for i, (label, value) in enumerate(facts, 2):
        ws.cell(i, 1, label, BOLD)
        ws.cell(i, 2, value, WRAP)
    row = len(facts) + 3
    cats = list(REGISTER_CATEGORIES)
    headers = ("Source", "Status", *[c.capitalize() for c in cats], "Total")
    rows = [
        (
            name,
            next(x["status"] for x in doc["sources"] if x["name"] == name),
            *[counts[c] for c in cats],
            sum(counts.values()),
        )
        for name, counts in s["by_source"].items()
    ]
    rows.append(("All sources", "", *[s["by_category"][c] for c in cats], s["personal_fields"]))
    ws.table(row, headers, rows)
    ws.style_row(row + len(rows), BOLD)
    ws.fit_widths(maximum=70)
