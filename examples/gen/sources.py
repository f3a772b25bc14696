"""Rows of each example source, drawn from the World; the CSV and the web log are written here."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import phonenumbers
from stdnum.be import nn as be_nn

from . import ids
from .files import write_csv, write_jsonl
from .model import LOOKALIKE_ID, PLANTED_ID, World
from .people import FR_ACCENTED_FIRST, PeopleFactory, Person, ascii_fold, email_for

CSV_NAME, LOG_NAME, CRM_NAME, HR_NAME = "export_leden.csv", "weblog.jsonl", "crm.sqlite", "hr.xlsx"
MEMBERS_HEADER = (
    "Naam",
    "Voornaam",
    "Straat",
    "Postcode",
    "Gemeente",
    "Telefoon",
    "E-mail",
    "Rijksregisternummer",
    "Lidnummer",
    "Geboortedatum",
    "Lid sinds",
    "Lidgeld",
)
_WEBKIT = "AppleWebKit/537.36 (KHTML, like Gecko)"
_SAFARI = "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1"
USER_AGENTS = (
    f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {_WEBKIT} Chrome/131.0.0.0 Safari/537.36",
    f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) {_SAFARI} Safari/605.1.15",
    f"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) {_SAFARI} Mobile/15E148 Safari/604.1",
    f"Mozilla/5.0 (Linux; Android 14; SM-A546B) {_WEBKIT} Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
)


def e164(nsn: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse("+32" + nsn), phonenumbers.PhoneNumberFormat.E164)


def crm_tables(w: World) -> dict[str, list[tuple]]:
    customers = []
    for p in w.customers:
        style = w.phone_style[p.pid]
        number = be_nn.format(p.national_number) if p.pid % 5 == 0 else p.national_number
        ended = w.ended[p.pid]
        customers.append(
            (
                p.pid,
                p.first_name,
                p.last_name,
                None if p.pid in w.no_email else p.email,
                None if style == "none" else ids.format_phone(p.phone_nsn, style),
                number,
                p.birth_date.isoformat(),
                p.street,
                p.house_number,
                p.postcode,
                p.city,
                p.language,
                w.since[p.pid].isoformat(),
                ended.isoformat() if ended else None,
            )
        )
    employees = [
        (i, e.first_name, e.last_name, e.email, ids.format_phone(e.phone_nsn, "spaced"))
        for i, e in enumerate(w.employees, start=1)
    ]
    return {
        "customers": customers,
        "companies": w.companies,
        "employees": employees,
        "contracts": w.contracts,
        "payments": w.payments,
        "support_tickets": w.tickets,
    }


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def members_rows(w: World, seed: int, path: Path) -> dict:
    """export_leden.csv: members of the customer club, some of them customers, written as cp1252."""
    rng = random.Random(seed + 3)
    factory = PeopleFactory(rng, seed + 3)
    pool = [p for p in w.customers if p.pid not in (PLANTED_ID, LOOKALIKE_ID) and w.ended[p.pid] is None]
    people: list[Person] = rng.sample(pool, 42) + [w.customer(PLANTED_ID), w.customer(LOOKALIKE_ID)]
    for i in range(16):
        p = factory.person(5000 + i, "fr" if i % 2 else "nl")
        if i % 2:
            p.first_name = FR_ACCENTED_FIRST[i % len(FR_ACCENTED_FIRST)]
            p.email = email_for(p.first_name, p.last_name, rng)
        people.append(p)
    rows = []
    numbers = rng.sample(range(10000, 99999), len(people))
    for p, number in zip(people, numbers, strict=True):
        lid = f"LID-{number}"
        style = rng.choice(("spaced", "spaced", "slash", "intl"))
        rrn = be_nn.format(p.national_number) if rng.random() < 0.8 else p.national_number
        first, last, email = p.first_name, p.last_name, p.email
        if (
            p.pid == PLANTED_ID
        ):  # same person, other spelling: no accent, lower-case particle, mixed-case email
            first, last, style = "Helene", "Dubois-van den Bossche", "spaced"
            email, rrn = "Helene.DuboisVDB@Telenet.be", be_nn.format(p.national_number)
        joined = ids_date(rng, p.birth_date)
        fee = rng.choice(("35,00", "35,00", "17,50", "0,00"))
        rows.append(
            [
                last,
                first,
                f"{p.street} {p.house_number}",
                p.postcode,
                p.city,
                ids.format_phone(p.phone_nsn, style),
                email,
                rrn,
                lid,
                _dmy(p.birth_date),
                _dmy(joined),
                fee,
            ]
        )
    rows.sort(key=lambda r: (ascii_fold(r[0]).casefold(), ascii_fold(r[1]).casefold(), r[8]))
    write_csv(path, MEMBERS_HEADER, rows)
    where = {}
    for index, row in enumerate(rows):
        for p in people:
            if (
                p.pid in (PLANTED_ID, LOOKALIKE_ID)
                and row[7].replace(".", "").replace("-", "") == p.national_number
            ):
                where[p.pid] = {
                    "row": index,
                    "line": index + 2,
                    "key": {"Lidnummer": row[8]},
                    "values": {
                        "Naam": row[0],
                        "Voornaam": row[1],
                        "Telefoon": row[5],
                        "E-mail": row[6],
                        "Rijksregisternummer": row[7],
                        "Geboortedatum": row[9],
                    },
                }
    return {"rows": len(rows), "where": where, "customer_ids": sorted(p.pid for p in people if p.pid < 1000)}


def ids_date(rng: random.Random, birth: dt.date) -> dt.date:
    start = max(dt.date(2012, 1, 1), dt.date(birth.year + 16, 1, 1))
    return start + dt.timedelta(days=rng.randrange(max(1, (dt.date(2025, 12, 31) - start).days)))


def weblog_records(w: World, seed: int, path: Path) -> dict:
    """weblog.jsonl: 300 requests to the customer portal, nested user/client/request objects."""
    rng = random.Random(seed + 4)
    fake = PeopleFactory(rng, seed + 4).fakers["nl"]
    active = [p for p in w.customers if w.ended[p.pid] is None and p.pid not in (PLANTED_ID, LOOKALIKE_ID)]
    users = rng.sample(active, 43) + [w.customer(PLANTED_ID), w.customer(LOOKALIKE_ID)]
    names: dict[int, str] = {}
    ips: dict[int, list[str]] = {}
    agents: dict[int, str] = {}
    for p in users:
        base = (
            ascii_fold(p.first_name[0] + p.last_name)
            .lower()
            .replace(" ", "")
            .replace("-", "")
            .replace("'", "")
        )
        name = p.extra.get("username") or (base if rng.random() < 0.6 else f"{base}{rng.randrange(1, 99)}")
        while name in names.values():
            name += str(rng.randrange(10))
        names[p.pid] = name
        v6 = rng.random() < 0.2
        ips[p.pid] = [fake.ipv6() if v6 else fake.ipv4_public() for _ in range(rng.choice((1, 1, 2)))]
        agents[p.pid] = rng.choice(USER_AGENTS)
    n = 300
    planted_lines = set(rng.sample(range(n), 7))
    lookalike_lines = set(rng.sample([i for i in range(n) if i not in planted_lines], 5))
    start = dt.datetime(2025, 11, 1, 6, 0, 0)
    offsets = sorted(rng.randrange(75 * 86400) for _ in range(n))
    others = users[:-2]
    records: list[dict] = []
    where: dict[int, list[int]] = {PLANTED_ID: [], LOOKALIKE_ID: []}
    for i, off in enumerate(offsets):
        ts = (start + dt.timedelta(seconds=off)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if i in planted_lines or i in lookalike_lines:
            p = w.customer(PLANTED_ID if i in planted_lines else LOOKALIKE_ID)
        elif rng.random() < 0.1:
            records.append(
                {
                    "ts": ts,
                    "user": {"username": None, "email": None},
                    "client": {"ip": fake.ipv4_public(), "user_agent": rng.choice(USER_AGENTS)},
                    "request": {"method": "GET", "path": rng.choice(("/", "/login", "/nl/faq", "/fr/faq"))},
                    "status": 200,
                }
            )
            continue
        else:
            p = rng.choice(others)
        method, route, status = _request(w, p, rng)
        records.append(
            {
                "ts": ts,
                "user": {"username": names[p.pid], "email": p.email},
                "client": {"ip": rng.choice(ips[p.pid]), "user_agent": agents[p.pid]},
                "request": {"method": method, "path": route},
                "status": status,
            }
        )
        if p.pid in where:
            where[p.pid].append(i + 1)
    write_jsonl(path, records)
    return {
        "lines": n,
        "where": where,
        "usernames": {PLANTED_ID: names[PLANTED_ID], LOOKALIKE_ID: names[LOOKALIKE_ID]},
        "ips": {PLANTED_ID: ips[PLANTED_ID], LOOKALIKE_ID: ips[LOOKALIKE_ID]},
    }


def _request(w: World, p: Person, rng: random.Random) -> tuple[str, str, int]:
    contracts = w.contracts_of(p.pid)
    r = rng.random()
    if r < 0.2:
        return "POST", "/login", 401 if rng.random() < 0.1 else 302
    if r < 0.4 and contracts:
        return "GET", f"/contracts/{rng.choice(contracts)[0]}", 200
    if r < 0.6:
        return "GET", f"/invoices/2025/{rng.randrange(1, 13):02d}", 200
    if r < 0.7:
        return "POST", "/tickets/new", 201
    if r < 0.8:
        return "GET", "/profile", 200
    if r < 0.85:
        return "GET", "/documents/contract.pdf", 404
    return rng.choice((("GET", "/dashboard", 200), ("GET", "/tickets", 200), ("GET", "/logout", 302)))


STATES = ("gehuwd", "ongehuwd", "wettelijk samenwonend", "gescheiden", "weduwe", "feitelijk samenwonend")
JOBS = (
    "Technieker",
    "Technieker",
    "Technieker",
    "Planner",
    "Boekhouder",
    "HR-verantwoordelijke",
    "Verkoper",
    "Magazijnier",
    "Teamleider techniek",
    "Directeur",
    "Onthaal",
)
MOTIFS = (
    "maladie",
    "maladie",
    "accident de travail",
    "congé de maternité",
    "hospitalisation",
    "congé parental",
    "congé de paternité",
    "petit chômage (décès d'un parent)",
    "rendez-vous médical",
    "maladie de longue durée",
)


def hr_rows(w: World, seed: int) -> tuple[str, list[str], list[list], list[str], list[list]]:
    rng = random.Random(seed + 5)
    factory = PeopleFactory(rng, seed + 5)
    staff = [(e, "Medewerker klantendienst") for e in w.employees]
    for i in range(27):
        p = factory.person(2000 + i, "nl" if i % 3 else "fr")
        p.phone_nsn = ids.be_mobile(rng)
        staff.append((p, rng.choice(JOBS)))
    header = [
        "Voornaam",
        "Naam",
        "Rijksregisternummer",
        "Geboortedatum",
        "Adres",
        "Postcode",
        "Gemeente",
        "GSM",
        "Rekeningnummer (IBAN)",
        "Burgerlijke staat",
        "Personen ten laste",
        "Functie",
        "Brutoloon",
    ]
    rows = []
    for p, job in staff:
        salary = round(rng.uniform(2900, 4300) if job != "Directeur" else rng.uniform(7500, 9000), 2)
        rows.append(
            [
                p.first_name,
                p.last_name,
                be_nn.format(p.national_number),
                p.birth_date,
                f"{p.street} {p.house_number}",
                p.postcode,
                p.city,
                ids.format_phone(p.phone_nsn, "spaced"),
                ids.group4(p.iban),
                rng.choice(STATES),
                rng.choice((0, 0, 1, 2, 3)),
                job,
                salary,
            ]
        )
    absences = []
    for _ in range(22):
        p, _job = rng.choice(staff)
        motif = rng.choice(MOTIFS)
        if motif == "congé de maternité" and p.male:
            motif = "congé de paternité"
        days = {"congé de maternité": 105, "congé de paternité": 20, "maladie de longue durée": 90}.get(
            motif, rng.randrange(1, 15)
        )
        begin = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(330))
        absences.append([p.last_name, p.first_name, begin, begin + dt.timedelta(days=days - 1), motif])
    absences.sort(key=lambda r: (r[2], r[0]))
    return (
        "Personeelsbestand 2025 – vertrouwelijk",
        header,
        rows,
        ["Nom", "Prénom", "Date début", "Date fin", "Motif", "Jours"],
        absences,
    )
