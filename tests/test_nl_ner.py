"""The Dutch NER pipeline that ships with pii-scan: where it loads from, how the engine is chosen and
reported, and what it finds in a table of Dutch sentences."""

from __future__ import annotations

import json

import pytest

from pii_scan.models import nlp
from pii_scan.models.analyzer import analyze_texts, engine_info

SHIPPED = nlp.SHIPPED_PIPELINES["nl"]


def test_the_pipeline_ships_inside_the_package_with_its_provenance() -> None:
    meta = json.loads((SHIPPED / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "pii_scan_nl_ner" and meta["version"]
    assert meta["license"] == "CC BY-SA 4.0" and (SHIPPED / "LICENSE").is_file()
    assert {"PER", "LOC", "ORG"} <= set(meta["labels"]["ner"])
    assert any("UD Dutch" in s["name"] for s in meta["sources"])
    assert not any("conll" in s["name"].lower() or "wikineural" in s["name"].lower() for s in meta["sources"])
    assert "ents_per_type" in meta["eval_scores"] and meta["training"]["seed"] == 0
    size = sum(f.stat().st_size for f in SHIPPED.rglob("*") if f.is_file())
    assert size < 40 * 1024 * 1024


def test_dutch_is_served_by_the_shipped_pipeline_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PII_SCAN_NL_PIPELINE", raising=False)
    assert nlp.installed_model("nl") == str(SHIPPED)
    assert nlp.has_ner("nl")
    desc = engine_info()["nl"]
    version = json.loads((SHIPPED / "meta.json").read_text(encoding="utf-8"))["version"]
    assert desc.startswith("spaCy pii_scan_nl_ner " + version) and "shipped with pii-scan" in desc


def test_an_explicit_choice_wins_and_a_missing_one_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "_is_package", lambda name: name == "nl_core_news_md")
    monkeypatch.setattr(nlp, "_package_version", lambda name: "3.8.0")
    monkeypatch.setenv("PII_SCAN_NL_PIPELINE", "nl_core_news_md")
    assert nlp.installed_model("nl") == "nl_core_news_md"
    assert engine_info()["nl"] == "spaCy nl_core_news_md 3.8.0"
    monkeypatch.setenv("PII_SCAN_NL_PIPELINE", "nl_core_news_lg")  # not installed: the shipped one serves
    assert nlp.installed_model("nl") == str(SHIPPED)


def test_the_fallback_can_be_chosen_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PII_SCAN_NL_PIPELINE", "fallback")
    assert nlp.installed_model("nl") is None
    assert engine_info()["nl"].startswith("fallback")


def test_the_pipeline_loads_from_its_folder_without_a_download() -> None:
    pipe = nlp.load_pipeline("nl", True)
    assert "ner" in pipe.pipe_names
    assert pipe.meta["name"] == "pii_scan_nl_ner"


def spans(text: str) -> set[tuple[str, str]]:
    (results,) = analyze_texts([text], "nl")
    return {
        (r.entity_type, text[r.start : r.end]) for r in results if r.entity_type in ("PERSON", "LOCATION")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # persons with particles, initials and a title
        ("Gisteren belde Pieter van den Broeck over zijn factuur.", {("PERSON", "Pieter van den Broeck")}),
        ("Minister Annemie Turtelboom reageerde verbaasd op de kritiek.", {("PERSON", "Annemie Turtelboom")}),
        ("Volgens Jan De Wever is de beslissing definitief.", {("PERSON", "Jan De Wever")}),
        # lone surnames after a title or a verb
        ("Geachte mevrouw Claes,", {("PERSON", "Claes")}),
        ("Dat zei De Wever gisteren in de Kamer.", {("PERSON", "De Wever")}),
        ("Volgens Verhofstadt is dat onzin.", {("PERSON", "Verhofstadt")}),
        # foreign names
        ("Trainer José Mourinho was niet tevreden.", {("PERSON", "José Mourinho")}),
        # countries, cities, multi-word places
        (
            "Ze verhuisde van Antwerpen naar Frankrijk.",
            {("LOCATION", "Antwerpen"), ("LOCATION", "Frankrijk")},
        ),
        ("De delegatie reisde naar de Verenigde Staten.", {("LOCATION", "Verenigde Staten")}),
        ("Hij woont al jaren in Sint-Niklaas.", {("LOCATION", "Sint-Niklaas")}),
    ],
)
def test_dutch_sentences(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= spans(text)


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("Hij werkt al tien jaar bij Radio Brussel.", "Brussel"),
        ("Het dossier werd doorgestuurd naar Kinderbijslagfonds Gent.", "Gent"),
    ],
)
def test_an_organisation_that_contains_a_city_name_is_not_a_place(text: str, not_a_place: str) -> None:
    assert not any(e == "LOCATION" and not_a_place in v for e, v in spans(text))


@pytest.mark.parametrize(
    "text", ["Het gesprek met de afdeling verliep goed.", "De vergadering is op maandag."]
)
def test_no_names_in_plain_text(text: str) -> None:
    assert not spans(text)


def test_country_names_come_from_cldr_and_beat_a_person_reading() -> None:
    text = "Hij verhuisde van Congo-Kinshasa naar Ivoorkust en later naar de Verenigde Staten."
    got = spans(text)
    assert {
        ("LOCATION", "Congo-Kinshasa"),
        ("LOCATION", "Ivoorkust"),
        ("LOCATION", "Verenigde Staten"),
    } <= got
    assert not any(e == "PERSON" for e, _ in got)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # foreign cities by their Dutch exonyms (GeoNames alternate names) and regions (ISO 3166-2)
        ("De top van de G8 vond plaats in Genua.", "Genua"),
        ("De kunstenaar verhuisde in 1990 naar Moskou.", "Moskou"),
        ("Het Vlaams Gewest investeert in nieuwe wegen.", "Vlaams Gewest"),
        ("De provincie Henegouwen telt veel oude mijnen.", "Henegouwen"),
    ],
)
def test_gazetteer_places_in_dutch_text(text: str, place: str) -> None:
    assert ("LOCATION", place) in spans(text)
    assert not any(e == "PERSON" and place in v for e, v in spans(text))


def test_gazetteer_names_are_real_packages_data() -> None:
    from pii_scan.models.gazetteer import common_words, known_places

    places = known_places()
    assert {"genua", "luik", "rijsel", "vlaams gewest", "henegouwen"} <= places
    assert "sindsdien" in common_words() and "verhofstadt" not in common_words()


def test_a_place_inside_a_persons_name_is_part_of_the_name() -> None:
    got = spans("Volgens Vlaams minister Marino Keulen is het plan haalbaar.")
    assert ("PERSON", "Marino Keulen") in got
    assert ("LOCATION", "Keulen") not in got


@pytest.mark.parametrize(
    "text",
    [
        "Sindsdien is er niets veranderd aan de regeling.",
        "Vooralsnog is er geen beslissing genomen.",
        "Zie ook paragraaf U2.1.2 van het basistakenpakket.",
    ],
)
def test_ordinary_words_and_section_numbers_are_no_names(text: str) -> None:
    assert not spans(text)
