"""News-style training sentences (training/train_nl_ner.py --news): sentences that name a person or an
organisation of the news evaluation set are left out of training, places are not a reason."""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from train_nl_ner import news_docs  # noqa: E402


def test_sentences_sharing_a_person_or_organisation_with_the_eval_set_are_left_out(tmp_path: Path) -> None:
    train = tmp_path / "train"
    train.mkdir()
    (train / "batch_01.txt").write_text(
        "[Jan Peeters|PER] werkt in [Gent|LOC].\n"  # same person as the eval set (other case, spacing)
        "[Colruyt|ORG] opent een winkel in [Aalst|LOC].\n"  # same organisation
        "[An Claes|PER] woont in [Gent|LOC].\n"  # only the place is shared: kept
        "# a comment line\n"
        "Het regent.\n",
        encoding="utf8",
    )
    evald = tmp_path / "eval"
    evald.mkdir()
    (evald / "part_01.txt").write_text(
        "Volgens [jan  peeters|PER] sluit [Colruyt|ORG] in [Gent|LOC].\n", encoding="utf8"
    )
    docs, dropped = news_docs(spacy.blank("nl"), train, evald)
    assert dropped == 2
    assert [d.text for d in docs] == ["An Claes woont in Gent.", "Het regent."]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("An Claes", "PER"), ("Gent", "LOC")]
    kept, none_dropped = news_docs(spacy.blank("nl"), train, None)
    assert len(kept) == 4 and none_dropped == 0
    # a name an earlier version of the eval set held stays out after the set was edited
    held = tmp_path / "held_out.names"
    held.write_text("# names\nAn Claes\n", encoding="utf8")
    docs, dropped = news_docs(spacy.blank("nl"), train, evald, held)
    assert dropped == 3 and [d.text for d in docs] == ["Het regent."]
