"""pii-scan must not break Presidio used next to it in the same process.

Presidio's default registry finds its predefined recognizers by class name among all loaded
EntityRecognizer subclasses, so a pii-scan class reusing one of those names could be picked instead
(``ChecksumRecognizer.__init__() got an unexpected keyword argument 'name'``)."""

from __future__ import annotations

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader

import models.recognizers as pii_recognizers
from models.analyzer import get_analyzer


def _presidio_classes() -> set[str]:
    return {
        c.__name__
        for c in RecognizerListLoader.get_all_existing_recognizers()
        if c.__module__.startswith("presidio_analyzer")
    }


def _pii_scan_classes() -> set[type[EntityRecognizer]]:
    return {
        c
        for c in RecognizerListLoader.get_all_existing_recognizers()
        if c.__module__.startswith("models.recognizers")
    }


def test_pii_scan_recognizer_classes_and_names_never_reuse_presidio_ones() -> None:
    get_analyzer()
    ours = _pii_scan_classes()
    assert len(ours) >= 14  # every custom recognizer and the checksum base class were seen
    presidio = _presidio_classes()
    assert not {c.__name__ for c in ours} & presidio
    names = {r.name for r in get_analyzer().registry.recognizers if type(r) in ours}
    assert names and all(n.startswith("PiiScan") for n in names)
    assert not names & presidio


def test_plain_presidio_analyzer_works_after_importing_pii_scan() -> None:
    assert pii_recognizers.CUSTOM_RECOGNIZERS  # pii-scan imported and its analyzer built
    get_analyzer()
    # Presidio's default registry and recognizers; only the spaCy model is a blank one, because the
    # default en_core_web_lg would be downloaded and the tests never touch the network.
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "en_blank"}])
    nlp_engine.nlp = {"en": spacy.blank("en")}
    engine = AnalyzerEngine(nlp_engine=nlp_engine)
    names = {r.name for r in engine.registry.recognizers}
    assert "CreditCardRecognizer" in names and "IbanRecognizer" in names
    assert not any(n.startswith("PiiScan") for n in names)
    text = "Mail john@example.com, card 4111 1111 1111 1111, IBAN GB33BUKB20201555555555."
    found = {r.entity_type for r in engine.analyze(text, language="en")}
    assert {"EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE"} <= found
