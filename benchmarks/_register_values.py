"""Values for benchmarks/gen_registers.py: people, valid identifiers in several notations, vocabularies.

Identifiers are computed with their published check rules and then validated with python-stdnum, so a
generated register never holds a number that the rules reject. Everything draws from one
``random.Random`` and one seeded Faker per locale: the same seed gives the same values.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from stdnum import iban as std_iban
from stdnum.be import bis as std_bis
from stdnum.be import eid as std_eid
from stdnum.be import nn as std_nn
from stdnum.be import vat as std_be_vat
from stdnum.nl import bsn as std_bsn
from stdnum.nl import btw as std_btw

__all__ = ["Person", "Values", "notation"]

# Belgian bank codes (first three BBAN digits) that stdnum's bank registry knows.
_BE_BANKS = ("001", "063", "068", "097", "103", "143", "230", "310", "363", "410", "430", "645", "737", "750")
_NL_BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ")
_WALLOON = (
    ("1000", "Bruxelles"),
    ("1050", "Ixelles"),
    ("1348", "Louvain-la-Neuve"),
    ("4000", "Liège"),
    ("5000", "Namur"),
    ("6000", "Charleroi"),
    ("7000", "Mons"),
    ("6700", "Arlon"),
    ("1400", "Nivelles"),
    ("4800", "Verviers"),
    ("7500", "Tournai"),
    ("5100", "Jambes"),
)
_FLEMISH = (
    ("2000", "Antwerpen"),
    ("9000", "Gent"),
    ("3000", "Leuven"),
    ("8000", "Brugge"),
    ("3500", "Hasselt"),
    ("2800", "Mechelen"),
    ("8500", "Kortrijk"),
    ("9300", "Aalst"),
    ("2300", "Turnhout"),
    ("1700", "Dilbeek"),
    ("3600", "Genk"),
    ("8400", "Oostende"),
    ("9100", "Sint-Niklaas"),
    ("1800", "Vilvoorde"),
)


@dataclass
class Person:
    first: str
    last: str
    sex: str  # "m" / "f"
    birth: date
    lang: str  # "nl" / "fr"
    street: str
    postcode: str
    city: str
    email: str
    phone: str
    country: str  # "BE" / "NL"


def notation(compact: str, groups: tuple[int, ...], sep: str) -> str:
    """Cut ``compact`` into ``groups`` lengths joined by ``sep`` (the rest is the last group)."""
    out, i = [], 0
    for n in groups:
        out.append(compact[i : i + n])
        i += n
    if i < len(compact):
        out.append(compact[i:])
    return sep.join(p for p in out if p)


class Values:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for i, loc in enumerate(("nl_BE", "fr_BE", "nl_NL", "fr_FR")):
            fk = Faker(loc)
            fk.seed_instance(seed * 7 + i)
            self.fakers[loc] = fk

    # -- people ------------------------------------------------------------------------------------
    def person(self, country: str, lang: str, born: tuple[int, int] = (1945, 2004)) -> Person:
        rng = self.rng
        sex = rng.choice("mf")
        loc = "nl_NL" if country == "NL" else ("fr_BE" if lang == "fr" else "nl_BE")
        fk = self.fakers[loc]
        first = fk.first_name_male() if sex == "m" else fk.first_name_female()
        last = fk.last_name()
        birth = date(born[0], 1, 1) + timedelta(days=rng.randrange((born[1] - born[0]) * 365))
        if country == "NL":
            street, postcode, city = fk.street_address(), fk.postcode(), fk.city()
            if rng.random() < 0.5 and len(postcode) == 6:
                postcode = postcode[:4] + " " + postcode[4:]
        elif lang == "fr":
            street = f"{self.fakers['fr_FR'].street_name()} {rng.randint(1, 180)}"
            postcode, city = rng.choice(_WALLOON)
        else:
            street = f"{self.fakers['nl_BE'].street_name()} {rng.randint(1, 180)}"
            postcode, city = rng.choice(_FLEMISH)
        domain = rng.choice(("telenet.be", "skynet.be", "proximus.be", "gmail.com", "hotmail.com"))
        if country == "NL":
            domain = rng.choice(("ziggo.nl", "kpnmail.nl", "gmail.com", "outlook.com", "xs4all.nl"))
        user = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
        email = f"{self.ascii(user)}{rng.choice(('', str(rng.randint(1, 99))))}@{domain}"
        phone = self.phone_nl() if country == "NL" else self.phone_be()
        return Person(first, last, sex, birth, lang, street, postcode, city, email, phone, country)

    @staticmethod
    def ascii(text: str) -> str:
        import unicodedata

        return "".join(c for c in unicodedata.normalize("NFD", text) if c.isascii())

    def phone_be(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            d = f"04{rng.choice('789')}{rng.randint(0, 9)}{rng.randint(0, 999999):06d}"
            return rng.choice(
                [
                    notation(d, (4, 2, 2, 2), " "),
                    notation(d, (4, 6), "/"),
                    "+32 " + d[1:4] + " " + notation(d[4:], (2, 2, 2), " "),
                ]
            )
        d = f"0{rng.choice(['2', '3', '9'])}{rng.randint(2000000, 9999999)}"
        return rng.choice([notation(d, (2, 3, 2, 2), " "), notation(d, (2, 7), "/"), d])

    def phone_nl(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            d = f"06{rng.randint(10000000, 99999999)}"
            return rng.choice([notation(d, (2, 8), "-"), notation(d, (2, 2, 2, 2, 2), " "), "+31 6 " + d[2:]])
        d = f"0{rng.choice(['20', '10', '30', '70', '40'])}{rng.randint(2000000, 9999999)}"
        return rng.choice([notation(d, (3, 7), "-"), notation(d, (3, 3, 4), " ")])

    # -- Belgian identifiers -------------------------------------------------------------------------
    def national_number(self, p: Person, bis: bool = False) -> str:
        """An 11-digit national register (or BIS: month + 20/40) number for ``p``'s birth date and sex."""
        rng = self.rng
        while True:
            month = p.birth.month + ((40 if rng.random() < 0.5 else 20) if bis else 0)
            serial = rng.randrange(1, 998)
            serial += (serial % 2) != (1 if p.sex == "m" else 0)
            head = f"{p.birth:%y}{month:02d}{p.birth:%d}{min(serial, 997):03d}"
            base = int(("2" if p.birth.year >= 2000 else "") + head)
            number = f"{head}{97 - base % 97:02d}"
            if (std_bis if bis else std_nn).is_valid(number):
                return number

    def nn_notation(self, number: str, style: str) -> str:
        return {
            "compact": number,
            "dotted": f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}",
            "spaced": notation(number, (6, 3, 2), " "),
            "dashed": notation(number, (6, 3, 2), "-"),
        }[style]

    def eid_card(self) -> str:
        """Belgian eID card number, ``592-1234567-89`` (check = first ten digits mod 97, 0 -> 97)."""
        head = f"{self.rng.choice(('591', '592', '593', '600', '610'))}{self.rng.randrange(10**7):07d}"
        number = f"{head}{int(head) % 97 or 97:02d}"
        assert std_eid.is_valid(number)
        return number

    def be_enterprise(self) -> str:
        while True:
            head = f"0{self.rng.randint(2000000, 9999999)}"
            number = f"{head}{97 - int(head) % 97:02d}"
            if std_be_vat.is_valid(number):
                return number

    def be_iban(self) -> str:
        while True:
            bban_head = f"{self.rng.choice(_BE_BANKS)}{self.rng.randrange(10**7):07d}"
            bban = f"{bban_head}{int(bban_head) % 97 or 97:02d}"
            number = self._iban("BE", bban)
            if std_iban.is_valid(number):
                return number

    def nl_iban(self) -> str:
        while True:
            number = self._iban("NL", f"{self.rng.choice(_NL_BANKS)}{self.rng.randrange(10**10):010d}")
            if std_iban.is_valid(number):
                return number

    @staticmethod
    def _iban(country: str, bban: str) -> str:
        digits = "".join(str(int(c, 36)) for c in bban + country + "00")
        return f"{country}{98 - int(digits) % 97:02d}{bban}"

    def iban_notation(self, number: str, style: str) -> str:
        grouped = notation(number, (4, 4, 4, 4, 4, 4, 4), " ")
        return {
            "compact": number,
            "grouped": grouped,
            "cc_space": number[:2] + " " + notation(number[2:], (2, 4, 4, 4, 4, 4), " "),
            "lower": grouped.lower(),
            "dashed": notation(number, (4, 4, 4, 4, 4, 4, 4), "-"),
        }[style]

    # -- Dutch identifiers ---------------------------------------------------------------------------
    def bsn(self) -> str:
        while True:
            head = f"{self.rng.randint(1, 9)}{self.rng.randrange(10**7):07d}"
            check = sum(int(d) * (9 - i) for i, d in enumerate(head)) % 11
            if check < 10 and std_bsn.is_valid(head + str(check)):
                return head + str(check)

    def nl_btw(self) -> str:
        while True:
            number = f"NL{self.bsn()}B{self.rng.choice(('01', '01', '02', '03'))}"
            if std_btw.is_valid(number):
                return number

    def nl_document(self) -> str:
        """Dutch passport / identity card number: 9 characters, letters (no O) and digits, the last a
        digit, first two letters (the shape the Rijksdienst voor Identiteitsgegevens publishes)."""
        letters = string.ascii_uppercase.replace("O", "")
        body = "".join(self.rng.choice(letters + string.digits) for _ in range(6))
        return f"{self.rng.choice(letters)}{self.rng.choice(letters)}{body}{self.rng.randint(0, 9)}"

    # -- vocabularies --------------------------------------------------------------------------------
    def date_text(self, d: date, fmt: str) -> str:
        return d.strftime(fmt)

    def money(self, low: float, high: float, comma: bool) -> str:
        v = f"{self.rng.uniform(low, high):.2f}"
        return v.replace(".", ",") if comma else v

    def icd10(self) -> str:
        letter = self.rng.choice("ABCDEFGIJKLMNMFSTZ")
        code = f"{letter}{self.rng.randint(0, 99):02d}"
        return code + (f".{self.rng.randint(0, 9)}" if self.rng.random() < 0.7 else "")

    def pick(self, seq: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(list(seq))
