"""Sensitive-data terms, family relations and the Dutch name/place-list fallback."""

from __future__ import annotations

import pytest

from pii_scan.models.analyzer import analyze_texts, classify_values


def found(text: str, language: str = "nl", use_ner: bool = False) -> set[tuple[str, str]]:
    (results,) = analyze_texts([text], language, use_ner=use_ner)
    return {(r.entity_type, text[r.start : r.end]) for r in results}


@pytest.mark.parametrize(
    ("text", "entity", "term"),
    [
        ("Zij is in hospitalisatie sinds maandag.", "HEALTH", "hospitalisatie"),
        ("Diagnose: diabetes type 2", "HEALTH", "Diagnose"),
        ("Hij is arbeidsongeschikt na het ongeval.", "HEALTH", "arbeidsongeschikt"),
        ("Elle souffre de diabète depuis 2010.", "HEALTH", "diabète"),
        ("Période d'incapacité de travail", "HEALTH", "incapacité de travail"),
        ("DIABETE sucré", "HEALTH", "DIABETE"),
        ("Uittreksel uit het strafregister gevraagd.", "JUDICIAL", "Uittreksel uit het strafregister"),
        ("Son casier judiciaire est vierge.", "JUDICIAL", "casier judiciaire"),
        ("Hij is lid van het ABVV.", "UNION", "ABVV"),
        ("Membre de la FGTB", "UNION", "FGTB"),
        ("Vakbondslid sinds 2001", "UNION", "Vakbondslid"),
        ("Zij is moslim.", "RELIGION", "moslim"),
        ("Il est catholique pratiquant.", "RELIGION", "catholique"),
        ("Vingerafdruk opgeslagen", "BIOMETRIC", "Vingerafdruk"),
        ("Orientation sexuelle déclarée", "SEX_LIFE", "Orientation sexuelle"),
        ("Origine ethnique: ...", "ETHNICITY", "Origine ethnique"),
    ],
)
def test_sensitive_terms(text: str, entity: str, term: str) -> None:
    assert (entity, term) in found(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Na zijn hartoperatie rust hij thuis.", "hartoperatie"),
        ("Knieoperatie gepland op 3 mei.", "Knieoperatie"),
        ("Een knie-operatie is nodig.", "knie-operatie"),
        ("De hospitalisatiekosten worden terugbetaald.", "hospitalisatiekosten"),
        ("Haar kankerbehandeling loopt nog.", "kankerbehandeling"),
        ("Longkanker vastgesteld in 2019.", "Longkanker"),
        ("De beroepsziekte is erkend.", "beroepsziekte"),
        ("Hij heeft al jaren rugpijn.", "rugpijn"),
        ("Opgenomen met longontsteking.", "longontsteking"),
        ("De ziekenhuiskosten zijn betaald.", "ziekenhuiskosten"),
    ],
)
def test_dutch_health_compounds(text: str, term: str) -> None:
    assert ("HEALTH", term) in found(text)
    assert classify_values([term]).get("HEALTH") == 1.0


# Compounds whose parts look medical but are not ("behandelingstermijn van uw dossier": the
# processing time of a file, decided not health; see models/recognizers/_compounds.py).
@pytest.mark.parametrize(
    "text",
    [
        "De dienst is operationeel.",
        "De coöperatie keert dividend uit.",
        "De reddingsoperatie slaagde.",
        "De behandelingstermijn van uw dossier is twee weken.",
        "Klachtenbehandeling via het formulier.",
        "Het marktonderzoek is klaar.",
        "Het ziekenhuisnetwerk tekent het contract.",
        "Hartelijk dank voor uw bericht.",
    ],
)
def test_no_health_compound(text: str) -> None:
    assert "HEALTH" not in {e for e, _ in found(text)}
    assert "HEALTH" not in classify_values([text])


@pytest.mark.parametrize(
    "text",
    [
        "Behandeling van uw dossier duurt twee weken.",  # "treatment" of a file, not medical
        "Kerkstraat 12",  # a street, not religion
        "De vakantie begint morgen.",
        "Le traitement des données est légal.",
    ],
)
def test_no_sensitive_terms(text: str) -> None:
    from pii_scan.models.entities import SENSITIVE_ENTITIES

    assert not {e for e, _ in found(text)} & set(SENSITIVE_ENTITIES)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Mijn zoon is ziek.", "Mijn zoon"),
        ("Attest gezinssamenstelling bijgevoegd", "gezinssamenstelling"),
        ("Aantal personen ten laste: 2", "personen ten laste"),
        ("Son épouse a appelé.", "Son épouse"),
        ("Nombre d'enfants à charge: 3", "enfants à charge"),
        ("Aanvraag kinderbijslag", "kinderbijslag"),
    ],
)
def test_family_relation(text: str, term: str) -> None:
    assert ("FAMILY_RELATION", term) in found(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Haar man belde gisteren.", "Haar man"),
        ("Zijn vrouw is opgenomen.", "Zijn vrouw"),
        ("Mijn man werkt niet meer.", "Mijn man"),
        ("Formulier door haar echtgenoot getekend.", "haar echtgenoot"),
        ("Zijn partner woont bij hem.", "Zijn partner"),
        ("Volgens haar ex-man is dat fout.", "haar ex-man"),
        ("Zijn overleden vrouw had een pensioen.", "Zijn overleden vrouw"),
        ("Son mari a appelé.", "Son mari"),
        ("Sa femme travaille à Namur.", "Sa femme"),
        ("Ses enfants vont à l'école.", "Ses enfants"),
        ("Mon père est décédé.", "Mon père"),
        ("Sa nouvelle compagne habite ici.", "Sa nouvelle compagne"),
        ("His wife called twice.", "His wife"),
        ("Hun kinderen gaan naar school.", "Hun kinderen"),
    ],
)
def test_family_relation_possessive_and_kinship_noun(text: str, term: str) -> None:
    assert ("FAMILY_RELATION", term) in found(text)
    assert classify_values([text]).get("FAMILY_RELATION") == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "De man aan de balie was vriendelijk.",
        "Een vrouw belde voor informatie.",
        "Wij zijn partner van het project.",
        "Onze partners leveren de software.",
        "Uw partner in IT-beheer.",
        "Notre femme de ménage vient lundi.",
        "La femme au guichet a répondu.",
        "Onze familie van producten groeit.",
    ],
)
def test_no_family_relation_without_possessive(text: str) -> None:
    assert "FAMILY_RELATION" not in {e for e, _ in found(text)}
    assert "FAMILY_RELATION" not in classify_values([text])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gisteren belde Pieter Peeters over zijn factuur.", "Pieter Peeters"),
        ("Geachte heer Janssens,", "heer Janssens"),
        ("Afspraak met dr. Visser om 10 uur.", "dr. Visser"),
        ("Brief aan J. de Vries verstuurd.", "J. de Vries"),
        ("Contactpersoon: Anne-Marie van der Berghe", "Anne-Marie van der Berghe"),
        ("Mevr. K. Bakker komt langs.", "Mevr. K. Bakker"),
        # letters past ÿ: Turkish, Polish, Romanian names were cut at the first such letter
        ("Gisteren belde Zeynep Doğan over haar dossier.", "Zeynep Doğan"),
        ("Brief van Łukasz Wójcik ontvangen.", "Łukasz Wójcik"),
        ("Afspraak met Ştefan Popescu om 10 uur.", "Ştefan Popescu"),
    ],
)
def test_dutch_fallback_person_names(text: str, name: str) -> None:
    assert ("PERSON", name) in found(text, use_ner=True)


# Particles belong to a name only between a first name or initial and the surname, or opening it
# capitalised (Van Dijk) or as "van der": the word before "van" is no part of the name.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Brief van Pieter van Hasselt over de aanvraag.", "Pieter van Hasselt"),
        ("Ontvangen van Pieter Janssens.", "Pieter Janssens"),
        ("Groeten van Pieter.", "Pieter"),
        ("Zoon van Jan Peeters.", "Jan Peeters"),
        ("Aanvraag van Anna Visser", "Anna Visser"),
        ("Dossier van Peeters werd afgesloten.", "Peeters"),
        ("Na overleg met Van Dijk beslist.", "Van Dijk"),
        ("Gesprek met van der Sluis gepland.", "van der Sluis"),
        ("Formulier van A de Jong ontvangen.", "A de Jong"),
        ("Getekend door A.B.C. Visser.", "A.B.C. Visser"),
    ],
)
def test_dutch_fallback_particles_only_inside_a_name(text: str, name: str) -> None:
    persons = {v for e, v in found(text, use_ner=True) if e == "PERSON"}
    assert name in persons
    assert not any(p != name and name in p for p in persons)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Verhuisd van Gent naar Brugge.", "Gent"),
        ("Hij woont in Den Haag.", "Den Haag"),
        ("Ze woont in Den Bosch.", "Den Bosch"),
    ],
)
def test_dutch_fallback_place_not_a_person(text: str, place: str) -> None:
    got = found(text, use_ner=True)
    assert ("LOCATION", place) in got
    assert not any(e == "PERSON" and place in v for e, v in got)


def test_dutch_fallback_street_is_not_a_person() -> None:
    got = found("Adres: Prof. Dr. J.C. Schoutelaan 1 te Utrecht", use_ner=True)
    assert not any(e == "PERSON" and "Schoutelaan" in v for e, v in got)


@pytest.mark.parametrize("text", ["De vergadering is op maandag.", "Het weer is mooi vandaag."])
def test_dutch_fallback_no_person_in_plain_text(text: str) -> None:
    assert "PERSON" not in {e for e, _ in found(text, use_ner=True)}


def test_dutch_fallback_places() -> None:
    got = found("Hij verhuisde van Hasselt naar Utrecht en later naar GENT.", use_ner=True)
    assert {("LOCATION", "Hasselt"), ("LOCATION", "Utrecht"), ("LOCATION", "GENT")} <= got


def test_use_ner_false_gives_no_names() -> None:
    assert "PERSON" not in {e for e, _ in found("Gisteren belde Pieter Peeters.", use_ner=False)}
