"""Dates with Dutch, French and English month names (14 mars 1987, 3 januari 2021, 1er février 2020)
and numeric dates (24/07/1966, 6-7-1958, 30.5.22, 1987-03-14). A date with birth context nearby
(geboren, geboortedatum, né le, date de naissance, °) is reported as DATE_OF_BIRTH instead.

Presidio's DateRecognizer knows only English month names, so it is not registered."""

from __future__ import annotations

import datetime as dt
import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ._common import context_near, fold, make_result

__all__ = ["PiiScanDateRecognizer", "MONTHS"]

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "januari jan janvier janv january",
        "februari feb febr fevrier fev fevr february",
        "maart mrt mars march mar",
        "april apr avril avr",
        "mei mai may",
        "juni jun juin june",
        "juli jul juillet juil july",
        "augustus aug aout august",
        "september sep sept septembre",
        "oktober okt octobre oct october",
        "november nov novembre",
        "december dec decembre",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _num

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d{2}|20\d{2}|'\d{2})"
# Matched against the folded (lower-case, accent-free) text, so one pattern covers "Février"/"fevrier".
_SEP = r"[\s.\-/]+"
_PATTERNS = [
    # 14 mars 1987, 1er février 2020, 3 januari 2021, 15- jan 1928, 17-mei-2011, 3 jan. '21
    re.compile(rf"(?<![\w])(?P<d>{_DAY})(?:er|e|ste|de)?{_SEP}(?P<m>{_MONTH})\.?,?{_SEP}(?P<y>{_YEAR})(?![\w])"),
    # 2019 augustus 1, 2011-mei-17, 1928.jan.15
    re.compile(rf"(?<![\w])(?P<y>{_YEAR}){_SEP}(?P<m>{_MONTH})\.?{_SEP}(?P<d>{_DAY})(?![\w])"),
    # March 14, 1987
    re.compile(rf"(?<![\w])(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})(?![\w])"),
    # 24/07/1966, 6-7-1958, 30/5/22, 14.03.1987, 12-04-'02
    re.compile(r"(?<![\w/.\-])(?P<d>[12]\d|3[01]|0?[1-9])(?P<s>[/.\-])(?P<mn>1[0-2]|0?[1-9])(?P=s)(?P<y>\d{4}|'?\d{2})(?![\w/]|[.\-]\d)"),
    # 1987-03-14, 1958-7-6, 2022.1.8
    re.compile(r"(?<![\w/.\-])(?P<y>1[89]\d{2}|20\d{2})(?P<s>[.\-/])(?P<mn>1[0-2]|0?[1-9])(?P=s)(?P<d>[12]\d|3[01]|0?[1-9])(?![\w/\-]|\.\d)"),
]  # fmt: skip

BIRTH_CONTEXT = [
    "geboren", "geboortedatum", "geb.", "geb", "geboortedag", "°", "ne le", "nee le", "ne(e) le", "ne(e)",
    "date de naissance", "naissance", "born", "date of birth", "birth date", "dob", "birthday",
    "verjaardag",
]  # fmt: skip


# Where a clause ends for birth context: ";", a sentence end, a blank line, or a line break before a
# new "Label:" line. A single line break alone is a hard wrap ("née le\n14 mars 1987") and does not.
_CLAUSE_END = re.compile(r";|[.!?]\s+(?=[A-Z])|\n[ \t\r]*\n|\n(?=[^\n:]{1,30}:)")


def parse_date(text: str) -> dt.date | None:
    """The date a whole value denotes (any supported notation), or None."""
    folded = fold(text.strip())
    for pattern in _PATTERNS:
        m = pattern.fullmatch(folded)
        if m:
            return _to_date(m)
    return None


def _to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = MONTHS[groups["m"]] if groups.get("m") else int(groups["mn"])
    year_s = groups["y"].lstrip("'")
    year = int(year_s)
    if len(year_s) == 2:
        year += 2000 if year <= dt.date.today().year % 100 + 1 else 1900
    if not 1850 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, int(groups["d"]))
    except ValueError:
        return None  # 31 februari


class PiiScanDateRecognizer(EntityRecognizer):
    ENTITIES = ["DATE_TIME", "DATE_OF_BIRTH"]
    SCORE = 0.6
    BIRTH_SCORE = 0.85
    VALUE_REGEX = r"[\w'./\- ,]{6,30}"

    def __init__(self, supported_language: str = "nl") -> None:
        super().__init__(
            supported_entities=self.ENTITIES,
            name="PiiScanDateRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return parse_date(value) is not None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        folded = fold(text)
        spans: list[re.Match[str]] = []
        for pattern in _PATTERNS:
            for m in pattern.finditer(folded):
                if not any(s.start() < m.end() and m.start() < s.end() for s in spans) and _to_date(m):
                    spans.append(m)
        spans.sort(key=lambda m: m.start())
        results = []
        prev_end = 0
        for m in spans:
            birth = self._birth_context(text, max(prev_end, m.start() - 35), m.start())
            prev_end = m.end()
            entity, score = ("DATE_OF_BIRTH", self.BIRTH_SCORE) if birth else ("DATE_TIME", self.SCORE)
            if entities and entity not in entities:
                continue
            why = "date" + (" with birth context" if birth else "")
            results.append(make_result(self, entity, m.start(), m.end(), score, why))
        return results

    @staticmethod
    def _birth_context(text: str, lo: int, hi: int) -> bool:
        # Birth words count only in the same clause, not across a sentence end or an earlier date.
        window = text[lo:hi]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        return context_near(window[cut:], len(window) - cut, len(window) - cut, BIRTH_CONTEXT, 35, 0)
