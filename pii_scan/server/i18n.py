"""The workplace's words in Dutch, French and English (``t(lang)`` -> key -> text)."""

from __future__ import annotations

__all__ = ["LANGUAGES", "t", "pick_language"]

LANGUAGES = ("nl", "fr", "en")

# key: (en, nl, fr)
_TEXT: dict[str, tuple[str, str, str]] = {
    "title": ("pii-scan workplace", "pii-scan werkplek", "poste de travail pii-scan"),
    "skip": ("Skip to content", "Naar de inhoud", "Aller au contenu"),
    "login": ("Log in", "Aanmelden", "Se connecter"),
    "logout": ("Log out", "Afmelden", "Se déconnecter"),
    "user": ("User name", "Gebruikersnaam", "Nom d'utilisateur"),
    "password": ("Password", "Wachtwoord", "Mot de passe"),
    "requests": ("Requests", "Verzoeken", "Demandes"),
    "new_request": ("New request", "Nieuw verzoek", "Nouvelle demande"),
    "register": ("Register", "Register", "Registre"),
    "audit": ("Audit log", "Auditlog", "Journal d'audit"),
    "language": ("Language", "Taal", "Langue"),
    "requester": ("Requester (name or reference)", "Aanvrager (naam of referentie)",
                  "Demandeur (nom ou référence)"),
    "received": ("Date received", "Datum ontvangen", "Date de réception"),
    "kind": ("Kind", "Soort", "Type"),
    "access": ("Access (art. 15)", "Inzage (art. 15)", "Accès (art. 15)"),
    "portability": ("Portability (art. 20)", "Overdraagbaarheid (art. 20)", "Portabilité (art. 20)"),
    "identifiers": ("Identifiers", "Identificatoren", "Identifiants"),
    "one_per_line": ("one per line", "één per regel", "un par ligne"),
    "email": ("Email", "E-mail", "E-mail"),
    "phone": ("Phone", "Telefoon", "Téléphone"),
    "national_number": ("National number / BSN", "Rijksregisternummer / BSN", "Numéro national / BSN"),
    "iban": ("IBAN", "IBAN", "IBAN"),
    "name": ("Full name", "Volledige naam", "Nom complet"),
    "birth_date": ("Birth date", "Geboortedatum", "Date de naissance"),
    "id": ("Key in a table (TABLE.COLUMN=VALUE)", "Sleutel in een tabel (TABEL.KOLOM=WAARDE)",
           "Clé dans une table (TABLE.COLONNE=VALEUR)"),
    "start": ("Start the search", "Zoeken starten", "Lancer la recherche"),
    "request": ("Request", "Verzoek", "Demande"),
    "status": ("Status", "Status", "Statut"),
    "open": ("open", "open", "ouverte"),
    "waiting": ("waiting for the subject", "wacht op de betrokkene", "en attente de la personne"),
    "answered": ("answered", "beantwoord", "répondue"),
    "due": ("Due", "Uiterlijk", "Échéance"),
    "due_soon": ("due soon", "vervalt binnenkort", "échéance proche"),
    "overdue": ("overdue", "te laat", "en retard"),
    "owner": ("Handled by", "Behandeld door", "Traitée par"),
    "subject": ("Subject", "Betrokkene", "Personne concernée"),
    "search": ("Search", "Zoektocht", "Recherche"),
    "queued": ("queued", "in de wachtrij", "en attente"),
    "running": ("searching…", "bezig met zoeken…", "recherche en cours…"),
    "done": ("done", "klaar", "terminée"),
    "failed": ("failed", "mislukt", "échouée"),
    # sweep and retention states, as the register shows them
    "state_ok": ("ok", "in orde", "en ordre"),
    "state_partial": ("partly read", "deels gelezen", "lue en partie"),
    "state_failed": ("failed", "mislukt", "échouée"),
    "state_overdue": ("overdue", "termijn overschreden", "délai dépassé"),
    "rows": ("rows", "rijen", "lignes"),
    "interrupted": ("interrupted (server restarted)", "onderbroken (server herstart)",
                    "interrompue (serveur redémarré)"),
    "refresh": ("Refresh", "Vernieuwen", "Actualiser"),
    "counts": ("Records per system and table", "Records per systeem en tabel",
               "Enregistrements par système et table"),
    "source": ("System", "Systeem", "Système"),
    "table": ("Table", "Tabel", "Table"),
    "match": ("match", "treffer", "correspondance"),
    "linked": ("linked", "gekoppeld", "lié"),
    "third_party": ("third party", "derde", "tiers"),
    "to_confirm": ("to confirm", "te bevestigen", "à confirmer"),
    "records": ("Records (masked)", "Records (gemaskeerd)", "Enregistrements (masqués)"),
    "found_by": ("Found by", "Gevonden via", "Trouvé par"),
    "values": ("Values", "Waarden", "Valeurs"),
    "reveal": ("Reveal values", "Waarden tonen", "Afficher les valeurs"),
    "revealed": ("Values shown in full (logged)", "Waarden volledig getoond (gelogd)",
                 "Valeurs affichées en clair (journalisé)"),
    "candidate": ("Candidate: confirm or reject", "Kandidaat: bevestigen of afwijzen",
                  "Candidat : confirmer ou rejeter"),
    "reason": ("Reason", "Reden", "Motif"),
    "confirm": ("Confirm", "Bevestigen", "Confirmer"),
    "reject": ("Reject", "Afwijzen", "Rejeter"),
    "confirmed": ("confirmed", "bevestigd", "confirmé"),
    "rejected": ("rejected", "afgewezen", "rejeté"),
    "certain": ("certain", "zeker", "certain"),
    "package": ("Package", "Pakket", "Paquet"),
    "build_package": ("Build the package", "Pakket maken", "Créer le paquet"),
    "report_lang": ("Report language", "Taal van het rapport", "Langue du rapport"),
    "encrypt": ("Encrypt with a passphrase (at least 8 characters)",
                "Versleutelen met een wachtwoordzin (minstens 8 tekens)",
                "Chiffrer avec une phrase secrète (au moins 8 caractères)"),
    "download": ("Download the package", "Pakket downloaden", "Télécharger le paquet"),
    "package_note": ("Certain records and confirmed candidates only.",
                     "Alleen zekere records en bevestigde kandidaten.",
                     "Uniquement les enregistrements certains et les candidats confirmés."),
    "set_status": ("Set status", "Status wijzigen", "Changer le statut"),
    "save": ("Save", "Opslaan", "Enregistrer"),
    "rerun": ("Run the search again", "Opnieuw zoeken", "Relancer la recherche"),
    "gone": ("The result is no longer in memory: run the search again.",
             "Het resultaat staat niet meer in het geheugen: zoek opnieuw.",
             "Le résultat n'est plus en mémoire : relancez la recherche."),
    "incomplete": ("Some systems could not be searched.", "Sommige systemen konden niet doorzocht worden.",
                   "Certains systèmes n'ont pas pu être consultés."),
    "none_yet": ("No requests yet.", "Nog geen verzoeken.", "Pas encore de demandes."),
    "when": ("When", "Wanneer", "Quand"),
    "who": ("Who", "Wie", "Qui"),
    "action": ("Action", "Handeling", "Action"),
    "detail": ("Detail", "Detail", "Détail"),
    "export_csv": ("Export as CSV", "Exporteren als CSV", "Exporter en CSV"),
    "no_sweep": ("No sweep yet: run 'pii-scan inventory' or start one here.",
                 "Nog geen inventaris: voer 'pii-scan inventory' uit of start er hier een.",
                 "Pas encore d'inventaire : lancez 'pii-scan inventory' ou démarrez-en un ici."),
    "sweep_now": ("Sweep now", "Nu inventariseren", "Inventorier maintenant"),
    "sweep_running": ("A sweep is running.", "Er loopt een inventarisatie.", "Un inventaire est en cours."),
    "latest_sweep": ("Latest sweep", "Laatste inventarisatie", "Dernier inventaire"),
    "changes": ("Changes since the previous sweep", "Wijzigingen sinds de vorige inventarisatie",
                "Changements depuis l'inventaire précédent"),
    "no_changes": ("No changes (or first sweep).", "Geen wijzigingen (of eerste inventarisatie).",
                   "Aucun changement (ou premier inventaire)."),
    "retention": ("Retention findings", "Bewaartermijnen", "Durées de conservation"),
    "column": ("Column", "Kolom", "Colonne"),
    "category": ("Category", "Categorie", "Catégorie"),
    "evidence": ("Evidence", "Bewijs", "Indices"),
    "samples": ("Masked samples", "Gemaskeerde voorbeelden", "Exemples masqués"),
    "personal_fields": ("personal fields", "persoonsgegevensvelden", "champs personnels"),
    "override": ("Override", "Aanpassen", "Corriger"),
    "overrides": ("Overrides", "Aanpassingen", "Corrections"),
    "not_personal": ("not personal", "niet persoonlijk", "non personnel"),
    "export": ("Export", "Exporteren", "Exporter"),
    "rows_expired": ("rows past the limit", "rijen over de termijn", "lignes au-delà du délai"),
    "forbidden": ("You may not open this page.", "U mag deze pagina niet openen.",
                  "Vous ne pouvez pas ouvrir cette page."),
    "not_found": ("Not found.", "Niet gevonden.", "Introuvable."),
    "bad_request": ("The form could not be used", "Het formulier kon niet gebruikt worden",
                    "Le formulaire n'a pas pu être utilisé"),
    "back": ("Back", "Terug", "Retour"),
}

_INDEX = {"en": 0, "nl": 1, "fr": 2}


def t(lang: str) -> dict[str, str]:
    i = _INDEX.get(lang, 0)
    return {k: v[i] for k, v in _TEXT.items()}


def pick_language(cookie: str | None, accept: str | None) -> str:
    """The language cookie, else the first of Accept-Language we speak, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"
