"""Contact and date recognizers: phones (BE/NL/FR/LU/DE), emails, IPs, URLs, postcodes, street
addresses, dates with Dutch/French month names and birth dates, through the real AnalyzerEngine."""

from __future__ import annotations

import pytest

from pii_scan.models.analyzer import analyze_texts, classify_values
from pii_scan.models.recognizers.date import parse_date


def found(text: str, language: str = "nl") -> set[tuple[str, str]]:
    (results,) = analyze_texts([text], language, use_ner=False)
    return {(r.entity_type, text[r.start : r.end]) for r in results}


def scores(text: str, entity: str, language: str = "nl") -> list[float]:
    (results,) = analyze_texts([text], language, use_ner=False, score_threshold=0.0)
    return [r.score for r in results if r.entity_type == entity]


PHONES_VALID = [
    "02/274.48.00",
    "02 274 48 00",
    "0470 12 34 56",
    "0470/12.34.56",
    "+32 470 12 34 56",
    "0032 470 12 34 56",
    "+32 (0)2 274 48 00",
    "06-12345678",
    "020-5551234",
    "+31 6 12345678",
    "01 23 45 67 89",
    "+33 1 23 45 67 89",
    "+352 621 123 456",
    "+49 30 12345678",
    "0800 5555",  # NL free phone: shorter, unmistakable prefix
    "0800 12 345",
]
PHONES_INVALID = ["0470 12 34", "02/274.48", "+32 12", "06-123456", "12345", "+352 12", "030 1234"]


@pytest.mark.parametrize("value", PHONES_VALID)
def test_phone_valid(value: str) -> None:
    assert ("PHONE_NUMBER", value) in found(f"Bel ons op {value} morgen.")
    assert ("PHONE_NUMBER", value) in found(f"Contact {value} demain.", "en")
    assert min(scores(f"Bel ons op {value} morgen.", "PHONE_NUMBER")) >= 0.5


@pytest.mark.parametrize("value", PHONES_INVALID)
def test_phone_invalid(value: str) -> None:
    assert "PHONE_NUMBER" not in {e for e, _ in found(f"Code {value} ok.")}


# Numbers phonenumbers alone accepts as BE/NL/FR phones but which are dates, times, amounts, ids.
NOT_PHONES = [
    "14.03.2021",
    "14/03/2021",
    "2021-03-14 10:22:01",
    "4.99",
    "12,50",
    "123456.78",
    "0.9900000000",
    "1987 2001",
    "123456782",  # a BSN: no trunk prefix
    "12345678",
    "0460.190.566",  # enterprise numbers in their own notation
    "0460 190 566",
    "0460190566",
    "0403.170.701",
    "85.07.30-033.28",  # national numbers
    "01051212387",
]


@pytest.mark.parametrize("value", NOT_PHONES)
def test_not_a_phone_as_value(value: str) -> None:
    assert "PHONE_NUMBER" not in classify_values([value])


@pytest.mark.parametrize("value", NOT_PHONES)
def test_not_a_phone_in_text(value: str) -> None:
    assert "PHONE_NUMBER" not in {e for e, _ in found(f"Waarde {value} in het dossier.")}


@pytest.mark.parametrize("value", PHONES_VALID)
def test_phone_as_value(value: str) -> None:
    assert classify_values([value]).get("PHONE_NUMBER") == 1.0


@pytest.mark.parametrize("text", ["Bedrag 0470123456,50 euro.", "Om 10:22 belde 0470 12 34 56 terug."])
def test_phone_not_cut_from_a_longer_number(text: str) -> None:
    phones = [v for e, v in found(text) if e == "PHONE_NUMBER"]
    assert phones in ([], ["0470 12 34 56"])
    assert ("0470 12 34 56" in text) == bool(phones)


def test_national_number_is_not_a_luxembourg_phone() -> None:
    assert {e for e, _ in found("RRN 85073003328.")} == {"BE_NATIONAL_NUMBER"}


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Mail jan.peeters@example.be vandaag", "EMAIL_ADDRESS", "jan.peeters@example.be"),
        ("Courriel: m.dubois@skynet.be.", "EMAIL_ADDRESS", "m.dubois@skynet.be"),
        ("Inlog vanaf 192.168.10.24 om 10u", "IP_ADDRESS", "192.168.10.24"),
        ("Zie https://www.example.be/contact voor info", "URL", "https://www.example.be/contact"),
    ],
)
def test_email_ip_url_in_dutch(text: str, entity: str, value: str) -> None:
    assert (entity, value) in found(text)


def test_email_has_no_url_duplicate() -> None:
    got = found("Mail jan.peeters@example.be vandaag")
    assert [e for e, _ in got] == ["EMAIL_ADDRESS"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hij woont in 1000 Brussel sinds mei.", "1000 Brussel"),
        ("Adresse: B-4000 Liège", "B-4000 Liège"),
        ("Zij verhuist naar 3500 Hasselt.", "3500 Hasselt"),
        ("Kantoor in 1012 AB Amsterdam.", "1012 AB Amsterdam"),
        ("Postcode 1012AB graag.", "1012AB"),
    ],
)
def test_postal_code(text: str, value: str) -> None:
    assert ("POSTAL_CODE", value) in found(text)


@pytest.mark.parametrize("text", ["Er waren 1000 bezoekers.", "In 2021 ging hij.", "Zaak 3500 is gesloten."])
def test_number_is_not_a_postal_code(text: str) -> None:
    assert "POSTAL_CODE" not in {e for e, _ in found(text)}


ADDRESSES = [
    "Drukpersstraat 35 1000 BRUSSEL",
    "Kerkstraat 12",
    "Kerkstraat 12 bus 3",
    "Heidelberglaan 1 a",
    "Grote Markt 7",
    "Sint-Jansplein 3",
    "Brusselsesteenweg 245",
    "Stationsweg 4, 3500 Hasselt",
    "rue de la Loi 16",
    "avenue Louise 54",
    "chaussée de Waterloo 100",
    "boulevard Anspach 1, 1000 Bruxelles",
    "place Saint-Lambert 2",
    "16 rue de la Paix",
]


@pytest.mark.parametrize("value", ADDRESSES)
def test_street_address(value: str) -> None:
    assert ("STREET_ADDRESS", value) in found(f"Adres: {value}. Dank u.")


@pytest.mark.parametrize(
    "text", ["Hij was onderweg 5 minuten.", "De straat 5 keer oversteken.", "la rue 5 fois"]
)
def test_not_a_street_address(text: str) -> None:
    assert "STREET_ADDRESS" not in {e for e, _ in found(text)}


DATES = ["14 mars 1987", "3 januari 2021", "1er février 2020", "24/07/1966", "6-7-1958", "14.03.1987",
         "1987-03-14", "15 okt. 2019", "30/5/22"]  # fmt: skip


@pytest.mark.parametrize("value", DATES)
def test_dates_with_month_names_and_numeric(value: str) -> None:
    assert parse_date(value) is not None
    assert ("DATE_TIME", value) in found(f"Brief van {value} ontvangen.")


@pytest.mark.parametrize("value", ["31/02/2020", "3018-01-01", "14 mars", "85.07.30"])
def test_not_dates(value: str) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "text",
    [
        "geboren op 14 mars 1987",
        "Geboortedatum: 24/07/1966",
        "née le 1er février 2020 à Namur",
        "Jan Peeters (° 6-7-1958)",
        "date de naissance 14.03.1987",
    ],
)
def test_date_of_birth_with_context(text: str) -> None:
    got = {e for e, _ in found(text)}
    assert "DATE_OF_BIRTH" in got and "DATE_TIME" not in got


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Mevrouw Dubois, née le\n14 mars 1987 à Namur, demande", "14 mars 1987"),
        ("Zijn dochter, geboren op\n3 januari 2001, woont thuis.", "3 januari 2001"),
        ("Geboortedatum:\n24/07/1966", "24/07/1966"),
        ("De aanvrager is geboren\r\nop 6-7-1958 in Gent.", "6-7-1958"),
    ],
)
def test_birth_context_across_a_hard_wrapped_line(text: str, date: str) -> None:
    assert ("DATE_OF_BIRTH", date) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Geboren te Gent.\n\n3 januari 2021 ontvingen wij de brief.",
        "Plaats: geboren in Gent\nDatum aanvraag: 3 januari 2021",
    ],
)
def test_birth_context_stops_at_a_blank_line_or_a_new_field(text: str) -> None:
    assert ("DATE_TIME", "3 januari 2021") in found(text)


def test_birth_context_does_not_leak_to_next_sentence() -> None:
    got = found("Geboren 14 mars 1987. Brief van 3 januari 2021.")
    assert ("DATE_OF_BIRTH", "14 mars 1987") in got
    assert ("DATE_TIME", "3 januari 2021") in got
