"""The inline entity markup of the project's own written sentences (training/markup.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
from markup import MarkupError, parse_line, read_markup  # noqa: E402


def test_spans_point_at_the_surface_text() -> None:
    text, spans = parse_line("[Bart De Wever|PER] sprak in [Sint-Niklaas|LOC] met [Radio Brussel|ORG].")
    assert text == "Bart De Wever sprak in Sint-Niklaas met Radio Brussel."
    assert [(text[a:b], lab) for a, b, lab in spans] == [
        ("Bart De Wever", "PER"), ("Sint-Niklaas", "LOC"), ("Radio Brussel", "ORG"),
    ]  # fmt: skip


@pytest.mark.parametrize("bad", ["[Gent|CITY] is mooi.", "[ Gent|LOC] is mooi.", "Gent] is mooi.", "a | b"])
def test_malformed_lines_are_refused(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse_line(bad)


def test_folder_reads_txt_files_in_order_and_names_the_bad_line(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("# comment\n\n[Luik|LOC] ligt aan de Maas.\n", encoding="utf8")
    (tmp_path / "a.txt").write_text("[Jan|PER] komt.\n", encoding="utf8")
    assert [t for t, _ in read_markup(tmp_path)] == ["Jan komt.", "Luik ligt aan de Maas."]
    (tmp_path / "c.txt").write_text("ok\n[x|FOO]\n", encoding="utf8")
    with pytest.raises(MarkupError, match=r"c\.txt:2"):
        read_markup(tmp_path)


def _eval_ner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_ner", ROOT / "benchmarks" / "eval_ner.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_ner_scores_a_markup_file(tmp_path: Path) -> None:
    f = tmp_path / "set.txt"
    f.write_text(
        "Schepen [Nathalie Van den Broeck|PER] ([Vooruit|ORG]) opende in [Luik|LOC] een school.\n"
        "Volgens [Maes|PER] zwom [Ayşe Yılmaz|PER] in de [Schelde|LOC].\n",
        encoding="utf8",
    )
    ev = _eval_ner()
    data = ev.load(f"markup:{f}")
    texts, gold = [t for t, _ in data], [s for _, s in data]
    assert texts[1] == "Volgens Maes zwom Ayşe Yılmaz in de Schelde."
    perfect = ev.score(gold, gold, texts, ["PER", "LOC", "ORG"])
    assert perfect["PER"]["gold"] == 3 and perfect["LOC"]["gold"] == 2
    assert all(s["exact_f"] == 1.0 and s["overlap_f"] == 1.0 for s in perfect.values())
    # Maes missed, and "Ayşe" alone predicted: exact recall 1/3, overlap still finds Ayşe Yılmaz.
    text = texts[1]
    a = text.index("Ayşe")
    pred = [gold[0], [(a, a + 4, "PER"), *[s for s in gold[1] if s[2] == "LOC"]]]
    per = ev.score(gold, pred, texts, ["PER"])["PER"]
    assert per["exact_r"] == 1 / 3 and per["exact_p"] == 1 / 2
    assert per["overlap_r"] == 2 / 3 and per["overlap_p"] == 1.0
