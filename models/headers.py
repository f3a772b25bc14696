"""Column-name dictionary: what a column's name alone says about its content.

Names come in Dutch, French and English, Belgian and Dutch usage, in every spelling a database or
export produces (``GeboorteDatum``, ``date_naissance``, ``CCNumber``, ``gemeente.contact.telefoon``).
``normalise`` turns them into plain words; ``match_header`` looks them up in ``data/headers.csv``
and says which concept they name, with a weight (how sure the name alone makes us) and a readable rule.

The name is only half the evidence: the column classifier weighs it against the values.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from ._once import once

__all__ = ["HeaderMatch", "HeaderTerm", "normalise", "match_header", "terms", "concept_category"]


@dataclass(frozen=True)
class HeaderMatch:
    concept: str  # "email", "first_name", "national_number", "key", "timestamp", ...
    category: str  # one of models.entities.CATEGORIES; "none" for known non-personal fields
    weight: float  # 0..1, how sure the name alone makes us
    rule: str  # readable: "header 'GeboorteDatum' ~ birth_date (nl: geboortedatum)"
    lang: str  # language of the term that matched: "nl", "fr", "en"
    term: str  # the dictionary term that matched
    subject: str | None = None  # "organisation" when the name says so (company.phone, gemeente.naam)
    of: str | None = None  # keys and flags of another field: "city" for city_id
    via: str = "dictionary"  # "dictionary", "abbreviation" (gbdt ~ geboortedatum) or "values" (no name)


@dataclass(frozen=True)
class HeaderTerm:
    concept: str
    category: str
    weight: float
    lang: str
    term: str

    # Compiled on first use: a scan sees a few column names, the dictionary has 1,500 terms, and
    # compiling them all took longer than scanning a small table.
    @cached_property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.term)

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The literal words a match must contain (the regex only adds optional spaces and bounds)."""
        return tuple(self.term.strip("*").split())


# Words that make the record an organisation's when they qualify a field (company_phone, gemeente.naam).
ORG_WORDS = frozenset(
    "company companies bedrijf bedrijven firma firm organisation organization organisatie onderneming "
    "entreprise societe supplier suppliers leverancier fournisseur shipper shippers vendor vendors store "
    "winkel magasin employer werkgever employeur gemeente gemeenten municipality commune institution "
    "instelling school bank agency kantoor office branch vestiging filiale business corporate".split()
)
# A trailing word that turns "X" into "something about X": city_id is a key, email_verified a flag.
KEY_TAILS = frozenset("id ids key pk fk uuid guid oid ref".split())
FLAG_TAILS = frozenset(
    "type types status count counts flag verified enabled confirmed valid optin opt consent hash_type "
    "format length size at on by date time created updated dt datum".split()
)
FLAG_HEADS = frozenset({"is", "has", "heeft", "can", "allow", "est", "a"})
# Generic names that need their qualifier from a dotted parent (gemeente.naam, user.id).
GENERIC = frozenset({"name", "key", "title", "notes", "status", "product"})

_CAMEL1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALNUM_SPLIT = re.compile(r"([a-z])([0-9])|([0-9])([a-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(name: object) -> str:
    """``'GeboorteDatum'`` -> ``'geboorte datum'``; ``'CCNumber'`` -> ``'cc number'``; ``'Phone 1'`` ->
    ``'phone'``; ``'prénom'`` -> ``'prenom'``. Digits-only tokens are dropped (column numbering)."""
    text = _strip_accents(str(name)).replace("'", " ").replace("’", " ")
    text = _CAMEL2.sub(r"\1 \2", _CAMEL1.sub(r"\1 \2", text)).lower()
    text = _ALNUM_SPLIT.sub(lambda m: f"{m.group(1) or m.group(3)} {m.group(2) or m.group(4)}", text)
    words = [w for w in _NON_WORD.split(text) if w and not w.isdigit()]
    return " ".join(words)


def _compile(term: str) -> re.Pattern[str]:
    """A term becomes a regex on the normalised name: a space matches a separator or nothing, a ``*``
    at either end lets the term sit inside a compound word (Dutch ``huistelefoonnummer``)."""
    left = term.startswith("*")
    right = term.endswith("*")
    core = term.strip("*").strip()
    body = " ?".join(re.escape(w) for w in core.split())
    pre = "" if left else r"(?<![a-z0-9])"
    post = "" if right else r"(?![a-z0-9])"
    return re.compile(pre + body + post)


@once
def terms() -> tuple[HeaderTerm, ...]:
    """Every dictionary term, in file order (earlier rows win ties)."""
    raw = resources.files("pii_scan.models").joinpath("data/headers.csv").read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    out: list[HeaderTerm] = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        for term in row["patterns"].split("|"):
            term = term.strip()
            if term:
                concept, cat, lang = row["concept"], row["category"], row["lang"]
                out.append(HeaderTerm(concept, cat, float(row["weight"]), lang, term))
    return tuple(out)


@once
def _concepts() -> dict[str, tuple[str, float]]:
    d: dict[str, tuple[str, float]] = {}
    for t in terms():
        cat, w = d.get(t.concept, (t.category, 0.0))
        d[t.concept] = (cat, max(w, t.weight))
    return d


def concept_category(concept: str) -> str:
    return _concepts().get(concept, ("none", 0.0))[0]


@dataclass(frozen=True)
class _Hit:
    term: HeaderTerm
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@once
def _term_index() -> tuple[dict[str, list[tuple[int, HeaderTerm]]], dict[int, int]]:
    """Terms by their first word, and each term's place in file order: a header is compared with the
    terms whose first word it contains, not with all 1,500 (a lookup's start-up paid 0.1 s a table)."""
    by_first: dict[str, list[tuple[int, HeaderTerm]]] = {}
    order: dict[int, int] = {}
    for i, t in enumerate(terms()):
        order[id(t)] = i
        by_first.setdefault(t.words[0] if t.words else "", []).append((i, t))
    return by_first, order


def _hits(s: str) -> list[_Hit]:
    candidates = [it for first, group in _term_index()[0].items() if first in s for it in group]
    candidates.sort(key=lambda it: it[0])  # file order, as before
    hits = []
    for _, t in candidates:
        if not all(w in s for w in t.words[1:]):
            continue
        for m in t.regex.finditer(s):
            hits.append(_Hit(t, m.start(), m.end()))
    return hits


def _best(s: str) -> tuple[_Hit | None, bool]:
    """The most specific hit on ``s`` and whether an organisation word qualifies it."""
    hits = _hits(s)
    if not hits:
        return None, False
    org_hits = [h for h in hits if h.term.concept == "org_name"]
    other = [h for h in hits if h.term.concept != "org_name"]
    org_qualified = False
    if org_hits and other:
        # "company phone", "bedrijf naam": the organisation word qualifies another field.
        longest_org = max(org_hits, key=lambda h: h.length)
        disjoint = [h for h in other if h.end <= longest_org.start or h.start >= longest_org.end]
        if disjoint and not any(h.start <= longest_org.start and h.end >= longest_org.end for h in other):
            hits, org_qualified = disjoint, True
    order = _term_index()[1]
    # Longest term wins; on equal length the one nearer the end (the head noun), then file order.
    best = max(hits, key=lambda h: (h.length, h.end, -order[id(h.term)]))
    return best, org_qualified


def _words_outside(s: str, hit: _Hit) -> list[str]:
    words = (s[: hit.start] + " " + s[hit.end :]).split()
    before = s[: hit.start]
    if before and not before.endswith(" "):  # compound: "bedrijfs|telefoon" -> "bedrijf"
        stem = before.split()[-1]
        words += [stem, stem.rstrip("s")]
    return words


def _match_part(s: str) -> tuple[_Hit | None, bool]:
    hit, org_qualified = _best(s)
    if hit is not None and not org_qualified:
        org_qualified = any(w in ORG_WORDS for w in _words_outside(s, hit))
    return hit, org_qualified


def match_header(name: object) -> HeaderMatch | None:
    """What the column name says, or None when the dictionary knows nothing of it."""
    return _match_header(str(name))


@lru_cache(maxsize=8192)  # sweeps see the same column names in thousands of files
def _match_header(raw: str) -> HeaderMatch | None:
    parts = [normalise(p) for p in re.split(r"[./\\>]|->|::", raw)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    prefix_words = {w for p in parts[:-1] for w in p.split()}
    hit, org = _match_part(parts[-1])
    named_org = hit is not None and hit.term.concept == "name" and bool(prefix_words & ORG_WORDS)
    if len(parts) > 1 and not named_org and (hit is None or hit.term.concept in GENERIC):
        joined = " ".join(parts[-2:])
        hit2, org2 = _match_part(joined)
        if hit2 is not None and hit2.term.concept not in GENERIC:
            hit, org = hit2, org2
    if hit is None:
        return None
    org = org or bool(prefix_words & ORG_WORDS)
    s = parts[-1]
    words = s.split()
    t = hit.term
    concept, category, weight, of = t.concept, t.category, t.weight, None
    covers_tail = hit.end >= len(s) or not s[hit.end :].strip()
    if words and words[0] in FLAG_HEADS and len(words) > 1 and category != "none":
        concept, category, weight, of = "status", "none", 0.7, t.concept
    elif not covers_tail and category != "none":
        tail = words[-1]
        if tail in KEY_TAILS:
            concept, category, weight, of = "key", "none", 0.7, t.concept
        elif tail in FLAG_TAILS and t.concept != "birth_date":  # "geboorte datum" is the concept itself
            concept, category, weight, of = "status", "none", 0.6, t.concept
    if org and concept == "name":
        concept, category, weight = "org_name", "none", 0.85
    rule = f"header {raw!r} ~ {concept} ({t.lang}: {t.term.strip('*')})"
    if of:
        rule += f", a {concept} of {of}"
    if org:
        rule += ", an organisation's"
    return HeaderMatch(
        concept=concept,
        category=category,
        weight=weight,
        rule=rule,
        lang=t.lang,
        term=t.term,
        subject="organisation" if org else None,
        of=of,
    )
