"""The column-name dictionary: normalisation and lookup in Dutch, French and English."""

from __future__ import annotations

import pytest

from pii_scan.models.entities import CATEGORIES
from pii_scan.models.headers import match_header, normalise, terms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GeboorteDatum", "geboorte datum"),
        ("date_naissance", "date naissance"),
        ("CCNumber", "cc number"),
        ("Phone 1", "phone"),
        ("address2", "address"),
        ("Prénom", "prenom"),
        ("E-mail", "e mail"),
        ("mother's maiden name", "mother s maiden name"),
        ("aantalInwoners", "aantal inwoners"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("name", "concept", "category"),
    [
        # identification, three languages, Belgian and Dutch usage
        ("voornaam", "first_name", "identification"),
        ("Prénom", "first_name", "identification"),
        ("fname", "first_name", "identification"),
        ("achternaam", "last_name", "identification"),
        ("familienaam", "last_name", "identification"),
        ("geboortedatum", "birth_date", "identification"),
        ("date_naissance", "birth_date", "identification"),
        ("DOB", "birth_date", "identification"),
        ("rijksregisternummer", "national_number", "identification"),
        ("Numéro national", "national_number", "identification"),
        ("INSZ", "national_number", "identification"),
        ("NISS", "national_number", "identification"),
        ("BSN", "national_number", "identification"),
        ("sofinummer", "national_number", "identification"),
        ("SSN", "national_number", "identification"),
        ("geslacht", "gender", "identification"),
        ("sexe", "gender", "identification"),
        ("nationaliteit", "nationality", "identification"),
        ("ondernemingsnummer", "enterprise_number", "identification"),
        # contact
        ("GSM", "phone", "contact"),
        ("telefoonnummer", "phone", "contact"),
        ("tel", "phone", "contact"),
        ("Fax", "phone", "contact"),
        ("e-mail", "email", "contact"),
        ("emailadres", "email", "contact"),
        ("straat", "street", "contact"),
        ("huisnummer", "house_number", "contact"),
        ("gemeente", "city", "contact"),
        ("woonplaats", "city", "contact"),
        ("code postal", "postcode", "contact"),
        ("localité", "city", "contact"),
        ("pays", "country", "contact"),
        # connection
        ("gebruikersnaam", "username", "connection"),
        ("login", "username", "connection"),
        ("wachtwoord", "password", "connection"),
        ("mot de passe", "password", "connection"),
        ("ip", "ip_address", "connection"),
        ("user_agent", "device", "connection"),
        # financial
        ("rekeningnummer", "iban", "financial"),
        ("IBAN", "iban", "financial"),
        ("BIC", "bic", "financial"),
        ("brutoloon", "salary", "financial"),
        ("salaire", "salary", "financial"),
        ("bedrag", "amount", "financial"),
        ("kaartnummer", "card_number", "financial"),
        ("card number", "card_number", "financial"),
        ("CVV2", "card_detail", "financial"),
        # family
        ("gezinssamenstelling", "household", "family"),
        ("personen ten laste", "dependants", "family"),
        ("enfants à charge", "dependants", "family"),
        ("burgerlijke staat", "civil_status", "family"),
        ("état civil", "civil_status", "family"),
        ("MothersMaidenName", "household", "family"),
        # sensitive
        ("diagnose", "health", "sensitive"),
        ("ziekte", "health", "sensitive"),
        ("maladie", "health", "sensitive"),
        ("strafregister", "judicial", "sensitive"),
        ("casier judiciaire", "judicial", "sensitive"),
        ("vakbond", "union", "sensitive"),
        ("syndicat", "union", "sensitive"),
        ("godsdienst", "religion", "sensitive"),
        ("motif_absence", "absence_reason", "sensitive"),
        # known non-personal fields
        ("created_at", "timestamp", "none"),
        ("functie", "job_title", "none"),
        ("job_title", "job_title", "none"),
        ("datum_in_dienst", "timestamp", "none"),
        ("HireDate", "timestamp", "none"),
        ("status", "status", "none"),
        ("product_name", "product", "none"),
        ("bedrijfsnaam", "org_name", "none"),
    ],
)
def test_dictionary(name: str, concept: str, category: str) -> None:
    m = match_header(name)
    assert m is not None, name
    assert (m.concept, m.category) == (concept, category)
    assert name in m.rule and concept in m.rule


def test_unknown_name_is_none() -> None:
    assert match_header("xyzzy") is None
    assert match_header("42") is None


def test_longest_term_wins_over_generic() -> None:
    assert match_header("username").concept == "username"  # not "name"
    assert match_header("company_name").concept == "org_name"
    assert match_header("mothers_maiden_name").category == "family"  # not the person's own maiden name
    assert match_header("birth_date").concept == "birth_date"  # not a plain date


def test_keys_and_flags_of_personal_fields_are_not_personal() -> None:
    city_id = match_header("city_id")
    assert (city_id.concept, city_id.category, city_id.of) == ("key", "none", "city")
    assert match_header("email_verified").category == "none"
    assert match_header("is_email").category == "none"
    assert match_header("phone_type").category == "none"
    # ... but identifiers whose name ends in id stay identifiers
    assert match_header("national_id").concept == "national_number"
    assert match_header("customer_id").concept == "customer_id"


def test_dotted_names_use_the_last_parts_and_say_whose_data() -> None:
    assert match_header("user.email").concept == "email"
    assert match_header("client.ip").concept == "ip_address"
    phone = match_header("gemeente.contact.telefoon")
    assert (phone.concept, phone.subject) == ("phone", "organisation")
    name = match_header("gemeente.naam")
    assert (name.concept, name.category, name.subject) == ("org_name", "none", "organisation")
    assert match_header("company_phone").subject == "organisation"
    assert match_header("bedrijfstelefoon").subject == "organisation"
    assert match_header("telefoon").subject is None


def test_dictionary_is_well_formed() -> None:
    ts = terms()
    assert len(ts) > 500
    assert {t.category for t in ts} <= set(CATEGORIES)
    assert {t.lang for t in ts} == {"nl", "fr", "en"}
    assert all(0 < t.weight <= 1 for t in ts)
