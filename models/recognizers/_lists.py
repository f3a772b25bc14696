"""Name and place lists for the Dutch (and English) NER fallback, from Faker's locale data (MIT).

Faker was chosen over the alternatives after measuring load time, memory, licence and accuracy
(benchmarks/bench_name_lists.py): it loads in milliseconds, is MIT and already a dependency."""

from __future__ import annotations

import importlib
import runpy
from importlib import resources
from pathlib import Path
from typing import Any

import spacy.lang

from .._once import once
from ._common import fold

__all__ = ["first_names", "last_names", "places", "stop_words", "PARTICLES", "TITLES"]

_PERSON_LOCALES = ("nl_BE", "nl_NL", "fr_BE", "fr_FR", "de_DE", "en_GB")
_PLACE_LOCALES = ("nl_BE", "nl_NL")

# Surname particles (tussenvoegsels) in Flemish, Dutch and French usage, lower-cased.
PARTICLES = frozenset(
    "van vanden vander vande van_der van_den van_de de den der ter ten te 't d' di da du des le la "
    "del della von vd v.d. v/d".replace("_", " ").split()
)
TITLES = frozenset(
    "dhr dhr. mevr mevr. mw mw. mr mr. dr dr. drs drs. ir ir. prof prof. meneer mevrouw heer juffrouw "
    "mme mme. mlle m. monsieur madame mademoiselle docteur maitre me mrs mrs. ms ms. miss sir".split()
)


def _provider(kind: str, locale: str) -> type[Any]:
    return importlib.import_module(f"faker.providers.{kind}.{locale}").Provider


@once
def first_names() -> frozenset[str]:
    names: set[str] = set()
    for loc in _PERSON_LOCALES:
        names.update(fold(n) for n in _provider("person", loc).first_names)
    return frozenset(n for n in names if len(n) > 1)


@once
def last_names() -> frozenset[str]:
    names: set[str] = set()
    for loc in _PERSON_LOCALES:
        for n in _provider("person", loc).last_names:
            # "de Vries" -> keep the core "vries"; particles are matched separately.
            words = [w for w in fold(n).split() if w not in PARTICLES]
            if words:
                names.add(" ".join(words))
    return frozenset(n for n in names if len(n) > 1)


@once
def places() -> frozenset[str]:
    found: set[str] = set()
    for loc in _PLACE_LOCALES:
        provider = _provider("address", loc)
        found.update(fold(c) for c in provider.cities)
        found.update(fold(c) for c in getattr(provider, "provinces", ()))
    extra = resources.files("pii_scan.models").joinpath("data/places_extra.txt").read_text("utf-8")
    found.update(fold(line.strip()) for line in extra.splitlines() if line.strip() and line[0] != "#")
    return frozenset(found)


@once
def stop_words() -> frozenset[str]:
    """spaCy's Dutch, French and English stop words, folded."""
    words: set[str] = set()
    for lang in ("nl", "fr", "en"):
        # Read the word list file directly: importing spacy.lang.fr compiles its tokenizer exceptions,
        # which takes about 5 seconds.
        path = Path(spacy.lang.__file__).parent / lang / "stop_words.py"
        words.update(runpy.run_path(str(path))["STOP_WORDS"])
    return frozenset(fold(w) for w in words)
