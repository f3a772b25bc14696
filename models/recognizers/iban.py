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
from stdnum import numdb

from ._checks import IBAN_HEAD as _HEAD
from ._checks import IBAN_RUNS as _RUNS
from ._checks import IBAN_VALUE, compact_iban, iban_countries, is_iban
from ._common import PiiScanChecksumRecognizer, make_result

__all__ = ["PiiScanIbanRecognizer", "IBAN_COUNTRIES", "SEPA_COUNTRIES", "compact_iban"]

# Every country in stdnum's IBAN registry (89 in python-stdnum 2.x, SEPA and beyond), with the length
# of its IBAN (4 + the BBAN structure's "4!n4!n12!c" counts).
IBAN_LENGTHS: dict[str, int] = {
    str(prefix[1]): 4 + sum(int(n) for n in re.findall(r"(\d+)!", str(prefix[3].get("bban", ""))))
    for prefix in numdb.get("iban").prefixes
}
IBAN_COUNTRIES = iban_countries()
# SEPA members (EU, EEA, CH, GB, MC, SM, VA, AD, GI; French overseas territories use FR). Kept for
# callers that want SEPA only; recognition accepts every IBAN_COUNTRIES member.
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO "
    "SE SI SK SM VA".split()
)

# The notations: see _checks.IBAN_RUNS. Where a match ends is decided by the checksum (``analyze``).
_IBAN = re.compile(rf"(?<!\w){_HEAD}({_RUNS})(?![A-Za-z0-9])")
_RUN = re.compile(r"[ .\-]?[A-Za-z0-9]+")


class PiiScanIbanRecognizer(PiiScanChecksumRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = [Pattern("IBAN", _IBAN.pattern, 0.5)]
    CONTEXT = [
        "iban", "rekeningnummer", "rekening", "bankrekening", "compte", "numero de compte",
        "compte bancaire", "bank account", "account number",
    ]  # fmt: skip
    # The same notations as the text pattern, so the column path and the text path agree.
    VALUE_REGEX = IBAN_VALUE

    @classmethod
    def is_valid_value(cls, value: str) -> bool:
        return is_iban(value)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        # Own matching instead of Presidio's: a greedy match may swallow following words or numbers
        # ("BE68 5390 0754 7034 2025"), so the match ends where the country's IBAN length is reached.
        results: list[RecognizerResult] = []
        pos = 0
        while (m := _IBAN.search(text, pos)) is not None:
            # The match may run into a following IBAN ("... 6769 en NL91-ABNA-..."): go on scanning
            # from where the valid one ended, or just after this head when none was valid.
            pos = m.start() + 1
            if m.group()[:2].upper() not in IBAN_COUNTRIES:
                continue
            # Only the end at which the compact length is the country's can be valid: validate that one
            # (cheap on Dutch prose, where "de 12 ..." opens a German head at every turn).
            want = IBAN_LENGTHS[m.group()[:2].upper()]
            length = sum(c.isalnum() for c in text[m.start() : m.start(1)])
            ends = []
            for g in _RUN.finditer(text, m.start(1), m.end(1)):
                length += sum(c.isalnum() for c in g.group())
                if length == want:
                    ends.append(g.end())
                if length >= want:
                    break
            for end in ends:
                candidate = text[m.start() : end]
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
