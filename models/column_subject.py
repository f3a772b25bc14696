"""Whose data is it: a person's or an organisation's? Table context and column subject.

Split from ``column_classifier`` (module size). Pure logic, no I/O and no NLP: the table's column
names (and how person-like or organisation-like generic ``name`` values are) say whether its rows are
about people, about organisations, or reference data; a column then belongs to one of the two.
``column_classifier`` re-exports the public names here, so importing them from there keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pii_scan.models.entities import ORGANISATION_ENTITIES
from pii_scan.models.headers import ORG_WORDS, HeaderMatch, normalise

from ._once import once

__all__ = [
    "TableContext",
    "table_context",
    "person_like_share",
    "org_like_share",
    "column_subject",
    "PERSON_CONCEPTS",
    "ADDRESS_CONCEPTS",
    "PEOPLE_WORDS",
]

PERSON_CONCEPTS = frozenset(
    {"first_name", "last_name", "full_name", "middle_name", "maiden_name", "birth_date", "gender",
     "title_of_courtesy", "national_number", "id_document", "nationality", "birth_place", "civil_status"}
)  # fmt: skip
# Table names that say the rows are people (leden, klanten, affiliés), singular or plural.
PEOPLE_WORDS = frozenset(
    "lid leden member members klant klanten customer customers client clients personeel personnel staff "
    "employee employees werknemer werknemers medewerker medewerkers bediende bedienden patient patienten "
    "patients people person persons persoon personen user users gebruiker gebruikers contact contacts "
    "student students studenten leerling leerlingen eleve eleves pupil pupils inwoner inwoners bewoner "
    "bewoners resident residents burger burgers citizen citizens deelnemer deelnemers participant "
    "participants affilie affilies membre membres adherent adherents aangeslotene aangeslotenen "
    "begunstigde begunstigden beneficiary beneficiaries sollicitant sollicitanten candidate candidates "
    "kandidaat kandidaten applicant applicants vrijwilliger vrijwilligers volunteer volunteers benevole "
    "benevoles werkzoekende werkzoekenden gezinslid gezinsleden kind kinderen enfant enfants "
    "bevolking population rechthebbende rechthebbenden assure assures verzekerde verzekerden "
    "abonne abonnes abonnee abonnees subscriber subscribers voter voters kiezer kiezers".split()
)
# Table names that say the rows are goods or orders, not people.
PRODUCT_WORDS = frozenset(
    "product products produit produits artikel artikelen article articles item items catalog catalogue "
    "catalogus stock voorraad inventory inventaris sku skus goods waren onderdeel onderdelen part parts "
    "price prices prijs prijzen prijslijst tarief tarieven".split()
)
# Full-name terms that name an organisation's representative, not the record's own subject.
CONTACT_PERSON_TERMS = ("contact", "personne de contact", "contactpersoon")
# Legal forms: a "name" value carrying one is an organisation's name.
LEGAL_FORMS = frozenset(
    "bv nv bvba cv cvba vof commv vzw srl sa sprl scrl sc asbl snc scs gmbh ag kg ltd llc inc corp co plc "
    "sarl sas eurl oy ab as hb kb spa sl".split()
)
ADDRESS_CONCEPTS = frozenset({"street", "house_number", "postcode", "city"})


@dataclass(frozen=True)
class TableContext:
    """What the whole table says about each of its columns."""

    person: bool = False  # rows are about people (names, birth dates, national numbers)
    organisation: bool = False  # rows are about organisations (company name without own person)
    address: bool = False  # has a street, postcode or city column
    lookup: bool = False  # reference data: one descriptive column besides keys and timestamps
    first_name: bool = False  # has a first-name column (then a plain "name" is the family name)
    row_count: int | None = None
    key_columns: frozenset[str] = frozenset()  # declared primary and foreign key columns
    primary_key: frozenset[str] = frozenset()
    people: bool = False  # the table's name says its rows are people (leden, clients), not organisations
    product: bool = False  # the table's name says it is about goods (producten, articles)
    concepts: frozenset[str] = frozenset()  # concepts its columns' dictionary names name (birth_date, ...)


@once
def _first_names() -> frozenset[str]:
    from .recognizers._lists import faker_strings

    names: set[str] = set()
    for loc in ("nl_BE", "nl_NL", "fr_BE", "fr_FR", "de_DE", "en_GB", "en_US", "es_ES", "it_IT", "pt_PT"):
        try:
            firsts = faker_strings("person", loc, "first_names")
        except OSError:  # pragma: no cover - locale missing in an old Faker
            continue
        names.update(normalise(n) for n in firsts)
    return frozenset(n for n in names if len(n) > 1)


def person_like_share(values: Sequence[str]) -> float:
    """Share of values that look like a person's name: 1-4 capitalised words, one a known first name."""
    if not values:
        return 0.0
    firsts = _first_names()
    hits = 0
    for v in values:
        words = v.replace(",", " ").split()
        if not 1 <= len(words) <= 4 or any(c.isdigit() for c in v):
            continue
        if any(normalise(w) in firsts for w in words):
            hits += 1
    return hits / len(values)


def org_like_share(values: Sequence[str]) -> float:
    """Share of values naming an organisation by its legal form (``Calorix NV``, ``Pirard-Martin SA``)."""
    if not values:
        return 0.0
    hits = sum(1 for v in values if any(w in LEGAL_FORMS for w in normalise(v).split()[1:]))
    return hits / len(values)


def table_context(
    headers: Mapping[str, HeaderMatch | None],
    person_names: Mapping[str, float] | None = None,
    row_count: int | None = None,
    key_columns: Sequence[str] = (),
    primary_key: Sequence[str] = (),
    table_name: str = "",
    org_values: bool = False,
) -> TableContext:
    """Context from the column names (and, for generic ``name`` columns, how person-like they are).

    ``org_values``: some column's values name organisations (legal forms, enterprise numbers)."""
    person_names = person_names or {}
    person_cols, contact_person_cols, org = [], [], False
    descriptive = 0
    for col, h in headers.items():
        if h is None:
            descriptive += 1
            continue
        generic_name = h.concept == "name" and person_names.get(col, 0.0) >= 0.3
        if h.concept in PERSON_CONCEPTS or generic_name:
            if h.concept == "full_name" and any(t in h.term for t in CONTACT_PERSON_TERMS):
                contact_person_cols.append(col)
            else:
                person_cols.append(col)
        if h.concept == "org_name" or (h.concept == "name" and not generic_name and h.subject):
            org = True
        is_key = h.concept in ("key", "customer_id") or normalise(col).split()[-1:] == ["id"]
        if not is_key and h.concept not in ("timestamp", "status"):
            descriptive += 1
    subjects = [h.subject for h in headers.values() if h is not None]
    org_words = sum(1 for s in subjects if s == "organisation")
    concepts = {h.concept for h in headers.values() if h is not None}
    org_table = bool(set(normalise(table_name).split()) & ORG_WORDS)
    org = org or org_values or org_table or "enterprise_number" in concepts
    organisation = (org and not person_cols) or (org_words > len(headers) / 2)
    table_words = set(normalise(table_name.rsplit(".", 1)[-1]).split())
    return TableContext(
        person=bool(person_cols) and not organisation,
        organisation=organisation,
        address=bool(concepts & ADDRESS_CONCEPTS),
        lookup=descriptive <= 1 and not person_cols and not contact_person_cols,
        first_name="first_name" in concepts,
        row_count=row_count,
        key_columns=frozenset(key_columns),
        primary_key=frozenset(primary_key),
        people=(bool(person_cols) or bool(table_words & PEOPLE_WORDS)) and not organisation,
        product=bool(table_words & PRODUCT_WORDS),
        concepts=frozenset(h.concept for h in headers.values() if h is not None and h.via == "dictionary"),
    )


def column_subject(header: HeaderMatch | None, rates: Mapping[str, float], ctx: TableContext) -> str:
    """``organisation`` or ``person``: the values or the name first, then what the table is about."""
    org_rate = sum(rates.get(e, 0.0) for e in ORGANISATION_ENTITIES)
    if org_rate >= 0.5 or (header is not None and header.subject == "organisation"):
        return "organisation"
    if header is not None and header.concept in PERSON_CONCEPTS:
        return "person"
    if ctx.organisation:
        return "organisation"
    return "person"
