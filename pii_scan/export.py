"""The subject's portability package (GDPR art. 15/20): one zip with data.json, CSV files, manifest.json
and a readable report.html in Dutch, French or English (rendered by :mod:`pii_scan.report`).

Sources are named as the configuration names them (``crm``, ``files``), never by path, in the report and
the CSV folders; data.json keeps the location in ``source`` and adds the ``name``. The CSV files follow
the reader's convention: for ``nl`` and ``fr`` ``;``-separated with decimal commas (what Belgian Excel
opens), for ``en`` ``,``-separated; UTF-8 with BOM in all three, so that Excel shows accents right.

Only records that are the subject's (``match`` and ``linked``) enter the package; third parties never
do. The zip is written to a temporary file beside the target and renamed into place (mode 0600), so a
failure never leaves a partial package. A package from a search where a source failed says so in the
manifest (``complete: false``) and in a banner of the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import hashlib
import io
import json
import os
import posixpath
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
from pii_scan.masking import mask_url
from pii_scan.subject.records import SubjectRecord, SubjectResult

__all__ = [
    "export_subject", "write_package", "build_data", "source_names", "csv_dialect", "ExportResult",
    "LANGUAGES", "DATA_SCHEMA",
]  # fmt: skip

LANGUAGES = ("nl", "fr", "en")
DATA_SCHEMA = "schemas/data.schema.json"
DATA_FORMAT = "pii-scan subject data"
DATA_VERSION = 1
CATEGORY_ORDER = ("identification", "contact", "family", "connection", "financial", "sensitive", "none")
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


def source_names(locations: Sequence[Any], sources: Iterable[str]) -> dict[str, str]:
    """Each searched location (a file path, a masked database URL) -> the name of the configured source
    it belongs to: the longest configured location that holds it (a folder, a glob, the URL itself).
    A location no source holds is named after its last path segment, never its full path."""
    configured = [
        (str(getattr(item, "name", "")), str(getattr(item, "location", item))) for item in locations
    ]
    out: dict[str, str] = {}
    for src in sources:
        best: tuple[int, str] | None = None
        for name, loc in configured:
            if not name:
                continue
            if "://" in loc:
                hit = src in (loc, mask_url(loc))
            else:
                folder = os.path.join(loc, "")
                hit = src == loc or src.startswith(folder) or fnmatch.fnmatchcase(src, loc)
            if hit and (best is None or len(loc) > best[0]):
                best = (len(loc), name)
        out[src] = best[1] if best else _last_segment(src)
    return out


def _last_segment(src: str) -> str:
    return src.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].split("?")[0] or "source"


def _location_of(locations: Sequence[Any], name: str) -> str | None:
    for item in locations:
        if getattr(item, "name", None) == name:
            return str(getattr(item, "location", item))
    return None


def build_data(
    result: SubjectResult,
    request_id: str,
    created_at: str,
    only_certain: bool = False,
    names: Mapping[str, str] | None = None,
) -> dict:
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
        entry: dict[str, Any] = {"source": source, "tables": tables}
        if names is not None:
            entry["name"] = names.get(source, _last_segment(source))
        sources.append(entry)
    return {
        "format": DATA_FORMAT,
        "version": DATA_VERSION,
        "request_id": request_id,
        "created_at": created_at,
        "complete": result.complete,
        "subject": result.subject_dict(),
        "sources": sources,
    }


def csv_dialect(lang: str) -> dict[str, str]:
    """The reader's CSV convention: Belgian (and French) Excel splits on ';' and reads decimal commas."""
    if lang in ("nl", "fr"):
        return {"delimiter": ";", "decimal": ",", "encoding": "utf-8-sig"}
    return {"delimiter": ",", "decimal": ".", "encoding": "utf-8-sig"}


_FILE_EXT = re.compile(r"\.(csv|tsv|jsonl?|ndjson|txt|md|xlsx?|xlsm|ods|parquet|docx?|pdf|eml)$", re.I)


def _safe_part(text: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", text).strip("._") or "table"


def _csv_path(name: str, source: str, table: str, location: str | None) -> str:
    """csv/<source name>/<table>.csv; for files the folder inside the source is kept
    (csv/files/letters/fr_demande.csv) and a workbook's sheet goes below the workbook (hr/Absences)."""
    parts: list[str] = []
    if location and "://" not in source and "://" not in location:
        rel = os.path.relpath(source, location).replace(os.sep, "/") if source != location else ""
        if rel and not rel.startswith(".."):
            rel_base = _FILE_EXT.sub("", rel)
            if table in (rel, posixpath.basename(rel)):
                parts = rel_base.split("/")
            else:  # a sheet of a workbook
                parts = [*rel_base.split("/"), table]
    if not parts:
        parts = [_FILE_EXT.sub("", p) if i == len(table.split("/")) - 1 else p
                 for i, p in enumerate(table.split("/"))]  # fmt: skip
    return "/".join(["csv", _safe_part(name), *(_safe_part(p) for p in parts if p not in ("", ".", ".."))])


def _csv_cell(value: Any, decimal: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and decimal != ".":
        return repr(value).replace(".", decimal)
    return value


def _csv_files(data: dict, lang: str, locations: Sequence[Any]) -> dict[str, bytes]:
    """The CSV files in the reader's convention; adds each table's ``csv`` path to ``data``."""
    dialect = csv_dialect(lang)
    out: dict[str, bytes] = {}
    for src in data["sources"]:
        name = src.get("name") or _last_segment(src["source"])
        location = _location_of(locations, name)
        for tbl in src["tables"]:
            buf = io.StringIO()
            writer = csv.writer(buf, delimiter=dialect["delimiter"], lineterminator="\r\n")
            writer.writerow([f["name"] for f in tbl["fields"]])
            for rec in tbl["records"]:
                writer.writerow([_csv_cell(f["value"], dialect["decimal"]) for f in rec["fields"]])
            base, n = _csv_path(name, src["source"], tbl["table"], location), 2
            path = f"{base}.csv"
            while path in out:  # export.csv and export.jsonl, two sheets of one name
                path, n = f"{base}_{n}.csv", n + 1
            out[path] = buf.getvalue().encode(dialect["encoding"])
            tbl["csv"] = path
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
        "per_category": {c: per_category[c] for c in CATEGORY_ORDER if per_category[c]},
    }


def write_package(
    result: SubjectResult,
    out: str | os.PathLike[str],
    config: Any = None,
    *,
    lang: str = "en",
    passphrase: str | None = None,
    only_certain: bool = False,
    locations: Sequence[Any] | None = None,
) -> ExportResult:
    """Write the zip for a search result; never a partial file, mode 0600, AES when ``passphrase``.

    ``locations``: the sources searched (``SourceConfig`` objects, as ``find_subject`` took them), to
    name each system; by default the configuration's sources. ``only_certain`` leaves out candidates.
    """
    from pii_scan import __version__
    from pii_scan.report import render_report

    if lang not in LANGUAGES:
        raise OutputError(f"report language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if locations is None:
        locations = list(getattr(config, "sources", None) or [])
    request_id = str(uuid.uuid4())
    created_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    names = source_names(locations, [s.source for s in result.sources] + [r.source for r in result.records])
    data = build_data(result, request_id, created_at, only_certain, names)
    csv_files = _csv_files(data, lang, locations)
    files: dict[str, bytes] = {"data.json": json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")}
    files.update(csv_files)
    schema = (resources.files("pii_scan") / DATA_SCHEMA).read_bytes()
    files["data.schema.json"] = schema
    counts = _counts(data)
    to_confirm = sum(r["confirm"] for s in data["sources"] for t in s["tables"] for r in t["records"])
    left_out = sum(r.confirm for r in result.subject_records) if only_certain else 0
    dialect = csv_dialect(lang)
    third = [t for t in getattr(result, "third_party", None) or [] if isinstance(t, dict)]
    manifest: dict[str, Any] = {
        "request_id": request_id,
        "created_at": created_at,
        "pii_scan_version": __version__,
        "complete": result.complete,
        "identifiers": [i.to_dict() for i in result.identifiers],
        "sources": [{**s.to_dict(), "name": names.get(s.source, s.source)} for s in result.sources],
        "counts": counts,
        "records_to_confirm": to_confirm,
        "third_party_records_left_out": sum(r.relation == "third_party" for r in result.records)
        + sum(int(t.get("count") or 0) for t in third if t.get("decision") == "other_person"),
        # records the subject handled as staff (the walk's "third_party"): other people's, counted only
        "handled_records_left_out": sum(
            int(t.get("count") or 0) for t in third if t.get("decision", "handled") == "handled"
        ),
        "encrypted": passphrase is not None,
        "lang": lang,
        "only_certain": only_certain,
        "candidates_left_out": left_out,
        "csv": {
            "delimiter": dialect["delimiter"],
            "decimal": dialect["decimal"],
            "encoding": "utf-8 with BOM",
            "files": sorted(csv_files),
        },  # fmt: skip
    }
    names_in_zip = [*files, "report.html", "manifest.json"]
    files["report.html"] = render_report(data, manifest, config, lang, names_in_zip).encode("utf-8")
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
    searched = [loc for loc in locations if hasattr(loc, "name")] or None
    return result, write_package(
        result, out, config, lang=lang, passphrase=passphrase, only_certain=only_certain, locations=searched
    )
