"""Choose between the pipeline pii-scan ships and a spaCy pipeline the user installed, by measurement.

Where an ``nl_core_news_*`` package is installed, both are scored on the project's Dutch development
sample (``data/nl_ner_dev.jsonl``: UD Dutch sentences, CC BY-SA 4.0, never trained on) and the one with
the higher exact-span F1 over persons and places serves Dutch. The comparison runs once per pair of
versions and is kept in the user's cache folder, so later runs pay nothing for it. The engine report
says which pipeline won and by how much."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["DEV_SAMPLE", "Choice", "choose", "score_pipeline"]

DEV_SAMPLE = {"nl": Path(__file__).resolve().parent / "data" / "nl_ner_dev.jsonl"}
_KIND = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "LOCATION": "LOC"}

Choice = dict[str, Any]  # {"model": ..., "f1": ..., "scores": {candidate: f1}, "sample": n}


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pii-scan" / "engine-choice.json"


def _sample(language: str) -> list[tuple[str, set[tuple[int, int, str]]]]:
    rows = []
    for line in DEV_SAMPLE[language].read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        rows.append((d["text"], {(a, b, lab) for a, b, lab in d["ents"] if lab in ("PER", "LOC")}))
    return rows


def score_pipeline(model: str, language: str) -> float:
    """Exact-span micro F1 of ``model``'s persons and places on the development sample."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "lemmatizer", "tagger", "morphologizer"])
    rows = _sample(language)
    tp = n_pred = n_gold = 0
    for (_, gold), doc in zip(rows, nlp.pipe(t for t, _ in rows), strict=True):
        pred = {(e.start_char, e.end_char, _KIND[e.label_]) for e in doc.ents if e.label_ in _KIND}
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _version(model: str) -> str:
    meta = Path(model) / "meta.json"
    if meta.is_file():
        m = json.loads(meta.read_text(encoding="utf-8"))
        return f"{m.get('name', model)}=={m.get('version', '?')}"
    import spacy

    return f"{model}=={spacy.util.get_package_version(model)}"


def choose(language: str, shipped: str, candidates: Iterable[str]) -> Choice:
    """The better of ``shipped`` and the installed ``candidates`` on the development sample (cached)."""
    models = [shipped, *candidates]
    key = f"{language}:" + ",".join(_version(m) for m in models)
    cache = _cache_file()
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if isinstance(known, dict) and isinstance(known.get(key), dict):
        return known[key]
    scores = {}
    for m in models:
        try:
            scores[m] = score_pipeline(m, language)
        except (OSError, ImportError, ValueError, KeyError):  # a broken install takes no part
            if m == shipped:
                raise
            scores[m] = 0.0
    best = max(models, key=lambda m: (scores[m], m == shipped))  # a tie keeps the shipped one
    choice: Choice = {"model": best, "f1": scores[best], "scores": scores, "sample": len(_sample(language))}
    known = known if isinstance(known, dict) else {}
    known[key] = choice
    try:  # the cache is a convenience: an unwritable home only means measuring again next time
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".engine-choice.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(known, f, indent=1)
        os.replace(tmp, cache)
    except OSError:
        pass
    return choice
