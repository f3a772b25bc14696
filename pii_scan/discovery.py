"""Discovery: classify every column, sheet column and text document of one or more sources.

The unit of work is one table (``scan_table``): it opens its own connector, reads a sample (about
1,000 rows however large the table), and returns plain, picklable ``FieldResult`` records, so tables
can run in other processes or on Dask workers. ``scan`` runs the units of several locations and
turns every failing source or table into a ``SourceFailure`` while the others go on.

Cost: distinct values only; short values go through the regex/checksum fast path
(``classify_values``); only free text reaches the NLP pipelines, batched per language.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pii_scan.connectors.base import Connector, TableInfo
from pii_scan.connectors.registry import connector_for, is_url, open_source
from pii_scan.console import track
from pii_scan.errors import PiiScanError
from pii_scan.masking import mask_url, mask_value
from pii_scan.models.column_classifier import (
    Decision,
    ValueProfile,
    decide,
    is_free_text,
    org_like_share,
    person_like_share,
    profile_values,
    table_context,
)
from pii_scan.models.concepts import match_column_name
from pii_scan.models.entities import CATEGORIES, CATEGORY_OF
from pii_scan.models.headers import normalise
from pii_scan.results import Entity, Evidence, FieldResult, SourceFailure

__all__ = ["ScanOptions", "ScanReport", "scan", "scan_table", "scan_connector_table"]

LANGS = ("nl", "fr", "en")
MAX_TEXTS = 500  # distinct free-text values analysed per column (NER is the slow part)
# Main category of a document mentioning several: the most sensitive one first.
PRIORITY = ("sensitive", "financial", "identification", "family", "connection", "contact")


@dataclass(frozen=True)
class ScanOptions:
    sample: int = 1000
    lang: str = "auto"  # "auto" | "nl" | "fr" | "en"
    limits: dict[str, int] | None = None  # Limits fields for the unit's connector (None: the current)


@dataclass
class ScanReport:
    fields: list[FieldResult] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    engines: dict[str, str] = field(default_factory=dict)


# -- language ------------------------------------------------------------------------------------


def _detect_languages(texts: Sequence[str], forced: str) -> list[str]:
    """Language per text, restricted to the engines we have (others are served by "en")."""
    if forced != "auto":
        return [forced] * len(texts)
    try:
        from pii_scan.models.language import detect_languages
    except ImportError:  # helper module not there yet: English patterns still find identifiers
        return ["en"] * len(texts)
    return [lang if lang in LANGS else "en" for lang in detect_languages(list(texts))]


def _language_info(langs: Sequence[str], texts: Sequence[str] = ()) -> dict[str, Any]:
    from pii_scan.models.analyzer import engine_info, engine_plan

    counts = Counter(langs)
    total = sum(counts.values()) or 1
    if len(counts) == 1:
        detected = next(iter(counts))
    else:
        detected = "mixed: " + ", ".join(f"{lang} {n / total:.0%}" for lang, n in counts.most_common())
    engines = engine_info()
    plan = engine_plan(texts, langs) if texts else {}

    def engine(lang: str) -> str:
        served = plan.get(lang, lang)
        if served == lang:
            return engines.get(lang, "")
        return f"{served} engine ({counts[lang]} of {total} texts: too little for its own): " + engines.get(
            served, ""
        )

    return {"detected": detected, "engine": {lang: engine(lang) for lang in counts}}


def _analyze_by_language(texts: Sequence[str], langs: Sequence[str]) -> list[list[Any]]:
    """Recognizer results per text, each language's engine on its own texts only (one batch each).

    A language's NER pipeline loads only where the unit holds enough text in it; a few texts in
    another language are read by the unit's main language's engine (``engine_plan``)."""
    from pii_scan.models.analyzer import analyze_texts, engine_plan

    plan = engine_plan(texts, langs)
    served = [plan.get(lang, lang) for lang in langs]
    out: list[list[Any]] = [[] for _ in texts]
    for lang in sorted(set(served)):
        idx = [i for i, lg in enumerate(served) if lg == lang]
        results = analyze_texts([texts[i] for i in idx], lang)
        for i, res in zip(idx, results, strict=True):
            out[i] = res
    return out


def _text_rates(texts: Sequence[str], results: Sequence[Sequence[Any]]) -> dict[str, float]:
    """entity -> share of texts mentioning it."""
    counts: Counter[str] = Counter()
    for res in results:
        counts.update(sorted({r.entity_type for r in res}))  # sorted: same order in every process
    n = len(texts) or 1
    return {e: c / n for e, c in counts.items()}


# -- one table -----------------------------------------------------------------------------------


def _open(location: str, root: str | None) -> Connector:
    if is_url(location):
        return open_source(location)[0]
    return connector_for(location, root=root)


def scan_table(
    location: str, table: str, options: ScanOptions = ScanOptions(), root: str | None = None
) -> list[FieldResult]:
    """Classify every column of one table (or the one document) of the source at ``location``.

    An independent unit: opens and closes its own connector; arguments and result are picklable.
    Raises ``SourceError`` when the source or table cannot be read.
    """
    from pii_scan.limits import use_limits

    with use_limits(options.limits):  # a worker process has no configuration of its own
        conn = _open(location, root)
    try:
        return scan_connector_table(conn, table, options)
    finally:
        conn.close()


def scan_connector_table(
    conn: Connector, table: str, options: ScanOptions = ScanOptions()
) -> list[FieldResult]:
    """``scan_table`` on an already open connector (``scan`` reuses one per source)."""
    info = conn.table(table)
    source = mask_url(conn.display_name)
    if info.kind == "document":
        return [_scan_document(conn, info, source, options)]
    data, rows = conn.sample_columns(table, options.sample)
    return _scan_columns(data, rows, info, source, options)


def _scan_columns(
    data: dict[Any, list[Any]], rows: int, info: TableInfo, source: str, options: ScanOptions
) -> list[FieldResult]:
    """Classify the sampled columns (label -> values) of one table."""
    from pii_scan.models.analyzer import classify_values, ner_languages, prefetch

    columns = [c.name for c in info.columns] or [str(c) for c in data]
    types = {c.name: c.type for c in info.columns}
    headers = {col: match_column_name(col) for col in columns}
    profiles: dict[str, ValueProfile] = {}
    rates: dict[str, dict[str, float]] = {}
    text_cols: dict[str, bool] = {}
    detected: dict[str, list[str]] = {}
    for col in columns:
        values = data[col] if col in data else []
        profiles[col] = p = profile_values(values, rows)
        text_cols[col] = is_free_text(headers[col], p)
        if text_cols[col]:
            # Languages first, so the NER pipelines they need load in the background while the value
            # checks of the other columns run.
            detected[col] = _detect_languages(list(p.distinct[:MAX_TEXTS]), options.lang)
            prefetch(ner_languages(list(p.distinct[:MAX_TEXTS]), detected[col]))
    for col in columns:
        p = profiles[col]
        texts = [v for v in p.distinct if not v.startswith("<binary")]
        rates[col] = classify_values(texts) if texts and not text_cols[col] else {}
    person_names = {
        col: person_like_share(profiles[col].distinct[:200])
        for col, h in headers.items()
        if h is not None and h.concept == "name"
    }
    keys = set(info.primary_key) | {c for fk in info.foreign_keys for c in fk.columns}
    org_values = any(
        org_like_share(profiles[col].distinct[:200]) >= 0.3
        for col, h in headers.items()
        if h and h.concept == "name"
    ) or any(r.get("BE_ENTERPRISE_NUMBER", 0) + r.get("NL_KVK", 0) >= 0.5 for r in rates.values())
    ctx = table_context(
        headers, person_names, info.row_count, sorted(keys), _own_key(info, columns), info.name, org_values
    )
    out = []
    for col in columns:
        p = profiles[col]
        language = None
        text_rates = None
        if text_cols[col]:
            texts = list(p.distinct[:MAX_TEXTS])
            langs = detected[col]
            text_rates = _text_rates(texts, _analyze_by_language(texts, langs))
            language = _language_info(langs, texts)
        d = decide(col, headers[col], p, rates[col], ctx, text_rates)
        out.append(_field(source, info.name, col, d, rows, language, types.get(col)))
    return out


def _own_key(info: TableInfo, columns: Sequence[str]) -> tuple[str, ...]:
    """The declared primary key, or else ``<table>_id`` (databases converted without constraints)."""
    if info.primary_key:
        return tuple(info.primary_key)
    base = normalise(info.name.rsplit(".", 1)[-1].rsplit("/", 1)[-1])
    stems = {base, base.rstrip("s"), base[:-3] + "y" if base.endswith("ies") else base}
    return tuple(c for c in columns if normalise(c) in {f"{s} id" for s in stems} | {"id"})


def _field(
    source: str, table: str, column: str | None, d: Decision, rows: int, language: Any, dtype: str | None
) -> FieldResult:
    return FieldResult(
        source=source,
        table=table,
        column=column,
        category=d.category,
        categories=d.categories,
        entities=d.entities,
        confidence=d.confidence,
        evidence=d.evidence,
        rows_sampled=rows,
        language=language,
        subject=d.subject,
        kind=d.kind,
        data_type=dtype,
    )


_PARAGRAPHS = re.compile(r"\n\s*\n")


def _scan_document(conn: Connector, info: TableInfo, source: str, options: ScanOptions) -> FieldResult:
    """A text document: paragraphs get their own language (letters mix Dutch and French).

    A long document is sampled (head and evenly spaced windows within the connector's byte budget),
    so its cost is bounded like a table's."""
    pieces, whole = conn.sample_document(info.name, conn.limits.text_budget_bytes)
    # Hard-wrapped lines joined with a space (same length): context such as "née le" then reaches
    # a date on the next line.
    paragraphs = [
        p.strip().replace("\n", " ") for text in pieces for p in _PARAGRAPHS.split(text) if p.strip()
    ]
    langs = _detect_languages(paragraphs, options.lang)
    results = _analyze_by_language(paragraphs, langs)
    best: dict[str, float] = {}
    samples: list[str] = []
    for para, res in zip(paragraphs, results, strict=True):
        for r in res:
            best[r.entity_type] = max(best.get(r.entity_type, 0.0), float(r.score))
            if CATEGORY_OF.get(r.entity_type, "none") != "none" and len(samples) < 3:
                samples.append(mask_value(para[r.start : r.end]))
    entities = tuple(
        Entity(e, s, CATEGORY_OF.get(e, "none")) for e, s in sorted(best.items(), key=lambda x: -x[1])
    )
    found = {e.category for e in entities if e.category != "none"}
    cats = tuple(c for c in PRIORITY if c in found)
    category = cats[0] if cats else "none"
    confidence = max((e.score for e in entities if e.category == category), default=0.7)
    rates = _text_rates(paragraphs, results)
    evidence = Evidence(
        recognizers={e: round(r, 3) for e, r in sorted(rates.items(), key=lambda x: -x[1])},
        samples=tuple(samples),
        notes=(
            f"document of {len(paragraphs)} paragraphs"
            if whole
            else f"sampled {len(paragraphs)} paragraphs: the head and {len(pieces) - 1} evenly spaced "
            f"windows, {sum(len(t) for t in pieces):,} characters within a budget of "
            f"{conn.limits.text_budget_bytes:,} bytes",
        ),
    )
    assert category in CATEGORIES
    return FieldResult(
        source=source,
        table=info.name,
        column=None,
        category=category,
        categories=cats,
        entities=entities,
        confidence=round(confidence, 3),
        evidence=evidence,
        rows_sampled=len(paragraphs),
        language=_language_info(langs, paragraphs) if langs else None,
        subject="person" if found else "unknown",
        kind="document",
    )


# -- several sources -----------------------------------------------------------------------------


def _failure(source: str, err: BaseException, table: str | None = None) -> SourceFailure:
    if isinstance(err, PiiScanError):
        msg = getattr(err, "message", None) or str(err)
    else:
        msg = " ".join(f"{type(err).__name__}: {err}".split())
    return SourceFailure(source=mask_url(source), message=msg, table=table, error=type(err).__name__)


def scan(locations: Sequence[Any], options: ScanOptions | None = None, executor: Any = None) -> ScanReport:
    """Scan every table of every location; failures are reported, the rest goes on.

    A location is a path, glob or URL, or a configured ``SourceConfig`` whose include/exclude
    patterns then select the files and tables. ``executor`` (``pii_scan.executors``): where the
    tables are classified, one task each (default: here, on the connectors already open)."""
    from pii_scan.models.analyzer import engine_info

    options = options or ScanOptions()
    report = ScanReport()
    units: list[tuple[Connector, str]] = []
    refs: dict[int, str] = {}  # id(connector) -> its source's ${VAR} password, for cluster workers
    connectors: list[Connector] = []
    for item in locations:
        loc = str(getattr(item, "location", item))
        ref = str(getattr(item, "password_ref", ""))
        selects = getattr(item, "selects", None)
        try:
            found = open_source(loc)
        except Exception as err:  # noqa: BLE001 - one bad source must not stop the others
            report.failures.append(_failure(loc, err))
            continue
        for conn in found:
            rel = _relative_file(loc, conn.location)
            if selects is not None and not selects(rel):
                conn.close()
                continue
            connectors.append(conn)
            refs[id(conn)] = ref
            try:
                units.extend(
                    (conn, t.name) for t in conn.tables() if selects is None or selects(rel, t.name)
                )
                for name, reason in conn.unreadable().items():  # a broken view: named, the rest goes on
                    if selects is None or selects(rel, name):
                        report.failures.append(_failure(conn.display_name, PiiScanError(reason), name))
            except Exception as err:  # noqa: BLE001
                report.failures.append(_failure(conn.display_name, err))
    try:
        if executor is not None:
            from pii_scan.units import run_scan_units

            run_scan_units(executor, [(c, t, refs[id(c)]) for c, t in units], options, report)
            units = []
        for conn, table in track(units, "Scanning tables", total=len(units)):
            try:
                report.fields.extend(scan_connector_table(conn, table, options))
            except Exception as err:  # noqa: BLE001
                report.failures.append(_failure(conn.display_name, err, table))
    finally:
        for conn in connectors:
            conn.close()
    report.engines = engine_info()
    return report


def _relative_file(root: str, path: str) -> str:
    """A file's path relative to the scanned directory (what include/exclude patterns name)."""
    if os.path.isdir(root):
        return os.path.relpath(path, root).replace(os.sep, "/")
    return os.path.basename(path) if os.path.exists(path) else ""
