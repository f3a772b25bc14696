"""Identifiers in every usual notation (compact, grouped, a space after the country code, dotted, dashed,
lower case): Belgian eID card, national register / BIS and enterprise numbers, Dutch BSN, RSIN, BTW and
passport / identity-card numbers, Belgian passport and driving-licence numbers, French NIR.

Per identifier: valid values in each notation are recognised as a whole cell (column path) and in a
Dutch sentence (text path, real AnalyzerEngine); a value failing its checksum never is; formats without
a checksum count only with a context word near. python-stdnum's own test vectors (tests/stdnum_vectors.py)
as one-column tables and as Dutch sentences."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from stdnum import iban
from stdnum.be import bis, eid, nn, vat
from stdnum.fr import nir
from stdnum.nl import bsn, btw, identiteitskaartnummer

from pii_scan.discovery import scan_table
from pii_scan.models.analyzer import analyze_texts, classify_values
from pii_scan.models.entities import category_of

_spec = importlib.util.spec_from_file_location(
    "stdnum_vectors", Path(__file__).with_name("stdnum_vectors.py")
)
assert _spec and _spec.loader
_vectors_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vectors_module)
vectors = _vectors_module.vectors


def _nn(n: str) -> dict[str, str]:
    yy, mm, dd, seq, cc = n[:2], n[2:4], n[4:6], n[6:9], n[9:]
    return {
        "compact": n,
        "grouped": f"{yy}{mm}{dd} {seq} {cc}",
        "dotted": f"{yy}.{mm}.{dd}-{seq}.{cc}",
        "dashed": f"{yy}-{mm}-{dd}-{seq}-{cc}",
    }


def _eid(n: str) -> dict[str, str]:
    a, b, c = n[:3], n[3:10], n[10:]
    return {"compact": n, "dashed": f"{a}-{b}-{c}", "dotted": f"{a}.{b}.{c}", "grouped": f"{a} {b} {c}"}


def _be_vat(n: str) -> dict[str, str]:
    n = n.zfill(10)
    a, b, c = n[:4], n[4:7], n[7:]
    return {
        "compact": f"BE{n}",
        "space after country": f"BE {n}",
        "grouped": f"BE {a} {b} {c}",
        "dotted": f"{a}.{b}.{c}",
        "dashed": f"BE-{a}-{b}-{c}",
        "lower": f"be{n}",
    }


def _bsn(n: str) -> dict[str, str]:
    return {
        "compact": n,
        "dotted": f"{n[:4]}.{n[4:6]}.{n[6:]}",
        "grouped": f"{n[:4]} {n[4:6]} {n[6:]}",
        "dashed": f"{n[:4]}-{n[4:6]}-{n[6:]}",
        "threes": f"{n[:3]}.{n[3:6]}.{n[6:]}",
    }


def _btw(n: str) -> dict[str, str]:
    digits, suffix = n[2:11], n[11:]
    return {
        "compact": n,
        "space after country": f"NL {digits}{suffix}",
        "grouped": f"NL {digits} {suffix}",
        "dotted": f"NL{digits[:4]}.{digits[4:6]}.{digits[6:]}.{suffix}",
        "dashed": f"NL-{digits}-{suffix}",
        "lower": n.lower(),
    }


def _doc(n: str) -> dict[str, str]:
    return {"compact": n, "lower": n.lower(), "grouped": f"{n[:2]} {n[2:8]} {n[8]}"}


def _nir(n: str) -> dict[str, str]:
    parts = (n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:])
    return {
        "compact": n,
        "grouped": " ".join(parts),
        "dotted": ".".join(parts),
        "dashed": "-".join(parts),
        "lower": n.lower(),
    }


def _plain(n: str) -> dict[str, str]:
    return {"compact": n}


def _bump(n: str) -> str:
    """The same number with its last digit changed: the checksum fails."""
    return n[:-1] + str((int(n[-1]) + 1) % 10)


@dataclass(frozen=True)
class Spec:
    entity: str
    compact: Callable[[str], str]
    is_valid: Callable[[str], bool]
    notations: Callable[[str], dict[str, str]]
    valid: tuple[str, ...]  # compact
    sentence: str  # a Dutch sentence with the identifier's context word
    invalid: tuple[str, ...] = ()  # compact; checksums failing (or shapes wrong)
    value_shape: bool = True  # the column path knows the shape (ten bare digits it leaves to the header)
    header: str = "kolom_a"  # a neutral name: checksummed identifiers are decided by their values
    bare: str = "Noteer {} in het dossier, graag."  # no context word
    strong: tuple[str, ...] = field(default_factory=tuple)  # notations found without a context word


SPECS: dict[str, Spec] = {
    "be_nn": Spec(
        "BE_NATIONAL_NUMBER", nn.compact, lambda v: nn.is_valid(v) or bis.is_valid(v), _nn,
        ("85073003328", "17073003384", "01051212387", "85473012324", "01490700185"),
        "Mijn rijksregisternummer is {}, dat staat op mijn kaart.",
        strong=("compact", "grouped", "dotted", "dashed"),
    ),
    "be_eid": Spec(
        "BE_EID_CARD", eid.compact, eid.is_valid, _eid,
        ("000001103271", "591191706458", "591201099997", "592123456732"),
        "Het nummer van mijn identiteitskaart is {}, geldig tot 2031.",
        strong=("dashed", "dotted", "grouped"),
    ),
    "be_vat": Spec(
        "BE_ENTERPRISE_NUMBER", vat.compact, vat.is_valid, _be_vat,
        ("0428759497", "0460190566", "0403170701"),
        "Ons ondernemingsnummer is {}, zie de KBO.",
        strong=("compact", "space after country", "grouped", "dotted", "dashed", "lower"),
    ),
    "nl_bsn": Spec(
        "NL_BSN", bsn.compact, bsn.is_valid, _bsn,
        ("111222333", "123456782", "100000009"),
        "Mijn burgerservicenummer is {}, zegt de gemeente.",
    ),
    "nl_rsin": Spec(
        "NL_RSIN", bsn.compact, bsn.is_valid, _bsn,
        ("111222333", "123456782", "100000009"),
        "Het RSIN van de stichting is {}, zegt de KvK.",
        header="",
    ),
    "nl_btw": Spec(
        "NL_VAT", btw.compact, btw.is_valid, _btw,
        ("NL004495445B01", "NL002455799B11", "NL810585091B01"),
        "Het btw-identificatienummer is {}, zegt de Belastingdienst.",
        invalid=("NL004495440B01", "NL002455790B11", "NL810585090B01"),  # the suffix has no check
        strong=("compact", "space after country", "grouped", "dotted", "dashed", "lower"),
    ),
    "nl_doc": Spec(
        "NL_ID_DOCUMENT", identiteitskaartnummer.compact, identiteitskaartnummer.is_valid, _doc,
        ("XR1001R58", "EM0000000", "NP4H23KL7"),
        "Het nummer van mijn paspoort is {}, afgegeven in Utrecht.",
        invalid=("XR1O01R58", "581001RXR", "XR1001RX"), header="numero_passeport",
    ),
    "be_passport": Spec(
        "BE_PASSPORT", lambda v: v.replace(" ", "").upper(), lambda v: len(v) == 8, lambda n: {
            "compact": n, "lower": n.lower(), "grouped": f"{n[:2]} {n[2:]}"},
        ("EH123456", "EM654321", "AB000120"),
        "Mijn paspoortnummer is {}, geldig tot 2030.",
        invalid=("EH12345", "E1234567", "EHX23456"), header="numero_passeport",
    ),
    "be_driving_licence": Spec(
        "BE_DRIVING_LICENCE", lambda v: v, lambda v: len(v) == 10, _plain,
        ("1234567890", "9876543210"),
        "Mijn rijbewijsnummer is {}, afgegeven in Gent.",
        invalid=("123456789", "12345678901"), header="rijbewijsnummer", value_shape=False,
    ),
    "fr_nir": Spec(
        "FR_NIR", lambda v: nir.compact(v.replace("-", "")), nir.is_valid, _nir,
        ("295109912611193", "253072A07300443", "253072B07300470", "185057800608491"),
        "Mijn numéro de sécurité sociale is {}, zegt de CPAM.",
        strong=("compact", "grouped", "dotted", "dashed", "lower"),
    ),
}  # fmt: skip


def _invalid(spec: Spec) -> list[str]:
    if spec.invalid:
        return list(spec.invalid)
    bumped = [_bump(v) for v in spec.valid]
    assert not any(spec.is_valid(v) for v in bumped)
    return bumped


def _cases() -> list[tuple[str, str]]:
    return [(key, style) for key, spec in SPECS.items() for style in spec.notations(spec.valid[0])]


def _found(texts: list[str]) -> list[set[tuple[str, str]]]:
    return [
        {(r.entity_type, t[r.start : r.end]) for r in rs}
        for t, rs in zip(texts, analyze_texts(texts, "nl"), strict=True)
    ]


@pytest.mark.parametrize(("key", "style"), _cases())
def test_valid_in_every_notation(key: str, style: str) -> None:
    spec = SPECS[key]
    values = [spec.notations(v)[style] for v in spec.valid]
    assert all(spec.is_valid(spec.compact(v)) for v in values)  # the table itself is right
    for value, found in zip(values, _found([spec.sentence.format(v) for v in values]), strict=True):
        assert (spec.entity, value) in found, (value, found)
    if spec.header != "" and spec.value_shape:  # RSIN: a column of them is a column of BSNs
        assert classify_values(values).get(spec.entity) == 1.0
    bare = _found([spec.bare.format(v) for v in values])
    for value, found in zip(values, bare, strict=True):
        if style in spec.strong:
            assert (spec.entity, value) in found, (value, found)
        else:  # no checksum, or one that too many numbers pass: a context word is needed
            assert spec.entity not in {e for e, _ in found}, (value, found)


@pytest.mark.parametrize(("key", "style"), _cases())
def test_invalid_never_reported(key: str, style: str) -> None:
    spec = SPECS[key]
    values = []
    for v in _invalid(spec):
        forms = spec.notations(v) if len(v) == len(spec.valid[0]) else {"compact": v}
        values.append(forms.get(style, v))
    for value, found in zip(values, _found([spec.sentence.format(v) for v in values]), strict=True):
        assert spec.entity not in {e for e, _ in found}, (value, found)
    assert spec.entity not in classify_values(values)


def test_rsin_context_says_organisation_number_bsn_otherwise() -> None:
    (with_rsin, with_bsn) = _found(["Het RSIN van de stichting is 111222333.", "Zijn BSN is 111222333."])
    assert ("NL_RSIN", "111222333") in with_rsin and "NL_BSN" not in {e for e, _ in with_rsin}
    assert ("NL_BSN", "111222333") in with_bsn and "NL_RSIN" not in {e for e, _ in with_bsn}


def test_eid_card_is_not_a_structured_payment_reference() -> None:
    # Twelve digits under the same mod-97 rule as a Belgian structured communication (+++...+++).
    (found,) = _found(["Betaal met mededeling +++591/1917/06458+++ voor 1 mei."])
    assert "BE_EID_CARD" not in {e for e, _ in found}


@pytest.mark.parametrize("key", [k for k, s in SPECS.items() if s.header])
def test_one_column_table_gets_its_category(tmp_path: Path, key: str) -> None:
    spec = SPECS[key]
    styles = list(spec.notations(spec.valid[0]))
    valid = [spec.notations(v)[styles[i % len(styles)]] for i, v in enumerate(spec.valid * 4)]
    path = tmp_path / "export.csv"
    path.write_bytes("\r\n".join([spec.header] + valid).encode("cp1252"))
    (fld,) = scan_table(str(path), "export.csv", root=str(tmp_path))
    assert fld.category == category_of(spec.entity) == "identification"
    if spec.value_shape:
        assert spec.entity in {e.type for e in fld.entities}


# python-stdnum's own vectors ---------------------------------------------------------------------

STDNUM = {
    "be.nn": ("BE_NATIONAL_NUMBER", _nn, "Zijn rijksregisternummer is {}."),
    "be.bis": ("BE_NATIONAL_NUMBER", _nn, "Het bisnummer is {}."),
    "be.eid": ("BE_EID_CARD", _eid, "Het nummer van de eID-kaart is {}."),
    "be.vat": ("BE_ENTERPRISE_NUMBER", _be_vat, "Het ondernemingsnummer is {}."),
    "be.iban": ("IBAN_CODE", None, "Mijn rekeningnummer is {}, stort daarop."),
    "iban": ("IBAN_CODE", None, "Mijn rekeningnummer is {}, stort daarop."),
    "nl.bsn": ("NL_BSN", _bsn, "Mijn BSN is {}."),
    "nl.btw": ("NL_VAT", None, "Het btw-nummer is {}."),
    "nl.identiteitskaartnummer": ("NL_ID_DOCUMENT", _doc, "Mijn paspoortnummer is {}."),
    "fr.nir": ("FR_NIR", _nir, "Mijn numéro de sécurité sociale is {}."),
}
_IBAN_STYLES = {
    "as given": lambda v: v,
    "compact": lambda v: iban.compact(v),
    "grouped": lambda v: iban.format(v),
    "space after country": lambda v: (lambda c: f"{c[:2]} {c[2:4]} {iban.format(c[4:])}")(iban.compact(v)),
    "lower": lambda v: iban.format(v).lower(),
}


def _stdnum_columns(module: str) -> dict[str, list[str]]:
    mod = importlib.import_module(f"stdnum.{module}")
    valid, _ = vectors(module)
    entity, notations, _ = STDNUM[module]
    if notations is None:
        styles = _IBAN_STYLES if "iban" in module else {"as given": lambda v: v, "lower": str.lower}
        return {s: [f(v) for v in valid] for s, f in styles.items()}
    compact = [mod.compact(v) for v in valid]
    if module == "be.vat":
        compact = [c.zfill(10) for c in compact]
    out: dict[str, list[str]] = {"as given": list(valid)}
    for style in notations(compact[0]):
        out[style] = [notations(c)[style] for c in compact]
    return out


@pytest.mark.parametrize("module", list(STDNUM))
def test_stdnum_vectors_as_columns_and_sentences(module: str) -> None:
    entity, _, sentence = STDNUM[module]
    columns = _stdnum_columns(module)
    assert columns["as given"], module
    for style, values in columns.items():
        assert classify_values(values).get(entity) == 1.0, (module, style)
        for value, found in zip(values, _found([sentence.format(v) for v in values]), strict=True):
            assert (entity, value) in found, (module, style, value, found)


@pytest.mark.parametrize("module", list(STDNUM))
def test_stdnum_invalid_vectors_never_reported(module: str) -> None:
    entity, _, sentence = STDNUM[module]
    _, invalid = vectors(module)
    if module == "be.iban":  # a foreign IBAN is not a Belgian one, but it is an IBAN all the same
        invalid = tuple(v for v in invalid if not iban.is_valid(v))
    if module in ("be.nn", "be.bis"):  # one entity for both: a valid BIS number is no invalid one
        invalid = tuple(v for v in invalid if not (nn.is_valid(v) or bis.is_valid(v)))
    if not invalid:
        pytest.skip(f"no invalid vectors for {module}")
    for value, found in zip(invalid, _found([sentence.format(v) for v in invalid]), strict=True):
        assert entity not in {e for e, _ in found}, (module, value, found)
    assert entity not in classify_values(list(invalid))


_STDNUM_CATEGORY = {m: category_of(e) for m, (e, _, _) in STDNUM.items() if m != "nl.identiteitskaartnummer"}


@pytest.mark.parametrize("module", list(_STDNUM_CATEGORY))
def test_stdnum_vectors_as_one_column_tables(tmp_path: Path, module: str) -> None:
    """Each notation of the vectors in a column of its own, under a name that says nothing: the values
    decide (the Dutch document numbers have no checksum, so they need a header: left out here)."""
    columns = _stdnum_columns(module)
    for i, (style, values) in enumerate(columns.items()):
        path = tmp_path / f"{i}.csv"
        path.write_bytes("\r\n".join(["kolom_a", *(values * (3 // len(values) + 1))]).encode("utf-8"))
        (fld,) = scan_table(str(path), path.name, root=str(tmp_path))
        assert fld.category == _STDNUM_CATEGORY[module], (module, style, fld.evidence)


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Mon numéro de sécurité sociale est le 2 95 10 99 126 111 93.", "FR_NIR", "2 95 10 99 126 111 93"),
        ("Numéro de carte d'identité : 591-1917064-58.", "BE_EID_CARD", "591-1917064-58"),
        ("Mon numéro de passeport est EH123456.", "BE_PASSPORT", "EH123456"),
        ("Numéro de permis de conduire 1234567890.", "BE_DRIVING_LICENCE", "1234567890"),
        ("Le numéro de TVA est NL 8105.85.091 B01.", "NL_VAT", "NL 8105.85.091 B01"),
    ],
)
def test_french_sentences(text: str, entity: str, value: str) -> None:
    (results,) = analyze_texts([text], "fr")
    assert (entity, value) in {(r.entity_type, text[r.start : r.end]) for r in results}
