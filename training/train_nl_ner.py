"""Rebuild the Dutch NER pipeline that pii-scan ships (models/nl_ner), reproducibly.

    python training/train_nl_ner.py --data ../shared/data [--out models/nl_ner] [--seed 0]

Training data, all licensed for shipping the result (see ../shared/data/README.md):
- UD Dutch Alpino and LassySmall (CC BY-SA 4.0): the sentences, with the project's own PER/LOC/ORG/MISC
  labels on their proper-name spans (``training/ud_nl_entities.jsonl``: file, sentence number, split,
  token spans), labelled by the project's helper sessions under ``training/GUIDELINES.md``;
- generated Belgian/Dutch letter and CRM sentences (``training/generated.py``, Faker names);
- Belgian-news-style sentences the project wrote (``training/news``, MIT), less every one that names a
  person or organisation of the news evaluation set (``benchmarks/data/nl_news_eval``).
The ``eval`` split (all of Alpino test + 500 LassySmall test sentences) is never trained on; its
scores are written to the pipeline's meta.json. CoNLL-2002 and WikiNEuRal are not used for anything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.cli.init_config import init_config
from spacy.tokens import Doc, DocBin
from spacy.training import Example

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from augment import augment  # noqa: E402
from generated import generate  # noqa: E402
from markup import read_markup  # noqa: E402

VERSION = "0.1.0"  # the shipped pipeline; 0.2.0 is the news-trained candidate (README)
NEWS_EVAL = HERE.parent / "benchmarks" / "data" / "nl_news_eval"
HELD_OUT = "held_out.names"  # in the --news folder: eval names of earlier versions of the eval set
UD_FILES = {
    "nl_alpino-ud-dev.conllu": "ud_dutch_alpino", "nl_alpino-ud-test.conllu": "ud_dutch_alpino",
    "nl_lassysmall-ud-dev.conllu": "ud_dutch_lassysmall", "nl_lassysmall-ud-test.conllu": "ud_dutch_lassysmall",
    "nl_lassysmall-ud-train-2016.conllu": "ud_dutch_lassysmall",
}  # fmt: skip


def read_conllu(path: Path) -> list[list[tuple[str, bool, str]]]:
    """Sentences as (form, space_after, misc) tokens; multiword-token and empty-node lines skipped."""
    sents, cur = [], []
    for line in path.read_text(encoding="utf8").splitlines():
        if not line or line.startswith("#"):
            if cur:
                sents.append(cur)
                cur = []
            continue
        f = line.split("\t")
        if "-" in f[0] or "." in f[0]:
            continue
        cur.append((f[1], "SpaceAfter=No" not in f[9], f[9]))
    if cur:
        sents.append(cur)
    return sents


def ud_docs(nlp: spacy.Language, data: Path, extra: list[Path]) -> tuple[list[Doc], list[Doc]]:
    texts = {name: read_conllu(data / "text" / folder / name) for name, folder in UD_FILES.items()}
    train, dev = [], []
    lines = []
    for path in [HERE / "ud_nl_entities.jsonl", *extra]:
        lines += path.read_text(encoding="utf8").splitlines()
    for line in lines:
        name, idx, split, ents = json.loads(line)
        toks = texts[name][idx]
        doc = Doc(nlp.vocab, words=[t[0] for t in toks], spaces=[t[1] for t in toks])
        doc.ents = [
            doc.char_span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), label=lab) for a, b, lab in ents
        ]
        (dev if split == "eval" else train).append(doc)
    return train, dev


def generated_docs(nlp: spacy.Language, n: int, seed: int) -> list[Doc]:
    docs = []
    for text, spans in generate(n, seed):
        doc = nlp.make_doc(text)
        ents = [doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in spans]
        doc.ents = [e for e in ents if e is not None]
        docs.append(doc)
    return docs


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def held_out_names(exclude: Path | None, also: Path | None = None) -> set[str]:
    """Person and organisation names of the news evaluation set, and those of ``also`` (one a line): the
    names the set held when a shipped pipeline was trained, kept out even after the set is edited."""
    held = set()
    if exclude is not None:
        held = {_key(t[a:b]) for t, sp in read_markup(exclude) for a, b, lab in sp if lab in ("PER", "ORG")}
    if also is not None and also.is_file():
        lines = also.read_text(encoding="utf8").splitlines()
        held |= {_key(n) for n in lines if n.strip() and not n.startswith("#")}
    return held


def news_docs(
    nlp: spacy.Language, folder: Path, exclude: Path | None, also: Path | None = None
) -> tuple[list[Doc], int]:
    """The project's own Belgian-news-style sentences (markup, training/markup.py). A sentence naming a
    person or organisation that the news evaluation set also names is left out, so that the evaluation
    measures names the model never saw in training. Returns the docs and how many were left out."""
    held = held_out_names(exclude, also)
    docs, dropped = [], 0
    for text, spans in read_markup(folder):
        if any(lab in ("PER", "ORG") and _key(text[a:b]) in held for a, b, lab in spans):
            dropped += 1
            continue
        doc = nlp.make_doc(text)
        ents = [doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in spans]
        doc.ents = [e for e in ents if e is not None]
        docs.append(doc)
    return docs, dropped


def surname_copies(nlp: spacy.Language, docs: list[Doc], held: set[str]) -> list[Doc]:
    """Second mentions: a copy of every news sentence whose full names ("Guy Verhofstadt", "Nathalie Van
    den Broeck") are cut to the surname ("Verhofstadt", "Van den Broeck"). The written news names a person
    in full nearly every time, so without them a lone capitalised word is learnt as a place or an
    organisation ("Volgens Verhofstadt" as ORG), unlike real news and the UD text."""
    out = []
    for doc in docs:
        parts, ents, changed, held_name, pos = [], [], False, False, 0
        for e in doc.ents:
            words = e.text.split()
            keep = e.text
            if e.label_ == "PER" and len(words) >= 2 and not words[0].endswith("."):
                keep = " ".join(words[1:])  # the first name goes; particles stay with the surname
                changed, held_name = True, held_name or _key(keep) in held
            parts.append(doc.text[pos : e.start_char])
            start = sum(map(len, parts))
            parts.append(keep)
            ents.append((start, start + len(keep), e.label_))
            pos = e.end_char
        if not changed or held_name:
            continue
        parts.append(doc.text[pos:])
        copy = nlp.make_doc("".join(parts))
        spans = [copy.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in ents]
        copy.ents = [sp for sp in spans if sp is not None]
        out.append(copy)
    return out


def europeana_docs(nlp: spacy.Language, data: Path) -> list[Doc]:
    """Europeana's Dutch newspapers (CC0), four sentences of every five (the fifth is held out, see
    benchmarks/eval_ner.py ``europeana-heldout:``). Its labels are sparse, so only the labelled spans
    teach: every other token is left missing, not taught as outside a name."""
    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    from eval_ner import read_bio

    docs = []
    bio = data / "text" / "europeana_newspapers" / "enp_NL.kb.bio"
    for i, (text, spans) in enumerate(read_bio(str(bio))):
        if i % 5 == 0 or not spans:
            continue
        doc = nlp.make_doc(text)
        ents = [doc.char_span(a, b, label=lab, alignment_mode="contract") for a, b, lab in spans]
        doc.set_ents([e for e in ents if e is not None], default="missing")
        docs.append(doc)
    return docs


def data_hash(docs: list[Doc]) -> str:
    """A fingerprint of the training data in its training order (texts and entity spans), so that two
    commands can be shown to train on the same data without training twice."""
    h = hashlib.sha256()
    for d in docs:
        ents = [[e.start_char, e.end_char, e.label_] for e in d.ents]
        h.update(json.dumps([d.text, ents, [t.ent_iob_ for t in d]], ensure_ascii=False).encode("utf8"))
    return h.hexdigest()


def write_dev_sample(dev: list[Doc], path: Path) -> None:
    """The eval split as text + character spans: the sample pii-scan compares pipelines on at run time
    (models/choose.py), shipped under the treebanks' CC BY-SA 4.0."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf8") as f:
        for d in dev:
            ents = [[e.start_char, e.end_char, e.label_] for e in d.ents]
            f.write(json.dumps({"text": d.text, "ents": ents}, ensure_ascii=False) + "\n")


def score(nlp: spacy.Language, docs: list[Doc]) -> dict:
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    s = nlp.evaluate(examples)
    return {"ents_p": s["ents_p"], "ents_r": s["ents_r"], "ents_f": s["ents_f"],
            "ents_per_type": s["ents_per_type"]}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=HERE.parent / "models" / "nl_ner")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--generated", type=int, default=1500, help="generated sentences added to training")
    ap.add_argument("--max-epochs", type=int, default=20)
    ap.add_argument(
        "--extra-labels",
        type=Path,
        nargs="*",
        default=[],
        help="more labelled sentences (e.g. training/ud_nl_entities.batch3.jsonl; not in the shipped model)",
    )
    ap.add_argument("--augment", type=int, default=0, help="renamed copies of each UD sentence with a person")
    ap.add_argument("--europeana", action="store_true", help="add Europeana NL (CC0) as partial labels")
    ap.add_argument(
        "--news", type=Path, default=None, help="Belgian-news-style markup sentences (e.g. training/news)"
    )
    ap.add_argument("--version", default=VERSION, help="version written into meta.json")
    ap.add_argument(
        "--exclude-markup",
        type=Path,
        default=NEWS_EVAL,
        help="evaluation markup (folder or file): news sentences sharing a PER/ORG name with it are left out",
    )
    ap.add_argument("--width", type=int, default=96, help="tok2vec width")
    ap.add_argument("--depth", type=int, default=4, help="tok2vec depth")
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument(
        "--no-surname-copies",
        dest="surname_copies",
        action="store_false",
        help="no second-mention copies of the news sentences (full names cut to the surname)",
    )
    ap.add_argument(
        "--check-data", action="store_true", help="print the training data's fingerprint and stop"
    )
    a = ap.parse_args(argv)
    if not (a.data / "text" / "ud_dutch_alpino").is_dir():
        print(f"error: {a.data}: no UD Dutch treebanks there (give --data ../shared/data)", file=sys.stderr)
        return 2
    if a.news and not a.exclude_markup.exists():
        print(f"error: {a.exclude_markup}: no news evaluation set to keep out of training", file=sys.stderr)
        return 2
    random.seed(a.seed)
    nlp = spacy.blank("nl")
    train, dev = ud_docs(nlp, a.data, a.extra_labels)
    train += augment(train, a.augment, a.seed + 2)
    train += generated_docs(nlp, a.generated, a.seed + 1)
    if a.europeana:
        train += europeana_docs(nlp, a.data)
    news, dropped = news_docs(nlp, a.news, a.exclude_markup, a.news / HELD_OUT) if a.news else ([], 0)
    copies = surname_copies(nlp, news, held_out_names(a.exclude_markup, a.news / HELD_OUT)) if a.news else []
    train += news + (copies if a.surname_copies else [])
    if a.news:
        print(f"news: {len(news)} sentences trained on, {dropped} left out (a PER/ORG name of the eval set)")
        print(f"surname copies: {len(copies) if a.surname_copies else 0}")
    random.Random(a.seed).shuffle(train)
    fingerprint = data_hash(train)
    print(f"training data: {len(train)} sentences, sha256 {fingerprint}")
    if a.check_data:
        return 0
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        DocBin(docs=train).to_disk(tmpd / "train.spacy")
        DocBin(docs=dev).to_disk(tmpd / "dev.spacy")
        cfg = init_config(lang="nl", pipeline=["ner"], optimize="efficiency", gpu=False)
        cfg["paths"]["train"] = str(tmpd / "train.spacy")
        cfg["paths"]["dev"] = str(tmpd / "dev.spacy")
        cfg["system"]["seed"] = a.seed
        cfg["components"]["tok2vec"]["model"]["embed"]["width"] = a.width
        cfg["components"]["tok2vec"]["model"]["encode"]["width"] = a.width
        cfg["components"]["tok2vec"]["model"]["encode"]["depth"] = a.depth
        cfg["training"]["max_epochs"] = a.max_epochs
        cfg["training"]["dropout"] = a.dropout
        cfg["training"]["max_steps"] = 0
        cfg["training"]["patience"] = 3000
        cfg["training"]["eval_frequency"] = 400
        cfg.to_disk(tmpd / "config.cfg")
        from spacy.cli.train import train as spacy_train

        spacy_train(tmpd / "config.cfg", tmpd / "out", use_gpu=-1)
        best = spacy.load(tmpd / "out" / "model-best")
    seconds = time.time() - t0
    scores = score(best, dev)
    command = " ".join(["python training/train_nl_ner.py", *(sys.argv[1:] if argv is None else argv)])
    news_source = [{"name": "pii-scan Belgian-news-style sentences written by the project (markup)",
                    "license": "MIT", "note": f"{len(news)} sentences; {dropped} left out for sharing a"
                    " PER/ORG name with the news evaluation set"}] if a.news else []  # fmt: skip
    best.meta.update({
        "name": "pii_scan_nl_ner", "version": a.version, "license": "CC BY-SA 4.0",
        "author": "pii-scan", "description": "Dutch NER (PER, LOC, ORG, MISC) trained by pii-scan",
        "sources": [
            {"name": "UD Dutch Alpino (dev, test) and LassySmall (dev, test, train-2016)", "license": "CC BY-SA 4.0",
             "note": "sentences only; entity labels made by the pii-scan project"},
            {"name": "pii-scan generated letters and CRM notes (Faker nl_BE/nl_NL/fr_BE)", "license": "MIT"},
            *news_source,
        ],
        "training": {"seed": a.seed, "augment": a.augment, "europeana": a.europeana, "width": a.width,
                     "depth": a.depth, "dropout": a.dropout, "epochs": a.max_epochs,
                     "extra_labels": [p.name for p in a.extra_labels], "news_docs": len(news),
                     "news_left_out": dropped, "surname_copies": len(copies) if a.surname_copies else 0,
                     "train_docs": len(train), "eval_docs": len(dev),
                     "data_sha256": fingerprint, "seconds": round(seconds), "command": command},
        "eval_scores": scores,
    })  # fmt: skip
    if a.out.exists():
        shutil.rmtree(a.out)
    write_dev_sample(dev, a.out.parent / "data" / "nl_ner_dev.jsonl")
    best.to_disk(a.out)
    (a.out / "LICENSE").write_text(
        "This pipeline is licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/):\n"
        "it was trained on text of the Universal Dependencies Dutch Alpino and LassySmall treebanks\n"
        "(CC BY-SA 4.0) with entity labels made by the pii-scan project, and on text the project generated\n"
        "or wrote itself (MIT).\n",
        encoding="utf8",
    )
    print(json.dumps({k: round(v, 4) for k, v in scores.items() if k != "ents_per_type"}))
    for k, v in scores["ents_per_type"].items():
        print(f"{k}: P {v['p']:.3f} R {v['r']:.3f} F {v['f']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
