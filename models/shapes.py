"""Shapes of a column's values that point at a concept, whatever the column is called.

Pure logic on the distinct sampled values (no NLP, no I/O): each shape is the share of the
non-filler values that have it (``0.0`` when the column is too small or too varied to say).
Closed vocabularies are small on purpose: a gender column has a handful of codes, a union column a
handful of union names; a column with hundreds of distinct values is not one of them.

``shape_scores`` computes them all once per column; ``models.concepts`` weighs them against the
column's name and its table.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Sequence
from statistics import median

__all__ = [
    "SHAPES",
    "shape_scores",
    "birth_year_share",
    "vocabulary_share",
    "GENDER_CODES",
    "LANGUAGE_CODES",
    "LANGUAGE_NAMES",
    "CIVIL_STATUS",
    "UNION_NAMES",
    "HEALTH_FUNDS",
    "NATIONALITIES",
    "PROGRAMMING_LANGUAGES",
]


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.strip().lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s_.]+", " ", s).strip(" .")


def _words(text: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in text.split("|") if w.strip())


# Values that only say "nothing here": left out of every share.
FILLERS = _words("-|--|?|n/a|na|nvt|n.v.t.|geen|aucun|aucune|none|null|onbekend|inconnu|unknown|/|0")
GENDER_CODES = _words(
    "m|v|f|x|h|u|male|female|man|vrouw|mannelijk|vrouwelijk|homme|femme|masculin|feminin|féminin|"
    "masculine|feminine|men|women|jongen|meisje|garcon|fille|mr|mrs|mevr|dhr|other|anders|autre|divers"
)
LANGUAGE_CODES = _words(
    "nl|fr|de|en|nl-be|fr-be|de-be|nl-nl|fr-fr|en-gb|en-us|nl_be|fr_be|nld|fra|deu|eng|dut|fre|ger|"
    "nederlands|frans|duits|engels|vlaams|français|francais|néerlandais|neerlandais|allemand|anglais|"
    "dutch|french|german|english|deutsch|niederländisch|italiaans|italien|italian|spaans|espagnol|"
    "spanish|arabisch|arabe|arabic|turks|turc|turkish|pools|polonais|polish|portugees|portugais|"
    "nederlandstalig|franstalig|duitstalig|engelstalig|neerlandophone|francophone|germanophone|"
    "anglophone|n|f|d|e|nl-nl|fr-lu|de-de|de-at"
)
# Languages by name or locale, never a bare two-letter code (NL and FR are also countries).
LANGUAGE_NAMES = frozenset(v for v in LANGUAGE_CODES if len(v) > 3 or "-" in v or "_" in v)
PROGRAMMING_LANGUAGES = _words(
    "python|java|javascript|typescript|c|c++|c#|go|golang|rust|ruby|php|perl|scala|kotlin|swift|sql|"
    "r|matlab|cobol|fortran|haskell|lua|dart|elixir|erlang|clojure|bash|shell|powershell|vb.net|delphi"
)
CIVIL_STATUS = _words(
    "ongehuwd|gehuwd|getrouwd|gescheiden|feitelijk gescheiden|uit de echt gescheiden|weduwe|weduwnaar|"
    "verweduwd|samenwonend|wettelijk samenwonend|wettelijk samenwonende|feitelijk samenwonend|"
    "alleenstaand|alleenstaande|geregistreerd partner|geregistreerd partnerschap|vrijgezel|"
    "celibataire|célibataire|marie|marié|mariee|mariée|divorce|divorcé|divorcee|divorcée|separe|séparé|"
    "separee|séparée|veuf|veuve|cohabitant|cohabitante|cohabitant legal|cohabitante legale|"
    "cohabitant légal|cohabitante légale|pacse|pacsé|pacsee|pacsée|single|married|divorced|widowed|"
    "widow|widower|separated|civil partnership|registered partnership|domestic partnership|cohabiting"
)
UNION_NAMES = _words(
    "acv|csc|acv-csc|acv csc|abvv|fgtb|abvv-fgtb|abvv fgtb|aclvb|cgslb|aclvb-cgslb|acod|cgsp|acv puls|"
    "bbtk|setca|acv-csc metea|acv bie|acv-transcom|fnv|cnv|vcp|christelijke vakbond|socialistische vakbond|"
    "liberale vakbond|syndicat chretien|syndicat socialiste|syndicat liberal|cgt|cfdt|fo|cfe-cgc|unsa|sud"
)
HEALTH_FUNDS = _words(
    "cm|mc|cm-mc|christelijke mutualiteit|mutualite chretienne|mutualité chrétienne|solidaris|"
    "socialistische mutualiteit|mutualite socialiste|mutualité socialiste|partena|helan|oz|"
    "onafhankelijk ziekenfonds|mutualite libre|lm|liberale mutualiteit|mutualite liberale|"
    "mutualité libérale|vnz|vlaams en neutraal ziekenfonds|vlaams & neutraal ziekenfonds|mutualite neutre|"
    "mutualité neutre|neutrale mutualiteit|hziv|caami|hr rail|kas der geneeskundige verzorging|"
    "euromut|securex|mloz|freie krankenkasse|symbio|hulpkas|caisse auxiliaire|mutualia|mut400|"
    "zilveren kruis|vgz|cz|menzis|zorg en zekerheid|dsw|ditzo|ohra|interpolis"
)
NATIONALITIES = _words(
    "be|bel|nl|nld|fr|fra|de|deu|lu|lux|it|ita|es|esp|pt|prt|pl|pol|ro|rou|bg|ma|mar|tr|tur|dz|tn|cd|"
    "cod|rw|cm|sy|af|ua|ru|gb|us|in|cn|al|xk|gr|hu|cz|sk|at|ch|ie|dk|se|fi|no|"
    "belg|belgisch|belgische|belge|belgian|nederlands|nederlandse|nederlander|neerlandais|neerlandaise|"
    "dutch|frans|franse|francais|francaise|french|duits|duitse|allemand|allemande|german|italiaans|"
    "italiaanse|italien|italienne|italian|spaans|spaanse|espagnol|espagnole|spanish|portugees|"
    "portugese|portugais|portugaise|pools|poolse|polonais|polonaise|polish|roemeens|roemeense|roumain|"
    "roumaine|romanian|bulgaars|bulgaarse|bulgare|marokkaans|marokkaanse|marocain|marocaine|moroccan|"
    "turks|turkse|turc|turque|turkish|congolees|congolese|congolais|congolaise|algerijns|algerijnse|"
    "algerien|algerienne|tunesisch|tunesische|tunisien|tunisienne|syrisch|syrische|syrien|syrienne|"
    "afghaans|afghaanse|afghan|afghane|oekraiens|oekraiense|ukrainien|ukrainienne|ukrainian|"
    "luxemburgs|luxemburgse|luxembourgeois|luxembourgeoise|brits|britse|britannique|british|"
    "amerikaans|amerikaanse|americain|americaine|american|statenloos|apatride|stateless"
)
# ICD-10: a letter (U is reserved) and two digits, optionally a dot and one to four more characters.
_ICD10 = re.compile(r"^[A-TV-Z]\d{2}(?:\.?\d{1,2}[A-Z0-9]{0,2})?$")
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d{1,2})?)\s?%?$")
_AMOUNT = re.compile(r"^(?:€|eur|\$|£)?\s?-?\d{1,3}(?:[ .,']?\d{3})*(?:[.,]\d{2})\s?(?:€|eur)?$", re.I)
# Hex, base64, or dotted cookie values (GA1.2.123456789.1700000000), 16 characters or more.
_TOKEN = re.compile(
    r"^(?:[0-9a-f]{16,128}|[A-Za-z0-9+/_\-]{20,256}={0,2}|(?=.{16,})(?=.*\d)[\w\-]+(?:\.[\w\-]+){2,})$"
)
_USER_AGENT = re.compile(r"^Mozilla/\d|AppleWebKit|Gecko/|Chrome/\d|Safari/\d|okhttp|Dalvik/|curl/", re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_PASSPORT = re.compile(r"^[A-Z]{2}[A-Z0-9]{6}\d?$|^[A-Z]{2}\d{6,7}$")
_USERNAME = re.compile(r"^[a-z][a-z0-9._\-]{2,30}\d*$")
_POSTCODE = re.compile(r"^(?:[1-9]\d{3}|[1-9]\d{3}\s?[A-Z]{2}|[0-9]{5})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
MAX_VOCAB_DISTINCT = 40  # a closed vocabulary has at most this many distinct values in a sample


def _meaningful(values: Sequence[str]) -> list[str]:
    return [v for v in values if _fold(v) not in FILLERS and not v.startswith("<binary")]


def vocabulary_share(
    values: Sequence[str], vocab: frozenset[str], max_distinct: int = MAX_VOCAB_DISTINCT
) -> float:
    """Share of the distinct meaningful values that belong to ``vocab`` (0 for too varied a column)."""
    vals = _meaningful(values)
    if not vals or len(vals) > max_distinct:
        return 0.0
    return sum(1 for v in vals if _fold(v) in vocab) / len(vals)


def _year(value: str) -> int | None:
    for rx, order in ((_YMD, "ymd"), (_DMY, "dmy"), (_COMPACT, "ymd")):
        m = rx.match(value.strip())
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        if not (1 <= mo <= 12 and 1 <= d <= 31) and not (1 <= d <= 12 and 1 <= mo <= 31):
            return None
        return y
    return None


def birth_year_share(values: Sequence[str], strict: bool = False) -> float:
    """Share of values that are dates whose years make sense as births (1900 up to this year).

    ``strict`` (no name to go on): the years must also spread over 15 years and lie mostly 15 or more
    years back, as a population's births do and as order, hire or registration dates rarely do."""
    vals = _meaningful(values)
    if len(vals) < 3:
        return 0.0
    years = [y for y in (_year(v) for v in vals) if y is not None]
    now = _dt.date.today().year
    plausible = [y for y in years if 1900 <= y <= now]
    if strict and (
        len(set(plausible)) < 5 or max(plausible) - min(plausible) < 15 or median(plausible) > now - 15
    ):
        return 0.0
    return len(plausible) / len(vals)


def _pattern_share(values: Sequence[str], rx: re.Pattern[str]) -> float:
    vals = _meaningful(values)
    return sum(1 for v in vals if rx.match(v.strip())) / len(vals) if vals else 0.0


def icd10_share(values: Sequence[str]) -> float:
    """Diagnosis codes: ICD-10 shaped, and varied (several chapters), not one product line's codes."""
    vals = [v.strip().upper() for v in _meaningful(values)]
    if len(vals) < 3:
        return 0.0
    hits = [v for v in vals if _ICD10.match(v)]
    if len({v[0] for v in hits}) < 2:
        return 0.0
    return len(hits) / len(vals)


def percentage_share(values: Sequence[str]) -> float:
    vals = _meaningful(values)
    ok = 0
    for v in vals:
        m = _PERCENT.match(v.strip())
        if m and 0 <= float(m.group(1).replace(",", ".")) <= 100:
            ok += 1
    return ok / len(vals) if vals else 0.0


def small_count_share(values: Sequence[str]) -> float:
    """Counts of people (children, household members): small non-negative integers."""
    vals = [v.strip() for v in values if v.strip()]
    return sum(1 for v in vals if v.isdigit() and int(v) <= 20) / len(vals) if vals else 0.0


def token_share(values: Sequence[str]) -> float:
    """Session ids, cookies, device tokens: long random hex or base64 strings, all different."""
    vals = _meaningful(values)
    if len(vals) < 3:
        return 0.0
    return sum(1 for v in vals if _TOKEN.match(v) or _UUID.match(v)) / len(vals)


def username_share(values: Sequence[str]) -> float:
    """Login names: one lower-case token (letters first, dots, dashes, digits), nearly all different."""
    vals = _meaningful(values)
    if len(vals) < 5:
        return 0.0
    return sum(1 for v in vals if _USERNAME.match(v)) / len(vals)


# shape -> function of the distinct values
SHAPES = {
    "birth_dates": birth_year_share,
    "birth_dates_strict": lambda vs: birth_year_share(vs, strict=True),
    "gender_codes": lambda vs: vocabulary_share(vs, GENDER_CODES, 8),
    "language_codes": lambda vs: vocabulary_share(vs, LANGUAGE_CODES, 20),
    "language_names": lambda vs: vocabulary_share(vs, LANGUAGE_NAMES, 20),
    "usernames": username_share,
    "postcode_numbers": lambda vs: _pattern_share([v.upper() for v in vs], _POSTCODE),
    "programming_languages": lambda vs: vocabulary_share(vs, PROGRAMMING_LANGUAGES),
    "civil_status": lambda vs: vocabulary_share(vs, CIVIL_STATUS),
    "union_names": lambda vs: vocabulary_share(vs, UNION_NAMES),
    "health_funds": lambda vs: vocabulary_share(vs, HEALTH_FUNDS),
    "nationalities": lambda vs: vocabulary_share(vs, NATIONALITIES, 120),
    "icd10": icd10_share,
    "percentages": percentage_share,
    "amounts": lambda vs: _pattern_share(vs, _AMOUNT),
    "small_counts": small_count_share,
    "tokens": token_share,
    "user_agents": lambda vs: sum(1 for v in vs if _USER_AGENT.search(v)) / len(vs) if len(vs) >= 3 else 0.0,
    "passport_numbers": lambda vs: _pattern_share([v.upper() for v in vs], _PASSPORT),
}


def shape_scores(values: Sequence[str], wanted: Sequence[str] | None = None) -> dict[str, float]:
    """shape -> share, for every shape (or only ``wanted``), on up to 500 distinct values."""
    vals = list(values[:500])
    return {name: round(fn(vals), 3) for name, fn in SHAPES.items() if wanted is None or name in wanted}
