"""IBAN for every country python-stdnum knows, in every usual notation, through both paths: the text
recognizer (Dutch and French sentences) and the fast per-value column path; checksum failures never."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stdnum import iban, numdb

from pii_scan.discovery import scan_table
from pii_scan.models.analyzer import analyze_texts, classify_values
from pii_scan.models.recognizers import PiiScanIbanRecognizer
from pii_scan.models.recognizers.iban import IBAN_COUNTRIES

_FILL = {"n": "7305912486", "a": "KQWRTZBHMP", "c": "4X8Y2V6N3J"}


def _generated(cc: str, bban_structure: str, seed: int) -> str:
    """A structurally valid IBAN for ``cc`` (check digits computed by stdnum)."""
    bban = ""
    for count, kind in re.findall(r"(\d+)!?([nac])", bban_structure):
        chars = _FILL[kind]
        bban += "".join(chars[(seed + len(bban) + i) % len(chars)] for i in range(int(count)))
    return cc + iban.calc_check_digits(cc + "00" + bban) + bban


def _one_per_country() -> list[str]:
    # Belgium, Spain and Montenegro carry a national checksum inside the BBAN: REAL has those.
    out = []
    for _, cc, _, props, _ in numdb.get("iban").prefixes:
        for seed in range(10):  # a country module (bank code, national checksum) may reject some
            value = _generated(cc, props["bban"], seed)
            if iban.is_valid(value):
                out.append(value)
                break
    return out


GENERATED = _one_per_country()
# Published examples, SEPA and beyond (Saudi Arabia, Brazil, Turkey, Qatar, Mauritius, Norway: shortest).
REAL = [
    "BE71096123456769", "BE35063869178437", "ES9121000418450200051332", "ME25505000012345678951",
    "NL91ABNA0417164300", "FR1420041010050500013M02606", "DE89370400440532013000",
    "LU280019400644750000", "GB82WEST12345698765432", "SA0380000000608010167519",
    "BR1800360305000010009795493C1", "TR330006100519786457841326", "QA58DOHB00001234567890ABCDEFG",
    "MU17BOMM0101101030300200000MUR", "NO9386011117947", "KW81CBKU0000000000001234560101",
]  # fmt: skip


def notations(compact: str) -> dict[str, str]:
    body = compact[4:]
    groups = [body[i : i + 4] for i in range(0, len(body), 4)]
    grouped = " ".join([compact[:4], *groups])
    return {
        "compact": compact,
        "grouped": grouped,
        "space after country": f"{compact[:2]} {compact[2:4]} " + " ".join(groups),
        "dashed": "-".join([compact[:4], *groups]),
        "dotted": ".".join([compact[:4], *groups]),
        "lower": grouped.lower(),
    }


def _broken(compact: str) -> str:
    """The same IBAN with its last character changed: the mod-97 checksum fails."""
    last = compact[-1]
    repl = "0" if last != "0" else "1"
    if not last.isdigit():
        repl = "A" if last != "A" else "B"
    return compact[:-1] + repl


def test_every_stdnum_country_is_covered() -> None:
    assert {v[:2] for v in GENERATED + REAL} == IBAN_COUNTRIES
    assert len(IBAN_COUNTRIES) >= 80  # far beyond the 36 SEPA countries
    assert not any(iban.is_valid(_broken(v)) for v in GENERATED + REAL)


@pytest.mark.parametrize("style", list(notations(REAL[0])))
def test_every_country_every_notation_in_sentences_and_values(style: str) -> None:
    values = [notations(v)[style] for v in dict.fromkeys(GENERATED + REAL)]
    assert all(PiiScanIbanRecognizer.is_valid_value(v) for v in values)
    assert classify_values(values)["IBAN_CODE"] == 1.0
    for language, template in (
        ("nl", "Gelieve het bedrag te storten op rekening {} voor 1 mei, dank u."),
        ("fr", "Veuillez verser le montant sur le compte {} avant le 1er mai, merci."),
    ):
        texts = [template.format(v) for v in values]
        for value, text, results in zip(values, texts, analyze_texts(texts, language), strict=True):
            spans = {text[r.start : r.end] for r in results if r.entity_type == "IBAN_CODE"}
            assert spans == {value}, (language, value)


@pytest.mark.parametrize("style", list(notations(REAL[0])))
def test_failing_checksum_is_never_an_iban(style: str) -> None:
    values = [notations(_broken(v))[style] for v in dict.fromkeys(GENERATED + REAL)]
    assert not any(PiiScanIbanRecognizer.is_valid_value(v) for v in values)
    assert "IBAN_CODE" not in classify_values(values)
    texts = [f"Gelieve te storten op rekening {v} voor 1 mei." for v in values]
    for results in analyze_texts(texts, "nl"):
        assert not [r for r in results if r.entity_type == "IBAN_CODE"]


def test_iban_next_to_words_and_numbers() -> None:
    text = "IBAN: be71 0961 2345 6769 2025 en NL91-ABNA-0417-1643-00. Ook BE 71 0961 2345 6769."
    (results,) = analyze_texts([text], "nl")
    spans = [text[r.start : r.end] for r in results if r.entity_type == "IBAN_CODE"]
    assert spans == ["be71 0961 2345 6769", "NL91-ABNA-0417-1643-00", "BE 71 0961 2345 6769"]


@pytest.mark.parametrize("style", ["grouped", "space after country", "dashed", "dotted", "lower"])
def test_one_column_of_ibans_is_financial(tmp_path: Path, style: str) -> None:
    valid = [notations(v)[style] for v in dict.fromkeys(GENERATED[::2] + REAL)]
    broken = [notations(_broken(v))[style] for v in dict.fromkeys(GENERATED[::2] + REAL)]
    path = tmp_path / "export.csv"
    rows = ["kolom_a;kolom_b"] + [f"{a};{b}" for a, b in zip(valid, broken, strict=True)]
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    fields = {f.column: f for f in scan_table(str(path), "export.csv", root=str(tmp_path))}
    assert fields["kolom_a"].category == "financial"
    assert fields["kolom_a"].entities[0].type == "IBAN_CODE"
    assert "IBAN_CODE" not in {e.type for e in fields["kolom_b"].entities}
