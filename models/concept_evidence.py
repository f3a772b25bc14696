"""Agreement of a column's name, its values' shape and its table's context on one concept.

``refine`` runs before the column classifier weighs names against recognizers: it turns what the
name says (a dictionary term, a terse abbreviation, or nothing) into a header match whose weight says
how far the values' shape and the table agree with it. None of the three is needed when the other
two are strong:

- a dictionary name is confirmed (or, for contextual concepts such as *taal*, refuted) by the values;
- an abbreviation counts only when the values have its concept's shape (``gbdt`` of birth dates);
- without a name, a distinctive shape (gender codes, civil-status words, union names, health funds,
  birth dates, language names) decides a column in a table about people.

A known non-personal name (``status``, ``product_code``) stays non-personal whatever its values look
like, except for the vocabularies no other domain uses (civil-status words, unions, health funds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pii_scan.models.column_subject import TableContext, person_like_share
from pii_scan.models.concepts import abbreviation_candidates, concept
from pii_scan.models.headers import HeaderMatch, concept_category
from pii_scan.models.shapes import SHAPES

__all__ = ["refine", "column_shapes"]

# Shapes read off the recognizers' hit rates rather than computed again.
_RATE_SHAPES: dict[str, tuple[str, ...]] = {
    "places": ("LOCATION",),
    "national_numbers": ("BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR"),
    "id_numbers": ("ID_CARD",),
    "emails": ("EMAIL_ADDRESS",),
    "phones": ("PHONE_NUMBER",),
    "streets": ("STREET_ADDRESS",),
    "postcodes": ("POSTAL_CODE",),
    "ips": ("IP_ADDRESS",),
    "ibans": ("IBAN_CODE",),
    "cards": ("CREDIT_CARD",),
}
# Vocabularies that mean the same in every table about people, even under a generic name.
_UNAMBIGUOUS = ("civil_status", "union", "health_fund")
# Shapes of formatted values (numbers, addresses of a kind): words instead of them refute the name.
_FORMATS = frozenset({"phones", "emails", "ibans", "cards", "ips", "national_numbers", "postcodes"})
# Diagnosis codes are not among them: product codes take the same shape (J45, E11).
_DISTINCTIVE = ("gender", "civil_status", "union", "health_fund")
_MENTIONS = {"RELIGION": "religion", "UNION": "union", "HEALTH": "health", "POLITICS": "politics",
             "ETHNICITY": "ethnicity", "JUDICIAL": "judicial", "FAMILY_RELATION": "household"}  # fmt: skip
_GENERIC_NONE = frozenset({"status", "product", "notes"})


class column_shapes:  # noqa: N801 - used like a function returning a lazy mapping
    """A column's shape scores, computed on first use."""

    def __init__(self, values: tuple[str, ...], rates: Mapping[str, float], binary: int, rows: int) -> None:
        self._values = [v for v in values if not v.startswith("<binary")]
        self._rates = rates
        self._binary = binary
        self._rows = rows
        self._cache: dict[str, float] = {}

    def __getitem__(self, name: str) -> float:
        if name not in self._cache:
            self._cache[name] = self._compute(name)
        return self._cache[name]

    def _compute(self, name: str) -> float:
        if name in _RATE_SHAPES:
            return min(1.0, sum(self._rates.get(e, 0.0) for e in _RATE_SHAPES[name]))
        if name == "person_names":
            return max(self._rates.get("PERSON", 0.0), person_like_share(self._values[:200]))
        if name == "binary":
            return 1.0 if self._binary else 0.0
        if name == "ages":
            vals = [v for v in self._values if v.strip()]
            ok = sum(1 for v in vals if v.isdigit() and 0 <= int(v) <= 110)
            return ok / len(vals) if len(vals) >= 3 else 0.0
        fn = SHAPES.get(name)
        return fn(self._values[:500]) if fn else 0.0

    def rate(self, entity: str) -> float:
        return self._rates.get(entity, 0.0)

    def words(self) -> float:
        """Share of values (at least five distinct) that are letters and spaces only."""
        vals = [v for v in self._values if v.strip()]
        if len(vals) < 5:
            return 0.0
        return sum(1 for v in vals if all(c.isalpha() or c in " -'" for c in v)) / len(vals)

    def best(self, shapes: tuple[str, ...]) -> tuple[str | None, float]:
        scored = [(s, self[s]) for s in shapes]
        return max(scored, key=lambda x: x[1]) if scored else (None, 0.0)


def _or(*ps: float) -> float:
    """Independent pieces of evidence for the same conclusion (noisy-OR)."""
    out = 1.0
    for p in ps:
        out *= 1.0 - p
    return round(1.0 - out, 3)


def _as(
    header: HeaderMatch | None, key: str, weight: float, rule: str, via: str, category: str | None = None
) -> HeaderMatch:
    c = concept(key)
    category = category or (c.category if c else "none")
    if header is not None:
        return replace(header, concept=key, category=category, weight=weight, rule=rule, via=via)
    return HeaderMatch(concept=key, category=category, weight=weight, rule=rule, lang="", term="", via=via)


def refine(
    column: str,
    header: HeaderMatch | None,
    values: tuple[str, ...],
    rates: Mapping[str, float],
    ctx: TableContext,
    binary: int = 0,
) -> tuple[HeaderMatch | None, list[str]]:
    """The header match once the values and the table have had their say, and notes saying why."""
    shapes = column_shapes(values, rates, binary, len(values))
    people = (ctx.person or ctx.people) and not ctx.organisation
    if header is not None and header.via == "dictionary":
        return _named(header, shapes, ctx, people)
    found = _abbreviated(column, header, shapes, people, ctx.concepts)
    if found is not None:
        return found
    # An abbreviation the values do not confirm says nothing (veld ~ vervaldatum kaart).
    header = None
    if people and not ctx.product:
        return _by_values(header, shapes, ctx.concepts)
    return header, []


def _named(
    header: HeaderMatch, shapes: column_shapes, ctx: TableContext, people: bool
) -> tuple[HeaderMatch | None, list[str]]:
    key = header.concept
    if key == "key" and header.of == "device" and shapes["tokens"] >= 0.8:
        # A session's id is the session id: a key of a connection record that is itself connection data.
        return _as(header, "device", 0.85, f"{header.rule}; values are tokens", "dictionary"), []
    if key == "language":
        lang, prog = shapes["language_codes"], shapes["programming_languages"]
        if lang >= 0.8 and people:
            w = _or(header.weight, 0.8 * lang)
            return replace(header, weight=w), [f"{lang:.0%} of values are language codes: a person's"]
        if prog >= 0.5 or (shapes._values and lang < 0.5):
            return replace(header, category="none", weight=0.75), ["values are not human languages"]
        if not people:
            return replace(header, category="none", weight=0.6), ["language of a record that is not a person"]
        return header, []
    if key in ("amount", "salary") and ctx.product and not people:
        return replace(header, category="none", weight=0.6), ["an amount in a table about goods"]
    if header.category == "none":
        if key in _GENERIC_NONE and people:
            for k in _UNAMBIGUOUS:
                shape, s = shapes.best(concept(k).shapes)
                if s >= 0.9:
                    rule = f"{header.rule}; values ~ {k} ({s:.0%} {shape})"
                    return _as(header, k, 0.8, rule, "values"), [f"{s:.0%} of values are {shape} words"]
        return header, []
    c = concept(key)
    if c is None or not c.shapes:
        return header, []
    shape, s = shapes.best(c.shapes)
    if set(c.shapes) <= _FORMATS and s == 0.0 and shapes.words() >= 0.9:
        # "poste" of job titles is no extension number: a format's column never holds plain words.
        return replace(header, category="none", weight=0.6), [f"values are words, not {shape}"]
    if s >= 0.8:
        return replace(header, weight=_or(header.weight, 0.5 * s)), [f"{s:.0%} of values are {shape}"]
    return header, []


def _tier(score: float) -> float:
    """0.9 for a name the abbreviation starts, 0.7 for letters in order (without the coverage bonus)."""
    return 0.9 if score >= 0.9 else 0.7


def _abbreviated(
    column: str, header: HeaderMatch | None, shapes: column_shapes, people: bool, named: frozenset[str]
) -> tuple[HeaderMatch | None, list[str]] | None:
    cands = abbreviation_candidates(column)
    if not cands:
        return None
    best: tuple[tuple[float, bool, float], str, float, str, float, str | None] | None = None
    for key, score, full, lang in cands:
        c = concept(key)
        if c is None or not c.shapes or (c.person_only and not people):
            continue
        if key in ("birth_date", "gender") and key in named:  # the table already names that one
            continue
        shape, s = shapes.best(c.shapes)
        # Between readings of one tier, the record's own person before a family member (nmf: naam
        # familie rather than nom enfant), then the better letter match and shape.
        rank = (_tier(score), c.category != "family", score * s)
        if s >= 0.6 and (best is None or rank > best[0]):
            best = (rank, key, score, f"{lang}: {full}", s, shape)
    if best is not None:
        _, key, score, src, s, shape = best
        w = _or(0.5 * score, 0.8 * s, 0.3 if people else 0.0)
        rule = f"abbreviation {column!r} ~ {key} ({src}), {s:.0%} of values {shape}"
        return _as(header, key, w, rule, "abbreviation"), [f"name abbreviates {key}; values agree"]
    key, score, full, lang = cands[0]
    for k, sc, f, la in cands:
        if _tier(sc) < _tier(score):
            break
        if concept(k) is not None or concept_category(k) != "none":
            continue
        # A non-personal reading counts when the values fit it (strt ~ startdatum of dates) or the name
        # starts it (art ~ artikel); a loose letter match alone (veld ~ vervaldag) does not.
        if (k == "timestamp" and shapes.rate("DATE_TIME") >= 0.5) or (k != "timestamp" and sc >= 0.9):
            rule = f"abbreviation {column!r} ~ {k} ({la}: {f})"
            return _as(header, k, 0.5, rule, "abbreviation", "none"), []
    c = concept(key)
    if c is None:
        return None
    personal = {k for k, *_ in cands if concept(k) is not None}
    if len(personal) == 1 and _tier(score) >= 0.9 and len(column) >= 4 and not c.shapes:
        rule = f"abbreviation {column!r} ~ {key} ({lang}: {full})"
        return _as(header, key, 0.55, rule, "abbreviation"), [
            "name abbreviates a concept with no value shape"
        ]
    return None


def _by_values(
    header: HeaderMatch | None, shapes: column_shapes, concepts: frozenset[str]
) -> tuple[HeaderMatch | None, list[str]]:
    """No usable name: a distinctive value shape in a table about people."""
    found: tuple[float, str, str | None] | None = None
    for c in (c for k in _DISTINCTIVE if (c := concept(k))):
        shape, s = shapes.best(c.shapes)
        if c.key == "gender":  # M and V alone are letters; both sexes and few codes make a gender column
            vals = [v for v in shapes._values if v.strip()]
            if len({v.strip().lower() for v in vals}) < 2:
                s = 0.0
        if s >= 0.9 and (found is None or s > found[0]):
            found = (s, c.key, shape)
    if found is None and shapes["language_names"] >= 0.95 and len(set(shapes._values)) >= 2:
        found = (shapes["language_names"], "language", "language_names")
    # Another date column beside a named birth date is some other date (member since, hired).
    if found is None and "birth_date" not in concepts and shapes["birth_dates_strict"] >= 0.9:
        found = (shapes["birth_dates_strict"], "birth_date", "birth_dates")
    if found is None:  # a vocabulary of sensitive or family terms in most values (recognizers' lists)
        ent = max(_MENTIONS, key=lambda e: shapes.rate(e))
        if shapes.rate(ent) >= 0.5:
            found = (shapes.rate(ent), _MENTIONS[ent], f"{ent} terms")
    if found is None:
        return header, []
    s, key, shape = found
    return _as(header, key, 0.7, f"values ~ {key} ({s:.0%} {shape})", "values"), [
        f"no telling name; {s:.0%} of values are {shape} in a table about people"
    ]
