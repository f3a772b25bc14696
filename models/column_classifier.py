"""Combine what a column's name says with what its values say into one category and confidence.

Pure logic, no I/O and no NLP: discovery profiles the sampled values (``profile_values``), measures
the recognizers' hit rates on them and hands everything in. Rules, briefly:

- a strong value signal (checksum-validated numbers, e-mails, phones, IBANs, cards, IPs) decides a
  column on its own; a weak one (postcode-like numbers, dates, names from lists) only confirms a name;
- a known non-personal name (keys, timestamps, product fields, job titles) stays ``none`` unless strong
  values contradict it;
- the table gives context: a photo, an age or a record id is personal in a table about people; a
  country alone in a lookup table is not; the phone of a table about companies is the company's.

The table context and the person-or-organisation subject live in ``column_subject`` (module size);
``TableContext``, ``table_context``, ``person_like_share`` and ``org_like_share`` are re-exported here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pii_scan.masking import mask_value
from pii_scan.models.calibration import calibrate
from pii_scan.models.column_subject import (
    ADDRESS_CONCEPTS,
    TableContext,
    column_subject,
    org_like_share,
    person_like_share,
    table_context,
)
from pii_scan.models.concept_evidence import refine
from pii_scan.models.entities import CATEGORY_OF, SENSITIVE_ENTITIES
from pii_scan.models.headers import HeaderMatch
from pii_scan.results import Entity, Evidence

__all__ = [
    "ValueProfile",
    "TableContext",
    "Decision",
    "profile_values",
    "is_free_text",
    "table_context",
    "decide",
    "person_like_share",
    "org_like_share",
    "STRENGTH",
]

# How far a recognizer's hit rate can be trusted on its own (checksums > formats > word lists).
STRENGTH: dict[str, float] = {
    "EMAIL_ADDRESS": 1.0, "IBAN_CODE": 1.0, "BE_NATIONAL_NUMBER": 1.0, "CREDIT_CARD": 0.9,
    "NL_BSN": 0.85, "FR_NIR": 0.9, "BE_ENTERPRISE_NUMBER": 0.9, "NL_VAT": 0.9, "NL_KVK": 0.6,
    "PHONE_NUMBER": 0.85, "IP_ADDRESS": 0.95, "MAC_ADDRESS": 0.95, "STREET_ADDRESS": 0.85, "URL": 0.75,
    "PASSWORD_HASH": 0.8, "ID_CARD": 0.8, "FAMILY_RELATION": 0.7, "POSTAL_CODE": 0.45, "PERSON": 0.6,
    "LOCATION": 0.5, "DATE_OF_BIRTH": 0.5, "USERNAME": 0.4, "BIC": 0.5, "NRP": 0.3, "DATE_TIME": 0.0,
    "HEALTH": 0.75, "JUDICIAL": 0.75, "RELIGION": 0.7, "ETHNICITY": 0.6, "POLITICS": 0.6, "UNION": 0.75,
    "BIOMETRIC": 0.75, "SEX_LIFE": 0.7,
    # checksum (eID card), or a shape without one that needs the header (documents, RSIN = BSN digits)
    "BE_EID_CARD": 0.9, "NL_ID_DOCUMENT": 0.45, "BE_PASSPORT": 0.45, "BE_DRIVING_LICENCE": 0.3,
    "NL_RSIN": 0.5,
}  # fmt: skip
STRONG = 0.8  # entities at least this strong may decide a column without a name
# Personal concepts whose values may be sentences worth reading with NER (a diagnosis, a note).
PROSE_CONCEPTS = frozenset({"notes", "health", "judicial", "religion", "absence_reason", "household"})
# Main category of free text mentioning several: the most sensitive first.
TEXT_PRIORITY = ("sensitive", "financial", "identification", "family", "connection", "contact")
WEAK_LOCATION = frozenset({"region", "country"})
KEYLIKE = frozenset({"key", "customer_id"})
GENDER_VALUES = frozenset(
    "m f v x u male female man men woman women vrouw vrouwelijk mannelijk homme femme h masculin feminin "
    "other unknown onbekend autre mr mrs".split()
)
COURTESY = frozenset(
    "mr mrs ms miss mx dr prof sir madam dame rev fr dhr mevr mw mevrouw meneer heer juffrouw ir drs ing "
    "m mme mlle monsieur madame mademoiselle docteur maitre me".split()
)
_INT = re.compile(r"^[+-]?\d+$")
MAX_SAMPLES = 3


@dataclass(frozen=True)
class ValueProfile:
    """Cheap statistics over one column's sampled values (distinct, non-empty, as text)."""

    rows: int  # rows sampled
    non_empty: int
    distinct: tuple[str, ...]  # distinct non-empty values as text (binary ones as a marker)
    binary: int = 0  # number of binary (BLOB) values
    mean_len: float = 0.0
    mean_words: float = 0.0
    int_share: float = 0.0  # share of distinct values that are integers
    int_min: int | None = None
    int_max: int | None = None
    alpha_share: float = 0.0  # share of characters that are letters (text rather than codes or dates)

    @property
    def free_text(self) -> bool:
        """Sentences rather than one value per cell: several words on average, long, mostly unique."""
        if len(self.distinct) < 3 or self.binary or self.alpha_share < 0.5:
            return False
        return self.mean_words >= 5 or self.mean_len >= 60


@dataclass(frozen=True)
class Decision:
    category: str
    categories: tuple[str, ...]
    entities: tuple[Entity, ...]
    confidence: float
    evidence: Evidence
    subject: str = "person"
    kind: str = "value"


def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return f"<binary {len(bytes(v))} bytes>"
    s = str(v).strip()
    return s or None


def profile_values(values: Sequence[object], rows: int | None = None) -> ValueProfile:
    """Profile raw cell values (any type; NaN/None/blank are empty)."""
    texts = [t for t in (_text(v) for v in values) if t is not None and t.lower() not in ("nan", "nat")]
    distinct = tuple(dict.fromkeys(texts))
    binary = sum(1 for v in values if isinstance(v, (bytes, bytearray, memoryview)))
    if not distinct:
        return ValueProfile(rows=rows if rows is not None else len(values), non_empty=0, distinct=())
    ints = [int(t) for t in distinct if _INT.match(t) and len(t) < 19]
    chars = sum(len(t) for t in distinct)
    return ValueProfile(
        rows=rows if rows is not None else len(values),
        non_empty=len(texts),
        distinct=distinct,
        binary=binary,
        mean_len=sum(len(t) for t in distinct) / len(distinct),
        mean_words=sum(len(t.split()) for t in distinct) / len(distinct),
        alpha_share=sum(sum(c.isalpha() for c in t) for t in distinct) / max(chars, 1),
        int_share=len(ints) / len(distinct),
        int_min=min(ints) if ints else None,
        int_max=max(ints) if ints else None,
    )


def is_free_text(header: HeaderMatch | None, profile: ValueProfile) -> bool:
    """Analyse as free text (NER)? Not when the name already says it holds one short kind of value
    (an address is several words but no prose), unless the values are really long."""
    if not profile.free_text:
        return False
    return header is None or header.category == "none" or header.concept in PROSE_CONCEPTS


def _share(values: Sequence[str], vocab: frozenset[str]) -> float:
    if not values:
        return 0.0
    return sum(1 for v in values if v.lower().strip(" .") in vocab) / len(values)


def _dense_ints(p: ValueProfile, ctx: TableContext) -> bool:
    """A surrogate key or row number: integers spread no wider than the table is long."""
    if p.int_share < 0.95 or p.int_min is None or p.int_max is None:
        return False
    span = p.int_max - p.int_min + 1
    rows = ctx.row_count or p.rows or len(p.distinct)
    return span <= 3 * max(rows, len(p.distinct)) + 10


def _samples(p: ValueProfile) -> tuple[str, ...]:
    return tuple(mask_value(v) if not v.startswith("<binary") else v for v in p.distinct[:MAX_SAMPLES])


def _entities(rates: Mapping[str, float], floor: float = 0.05) -> tuple[Entity, ...]:
    ents = [Entity(e, float(r), CATEGORY_OF.get(e, "none")) for e, r in rates.items() if r >= floor and r > 0]
    return tuple(sorted(ents, key=lambda e: -e.score))


def _best_entity(rates: Mapping[str, float]) -> tuple[str | None, float, float]:
    """The entity with the highest rate x strength: (entity, rate, strength)."""
    best: tuple[str | None, float, float] = (None, 0.0, 0.0)
    for e, r in rates.items():
        s = STRENGTH.get(e, 0.5)
        if CATEGORY_OF.get(e, "none") != "none" and r * s > best[1] * best[2]:
            best = (e, r, s)
    return best


def decide(
    column: str,
    header: HeaderMatch | None,
    profile: ValueProfile,
    rates: Mapping[str, float],
    ctx: TableContext,
    text_rates: Mapping[str, float] | None = None,
) -> Decision:
    """One column's category, confidence, subject and evidence.

    ``rates``: entity -> share of distinct values that are wholly that entity (short values).
    ``text_rates``: for free text, entity -> share of texts that mention it.
    """
    notes: list[str] = []
    if text_rates is not None:
        refined, _ = refine(column, header, profile.distinct, rates, ctx, profile.binary)
        if refined is None or refined.via == "dictionary" or refined.category == "none":
            return _decide_text(column, header, profile, text_rates, ctx)
        # A terse name whose values have its concept's shape (ua of user agents) is that field, not prose.
    header, concept_notes = refine(column, header, profile.distinct, rates, ctx, profile.binary)
    notes.extend(concept_notes)
    h_cat = header.category if header else "none"
    h_w = header.weight if header else 0.0
    concept = header.concept if header else None
    if rates.get("DATE_TIME", 0.0) >= 0.5:  # "2019-03-04" also parses as a phone number
        rates = {e: r for e, r in rates.items() if e != "PHONE_NUMBER" or r > rates["DATE_TIME"]}
    ent, rate, strength = _best_entity(rates)
    v_cat = CATEGORY_OF.get(ent, "none") if ent else "none"
    v_score = rate * strength
    category, confidence = "none", 0.5

    # Contextual concepts first: their meaning depends on the table and the values.
    if concept == "title":
        courtesy = _share(profile.distinct, COURTESY)
        h_cat, h_w = ("identification", 0.85) if courtesy >= 0.6 else ("none", 0.6)
        notes.append(f"{courtesy:.0%} of values are titles of courtesy")
    elif concept == "name":
        pl = max(person_like_share(profile.distinct), rates.get("PERSON", 0.0))
        if header and header.subject == "organisation":
            h_cat, h_w = "none", 0.8
        elif ctx.lookup:
            h_cat, h_w = "none", 0.7
            notes.append("lookup table: reference data")
        elif ctx.first_name and not ctx.organisation and pl >= 0.15:
            h_cat, h_w = "identification", 0.85  # "Naam" beside "Voornaam", "Nom" beside "Prénom"
            notes.append("family name: the table has a separate first-name column")
        elif pl >= 0.3:
            h_cat, h_w = "identification", min(0.95, 0.55 + pl / 2)
        else:
            h_cat, h_w = "none", 0.6
        notes.append(f"{pl:.0%} of values look like person names")
    elif concept == "photo" and not ctx.person:
        h_cat, h_w = "none", 0.6
        notes.append("picture in a table that is not about people")
    elif concept in WEAK_LOCATION and not (ctx.person or ctx.address):
        h_cat, h_w = "none", 0.6
        notes.append("a region or country alone, not part of an address")
    elif concept in ("city", "country", "region") and ctx.lookup:
        h_cat, h_w = "none", 0.7
        notes.append("lookup table: reference data, not someone's address")
    elif (
        concept == "key"
        and header
        and header.of in ADDRESS_CONCEPTS
        and ctx.address
        and column not in ctx.primary_key
    ):
        h_cat, h_w = "contact", 0.6
        notes.append(f"reference to the {header.of} of an address")
    elif concept in KEYLIKE:
        surrogate = _dense_ints(profile, ctx) or column in ctx.key_columns and profile.int_share > 0.95
        if ctx.person and not ctx.organisation and not surrogate and profile.distinct:
            h_cat, h_w = "identification", 0.6
            notes.append("record identifier of a person (not a sequential key)")
        else:
            h_cat, h_w = "none", 0.75
            notes.append("surrogate or foreign key" if surrogate else "key of a record that is not a person")
    elif concept == "gender" and _share(profile.distinct, GENDER_VALUES) >= 0.8:
        h_w = max(h_w, 0.95)

    if h_cat != "none":
        category, confidence = h_cat, h_w
        if v_cat == h_cat and rate > 0:
            confidence = 1 - (1 - h_w) * (1 - v_score)
        elif ent and strength >= 0.9 and rate >= 0.8 and v_cat != h_cat:
            category, confidence = v_cat, v_score  # "telefoon" full of e-mails is contact anyway
            notes.append(f"values contradict the name: {rate:.0%} are {ent}")
        elif not profile.distinct:
            confidence = h_w * 0.8  # an empty column: the name is all we have
    else:
        override = strength >= STRONG and rate >= (0.6 if h_w >= 0.7 else 0.5)
        if ent and (override or (header is None and v_score >= 0.5)):
            category, confidence = v_cat, v_score
        else:
            weak = v_score if ent else 0.0
            confidence = max(h_w, 1 - weak) if header else max(0.5, 1 - weak)
    subject = column_subject(header, rates, ctx)
    if subject == "organisation":
        notes.append("an organisation's data, not a person's")
    cats = [category] if category != "none" else []
    for e in _entities(rates) if cats else ():  # a non-personal column lists no other category
        strong = STRENGTH.get(e.type, 0.5) >= STRONG and e.score >= 0.5
        if e.category != "none" and e.category not in cats and (strong or e.type in SENSITIVE_ENTITIES):
            cats.append(e.category)
    evidence = Evidence(
        header_rule=header.rule if header else None,
        recognizers={e: round(r, 3) for e, r in sorted(rates.items(), key=lambda x: -x[1]) if r > 0},
        samples=_samples(profile),
        notes=tuple(notes),
    )
    confidence = calibrate(_clip(confidence), category)
    return Decision(category, tuple(cats), _entities(rates), _clip(confidence), evidence, subject, "value")


def _decide_text(
    column: str,
    header: HeaderMatch | None,
    profile: ValueProfile,
    rates: Mapping[str, float],
    ctx: TableContext,
) -> Decision:
    """Free text: every category mentioned often enough; the main one is the most sensitive of them."""
    known_none = header is not None and header.category == "none" and header.weight >= 0.7
    best: dict[str, float] = {}
    for e, r in rates.items():
        cat, s = CATEGORY_OF.get(e, "none"), STRENGTH.get(e, 0.5)
        if cat == "none" or r <= 0:
            continue
        if s < STRONG:
            # Term lists and NER names are mentions: they count when frequent, and never in a
            # field known to be descriptive (a film synopsis speaks of "a Husband" and "a Boy").
            needed = 0.0 if cat in ("sensitive", "family") else 0.2
            if known_none or r <= needed:
                continue
        best[cat] = max(best.get(cat, 0.0), s * min(1.0, 0.6 + r))
    cats = [c for c in TEXT_PRIORITY if c in best]
    if header is not None and header.category != "none" and header.category not in cats:
        cats.insert(0, header.category)
        best[header.category] = header.weight
    category = cats[0] if cats else "none"
    confidence = best[category] if cats else (header.weight if known_none and header else 0.6)
    notes = [f"free text ({profile.mean_words:.0f} words on average)"]
    subject = column_subject(header, rates, ctx)
    evidence = Evidence(
        header_rule=header.rule if header else None,
        recognizers={e: round(r, 3) for e, r in sorted(rates.items(), key=lambda x: -x[1]) if r > 0},
        samples=_samples(profile),
        notes=tuple(notes),
    )
    # In text every mention counts (one health remark among a thousand notes is still there).
    ents = _entities(rates, 0.0)
    confidence = calibrate(_clip(confidence), category)
    return Decision(category, tuple(cats), ents, _clip(confidence), evidence, subject, "free_text")


def _clip(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 3)
