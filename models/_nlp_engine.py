"""Presidio's spaCy engine over pii-scan's lazily loaded pipelines (imports Presidio and spaCy)."""

from __future__ import annotations

from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from .nlp import LANGUAGES, NER_IGNORE, NER_MAPPING, LazyPipelines, installed_model, load_pipeline

__all__ = ["PiiNlpEngine"]


class PiiNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine with lazy per-language pipelines and usable lemmas for blank pipelines."""

    def __init__(self) -> None:
        super().__init__(
            models=[
                {"lang_code": lang, "model_name": installed_model(lang) or f"blank:{lang}"}
                for lang in LANGUAGES
            ],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=NER_MAPPING, labels_to_ignore=NER_IGNORE
            ),
        )

    def load(self) -> None:
        self.nlp = LazyPipelines()  # type: ignore[assignment]

    def pipeline(self, language: str, ner: bool = True) -> Language:
        return load_pipeline(language, ner)

    def artifacts(self, doc: Doc, language: str) -> NlpArtifacts:
        return self._doc_to_nlp_artifact(doc, language)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        arts = super()._doc_to_nlp_artifact(doc, language)
        # Blank pipelines have no lemmatizer (empty lemmas), which would blind Presidio's context
        # enhancer; the lower-cased token is the next best thing.
        arts.lemmas = [lemma or tok.lower_ for lemma, tok in zip(arts.lemmas, doc, strict=False)]
        return arts
