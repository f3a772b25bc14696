"""Generated Dutch sentences with person, place and organisation spans, for the shipped Dutch NER.

Belgian and Dutch letters, CRM notes and e-mails built from templates with Faker's nl_BE, nl_NL and
fr_BE names (Belgian organisations serve Dutch- and French-named citizens alike). The text is the
project's own, so the result may be shipped. Seeded: the same seed gives the same sentences."""

from __future__ import annotations

import random

from faker import Faker

from pii_scan.models.recognizers.date import MONTHS

# {P} person, {S} surname alone, {L} place, {O} organisation; the rest is plain text.
TEMPLATES = [
    "Geachte heer {S},",
    "Geachte mevrouw {S},",
    "Beste {F},",
    "Met vriendelijke groeten, {P}",
    "{P} belde op {D} over de aanrekening van zijn contract.",
    "Mevrouw {S} vraagt of haar dossier al behandeld is.",
    "Klant {P} uit {L} meldt dat de levering niet is aangekomen.",
    "Ik ben verhuisd van {L} naar {L}.",
    "Volgens {P} werd de factuur al betaald.",
    "Gesprek met dhr. {S} over de kinderbijslag van zijn dochter.",
    "{P} ({L}) heeft een klacht ingediend bij {O}.",
    "De aanvraag van {P} werd doorgestuurd naar {O} in {L}.",
    "Zijn partner, {P}, woont sinds maart in {L}.",
    "Graag terugbellen naar {F} {S} na 17 uur.",
    "Op vraag van meneer {S} sturen we de brief opnieuw.",
    "Het kind van {P} is ingeschreven in een school in {L}.",
    "{P} werkt bij {O} en vraagt een attest.",
    "Volgens de notities van {F} heeft {P} het formulier ondertekend.",
    "Collega {F} neemt het dossier van {P} over.",
    "De heer {P}, geboren in {L}, vraagt inzage in zijn gegevens.",
    "Mevrouw {P} woont in {L} en is weduwe.",
    "Wij ontvingen uw brief van {D} en danken u, {P}.",
    "Doorverwezen naar {O}; contactpersoon is {P}.",
    "{S} meldt dat het attest van {O} ontbreekt.",
    "Afspraak met {P} in ons kantoor in {L}.",
    "Hoogachtend, {P}, dossierbeheerder bij {O}",
    "Het pakket voor {P} werd teruggestuurd naar {L}.",
    "Uit het gesprek met {F} bleek dat {S} nog geen antwoord kreeg.",
    "{P} reist volgende week naar {L} voor zijn werk.",
    "De moeder van {P}, mevrouw {S}, belde namens haar zoon.",
    # identifiers and their labels: acronyms such as IBAN, GSM, BTW are no names
    "IBAN {I}",
    "Mijn IBAN is {I}.",
    "Gelieve te storten op IBAN {I} met vermelding van het dossiernummer.",
    "GSM: {G}",
    "Tel. {G} (na 18 uur)",
    "GSM {G} of e-mail {E}",
    "E-mail: {E}",
    "{P}, IBAN {I}",
    "Rekeningnummer {I} op naam van {P}.",
    "BTW BE {K}",
    "KBO-nummer {K}",
    "Ondernemingsnummer: {K}",
    "Rijksregisternummer {N}",
    "INSZ {N} - dossier afgesloten",
    "NISS {N}",
    "BSN {B} (burgerservicenummer)",
    "Contact: {P}, GSM {G}, {E}",
    "Betaling via IBAN {I} ontvangen op {D}.",
    "Pr. {P}, tel. {G}",
]
PLACES_EXTRA = [
    "Brussel",
    "Antwerpen",
    "Gent",
    "Luik",
    "Namen",
    "Charleroi",
    "Leuven",
    "Brugge",
    "Hasselt",
    "Mechelen",
    "Amsterdam",
    "Rotterdam",
    "Utrecht",
    "Den Haag",
    "Eindhoven",
    "Maastricht",
    "Parijs",
    "Rijsel",
    "Keulen",
    "Luxemburg",
    "Frankrijk",
    "Duitsland",
    "Nederland",
    "België",
    "Spanje",
    "Marokko",
    "Turkije",
    "Polen",
    "Sint-Niklaas",
    "La Louvière",
    "Oost-Vlaanderen",
    "Wallonië",
    "Vlaanderen",
    "Limburg",
]
ORG_SUFFIX = ["NV", "BV", "BVBA", "vzw", "SA", "CV"]
ORG_HEADS = [
    "Ziekenfonds",
    "Bouwbedrijf",
    "Kinderbijslagfonds",
    "Huisartsenpraktijk",
    "Advocatenkantoor",
    "Stad",
    "OCMW",
    "Gemeente",
    "Boekhoudkantoor",
    "Ziekenhuis",
    "Garage",
]


_PLAIN = {  # values that are not entities for NER (the pattern recognizers take them)
    "I": lambda fake, rnd: (
        fake.iban() if rnd.random() < 0.5 else " ".join(fake.iban()[i : i + 4] for i in range(0, 16, 4))
    ),
    "G": lambda fake, rnd: rnd.choice(
        ["0470 12 34 56", "0486/12.34.56", "+32 475 98 76 54", "06-12345678", "09 223 45 67"]
    ),
    "E": lambda fake, rnd: fake.email(),
    "K": lambda fake, rnd: f"0{rnd.randint(200, 999)}.{rnd.randint(100, 999)}.{rnd.randint(100, 999)}",
    "N": lambda fake, rnd: (
        f"{rnd.randint(40, 99)}.{rnd.randint(1, 12):02d}.{rnd.randint(1, 28):02d}-{rnd.randint(100, 999)}.{rnd.randint(10, 99)}"
    ),
    "B": lambda fake, rnd: str(rnd.randint(100000000, 999999999)),
}


def _org(fake: Faker, rnd: random.Random, place: str) -> str:
    r = rnd.random()
    if r < 0.4:
        return f"{fake.last_name()} {rnd.choice(ORG_SUFFIX)}"
    if r < 0.8:
        return f"{rnd.choice(ORG_HEADS)} {place}"
    return f"{fake.last_name()} & {fake.last_name()}"


def generate(n: int, seed: int = 13) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``n`` sentences, each with character-offset (start, end, label) spans: PER, LOC, ORG."""
    rnd = random.Random(seed)
    fakers = [Faker(loc) for loc in ("nl_BE", "nl_NL", "fr_BE")]
    for i, f in enumerate(fakers):
        f.seed_instance(seed + i)
    out = []
    # Dutch month names, in order, from the date recognizer's table (the first name of each month)
    months = [next(k for k, v in MONTHS.items() if v == m) for m in range(1, 13)]
    for _ in range(n):
        fake = rnd.choice(fakers)
        tpl = rnd.choice(TEMPLATES)
        text, spans, i = "", [], 0
        while i < len(tpl):
            if tpl[i] == "{" and tpl[i + 2] == "}":
                kind = tpl[i + 1]
                if kind == "D":
                    text += f"{rnd.randint(1, 28)} {rnd.choice(months)}"
                elif kind in _PLAIN:
                    text += _PLAIN[kind](fake, rnd)
                else:
                    if kind == "P":
                        val, lab = f"{fake.first_name()} {fake.last_name()}", "PER"
                    elif kind == "S":
                        val, lab = fake.last_name(), "PER"
                    elif kind == "F":
                        val, lab = fake.first_name(), "PER"
                    elif kind == "L":
                        val, lab = (rnd.choice(PLACES_EXTRA) if rnd.random() < 0.5 else fake.city()), "LOC"
                    else:
                        val, lab = _org(fake, rnd, fake.city()), "ORG"
                    spans.append((len(text), len(text) + len(val), lab))
                    text += val
                i += 3
            else:
                text += tpl[i]
                i += 1
        out.append((text, spans))
    return out
