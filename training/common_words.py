"""The Dutch common-word list behind models/data/nl_common_words.txt, rebuilt from the sources.

    python training/common_words.py --data ../shared/data

Words written in lower case at least twice in the UD Dutch training sentences (never the eval split;
CC BY-SA 4.0) and in the Europeana Dutch newspapers (CC0). A capitalised word that opens a sentence and is
on this list ("Sindsdien", "Gedrag") is an ordinary word, not a name (models/reconcile.py)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from train_nl_ner import UD_FILES, read_conllu  # noqa: E402

WORD = re.compile(r"^[a-zà-öø-ÿ][a-zà-öø-ÿ'-]+$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=HERE.parent / "models" / "data" / "nl_common_words.txt")
    ap.add_argument("--min-count", type=int, default=2)
    a = ap.parse_args(argv)
    held_out = set()
    for line in (HERE / "ud_nl_entities.jsonl").read_text(encoding="utf8").splitlines():
        name, idx, split, _ = json.loads(line)
        if split == "eval":
            held_out.add((name, idx))
    counts: Counter[str] = Counter()
    for name, folder in UD_FILES.items():
        for idx, sent in enumerate(read_conllu(a.data / "text" / folder / name)):
            if (name, idx) not in held_out:
                counts.update(t[0] for t in sent if WORD.match(t[0]))
    bio = a.data / "text" / "europeana_newspapers" / "enp_NL.kb.bio"
    for line in bio.read_text(encoding="utf8").splitlines():
        word = line.split(" ")[0]
        if WORD.match(word):
            counts[word] += 1
    words = sorted(w for w, n in counts.items() if n >= a.min_count)
    a.out.write_text(
        "# Dutch words seen in lower case (training/common_words.py; UD Dutch CC BY-SA 4.0, Europeana CC0)\n"
        + "\n".join(words) + "\n",
        encoding="utf8",
    )
    print(f"{len(words)} words -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
