"""The fictional organisation Calorix NV/SA (boiler maintenance, Brussels) and its people: customers,
companies, contracts, payments, support staff and tickets. Everything follows from one seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from stdnum.be import nn as be_nn

from . import ids
from .letters import Org
from .markup import render
from .notes import FR_NOTES, NL_NOTES
from .people import PeopleFactory, Person, ascii_fold

TODAY = dt.date(2026, 1, 15)
RETENTION_CUTOFF = dt.date(2016, 1, 15)  # ended more than ten years before TODAY
N_CUSTOMERS = 150
PLANTED_ID, LOOKALIKE_ID = 42, 117

PRODUCTS = {
    "nl": (
        ("Onderhoudscontract Basis", 119.0),
        ("Onderhoudscontract Comfort", 189.0),
        ("Omnium Warmtepomp", 249.0),
        ("Pechverhelping 24/7", 79.5),
    ),
    "fr": (
        ("Contrat d'entretien Basic", 119.0),
        ("Contrat d'entretien Confort", 189.0),
        ("Omnium pompe à chaleur", 249.0),
        ("Dépannage 24/7", 79.5),
    ),
}
CHANNELS = ("phone", "email", "portal", "letter")


def days_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


@dataclass
class World:
    org: Org
    customers: list[Person]
    since: dict[int, dt.date]
    ended: dict[int, dt.date | None]
    phone_style: dict[int, str]
    employees: list[Person]
    companies: list[tuple]
    contracts: list[tuple] = field(default_factory=list)
    payments: list[tuple] = field(default_factory=list)
    tickets: list[tuple] = field(default_factory=list)
    ticket_spans: dict[int, tuple[str, list[dict]]] = field(default_factory=dict)
    special: dict[str, int] = field(default_factory=dict)  # role -> customer id
    company_of: dict[int, int] = field(default_factory=dict)  # customer id -> company id
    no_email: set[int] = field(default_factory=set)  # customers whose email the CRM lacks

    def customer(self, cid: int) -> Person:
        return self.customers[cid - 1]

    def contracts_of(self, cid: int) -> list[tuple]:
        return [c for c in self.contracts if c[1] == cid]


def planted_people(seed: int) -> tuple[Person, Person]:
    """The person planted in four sources, and a lookalike with a similar name and other identifiers.
    A separate Random keeps their identifiers stable when the rest of the data changes."""
    prng = random.Random(seed * 7 + 1)
    birth = dt.date(1987, 3, 14)
    planted = Person(
        PLANTED_ID,
        "Hélène",
        "Dubois-Van den Bossche",
        False,
        birth,
        ids.national_number(prng, birth, False),
        "fr",
        "rue de la Station",
        "16",
        "5000",
        "Namur",
        ids.be_mobile(prng),
        "helene.duboisvdb@telenet.be",
        ids.be_iban(prng),
        "81",
        {"username": "hdvdbossche"},
    )
    birth2 = dt.date(1992, 8, 2)
    lookalike = Person(
        LOOKALIKE_ID,
        "Hélène",
        "Dubois",
        False,
        birth2,
        ids.national_number(prng, birth2, False),
        "fr",
        "rue Saint-Gilles",
        "112",
        "4000",
        "Liège",
        ids.be_mobile(prng),
        "helene.dubois@gmail.com",
        ids.be_iban(prng),
        "4",
        {"username": "hdubois"},
    )
    return planted, lookalike


def build_world(seed: int) -> World:
    rng = random.Random(seed)
    factory = PeopleFactory(rng, seed)
    orng = random.Random(seed * 7 + 2)
    org = Org(
        "Calorix NV",
        "Calorix SA",
        "Havenlaan 142",
        "avenue du Port 142",
        "1000",
        "Brussel",
        "Bruxelles",
        ids.enterprise_number(orng),
        ids.be_landline(orng, "2"),
        "klantendienst@calorix.be",
    )

    ids_all = list(range(1, N_CUSTOMERS + 1))
    young = set(rng.sample(ids_all, 9))
    bis = set(rng.sample([i for i in ids_all if i not in young], 2))
    customers = [
        factory.person(i, "nl" if rng.random() < 0.55 else "fr", young=i in young, bis=i in bis)
        for i in ids_all
    ]
    planted, lookalike = planted_people(seed)
    customers[PLANTED_ID - 1], customers[LOOKALIKE_ID - 1] = planted, lookalike

    # letter writers, adjusted so their letters can show the notations the brief asks for
    taken = {PLANTED_ID, LOOKALIKE_ID} | young | bis
    nl_adults = [p for p in customers if p.language == "nl" and p.pid not in taken]
    fr_men = [p for p in customers if p.language == "fr" and p.male and p.pid not in taken]
    complaint = nl_adults[0]
    complaint.phone_nsn = ids.be_landline(rng, complaint.zone)  # 0x/xxx.xx.xx in the letter
    complaint.iban = ids.be_iban(rng)
    reply = next(p for p in nl_adults[1:] if not p.male)
    terminating = fr_men[0]
    terminating.street, terminating.house_number = "rue des Fripiers", "24"
    terminating.postcode, terminating.city, terminating.zone = "1000", "Bruxelles", "2"
    terminating.phone_nsn = ids.be_landline(rng, "2")  # 02/xxx.xx.xx
    special = {
        "planted": PLANTED_ID,
        "lookalike": LOOKALIKE_ID,
        "nl_complaint": complaint.pid,
        "nl_reply": reply.pid,
        "fr_termination": terminating.pid,
    }

    since: dict[int, dt.date] = {}
    ended: dict[int, dt.date | None] = {}
    candidates = [i for i in ids_all if i not in young and i not in special.values()]
    old_ended = set(rng.sample(candidates, 10))
    recent_ended = set(rng.sample([i for i in candidates if i not in old_ended], 15))
    for p in customers:
        adult = dt.date(p.birth_date.year + 18, p.birth_date.month, min(p.birth_date.day, 28))
        if p.pid in old_ended:
            since[p.pid] = days_between(rng, max(adult, dt.date(2003, 1, 1)), dt.date(2010, 12, 31))
            ended[p.pid] = days_between(rng, since[p.pid] + dt.timedelta(days=400), dt.date(2015, 12, 31))
        else:
            since[p.pid] = days_between(rng, max(adult, dt.date(2004, 1, 1)), dt.date(2025, 6, 30))
            ended[p.pid] = (
                days_between(
                    rng,
                    max(since[p.pid] + dt.timedelta(days=200), dt.date(2017, 1, 1)),
                    dt.date(2025, 12, 31),
                )
                if p.pid in recent_ended
                else None
            )
    since[PLANTED_ID] = dt.date(2014, 5, 12)
    styles = ("spaced",) * 8 + ("intl",) * 5 + ("slash",) * 4 + ("0032", "e164", "compact")
    phone_style = {p.pid: rng.choice(styles) for p in customers}
    phone_style[PLANTED_ID], phone_style[LOOKALIKE_ID] = "intl", "spaced"
    ordinary = [i for i in ids_all if i not in special.values()]
    for i in rng.sample(ordinary, 5):  # unknown phone or email: the CRM has gaps
        phone_style[i] = "none"
    no_email = set(rng.sample(ordinary, 4))

    employees = []
    for i in range(1, 9):
        e = factory.person(1000 + i, "nl" if i <= 5 else "fr")
        e.phone_nsn = ids.be_mobile(rng)
        local = f"{ascii_fold(e.first_name)}.{ascii_fold(e.last_name).replace(' ', '')}".lower()
        e.email = f"{local}@calorix.be"
        employees.append(e)

    world = World(
        org, customers, since, ended, phone_style, employees, [], special=special, no_email=no_email
    )
    _companies(world, rng, factory, terminating)
    _contracts(world, rng)
    _tickets(world, rng)
    return world


def _companies(world: World, rng: random.Random, factory: PeopleFactory, terminating: Person) -> None:
    styles = ("dots", "be_compact", "be_dots", "spaced", "be_spaced")
    rows: list[tuple] = []
    for i in range(1, 25):
        lang = "nl" if i % 2 else "fr"
        fake = factory.fakers[lang]
        if lang == "nl":
            name = fake.company()
        else:  # fr_BE's company() gives English forms ("LLC", "and Sons"); build Belgian ones
            name = fake.last_name() + rng.choice(("-" + fake.last_name(), " & Fils", " Frères", ""))
            name += rng.choice((" SRL", " SA", " SC"))
        if i == 24:  # an organisation named like the planted person: a trap for name searches
            name = "Dubois & Fils SRL"
        number = ids.enterprise_number(rng, "0" if rng.random() < 0.8 else "1")
        postcode, city, zone = factory.place(lang)
        words = [
            x
            for x in ascii_fold(name.split(",")[0]).lower().replace("&", "").split()
            if x not in ("bv", "nv", "cv", "commv", "vof", "srl", "sa", "sc")
        ]
        slug = "-".join(words)
        if i in (7, 19):  # Dutch customers: BTW-id, no KBO number
            area, town = ("20", "Amsterdam") if i == 7 else ("76", "Breda")
            rows.append(
                (
                    i,
                    name.rsplit(" ", 1)[0] + " B.V.",
                    None,
                    ids.nl_vat(rng),
                    f"+31 {area} {rng.randrange(200, 999)} {rng.randrange(1000, 9999)}",
                    f"www.{slug}.nl",
                    town,
                )
            )
            continue
        rows.append(
            (
                i,
                name,
                ids.enterprise_notation(number, rng.choice(styles)),
                f"BE{number}",
                ids.format_phone(ids.be_landline(rng, zone), rng.choice(("slash", "spaced", "intl"))),
                f"www.{slug}.be",
                city,
            )
        )
    number = ids.enterprise_number(rng)
    rows.append(
        (
            25,
            f"{terminating.last_name} Rénovation SRL",
            ids.enterprise_notation(number, "dots"),
            f"BE{number}",
            ids.format_phone(terminating.phone_nsn, "slash"),
            f"www.{ascii_fold(terminating.last_name).lower()}-renovation.be",
            terminating.city,
        )
    )
    world.companies = rows
    world.company_of[terminating.pid] = 25


def _contracts(world: World, rng: random.Random) -> None:
    cid = pid = 0
    for p in world.customers:
        n = rng.choice((0, 1, 1, 1, 1, 1, 2, 2, 2))
        if p.pid in world.special.values():
            n = 2 if p.pid == PLANTED_ID else max(n, 1)
        end_limit = world.ended[p.pid] or TODAY
        start = world.since[p.pid]
        for k in range(n):
            product, price = PRODUCTS[p.language][rng.randrange(4) if k else rng.randrange(3)]
            if p.pid == PLANTED_ID:
                product, price = PRODUCTS["fr"][(1, 3)[k]]
            start = days_between(rng, start, min(end_limit, start + dt.timedelta(days=900)))
            end = world.ended[p.pid] or (
                days_between(rng, start + dt.timedelta(days=365), TODAY) if rng.random() < 0.2 else None
            )
            if p.pid == PLANTED_ID:
                end = None
            cid += 1
            world.contracts.append((cid, p.pid, product, start.isoformat(), end.isoformat() if end else None))
            last = min(end or TODAY, TODAY)
            years = [
                y
                for y in range(start.year, last.year + 1)
                if dt.date(y, start.month, min(start.day, 28)) <= last
            ][-2:]
            for y in years:
                pid += 1
                paid = dt.date(y, start.month, min(start.day, 28)) + dt.timedelta(days=rng.randrange(0, 12))
                world.payments.append((pid, cid, p.iban, price, min(paid, TODAY).isoformat()))


def _fill(p: Person, template: str, rng: random.Random) -> str:
    alt = rng.choice([s for s in ("spaced", "slash", "intl", "0032") if s != "e164"])
    return template.format(
        iban=ids.group4(p.iban) if rng.random() < 0.6 else p.iban,
        phone=ids.format_phone(p.phone_nsn, alt),
        nn=be_nn.format(p.national_number) if rng.random() < 0.6 else p.national_number,
        email=p.email,
        his="zijn" if p.male else "haar",
        spouse="Zijn vrouw" if p.male else "Haar man",
        spouse_fr="Son épouse" if p.male else "Son mari",
    )


def _tickets(world: World, rng: random.Random) -> None:
    drafts: list[
        tuple[dt.date, int, int, str, str, str]
    ] = []  # opened, customer, employee, channel, subj, note
    eligible = [p for p in world.customers if p.pid not in (PLANTED_ID, LOOKALIKE_ID)]
    for _ in range(118):
        p = rng.choice(eligible)
        subject, template = rng.choice(NL_NOTES if p.language == "nl" else FR_NOTES)
        opened = days_between(rng, world.since[p.pid], world.ended[p.pid] or TODAY)
        drafts.append(
            (opened, p.pid, rng.randrange(1, 9), rng.choice(CHANNELS), subject, _fill(p, template, rng))
        )
    planted = world.customer(PLANTED_ID)
    slash = ids.format_phone(planted.phone_nsn, "slash")
    drafts.append(
        (
            dt.date(2025, 11, 18),
            PLANTED_ID,
            6,
            "phone",
            "Report de visite",
            "La cliente a été [[HEALTH|hospitalisée]] et est [[HEALTH|diabétique]] : visite d'entretien "
            f"reportée. Rappeler au [[PHONE_NUMBER|{slash}]] pour fixer une nouvelle date.",
        )
    )
    drafts.append(
        (
            dt.date(2026, 1, 7),
            PLANTED_ID,
            7,
            "letter",
            "Demande d'accès RGPD",
            "Demande d'accès (article 15 RGPD) reçue par courrier. Transmise au délégué à la protection "
            "des données.",
        )
    )
    drafts.append(
        (
            dt.date(2025, 3, 4),
            LOOKALIKE_ID,
            6,
            "email",
            "Facture",
            "Demande une copie de la facture de l'an dernier pour sa déclaration fiscale.",
        )
    )
    mover = next(p for p in eligible if p.language == "nl" and world.ended[p.pid] is None)
    drafts.append(
        (
            dt.date(2025, 9, 22),
            mover.pid,
            2,
            "email",
            "Verhuis naar Nederland",
            f"Klant verhuist naar Breda en geeft {'zijn' if mover.male else 'haar'} BSN "
            f"[[NL_BSN|{ids.bsn(rng)}]] door voor de Nederlandse facturatie.",
        )
    )
    drafts.sort(key=lambda d: (d[0], d[1], d[4]))
    for tid, (opened, cust, emp, channel, subject, marked) in enumerate(drafts, start=1):
        note, spans = render(marked)
        world.tickets.append((tid, cust, emp, opened.isoformat(), channel, subject, note))
        if spans:
            world.ticket_spans[tid] = (world.customer(cust).language, spans)
