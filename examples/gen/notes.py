"""Free-text notes of support tickets, in the customer's language. Some mention health or family, some
carry an identifier typed into the text; the marks become the ground truth of the notes."""

from __future__ import annotations

# (subject, note); placeholders: {iban}, {phone}, {nn}, {email}, {his} (zijn/haar), {spouse}
NL_NOTES = (
    (
        "Storing ketel",
        "Klant meldt dat de ketel telkens in storing gaat (foutcode E04). Technieker ingepland.",
    ),
    ("Factuur", "Vraagt een kopie van de factuur van vorig jaar voor de belastingaangifte."),
    (
        "Afspraak verplaatsen",
        "Klant is [[HEALTH|ziek]] en kan de technieker volgende week niet ontvangen; "
        "nieuwe datum voorstellen.",
    ),
    ("Betaling", "Na een [[HEALTH|hospitalisatie]] van twee weken vraagt de klant uitstel van betaling."),
    ("Onderhoud", "[[FAMILY_RELATION|Mijn zoon]] is aanwezig tijdens het onderhoud, laat de klant weten."),
    (
        "Domiciliëring",
        "Klant geeft een nieuw rekeningnummer door: [[IBAN_CODE|{iban}]]. Domiciliëring aanpassen.",
    ),
    ("Terugbellen", "Graag terugbellen op [[PHONE_NUMBER|{phone}]] na 17 uur."),
    (
        "Identificatie",
        "Klant vermeldt {his} rijksregisternummer [[BE_NATIONAL_NUMBER|{nn}]] ter identificatie.",
    ),
    ("Factuur", "Dubbel aangerekend in oktober; creditnota gevraagd."),
    (
        "Storing ketel",
        "Klant is [[HEALTH|diabetespatiënt]] en vraagt voorrang bij een storing tijdens de winter.",
    ),
    ("Radiatoren", "Radiatoren in de slaapkamer worden niet warm. Ontluchten telefonisch uitgelegd."),
    ("Adreswijziging", "[[FAMILY_RELATION|{spouse}]] belde namens de klant: adreswijziging doorgegeven."),
    ("Klantenportaal", "Wachtwoord vergeten, nieuwe link verstuurd naar [[EMAIL_ADDRESS|{email}]]."),
    ("Offerte", "Vraagt een offerte voor een warmtepomp; brochure meegestuurd."),
)
FR_NOTES = (
    (
        "Panne chaudière",
        "Le client signale une fuite d'eau sous la chaudière. Technicien envoyé le lendemain.",
    ),
    ("Facture", "Demande une copie de la facture de l'an dernier pour sa déclaration fiscale."),
    (
        "Report de visite",
        "Client [[HEALTH|malade]] depuis deux semaines, demande de reporter la visite d'entretien.",
    ),
    ("Paiement", "[[HEALTH|Hospitalisation]] prévue en mars : demande un plan de paiement."),
    ("Entretien", "[[FAMILY_RELATION|{spouse_fr}]] sera présent(e) lors de la visite du technicien."),
    (
        "Domiciliation",
        "Nouveau numéro de compte communiqué : [[IBAN_CODE|{iban}]]. Mettre à jour la domiciliation.",
    ),
    ("Rappel", "Rappeler au [[PHONE_NUMBER|{phone}]] après 18 h."),
    (
        "Identification",
        "Le client communique son numéro national [[BE_NATIONAL_NUMBER|{nn}]] pour vérification.",
    ),
    ("Facture", "Double facturation en octobre, note de crédit demandée."),
    (
        "Panne chauffage",
        "Personne souffrant de [[HEALTH|diabète]] : priorité en cas de panne de chauffage en hiver.",
    ),
    ("Radiateurs", "Les radiateurs de l'étage restent froids. Purge expliquée par téléphone."),
    ("Portail client", "Mot de passe oublié, nouveau lien envoyé à [[EMAIL_ADDRESS|{email}]]."),
    ("Devis", "Souhaite un devis pour une pompe à chaleur ; brochure envoyée."),
)
