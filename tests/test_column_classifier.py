"""Combination of name and value evidence (pure logic: hit rates are given, no NLP runs here)."""

from __future__ import annotations

from pii_scan.models.column_classifier import (
    decide,
    is_free_text,
    org_like_share,
    person_like_share,
    profile_values,
    table_context,
)
from pii_scan.models.headers import match_header


def _ctx(*columns: str, **kw):  # type: ignore[no-untyped-def]
    return table_context({c: match_header(c) for c in columns}, **kw)


def _d(column: str, values: list, rates: dict, ctx, **kw):  # type: ignore[no-untyped-def]
    return decide(column, match_header(column), profile_values(values), rates, ctx, **kw)


PEOPLE = _ctx("voornaam", "achternaam", "telefoon", "straat", row_count=100)


def test_profile_values_handles_types_and_blanks() -> None:
    p = profile_values([1.0, 2.0, None, float("nan"), " ", "3", b"\x89PNG...."], rows=7)
    assert p.rows == 7
    assert p.distinct == ("1", "2", "3", "<binary 8 bytes>")
    assert p.binary == 1
    assert p.int_share == 0.75 and (p.int_min, p.int_max) == (1, 3)
    assert not p.free_text


def test_free_text_is_told_from_short_values() -> None:
    notes = profile_values(
        [
            "Klant belt terug over de factuur van vorige maand.",
            "Le client demande une copie de son contrat de l'an dernier.",
            "Technieker langs geweest, ketel werkt weer normaal.",
        ]
    )
    streets = profile_values(["Kerkstraat 28", "rue de la Loi 16", "Havenlaan 142"])
    assert notes.free_text and not streets.free_text
    assert is_free_text(match_header("opmerking"), notes)
    assert is_free_text(None, notes)
    # the name says one short kind of value: no NER needed
    assert not is_free_text(match_header("adres"), notes)


def test_header_alone_decides_with_its_weight() -> None:
    d = _d("geboortedatum", ["1987-03-14"], {}, PEOPLE)
    assert d.category == "identification"
    assert 0.8 <= d.confidence <= 1
    assert "geboortedatum" in d.evidence.header_rule


def test_agreeing_values_raise_confidence_and_samples_are_masked() -> None:
    values = ["jan.peeters@example.be", "marie.dubois@example.be"]
    header_only = _d("email", values, {}, PEOPLE)
    both = _d("email", values, {"EMAIL_ADDRESS": 1.0}, PEOPLE)
    assert both.category == header_only.category == "contact"
    assert both.confidence > header_only.confidence
    assert both.entities[0].type == "EMAIL_ADDRESS"
    assert all("jan.peeters" not in s and "***" in s for s in both.evidence.samples)
    assert both.evidence.recognizers == {"EMAIL_ADDRESS": 1.0}


def test_strong_values_decide_an_unnamed_column() -> None:
    p = profile_values(["BE68539007547034", "BE71096123456769"])
    d = decide("veld7", None, p, {"IBAN_CODE": 1.0}, PEOPLE)
    assert (d.category, d.evidence.header_rule) == ("financial", None)
    weak = decide("veld8", None, profile_values(["1000", "9000"]), {"POSTAL_CODE": 1.0}, PEOPLE)
    assert weak.category == "none"  # four digits alone are no address


def test_strong_values_override_a_contradicting_name() -> None:
    p = profile_values(["87031459458"])
    d = decide("rekeningnummer", match_header("rekeningnummer"), p, {"BE_NATIONAL_NUMBER": 1.0}, PEOPLE)
    assert d.category == "identification" and any("contradict" in n for n in d.evidence.notes)
    d = _d("status", ["x"], {"BE_NATIONAL_NUMBER": 0.9}, PEOPLE)
    assert d.category == "identification"


def test_dates_are_not_phone_numbers() -> None:
    d = decide(
        "lid sinds", None, profile_values(["2019-03-04"]), {"DATE_TIME": 1.0, "PHONE_NUMBER": 0.9}, PEOPLE
    )
    assert d.category == "none"


def test_title_depends_on_values() -> None:
    courtesy = _d("Title", ["Mr.", "Mrs.", "Dr.", "Mevr."], {}, PEOPLE)
    job = _d("Title", ["Sales Manager", "Accountant"], {}, PEOPLE)
    assert (courtesy.category, job.category) == ("identification", "none")


def test_generic_name_beside_first_name_is_family_name() -> None:
    ctx = _ctx("Naam", "Voornaam", "Gemeente")
    d = _d("Naam", ["Peeters", "Janssens"], {"PERSON": 0.8}, ctx)
    assert d.category == "identification"
    products = _d("name", ["Chai", "Chang"], {}, _ctx("id", "name", "price"))
    assert products.category == "none"


def test_keys_are_personal_only_when_they_identify_a_person() -> None:
    sparse = profile_values(["1562", "1582", "2587", "3549"])
    dense = profile_values([str(i) for i in range(1, 90)])
    person = _ctx("First Name", "Last Name", "Id", row_count=4)
    assert decide("Id", match_header("Id"), sparse, {}, person).category == "identification"
    big = _ctx("First Name", "Last Name", "Id", row_count=89)
    assert decide("Id", match_header("Id"), dense, {}, big).category == "none"
    orders = _ctx("order_id", "customer_id", "amount", row_count=4)
    assert decide("customer_id", match_header("customer_id"), sparse, {}, orders).category == "none"


def test_context_lookup_tables_and_weak_locations() -> None:
    lookup = _ctx("country_id", "country", "last_update")
    assert lookup.lookup
    assert _d("country", ["Belgium"], {}, lookup).category == "none"
    almanac = _ctx("gemeente.naam", "gemeente.provincie", "gemeente.contact.telefoon")
    prov = _d("gemeente.provincie", ["NH"], {}, almanac)
    assert prov.category == "none"  # a province alone is no address
    assert _d("Country", ["Belgium"], {}, PEOPLE).category == "contact"
    pic = profile_values([b"\x89PNG"])
    assert decide("Picture", match_header("Picture"), pic, {}, lookup).category == "none"
    assert decide("Photo", match_header("Photo"), pic, {}, PEOPLE).category == "identification"


def test_organisation_subject() -> None:
    companies = _ctx("CompanyName", "ContactName", "Phone", "Address")
    assert companies.organisation and not companies.person
    d = _d("Phone", ["02/274.48.00"], {"PHONE_NUMBER": 1.0}, companies)
    assert (d.category, d.subject) == ("contact", "organisation")
    people = _ctx("First Name", "Last Name", "Company", "Phone")
    d = _d("Phone", ["0470 12 34 56"], {"PHONE_NUMBER": 1.0}, people)
    assert d.subject == "person"
    ent = _d("btw", ["BE0460190566"], {"BE_ENTERPRISE_NUMBER": 1.0}, PEOPLE)
    assert (ent.category, ent.subject) == ("identification", "organisation")
    assert _ctx("id", "name", "phone", table_name="bedrijven").organisation
    assert _ctx("id", "name", "phone", org_values=True).organisation


def test_free_text_ranks_sensitive_first_and_ignores_rare_mentions() -> None:
    p = profile_values(["x y z a b c"] * 3 + ["p q r s t u", "k l m n o p"])
    d = decide("note", match_header("note"), p, {}, PEOPLE, text_rates={"IBAN_CODE": 0.3, "HEALTH": 0.1})
    assert d.kind == "free_text"
    assert d.category == "sensitive" and set(d.categories) == {"sensitive", "financial"}
    synopsis = decide(
        "description", match_header("description"), p, {}, PEOPLE, text_rates={"FAMILY_RELATION": 0.1}
    )
    assert synopsis.category == "none"


def test_name_likeness() -> None:
    assert person_like_share(["Jan Peeters", "Marie Dubois", "Sophie Martin"]) >= 0.6
    assert person_like_share(["Action", "Animation", "Documentary"]) <= 0.34
    assert org_like_share(["Calorix NV", "Pirard-Martin SA", "Jan Peeters"]) > 0.6
