"""The subject's portability package (GDPR art. 15/20): one zip with data.json, CSV files, manifest.json
and a readable report.html in Dutch, French or English.

Only records that are the subject's (``match`` and ``linked``) enter the package; third parties never
do. The zip is written to a temporary file beside the target and renamed into place (mode 0600), so a
failure never leaves a partial package. A package from a search where a source failed says so in the
manifest (``complete: false``) and in a banner of the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any

from pii_scan.atomic import write_atomic
from pii_scan.errors import OutputError
from pii_scan.subject.records import SubjectRecord, SubjectResult

__all__ = ["export_subject", "write_package", "build_data", "ExportResult", "LANGUAGES", "DATA_SCHEMA"]

LANGUAGES = ("nl", "fr", "en")
DATA_SCHEMA = "schemas/data.schema.json"
DATA_FORMAT = "pii-scan subject data"
DATA_VERSION = 1
# Belgium's authority, used when the config names none (art. 77 GDPR: the subject may complain there).
BE_AUTHORITY = {
    "name": "Gegevensbeschermingsautoriteit / Autorité de protection des données",
    "address": "Drukpersstraat 35 / Rue de la Presse 35, 1000 Brussel / Bruxelles",
    "email": "contact@apd-gba.be",
    "phone": "+32 2 274 48 00",
    "website": "https://www.gegevensbeschermingsautoriteit.be / https://www.autoriteprotectiondonnees.be",
}
_CATEGORY_ORDER = ("identification", "contact", "family", "connection", "financial", "sensitive", "none")
_MENTION_CATEGORY = {"email": "contact", "phone": "contact", "national_number": "identification",
                     "iban": "financial", "name": "identification"}  # fmt: skip


@dataclass
class ExportResult:
    path: str
    request_id: str
    complete: bool
    records: int
    to_confirm: int
    files: dict[str, str] = field(default_factory=dict)  # name in the zip -> SHA-256
    encrypted: bool = False


def _field_category(rec: SubjectRecord, column: str, categories: Mapping[str, str]) -> str:
    cat = categories.get(column)
    if cat:
        return cat
    if column == "text":  # a document line: what it mentions
        kinds = [m.split(":", 1)[-1] for m in rec.matched_on]
        return next((_MENTION_CATEGORY[k] for k in kinds if k in _MENTION_CATEGORY), "identification")
    return "none"


def _field(name: str, value: Any, category: str, every: Mapping[str, list[str]]) -> dict[str, Any]:
    """A field with its main category and every category discovery gave it (main first)."""
    cats = list(dict.fromkeys([category, *every.get(name, [])]))
    return {"name": name, "value": value, "category": category, "categories": cats}


def build_data(result: SubjectResult, request_id: str, created_at: str, only_certain: bool = False) -> dict:
    """data.json: the subject's records grouped by source and table, each field with its category."""
    grouped: dict[str, dict[str, list[SubjectRecord]]] = defaultdict(lambda: defaultdict(list))
    for rec in result.subject_records:
        if only_certain and rec.confirm:
            continue
        grouped[rec.source][rec.table].append(rec)
    sources = []
    for source in sorted(grouped):
        tables = []
        for table in sorted(grouped[source]):
            recs = grouped[source][table]
            cats = result.categories.get(source, {}).get(table, {})
            every = getattr(result, "field_categories", {}).get(source, {}).get(table, {})
            columns = list(dict.fromkeys(c for r in recs for c in (r.data or {})))
            fields = [_field(c, None, _field_category(recs[0], c, cats), every) for c in columns]
            for f in fields:
                del f["value"]
            rows = []
            for r in recs:
                data = r.data or {}
                rows.append(
                    {
                        "key": r.key,
                        "relation": r.relation,
                        "matched_on": list(r.matched_on),
                        "via": r.via,
                        "confidence": round(r.confidence, 3),
                        "confirm": r.confirm,
                        "context": r.context,
                        "fields": [
                            _field(c, data.get(c), _field_category(r, c, cats), every) for c in columns
                        ],
                    }
                )
            tables.append({"table": table, "fields": fields, "records": rows})
        sources.append({"source": source, "tables": tables})
    return {
        "format": DATA_FORMAT,
        "version": DATA_VERSION,
        "request_id": request_id,
        "created_at": created_at,
        "complete": result.complete,
        "subject": result.subject_dict(),
        "sources": sources,
    }


def _slug(text: str, taken: set[str]) -> str:
    base = text.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "source"
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "source"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    taken.add(slug)
    return slug


def _csv_files(data: dict) -> dict[str, bytes]:
    """csv/<source>/<table>.csv, UTF-8 with BOM so that Excel shows accents right."""
    out: dict[str, bytes] = {}
    src_taken: set[str] = set()
    for src in data["sources"]:
        sdir = _slug(src["source"], src_taken)
        tbl_taken: set[str] = set()
        for tbl in src["tables"]:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow([f["name"] for f in tbl["fields"]])
            for rec in tbl["records"]:
                writer.writerow(["" if f["value"] is None else f["value"] for f in rec["fields"]])
            name = _slug(re.sub(r"\.(csv|jsonl?|txt|md|xlsx?)$", "", tbl["table"]), tbl_taken)
            out[f"csv/{sdir}/{name}.csv"] = buf.getvalue().encode("utf-8-sig")
    return out


def _counts(data: dict) -> dict[str, Any]:
    per_source: Counter[str] = Counter()
    per_table: dict[str, dict[str, int]] = defaultdict(dict)
    per_category: Counter[str] = Counter()
    for src in data["sources"]:
        for tbl in src["tables"]:
            n = len(tbl["records"])
            per_source[src["source"]] += n
            per_table[src["source"]][tbl["table"]] = n
            for rec in tbl["records"]:
                # every category a filled field holds (discovery's): a note about a hospital stay is
                # also health data, whatever its main category
                filled = [f for f in rec["fields"] if f["value"] not in (None, "")]
                for cat in {c for f in filled for c in f.get("categories") or [f["category"]]}:
                    per_category[cat] += 1
    return {
        "records": sum(per_source.values()),
        "per_source": dict(per_source),
        "per_table": dict(per_table),
        "per_category": {c: per_category[c] for c in _CATEGORY_ORDER if per_category[c]},
    }


def _report(data: dict, manifest: dict, config: Any, lang: str, files: Iterable[str]) -> str:
    from jinja2 import Environment, select_autoescape

    base = resources.files("pii_scan") / "templates"
    i18n = json.loads((base / "report_i18n.json").read_text(encoding="utf-8"))
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string((base / "report.html.j2").read_text(encoding="utf-8"))
    controller = dict(getattr(config, "controller", None) or {})
    register = dict(getattr(config, "register", None) or {})
    categories: dict[str, dict[str, list[str]]] = {}
    for src in data["sources"]:
        for tbl in src["tables"]:
            for f in tbl["fields"]:
                entry = categories.setdefault(f["category"], {"fields": [], "sources": []})
                if f["name"] not in entry["fields"]:
                    entry["fields"].append(f["name"])
                if src["source"] not in entry["sources"]:
                    entry["sources"].append(src["source"])
    ordered = {c: categories[c] for c in _CATEGORY_ORDER if c in categories}
    held = [c for c in ordered if c != "none"]
    authority = dict(BE_AUTHORITY)
    if controller.get("supervisory_authority"):
        authority = {"name": controller["supervisory_authority"]}
        for k in ("address", "email", "phone", "website"):
            if controller.get(f"supervisory_authority_{k}"):
                authority[k] = controller[f"supervisory_authority_{k}"]
    sources = [
        {**s, "records": manifest["counts"]["per_source"].get(s["source"], 0)} for s in manifest["sources"]
    ]
    return template.render(
        lang=lang,
        t=i18n[lang],
        complete=manifest["complete"],
        failed=[s for s in manifest["sources"] if s["status"] != "searched"],
        request_id=manifest["request_id"],
        created_at=manifest["created_at"],
        version=manifest["pii_scan_version"],
        identifiers=manifest["identifiers"],
        categories=ordered,
        sources=sources,
        data=data["sources"],
        controller=controller,
        register={c: register.get(c, {}) for c in held},
        authority=authority,
        files=sorted(files),
    )


def write_package(
    result: SubjectResult,
    out: str | os.PathLike[str],
    config: Any = None,
    *,
    lang: str = "en",
    passphrase: str | None = None,
    only_certain: bool = False,
) -> ExportResult:
    """Write the zip for a search result; never a partial file, mode 0600, AES when ``passphrase``."""
    from pii_scan import __version__

    if lang not in LANGUAGES:
        raise OutputError(f"report language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    request_id = str(uuid.uuid4())
    created_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    data = build_data(result, request_id, created_at, only_certain)
    files: dict[str, bytes] = {"data.json": json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")}
    files.update(_csv_files(data))
    schema = (resources.files("pii_scan") / DATA_SCHEMA).read_bytes()
    files["data.schema.json"] = schema
    counts = _counts(data)
    to_confirm = sum(r["confirm"] for s in data["sources"] for t in s["tables"] for r in t["records"])
    manifest: dict[str, Any] = {
        "request_id": request_id,
        "created_at": created_at,
        "pii_scan_version": __version__,
        "complete": result.complete,
        "identifiers": [i.to_dict() for i in result.identifiers],
        "sources": [s.to_dict() for s in result.sources],
        "counts": counts,
        "records_to_confirm": to_confirm,
        "third_party_records_left_out": sum(r.relation == "third_party" for r in result.records),
        "encrypted": passphrase is not None,
    }
    names = [*files, "report.html", "manifest.json"]
    files["report.html"] = _report(data, manifest, config, lang, names).encode("utf-8")
    manifest["files"] = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    files["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    path = os.fspath(out)
    _write_zip(path, files, passphrase)
    return ExportResult(
        path=path,
        request_id=request_id,
        complete=result.complete,
        records=counts["records"],
        to_confirm=to_confirm,
        files=manifest["files"],
        encrypted=passphrase is not None,
    )


def _write_zip(path: str, files: Mapping[str, bytes], passphrase: str | None) -> None:
    def write(fh: IO[Any]) -> None:
        if passphrase is not None:
            import pyzipper

            with pyzipper.AESZipFile(
                fh, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            ) as zf:
                zf.setpassword(passphrase.encode("utf-8"))
                for name, body in files.items():
                    zf.writestr(name, body)
        else:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for name, body in files.items():
                    zf.writestr(name, body)

    # the subject's raw data: readable by the operator only, from the first byte
    write_atomic(path, write, binary=True, mode=0o600)


def export_subject(
    locations: Sequence[Any],
    identifiers: Any,
    out: str | os.PathLike[str],
    config: Any = None,
    *,
    lang: str = "en",
    passphrase: str | None = None,
    only_certain: bool = False,
    max_depth: int = 3,
    expand: int = 1,
) -> tuple[SubjectResult, ExportResult]:
    """Find the subject (see :func:`pii_scan.subject.find_subject`) and write their package."""
    from pii_scan.subject import find_subject

    result = find_subject(locations, identifiers, config, max_depth=max_depth, expand=expand, classify=True)
    return result, write_package(
        result, out, config, lang=lang, passphrase=passphrase, only_certain=only_certain
    )
