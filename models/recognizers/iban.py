"""IBAN for every country python-stdnum knows, in every usual notation, validated with python-stdnum.

Notations: compact (BE71096123456769), grouped by four (BE71 0961 2345 6769), a space after the country
code (BE 71 0961 2345 6769), dashed, dotted, and lower case. stdnum checks the mod-97 checksum, the
country's BBAN structure and, where it has one, the country module (Belgian bank code, ...), so a number
failing any of them is never an IBAN.

Replaces Presidio's built-in IbanRecognizer (the analyzer does not register that one), so there are
no duplicate IBAN_CODE results."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from stdnum import iban, numdb

from ._common import PiiScanChecksumRecognizer, make_result

__all__ = ["PiiScanIbanRecognizer", "IBAN_COUNTRIES", "SEPA_COUNTRIES", "compact_iban"]

# Every country in stdnum's IBAN registry (89 in python-stdnum 2.x, SEPA and beyond).
IBAN_COUNTRIES = frozenset(str(prefix[1]) for prefix in numdb.get("iban").prefixes)
# SEPA members (EU, EEA, CH, GB, MC, SM, VA, AD, GI; French overseas territories use FR). Kept for
# callers that want SEPA only; recognition accepts every IBAN_COUNTRIES member.
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO "
    "SE SI SK SM VA".split()
)

# Country code and check digits, then the BBAN in runs of letters and digits, each run after the first
# preceded by one space, dot or dash. Runs of any length: besides groups of four, national notations
# survive in IBANs ("BE32 123-4567890-02", "NO 19 4920 06 96270", "ES72 2013-0692-81-0201150993").
# Separators are mandatory between runs, so the regex cannot backtrack exponentially. Case-insensitive:
# "be71 0961 2345 6769" is one too. Where the match ends is decided by the checksum (``analyze``).
_HEAD = r"[A-Za-z]{2}[ .\-]?\d{2}"
_RUNS = r"[A-Za-z0-9]*(?:[ .\-][A-Za-z0-9]+){0,11}"
_IBAN = re.compile(rf"(?<!\w){_HEAD}({_RUNS})(?![A-Za-z0-9])")
_RUN = re.compile(r"[ .\-]?[A-Za-z0-9]+")
_MIN, _MAX = 12, 34  # shortest (Norway 15, with margin) and longest IBAN, compact


def compact_iban(value: str) -> str:
    """BE71 0961-2345.6769 -> BE71096123456769 (stdnum's compact: no separators, upper case)."""
    return str(iban.compact(value))


class PiiScanIbanRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = [Pattern("IBAN", _IBAN.pattern, 0.5)]
    CONTEXT = [
        "iban", "rekeningnummer", "rekening", "bankrekening", "compte", "numero de compte",
        "compte bancaire", "bank account", "account number",
    ]  # fmt: skip
    # The same notations as the text pattern, so the column path and the text path agree.
    VALUE_REGEX = _HEAD + _RUNS

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        compact = compact_iban(value)
        return compact[:2] in IBAN_COUNTRIES and bool(iban.is_valid(compact))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        # Own matching instead of Presidio's: a greedy match may swallow following words or numbers
        # ("BE68 5390 0754 7034 2025"), so try shorter run counts, longest first, until one validates.
        results: list[RecognizerResult] = []
        pos = 0
        while (m := _IBAN.search(text, pos)) is not None:
            # The match may run into a following IBAN ("... 6769 en NL91-ABNA-..."): go on scanning
            # from where the valid one ended, or just after this head when none was valid.
            pos = m.start() + 1
            if m.group()[:2].upper() not in IBAN_COUNTRIES:
                continue
            ends = [g.end() for g in _RUN.finditer(text, m.start(1), m.end(1))][::-1]
            for end in ends:
                candidate = text[m.start() : end]
                if not _MIN <= len(candidate) - candidate.count(" ") <= _MAX + 10:
                    continue
                if self.is_valid_value(candidate):
                    # Not context-weighed: Presidio's enhancer may still note the context words.
                    results.append(
                        make_result(
                            self,
                            self.ENTITY,
                            m.start(),
                            end,
                            1.0,
                            None,
                            context_weighed=False,
                            pattern_name="IBAN",
                            pattern=_IBAN.pattern,
                            validation_result=True,
                        )
                    )
                    pos = end
                    break
        return results
