"""The column concepts of benchmarks/gen_registers.py: category, subject, header names and values.

Header names are this generator's own (abbreviated, dotted, bilingual), deliberately not the column
names of examples/ or of the shared development data, so a score on generated registers measures how
well discovery generalises rather than how well it remembers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _register_values import Person, Values

__all__ = ["Concept", "CONCEPTS", "Ctx"]


@dataclass
class Ctx:
    """Per-register choices: notations and codes a register uses throughout."""

    lang: str  # nl / fr / mix
    date_fmt: str
    iban_styles: tuple[str, ...]
    nn_style: str
    gender_codes: dict[str, str]  # sex -> code
    comma: bool
    extra: dict[str, Any] = field(default_factory=dict)


Gen = Callable[[Values, Person, Ctx], object]


@dataclass(frozen=True)
class Concept:
    category: str
    names: dict[str, tuple[str, ...]]  # nl / fr / en -> header names
    terse: tuple[str, ...]  # 2-4 letter database names
    value: Gen
    subject: str = "person"


def _lang_word(p: Person, ctx: Ctx, nl: tuple[str, ...], fr: tuple[str, ...], v: Values) -> str:
    return v.pick(fr if (p.lang == "fr" if ctx.lang == "mix" else ctx.lang == "fr") else nl)


_CIVIL_NL = (
    "gehuwd",
    "ongehuwd",
    "gescheiden",
    "weduwe",
    "weduwnaar",
    "wettelijk samenwonend",
    "feitelijk gescheiden",
    "alleenstaand",
)
_CIVIL_FR = (
    "marié",
    "mariée",
    "célibataire",
    "divorcé",
    "divorcée",
    "veuf",
    "veuve",
    "cohabitant légal",
    "séparé de fait",
)
_UNION_NL = ("ACV", "ABVV", "ACLVB", "ACV Puls", "ABVV-BBTK", "geen")
_UNION_FR = ("CSC", "FGTB", "CGSLB", "CNE", "SETCa", "aucun")
_MUTUAL = (
    "CM",
    "Solidaris",
    "Helan",
    "Partena",
    "Vivalto",
    "LM",
    "Mutualité chrétienne",
    "Mutualités Libres",
    "HZIV",
    "CAAMI",
    "Neutrale Ziekenfondsen",
)
_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "september", "oktober", "november")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre")
_HEALTH_NL = (
    "Arbeidsongeschikt sinds {m} {y}, erkend voor {pct}%.",
    "Langdurig ziek (burn-out), re-integratietraject loopt.",
    "Invaliditeit erkend door het RIZIV: {pct}% ongeschikt.",
    "Verhoogde kinderbijslag voor een kind met een aandoening ({pct}%).",
    "Na een rugoperatie deeltijds hervat op medisch advies.",
    "Ziekteverlof tot eind {m}, attest van de huisarts ontvangen.",
)
_HEALTH_FR = (
    "En incapacité de travail depuis {m} {y} ({pct} %).",
    "Invalidité reconnue par l'INAMI, taux de {pct} %.",
    "Supplément pour un enfant atteint d'une affection ({pct} %).",
    "Reprise à mi-temps médical après une opération du dos.",
    "Malade de longue durée, certificat médical reçu en {m}.",
)
_PLAIN_NL = (
    "Adreswijziging doorgegeven.",
    "Betaalt per domiciliëring.",
    "Nieuwe rekening vanaf januari.",
    "Documenten nog niet terugbezorgd.",
    "Wil de nieuwsbrief niet meer.",
)
_PLAIN_FR = (
    "Changement d'adresse communiqué.",
    "Paie par domiciliation.",
    "Nouveau compte dès janvier.",
    "Documents pas encore renvoyés.",
    "Ne souhaite plus la lettre d'information.",
)
_JOBS = (
    "boekhouder",
    "verpleegkundige",
    "magazijnier",
    "comptable",
    "infirmière",
    "chauffeur",
    "IT-analist",
    "onthaalmedewerker",
    "technicien",
    "juriste",
    "administratief bediende",
    "employée administrative",
)
_DEPTS = ("Boekhouding", "Logistiek", "ICT", "Comptabilité", "Ressources humaines", "Onthaal", "Productie")
_TOPICS = (
    "Printer op verdieping 2 werkt niet",
    "VPN valt telkens weg",
    "Nouvel écran demandé",
    "Licentie Office verlopen",
    "Accès au dossier partagé",
    "Laptop start niet op",
    "Mot de passe expiré",
    "Trage wifi in vergaderzaal",
    "Imprimante bloquée",
    "Update van de boekhoudsoftware",
)
_PROG = ("Python", "Java", "COBOL", "C#", "JavaScript", "SQL", "Go", "PHP", "TypeScript", "Kotlin")
_NATION = ("BE", "Belg", "Belge", "NL", "Nederlandse", "Française", "Marokkaanse", "Italienne", "TR", "PL")


def _remark(v: Values, p: Person, ctx: Ctx) -> str:
    fr = p.lang == "fr" if ctx.lang == "mix" else ctx.lang == "fr"
    r = v.rng.random()
    if r < 0.2:
        return ""
    if r < 0.7:
        tmpl = v.pick(_HEALTH_FR if fr else _HEALTH_NL)
        return tmpl.format(
            m=v.pick(_MONTHS_FR if fr else _MONTHS_NL),
            y=v.rng.randint(2019, 2025),
            pct=v.pick(("33", "50", "66", "67", "100")),
        )
    return v.pick(_PLAIN_FR if fr else _PLAIN_NL)


def _pct(v: Values, p: Person, ctx: Ctx) -> str:
    n = v.pick(("0", "0", "15", "33", "50", "66", "66", "67", "100"))
    return v.pick((f"{n}%", f"{n} %", n))


def _lang_code(v: Values, p: Person, ctx: Ctx) -> str:
    style = ctx.extra.setdefault("lang_style", v.pick(("NL/FR", "nl/fr", "N/F", "word")))
    lang = p.lang if v.rng.random() > 0.03 else "de"
    if style == "word":
        return {"nl": "Nederlands", "fr": "Français", "de": "Deutsch"}[lang]
    if style == "N/F":
        return lang[0].upper()
    return lang.upper() if style == "NL/FR" else lang


def _iban(v: Values, p: Person, ctx: Ctx) -> str:
    number = v.nl_iban() if p.country == "NL" else v.be_iban()
    return v.iban_notation(number, v.pick(ctx.iban_styles))


def _name(v: Values, p: Person, ctx: Ctx) -> str:
    other = v.person(p.country, p.lang)
    return f"{other.first} {p.last if v.rng.random() < 0.3 else other.last}"


def _date(attr: Callable[[Person], Any]) -> Gen:
    return lambda v, p, ctx: attr(p).strftime(ctx.date_fmt)


def _ticket_date(v: Values, p: Person, ctx: Ctx) -> str:
    day = f"2025-{v.rng.randint(1, 12):02d}-{v.rng.randint(1, 28):02d}"
    return f"{day} {v.rng.randint(7, 18):02d}:{v.rng.randint(0, 59):02d}"


def _since(v: Values, p: Person, ctx: Ctx) -> str:
    from datetime import date

    return date(v.rng.randint(1995, 2025), v.rng.randint(1, 12), v.rng.randint(1, 28)).strftime(ctx.date_fmt)


def _child(v: Values, p: Person, ctx: Ctx) -> Person:
    kid = ctx.extra.get("kid")
    if kid is None or ctx.extra.get("kid_of") is not p:
        kid = v.person(p.country, p.lang, born=(2006, 2024))
        ctx.extra["kid"], ctx.extra["kid_of"] = kid, p
    return kid


CONCEPTS: dict[str, Concept] = {
    # identification
    "last": Concept(
        "identification",
        {
            "nl": ("Familienaam", "Achternaam", "Naam lid", "Fam.naam"),
            "fr": ("Nom de famille", "Nom du membre", "Nom fam."),
            "en": ("Family name", "Last nm"),
        },
        ("nm", "anm", "fnm", "nmf"),
        lambda v, p, c: p.last,
    ),
    "first": Concept(
        "identification",
        {
            "nl": ("Voornamen", "Roepnaam", "Vnaam"),
            "fr": ("Prén.", "Prénoms"),
            "en": ("Given nm", "Forename"),
        },
        ("vnm", "vn", "pnm", "prn"),
        lambda v, p, c: p.first,
    ),
    "birth": Concept(
        "identification",
        {
            "nl": ("Geb. datum", "Gebdat", "Geb.dat.", "Geboren op", "Geboortedat"),
            "fr": ("Date naiss.", "Né(e) le", "Dt naiss", "Date de naiss."),
            "en": ("DOB", "D.o.b.", "Born on"),
        },
        ("gbdt", "gbd", "dtn", "dob"),
        _date(lambda p: p.birth),
    ),
    "birthplace": Concept(
        "identification",
        {
            "nl": ("Geboorteplaats", "Geb. plaats"),
            "fr": ("Lieu de naissance", "Lieu naiss."),
            "en": ("Place of birth",),
        },
        ("gbpl", "lnai"),
        lambda v, p, c: v.person(p.country, p.lang).city,
    ),
    "gender": Concept(
        "identification",
        {"nl": ("Geslacht", "Gesl."), "fr": ("Sexe",), "en": ("Sex",)},
        ("gsl", "sx", "sexe"),
        lambda v, p, c: c.gender_codes[p.sex],
    ),
    "language": Concept(
        "identification",
        {
            "nl": ("Taalvoorkeur", "Correspondentietaal", "Taalrol", "Taal"),
            "fr": ("Langue", "Langue de corresp.", "Rôle linguistique"),
            "en": ("Preferred language", "Lang."),
        },
        ("tl", "lng", "tlvk"),
        _lang_code,
    ),
    "nationality": Concept(
        "identification",
        {"nl": ("Nationaliteit",), "fr": ("Nationalité",), "en": ("Citizenship",)},
        ("nat", "ntl"),
        lambda v, p, c: v.pick(_NATION),
    ),
    "nn": Concept(
        "identification",
        {
            "nl": ("RR-nummer", "Rijksregisternr.", "INSZ", "Rijksreg. nr"),
            "fr": ("NISS", "N° registre national", "No national"),
            "en": ("National reg. no", "SSIN"),
        },
        ("rrn", "insz", "niss"),
        lambda v, p, c: v.nn_notation(v.national_number(p, bis=v.rng.random() < 0.05), c.nn_style),
    ),
    "eid": Concept(
        "identification",
        {
            "nl": ("Kaartnr. eID", "Nr. identiteitskaart", "eID-kaartnr"),
            "fr": ("N° carte d'identité", "Numéro carte eID"),
            "en": ("ID card no",),
        },
        ("eid", "idk", "cid"),
        lambda v, p, c: (lambda n: v.pick((n, f"{n[:3]}-{n[3:10]}-{n[10:]}")))(v.eid_card()),
    ),
    "bsn": Concept(
        "identification",
        {"nl": ("BSN", "Burgerservicenr", "Sofi-nr"), "fr": ("BSN",), "en": ("BSN",)},
        ("bsn", "bsnr"),
        lambda v, p, c: (lambda n: v.pick((n, f"{n[:4]}.{n[4:6]}.{n[6:]}")))(v.bsn()),
    ),
    "nl_doc": Concept(
        "identification",
        {
            "nl": ("Documentnr. ID-bewijs", "Paspoortnr", "Nr. identiteitsbewijs"),
            "fr": ("N° passeport",),
            "en": ("Passport no",),
        },
        ("docn", "psp"),
        lambda v, p, c: v.nl_document(),
    ),
    "nl_btw": Concept(
        "identification",
        {"nl": ("BTW-id", "Btw-identificatienr"), "fr": ("N° TVA",), "en": ("VAT id",)},
        ("btw", "btwi"),
        lambda v, p, c: (lambda n: v.pick((n, n.lower(), f"{n[:2]} {n[2:11]} {n[11:]}")))(v.nl_btw()),
    ),
    "kbo": Concept(
        "identification",
        {"nl": ("Ondernemingsnr", "KBO-nr"), "fr": ("N° d'entreprise", "N° BCE"), "en": ("Company reg. no",)},
        ("kbo", "bce", "ond"),
        lambda v, p, c: (lambda n: v.pick((n, f"{n[:4]}.{n[4:7]}.{n[7:]}", f"BE {n}")))(v.be_enterprise()),
        subject="organisation",
    ),
    # contact
    "street": Concept(
        "contact",
        {
            "nl": ("Straat + nr", "Adres (straat)", "Woonadres"),
            "fr": ("Rue et numéro", "Adresse domicile"),
            "en": ("Street line",),
        },
        ("str", "adr"),
        lambda v, p, c: p.street,
    ),
    "postcode": Concept(
        "contact",
        {"nl": ("Postnr", "Postcode woonpl."), "fr": ("Code postal", "CP"), "en": ("Zip",)},
        ("pc", "cp", "pstc"),
        lambda v, p, c: p.postcode,
    ),
    "city": Concept(
        "contact",
        {"nl": ("Woonplaats", "Gemeente lid"), "fr": ("Localité", "Commune"), "en": ("Town",)},
        ("gem", "wpl", "loc"),
        lambda v, p, c: p.city,
    ),
    "phone": Concept(
        "contact",
        {
            "nl": ("Tel.", "GSM-nr", "Telefoonnr", "Gsm-nummer"),
            "fr": ("Tél.", "N° GSM", "N° de téléphone"),
            "en": ("Mobile", "Tel no"),
        },
        ("tel", "gsmn"),
        lambda v, p, c: p.phone,
    ),
    "email": Concept(
        "contact",
        {
            "nl": ("E-mailadres", "Mailadres", "E-post"),
            "fr": ("Courriel", "Adresse e-mail"),
            "en": ("Mail", "E-mail addr"),
        },
        ("eml", "mail"),
        lambda v, p, c: p.email,
    ),
    # family
    "civil": Concept(
        "family",
        {
            "nl": ("Burgerl. staat", "Burg. staat", "Gezinstoestand"),
            "fr": ("État civil", "Etat civ."),
            "en": ("Marital status",),
        },
        ("bst", "etc", "ecv"),
        lambda v, p, c: _lang_word(p, c, _CIVIL_NL, _CIVIL_FR, v),
    ),
    "dependants": Concept(
        "family",
        {
            "nl": ("Kinderen ten laste", "Kind. t.l.", "Pers. ten laste"),
            "fr": ("Enfants à charge", "Nb enfants à ch."),
            "en": ("Dependants",),
        },
        ("kntl", "enf", "ptl"),
        lambda v, p, c: v.pick(("0", "0", "1", "2", "2", "3", "4")),
    ),
    "partner": Concept(
        "family",
        {"nl": ("Naam partner", "Echtgeno(o)t(e)"), "fr": ("Nom du conjoint", "Conjoint"), "en": ("Spouse",)},
        ("prt", "conj"),
        lambda v, p, c: "" if v.rng.random() < 0.25 else _name(v, p, c),
    ),
    "child_first": Concept(
        "family",
        {"nl": ("Voornaam kind", "Kind"), "fr": ("Prénom enfant", "Enfant"), "en": ("Child",)},
        ("knd", "enft"),
        lambda v, p, c: _child(v, p, c).first,
    ),
    "child_birth": Concept(
        "family",
        {"nl": ("Geb.dat. kind", "Kind geboren"), "fr": ("Date naiss. enfant",), "en": ("Child DOB",)},
        ("kgbd", "dnen"),
        lambda v, p, c: _child(v, p, c).birth.strftime(c.date_fmt),
    ),
    # sensitive
    "union": Concept(
        "sensitive",
        {"nl": ("Vakbond", "Syndicaat"), "fr": ("Syndicat", "Affiliation synd."), "en": ("Union",)},
        ("vkb", "synd"),
        lambda v, p, c: _lang_word(p, c, _UNION_NL, _UNION_FR, v),
    ),
    "incapacity": Concept(
        "sensitive",
        {
            "nl": ("% arbeidsongeschiktheid", "Ongeschiktheidsgraad", "Graad invaliditeit"),
            "fr": ("Taux d'incapacité", "% incapacité"),
            "en": ("Disability %",),
        },
        ("aog", "inc", "invl"),
        _pct,
    ),
    "remarks": Concept(
        "sensitive",
        {
            "nl": ("Opmerkingen", "Bemerking", "Nota dossier"),
            "fr": ("Remarques", "Commentaire"),
            "en": ("Remarks",),
        },
        ("opm", "rem", "cmt"),
        _remark,
    ),
    "icd10": Concept(
        "sensitive",
        {
            "nl": ("Diagnosecode", "ICD-10", "Code ziekte"),
            "fr": ("Code diagnostic", "CIM-10"),
            "en": ("Diagnosis code",),
        },
        ("diag", "icd"),
        lambda v, p, c: v.icd10(),
    ),
    "mutual": Concept(
        "sensitive",
        {"nl": ("Ziekenfonds", "Mutualiteit"), "fr": ("Mutualité", "Mutuelle"), "en": ("Health insurer",)},
        ("mut", "zf"),
        lambda v, p, c: v.pick(_MUTUAL),
    ),
    # financial
    "iban": Concept(
        "financial",
        {
            "nl": ("Rekeningnr", "Bankrekening", "IBAN-nummer", "Rek.nr."),
            "fr": ("N° de compte", "Compte bancaire", "IBAN bénéf."),
            "en": ("Bank acct",),
        },
        ("rek", "ibn", "cpt"),
        _iban,
    ),
    "amount": Concept(
        "financial",
        {
            "nl": ("Bijdrage", "Bruto/maand", "Bedrag uitbetaald", "Maandloon"),
            "fr": ("Cotisation", "Salaire brut", "Montant versé"),
            "en": ("Gross pay", "Fee paid"),
        },
        ("bdr", "mnt", "sal", "lnb"),
        lambda v, p, c: v.money(20, 4200, c.comma),
    ),
    # connection
    "username": Concept(
        "connection",
        {"nl": ("Gebruikersnaam", "Login"), "fr": ("Identifiant", "Nom d'utilisateur"), "en": ("User id",)},
        ("usr", "lgn"),
        lambda v, p, c: v.ascii(f"{p.first[0]}{p.last}".lower().replace(" ", ""))[:12],
    ),
    "ip": Concept(
        "connection",
        {"nl": ("IP-adres", "Laatste IP"), "fr": ("Adresse IP",), "en": ("Last IP",)},
        ("ip", "ipa"),
        lambda v, p, c: (
            f"{v.pick(('81', '84', '91', '109', '178', '193'))}.{v.rng.randint(0, 255)}."
            f"{v.rng.randint(0, 255)}.{v.rng.randint(1, 254)}"
        ),
    ),
    # none: keys, admin fields and decoys
    "rec": Concept(
        "none",
        {
            "nl": ("Dossiernr", "Volgnr", "Lidnr", "Personeelsnr"),
            "fr": ("N° dossier", "N° membre", "Matricule"),
            "en": ("Rec id",),
        },
        ("rid", "nr", "num"),
        lambda v, p, c: str(c.extra.setdefault("seq", iter(range(1001, 10**7))).__next__()),
    ),
    "since": Concept(
        "none",
        {
            "nl": ("Lid vanaf", "In dienst sinds", "Startdatum"),
            "fr": ("Date d'entrée", "Membre depuis"),
            "en": ("Start dt",),
        },
        ("indt", "dten", "strt"),
        _since,
    ),
    "paydate": Concept(
        "none",
        {"nl": ("Betaaldatum", "Uitbetaald op"), "fr": ("Date de paiement", "Payé le"), "en": ("Paid dt",)},
        ("btdt", "dtpm"),
        _since,
    ),
    "job": Concept(
        "none",
        {"nl": ("Functietitel", "Job"), "fr": ("Fonction", "Poste"), "en": ("Job title",)},
        ("fnc", "fct"),
        lambda v, p, c: v.pick(_JOBS),
    ),
    "dept": Concept(
        "none",
        {"nl": ("Afdeling", "Dienst"), "fr": ("Service", "Département"), "en": ("Dept",)},
        ("afd", "dpt"),
        lambda v, p, c: v.pick(_DEPTS),
    ),
    "status_mv": Concept(
        "none",
        {"nl": ("Status", "Stat."), "fr": ("Statut",), "en": ("Status",)},
        ("stat", "sts"),
        lambda v, p, c: v.pick(("M", "M", "V", "V", "A")),
    ),
    "prog": Concept(
        "none",
        {"nl": ("Taal", "Programmeertaal"), "fr": ("Langage",), "en": ("Prog. language",)},
        ("taal", "tl", "lang"),
        lambda v, p, c: v.pick(_PROG),
    ),
    "product": Concept(
        "none",
        {
            "nl": ("Artikelcode", "Productcode", "Ref. artikel"),
            "fr": ("Code article", "Réf. produit"),
            "en": ("SKU",),
        },
        ("art", "prd", "sku"),
        lambda v, p, c: v.icd10(),
    ),
    "prio": Concept(
        "none",
        {"nl": ("Prioriteit",), "fr": ("Priorité",), "en": ("Priority",)},
        ("prio", "prt"),
        lambda v, p, c: v.pick(("hoog", "normaal", "laag", "P1", "P2", "P3")),
    ),
    "topic": Concept(
        "none",
        {"nl": ("Onderwerp",), "fr": ("Objet",), "en": ("Subject line",)},
        ("ondw", "obj"),
        lambda v, p, c: v.pick(_TOPICS),
    ),
    "created": Concept(
        "none",
        {"nl": ("Aangemaakt op",), "fr": ("Créé le",), "en": ("Created",)},
        ("crdt", "ts"),
        _ticket_date,
    ),
    "hours": Concept(
        "none",
        {"nl": ("Uren",), "fr": ("Heures",), "en": ("Hours",)},
        ("uren", "hrs"),
        lambda v, p, c: str(v.rng.randint(1, 16) / 2).replace(".", "," if c.comma else "."),
    ),
    "company": Concept(
        "none",
        {"nl": ("Bedrijfsnaam",), "fr": ("Raison sociale",), "en": ("Company",)},
        ("bdrf", "rsoc"),
        lambda v, p, c: f"{p.last} {v.pick(('BV', 'NV', 'SRL', 'SA', 'bvba', 'CommV'))}",
        subject="organisation",
    ),
}
