"""Language detection restricted to nl/fr/en/de, None for short or ambiguous text."""

from __future__ import annotations

import pytest

from pii_scan.models.language import detect_language, detect_languages


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mijn zoon is sinds maandag opgenomen in het ziekenhuis.", "nl"),
        ("Graag had ik een attest van gezinssamenstelling ontvangen.", "nl"),
        ("Mon fils est hospitalisé depuis lundi à Namur.", "fr"),
        ("Veuillez trouver ci-joint la composition de ménage.", "fr"),
        ("Please send me a copy of my personal data.", "en"),
        ("Bitte schicken Sie mir eine Kopie meiner Daten.", "de"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", None, "ok", "Jan", "BE0460190566", "12/03/2020"])
def test_too_short_is_none(text: str | None) -> None:
    assert detect_language(text) is None


def test_detect_languages_keeps_order() -> None:
    texts = ["Ik woon al tien jaar in Brussel.", "ok", "J'habite à Bruxelles depuis dix ans.", None,
             "Ik woon al tien jaar in Brussel."]  # fmt: skip
    assert detect_languages(texts) == ["nl", None, "fr", None, "nl"]
