# ruff: noqa: E501  (one case per line reads as a table)
"""Concepts, not column names: per concept a Dutch, a French and an English header with values, terse
abbreviations, value shapes without a name, and decoys that must stay ``none``.

Every case goes the real way: a SQLite table is written and ``scan_table`` discovers it."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from pii_scan.discovery import scan_table
from pii_scan.models.concepts import CONCEPTS, abbreviation_candidates, concept_table, names
from pii_scan.models.shapes import GENDER_CODES, birth_year_share, icd10_share, vocabulary_share
from pii_scan.results import FieldResult

N = 40
FIRST = "Jan Marie Luc Sofie Pieter Hélène Koen Nathalie Dirk Anne Bart Julie Tom Els".split()
LAST = "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters Dubois Lambert".split()


def _pick(*options: object) -> Callable[[random.Random], object]:
    return lambda r: r.choice(options)


def _date(lo: int, hi: int, fmt: str = "{y}-{m:02d}-{d:02d}") -> Callable[[random.Random], str]:
    return lambda r: fmt.format(y=r.randint(lo, hi), m=r.randint(1, 12), d=r.randint(1, 28))


def _nn(r: random.Random) -> str:
    base = r.randint(40, 99) * 10**7 + r.randint(1, 12) * 10**5 + r.randint(1, 28) * 10**3 + r.randint(1, 997)
    return f"{base:09d}{97 - base % 97:02d}"


def _token(r: random.Random) -> str:
    return f"{r.getrandbits(128):032x}"


def _scan(
    tmp_path: Path, table: str, columns: dict[str, Callable[[random.Random], object]], people: bool = True
) -> dict[str, FieldResult]:
    rng = random.Random(7)
    cols: dict[str, Callable[[random.Random], object]] = {}
    if people:
        cols |= {"voornaam": _pick(*FIRST), "achternaam": _pick(*LAST)}
    cols |= columns
    rows = [[gen(rng) for gen in cols.values()] for _ in range(N)]
    db = tmp_path / "t.sqlite"
    with sqlite3.connect(db) as con:
        names_sql = ", ".join(f'"{c}"' for c in cols)
        con.execute(f'CREATE TABLE "{table}" ({names_sql})')
        con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(cols))})', rows)
    con.close()
    return {str(r.column): r for r in scan_table(str(db), table, root=str(tmp_path))}


# concept -> category, (nl, fr, en) headers, value generator
CASES: dict[str, tuple[str, tuple[str, str, str], Callable[[random.Random], object]]] = {
    "gender": ("identification", ("geslacht", "sexe", "gender"), _pick("M", "V", "F", "X")),
    "language": ("identification", ("taalvoorkeur", "langue", "preferred language"), _pick("NL", "FR", "nl-BE")),
    "nationality": ("identification", ("nationaliteit", "nationalité", "nationality"), _pick("Belg", "belge", "NL", "MA")),
    "birth_date": ("identification", ("geboortedatum", "date de naissance", "date of birth"), _date(1940, 2004)),
    "birth_place": ("identification", ("geboorteplaats", "lieu de naissance", "place of birth"), _pick("Gent", "Liège", "Namur", "Brugge")),
    "national_number": ("identification", ("rijksregisternummer", "numéro national", "national number"), _nn),
    "id_document": ("identification", ("paspoortnummer", "numéro de passeport", "passport number"), lambda r: f"EH{r.randint(100000, 999999)}"),
    "household": ("family", ("gezinssamenstelling", "composition de ménage", "household composition"), lambda r: r.randint(1, 6)),
    "children": ("family", ("aantal kinderen", "nombre d'enfants", "number of children"), lambda r: r.randint(0, 4)),
    "dependants": ("family", ("personen ten laste", "personnes à charge", "dependants"), lambda r: r.randint(0, 3)),
    "partner": ("family", ("echtgenoot", "conjoint", "spouse"), _pick(*FIRST)),
    "civil_status": ("family", ("burgerlijke staat", "état civil", "marital status"), _pick("gehuwd", "ongehuwd", "gescheiden", "weduwe", "célibataire", "marié")),
    "phone": ("contact", ("telefoon", "téléphone", "phone"), lambda r: f"04{r.randint(70, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"),
    "username": ("connection", ("gebruikersnaam", "nom d'utilisateur", "username"), lambda r: f"user{r.randint(100, 999)}"),
    "ip_address": ("connection", ("ip adres", "adresse IP", "IP address"), lambda r: f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    "device": ("connection", ("sessie", "cookie", "session id"), _token),
    "amount": ("financial", ("bedrag", "montant", "amount paid"), lambda r: f"{r.randint(10, 900)},{r.randint(0, 99):02d}"),
    "health": ("sensitive", ("diagnose", "diagnostic", "diagnosis"), _pick("diabetes", "astma", "depressie")),
    "diagnosis_code": ("sensitive", ("diagnosecode", "code diagnostic", "ICD-10 code"), _pick("J45.9", "E11", "M54.5", "F32.1", "I10")),
    "incapacity": ("sensitive", ("percentage arbeidsongeschiktheid", "taux d'incapacité", "incapacity percentage"), _pick("0%", "33%", "66%", "100%")),
    "health_fund": ("sensitive", ("ziekenfonds", "mutualité", "health insurance fund"), _pick("CM", "Solidaris", "Partena", "Helan")),
    "union": ("sensitive", ("vakbond", "syndicat", "trade union"), _pick("ACV", "ABVV", "ACLVB", "CSC", "FGTB", "CGSLB")),
    "religion": ("sensitive", ("godsdienst", "religion", "religion"), _pick("katholiek", "islam", "vrijzinnig")),
    "politics": ("sensitive", ("politieke partij", "parti politique", "political party"), _pick("A", "B", "C")),
    "ethnicity": ("sensitive", ("etnische afkomst", "origine ethnique", "ethnic origin"), _pick("x", "y", "z")),
    "judicial": ("sensitive", ("strafregister", "casier judiciaire", "criminal record"), _pick("blanco", "veroordeling")),
}  # fmt: skip


@pytest.mark.parametrize(
    ("key", "lang"),
    [(k, i) for k in CASES for i in range(3)],
    ids=[f"{k}-{la}" for k in CASES for la in ("nl", "fr", "en")],
)
def test_concept_headers_in_three_languages(tmp_path: Path, key: str, lang: int) -> None:
    category, headers, gen = CASES[key]
    column = headers[lang]
    got = _scan(tmp_path, "leden", {column: gen})[column]
    assert got.category == category, (column, got.evidence)


# Terse database names: abbreviations of the concepts' names, confirmed by the values.
ABBREVIATIONS = {
    "gbdt": ("identification", _date(1940, 2004, "{d:02d}/{m:02d}/{y}")),
    "gsl": ("identification", _pick("M", "V")),
    "nat": ("identification", _pick("BE", "BE", "NL", "FR", "MA")),
    "brgst": ("family", _pick("gehuwd", "ongehuwd", "gescheiden", "wettelijk samenwonend")),
    "vakb": ("sensitive", _pick("ACV", "ABVV", "ACLVB")),
    "mut": ("sensitive", _pick("CM", "Solidaris", "Partena", "Helan")),
    "diag": ("sensitive", _pick("J45.9", "E11", "M54.5", "F32.1")),
    "vnaam": ("identification", _pick(*FIRST)),
    "tel": (
        "contact",
        lambda r: f"+32 4{r.randint(70, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
    ),
}


@pytest.mark.parametrize("column", sorted(ABBREVIATIONS))
def test_terse_names(tmp_path: Path, column: str) -> None:
    category, gen = ABBREVIATIONS[column]
    got = _scan(tmp_path, "tbl_lid", {column: gen})[column]
    assert got.category == category, (column, got.evidence)


@pytest.mark.parametrize(
    ("values", "category"),
    [
        (_pick("M", "V", "X"), "identification"),
        (_pick("gehuwd", "gescheiden", "ongehuwd", "weduwnaar"), "family"),
        (_pick("ACV", "ABVV", "ACLVB"), "sensitive"),
        (_date(1935, 2002), "identification"),
    ],
    ids=["gender-codes", "civil-status", "unions", "birth-dates"],
)
def test_values_decide_without_a_name_in_a_table_about_people(
    tmp_path: Path, values: Callable[[random.Random], object], category: str
) -> None:
    got = _scan(tmp_path, "leden", {"c7": values})["c7"]
    assert got.category == category, got.evidence


def test_status_words_of_civil_status_under_a_generic_name(tmp_path: Path) -> None:
    got = _scan(tmp_path, "leden", {"status": _pick("gehuwd", "ongehuwd", "gescheiden")})["status"]
    assert got.category == "family"


# -- decoys ----------------------------------------------------------------------------------------

ORDER = {"order_id": lambda r: r.randint(1, 10**6), "product": _pick("stoel", "tafel", "kast")}


@pytest.mark.parametrize(
    ("table", "columns", "column", "people"),
    [
        ("orders", ORDER | {"status": _pick("M", "V", "P", "open", "closed")}, "status", False),
        ("producten", {"naam": _pick("stoel", "tafel"), "status": _pick("M", "V")}, "status", False),
        ("ontwikkelaars", {"taal": _pick("Python", "Java", "Go", "Rust")}, "taal", True),
        ("film", {"title": _pick("Alien", "Heat"), "language": _pick("English", "French")}, "language", False),
        ("producten", {"naam": _pick("stoel", "tafel"), "code": _pick("J45.9", "E11", "M54.5", "K21")}, "code", False),
        ("producten", {"naam": _pick("stoel", "tafel"), "ref": _pick("J45", "E11", "M54", "K21", "A10")}, "ref", False),
        ("artikelen", {"omschrijving": _pick("stoel", "tafel"), "bedrag": _pick("10,00", "25,50")}, "bedrag", False),
        ("leden", {"datum": _date(2015, 2024)}, "datum", True),
        ("leden", {"c7": _date(2019, 2024)}, "c7", True),
        ("leden", {"c7": _pick("M")}, "c7", True),
    ],
    ids=[
        "order-status-M-V", "product-status-M-V", "taal-programming", "film-language", "product-code-like-icd10",
        "unnamed-icd-like-in-products", "amount-of-goods", "dated-not-births", "recent-dates-no-name", "one-letter",
    ],
)  # fmt: skip
def test_decoys_stay_none(
    tmp_path: Path,
    table: str,
    columns: dict[str, Callable[[random.Random], object]],
    column: str,
    people: bool,
) -> None:
    got = _scan(tmp_path, table, columns, people=people)[column]
    assert got.category == "none", (column, got.evidence)


# -- the pieces ------------------------------------------------------------------------------------


def test_abbreviations_are_derived_from_concept_names() -> None:
    assert abbreviation_candidates("gbdt")[0][0] == "birth_date"
    assert abbreviation_candidates("brgst")[0][0] == "civil_status"
    assert {k for k, *_ in abbreviation_candidates("gsl")} >= {"gender"}
    assert abbreviation_candidates("reportsto") == []  # too long to be an abbreviation
    assert abbreviation_candidates("x") == []


def test_shapes() -> None:
    assert birth_year_share(["1970-01-02", "1985-05-06", "2001-12-31"]) == 1.0
    assert birth_year_share(["2030-01-01", "2031-02-02", "2032-03-03"]) == 0.0
    assert birth_year_share([f"20{y:02d}-01-01" for y in range(18, 25)], strict=True) == 0.0
    assert icd10_share(["J45.9", "E11", "M54.5"]) == 1.0
    assert icd10_share(["A10", "A11", "A12"]) == 0.0  # one letter: a product line, not diagnoses
    assert vocabulary_share(["M", "V"], GENDER_CODES) == 1.0
    assert vocabulary_share([str(i) for i in range(100)], GENDER_CODES) == 0.0


def test_every_concept_has_names_in_three_languages() -> None:
    for c in CONCEPTS:
        for lang in ("nl", "fr", "en"):
            assert names(c.key, lang), (c.key, lang)
    assert {r["concept"] for r in concept_table()} == {c.key for c in CONCEPTS}


@pytest.mark.parametrize(
    ("column", "gen", "category"),
    [
        ("Date de naiss.", _date(1940, 2004, "{d:02d}/{m:02d}/{y}"), "identification"),  # words cut short
        ("Geb. datum", _date(1940, 2004), "identification"),  # a dot ending a word is not a path
        ("lieuNaiss", _pick("Gent", "Liège", "Namur"), "identification"),  # "de" left out
        ("affiliationSynd", _pick("ACV", "FGTB", "CGSLB"), "sensitive"),
        ("Kind. t.l.", lambda r: r.randint(0, 4), "family"),  # kinderen ten laste
        ("geboortedatum_kind", _date(2005, 2020), "family"),  # a child's birth date is family data
        ("date_naiss_enfant", _date(2005, 2020), "family"),
        ("strt", _date(1990, 2024), "none"),  # ~ startdatum, and dates: not a street, not a birth
        ("indt", _date(1990, 2024), "none"),  # ~ indiensttreding
        ("c7", _pick("Nederlands", "Français", "Deutsch"), "identification"),  # language names, no name
        ("brutoMaand", lambda r: r.randint(1800, 5200), "financial"),
        ("PAYÉ_LE", _date(2015, 2024), "none"),  # a payment's date is no amount
        ("naam_moeder", _pick(*FIRST), "family"),  # a parent's name
        ("sessieId", _token, "connection"),  # the id of a session is the session id
        ("c7", _pick("katholiek", "islam", "vrijzinnig"), "sensitive"),  # religion terms, no name
    ],
)
def test_names_in_pieces_and_qualified(
    tmp_path: Path, column: str, gen: Callable[[random.Random], object], category: str
) -> None:
    got = _scan(tmp_path, "leden", {"geboortedatum": _date(1940, 2004), column: gen})[column]
    assert got.category == category, (column, got.evidence)
