"""Entity-level NER evaluation of pii-scan's Dutch (or French) text path, and of a spaCy pipeline alone.

    python benchmarks/eval_ner.py PATH [--lang nl] [--pipeline-only] [--limit N]

PATH is one of:
- a CoNLL-style BIO file (token and label per line, blank line between sentences), e.g.
  ../shared/data/text/europeana_newspapers/enp_NL.kb.bio;
- a ``.conllu`` file whose MISC column carries ``NE=B-PER``-style labels;
- ``ud-dev:DATA`` for the project's own labelled UD development split (never trained on):
  ``training/ud_nl_entities.jsonl`` on the treebanks in DATA (e.g. ud-dev:../shared/data);
- ``europeana-heldout:BIO``: every fifth sentence of a Europeana BIO file, the part that
  ``training/train_nl_ner.py --europeana`` leaves out;
- a folder of deduce JSON files (../shared/data/text/deduce_dutch_regression; persoon/locatie only);
- ``markup:PATH``: the project's own written sentences in inline markup (``[Jan Peeters|PER]``,
  training/markup.py), one file or a folder of ``*.txt``, e.g. markup:benchmarks/data/nl_news_eval.

Prints, per type (PER, LOC, and ORG for the pipeline), exact-span and overlap precision, recall and F1,
and sentences per second. The text path is ``analyze_texts`` (pipeline + recognizers, as discovery,
``find`` mentions and the export use it): PERSON -> PER, LOCATION/STREET_ADDRESS -> LOC.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

Span = tuple[int, int, str]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))  # the treebank reader is the training script's


def _from_tokens(sents: list[list[tuple[str, str]]]) -> list[tuple[str, list[Span]]]:
    out = []
    for toks in sents:
        text, spans, cur, prev_end = "", [], None, 0
        for i, (word, label) in enumerate(toks):
            pos = len(text) + (1 if text else 0)
            text = (text + " " + word) if text else word
            kind = label[2:] if label[:2] in ("B-", "I-") else None
            if cur and (label.startswith("B-") or kind != cur[1]):
                spans.append((cur[0], prev_end, cur[1]))
                cur = None
            if kind and cur is None:
                cur = (pos, kind)
            prev_end = pos + len(word)
            if i == len(toks) - 1 and cur:
                spans.append((cur[0], prev_end, cur[1]))
        out.append((text, spans))
    return out


def read_bio(path: str) -> list[tuple[str, list[Span]]]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in open(path, encoding="utf8"):
        parts = line.split()
        if not parts:
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
    if cur:
        sents.append(cur)
    return _from_tokens([piece for sent in sents for piece in _split_long(sent)])


def _split_long(toks: list[tuple[str, str]], limit: int = 200) -> list[list[tuple[str, str]]]:
    """Files without sentence breaks (Europeana's BIO is one token stream) are cut after . ! ?
    outside an entity, so that a "sentence" stays a sentence."""
    if len(toks) <= limit:
        return [toks]
    out, cur = [], []
    for i, (word, label) in enumerate(toks):
        cur.append((word, label))
        nxt = toks[i + 1][1] if i + 1 < len(toks) else "O"
        if word in (".", "!", "?") and not nxt.startswith("I-"):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def read_conllu_ne(path: str) -> list[tuple[str, list[Span]]]:
    from train_nl_ner import read_conllu

    def ne(misc: str) -> str:
        return next((m[3:] for m in misc.split("|") if m.startswith("NE=")), "O")

    return _from_tokens([[(t[0], ne(t[2])) for t in sent] for sent in read_conllu(Path(path))])


def read_ud_dev(data: str) -> list[tuple[str, list[Span]]]:
    from train_nl_ner import UD_FILES, read_conllu

    texts = {n: read_conllu(Path(data) / "text" / d / n) for n, d in UD_FILES.items()}
    out = []
    for line in (ROOT / "training" / "ud_nl_entities.jsonl").read_text(encoding="utf8").splitlines():
        name, idx, split, ents = json.loads(line)
        if split != "eval":
            continue
        toks = texts[name][idx]
        labels = ["O"] * len(toks)
        for a, b, lab in ents:
            for k in range(a, b):
                labels[k] = ("B-" if k == a else "I-") + lab
        out.append(_from_tokens([[(t[0], lab) for t, lab in zip(toks, labels, strict=True)]])[0])
    return out


def read_deduce(folder: str) -> list[tuple[str, list[Span]]]:
    tags = {"persoon": "PER", "patient": "PER", "locatie": "LOC"}
    out = []
    for file in sorted(glob.glob(os.path.join(folder, "*.json"))):
        for ex in json.load(open(file, encoding="utf8"))["examples"]:
            spans = [
                (a["start_char"], a["end_char"], tags[a["tag"]])
                for a in ex["annotations"]
                if a["tag"] in tags
            ]
            out.append((ex["text"], spans))
    return out


def read_marked(path: str) -> list[tuple[str, list[Span]]]:
    from markup import read_markup

    return read_markup(path)


def load(path: str) -> list[tuple[str, list[Span]]]:
    if path.startswith("markup:"):
        return read_marked(path[7:])
    if path.startswith("europeana-heldout:"):  # the fifth of Europeana that training never sees
        return [s for i, s in enumerate(read_bio(path[18:])) if i % 5 == 0]
    if path.startswith("ud-dev:"):
        return read_ud_dev(path[7:])
    if os.path.isdir(path):
        return read_deduce(path)
    if path.endswith(".conllu"):
        return read_conllu_ne(path)
    return read_bio(path)


def _clean(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " .,;:()'\"":
        a += 1
    while b > a and text[b - 1] in " .,;:()'\"":
        b -= 1
    return a, b


def _prf(c: dict[str, int], tp_p: float, tp_r: float) -> tuple[float, float, float]:
    p = tp_p / c["pred"] if c["pred"] else 0.0
    r = tp_r / c["gold"] if c["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[list[Span]], pred: list[list[Span]], texts: list[str], types: list[str]) -> dict:
    res: dict[str, dict[str, float]] = {}
    for t in types:
        c: defaultdict[str, int] = defaultdict(int)
        for text, g, p in zip(texts, gold, pred, strict=True):
            gs = {_clean(text, a, b) for a, b, k in g if k == t}
            ps = {_clean(text, a, b) for a, b, k in p if k == t}
            c["gold"] += len(gs)
            c["pred"] += len(ps)
            c["exact"] += len(gs & ps)
            c["found"] += sum(any(a < pb and pa < b for pa, pb in ps) for a, b in gs)
            c["right"] += sum(any(a < gb and ga < b for ga, gb in gs) for a, b in ps)

        ep, er, ef = _prf(c, c["exact"], c["exact"])
        op, orr, of = _prf(c, c["right"], c["found"])
        res[t] = {"gold": c["gold"], "exact_p": ep, "exact_r": er, "exact_f": ef, "overlap_p": op,
                  "overlap_r": orr, "overlap_f": of}  # fmt: skip
    return res


def text_path(texts: list[str], lang: str) -> list[list[Span]]:
    from pii_scan.models.analyzer import analyze_texts

    kind = {"PERSON": "PER", "LOCATION": "LOC", "STREET_ADDRESS": "LOC"}
    return [[(r.start, r.end, kind[r.entity_type]) for r in rs if r.entity_type in kind]
            for rs in analyze_texts(texts, lang)]  # fmt: skip


def pipeline_only(texts: list[str], lang: str) -> list[list[Span]]:
    from pii_scan.models.nlp import load_pipeline

    nlp = load_pipeline(lang, True)
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=64)
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--pipeline-only", action="store_true", help="the spaCy pipeline alone (PER/LOC/ORG)")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    data = load(a.path)
    if a.limit:
        data = data[: a.limit]
    texts = [t for t, _ in data]
    gold = [s for _, s in data]
    from pii_scan.models.analyzer import engine_info

    run = pipeline_only if a.pipeline_only else text_path
    run(texts[:2], a.lang)  # load models before timing
    t0 = time.perf_counter()
    pred = run(texts, a.lang)
    secs = time.perf_counter() - t0
    types = ["PER", "LOC", "ORG"] if a.pipeline_only else ["PER", "LOC"]
    print(f"engine: {engine_info().get(a.lang)}; {'pipeline only' if a.pipeline_only else 'text path'}")
    print(f"{len(texts)} sentences in {secs:.1f} s: {len(texts) / secs:.0f} sentences/s")
    print(f"{'type':5} {'gold':>5}  {'exact P':>7} {'R':>5} {'F1':>5}   {'overlap P':>9} {'R':>5} {'F1':>5}")
    for t, s in score(gold, pred, texts, types).items():
        print(f"{t:5} {s['gold']:5d}  {s['exact_p']:7.3f} {s['exact_r']:5.3f} {s['exact_f']:5.3f}   "
              f"{s['overlap_p']:9.3f} {s['overlap_r']:5.3f} {s['overlap_f']:5.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
