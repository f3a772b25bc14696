"""Span rules for persons in Dutch news text, applied by models/reconcile.py before its own rules.

Each rule is named; reconcile runs the ones in its RULES (benchmarks/ablate_reconcile.py measures each
off in turn). They follow Dutch writing conventions, not particular names:
- ``functions``: a function before a name is no part of it (CoNLL convention): "Koning", "Minister
  van Financiën", "Oud-premier", "Fietsersbond-woordvoerder", demonyms ("Nederlander"); a function is
  an ordinary Dutch word (seen in lower case), a demonym of a known place or a hyphenated compound
  ending in an ordinary word, and no known first name; ``agent_nouns`` adds words with an agent-noun
  ending ("Viroloog", "Coördinator"), ``compounds`` compounds ending in an ordinary noun
  ("Aartsbisschop"); ``titles``: an honorific goes only before a first name ("Dr. Ine Peeters" but
  "Dr. Peeters", as letters write it and the deduce set labels it);
- ``particles``: a capitalised particle before a name belongs to it ("Van Dijk" at a sentence start,
  "Op de Beeck"), so do a known first name right before a surname the model found alone and a regnal
  number ("Leopold I"); a preposition after it does not ("A. Peeters van");
- ``clubs``: "word + place" and institution-type abbreviations ("KV Mechelen", "UZ Gent") are
  organisations, and the place inside them is not a place of its own; ``org_nouns``: so is a name
  right after a noun naming an organisation ("chipfabrikant X", "de voetbalclub X");
- ``buildings``: a "person" ending in a street or building word ("Jan Breydelstadion") is that place;
- ``articles``: no person's name follows an article directly ("de Rijn", "het Meetjesland");
- ``loc_persons``: a model place that is a function or demonym before a known first name, or a lone
  known first name that is no known place, is a person;
- ``initials``: lone initials with an age or after a court-report noun ("K.V. (34)", "beklaagde S.B.")
  are a person; ``speakers``: so is the name after an inverted speech verb (", zegt Kowalczyk.")"""

from __future__ import annotations

import re
from collections.abc import Callable

from presidio_analyzer import RecognizerResult

from .gazetteer import common_words, known_places
from .recognizers._common import fold
from .recognizers._lists import PARTICLES, TITLES, first_names, last_names, stop_words

__all__ = ["adjust_persons"]

_TOKEN = re.compile(r"[^\s]+")
# Particles that open Flemish and Dutch surnames when capitalised ("Op de Beeck", "In 't Veld").
_NAME_PARTICLES = PARTICLES | {"op", "in", "'t", "het", "uit", "ver"}
# Institution and club types written as abbreviations before a name or a place (hospitals, football
# and other clubs, company forms, schools, care homes, public centres).
_ORG_ABBREVIATIONS = frozenset(
    "az uz gza zna kv kvc kaa krc ksv sk fc rsc oh vc rc sv afc fcv nv bv vzw cvba bvba cv gc cc wzc "
    "ocmw ka go vti kta vbs".split()
)
# Head nouns of organisation names (first or last word).
_ORG_HEAD = re.compile(
    r"(?i:bedrijf|bedrijven|groep|group|ziekenhuis|kliniek|bank|fonds|stichting|vereniging|school|"
    r"college|brouwerij|bakkerij|brasserie|restaurant|hotel|garage|holding|bakeries|airlines|motors)$"
)
# Streets, squares and buildings as the end of a compound ("Korenmarkt", "Jan Breydelstadion").
_BUILDING_END = re.compile(
    r"(?i:straat|laan|plein|steenweg|dreef|singel|gracht|kade|markt|plantsoen|lei|baan|stadion|arena|"
    r"tunnel|kerk|kathedraal|station|paleis|kasteel|abdij|ziekenhuis)$"
)
_DEMONYM_ENDS = ("enaar", "naar", "aar", "ees", "iaan", "aan", "ier", "er", "se")
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}(?![\w.])")
_AGENT_END = re.compile(r".{3,}(?:loog|loge|ist|iste|ator|atrice|aris|eur|euse|ician|icus|oloog)$")
# Lower-case nouns whose ending names an organisation, written right before its name ("autobedrijf
# X", "chipfabrikant X", "de voetbalclub X", "het modehuis X").
_ORG_NOUN = re.compile(
    r"(?:bedrijf|firma|huis|bureau|maatschappij|groep|club|fabrikant|bank|keten|ploeg|partij|"
    r"vereniging|organisatie|operator|producent|leverancier|uitgeverij|omroep|krant|zender|merk|"
    r"concern|winkel|brouwerij|supermarkt|ziekenhuis|fonds|instituut|band|agentschap|federatie|"
    r"coöperatie|reus|gigant|label|school|team)$"
)
_SPEECH = re.compile(
    r"(?:,|'|\"|’)\s*(?:zegt|zei|vertelt|vertelde|erkent|erkende|aldus|stelt|stelde|meent|vindt|"
    r"benadrukt|benadrukte|besluit|klinkt het bij|reageert|reageerde)\s+"
    r"(?:(?:de|het)\s+[a-zà-ÿ-]+\s+)?"  # "zegt de jezuïet X"
    r"([A-Z][\w'’-]+(?:\s+(?:(?i:van|de|den|der|ter|ten|le|la|el|ben)\s+)*[A-Z][\w'’-]+){0,3})"
    r"(?=\s*[.,;:!?(])"
)
_ARTICLE_BEFORE = re.compile(r"(?<!\S)(de|het|een) $")
_REGNAL = re.compile(r" (?:I{1,3}|IV|VI{0,3}|IX|X)(?![\w.'-])")
_AGE_AFTER = re.compile(r"\s*\(\d{1,3}\)")
_COURT_BEFORE = re.compile(
    r"(?i:beklaagde|beklaagden|verdachte|dader|slachtoffer|jarige|aangehouden|veroordeelde)\s+$"
)


def _bare(word: str) -> str:
    return word.strip(".,;:()'\"")


def _first_name(word: str) -> bool:
    return fold(_bare(word)) in first_names()


def _demonym(word: str) -> bool:
    w = fold(_bare(word))
    if not word[:1].isupper() or len(w) < 5:
        return False
    places = known_places()
    for end in _DEMONYM_ENDS:
        if w.endswith(end):
            stem = w[: -len(end)]
            if any(stem + extra in places for extra in ("", "e", "ie", "en", "land", "d")):
                return True
    return False


def _function(word: str, rules: frozenset[str]) -> bool:
    """A function or demonym written before a name, and no first name; with rule ``agent_nouns`` also
    a word with a Dutch agent-noun ending ("Viroloog", "Coördinator"), with ``compounds`` a compound
    ending in an ordinary noun."""
    w = _bare(word)
    if not w or _first_name(w) or w.lower() in _NAME_PARTICLES:
        return False
    low = w.lower()
    if low in TITLES or low + "." in TITLES:
        return False  # "Dr.", "Mevrouw": the deduce letters keep the title in the name; left alone
    if low in common_words():
        return True
    tail = w.rsplit("-", 1)[-1]  # "Oud-premier", "CD&V-voorzitter"; not "Verhaegen-De Wilde"
    if (
        tail != w
        and tail[:1].islower()
        and tail not in _NAME_PARTICLES
        and (tail in common_words() or _demonym(tail.capitalize()))
    ):
        return True
    if (
        "agent_nouns" in rules
        and w[:1].isupper()
        and _AGENT_END.search(low)
        and fold(low) not in last_names()
    ):
        return True
    if "compounds" in rules and w[:1].isupper() and fold(low) not in last_names():
        # a compound ending in an ordinary noun of six letters or more ("Aartsbisschop", "Havenschepen")
        if any(low[i:] in common_words() for i in range(3, len(low) - 5)):
            return True
    return _demonym(w)


def _tokens(text: str, r: RecognizerResult) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, r.start, r.end))


def _with(r: RecognizerResult, start: int | None = None, end: int | None = None,
          entity: str | None = None) -> RecognizerResult:  # fmt: skip
    return RecognizerResult(entity or r.entity_type, r.start if start is None else start,
                            r.end if end is None else end, r.score, r.analysis_explanation,
                            r.recognition_metadata)  # fmt: skip


def _trim_functions(text: str, r: RecognizerResult, rules: frozenset[str]) -> RecognizerResult | None:
    words = _tokens(text, r)
    k = 0
    while k < len(words) - 1:
        w = words[k].group()
        if _function(w, rules):
            k += 1
        elif (
            "titles" in rules
            and w.lower() in TITLES
            and _first_name(words[k + 1].group())
            and (words[k + 1].group().lower() not in common_words())
        ):
            k += 1  # "Dr. Ine Thys": a title before a first name is no part of it (CoNLL); the deduce
            # letters keep a title before a surname or initials ("Dr. Visser"), which stays
        elif k and w in ("van", "voor", "de", "der", "den", "het"):
            k += 1  # "Minister van Financiën Eelco Heinen"; not "minister van Boxtel"
        elif k and w in ("te", "in", "op", "uit", "bij", "aan"):
            k += 1  # "Kerkstraat te Dongen": a preposition
        elif w in ("De", "Het") and k + 3 < len(words) and _function(words[k + 1].group(), rules):
            k += 2  # "De Nederlander Bram Peeters"; not "De Hoge Venen"
        else:
            break
    if len(words) == 1 and _demonym(words[0].group()) and not _first_name(words[0].group()):
        return None  # "Litouwer": a nationality, not a person
    return r if k == 0 else _with(r, start=words[k].start())


def _extend_particles(text: str, r: RecognizerResult) -> RecognizerResult:
    start = r.start
    # capitalised particles right before the span ("Van Dijk", "Van den Bossche")
    while (m := re.search(r"(?<!\S)(\w+|'t) $", text[max(0, start - 12) : start])) and (
        m.group(1).lower() in _NAME_PARTICLES and m.group(1)[:1].isupper()
    ):
        start -= len(m.group(0))
    # "In", "Op", "Uit" alone open sentences as prepositions; they open a name only before another
    # particle ("Op de Beeck", "In 't Veld")
    lead = text[start : r.start].split()
    if len(lead) == 1 and lead[0].lower() not in PARTICLES:
        start = r.start
    if start == r.start:
        m = re.search(r"(?<!\S)(\w+) $", text[max(0, start - 30) : start])
        w = m.group(1) if m else ""
        # a first name right before a lone surname ("Latifa Ben Haddou" found as "Ben Haddou")
        if w[:1].isupper() and _first_name(w) and w.lower() not in common_words():
            start -= len(m.group(0)) if m else 0
    elif start != r.start:
        m = re.search(r"(?<!\S)([\w.-]+) $", text[max(0, start - 30) : start])
        w = m.group(1) if m else ""
        if m and (_first_name(w) or re.fullmatch(r"(?:[A-Z]\.-?)+", w)):
            start -= len(m.group(0))  # "J.-P. Van Belle", "Pieter Van Damme"
    # a regnal number after the name ("Leopold I", "Albert II")
    end = r.end
    tail = re.search(r"\s+(\S+)$", text[start:end])
    if tail and tail.group(1) in PARTICLES:
        end -= len(tail.group(0))  # "A. van den Berg van": the preposition after the name
    if m := _REGNAL.match(text, end):
        end = m.end()
    return r if (start, end) == (r.start, r.end) else _with(r, start=start, end=end)


def _from_ner(r: RecognizerResult) -> bool:
    return (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) == "SpacyRecognizer"


def _person_read_as_place(text: str, r: RecognizerResult, rules: frozenset[str]) -> RecognizerResult:
    """A model place that is a person: a function or demonym before a known first name ("De
    Nederlander Bram Peeters", "Bond-woordvoerder Kaat Sels"), or a lone known first name that is no
    known place."""
    words = _tokens(text, r)
    if len(words) == 1:
        w = words[0].group()
        if _first_name(w) and fold(_bare(w)) not in known_places() and w.lower() not in common_words():
            return _with(r, entity="PERSON")
        return r
    k = 1 if words[0].group() in ("De", "Het") else 0
    if k + 2 < len(words) and _function(words[k].group(), rules) and _first_name(words[k + 1].group()):
        return _with(r, start=words[k + 1].start(), entity="PERSON")
    return r


def _is_club(words: list[str]) -> bool:
    first, last = _bare(words[0]), _bare(words[-1])
    if fold(first) in _ORG_ABBREVIATIONS and first.isupper():
        return True
    if _ORG_HEAD.search(first) or _ORG_HEAD.search(last):
        return True
    # a particle, an initial or a title anywhere marks a person's name ("A. van der Sluis"); an
    # ordinary word before a place is a region ("Groothertogdom Luxemburg", "Provincie Limburg")
    return (
        len(words) >= 2
        and first.lower() not in common_words()
        and fold(last) in known_places()
        and not _first_name(first)
        and not any(w.lower() in _NAME_PARTICLES or "." in w or w.lower() in TITLES for w in words)
    )


def _building(words: list[str]) -> bool:
    last = _bare(words[-1])
    m = _BUILDING_END.search(last)
    return m is not None and m.start() >= 3 and fold(last) not in last_names()


def _initials(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for m in _INITIALS.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if _AGE_AFTER.match(text, m.end()) or _COURT_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            out.append((m.start(), m.end()))
    return out


def adjust_persons(
    text: str,
    results: list[RecognizerResult],
    rules: frozenset[str],
    make: Callable[[int, int], RecognizerResult],
) -> tuple[list[RecognizerResult], list[tuple[int, int]]]:
    """``results`` with the person rules in ``rules`` applied, and the spans found to be organisations
    (whose places are no places either). ``make(start, end)`` builds a new person result."""
    out: list[RecognizerResult] = []
    orgs: list[tuple[int, int]] = []
    streets = [(r.start, r.end) for r in results if r.entity_type == "STREET_ADDRESS"]
    places = {(r.start, r.end) for r in results if r.entity_type == "LOCATION"}
    shadow: list[tuple[int, int]] = []
    for r in results:
        if r.entity_type == "LOCATION" and "loc_persons" in rules and _from_ner(r):
            r = _person_read_as_place(text, r, rules)
        if r.entity_type != "PERSON":
            out.append(r)
            continue
        words = [w.group() for w in _tokens(text, r)]
        if not words:
            continue
        if "org_nouns" in rules and (
            before := re.search(r"(?<!\S)(\w+) $", text[max(0, r.start - 40) : r.start])
        ):
            if before.group(1).islower() and _ORG_NOUN.search(before.group(1)):
                orgs.append((r.start, r.end))
                continue
        if "clubs" in rules:
            before = re.search(r"(\S+) $", text[max(0, r.start - 12) : r.start])
            prefix = before.group(1) if before else ""
            if (r.start, r.end) in places:
                pass  # a place by another reading ("Groothertogdom Luxemburg"): left to the rules below
            elif prefix.islower() and _function(prefix, rules) and fold(prefix) not in stop_words():
                pass  # "minister Marino Keulen": a function before it makes it a person
            elif _is_club(words) or (prefix.isupper() and fold(prefix) in _ORG_ABBREVIATIONS):
                orgs.append((r.start - len(prefix) - 1 if prefix else r.start, r.end))
                continue
        in_street = any(a < r.end and r.start < b for a, b in streets)  # the address rule decides
        if "buildings" in rules and not in_street and _building(words):
            out.append(_with(r, entity="LOCATION"))
            continue
        art = _ARTICLE_BEFORE.search(text, max(0, r.start - 5), r.start)
        if "articles" in rules and art and words[0].lower() not in TITLES:  # "de heer Visser" stays
            # Dutch puts no article right before a person's name ("de Rijn", "het Meetjesland"): a
            # known place is that place, anything else no person; a surname after "de" is the
            # particle's ("de Vries"), left alone
            if art.group(1) == "de" and fold(_bare(words[0])) in last_names():
                pass
            elif fold(text[r.start : r.end]) in known_places():
                out.append(_with(r, entity="LOCATION"))
                continue
            else:
                if (r.start, r.end) not in places:  # else the place reading of the same span stays
                    shadow.append((r.start, r.end))  # another kind of name: no list places inside
                continue
        adjusted: RecognizerResult | None = r
        if "functions" in rules:
            adjusted = _trim_functions(text, r, rules)
        if adjusted is not None and "particles" in rules:
            adjusted = _extend_particles(text, adjusted)
        if adjusted is not None:
            out.append(adjusted)
    if shadow:  # a list place inside it is part of that name; the model's own places stay
        out = [r for r in out if r.entity_type != "LOCATION" or _from_ner(r)
               or not any(a <= r.start and r.end <= b for a, b in shadow)]  # fmt: skip
    if "particles" in rules:
        out = _merge_split(text, out)
    if "initials" in rules:
        taken = [(r.start, r.end) for r in out]
        out += [make(a, b) for a, b in _initials(text, taken)]
    if "speakers" in rules:
        taken = [(r.start, r.end) for r in out] + orgs
        for m in _SPEECH.finditer(text):
            a, b = m.span(1)
            name = m.group(1)
            if any(x < b and a < y for x, y in taken) or fold(name) in known_places():
                continue
            if " " not in name and name.lower() in common_words():
                continue
            out.append(make(a, b))
    return out, orgs


def _merge_split(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Two persons with only particles between them are one name ("Griet Op" + "de" + "Beeck"), when a
    particle is capitalised: lower-case "van"/"uit" between two names is a preposition."""
    persons = sorted((r for r in results if r.entity_type == "PERSON"), key=lambda r: r.start)
    drop: set[int] = set()
    merged: list[RecognizerResult] = []
    for a, b in zip(persons, persons[1:], strict=False):
        if id(a) in drop:
            continue
        gap = text[a.end : b.start].split()
        last = text[a.start : a.end].split()[-1]
        if not re.fullmatch(r"[ \w']*", text[a.end : b.start]) or not all(
            w.lower() in _NAME_PARTICLES for w in gap
        ):
            continue
        if any(w[:1].isupper() for w in gap) or (last.lower() in _NAME_PARTICLES and last[:1].isupper()):
            drop.update((id(a), id(b)))
            merged.append(_with(a, end=b.end))
    return [r for r in results if id(r) not in drop] + merged
