#!/usr/bin/env python
"""Generate varied Belgian and Dutch registers with a labels file, to score discovery on data it was
not tuned on.

    python benchmarks/gen_registers.py OUT_DIR [--seed N] [--rows N]
    pii-scan eval OUT_DIR/labels.csv --root OUT_DIR

Member registers (CSV, ``;``, cp1252), family-allowance files and HR workbooks (title rows above the
header), CRM and ticket databases (SQLite, terse 3-4 letter names), each in Dutch, French and a mix of
the two with English; Dutch client and staff registers with BSN, BTW and document numbers. The seed
picks the header names, their writing style, which optional columns appear and the notations of the
values (IBAN compact / grouped / ``BE 03 ...`` / lower case, dotted or bare national numbers, date
formats, gender and language codes). Decoys that look personal but are not are labelled ``none``: a
ticket ``status`` of M/V codes, a ``taal`` of programming languages, product codes shaped like ICD-10.

Deterministic per seed (same Faker version): the same seed writes the same values and labels.
"""

from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _register_concepts import CONCEPTS, Ctx  # noqa: E402
from _register_concepts_more import MORE_CONCEPTS  # noqa: E402
from _register_values import Values  # noqa: E402

__all__ = ["Register", "REGISTERS", "generate", "main"]

CONCEPTS.update(MORE_CONCEPTS)

LABEL_FIELDS = ("dataset", "file", "table", "column", "category", "subject", "notes")


@dataclass(frozen=True)
class Register:
    kind: str
    fmt: str  # csv / xlsx / sqlite
    country: str  # BE / NL
    tables: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (table key, columns, optional)
    langs: tuple[str, ...] = ("nl", "fr", "mix")
    born: tuple[int, int] = (1945, 2004)


REGISTERS: tuple[Register, ...] = (
    Register(
        "leden",
        "csv",
        "BE",
        (
            (
                "members",
                ("rec", "last", "first", "birth", "gender", "street", "postcode", "city", "iban", "amount"),
                ("language", "phone", "email", "nn", "since", "status_mv", "mutual"),
            ),
        ),
    ),
    Register(
        "kinderbijslag",
        "xlsx",
        "BE",
        (
            (
                "dossiers",
                (
                    "rec",
                    "last",
                    "first",
                    "nn",
                    "civil",
                    "dependants",
                    "child_first",
                    "child_birth",
                    "iban",
                    "amount",
                ),
                ("language", "paydate", "remarks", "incapacity", "street", "city"),
            ),
        ),
        born=(1970, 2000),
    ),
    Register(
        "personeel",
        "xlsx",
        "BE",
        (
            (
                "staff",
                ("rec", "last", "first", "birth", "gender", "language", "civil", "iban", "amount", "job"),
                (
                    "birthplace",
                    "nationality",
                    "dependants",
                    "partner",
                    "union",
                    "eid",
                    "nn",
                    "dept",
                    "since",
                    "incapacity",
                    "remarks",
                    "email",
                    "phone",
                ),
            ),
            ("absences", ("rec", "icd10", "since"), ("incapacity", "hours")),
        ),
        born=(1960, 2004),
    ),
    Register(
        "crm",
        "sqlite",
        "BE",
        (
            (
                "clients",
                ("rec", "last", "first", "birth", "gender", "language", "email", "phone", "iban"),
                ("street", "postcode", "city", "username", "ip", "nn", "since"),
            ),
            ("companies", ("rec", "company", "kbo", "phone"), ("email", "city")),
            (
                "tickets",
                ("rec", "status_mv", "prog", "product", "topic", "created"),
                ("prio", "hours", "email"),
            ),
        ),
    ),
    Register(
        "clienten",
        "csv",
        "NL",
        (
            (
                "clients",
                ("rec", "bsn", "last", "first", "birth", "gender", "postcode", "city", "iban"),
                ("phone", "email", "civil", "nl_doc", "nl_btw", "remarks", "since"),
            ),
        ),
        langs=("nl",),
    ),
    Register(
        "hrm",
        "sqlite",
        "NL",
        (
            (
                "staff",
                ("rec", "bsn", "last", "first", "birth", "gender", "iban", "amount", "job"),
                ("nl_doc", "civil", "dependants", "partner", "dept", "since", "email", "phone"),
            ),
            ("tickets", ("rec", "status_mv", "prog", "product", "created"), ("topic", "prio")),
        ),
        langs=("nl", "mix"),
    ),
    # Added later, at the end, so the files above keep their bytes for a given seed.
    Register(
        "leerlingen",
        "sqlite",
        "BE",
        (
            (
                "pupils",
                (
                    "rec",
                    "last",
                    "first",
                    "birth",
                    "gender",
                    "course",
                    "household",
                    "parent",
                    "parent_phone",
                    "photo",
                ),
                ("language", "medical", "street", "postcode", "city", "nationality", "nn"),
            ),
        ),
        born=(2008, 2020),
    ),
    Register(
        "webshop",
        "sqlite",
        "BE",
        (
            (
                "sessions",
                ("rec", "session", "cookie", "device", "agent", "ip", "created"),
                ("email", "username"),
            ),
            ("orders", ("rec", "order", "amount", "card", "product", "created"), ("iban", "status_mv")),
        ),
        langs=("nl", "fr"),
    ),
    Register(
        "vrijwilligers",
        "csv",
        "BE",
        (
            (
                "volunteers",
                ("rec", "last", "first", "birth", "record", "phone", "email", "shift"),
                ("party", "origin", "language", "gender", "remarks", "nn"),
            ),
        ),
    ),
)

_TABLE_NAMES = {
    "members": {"nl": ("ledenlijst", "leden"), "fr": ("membres", "liste_membres")},
    "dossiers": {"nl": ("Dossiers", "Rechthebbenden"), "fr": ("Dossiers", "Allocataires")},
    "staff": {"nl": ("Personeel", "Medewerkers"), "fr": ("Personnel", "Employes")},
    "absences": {"nl": ("Afwezigheden", "Ziekteverzuim"), "fr": ("Absences", "Absences maladie")},
    "clients": {"nl": ("klant", "clienten"), "fr": ("client", "clients")},
    "companies": {"nl": ("bedrijf", "firma"), "fr": ("societe", "entreprise")},
    "tickets": {"nl": ("melding", "ticket"), "fr": ("ticket", "demande")},
    "pupils": {"nl": ("leerling", "leerlingen"), "fr": ("eleve", "eleves")},
    "sessions": {"nl": ("sessie", "bezoek"), "fr": ("session", "visite")},
    "orders": {"nl": ("bestelling", "orders"), "fr": ("commande", "commandes")},
    "volunteers": {"nl": ("vrijwilligers",), "fr": ("benevoles",)},
}
_TERSE_TABLES = {
    "pupils": ("llg", "elv"),
    "sessions": ("ses", "vis"),
    "orders": ("bstl", "cmd"),
    "clients": ("klnt", "cli", "kln"),
    "companies": ("bdr", "org", "soc"),
    "tickets": ("tkt", "mld", "req"),
    "staff": ("pers", "mdw", "emp"),
}
_TITLES = {
    "kinderbijslag": {
        "nl": "Kinderbijslag - dossiers in betaling",
        "fr": "Allocations familiales - dossiers actifs",
    },
    "personeel": {"nl": "Personeelsbestand", "fr": "Registre du personnel"},
}


def _style(name: str, style: str) -> str:
    words = re.findall(r"[^\W_]+|%", name)
    words = ["pct" if w == "%" else w for w in words]
    if style == "snake":
        return "_".join(w.lower() for w in words)
    if style == "upper":
        return "_".join(w.upper() for w in words)
    if style == "camel":
        return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    return name


def _header(v: Values, concept: str, lang: str, style: str, used: set[str]) -> str:
    c = CONCEPTS[concept]
    pool = (
        list(c.terse)
        if style == "terse"
        else list(c.names[lang if lang != "mix" else v.pick(("nl", "fr", "en"))])
    )
    v.rng.shuffle(pool)
    for name in pool:
        out = name if style == "terse" else _style(name, style)
        if out.casefold() not in used:
            used.add(out.casefold())
            return out
    out = f"{pool[0] if style == 'terse' else _style(pool[0], style)}{len(used)}"
    used.add(out.casefold())
    return out


def _ctx(v: Values, reg: Register, lang: str) -> Ctx:
    fr = lang == "fr"
    gender = {
        "nl": ({"m": "M", "f": "V"},),
        "fr": ({"m": "M", "f": "F"}, {"m": "H", "f": "F"}),
        "mix": ({"m": "M", "f": "V"}, {"m": "M", "f": "F"}),
    }[lang]
    styles = ("compact", "grouped", "cc_space", "lower", "dashed")
    first = v.pick(styles)
    iban_styles = (first,) if v.rng.random() < 0.6 else (first, v.pick(styles))
    return Ctx(
        lang=lang,
        date_fmt=v.pick(
            ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y") if not fr else ("%d/%m/%Y", "%d-%m-%Y")
        ),
        iban_styles=iban_styles,
        nn_style=v.pick(("compact", "dotted", "spaced", "dashed")),
        gender_codes=v.pick(gender),
        comma=reg.country == "BE" and v.rng.random() < 0.7,
    )


def _rows(v: Values, reg: Register, lang: str, ctx: Ctx, cols: list[str], n: int) -> list[list[object]]:
    rows = []
    for _ in range(n):
        row_lang = v.pick(("nl", "fr")) if lang == "mix" else ("nl" if lang == "nl" else "fr")
        p = v.person(reg.country, row_lang, reg.born)
        rows.append([CONCEPTS[c].value(v, p, ctx) for c in cols])
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="cp1252", errors="replace", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def _write_xlsx(path: Path, title: str, sheets: list[tuple[str, list[str], list[list[object]]]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append([f"{title} - {name}"])
        ws.append([f"Export van / du 15/01/2026 ({len(rows)} rijen / lignes)"])
        ws.append([])
        ws.append(header)
        for r in rows:
            ws.append(r)
    fixed = datetime(2026, 1, 15, 9, 0, 0)
    wb.properties.created = wb.properties.modified = fixed
    wb.save(path)


def _write_sqlite(path: Path, tables: list[tuple[str, list[str], list[list[object]]]]) -> None:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        for name, header, rows in tables:
            blob = [any(isinstance(r[i], bytes) for r in rows) for i in range(len(header))]
            cols = ", ".join(f'"{h}" {"BLOB" if b else "TEXT"}' for h, b in zip(header, blob, strict=True))
            con.execute(f'CREATE TABLE "{name}" ({cols})')
            marks = ", ".join("?" for _ in header)
            con.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})', [[None if x == "" else x for x in r] for r in rows]
            )
        con.commit()
    finally:
        con.close()


def generate(out: Path, seed: int = 1, rows: int = 150) -> list[dict[str, str]]:
    """Write every register into ``out`` and ``out/labels.csv``; return the label rows."""
    out.mkdir(parents=True, exist_ok=True)
    v = Values(seed)
    labels: list[dict[str, str]] = []
    for reg in REGISTERS:
        for lang in reg.langs:
            ctx = _ctx(v, reg, lang)
            tlang = "fr" if lang == "fr" else "nl"
            file = f"{reg.kind}_{reg.country.lower()}_{lang}.{reg.fmt}"
            terse = reg.fmt == "sqlite" and v.rng.random() < 0.75
            style = (
                "terse"
                if terse
                else v.pick(
                    ("snake", "camel")
                    if reg.fmt == "sqlite"
                    else ("natural", "natural", "snake", "upper", "camel")
                )
            )
            written = []
            for key, required, optional in reg.tables:
                cols = list(required) + [c for c in optional if v.rng.random() < 0.6]
                v.rng.shuffle(cols)
                cols.remove("rec")
                cols.insert(0, "rec")
                used: set[str] = set()
                header = [_header(v, c, lang, style, used) for c in cols]
                data = _rows(v, reg, lang, ctx, cols, rows)
                if terse and key in _TERSE_TABLES:
                    table = v.pick(_TERSE_TABLES[key])
                else:
                    table = v.pick(_TABLE_NAMES[key][tlang])
                written.append((table, header, data))
                org = key == "companies"
                for c, h in zip(cols, header, strict=True):
                    cat = CONCEPTS[c]
                    labels.append(
                        {
                            "dataset": f"gen-{reg.kind}-{lang}",
                            "file": file,
                            "table": "(csv)" if reg.fmt == "csv" else table,
                            "column": h,
                            "category": cat.category,
                            "subject": "organisation" if org or cat.subject == "organisation" else "person",
                            "notes": c,
                        }
                    )
            if reg.fmt == "csv":
                _write_csv(out / file, written[0][1], written[0][2])
            elif reg.fmt == "xlsx":
                _write_xlsx(out / file, _TITLES[reg.kind][tlang], written)
            else:
                _write_sqlite(out / file, written)
    with open(out / "labels.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=LABEL_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(labels)
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the registers and labels.csv into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--rows", type=int, default=150, help="rows per table (default 150)")
    args = parser.parse_args(argv)
    labels = generate(args.out, args.seed, args.rows)
    files = len({lb["file"] for lb in labels})
    print(f"wrote {files} files, {len(labels)} labelled columns, labels in {args.out / 'labels.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
