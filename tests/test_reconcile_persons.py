"""Person span rules of the Dutch text path (models/_person_spans.py): each rule on a span the model
might give, and end to end through analyze_texts. Sentences written for these tests."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pii_scan.models import reconcile as rec
from pii_scan.models._person_spans import adjust_persons
from pii_scan.models.analyzer import analyze_texts

NER = {RecognizerResult.RECOGNIZER_NAME_KEY: "SpacyRecognizer"}


def _result(text: str, span: str, entity: str = "PERSON") -> RecognizerResult:
    start = text.index(span)
    return RecognizerResult(entity, start, start + len(span), 0.85, None, dict(NER))


def _adjusted(text: str, spans: list[tuple[str, str]], rules: frozenset[str] = rec.ALL_RULES):
    results = [_result(text, s, e) for s, e in spans]

    def make(a: int, b: int) -> RecognizerResult:
        return RecognizerResult("PERSON", a, b, 0.6, None, {})

    out, orgs = adjust_persons(text, results, rules, make)
    return {(r.entity_type, text[r.start : r.end]) for r in out}, [text[a:b] for a, b in orgs]


@pytest.mark.parametrize(
    ("text", "model_span", "rule", "expected"),
    [
        # a function or a demonym before the name is no part of it
        ("Bondscoach Rik Verlinden koos voor een jonge ploeg.", "Bondscoach Rik Verlinden", "functions",
         "Rik Verlinden"),
        ("Gisteren sprak oud-burgemeester Marc Peeters de raad toe.", "oud-burgemeester Marc Peeters",
         "functions", "Marc Peeters"),
        ("De Nederlander Joris van der Wal won de rit.", "De Nederlander Joris van der Wal", "functions",
         "Joris van der Wal"),
        ("Staatssecretaris van Begroting Hanne Wuyts stelde het plan voor.",
         "Staatssecretaris van Begroting Hanne Wuyts", "functions", "Hanne Wuyts"),
        ("Epidemioloog Wout Smets waarschuwt voor een nieuwe golf.", "Epidemioloog Wout Smets",
         "agent_nouns", "Wout Smets"),
        ("Hulpbisschop Geert Lemmens zegende de nieuwe kapel.", "Hulpbisschop Geert Lemmens", "compounds",
         "Geert Lemmens"),
        # a title before a first name goes; before a surname it stays (the convention of letters)
        ("Prof. Sofie Claes leidt het onderzoek.", "Prof. Sofie Claes", "titles", "Sofie Claes"),
        ("Prof. Claes leidt het onderzoek.", "Prof. Claes", "titles", "Prof. Claes"),
        # particles and regnal numbers belong to the name
        ("Van Damme scoorde twee keer in de tweede helft.", "Damme", "particles", "Van Damme"),
        ("Het portret van keizer Karel V hangt in het stadhuis.", "Karel", "particles", "Karel V"),
        ("Een brief van J. van der Meulen van de bewonersgroep.", "J. van der Meulen van", "particles",
         "J. van der Meulen"),
    ],
)  # fmt: skip
def test_person_span_rules(text: str, model_span: str, rule: str, expected: str) -> None:
    got, _ = _adjusted(text, [(model_span, "PERSON")])
    assert ("PERSON", expected) in got
    without, _ = _adjusted(text, [(model_span, "PERSON")], rec.ALL_RULES - {rule})
    assert ("PERSON", expected) not in without or expected == model_span


def test_a_name_split_at_a_capitalised_particle_is_joined() -> None:
    text = "Schrijfster Lien Op de Kamp stelt haar nieuwe roman voor."
    got, _ = _adjusted(text, [("Lien Op", "PERSON"), ("Kamp", "PERSON")])
    assert got == {("PERSON", "Lien Op de Kamp")}


def test_a_lower_case_van_between_two_names_is_a_preposition() -> None:
    text = "Een goal van Tom Peeters van Lommel besliste de match."
    got, _ = _adjusted(text, [("Tom Peeters", "PERSON"), ("Lommel", "PERSON")])
    assert ("PERSON", "Tom Peeters") in got


@pytest.mark.parametrize(
    ("text", "model_span"),
    [
        ("RSC Anderlecht won zondag met 2-0.", "RSC Anderlecht"),  # institution abbreviation
        ("Racing Mechelen speelt volgend seizoen in de tweede klasse.", "Racing Mechelen"),  # word + place
        ("De zuivelgroep Vandemoortele opent een fabriek in Roeselare.", "Vandemoortele"),  # org noun
        ("De patiënt werd overgebracht naar het AZ Sint-Jozef.", "Sint-Jozef"),
    ],
)
def test_organisations_are_no_persons(text: str, model_span: str) -> None:
    got, orgs = _adjusted(text, [(model_span, "PERSON")])
    assert not any(e == "PERSON" for e, _ in got)
    assert orgs


def test_a_function_before_a_name_ending_in_a_place_makes_it_a_person() -> None:
    text = "Volgens gedeputeerde Wannes Hasselt komt er een nieuwe fietsbrug."
    got, orgs = _adjusted(text, [("Wannes Hasselt", "PERSON")])
    assert not orgs and ("PERSON", "Wannes Hasselt") in got


def test_a_region_before_a_place_is_not_a_club() -> None:
    text = "Het Graafschap Loon lag in het huidige Limburg."
    _, orgs = _adjusted(text, [("Graafschap Loon", "PERSON")])
    assert not orgs


@pytest.mark.parametrize(
    ("text", "model_span", "expected"),
    [
        ("Het regent al dagen in de Westhoek.", "Westhoek", {("LOCATION", "Westhoek")}),  # a known place
        ("De uitreiking van de Gouden Schoen is op maandag.", "Gouden Schoen", set()),
        ("Volgens de Vries is dat niet waar.", "Vries", {("PERSON", "Vries")}),  # the particle's
        ("Ze schreef aan de heer Jacobs.", "heer Jacobs", {("PERSON", "heer Jacobs")}),
    ],
)
def test_no_article_right_before_a_persons_name(text: str, model_span: str, expected: set) -> None:
    assert _adjusted(text, [(model_span, "PERSON")])[0] == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("'We zijn tevreden met de cijfers', zegt Kowalczyk.", "Kowalczyk"),
        ("Het plan is haalbaar, aldus Anneleen Verstraeten.", "Anneleen Verstraeten"),
        ("'Dat klopt niet', reageert de burgemeester Gül Yıldız.", "Gül Yıldız"),
    ],
)
def test_the_speaker_after_a_speech_verb_is_a_person(text: str, speaker: str) -> None:
    assert ("PERSON", speaker) in _adjusted(text, [])[0]
    assert not _adjusted(text, [], rec.ALL_RULES - {"speakers"})[0]


def test_a_speech_verb_before_an_ordinary_word_or_a_place_finds_nobody() -> None:
    assert not _adjusted("'Het kan beter', zegt Brussel.", [])[0]
    assert not _adjusted("Het is duur, vindt Iedereen.", [])[0]


def test_a_person_ending_in_a_building_word_is_a_place() -> None:
    text = "De finale werd gespeeld in het Jules Ottenstadion."
    got, _ = _adjusted(text, [("Jules Ottenstadion", "PERSON")])
    assert got == {("LOCATION", "Jules Ottenstadion")}


@pytest.mark.parametrize(
    "text", ["De rechter veroordeelde M.D. (27) tot twee jaar cel.", "Beklaagde J.V. ontkent alles."]
)
def test_lone_initials_in_court_reports_are_a_person(text: str) -> None:
    got, _ = _adjusted(text, [])
    assert {e for e, _ in got} == {"PERSON"} and len(got) == 1
    assert not _adjusted(text, [], rec.ALL_RULES - {"initials"})[0]


def test_initials_without_such_context_are_left_alone() -> None:
    assert not _adjusted("Het gebouw van de N.V. werd verkocht.", [])[0]


def test_model_places_that_are_persons() -> None:
    text = "De Italiaan Julien Lefebvre won de sprint."
    got, _ = _adjusted(text, [("De Italiaan Julien Lefebvre", "LOCATION")])
    assert got == {("PERSON", "Julien Lefebvre")}


def spans(text: str) -> set[tuple[str, str]]:
    (results,) = analyze_texts([text], "nl")
    kinds = ("PERSON", "LOCATION")
    return {(r.entity_type, text[r.start : r.end]) for r in results if r.entity_type in kinds}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Burgemeester Katrien Goossens opende de nieuwe sporthal.", "Katrien Goossens"),
        ("Dr. Pieter Claes opereerde de patiënt.", "Pieter Claes"),
        ("Van den Bossche verloor de finale in drie sets.", "Van den Bossche"),
    ],
)
def test_end_to_end_person_spans(text: str, person: str) -> None:
    got = spans(text)
    assert ("PERSON", person) in got
    assert not any(e == "PERSON" and v != person and person in v for e, v in got)


def test_end_to_end_club_is_neither_person_nor_place() -> None:
    got = spans("KV Kortrijk haalde een nieuwe spits.")
    assert not any("Kortrijk" in v for _, v in got)
