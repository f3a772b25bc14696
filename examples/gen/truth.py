"""ground_truth.json: what was planted where, built from the same values the writers used."""

from __future__ import annotations

import datetime as dt

from . import ids
from .model import LOOKALIKE_ID, PLANTED_ID, RETENTION_CUTOFF, World
from .sources import CRM_NAME, CSV_NAME, HR_NAME, LOG_NAME, e164


def letter_context(w: World) -> dict:
    s = w.special
    complaint, reply, planted = (
        w.customer(s["nl_complaint"]),
        w.customer(s["nl_reply"]),
        w.customer(PLANTED_ID),
    )
    terminating = w.customer(s["fr_termination"])
    company = w.companies[w.company_of[terminating.pid] - 1]
    return {
        "nl_complaint": {
            "org": w.org,
            "p": complaint,
            "sent": dt.date(2025, 11, 12),
            "contract_start": dt.date.fromisoformat(w.contracts_of(complaint.pid)[0][3]),
            "amount": next(r[3] for r in w.payments if r[1] == w.contracts_of(complaint.pid)[0][0]),
        },
        "nl_reply": {
            "org": w.org,
            "p": reply,
            "agent": w.employees[2],
            "asked": dt.date(2025, 11, 21),
            "sent": dt.date(2025, 12, 9),
            "decoy_nn": ids.decoy_national_number(reply.national_number),
            "decoy_iban": ids.decoy_iban(reply.iban if reply.iban.startswith("BE") else complaint.iban),
        },
        "fr_access": {
            "org": w.org,
            "p": planted,
            "customer_since": w.since[PLANTED_ID],
            "sent": dt.date(2026, 1, 5),
        },
        "fr_termination": {
            "org": w.org,
            "p": terminating,
            "company": company[1],
            "enterprise": company[3][2:],
            "end": dt.date(2026, 3, 31),
            "sent": dt.date(2026, 1, 9),
        },
    }


def _person_truth(w: World, pid: int, members: dict, weblog: dict, letter: str | None) -> dict:
    p = w.customer(pid)
    contracts = w.contracts_of(pid)
    contract_ids = {c[0] for c in contracts}
    payments = [r[0] for r in w.payments if r[1] in contract_ids]
    tickets = [t for t in w.tickets if t[1] == pid]
    occ: list[dict] = [{"source": CRM_NAME, "table": "customers", "key": {"id": pid}, "relation": "match"}]
    occ += [
        {"source": CRM_NAME, "table": "contracts", "key": {"id": c[0]}, "relation": "linked"}
        for c in contracts
    ]
    occ += [
        {"source": CRM_NAME, "table": "payments", "key": {"id": i}, "relation": "linked"} for i in payments
    ]
    occ += [
        {"source": CRM_NAME, "table": "support_tickets", "key": {"id": t[0]}, "relation": "linked"}
        for t in tickets
    ]
    m = members["where"][pid]
    occ.append(
        {
            "source": CSV_NAME,
            "table": CSV_NAME,
            "key": m["key"],
            "row": m["row"],
            "line": m["line"],
            "relation": "match",
            "values": m["values"],
        }
    )
    occ += [
        {"source": LOG_NAME, "table": LOG_NAME, "line": n, "relation": "match"} for n in weblog["where"][pid]
    ]
    if letter:
        occ.append({"source": letter, "table": letter, "document": True, "relation": "match"})
    sources = sorted({o["source"] for o in occ})
    crm_phone = ids.format_phone(p.phone_nsn, w.phone_style[pid])
    truth = {
        "customer_id": pid,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "name": p.full_name,
        "birth_date": p.birth_date.isoformat(),
        "national_number": p.national_number,
        "email": p.email,
        "phone_e164": e164(p.phone_nsn),
        "iban": p.iban,
        "username": weblog["usernames"][pid],
        "ip_addresses": weblog["ips"][pid],
        "address": f"{p.street} {p.house_number}, {p.postcode} {p.city}",
        "variants": {
            "name": sorted({p.full_name, f"{m['values']['Voornaam']} {m['values']['Naam']}"}),
            "email": sorted({p.email, m["values"]["E-mail"]}),
            "phone": sorted(
                {crm_phone, m["values"]["Telefoon"]}
                | (
                    {ids.format_phone(p.phone_nsn, "0032"), ids.format_phone(p.phone_nsn, "slash")}
                    if letter
                    else set()
                )
            ),
            "national_number": sorted({p.national_number, m["values"]["Rijksregisternummer"]}),
        },
        "sources": sources,
        "occurrences": occ,
        "third_party": [
            {"source": CRM_NAME, "table": "employees", "key": {"id": e}}
            for e in sorted({t[2] for t in tickets})
        ],
    }
    return truth


def ground_truth(
    w: World,
    seed: int,
    today: dt.date,
    members: dict,
    weblog: dict,
    letters: dict,
    n_staff: int,
    n_absences: int,
) -> dict:
    import faker
    import openpyxl

    access_letter = next(name for name in letters if "acces" in name)
    letters_truth = {}
    for name, (lang, _text, spans) in letters.items():
        letters_truth[name] = {
            "language": lang,
            "entities": [s for s in spans if not s.get("decoy")],
            "decoys": [s for s in spans if s.get("decoy")],
        }
    notes = [
        {
            "source": CRM_NAME,
            "table": "support_tickets",
            "column": "note",
            "key": {"id": tid},
            "language": lang,
            "entities": spans,
        }
        for tid, (lang, spans) in sorted(w.ticket_spans.items())
    ]
    expired = sorted(pid for pid, end in w.ended.items() if end is not None and end < RETENTION_CUTOFF)
    return {
        "about": "Written by examples/generate.py from the values it planted; do not edit by hand.",
        # the versions whose output the committed bytes are (tests compare bytes only under the same ones)
        "generator": {
            "seed": seed,
            "today": today.isoformat(),
            "faker": faker.VERSION,
            "openpyxl": openpyxl.__version__,
        },
        "organisation": {
            "name": w.org.name_nl,
            "enterprise_number": w.org.enterprise,
            "email": w.org.email,
            "phone_e164": e164(w.org.phone_nsn),
        },
        "planted_person": _person_truth(w, PLANTED_ID, members, weblog, access_letter),
        "lookalike": _person_truth(w, LOOKALIKE_ID, members, weblog, None),
        "letters": letters_truth,
        "crm_notes": notes,
        "retention": {
            "source": CRM_NAME,
            "table": "customers",
            "column": "relationship_ended_on",
            "cutoff": RETENTION_CUTOFF.isoformat(),
            "expired_customer_ids": expired,
        },
        "counts": {
            CRM_NAME: {
                "customers": len(w.customers),
                "companies": len(w.companies),
                "employees": len(w.employees),
                "contracts": len(w.contracts),
                "payments": len(w.payments),
                "support_tickets": len(w.tickets),
            },
            CSV_NAME: members["rows"],
            LOG_NAME: weblog["lines"],
            HR_NAME: {"Personeel": n_staff, "Absences": n_absences},
        },
    }
