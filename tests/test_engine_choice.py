"""The Dutch engine is chosen by measurement when the user installed another pipeline (models/choose.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pii_scan.models import choose, nlp


def _candidate(path: Path, name: str, patterns: list[dict]) -> str:
    pipe = spacy.blank("nl")
    pipe.meta["name"] = name
    pipe.meta["version"] = "9.9.9"
    if patterns:
        ruler = pipe.add_pipe("entity_ruler")
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    pipe.to_disk(path)
    return str(path)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PII_SCAN_NL_PIPELINE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pii-scan" / "engine-choice.json"


def test_dev_sample_ships_with_the_package() -> None:
    rows = choose.DEV_SAMPLE["nl"].read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 1000
    first = json.loads(rows[0])
    a, b, label = first["ents"][0]
    assert label in {"PER", "LOC", "ORG", "MISC"} and 0 <= a < b <= len(first["text"])


def test_shipped_pipeline_beats_a_pipeline_without_ner(cache: Path, tmp_path: Path, monkeypatch) -> None:
    blank = _candidate(tmp_path / "blank", "nl_core_news_blank", [])
    monkeypatch.setattr(nlp, "installed_candidates", lambda lang: [blank] if lang == "nl" else [])
    assert nlp.installed_model("nl") == str(nlp.SHIPPED_PIPELINES["nl"])
    described = nlp.engine_description("nl")
    assert "pii_scan_nl_ner" in described and "chosen over nl_core_news_blank 0.00" in described
    assert cache.is_file()


def test_a_better_installed_pipeline_serves_and_the_report_says_so(cache: Path, tmp_path, monkeypatch):
    # a pipeline that knows every person and place of the sample by heart beats any trained model
    rows = [json.loads(r) for r in choose.DEV_SAMPLE["nl"].read_text(encoding="utf-8").splitlines()]
    names = {(r["text"][a:b], lab) for r in rows for a, b, lab in r["ents"] if lab in ("PER", "LOC")}
    tok = spacy.blank("nl").tokenizer
    patterns = [{"label": lab, "pattern": [{"ORTH": t.text} for t in tok(s)]} for s, lab in sorted(names)]
    oracle = _candidate(tmp_path / "oracle", "nl_core_news_oracle", patterns)
    monkeypatch.setattr(nlp, "installed_candidates", lambda lang: [oracle] if lang == "nl" else [])
    assert nlp.installed_model("nl") == oracle
    choice = nlp.engine_choice("nl")
    shipped = str(nlp.SHIPPED_PIPELINES["nl"])
    assert choice is not None and choice["scores"][oracle] > choice["scores"][shipped]
    assert "chosen over pii_scan_nl_ner" in nlp.engine_description("nl")
    # measured once: the next process reads the cache and scores nothing
    monkeypatch.setattr(choose, "score_pipeline", lambda *a: pytest.fail("scored again"))
    again = choose.choose("nl", str(nlp.SHIPPED_PIPELINES["nl"]), [oracle])
    assert again["model"] == oracle


def test_an_explicit_choice_is_not_second_guessed(cache: Path, tmp_path: Path, monkeypatch) -> None:
    blank = _candidate(tmp_path / "blank2", "nl_core_news_blank2", [])
    monkeypatch.setattr(nlp, "installed_candidates", lambda lang: [blank] if lang == "nl" else [])
    monkeypatch.setenv("PII_SCAN_NL_PIPELINE", blank)
    assert nlp.installed_model("nl") == blank
    assert nlp.engine_choice("nl") is None and not cache.exists()
