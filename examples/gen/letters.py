"""Four letters (two Dutch, two French) with planted identifiers, health and family mentions, and in
one Dutch letter two decoys: a national-number-shaped and an IBAN-shaped value with wrong checksums."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.be import nn as be_nn

from .ids import enterprise_notation, format_phone, group4
from .markup import long_date, render
from .people import Person


@dataclass
class Org:
    name_nl: str
    name_fr: str
    street_nl: str
    street_fr: str
    postcode: str
    city_nl: str
    city_fr: str
    enterprise: str
    phone_nsn: str
    email: str


def _d(day: dt.date, lang: str, kind: str = "DATE_TIME") -> str:
    return f"[[{kind}|{long_date(day, lang)}]]"


def letter_nl_complaint(org: Org, p: Person, contract_start: dt.date, amount: float, sent: dt.date) -> str:
    bedrag = f"{amount:.2f}".replace(".", ",")
    zij = "Mijn dochter" if p.male else "Mijn zoon"
    return f"""[[PERSON|{p.full_name}]]
[[STREET_ADDRESS|{p.street} {p.house_number}
{p.postcode} {p.city}]]

{org.name_nl}
Klantendienst
[[STREET_ADDRESS|{org.street_nl}
{org.postcode} {org.city_nl}]]

{p.city}, {_d(sent, "nl")}

Betreft: dubbele aanrekening van mijn onderhoudscontract (klantnummer {p.pid})

Geachte heer, mevrouw,

Op {_d(contract_start, "nl")} heb ik bij u een onderhoudscontract voor mijn verwarmingsketel afgesloten.
Tot nu toe verliep alles vlot, maar op mijn rekeninguittreksel van oktober zie ik dat u het jaarbedrag
van € {bedrag} twee keer hebt gedomicilieerd op mijn rekening [[IBAN_CODE|{group4(p.iban)}]].

Ik vraag u vriendelijk het te veel betaalde bedrag terug te storten op hetzelfde rekeningnummer. Ter
identificatie: mijn rijksregisternummer is [[BE_NATIONAL_NUMBER|{be_nn.format(p.national_number)}]].

Ik had u graag eerder gecontacteerd, maar ik ben sinds eind september [[HEALTH|ziek]] en heb twee weken
in het [[HEALTH|ziekenhuis]] gelegen na een [[HEALTH|hartoperatie]].
[[FAMILY_RELATION|{zij}]] helpt mij momenteel met mijn administratie.

U kunt mij bereiken op [[PHONE_NUMBER|{format_phone(p.phone_nsn, "slash")}]] of via
[[EMAIL_ADDRESS|{p.email}]].
Mijn adres blijft ongewijzigd: [[STREET_ADDRESS|{p.street} {p.house_number}, {p.postcode} {p.city}]].

Met vriendelijke groeten,

[[PERSON|{p.full_name}]]
"""


def letter_nl_reply(
    org: Org, p: Person, agent: Person, asked: dt.date, sent: dt.date, decoy_nn: str, decoy_iban: str
) -> str:
    aanspreking = "heer" if p.male else "mevrouw"
    return f"""# {org.name_nl} – Klantendienst

[[STREET_ADDRESS|{org.street_nl}, {org.postcode} {org.city_nl}]] · ondernemingsnummer \
[[BE_ENTERPRISE_NUMBER|{enterprise_notation(org.enterprise, "be_dots")}]] · \
tel. [[PHONE_NUMBER|{format_phone(org.phone_nsn, "slash")}]] · [[EMAIL_ADDRESS|{org.email}]]

{org.city_nl}, {_d(sent, "nl")}

Aan [[PERSON|{p.full_name}]]
[[STREET_ADDRESS|{p.street} {p.house_number}, {p.postcode} {p.city}]]

**Betreft:** uw vraag van {_d(asked, "nl")} over de terugbetaling van uw voorschot

Beste {aanspreking} [[PERSON|{p.last_name}]],

Hartelijk dank voor uw bericht. Wij hebben uw dossier nagekeken en willen u graag verder helpen.

- In uw e-mail vermeldde u als rijksregisternummer [[DECOY:BE_NATIONAL_NUMBER|{be_nn.format(decoy_nn)}]].
  Dit nummer is niet geldig: de controlecijfers kloppen niet. Wilt u het nog eens nakijken op de
  achterkant van uw identiteitskaart?
- Onze terugbetaling naar het rekeningnummer [[DECOY:IBAN_CODE|{group4(decoy_iban)}]] werd door de bank
  geweigerd omdat dit nummer niet bestaat. Vermoedelijk is er een tikfout gebeurd.

Zodra wij de juiste gegevens ontvangen, storten wij het bedrag binnen tien werkdagen terug.

Met vriendelijke groeten,

[[PERSON|{agent.full_name}]]
Klantendienst {org.name_nl}
"""


def letter_fr_access(org: Org, p: Person, customer_since: dt.date, sent: dt.date) -> str:
    return f"""[[PERSON|{p.full_name}]]
[[STREET_ADDRESS|{p.street} {p.house_number}
{p.postcode} {p.city}]]
Tél. : [[PHONE_NUMBER|{format_phone(p.phone_nsn, "0032")}]]
Courriel : [[EMAIL_ADDRESS|{p.email}]]

{org.name_fr}
Service clientèle – délégué à la protection des données
[[STREET_ADDRESS|{org.street_fr}, {org.postcode} {org.city_fr}]]

{p.city}, le {_d(sent, "fr")}

Objet : demande d'accès à mes données personnelles (article 15 du RGPD)

Madame, Monsieur,

Cliente chez vous depuis le {_d(customer_since, "fr")}, je souhaite exercer mon droit d'accès et recevoir une
copie de toutes les données que vous conservez à mon sujet, ainsi que les finalités du traitement, les
destinataires et la durée de conservation.

Afin de faciliter vos recherches, voici mes données d'identification : je suis née le
{_d(p.birth_date, "fr", "DATE_OF_BIRTH")}, mon numéro de registre national est le
[[BE_NATIONAL_NUMBER|{be_nn.format(p.national_number)}]] et mes paiements sont effectués depuis le compte
[[IBAN_CODE|{group4(p.iban)}]].

En novembre, j'ai informé votre service technique que j'étais [[HEALTH|hospitalisée]] et que je suis
[[HEALTH|diabétique]]. Je souhaite savoir si ces informations relatives à ma santé figurent dans vos
fichiers et qui y a accès.

Je vous remercie de me répondre dans le délai d'un mois prévu par le règlement, de préférence par courriel.

Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

[[PERSON|{p.full_name}]]
"""


def letter_fr_termination(
    org: Org, p: Person, company: str, enterprise: str, end: dt.date, sent: dt.date
) -> str:
    spouse = "mon épouse" if p.male else "mon mari"
    return f"""[[PERSON|{p.full_name}]]
{company} – numéro d'entreprise [[BE_ENTERPRISE_NUMBER|{enterprise_notation(enterprise, "be_dots")}]]
[[STREET_ADDRESS|{p.street} {p.house_number}, {p.postcode} {p.city}]]
Tél. [[PHONE_NUMBER|{format_phone(p.phone_nsn, "slash")}]]

À l'attention du service clientèle de {org.name_fr}
[[STREET_ADDRESS|{org.street_fr}, {org.postcode} {org.city_fr}]]

{p.city}, le {_d(sent, "fr")}

Objet : résiliation du contrat d'entretien

Madame, Monsieur,

Par la présente, je résilie le contrat d'entretien de la chaudière de notre bureau avec effet au
{_d(end, "fr")}. Nous déménageons et [[FAMILY_RELATION|{spouse}]] reprendra
seule la gestion de nos contrats privés ; je vous prie de ne plus lui adresser le courrier de la société.

Pour toute question, vous pouvez me joindre au numéro ci-dessus, en semaine entre 9 h et 17 h.

Veuillez agréer, Madame, Monsieur, mes salutations distinguées.

[[PERSON|{p.full_name}]]
Gérant
"""


def build_letters(ctx: dict) -> dict[str, tuple[str, str, list[dict]]]:
    """name -> (language, text, spans)."""
    marked = {
        "letters/nl_klacht_dubbele_aanrekening.txt": ("nl", letter_nl_complaint(**ctx["nl_complaint"])),
        "letters/nl_antwoord_klantendienst.md": ("nl", letter_nl_reply(**ctx["nl_reply"])),
        "letters/fr_demande_acces_rgpd.txt": ("fr", letter_fr_access(**ctx["fr_access"])),
        "letters/fr_resiliation_contrat.txt": ("fr", letter_fr_termination(**ctx["fr_termination"])),
    }
    out = {}
    for name, (lang, text) in marked.items():
        plain, spans = render(text)
        out[name] = (lang, plain, spans)
    return out
