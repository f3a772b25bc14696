"""News-style training sentences (training/train_nl_ner.py --news): sentences that name a person or an
organisation of the news evaluation set are left out of training, places are not a reason."""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from train_nl_ner import news_docs, surname_copies  # noqa: E402


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


def test_surname_copies_name_the_person_by_the_surname_alone() -> None:
    nlp = spacy.blank("nl")
    doc = nlp.make_doc("Schepen Nathalie Van den Broeck opende in Gent de markt.")
    doc.ents = [doc.char_span(8, 31, label="PER"), doc.char_span(42, 46, label="LOC")]
    (copy,) = surname_copies(nlp, [doc], set())
    assert copy.text == "Schepen Van den Broeck opende in Gent de markt."
    assert [(e.text, e.label_) for e in copy.ents] == [("Van den Broeck", "PER"), ("Gent", "LOC")]
    assert surname_copies(nlp, [doc], {"van den broeck"}) == []  # a held-out surname makes no copy
    lone = nlp.make_doc("Peeters en J. Claes kwamen.")
    lone.ents = [lone.char_span(0, 7, label="PER"), lone.char_span(11, 19, label="PER")]
    assert surname_copies(nlp, [lone], set()) == []  # nothing to cut: no copy
