"""Which columns of a table can hold which identifier, and which tables hold people.

Evidence, cheapest first: the header dictionary (``pii_scan.models.headers.match_header``), the
declared column type, and the recognizers on a small sample (``classify_values``) for columns whose
header says nothing. Cost does not grow with table size: only a sample is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pii_scan.connectors.base import Connector, TableInfo
from pii_scan.models.entities import category_of

__all__ = [
    "TableProfile",
    "profile_table",
    "header_role",
    "is_numeric_type",
    "infer_primary_key",
    "table_stem",
]

SAMPLE_ROWS = 200
ROLES = ("email", "phone", "national_number", "iban", "first_name", "last_name", "full_name", "birth_date")

# Fallback header rules, used when the header dictionary gives no answer: (role, category, pattern).
_HEADER_FALLBACK: list[tuple[str, str, re.Pattern[str]]] = [
    ("email", "contact", re.compile(r"e-?mail|courriel|mail_?adres")),
    ("phone", "contact", re.compile(r"phone|telef|t[ée]l[ée]?phone|^tel|_tel|gsm|mobile?|mobiel|gsm|fax")),
    ("national_number", "identification",
     re.compile(r"national|rijksregist|insz|niss|bsn|ssn|register_?n|rrn|nn$|bis_?n")),
    ("iban", "financial", re.compile(r"iban|bank_?acc|rekening|compte|account_?n")),
    ("first_name", "identification", re.compile(r"first_?name|fore_?name|given|voornaam|pr[ée]nom")),
    ("last_name", "identification",
     re.compile(r"last_?name|sur_?name|family_?name|achternaam|familienaam|^nom$|nom_?de_?famille")),
    ("full_name", "identification", re.compile(r"full_?name|contact_?name|^naam$|^name$|^nom_?complet")),
    ("birth_date", "identification", re.compile(r"birth|geboorte|naissance|dob$")),
]  # fmt: skip

# concept of the header dictionary -> role; "name" is ambiguous (a person's, a company's, or the
# French "Nom" = last name) and is settled per table in profile_table
_CONCEPT_ROLE = {
    "email": "email",
    "phone": "phone",
    "national_number": "national_number",
    "iban": "iban",
    "first_name": "first_name",
    "last_name": "last_name",
    "maiden_name": "last_name",
    "full_name": "full_name",
    "name": "name",
    "birth_date": "birth_date",
}

_ENTITY_ROLE = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "BE_NATIONAL_NUMBER": "national_number",
    "NL_BSN": "national_number",
    "IBAN_CODE": "iban",
    "PERSON": "full_name",
    "DATE_OF_BIRTH": "birth_date",
}

# Tables that hold people by their name alone (a name or email column also makes a person table).
_PERSON_TABLE = re.compile(
    r"(customer|client|klant|employee|employe|staff|user|person|people|member|lid|leden|patient|contact|"
    r"medewerker|werknemer|personeel|utilisateur|personne|membre|student|leerling|applicant|kandida|"
    r"beneficia|begunstig|rechthebbend|allocataire|gebruiker|agent|author|owner)",
)
# Person tables whose people act for the organisation: a record pointing at them is someone else's.
_AGENT_TABLE = re.compile(
    r"(employee|employe|staff|medewerker|werknemer|personeel|agent|operator|rep$|reps$|sales_?rep|"
    r"user|gebruiker|utilisateur|account_?manager|consultant|advisor|adviseur|handler|dossierbeheer)"
)
_FILE_EXT = set("csv tsv tab json jsonl ndjson xlsx xlsm xls parquet pq txt md".split())
_NUMERIC = re.compile(r"int|float|double|decimal|numeric|real|number|serial|bool", re.I)


def _match_header() -> Callable[[str], Any] | None:
    try:
        from pii_scan.models.headers import match_header
    except ImportError:  # discovery not installed in this build: use the fallback rules
        return None
    return match_header


def _classify_values() -> Callable[[Any], dict[str, float]] | None:
    try:
        from pii_scan.models.analyzer import classify_values
    except ImportError:
        return None
    return classify_values


def is_numeric_type(type_name: str) -> bool:
    return bool(_NUMERIC.search(type_name or ""))


def header_role(name: str) -> tuple[str | None, str]:
    """(role or None, category) of a column from its header alone."""
    match = _match_header()
    if match is not None:
        try:
            hm = match(name)
        except Exception:  # noqa: BLE001 - a dictionary bug must not stop a subject search
            hm = None
        if hm is not None:
            concept = str(getattr(hm, "concept", "")).lower()
            category = str(getattr(hm, "category", "none"))
            return _CONCEPT_ROLE.get(concept), category
    low = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower().strip()
    for role, category, pattern in _HEADER_FALLBACK:
        if pattern.search(low):
            return role, category
    return None, "none"


def table_stem(name: str) -> str:
    """``public.customers`` -> ``customers``; ``data/customers.csv`` -> ``customers``."""
    last = name.rsplit("/", 1)[-1]
    stem, dot, ext = last.rpartition(".")
    if dot and ext.lower() in _FILE_EXT:
        last = stem
    elif dot:
        last = ext  # schema-qualified SQL name
    return last.lower()


def infer_primary_key(info: TableInfo) -> tuple[str, ...]:
    """The declared primary key, else ``id`` / ``<table>_id`` / ``<table>id`` when such a column exists."""
    if info.primary_key:
        return tuple(info.primary_key)
    base = table_stem(info.name)
    stems = {base, base.rstrip("s"), base[:-3] + "y" if base.endswith("ies") else base}
    cols = {c.name.lower(): c.name for c in info.columns}
    for cand in ["id", *(f"{s}_id" for s in stems), *(f"{s}id" for s in stems)]:
        if cand in cols:
            return (cols[cand],)
    return ()


@dataclass
class TableProfile:
    """What the subject search needs to know about one table (plain, picklable)."""

    name: str
    kind: str
    roles: dict[str, str] = field(default_factory=dict)  # column -> role in ROLES
    categories: dict[str, str] = field(default_factory=dict)  # column -> personal-data category
    free_text: list[str] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    is_person: bool = False
    is_agent: bool = False
    numeric: frozenset[str] = frozenset()

    def columns_for(self, role: str) -> list[str]:
        return [c for c, r in self.roles.items() if r == role]

    @property
    def has_personal_data(self) -> bool:
        return any(cat != "none" for cat in self.categories.values()) or bool(self.free_text)


def profile_table(connector: Connector, info: TableInfo, sample_rows: int = SAMPLE_ROWS) -> TableProfile:
    """Roles and categories of every column of one table, from headers, types and a small sample."""
    prof = TableProfile(name=info.name, kind=info.kind, primary_key=infer_primary_key(info))
    if info.kind == "document":
        prof.free_text = ["text"]
        prof.categories = {"text": "identification"}
        return prof
    numeric = {c.name for c in info.columns if is_numeric_type(c.type)}
    prof.numeric = frozenset(numeric)
    keys = set(prof.primary_key) | {c for fk in info.foreign_keys for c in fk.columns}
    undecided: list[str] = []
    for col in info.columns:
        role, category = header_role(col.name)
        if col.name in keys and role is None:
            prof.categories[col.name] = "none"
            continue
        if role is not None and not (col.name in numeric and role in ("email", "first_name", "last_name")):
            prof.roles[col.name] = role
        prof.categories[col.name] = category
        if role is None and col.name not in numeric:
            undecided.append(col.name)
    if undecided and sample_rows > 0:
        _sample_evidence(connector, info, prof, undecided, sample_rows)
    table_word = table_stem(info.name)
    person_word = bool(_PERSON_TABLE.search(table_word))
    roles = set(prof.roles.values())
    for col, role in list(prof.roles.items()):
        if role == "name":  # "Nom" beside "Prénom" is the last name; alone it is the full name
            prof.roles[col] = "last_name" if "first_name" in roles else "full_name"
    has_name = bool(roles & {"first_name", "last_name", "full_name"})
    # a bare "name" column makes a person table only with contact details or a person-like table name
    weak_name = "name" in roles and (person_word or bool(roles & {"email", "phone", "birth_date"}))
    prof.is_person = has_name or weak_name or (person_word and "email" in roles)
    prof.is_agent = prof.is_person and bool(_AGENT_TABLE.search(table_word))
    return prof


def _sample_evidence(
    connector: Connector, info: TableInfo, prof: TableProfile, columns: list[str], n: int
) -> None:
    """Recognizers on sampled values decide columns whose header says nothing (e.g. ``contact``)."""
    try:
        df = connector.sample(info.name, n)
    except Exception:  # noqa: BLE001 - no sample: header evidence only
        return
    classify = _classify_values()
    for col in columns:
        if col not in df.columns:
            continue
        values = [str(v) for v in df[col].dropna().tolist() if str(v).strip()][:n]
        if not values:
            continue
        lengths = pd.Series([len(v) for v in values])
        spaced = sum(1 for v in values if len(v.split()) >= 4) / len(values)
        if lengths.mean() >= 25 and spaced >= 0.3:
            prof.free_text.append(col)
            prof.categories[col] = prof.categories.get(col, "none")
            continue
        shares = _value_shares(values, classify)
        best = max(shares.items(), key=lambda kv: kv[1], default=(None, 0.0))
        if best[0] is not None and best[1] >= 0.5:
            role = _ENTITY_ROLE.get(best[0])
            if role:
                prof.roles[col] = role
            if prof.categories.get(col, "none") == "none":
                prof.categories[col] = category_of(best[0])


def _value_shares(values: list[str], classify: Callable[[Any], dict[str, float]] | None) -> dict[str, float]:
    if classify is not None:
        try:
            return dict(classify(values))
        except Exception:  # noqa: BLE001 - fall back to the identifier normalisers below
            pass
    from pii_scan.subject.identifiers import normalise_email, normalise_iban, normalise_national_number

    n = len(values)
    return {
        "EMAIL_ADDRESS": sum(normalise_email(v) is not None for v in values) / n,
        "IBAN_CODE": sum(normalise_iban(v) is not None for v in values) / n,
        "BE_NATIONAL_NUMBER": sum(normalise_national_number(v) is not None for v in values) / n,
    }
