"""Fictional people of the example organisation: names from Faker (nl_BE, fr_BE), places and streets
from small fixed lists (Faker's Belgian addresses are random words), identifiers from ids.py."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

from . import ids

# (postcode, Dutch name, French name, phone zone, region) — real municipalities, fictional addresses
PLACES = (
    ("1000", "Brussel", "Bruxelles", "2", "bru"),
    ("1030", "Schaarbeek", "Schaerbeek", "2", "bru"),
    ("1050", "Elsene", "Ixelles", "2", "bru"),
    ("1200", "Sint-Lambrechts-Woluwe", "Woluwe-Saint-Lambert", "2", "bru"),
    ("2000", "Antwerpen", "Anvers", "3", "vl"),
    ("2800", "Mechelen", "Malines", "15", "vl"),
    ("3000", "Leuven", "Louvain", "16", "vl"),
    ("3500", "Hasselt", "Hasselt", "11", "vl"),
    ("8000", "Brugge", "Bruges", "50", "vl"),
    ("8500", "Kortrijk", "Courtrai", "56", "vl"),
    ("9000", "Gent", "Gand", "9", "vl"),
    ("9300", "Aalst", "Alost", "53", "vl"),
    ("1800", "Vilvoorde", "Vilvorde", "2", "vl"),
    ("4000", "Luik", "Liège", "4", "wal"),
    ("5000", "Namen", "Namur", "81", "wal"),
    ("6000", "Charleroi", "Charleroi", "71", "wal"),
    ("7000", "Bergen", "Mons", "65", "wal"),
    ("1300", "Waver", "Wavre", "10", "wal"),
    ("1348", "Ottignies-Louvain-la-Neuve", "Ottignies-Louvain-la-Neuve", "10", "wal"),
    ("4800", "Verviers", "Verviers", "87", "wal"),
    ("6700", "Aarlen", "Arlon", "63", "wal"),
    ("7500", "Doornik", "Tournai", "69", "wal"),
)

NL_STREETS = (
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Schoolstraat",
    "Dorpsstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Beukenlaan",
    "Lindelaan",
    "Veldstraat",
    "Brusselsesteenweg",
    "Kouterlaan",
    "Meersstraat",
    "Populierenlaan",
    "Sint-Jansplein",
    "Hoogstraat",
    "Zandstraat",
    "Bergstraat",
    "Processiestraat",
    "Koningin Astridlaan",
    "Vlasstraat",
    "Gasthuisstraat",
)
FR_STREETS = (
    "rue de la Station",
    "rue de l'Église",
    "rue du Moulin",
    "avenue des Tilleuls",
    "chaussée de Waterloo",
    "rue des Écoles",
    "place Communale",
    "rue Haute",
    "avenue Léopold III",
    "rue du Château",
    "chaussée de Louvain",
    "rue des Fraisiers",
    "boulevard d'Avroy",
    "rue Saint-Rémy",
    "avenue de la Forêt",
    "rue de Namur",
    "rue des Prés",
    "rue Émile Vandervelde",
    "chemin du Bois",
    "rue de la Citadelle",
)
EMAIL_DOMAINS = (
    "telenet.be",
    "skynet.be",
    "proximus.be",
    "gmail.com",
    "hotmail.com",
    "outlook.be",
    "scarlet.be",
    "yahoo.fr",
    "voo.be",
)
# accented names so the cp1252 export and the name matching meet é, è, ç, ë, ï
FR_ACCENTED_FIRST = (
    "Hélène",
    "Françoise",
    "Gaëlle",
    "Raphaël",
    "Sébastien",
    "Jérôme",
    "Noëlle",
    "Anaïs",
    "Clément",
    "Maëlle",
    "Loïc",
    "Thérèse",
)
FR_ACCENTED_LAST = ("Lefèvre", "Gérard", "Benoît", "Noël", "Lemaître", "Hénin", "Dupré", "Férir")


@dataclass
class Person:
    pid: int
    first_name: str
    last_name: str
    male: bool
    birth_date: dt.date
    national_number: str
    language: str  # "nl" | "fr"
    street: str
    house_number: str
    postcode: str
    city: str
    phone_nsn: str  # national significant number, formatted per source
    email: str
    iban: str
    zone: str = "2"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def email_for(first: str, last: str, rng: random.Random) -> str:
    local_first = ascii_fold(first).lower().replace(" ", "").replace("'", "")
    local_last = ascii_fold(last).lower().replace(" ", "").replace("'", "").replace("-", "")
    style = rng.randrange(4)
    local = [
        f"{local_first}.{local_last}",
        f"{local_first[0]}{local_last}",
        f"{local_first}{local_last[:3]}{rng.randrange(10, 99)}",
        f"{local_last}.{local_first}",
    ][style]
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


class PeopleFactory:
    """Draws people; all randomness comes from one Random and two seeded Fakers."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.fakers = {"nl": Faker("nl_BE"), "fr": Faker("fr_BE")}
        for i, f in enumerate(self.fakers.values()):
            f.seed_instance(seed + i)

    def place(self, language: str) -> tuple[str, str, str]:
        regions = ("vl", "bru") if language == "nl" else ("wal", "bru")
        options = [p for p in PLACES if p[4] in regions]
        postcode, nl_name, fr_name, zone, _ = self.rng.choice(options)
        return postcode, (nl_name if language == "nl" else fr_name), zone

    def birth_date(self, young: bool = False) -> dt.date:
        if young:  # born from 2000 on: the national number's check uses the "2" prefix
            start, days = dt.date(2000, 1, 1), (dt.date(2006, 12, 31) - dt.date(2000, 1, 1)).days
        else:
            start, days = dt.date(1940, 1, 1), (dt.date(1999, 12, 31) - dt.date(1940, 1, 1)).days
        return start + dt.timedelta(days=self.rng.randrange(days))

    def house_number(self) -> str:
        n = str(self.rng.randrange(1, 180))
        r = self.rng.random()
        if r < 0.08:
            return n + self.rng.choice("ABC")
        if r < 0.14:
            return (
                f"{n} bus {self.rng.randrange(1, 12)}"
                if self.rng.random() < 0.5
                else f"{n}/{self.rng.randrange(1, 9)}"
            )
        return n

    def person(self, pid: int, language: str, *, young: bool = False, bis: bool = False) -> Person:
        rng, fake = self.rng, self.fakers[language]
        male = rng.random() < 0.5
        first = fake.first_name_male() if male else fake.first_name_female()
        last = fake.last_name()
        if language == "fr" and rng.random() < 0.2:
            last = rng.choice(FR_ACCENTED_LAST)
        birth = self.birth_date(young)
        number = ids.bis_number(rng, birth, male) if bis else ids.national_number(rng, birth, male)
        postcode, city, zone = self.place(language)
        street = rng.choice(NL_STREETS if language == "nl" else FR_STREETS)
        phone = ids.be_mobile(rng) if rng.random() < 0.7 else ids.be_landline(rng, zone)
        r = rng.random()
        account = ids.be_iban(rng) if r < 0.93 else (ids.nl_iban(rng) if r < 0.97 else ids.fr_iban(rng))
        return Person(
            pid,
            first,
            last,
            male,
            birth,
            number,
            language,
            street,
            self.house_number(),
            postcode,
            city,
            phone,
            email_for(first, last, rng),
            account,
            zone,
        )
