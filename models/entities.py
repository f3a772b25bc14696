"""Entity types the recognizers emit and the personal-data category each one belongs to.

This table is the contract between the recognizers (models/recognizers), the column classifier and
the subject search: recognizers emit these names, everything else maps them through ``CATEGORY_OF``.
"""

from __future__ import annotations

__all__ = ["CATEGORIES", "CATEGORY_OF", "ORGANISATION_ENTITIES", "SENSITIVE_ENTITIES", "category_of"]

# The six categories of the users' privacy policies, plus "none".
CATEGORIES = ("identification", "contact", "family", "connection", "financial", "sensitive", "none")

SENSITIVE_ENTITIES = (
    "HEALTH",  # art. 9: health, diagnoses, treatments, disability
    "JUDICIAL",  # art. 10: convictions, offences, criminal records
    "RELIGION",  # art. 9: religious or philosophical beliefs
    "ETHNICITY",  # art. 9: racial or ethnic origin
    "POLITICS",  # art. 9: political opinions
    "UNION",  # art. 9: trade-union membership
    "BIOMETRIC",  # art. 9: biometric and genetic data
    "SEX_LIFE",  # art. 9: sex life or sexual orientation
)

CATEGORY_OF: dict[str, str] = {
    # identification
    "PERSON": "identification",
    "BE_NATIONAL_NUMBER": "identification",  # rijksregisternummer / numéro national, and BIS numbers
    "NL_BSN": "identification",
    "FR_NIR": "identification",
    "ID_CARD": "identification",
    "BE_EID_CARD": "identification",  # the eID card's own number (not the national number on it)
    "BE_PASSPORT": "identification",
    "BE_DRIVING_LICENCE": "identification",
    "NL_ID_DOCUMENT": "identification",  # Dutch passport / identity card number
    "NL_RSIN": "identification",  # a legal entity's fiscal number
    "DATE_OF_BIRTH": "identification",
    "BE_ENTERPRISE_NUMBER": "identification",  # KBO/BCE and BE VAT; usually an organisation's
    "NL_VAT": "identification",  # BTW-id; a sole trader's is personal
    "NL_KVK": "identification",
    # contact
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "STREET_ADDRESS": "contact",
    "POSTAL_CODE": "contact",  # a BE/NL postcode, with or without the municipality
    "LOCATION": "contact",
    "URL": "contact",
    # connection
    "IP_ADDRESS": "connection",
    "MAC_ADDRESS": "connection",
    "USERNAME": "connection",
    "PASSWORD_HASH": "connection",
    # financial
    "IBAN_CODE": "financial",
    "CREDIT_CARD": "financial",
    "BIC": "financial",
    # family
    "FAMILY_RELATION": "family",  # "mijn zoon", "son épouse", "personen ten laste"
    # generic: weak on their own, decided by context
    "DATE_TIME": "none",
    "NRP": "none",
}
CATEGORY_OF.update({e: "sensitive" for e in SENSITIVE_ENTITIES})

# Identifiers that name an organisation more often than a person.
ORGANISATION_ENTITIES = ("BE_ENTERPRISE_NUMBER", "NL_KVK", "NL_RSIN")


def category_of(entity: str) -> str:
    return CATEGORY_OF.get(entity, "none")
