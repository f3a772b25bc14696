"""The public analyzer API: engine per language, no network, lazy per-language pipelines, the fast
whole-value path and overlap resolution."""

from __future__ import annotations

import socket

import pytest
import spacy

from pii_scan.models import nlp
from pii_scan.models.analyzer import analyze_texts, classify_values, engine_info, get_analyzer


def test_engine_info_reports_every_language_and_the_dutch_fallback() -> None:
    info = engine_info()
    assert set(info) == {"nl", "fr", "en"}
    if nlp.installed_model("nl") is None:
        assert info["nl"].startswith("fallback (nl_core_news_* not installed)")
        assert "name/place lists" in info["nl"]
    if nlp.installed_model("fr"):
        assert info["fr"].startswith("spaCy fr_core_news_")


def test_dutch_model_is_used_when_installed_and_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped pipeline serves Dutch unless PII_SCAN_NL_PIPELINE names an installed one.
    monkeypatch.setenv("PII_SCAN_NL_PIPELINE", "nl_core_news_md")
    monkeypatch.setattr(nlp, "_is_package", lambda name: name == "nl_core_news_md")
    monkeypatch.setattr(nlp, "_package_version", lambda name: "3.8.0")
    assert nlp.installed_model("nl") == "nl_core_news_md"
    assert engine_info()["nl"] == "spaCy nl_core_news_md 3.8.0"
    loaded: list[str] = []
    monkeypatch.setattr(spacy, "load", lambda name, **kw: loaded.append(name) or spacy.blank("nl"))
    nlp.load_pipeline.__wrapped__("nl", True)  # uncached: keep the process's real pipelines
    assert loaded == ["nl_core_news_md"]


def test_analyzer_does_not_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    text = "Mail naar jan.peeters@voorbeeld.be of zie https://www.example.org, IBAN BE71 0961 2345 6769."
    (results,) = analyze_texts([text], "nl")
    assert {"EMAIL_ADDRESS", "URL", "IBAN_CODE"} <= {r.entity_type for r in results}
    assert classify_values(["a.b@c.be", "x@y.nl"]) == {"EMAIL_ADDRESS": 1.0}


def test_french_model_never_runs_on_dutch_text(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    real = nlp.load_pipeline

    def spy(language: str, ner: bool = True):  # type: ignore[no-untyped-def]
        calls.append((language, ner))
        return real(language, ner)

    monkeypatch.setattr(nlp.PiiNlpEngine, "pipeline", lambda self, lang, ner=True: spy(lang, ner))
    analyze_texts(["Jan Peeters woont in de Kerkstraat 12 te Gent."], "nl")
    assert calls and all(lang == "nl" for lang, _ in calls)
    # With the French model the Dutch sentence would be full of PER/LOC; the Dutch fallback gives the
    # names from the lists only, never from spaCy NER.
    (results,) = analyze_texts(["Het gesprek met de afdeling verliep goed."], "nl")
    assert not results


def test_analyze_texts_keeps_order_and_duplicates() -> None:
    texts = ["IBAN BE71 0961 2345 6769", "", "geen gegevens hier", "IBAN BE71 0961 2345 6769"]
    out = analyze_texts(texts, "nl")
    assert len(out) == 4
    assert [r.entity_type for r in out[0]] == ["IBAN_CODE"] == [r.entity_type for r in out[3]]
    assert out[1] == [] and out[2] == []


def test_unsupported_language_is_served_by_the_english_engine() -> None:
    (results,) = analyze_texts(["Rufen Sie +49 30 12345678 an."], "de")
    assert [r.entity_type for r in results] == ["PHONE_NUMBER"]


def test_score_threshold() -> None:
    text = "Bestelling 111222333 verzonden."  # passes the 11-proef, no BSN context: score 0.3
    assert not analyze_texts([text], "nl")[0]
    low = analyze_texts([text], "nl", score_threshold=0.2)[0]
    assert [r.entity_type for r in low] == ["NL_BSN"]


def test_get_analyzer_is_cached_and_has_all_languages() -> None:
    a = get_analyzer()
    assert a is get_analyzer()
    assert set(a.supported_languages) == {"nl", "fr", "en"}
    nl_entities = set(a.get_supported_entities("nl"))
    assert {
        "BE_NATIONAL_NUMBER",
        "IBAN_CODE",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "EMAIL_ADDRESS",
        "HEALTH",
    } <= nl_entities
    names = [r.name for r in a.registry.get_recognizers("nl", all_fields=True)]
    assert names.count("PiiScanIbanRecognizer") == 1 and names.count("PiiScanPhoneRecognizer") == 1


def test_classify_values_shares_and_checksums() -> None:
    values = ["85073003328", "85.07.30-033.28", " 85073003329 ", "", None, "01051212387"]
    # 4 non-empty values, 3 valid national numbers, one wrong checksum
    assert classify_values(values) == {"BE_NATIONAL_NUMBER": 0.75}


@pytest.mark.parametrize(
    ("values", "entity"),
    [
        (["BE0460190566", "0403.170.701"], "BE_ENTERPRISE_NUMBER"),
        (["BE71 0961 2345 6769", "NL91ABNA0417164300"], "IBAN_CODE"),
        (["0470 12 34 56", "+32 2 274 48 00", "06-12345678"], "PHONE_NUMBER"),
        (["jan@example.be", "M.Dubois@skynet.be"], "EMAIL_ADDRESS"),
        (["NL810585091B01"], "NL_VAT"),
        (["4539 1488 0343 6467"], "CREDIT_CARD"),
        (["14/03/1987", "3 januari 2021"], "DATE_TIME"),
        (["1000 Brussel", "1012 AB Amsterdam"], "POSTAL_CODE"),
        (["Kerkstraat 12", "rue de la Loi 16"], "STREET_ADDRESS"),
        (["Jan Peeters", "PEETERS Jan", "Marie Dubois"], "PERSON"),
        (["Hasselt", "Liège", "UTRECHT"], "LOCATION"),
        (["10.0.0.1", "2001:db8::1"], "IP_ADDRESS"),
        (["diabetes type 2", "Kanker"], "HEALTH"),
        (["personen ten laste"], "FAMILY_RELATION"),
    ],
)
def test_classify_values_whole_values(values: list[str], entity: str) -> None:
    assert classify_values(values).get(entity) == 1.0


def test_classify_values_rejects_wrong_checksums() -> None:
    got = classify_values(["BE0460190567", "BE71096123456768", "4539 1488 0343 6468", "85073003329"])
    assert not {"BE_ENTERPRISE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "BE_NATIONAL_NUMBER"} & set(got)


def test_classify_values_needs_the_whole_value() -> None:
    assert "IBAN_CODE" not in classify_values(["zie rekening BE71 0961 2345 6769 voor betaling"])
    assert classify_values([]) == {} and classify_values(["", None, "  "]) == {}


def test_classify_values_small_and_large_paths_agree(monkeypatch):
    """The plain-regex loop (discovery samples) and the pandas path (large columns) give the same shares."""
    import pii_scan.models.values as values_mod

    mixed = [
        "85.07.30-033.28",
        "85073003329",
        "BE71 0961 2345 6769",
        "0470 12 34 56",
        "02/274.48.00",
        "jan.peeters@example.be",
        "192.168.1.20",
        "2021-03-14",
        "14 mars 1987",
        "1000 Brussel",
        "Drukpersstraat 35",
        "diabète de type 2",
        "mijn zoon",
        "4.99",
        "hello world",
        "",
    ] * 3
    small = values_mod.classify_values(mixed)
    monkeypatch.setattr(values_mod, "SMALL_COLUMN", 0)
    assert values_mod.classify_values(mixed) == small
    assert small.get("BE_NATIONAL_NUMBER") and small.get("IBAN_CODE") and small.get("EMAIL_ADDRESS")
