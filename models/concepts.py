"""Concepts of the seed policies: what a column holds, whatever the database calls it.

A concept (``birth_date``, ``gender``, ``civil_status``, ``union``) has a category of the policies,
names in Dutch, French and English (the rows of ``data/headers.csv``), the usual abbreviations, and
the shapes its values take (``models.shapes``). A column's concept is found three ways, which
``models.concept_evidence`` then weighs together with the table's context:

- its name is in the dictionary (``headers.match_header``);
- its name is a terse abbreviation of a concept's name (``gbdt`` ~ *geboortedatum*, ``brgst`` ~
  *burgerlijke staat*): the letters of the abbreviation, in order, starting with the first;
- its values have a concept's distinctive shape (a closed vocabulary of gender codes or union names).

No list of held-out column names: abbreviations are derived from the concept names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pii_scan.models.headers import HeaderMatch, match_header, normalise, terms

from ._once import once

__all__ = [
    "Concept",
    "CONCEPTS",
    "concept",
    "names",
    "abbreviation_candidates",
    "match_abbreviation",
    "match_column_name",
    "match_word_prefixes",
    "concept_table",
]


@dataclass(frozen=True)
class Concept:
    key: str  # as in data/headers.csv
    category: str
    shapes: tuple[str, ...] = ()  # value shapes that confirm it (models.shapes.SHAPES or entity rates)
    abbreviations: tuple[str, ...] = ()  # usual short forms that are not letter-subsequences of a name
    distinctive: bool = False  # its shape alone, in a table about people, decides a column
    person_only: bool = False  # personal only in a table about people (a film's language is not)


CONCEPTS: tuple[Concept, ...] = (
    # identification
    Concept("first_name", "identification", ("person_names",), ("vn",)),
    Concept("last_name", "identification", ("person_names",)),
    Concept("full_name", "identification", ("person_names",)),
    Concept("name", "identification", ("person_names",), ("nm",)),
    Concept("birth_date", "identification", ("birth_dates",), ("dob", "ddn")),
    Concept("birth_place", "identification", ("places",), ("pob", "ldn")),
    Concept("age", "identification", ("ages",)),
    Concept("gender", "identification", ("gender_codes",), ("mv", "gs"), distinctive=True),
    Concept("language", "identification", ("language_codes",), person_only=True),
    Concept("nationality", "identification", ("nationalities",)),
    Concept("national_number", "identification", ("national_numbers",), ("rr", "inss", "nrn")),
    Concept("id_document", "identification", ("passport_numbers", "id_numbers"), ("eid",)),
    Concept("photo", "identification", ("binary",)),
    Concept("title_of_courtesy", "identification"),
    # family
    Concept("household", "family", ("small_counts",)),
    Concept("children", "family", ("small_counts", "person_names")),
    Concept("dependants", "family", ("small_counts",), ("ptl",)),
    Concept("partner", "family", ("person_names",)),
    Concept("parent", "family", ("person_names",)),
    Concept("civil_status", "family", ("civil_status",), ("bs",), distinctive=True),
    # contact
    Concept("email", "contact", ("emails",)),
    Concept("phone", "contact", ("phones",)),
    Concept("street", "contact", ("streets",)),
    Concept("postcode", "contact", ("postcodes", "postcode_numbers")),
    Concept("city", "contact", ("places",)),
    Concept("website", "contact"),
    # connection
    Concept("username", "connection", ("usernames",)),
    Concept("password", "connection"),
    Concept("ip_address", "connection", ("ips",)),
    Concept("device", "connection", ("tokens", "user_agents"), ("ua",)),
    # financial
    Concept("iban", "financial", ("ibans",)),
    Concept("card_number", "financial", ("cards",)),
    Concept("salary", "financial", ("amounts",)),
    Concept("amount", "financial", ("amounts",)),
    # sensitive
    Concept("health", "sensitive"),
    Concept("diagnosis_code", "sensitive", ("icd10",), distinctive=True),
    Concept("incapacity", "sensitive", ("percentages",), ("ao",)),
    Concept("health_fund", "sensitive", ("health_funds",), ("zf",), distinctive=True),
    Concept("judicial", "sensitive"),
    Concept("union", "sensitive", ("union_names",), ("vb",), distinctive=True),
    Concept("religion", "sensitive"),
    Concept("politics", "sensitive"),
    Concept("ethnicity", "sensitive"),
)
_BY_KEY = {c.key: c for c in CONCEPTS}


def concept(key: str) -> Concept | None:
    return _BY_KEY.get(key)


def names(key: str, lang: str) -> tuple[str, ...]:
    """The dictionary's names of a concept in one language (``nl``, ``fr``, ``en``)."""
    found = (t.term.strip("*").strip() for t in terms() if t.concept == key and t.lang == lang)
    return tuple(dict.fromkeys(found))


@once
def _index() -> tuple[tuple[str, tuple[str, ...], str, str, float], ...]:
    """(compact name, its words, concept, language, weight) for every dictionary term."""
    out = []
    for t in terms():
        core = normalise(t.term.strip("*"))
        if core:
            out.append((core.replace(" ", ""), tuple(core.split()), t.concept, t.lang, t.weight))
    return tuple(out)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _word_prefixes(parts: list[str], words: tuple[str, ...]) -> bool:
    """``geb dat`` against ``geboorte datum``: each part starts the next word (or compound piece)."""
    if len(parts) < 2 or len(parts) > len(words):
        return False
    return all(w.startswith(p) for p, w in zip(parts, words, strict=False))


def abbreviation_candidates(name: str) -> list[tuple[str, float, str, str]]:
    """Concepts whose name ``name`` abbreviates: (concept, score, full name, language), best first.

    Score 0.9: the abbreviation starts the name (``nat`` ~ nationaliteit) or each of its parts starts a
    word of it (``geb_dat``); 0.7: its letters occur in order from the first (``gbdt`` ~ geboortedatum).
    Only terse names (3 to 7 letters once joined) are read as abbreviations; the usual two-letter
    forms (``rr``, ``bs``) are listed per concept."""
    parts = normalise(name).split()
    compact = "".join(parts)
    if not compact.isalpha() or not 2 <= len(compact) <= 7:
        return []
    best: dict[str, tuple[float, str, str]] = {}
    for c in CONCEPTS:
        if compact in c.abbreviations:
            best[c.key] = (0.8, compact, "abbr")
    if len(compact) >= 3:
        for full, words, key, lang, _w in _index():
            if len(full) <= len(compact) or full[0] != compact[0]:
                continue
            if full.startswith(compact) or _word_prefixes(parts, words):
                score = 0.9
            elif _subsequence(compact, full):
                score = 0.7
            else:
                continue
            score += 0.05 * len(compact) / len(full)  # between equals, the name it covers more of
            if score > best.get(key, (0.0, "", ""))[0]:
                best[key] = (score, " ".join(words), lang)
    return sorted(((k, s, n, lang) for k, (s, n, lang) in best.items()), key=lambda x: -x[1])


def _category(key: str) -> str:
    c = _BY_KEY.get(key)
    if c is not None:
        return c.category
    from pii_scan.models.headers import concept_category

    return concept_category(key)


def match_abbreviation(name: str) -> HeaderMatch | None:
    """The most likely concept of a terse name, as a weak header (the values must confirm it)."""
    cands = abbreviation_candidates(name)
    if not cands:
        return None
    key, score, full, lang = cands[0]
    return HeaderMatch(
        concept=key,
        category=_category(key),
        weight=round(0.5 * score, 3),
        rule=f"abbreviation {name!r} ~ {key} ({lang}: {full})",
        lang=lang if lang != "abbr" else "",
        term=full,
        via="abbreviation",
    )


# Little words a short name leaves out ("lieu naiss" for "lieu de naissance").
_FUNCTION_WORDS = frozenset("de d du des la le l van het der of the a en et and".split())
# A family member qualifying a field makes it that member's data (date_naiss_enfant, naam partner).
_FAMILY_MEMBERS = {
    **dict.fromkeys("kind kinderen kinds enfant enfants child children kid kids".split(), "children"),
    **dict.fromkeys(
        "partner partners echtgenoot echtgenote conjoint conjointe spouse epoux epouse".split(), "partner"
    ),
    **dict.fromkeys("ouder ouders moeder vader parent parents mere pere mother father".split(), "parent"),
}


def _content(words: tuple[str, ...] | list[str]) -> list[str]:
    return [w for w in words if w not in _FUNCTION_WORDS]


@once
def _prefix_index() -> dict[tuple[int, str], list[tuple[list[str], str, tuple[str, ...], str, str, float]]]:
    """The index by (number of content words, first letter), in its order: a name's words can only
    start the words of the terms in its own bucket (the loop over all terms took 15 ms a column)."""
    out: dict[tuple[int, str], list[tuple[list[str], str, tuple[str, ...], str, str, float]]] = {}
    for full, words, key, lang, weight in _index():
        content = _content(words)
        if content:
            out.setdefault((len(content), content[0][0]), []).append(
                (content, full, words, key, lang, weight)
            )
    return out


def match_word_prefixes(name: str) -> HeaderMatch | None:
    """A name of several words each starting a word of a dictionary term, in order: ``Date de naiss.``
    ~ *date de naissance*, ``affiliationSynd`` ~ *affiliation syndicale*."""
    parts = [p for p in normalise(name).split() if len(p) == 1 or p not in _FUNCTION_WORDS]
    # Single letters only beside a longer word ("kind t l" for kinderen ten laste).
    if len(parts) < 2 or max(len(p) for p in parts) < 3:
        return None
    best: tuple[int, str, str, str, float] | None = None
    for content, full, words, key, lang, weight in _prefix_index().get((len(parts), parts[0][0]), ()):
        if content == parts:
            continue
        if all(w.startswith(p) for p, w in zip(parts, content, strict=True)):
            if best is None or len(full) > best[0]:
                best = (len(full), key, " ".join(words), lang, weight)
    if best is None:
        return None
    _, key, full, lang, weight = best
    rule = f"header {name!r} ~ {key} ({lang}: {full}, words abbreviated)"
    return HeaderMatch(key, _category(key), round(0.95 * weight, 3), rule, lang, full)


def _family_member(name: str, h: HeaderMatch) -> HeaderMatch:
    """``geboortedatum kind``: a person's field qualified by a family member is family data."""
    if h.category != "identification" or h.subject == "organisation":
        return h
    term_words = set(normalise(h.term.strip("*")).split())
    outside = [w for w in normalise(name).split() if w not in term_words]
    member = next((_FAMILY_MEMBERS[w] for w in outside if w in _FAMILY_MEMBERS), None)
    if member is None:
        return h
    return HeaderMatch(
        member, "family", h.weight, f"{h.rule}, of a family member ({member})", h.lang, h.term, via=h.via
    )


def match_column_name(name: object) -> HeaderMatch | None:
    """The dictionary's reading of a column name (or of its abbreviated words when that covers more of
    it), else its reading as an abbreviation; a family member's field is family data."""
    text = str(name)
    h = match_header(text)
    if re.search(r"\w\.(?:\s|$)", text):  # "Geb. datum": a dot that ends an abbreviated word, not a path
        h2 = match_header(re.sub(r"\.(?=\s|$)", " ", text))
        if h2 is not None and (h is None or len(h2.term.split()) > len(h.term.split())):
            h = h2
        text = re.sub(r"\.(?=\s|$)", " ", text)
    words = _content(normalise(text).split())
    if h is None or len(_content(normalise(h.term.strip("*")).split())) < len(words):
        h = match_word_prefixes(text) or h
    if h is None:
        return match_abbreviation(text)
    return _family_member(text, h)


def concept_table() -> list[dict[str, str]]:
    """One row per concept for the README: category, example names in nl/fr/en, value shapes."""
    rows = []
    for c in CONCEPTS:
        ex = {lang: ", ".join(names(c.key, lang)[:3]) for lang in ("nl", "fr", "en")}
        shapes = ", ".join(c.shapes) or "(name only; text mentions)"
        rows.append({"concept": c.key, "category": c.category, **ex, "shapes": shapes})
    return rows
