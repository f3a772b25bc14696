"""Belgian national register / BIS numbers and enterprise numbers in every usual notation (dotted,
dashed, spaced, compact, mixed, lower case), through the text path (nl and fr sentences) and the column
path; numbers failing their checksum never count."""

from __future__ import annotations

import pytest

from pii_scan.models.analyzer import analyze_texts, classify_values
from pii_scan.models.recognizers import (
    PiiScanBeEnterpriseNumberRecognizer,
    PiiScanBeNationalNumberRecognizer,
)

# national number (born 1985), a 2001 birth, and BIS numbers (month + 40, month + 20)
NN_COMPACT = ["85073003328", "01051212387", "85473012324", "90201204573"]


def nn_notations(n: str) -> list[str]:
    yy, mm, dd, seq, cc = n[:2], n[2:4], n[4:6], n[6:9], n[9:]
    return [
        n,
        f"{yy}.{mm}.{dd}-{seq}.{cc}",  # as on the eID card
        f"{yy}.{mm}.{dd}.{seq}.{cc}",
        f"{yy}{mm}{dd}-{seq}-{cc}",
        f"{yy}-{mm}-{dd}-{seq}-{cc}",
        f"{yy}{mm}{dd} {seq} {cc}",
        f"{yy} {mm} {dd} {seq} {cc}",
        f"{yy}.{mm}.{dd}-{seq} {cc}",
    ]


ENT_COMPACT = ["0460190566", "0403170701", "0203201340"]


def ent_notations(n: str) -> list[str]:
    a, b, c = n[:4], n[4:7], n[7:]
    return [
        f"BE{n}",
        f"BE {a} {b} {c}",
        f"BE {a}.{b}.{c}",
        f"BE{a}.{b}.{c}",
        f"BE-{a}-{b}-{c}",
        f"BE {a}-{b}-{c}",
        f"be{n}",
        f"{a}.{b}.{c}",
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
    ]


def _spans(texts: list[str], language: str, entity: str) -> list[set[str]]:
    return [
        {t[r.start : r.end] for r in results if r.entity_type == entity}
        for t, results in zip(texts, analyze_texts(texts, language), strict=True)
    ]


def _broken(compact: str) -> str:
    return compact[:-1] + str((int(compact[-1]) + 1) % 10)


CASES = [
    ("BE_NATIONAL_NUMBER", PiiScanBeNationalNumberRecognizer, NN_COMPACT, nn_notations,
     "rijksregisternummer", "numéro de registre national"),
    ("BE_ENTERPRISE_NUMBER", PiiScanBeEnterpriseNumberRecognizer, ENT_COMPACT, ent_notations,
     "ondernemingsnummer", "numéro d'entreprise"),
]  # fmt: skip


@pytest.mark.parametrize(("entity", "recognizer", "compacts", "notations", "nl_word", "fr_word"), CASES)
def test_every_notation_on_both_paths(entity, recognizer, compacts, notations, nl_word, fr_word) -> None:  # type: ignore[no-untyped-def]
    values = [v for n in compacts for v in notations(n)]
    assert len(set(values)) == len(values)
    for value in values:
        assert recognizer.is_valid_value(value), value
        assert classify_values([value]).get(entity) == 1.0, value
    nl = [f"Het {nl_word} van de klant is {v}, zie dossier." for v in values]
    fr = [f"Le {fr_word} du client est {v}, voir le dossier." for v in values]
    for language, texts in (("nl", nl), ("fr", fr)):
        for value, spans in zip(values, _spans(texts, language, entity), strict=True):
            assert value in spans, (language, value)


@pytest.mark.parametrize(("entity", "recognizer", "compacts", "notations", "nl_word", "fr_word"), CASES)
def test_failing_checksums_in_every_notation(
    entity, recognizer, compacts, notations, nl_word, fr_word
) -> None:  # type: ignore[no-untyped-def]
    values = [v for n in compacts for v in notations(_broken(n))]
    for value in values:
        assert not recognizer.is_valid_value(value), value
    assert entity not in classify_values(values)
    texts = [f"Het {nl_word} is {v}." for v in values]
    assert not any(_spans(texts, "nl", entity))
