"""More concepts for benchmarks/gen_registers.py: pupils' registers (philosophy course, household,
parents, photos, medical notes), web-shop sessions (session and cookie ids, devices, user agents,
cards) and volunteers (criminal-record extracts, party, origin). Kept apart from _register_concepts.py
for size; the registers that use them come after the first ones, so earlier files keep their bytes."""

from __future__ import annotations

from _register_concepts import Concept, Ctx, _lang_word, _name
from _register_values import Person, Values
from stdnum import luhn

__all__ = ["MORE_CONCEPTS"]

_COURSE_NL = (
    "katholieke godsdienst",
    "islamitische godsdienst",
    "niet-confessionele zedenleer",
    "protestantse godsdienst",
    "orthodoxe godsdienst",
    "israëlitische godsdienst",
)
_COURSE_FR = (
    "religion catholique",
    "religion islamique",
    "morale non confessionnelle",
    "religion protestante",
    "religion orthodoxe",
    "philosophie et citoyenneté",
)
_HOUSE_NL = (
    "2 ouders, 2 kinderen",
    "eenoudergezin (moeder)",
    "eenoudergezin (vader)",
    "nieuw samengesteld gezin",
    "co-ouderschap",
    "grootouders",
    "pleeggezin",
)
_HOUSE_FR = (
    "2 parents, 3 enfants",
    "famille monoparentale (mère)",
    "famille recomposée",
    "garde alternée",
    "grands-parents",
    "famille d'accueil",
)
_MEDICAL_NL = (
    "astma",
    "diabetes type 1",
    "notenallergie",
    "epilepsie",
    "ADHD, medicatie op school",
    "",
    "",
    "",
)
_MEDICAL_FR = ("asthme", "diabète de type 1", "allergie aux arachides", "épilepsie", "TDAH", "", "", "")
_RECORD_NL = (
    "blanco",
    "blanco",
    "blanco",
    "veroordeling 2019: verkeersovertreding",
    "model 2 aangevraagd",
    "veroordeling 2016: diefstal",
)
_RECORD_FR = ("vierge", "vierge", "vierge", "condamnation 2018 : coups et blessures", "modèle 2 demandé")
_PARTY = (
    "N-VA",
    "Vooruit",
    "CD&V",
    "Open VLD",
    "Groen",
    "PVDA",
    "Vlaams Belang",
    "PS",
    "MR",
    "Ecolo",
    "Les Engagés",
    "PTB",
    "DéFI",
)
_ORIGIN = (
    "Belgisch",
    "Marokkaans",
    "Turks",
    "Congolees",
    "Italiaans",
    "belge",
    "marocaine",
    "congolaise",
    "Roma",
    "Pools",
)
_DEVICES = (
    "iPhone 14",
    "Samsung Galaxy S23",
    "iPad Air",
    "Windows 11 laptop",
    "MacBook Pro",
    "Pixel 8",
    "Android tablet",
)
_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15",
)


def _hex(v: Values, n: int) -> str:
    return "".join(v.rng.choice("0123456789abcdef") for _ in range(n))


def _photo(v: Values, p: Person, c: Ctx) -> bytes:
    # a PNG signature and a few hundred random bytes: what a pasted passport photo looks like to a scanner
    return b"\x89PNG\r\n\x1a\n" + bytes(v.rng.randrange(256) for _ in range(v.rng.randint(200, 400)))


def _card(v: Values, p: Person, c: Ctx) -> str:
    head = v.pick(("4", "51", "53", "6703")) + "".join(str(v.rng.randint(0, 9)) for _ in range(10))
    head = head[:15].ljust(15, "0")
    number = head + luhn.calc_check_digit(head)
    style = c.extra.setdefault("card_style", v.pick(("compact", "spaced", "dashed")))
    groups = [number[i : i + 4] for i in range(0, 16, 4)]
    return number if style == "compact" else (" " if style == "spaced" else "-").join(groups)


MORE_CONCEPTS: dict[str, Concept] = {
    "course": Concept(
        "sensitive",
        {
            "nl": ("Levensbeschouwing", "Keuzevak LB"),
            "fr": ("Cours philosophique", "Cours de religion"),
            "en": ("Religion class",),
        },
        ("lvb", "crel"),
        lambda v, p, c: _lang_word(p, c, _COURSE_NL, _COURSE_FR, v),
    ),
    "household": Concept(
        "family",
        {
            "nl": ("Gezinssituatie", "Samenstelling gezin"),
            "fr": ("Situation familiale", "Composition ménage"),
            "en": ("Household",),
        },
        ("gzs", "menf"),
        lambda v, p, c: _lang_word(p, c, _HOUSE_NL, _HOUSE_FR, v),
    ),
    "parent": Concept(
        "family",
        {
            "nl": ("Naam ouder", "Ouder/voogd"),
            "fr": ("Nom du parent", "Responsable légal"),
            "en": ("Guardian",),
        },
        ("oudr", "prnt"),
        _name,
    ),
    "parent_phone": Concept(
        "contact",
        {"nl": ("Tel. ouder", "GSM ouder"), "fr": ("Tél. parent",), "en": ("Guardian phone",)},
        ("tlo", "gsmo"),
        lambda v, p, c: v.phone_be(),
    ),
    "photo": Concept(
        "identification",
        {"nl": ("Pasfoto", "Foto leerling"), "fr": ("Photo élève",), "en": ("Picture",)},
        ("pft", "img"),
        _photo,
    ),
    "medical": Concept(
        "sensitive",
        {
            "nl": ("Medische info", "Aandachtspunten gezondheid"),
            "fr": ("Infos médicales", "Santé"),
            "en": ("Medical notes",),
        },
        ("med", "gznd"),
        lambda v, p, c: _lang_word(p, c, _MEDICAL_NL, _MEDICAL_FR, v),
    ),
    "session": Concept(
        "connection",
        {"nl": ("Sessie-id", "Sessiesleutel"), "fr": ("ID de session",), "en": ("Session token",)},
        ("sid", "sess"),
        lambda v, p, c: _hex(v, 32),
    ),
    "cookie": Concept(
        "connection",
        {"nl": ("Cookie-id", "Bezoekers-cookie"), "fr": ("Identifiant cookie",), "en": ("Cookie id",)},
        ("cki", "cook"),
        lambda v, p, c: (
            f"GA1.2.{v.rng.randint(10**8, 10**9 - 1)}.{v.rng.randint(1_600_000_000, 1_760_000_000)}"
        ),
    ),
    "device": Concept(
        "connection",
        {"nl": ("Toestel", "Apparaat"), "fr": ("Appareil",), "en": ("Device",)},
        ("dev", "tstl"),
        lambda v, p, c: f"{v.pick(_DEVICES)} ({_hex(v, 8).upper()})",
    ),
    "agent": Concept(
        "connection",
        {"nl": ("Browser (user agent)",), "fr": ("Navigateur",), "en": ("User agent",)},
        ("ua", "brws"),
        lambda v, p, c: v.pick(_AGENTS),
    ),
    "card": Concept(
        "financial",
        {"nl": ("Kaartnr. betaling", "Betaalkaart"), "fr": ("Carte de paiement",), "en": ("Card used",)},
        ("kaa", "crd"),
        _card,
    ),
    "record": Concept(
        "sensitive",
        {
            "nl": ("Uittreksel strafregister", "Strafregister"),
            "fr": ("Extrait casier judiciaire", "Casier"),
            "en": ("Criminal record",),
        },
        ("strf", "csj"),
        lambda v, p, c: _lang_word(p, c, _RECORD_NL, _RECORD_FR, v),
    ),
    "party": Concept(
        "sensitive",
        {
            "nl": ("Partijlidmaatschap", "Politieke partij"),
            "fr": ("Parti politique", "Affiliation parti"),
            "en": ("Party",),
        },
        ("ptij", "pol"),
        lambda v, p, c: v.pick(_PARTY),
    ),
    "origin": Concept(
        "sensitive",
        {"nl": ("Afkomst", "Etnische herkomst"), "fr": ("Origine ethnique",), "en": ("Ethnic origin",)},
        ("afk", "orig"),
        lambda v, p, c: v.pick(_ORIGIN),
    ),
    "order": Concept(
        "none",
        {"nl": ("Bestelnr", "Ordernummer"), "fr": ("N° commande",), "en": ("Order no",)},
        ("bstl", "ord"),
        lambda v, p, c: f"{c.extra.setdefault('order', iter(range(500001, 10**7))).__next__()}",
    ),
    "shift": Concept(
        "none",
        {"nl": ("Shift", "Beschikbaarheid"), "fr": ("Disponibilité",), "en": ("Availability",)},
        ("shft", "dsp"),
        lambda v, p, c: v.pick(("ma-vm", "di-nm", "wo", "za", "zo-vm", "lun", "mer-am", "sam")),
    ),
}
